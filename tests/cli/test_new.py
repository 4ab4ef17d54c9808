"""``nailgun-hooks new``: the package it writes, and what it refuses.

The package is checked by what judges it for real: the loader's strict
validation, its own tests run by pytest, tomllib. The slow acceptance test
(tests/acceptance/test_new_package.py) pip-installs it.
"""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import cli
from nailgun_hooks.cli import new
from nailgun_hooks.cli.new import ScaffoldError, create, names_for, render
from nailgun_hooks.cli.source import PLACEHOLDER
from nailgun_hooks.markers import NAME_PATTERN, NAMESPACE
from nailgun_hooks.testing import assert_valid_extension
from tests.support.venv import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- names -------------------------------------------------------------------


@given(st.from_regex(NAME_PATTERN, fullmatch=True))
def test_every_valid_name_gives_importable_names(name: str) -> None:
    names = names_for(name)
    assert names.extension == name
    assert names.module.isidentifier() and names.module.islower()
    assert names.class_name.isidentifier() and names.class_name[0].isupper()
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", names.distribution)


@given(st.text(max_size=70).filter(lambda text: not NAME_PATTERN.fullmatch(text)))
def test_every_invalid_name_is_refused(name: str) -> None:
    with pytest.raises(ScaffoldError, match="not a valid extension name"):
        names_for(name)


@settings(max_examples=40, deadline=None)
@given(st.from_regex(NAME_PATTERN, fullmatch=True))
def test_every_valid_name_gives_a_package_whose_extension_validates(name: str) -> None:
    names = names_for(name)
    files = render(names, with_migrations=True)
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)
    entry_points = tomllib.loads(files["pyproject.toml"])["project"]["entry-points"]
    assert entry_points[NAMESPACE] == {name: f"{names.module}:{names.class_name}"}
    # The extension as the loader sees it (the plain variant: no migrations
    # folder to find on disk).
    namespace: dict[str, object] = {"__name__": names.module}
    plain = render(names)[f"{names.module}/__init__.py"]
    exec(compile(plain, f"{names.module}/__init__.py", "exec"), namespace)
    record = assert_valid_extension(namespace[names.class_name])
    assert (record.name, record.hooks) == (name, ("on_node_create",))


def test_names_of_a_hyphenated_name() -> None:
    names = names_for("volume--manager_2")
    assert (names.distribution, names.module, names.class_name) == (
        "nailgun-ext-volume-manager-2",
        "nailgun_ext_volume_manager_2",
        "VolumeManager2Extension",
    )


# --- the package -------------------------------------------------------------


@pytest.mark.parametrize("with_migrations", [False, True])
def test_the_pyproject_declares_the_extension_as_the_loader_expects(
    with_migrations: bool,
) -> None:
    names = names_for("quotas")
    files = render(names, with_migrations=with_migrations)
    project = tomllib.loads(files["pyproject.toml"])
    assert project["project"]["name"] == names.distribution
    assert project["project"]["entry-points"][NAMESPACE] == {
        "quotas": f"{names.module}:{names.class_name}"
    }
    assert project["tool"]["flit"]["module"]["name"] == names.module
    (requirement,) = project["project"]["dependencies"]
    assert requirement.startswith(
        "nailgun-hooks[db]" if with_migrations else "nailgun-hooks>"
    )
    ours = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["build-system"] == ours["build-system"]
    assert (f"{names.module}/migrations/env.py" in files) is with_migrations


def _run_package_tests(package: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The package's own tests, importable from its directory, not installed."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package), str(ROOT)])}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=package,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("with_migrations", "passed"), [(False, 2), (True, 3)], ids=["plain", "migrations"]
)
def test_the_package_passes_its_own_tests(
    tmp_path: Path, with_migrations: bool, passed: int
) -> None:
    """All but the one that needs the package installed (the slow test runs
    that one too)."""
    target, _ = create("quotas", tmp_path / "pkg", with_migrations=with_migrations)
    done = _run_package_tests(target)
    # The one that needs the package installed fails loudly, saying so.
    summary = done.stdout.strip().splitlines()[-1]
    assert f"1 failed, {passed} passed" in summary, done.stdout + done.stderr
    assert (
        "FAILED tests/test_nailgun_ext_quotas.py::"
        "test_the_installed_package_is_found_through_its_entry_point"
    ) in done.stdout
    assert "[not-installed]" in done.stdout


def test_the_extensions_hook_is_typed_and_valid(tmp_path: Path) -> None:
    target, _ = create("typed-one", tmp_path / "pkg", with_migrations=True)
    module = (target / "nailgun_ext_typed_one" / "__init__.py").read_text()
    assert "def on_node_create(self, node: Node) -> None:" in module
    assert 'name = "typed-one"' in module and "version = VERSION" in module


def test_the_version_is_written_once_and_read_from_the_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = render(names_for("once"))
    pyproject = tomllib.loads(files["pyproject.toml"])["project"]
    module = files["nailgun_ext_once/__init__.py"]
    assert pyproject["version"] not in module  # only pyproject.toml says it
    asked: list[str] = []

    def version(name: str) -> str:
        asked.append(name)
        return "3.4.5"

    monkeypatch.setattr(importlib.metadata, "version", version)
    namespace: dict[str, object] = {"__name__": "nailgun_ext_once"}
    exec(compile(module, "nailgun_ext_once/__init__.py", "exec"), namespace)
    assert asked == [pyproject["name"]]
    assert namespace["OnceExtension"].version == "3.4.5"  # type: ignore[attr-defined]


def test_uninstalled_its_version_says_so() -> None:
    module = render(names_for("loose"))["nailgun_ext_loose/__init__.py"]
    namespace: dict[str, object] = {"__name__": "nailgun_ext_loose"}
    exec(compile(module, "nailgun_ext_loose/__init__.py", "exec"), namespace)
    record = assert_valid_extension(namespace["LooseExtension"])
    assert record.version == "0+unknown"


@pytest.mark.parametrize("with_migrations", [False, True], ids=["plain", "db"])
def test_the_readme_installs_the_library_from_where_it_came(
    monkeypatch: pytest.MonkeyPatch, with_migrations: bool
) -> None:
    """Not on a package index yet: a new environment gets nailgun-hooks from
    the checkout or wheel the package was generated with."""
    monkeypatch.setattr(new, "library_source", lambda: "/src/nailgun hooks's")
    readme = render(names_for("q"), with_migrations=with_migrations)["README.md"]
    extra = "[db]" if with_migrations else ""
    commands = readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert commands[:3] == [
        "python -m venv .venv && . .venv/bin/activate",
        f"pip install '/src/nailgun hooks'\\''s{extra}'",
        "pip install -e '.[test]'",
    ]
    assert "the checkout or wheel this package was generated with" in readme


def test_without_a_known_source_the_readme_says_what_to_give(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(new, "library_source", lambda: None)
    readme = render(names_for("q"))["README.md"]
    assert f"pip install '{PLACEHOLDER}'\n" in readme
    assert "a checkout of nailgun-hooks or a wheel built from it" in readme


# --- the command ---------------------------------------------------------------


def test_new_writes_the_package_and_says_what_next(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "out"
    code, out, err = run(capsys, "new", "quotas", "--dir", str(target))
    assert (code, err) == (0, "")
    written = sorted(
        p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()
    )
    assert written == sorted(render(names_for("quotas")))
    assert "  nailgun_ext_quotas/__init__.py\n" in out
    assert f"pip install -e '{target.as_posix()}[test]'" in out


def test_new_defaults_to_a_directory_named_like_the_distribution(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "new", "quotas", "--with-migrations")
    assert code == 0
    assert (tmp_path / "nailgun-ext-quotas" / "pyproject.toml").is_file()
    assert "pip install -e './nailgun-ext-quotas[test]'" in out
    env_py = tmp_path / "nailgun-ext-quotas/nailgun_ext_quotas/migrations/env.py"
    assert env_py.is_file()


def test_an_empty_existing_directory_is_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(capsys, "new", "quotas", "--dir", str(tmp_path))
    assert code == 0 and (tmp_path / "pyproject.toml").is_file()


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("name", "make_target", "message"),
    [
        ("9lives", None, "'9lives' is not a valid extension name"),
        ("has space", None, "'has space' is not a valid extension name"),
        ("ok", "non-empty", "exists and is not empty"),
        ("ok", "file", "exists and is not a directory"),
        ("-ok", "non-empty", "'-ok' is not a valid extension name"),
    ],
)
def test_refusals_are_one_line_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    make_target: str | None,
    message: str,
) -> None:
    target = tmp_path / "target"
    if make_target == "non-empty":
        target.mkdir()
        (target / "keep.txt").write_text("mine")
    elif make_target == "file":
        target.write_text("mine")
    before = _tree(tmp_path)
    # "--dir=" so that a name starting with '-' is still the value
    code, out, err = run(capsys, "new", f"--dir={target}", "--", name)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("nailgun-hooks: error: ") and message in err
    assert _tree(tmp_path) == before


def test_migrations_are_written_only_when_asked_for(tmp_path: Path) -> None:
    target, written = create("quotas", tmp_path / "plain")
    files = sorted(p.relative_to(target).as_posix() for p in written)
    assert files == sorted(render(names_for("quotas")))
    assert not any("migrations" in f for f in files)
    assert (
        "migrations_path" not in (target / "nailgun_ext_quotas/__init__.py").read_text()
    )
    # a target whose parents do not exist yet is created with them
    target, written = create(
        "quotas", tmp_path / "not" / "yet" / "tables", with_migrations=True
    )
    assert (target / "nailgun_ext_quotas/migrations/env.py") in written


def test_the_requirement_on_this_library_follows_its_release(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def dependencies(with_migrations: bool) -> str:
        pyproject = render(names_for("quotas"), with_migrations=with_migrations)
        (line,) = [
            line
            for line in pyproject["pyproject.toml"].splitlines()
            if line.startswith("dependencies")
        ]
        return line

    monkeypatch.setattr(importlib.metadata, "version", lambda name: "2.13.4")
    assert dependencies(False) == 'dependencies = ["nailgun-hooks>=2.13"]'
    assert dependencies(True) == 'dependencies = ["nailgun-hooks[db]>=2.13"]'

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    assert dependencies(False) == 'dependencies = ["nailgun-hooks"]'
    assert dependencies(True) == 'dependencies = ["nailgun-hooks[db]"]'


def test_a_target_through_a_missing_directory_is_checked_where_it_leads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--dir missing/..`` is the current directory: not empty, so refused,
    and nothing is created on the way (not even ``missing``)."""
    (tmp_path / "README.md").write_text("the user's own\n")
    monkeypatch.chdir(tmp_path)
    before = _tree(tmp_path)
    assert cli.main(["new", "quotas", "--dir", "missing/.."]) == 2
    assert _tree(tmp_path) == before
    assert (tmp_path / "README.md").read_text() == "the user's own\n"


def test_a_file_that_appears_while_writing_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pkg"
    real_open = Path.open

    def user_writes_first(self: Path, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if mode == "x" and self.name == "README.md":
            self.write_text("the user's own\n")
        return real_open(self, mode, *args, **kw)

    monkeypatch.setattr(Path, "open", user_writes_first)
    with pytest.raises(ScaffoldError, match=r"README\.md appeared"):
        create("quotas", target)
    assert (target / "README.md").read_text() == "the user's own\n"
