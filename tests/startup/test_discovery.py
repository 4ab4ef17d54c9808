"""Discovery through real installed distributions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nailgun_hooks import BaseExtension, ExtensionValidationError, load_extensions
from tests.support.dists import DistFactory

UPDATE = """
@hookimpl
def on_node_update(self, node):
    self.seen = node
"""


def codes(problems: object) -> list[str]:
    return sorted(p.code for p in problems)  # type: ignore[attr-defined]


def test_class_entry_point_is_instantiated_once_with_its_distribution(
    dists: DistFactory,
) -> None:
    dists.extension("alpha", UPDATE, version="2.1.0", dist="alpha-dist")
    manager = load_extensions(namespace=dists.namespace)
    (record,) = manager.extensions
    assert (record.name, record.version, record.description) == (
        "alpha",
        "2.1.0",
        "A test extension",
    )
    assert (record.distribution, record.distribution_version) == ("alpha-dist", "1.0.0")
    assert record.entry_point.startswith("alpha = ext_alpha_")
    assert record.hooks == ("on_node_update",)
    assert isinstance(record.obj, BaseExtension)
    manager.hook.on_node_update(node="n1")
    assert record.obj.seen == "n1"  # type: ignore[attr-defined]


def test_module_entry_point_takes_metadata_from_its_distribution(
    dists: DistFactory,
) -> None:
    module = dists.unique("plainmod")
    dists.install(
        "plain-dist",
        version="3.4.5",
        summary="Counts node updates",
        entry_points={"plain": module},
        modules={
            module: """
            from nailgun_hooks import hookimpl
            calls = []
            @hookimpl
            def on_node_update(node):
                calls.append(node)
            """
        },
    )
    manager = load_extensions(namespace=dists.namespace)
    record = manager.get("plain")
    assert (record.version, record.description, record.distribution) == (
        "3.4.5",
        "Counts node updates",
        "plain-dist",
    )
    manager.hook.on_node_update(node=7)
    assert sys.modules[module].calls == [7]


@pytest.mark.parametrize(
    ("source", "code", "needle"),
    [
        ("import does_not_exist_anywhere\n", "import-failed", "ModuleNotFoundError"),
        ("def broken(:\n", "import-failed", "SyntaxError"),
        ("raise RuntimeError('boom at import')\n", "import-failed", "boom at import"),
        ("import sys\nsys.exit(3)\n", "import-exited", "sys.exit(3)"),
        (
            "assert False, 'asserting at import'\n",
            "import-failed",
            "asserting at import",
        ),
    ],
)
def test_import_failures_become_problems_with_traceback(
    dists: DistFactory, source: str, code: str, needle: str
) -> None:
    module = dists.unique("broken")
    dists.install(
        "broken-dist", entry_points={"broken": f"{module}:X"}, modules={module: source}
    )
    dists.extension("healthy", UPDATE)
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    (problem,) = raised.value.problems
    assert problem.code == code
    assert needle in problem.message
    assert problem.distribution == "broken-dist"
    assert problem.entry_point == f"broken = {module}:X"
    assert problem.traceback and "Traceback" in problem.traceback
    assert "broken-dist" in str(raised.value)

    lenient = load_extensions(namespace=dists.namespace, strict=False)
    assert lenient.names() == ("healthy",)
    assert codes(lenient.problems) == [code]


def test_missing_attribute_and_missing_module(dists: DistFactory) -> None:
    module = dists.unique("present")
    dists.install(
        "holes",
        entry_points={
            "noattr": f"{module}:Missing",
            "nomodule": "no_such_module_xyz:E",
        },
        modules={module: "x = 1\n"},
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert {p.extension: p.code for p in manager.problems} == {
        "noattr": "import-failed",
        "nomodule": "import-failed",
    }


def test_constructor_failures_and_non_extensions(dists: DistFactory) -> None:
    module = dists.unique("objs")
    dists.install(
        "objs-dist",
        entry_points={
            "raising": f"{module}:Raising",
            "needsargs": f"{module}:NeedsArgs",
            "notext": f"{module}:NotAnExtension",
            "nohooks": f"{module}:nothing",
        },
        modules={
            module: """
            from nailgun_hooks import BaseExtension
            class Raising(BaseExtension):
                name = "raising"; version = "1.0"; description = "raises"
                def __init__(self):
                    raise ValueError("no config file")
            class NeedsArgs(BaseExtension):
                name = "needsargs"; version = "1.0"; description = "needs args"
                def __init__(self, config):
                    self.config = config
            class NotAnExtension:
                pass
            nothing = object()
            """
        },
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    found = {p.extension: p for p in manager.problems}
    assert found["raising"].code == "constructor-failed"
    assert "no config file" in found["raising"].message
    assert found["needsargs"].code == "constructor-failed"
    assert "no arguments" in found["needsargs"].hint
    assert found["notext"].code == "not-an-extension"
    assert found["nohooks"].code == "not-an-extension"
    assert manager.names() == ()


def test_duplicate_names_across_distributions_name_both(dists: DistFactory) -> None:
    dists.extension("twin", UPDATE, dist="first-dist")
    dists.extension("twin", UPDATE, dist="second-dist")
    dists.extension("single", UPDATE)
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    (problem,) = raised.value.problems
    assert problem.code == "duplicate-name"
    assert "first-dist" in problem.message and "second-dist" in problem.message
    lenient = load_extensions(namespace=dists.namespace, strict=False)
    assert lenient.names() == ("single",)


SIDE_EFFECT = """
import os, pathlib
pathlib.Path(os.environ["NAILGUN_HOOKS_TEST_MARKER"]).joinpath({name!r}).write_text("imported")
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = {name!r}; version = "1.0"; description = "writes a file when imported"
    @hookimpl
    def on_node_update(self, node):
        pass
"""


@pytest.fixture
def marker_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "markers"
    path.mkdir()
    monkeypatch.setenv("NAILGUN_HOOKS_TEST_MARKER", str(path))
    return path


def install_side_effect(dists: DistFactory, name: str) -> None:
    module = dists.unique(name)
    dists.install(
        f"{name}-dist",
        entry_points={name: f"{module}:Extension"},
        modules={module: SIDE_EFFECT.format(name=name)},
    )


@pytest.mark.parametrize("via", ["argument", "environment"])
def test_excluded_extensions_are_never_imported(
    dists: DistFactory, marker_dir: Path, monkeypatch: pytest.MonkeyPatch, via: str
) -> None:
    for name in ("keep", "deny", "other"):
        install_side_effect(dists, name)
    if via == "argument":
        manager = load_extensions(
            namespace=dists.namespace, enabled=["keep", "deny"], disabled=["deny"]
        )
    else:
        monkeypatch.setenv("NAILGUN_EXTENSIONS", " keep, deny ,")
        monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", "deny")
        manager = load_extensions(namespace=dists.namespace)
    assert manager.names() == ("keep",)
    assert sorted(p.name for p in marker_dir.iterdir()) == ["keep"]


def test_enabling_an_uninstalled_extension_is_a_problem(dists: DistFactory) -> None:
    dists.extension("present", UPDATE)
    with pytest.raises(ExtensionValidationError, match="'absent' is enabled"):
        load_extensions(namespace=dists.namespace, enabled=["present", "absent"])


def test_no_extensions_installed_is_fine(dists: DistFactory) -> None:
    manager = load_extensions(namespace=dists.namespace)
    assert manager.names() == () and manager.problems == ()
    assert manager.hook.on_node_update(node=1) == []


LIST_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from nailgun_hooks import load_extensions
    manager = load_extensions(namespace=sys.argv[1], strict=False)
    print(json.dumps([[r.name, r.entry_point, r.version] for r in manager.extensions]))
    """
)


def start(site: Path, namespace: str, env: dict[str, str]) -> list[list[str]]:
    """A fresh Python process: what Nailgun sees after a restart."""
    out = subprocess.run(
        [sys.executable, "-c", LIST_SCRIPT, namespace],
        env={**env, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_reinstall_with_changed_entry_point_is_seen_at_next_start(
    dists: DistFactory, tmp_path: Path
) -> None:
    """stevedore's disk cache keys on mtimes at ~128 s resolution; an in-place
    re-install within seconds must still be seen."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    module = dists.unique("reinstalled")
    source = textwrap.dedent(
        """
        from nailgun_hooks import BaseExtension, hookimpl
        class Old(BaseExtension):
            name = "moving"; version = "1.0"; description = "old target"
            @hookimpl
            def on_node_update(self, node): pass
        class New(Old):
            version = "2.0"; description = "new target"
        """
    )
    info = dists.install(
        "moving-dist",
        entry_points={"moving": f"{module}:Old"},
        modules={module: source},
    )
    # Prime stevedore's own cache in the same environment, as a naive loader would.
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import stevedore; stevedore.ExtensionManager({dists.namespace!r})",
        ],
        env={**env, "PYTHONPATH": os.pathsep.join([str(dists.root), *sys.path])},
        check=True,
    )
    assert start(dists.root, dists.namespace, env) == [
        ["moving", f"moving = {module}:Old", "1.0"]
    ]
    dists.uninstall(info)
    dists.install("moving-dist", entry_points={"moving": f"{module}:New"})
    assert start(dists.root, dists.namespace, env) == [
        ["moving", f"moving = {module}:New", "2.0"]
    ]
