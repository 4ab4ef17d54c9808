"""Sentences of the docs that no other test held: the command's options as
the guide lists them, the module paths and layers ARCHITECTURE.md names, the
links between pages, the environment variables the pages mention, and the
few behaviours stated in prose only.

Each test reads the sentence from the page where it can, so that a changed
page or a changed command makes it fail.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nailgun_hooks import BaseExtension, build_manager, cli, hookimpl, load_extensions
from nailgun_hooks.inmemory import MemoryNode
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.types import ClusterData
from tests.support.dists import DistFactory
from tests.support.venv import ROOT
from tests.test_architecture import LAYERS, PUBLIC_MODULES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

GUIDE = ROOT / "docs" / "guide.md"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
AUDITED = [
    ROOT / "README.md",
    ROOT / "ARCHITECTURE.md",
    ROOT / "example_logging_ext" / "README.md",
    ROOT / "benchmarks" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]


def page_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the command: options in --help and in the guide's table -----------------


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (action,) = (
        a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
    )
    return dict(action.choices)


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    """Each option's spellings, help and --debug left out (every command has
    them, and the guide says so once)."""
    return [
        tuple(action.option_strings)
        for action in parser._actions
        if action.option_strings and action.dest not in {"help", "debug"}
    ]


def _command_rows() -> dict[str, str]:
    """The guide's command table: command -> its whole row."""
    rows = {}
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `nailgun-hooks (\w+)[^`]*` \|", line)
        if match:
            rows[match[1]] = line
    return rows


def _guide_after_table() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("## The nailgun-hooks command", 1)[1]


def test_the_guide_has_a_row_for_every_command_and_no_other() -> None:
    assert sorted(_command_rows()) == sorted(_subparsers())


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_option_of_a_command_is_in_the_guide(command: str) -> None:
    row = _command_rows()[command]
    shared = _guide_after_table().split("Exit codes:", 1)[0]
    for spellings in _options(_subparsers()[command]):
        in_row = any(f"`{s}" in row or f"[{s}" in row for s in spellings)
        # options every command of a list takes are named once, after the
        # table: "`list`, `check`, ... take `--namespace GROUP`"
        sentence = next(
            (
                s
                for s in re.split(r"(?<=\.)\s", shared)
                if any(f"`{o}" in s for o in spellings)
            ),
            "",
        )
        assert in_row or f"`{command}`" in sentence, (
            f"'nailgun-hooks {command} {spellings[-1]}' is not in the guide"
        )


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_every_option_the_guide_shows_exists(command: str) -> None:
    synopsis = re.match(r"^\| `([^`]*)` \|", _command_rows()[command])
    assert synopsis is not None
    known = {s for spellings in _options(_subparsers()[command]) for s in spellings}
    shown = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", synopsis[1]))
    assert shown <= known, f"{command}: the guide shows {shown - known}"


def test_every_command_takes_debug_and_the_top_level_version() -> None:
    """ "every command takes `--debug` for tracebacks"; `--version`."""
    text = _guide_after_table()
    assert "every command takes `--debug`" in text
    for parser in _subparsers().values():
        assert any(a.dest == "debug" for a in parser._actions)
    assert "`nailgun-hooks --version`" in text


def test_version_prints_the_running_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from nailgun_hooks import __version__

    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"nailgun-hooks {__version__}"


def test_the_exit_codes_in_help_are_the_guides() -> None:
    help_text = cli.build_parser().format_help()
    for line in cli.EXIT_CODES.splitlines()[1:]:
        code, meaning = line.split(None, 1)
        assert re.search(rf"^  {code}  {re.escape(meaning)}$", help_text, re.M)
        assert f"| {code} | {meaning} |" in GUIDE.read_text(encoding="utf-8")
    assert (cli.EXIT_OK, cli.EXIT_PROBLEMS, cli.EXIT_USAGE, cli.EXIT_INTERNAL) == (
        0,
        1,
        2,
        3,
    )


# --- ARCHITECTURE.md: module paths and layers --------------------------------


def _architecture_paths() -> list[str]:
    """`layer/module` and `layer/module.name` references of the page."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return sorted(
        set(re.findall(r"`((?:startup|calls|spec|nailgun|cli)/[\w.]+)`", text))
    )


@pytest.mark.parametrize("reference", _architecture_paths())
def test_every_module_path_in_architecture_exists(reference: str) -> None:
    folder, _, rest = reference.partition("/")
    if rest.endswith(".py"):
        assert (ROOT / "nailgun_hooks" / folder / rest).is_file(), reference
        return
    module_name, _, attribute = rest.partition(".")
    module = importlib.import_module(f"nailgun_hooks.{folder}.{module_name}")
    if attribute:
        assert hasattr(module, attribute), reference


def test_dotted_names_in_architecture_exist() -> None:
    """Names written as `module.name` outside the layer/path form."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    assert "`hostversion.check_host_requirement`" in text
    from nailgun_hooks.startup import hostversion

    assert callable(hostversion.check_host_requirement)
    assert "`calls/scopes.LoadedExtensions`" in text
    assert "`_version.__version__`" in text


def _diagram_layers() -> list[str]:
    """The layers of the diagram, top (cli) to bottom (base)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    diagram = text.split("```", 2)[1]
    found = []
    for line in diagram.splitlines():
        # the layer is drawn left of its description, two spaces or more away
        head = re.split(r"\s{2,}", line.strip())[0]
        if head.startswith("base:"):
            found.append("base")
        elif "->" in head:
            found += [part.strip() for part in head.split("->")]
        elif re.fullmatch(r"\w+/?", head):
            found.append(head.rstrip("/"))
    return found


def test_the_diagram_orders_the_layers_as_the_architecture_test_does() -> None:
    assert _diagram_layers() == [name for name, _ in reversed(LAYERS)]


def test_the_base_layer_is_the_one_the_architecture_test_checks() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    listed = re.search(r"\*\*base\*\* \(([^)]*)\)", text)
    assert listed is not None
    names = set(re.findall(r"`(\w+)`", listed[1]))
    assert names == dict(LAYERS)["base"]


def test_the_supported_import_paths_are_the_public_modules() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Public surface", 1)[1].split("##", 1)[0]
    names = section.split("The layer folders", 1)[0]
    listed = {f"nailgun_hooks.{n}" for n in re.findall(r"`(\w+)`", names)}
    listed = {
        "nailgun_hooks" if n == "nailgun_hooks.nailgun_hooks" else n for n in listed
    }
    assert listed == set(PUBLIC_MODULES)


def test_the_deprecation_policy_covers_the_public_modules() -> None:
    """The policy and ARCHITECTURE.md agree on what may not change without
    a deprecation period."""
    text = (ROOT / "docs" / "deprecation.md").read_text(encoding="utf-8")
    covered = text.split("## What is covered", 1)[1].split("##", 1)[0]
    modules = set(re.findall(r"`(nailgun_hooks(?:\.[a-z]\w*)?)`", covered))
    assert modules == set(PUBLIC_MODULES)


def _covered_names() -> dict[str, set[str]]:
    """Each public module of the policy's list, with the names it lists."""
    text = (ROOT / "docs" / "deprecation.md").read_text(encoding="utf-8")
    covered = text.split("## What is covered", 1)[1].split("##", 1)[0]
    listed = covered.split("exactly these:", 1)[1].split("\n- ", 1)[0]
    found = {}
    for item in re.split(r"\n  - ", listed)[1:]:
        module, _, names = re.sub(r"^and, .*?,\s*", "", item, flags=re.S).partition(":")
        found[module.strip("`")] = set(re.findall(r"`(\w+)`", names))
    return found


def test_the_deprecation_policy_lists_exactly_the_public_names() -> None:
    """Adding a name to a public module's ``__all__`` is a promise: the
    policy must list it (and nothing that is not exported)."""
    covered = _covered_names()
    assert set(covered) == set(PUBLIC_MODULES)
    for module, names in covered.items():
        exported = set(importlib.import_module(module).__all__)
        if module == "nailgun_hooks.hookspecs":
            assert not names and exported == set(specs()), module
        elif module == "nailgun_hooks.compat":
            assert names <= exported, module
            rest = exported - names
            assert rest and all(n.startswith("fire_callback_on_") for n in rest)
        else:
            assert names == exported, module


def test_the_fallback_and_newest_pluggy_environments_run_by_default() -> None:
    """ARCHITECTURE.md: ``fallback`` runs the whole suite with every private
    name out of reach, ``pluggy-pre`` against the newest pluggy, pre-releases
    included; CI runs tox's default list."""
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    (env_list,) = re.findall(r"^env_list = (.*)$", tox, re.M)
    assert {"fallback", "pluggy-pre"} <= set(env_list.split(", "))
    fallback = tox.split("[testenv:fallback]", 1)[1].split("\n[", 1)[0]
    assert "NAILGUN_HOOKS_PUBLIC_PLUGGY_ONLY = 1" in fallback
    newest = tox.split("[testenv:pluggy-pre]", 1)[1].split("\n[", 1)[0]
    assert "pip install -q --pre -U pluggy" in newest


def _internals(value: str | None) -> dict[str, object]:
    env = {
        k: v for k, v in os.environ.items() if k != "NAILGUN_HOOKS_PUBLIC_PLUGGY_ONLY"
    }
    if value is not None:
        env["NAILGUN_HOOKS_PUBLIC_PLUGGY_ONLY"] = value
    code = (
        "import json, nailgun_hooks._pluggy_internals as p\n"
        "print(json.dumps({'call_loop': p.CALL_LOOP,"
        " 'reorder': p.REORDER,"
        " 'multicall': p.multicall is not None,"
        " 'static': p.static_hook_attr is not None,"
        " 'stevedore': p._STEVEDORE_LOAD_ONE}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_public_pluggy_only_turns_every_private_name_off() -> None:
    """ "Setting NAILGUN_HOOKS_PUBLIC_PLUGGY_ONLY=1 turns all of them off.\""""
    assert set(_internals("1").values()) == {False}
    assert set(_internals("0").values()) == {True}
    assert set(_internals(None).values()) == {True}


# --- links and names between pages -------------------------------------------

LINK = re.compile(r"\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's (and MyST's) heading slugs of a markdown page."""
    slugs = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+ (.*)$", line)
        if heading:
            slug = heading[1].strip().lower()
            slug = re.sub(r"[^\w\- ]", "", slug).replace(" ", "-")
            slugs.add(slug)
    return slugs


@pytest.mark.parametrize("page", AUDITED, ids=page_id)
def test_links_between_pages_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page_id(page)} links to {target}: no such file"
        if anchor:
            assert linked.suffix == ".md", target
            assert anchor in _anchors(linked), (
                f"{page_id(page)} links to {target}: no such heading"
            )


@pytest.mark.parametrize("page", AUDITED, ids=page_id)
def test_environment_variables_named_in_the_docs_are_read_somewhere(
    page: Path,
) -> None:
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("nailgun_hooks", "tests")
        for p in (ROOT / folder).rglob("*.py")
    )
    for variable in set(re.findall(r"\bNAILGUN_[A-Z_]+\b", page.read_text())):
        assert f'"{variable}"' in sources, f"{page_id(page)} names {variable}"


# --- behaviours stated in prose only -----------------------------------------


class Audit(BaseExtension):
    name = "audit"
    version = "1.0.0"
    description = "Audits node updates"

    @hookimpl
    def on_node_update(self, node: object) -> None:
        pass


def test_trace_argument_overrides_the_environment(
    dists: DistFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """integration.md: "its `trace=` argument overrides the variable"."""
    dists.extension("audit", "@hookimpl\ndef on_node_update(self, node): pass\n")
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", "1")
    assert load_extensions(namespace=dists.namespace).tracing is True
    assert load_extensions(namespace=dists.namespace, trace=False).tracing is False
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", "0")
    assert load_extensions(namespace=dists.namespace).tracing is False
    assert load_extensions(namespace=dists.namespace, trace=True).tracing is True


def test_trace_records_are_info_on_the_trace_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """integration.md: "logged at INFO to the `nailgun_hooks.trace` logger"."""
    manager = build_manager([Audit], trace=True)
    with caplog.at_level(logging.DEBUG, logger="nailgun_hooks.trace"):
        manager.hook.on_node_update(node=MemoryNode(1))
    traced = [r for r in caplog.records if r.name == "nailgun_hooks.trace"]
    assert len(traced) == 3
    assert {r.levelno for r in traced} == {logging.INFO}


def test_no_event_is_deprecated_today() -> None:
    """guide.md: "No event is deprecated today"; deprecation.md: "Nothing
    has been deprecated so far"."""
    assert "No event is deprecated today." in GUIDE.read_text(encoding="utf-8")
    assert [spec.name for spec in specs().values() if spec.deprecated] == []


def test_the_guide_counts_the_events_of_each_kind() -> None:
    """guide.md: "Nailgun fires 24 events", and the kinds table's counts."""
    text = GUIDE.read_text(encoding="utf-8")
    (total,) = re.findall(r"Nailgun fires (\d+) events", text)
    assert int(total) == len(specs())
    kinds = {
        kind: len([s for s in specs().values() if s.kind == kind])
        for kind in ("notification", "pipeline", "first-result")
    }
    rows = {
        "notification": "`on_node_create`, `on_cluster_delete`, ...",
        "data pipeline": "`process_deployment_for_cluster`, ...",
    }
    for (row, events), kind in zip(
        rows.items(), ("notification", "pipeline"), strict=True
    ):
        assert f"| {row} | {events} ({kinds[kind]}) |" in text
    first = re.search(r"^\| first-result \| (.*?) \|", text, re.M)
    assert first is not None
    assert set(re.findall(r"`(\w+)`", first[1])) == {
        name for name, spec in specs().items() if spec.kind == "first-result"
    }


def _named(name: str) -> type[BaseExtension]:
    return type(
        "Named",
        (BaseExtension,),
        {"name": name, "version": "1.0.0", "description": "Has a name"},
    )


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("a", True),
        ("a" * 47, True),
        ("a" * 48, False),
        ("quotas_2-b", True),
        ("Quotas_2-b", False),
        ("2quotas", False),
        ("_quotas", False),
        ("quo.tas", False),
        ("quotas,b", False),
    ],
)
def test_the_name_rule_of_the_guide(name: str, valid: bool) -> None:
    """guide.md: "a lowercase letter, then lowercase letters, digits, `_` or
    `-` (47 at most)"."""
    manager = build_manager([_named(name)], strict=False)
    if valid:
        assert manager.names() == (name,)
    else:
        assert [p.code for p in manager.problems] == ["bad-name"]


def test_memory_objects_compare_by_identity() -> None:
    """testing.md: "They compare by identity, like ORM rows"."""
    from nailgun_hooks.inmemory import MemoryCluster

    assert MemoryNode(1) != MemoryNode(1)
    assert MemoryCluster(1, "c") != MemoryCluster(1, "c")
    node = MemoryNode(1)
    assert node == node and len({node, node}) == 1


def test_assert_extension_installed_fails_when_the_entry_point_does_not_import(
    dists: DistFactory,
) -> None:
    """testing.md: it fails when the entry point "does not import"."""
    from nailgun_hooks.testing import InvalidExtensionError, assert_extension_installed

    module = dists.unique("broken")
    dists.install(
        "broken-dist",
        entry_points={"broken": f"{module}:Extension"},
        modules={module: "import nailgun_hooks_no_such_module\n"},
    )
    with pytest.raises(InvalidExtensionError) as caught:
        assert_extension_installed("broken", namespace=dists.namespace)
    (problem,) = caught.value.problems
    assert problem.extension == "broken"
    assert "nailgun_hooks_no_such_module" in str(caught.value)


def test_assert_valid_extension_checks_urls_and_the_migrations_folder(
    tmp_path: Path,
) -> None:
    """testing.md: it runs every startup check, "URLs, the migrations folder"."""
    from nailgun_hooks.testing import InvalidExtensionError, assert_valid_extension

    class Handler:
        pass

    class Tables(BaseExtension):
        name = "tables"
        version = "1.0.0"
        description = "Owns tables and URLs"
        urls = ({"uri": "/broken/(", "handler": Handler},)
        migrations_path = str(tmp_path / "absent")

    with pytest.raises(InvalidExtensionError) as caught:
        assert_valid_extension(Tables)
    codes = sorted(p.code for p in caught.value.problems)
    assert len(codes) == 2, codes
    assert any("url" in code for code in codes), codes
    assert any("migration" in code for code in codes), codes


HEALTHY_HOOK = "@hookimpl\ndef on_node_update(self, node: Node) -> None:\n    pass\n"


@pytest.fixture
def compat_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from nailgun_hooks import compat

    monkeypatch.delenv("NAILGUN_EXTENSIONS", raising=False)
    monkeypatch.delenv("NAILGUN_EXTENSIONS_DISABLED", raising=False)
    compat.use_manager(None)
    yield
    compat.use_manager(None)


def _install_in_nailguns_namespace(dists: DistFactory, name: str, body: str) -> None:
    module = dists.extension(name, body)
    dists.install(
        f"real-{module}",
        entry_points={name: f"{module}:Extension"},
        namespace="nailgun.extensions",
    )


def test_compat_loads_the_installed_extensions_on_first_use(
    dists: DistFactory, compat_default: None
) -> None:
    """integration.md: "A call that comes first starts it itself, with
    `load_extensions()`"."""
    from nailgun_hooks import compat

    _install_in_nailguns_namespace(dists, "firstuse", HEALTHY_HOOK)
    found = compat.get_extension("firstuse")
    assert found.__name__ == "Extension" and found.name == "firstuse"
    assert compat.get_manager().names() == ("firstuse",)


def test_compats_default_manager_is_strict(
    dists: DistFactory, compat_default: None
) -> None:
    """integration.md: "(strict: a broken extension stops startup with every
    problem listed)"."""
    from nailgun_hooks import ExtensionValidationError, compat

    _install_in_nailguns_namespace(dists, "sound", HEALTHY_HOOK)
    _install_in_nailguns_namespace(
        dists, "typo", "@hookimpl\ndef on_node_updte(self, node): pass\n"
    )
    _install_in_nailguns_namespace(
        dists, "typo2", "@hookimpl\ndef on_node_creat(self, node): pass\n"
    )
    with pytest.raises(ExtensionValidationError) as raised:
        compat.get_extension("sound")
    assert sorted(p.extension for p in raised.value.problems) == ["typo", "typo2"]


def test_packages_new_writes_turn_warnings_into_errors(tmp_path: Path) -> None:
    """deprecation.md: tests that turn warnings into errors, "as the packages
    `nailgun-hooks new` writes do"."""
    target = tmp_path / "pkg"
    assert cli.main(["new", "quotas", "--dir", str(target)]) == 0
    pyproject = (target / "pyproject.toml").read_text(encoding="utf-8")
    assert 'filterwarnings = ["error"]' in pyproject


def test_re_exporting_top_level_modules_are_in_their_folders_layer() -> None:
    """ARCHITECTURE.md: a top-level module re-exporting a folder's names
    belongs to that folder's layer, and `__main__` to `cli/`'s."""
    text = " ".join(ARCHITECTURE.read_text(encoding="utf-8").split())
    sentence = re.search(r"a top-level module that re-exports .*? layer, and", text)
    assert sentence is not None
    layer_of = {module: layer for layer, modules in LAYERS for module in modules}
    folder_of = {
        "legacy": "startup",
        "migrations": "nailgun",
        "rest": "nailgun",
        "compat": "nailgun",
    }
    for module, folder in folder_of.items():
        assert f"`{module}`" in sentence[0]
        assert layer_of[module] == layer_of[folder]
    assert layer_of["__main__"] == layer_of["cli"]


def test_check_ignores_the_allow_list(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """guide.md: check validates "every installed extension (the allow- and
    deny-lists are ignored)"; the deny-list is held in tests/cli/test_check.py."""
    dists.extension("fine", HEALTHY_HOOK)
    dists.extension("typo", "@hookimpl\ndef on_node_updte(self, node): pass\n")
    monkeypatch.setenv("NAILGUN_EXTENSIONS", "fine")
    assert cli.main(["check", "--namespace", dists.namespace]) == 1
    assert "[unknown-hook] extension 'typo'" in capsys.readouterr().out
    assert cli.main(["list", "--namespace", dists.namespace]) == 0
    assert "typo" in capsys.readouterr().out


def test_the_readmes_development_commands() -> None:
    """README.md: `.[dev]` brings the test, lint and type-checking tools;
    `tox -e py311-full`, `tox -e lint,type` and `tox -e docs` exist (the latter
    building into docs/_build/html, warnings being errors); Python 3.10+."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = tomllib.loads(pyproject)["project"]
    extras = project["optional-dependencies"]
    dev, test, docs = (" ".join(extras[name]) for name in ("dev", "test", "docs"))
    assert "nailgun-hooks[test]" in dev and "ruff" in dev
    assert "pytest" in test and "mypy" in test
    assert "reno" in docs and "reno is\nin the `docs` extra" in readme
    assert project["requires-python"] == ">=3.10" and "Python 3.10+" in readme
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    (env_list,) = re.findall(r"^env_list = (.*)$", tox, re.M)
    envs = env_list.split(", ")
    assert {"py311-full", "py312", "lint", "type", "docs"} <= set(envs)
    assert "`tox -e py311-full`" in readme and "`tox -e lint,type`" in readme
    assert "`tox -e py312`" in readme and "`tox p`" in readme
    docs_env = tox.split("[testenv:docs]", 1)[1].split("\n[", 1)[0]
    assert "reno lint" in docs_env
    assert "sphinx-build -W" in docs_env and "docs/_build/html" in docs_env
    assert "`tox -e docs` builds into `docs/_build/html`" in " ".join(readme.split())


def test_what_a_pipeline_returns_never_replaces_the_data() -> None:
    """guide.md: "what they return never replaces the data (and a return
    annotation other than None is a startup problem)"."""
    from nailgun_hooks.inmemory import MemoryCluster

    class Replacer(BaseExtension):
        name = "replacer"
        version = "1.0.0"
        description = "Returns new data instead of editing"

        @hookimpl
        def process_deployment_for_cluster(self, cluster_data: ClusterData) -> None:
            cluster_data["edited"] = True
            return {"replaced": True}  # type: ignore[return-value]

    class Seer(BaseExtension):
        name = "seer"
        version = "1.0.0"
        description = "Sees what the one before left"
        after = ("replacer",)

        @hookimpl
        def process_deployment_for_cluster(self, cluster_data: ClusterData) -> None:
            cluster_data["seen"] = sorted(cluster_data)

    data: dict[str, object] = {}
    build_manager([Seer, Replacer]).hook.process_deployment_for_cluster(
        cluster=MemoryCluster(1, "c"), cluster_data=data
    )
    assert data == {"edited": True, "seen": ["edited"]}

    class Annotated(BaseExtension):
        name = "annotated"
        version = "1.0.0"
        description = "Says it returns data"

        @hookimpl
        def process_deployment_for_cluster(
            self, cluster_data: ClusterData
        ) -> ClusterData:
            return cluster_data

    problems = build_manager([Annotated], strict=False).problems
    assert [p.code for p in problems] == ["incompatible-return-type"]


def test_the_guides_names_of_the_base_class_namespace_and_optional_attributes() -> None:
    """guide.md: `BaseExtension` is defined in `nailgun_hooks/extension.py`;
    the namespace is `nailgun_hooks.NAMESPACE`; the optional attributes."""
    import nailgun_hooks

    text = GUIDE.read_text(encoding="utf-8")
    assert "`nailgun_hooks/extension.py`" in text
    assert BaseExtension.__module__ == "nailgun_hooks.extension"
    assert "`nailgun.extensions`\n(`nailgun_hooks.NAMESPACE`)" in text
    assert nailgun_hooks.NAMESPACE == "nailgun.extensions"
    optional = text.split("Optional ones:", 1)[1].split("\n\n", 1)[0]
    names = re.findall(r"`(\w+)`", optional)
    assert names == ["provides", "before", "after", "urls", "migrations_path"]
    for name in names:
        assert hasattr(BaseExtension, name), name


# Words of ARCHITECTURE.md's layer paragraphs that are not modules of the
# layer's folder: policies, commands, a dependency, pluggy's names, and
# Nailgun's package and an extension's env.py.
NOT_MODULES = {
    "propagate",
    "collect",
    "list",
    "check",
    "demo",
    "migrate",
    "new",
    "packaging",
    "warn_on_impl",
    "hookspecs",
    "nailgun",
    "env",
    # names of pluggy's, of an extension's, and functions named alone
    "register",
    "parse_hookimpl_opts",
    "data_pipelines",
    "before",
    "after",
    "__eq__",
    "assemble_and_register",
}


@pytest.mark.parametrize("folder", ["spec", "startup", "calls", "nailgun", "cli"])
def test_every_module_a_layer_paragraph_names_exists(folder: str) -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    layers = text.split("## The layers", 1)[1].split("## Public surface", 1)[0]
    # the layer's paragraph and what follows it, up to the next layer's
    paragraphs = layers.split(f"**{folder}/**", 1)[1].split("\n\n**", 1)[0]
    paragraph = paragraphs.split("### ", 1)[0]
    names = set(re.findall(r"`([a-z_]+)(?:\.\w+)?`", paragraph)) - NOT_MODULES
    assert names, paragraph
    present = {path.stem for path in (ROOT / "nailgun_hooks" / folder).iterdir()} | {
        path.name for path in (ROOT / "nailgun_hooks" / folder).glob("*.ini")
    }
    missing = {n for n in names if n not in present and f"{n}.ini" not in present}
    assert not missing, f"ARCHITECTURE.md's {folder}/ names {missing}"


def test_the_commands_said_to_take_namespace_take_it() -> None:
    text = " ".join(_guide_after_table().split())
    said = re.search(r"((?:`\w+`(?:, | and ))+`\w+`) take `--namespace GROUP`", text)
    assert said is not None
    named = set(re.findall(r"`(\w+)`", said[1]))
    taking = {
        command
        for command, parser in _subparsers().items()
        if any("--namespace" in spellings for spellings in _options(parser))
    }
    assert named == taking


def test_old_style_misspellings_are_those_at_least_0_8_close() -> None:
    """integration.md: a public method of an old-style extension starting
    like a handler and "close to an event name (difflib ratio ≥ 0.8)" is an
    `unknown-hook`; others are left alone."""
    integration = (ROOT / "docs" / "integration.md").read_text(encoding="utf-8")
    assert "(difflib ratio\n  ≥ 0.8)" in integration
    # name -> its best difflib ratio against the events, for the record
    names = {
        "on_node_cr": 0.833,
        "before_cluster": 0.8,
        "after_cluster": 0.788,
        "on_node_c": 0.783,
    }

    def helper(cls: type) -> None:
        pass

    body: dict[str, object] = {
        "name": "oldie",
        "version": "1.0.0",
        "description": "An old-style extension with near misses",
    }
    body |= {name: classmethod(helper) for name in names}
    oldie = type("Oldie", (BaseExtension,), body)
    problems = build_manager([oldie], strict=False).problems
    reported = sorted(p.hook or "" for p in problems if p.code == "unknown-hook")
    assert reported == sorted(n for n, ratio in names.items() if ratio >= 0.8)


def test_trace_records_carry_their_fields(caplog: pytest.LogCaptureFixture) -> None:
    """integration.md: "The records carry `hook`, and those about one
    extension also `extension`, `seconds` and `raised` (the exception's type
    name, or None)"."""

    class Raiser(BaseExtension):
        name = "raiser"
        version = "1.0.0"
        description = "Raises on node updates"

        @hookimpl
        def on_node_update(self, node: object) -> None:
            raise KeyError("never shown")

    manager = build_manager([Audit, Raiser], trace=True)
    with (
        caplog.at_level(logging.INFO, logger="nailgun_hooks.trace"),
        pytest.raises(KeyError),
    ):
        manager.hook.on_node_update(node=MemoryNode(1))
    call, audit, raiser, total = (
        r for r in caplog.records if r.name == "nailgun_hooks.trace"
    )
    for record in (call, audit, raiser, total):
        assert record.hook == "on_node_update"  # type: ignore[attr-defined]
    for record, name, raised in (
        (audit, "audit", None),
        (raiser, "raiser", "KeyError"),
    ):
        assert (record.extension, record.raised) == (name, raised)  # type: ignore[attr-defined]
        assert type(record.seconds) is float and record.seconds >= 0  # type: ignore[attr-defined]
    assert not hasattr(call, "extension") and not hasattr(total, "extension")
    assert all("never shown" not in r.getMessage() for r in caplog.records)


def test_an_interrupt_stops_a_command_with_130(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """guide.md: "An interrupt ... stops any command with exit code 130"
    (the demo goes on past any other exception an extension raises)."""
    assert "stops any\ncommand with exit code 130" in GUIDE.read_text(encoding="utf-8")
    dists.extension(
        "stopper",
        "@hookimpl\ndef on_node_create(self, node):\n    raise KeyboardInterrupt\n",
    )
    assert cli.main(["demo", "--namespace", dists.namespace]) == 130
    out = capsys.readouterr().out
    assert "-> on_node_create(" in out and "done:" not in out


def test_every_factory_argument_has_a_default_but_a_node_groups_cluster() -> None:
    """testing.md: "Every argument has a default, except a node group's
    `cluster`"."""
    import inspect

    from nailgun_hooks import testing

    text = " ".join((ROOT / "docs" / "testing.md").read_text().split())
    assert "Every argument has a default, except a node group's `cluster`" in text
    objects = testing.NailgunObjects()
    factories = {
        "make_node": testing.make_node,
        "make_cluster": testing.make_cluster,
        "make_nodegroup": testing.make_nodegroup,
        "node": objects.node,
        "cluster": objects.cluster,
        "nodegroup": objects.nodegroup,
    }
    required = {
        (label, name)
        for label, factory in factories.items()
        for name, parameter in inspect.signature(factory).parameters.items()
        if parameter.default is inspect.Parameter.empty
    }
    assert required == {("make_nodegroup", "cluster"), ("nodegroup", "cluster")}
