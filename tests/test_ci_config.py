"""The rule of tox.ini: the whole suite once, the rest where it can differ.

tox.ini runs every test in ``py311-full`` and, in every other test
environment, the tests not marked ``slow`` or ``once``. These tests hold
that rule, so that no test stops running anywhere without a failure here.
"""

from __future__ import annotations

import ast
import configparser
import re
import shlex
import sys

import pytest

from tests.support.venv import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

pytestmark = pytest.mark.once

MATRIX_SELECTION = "not slow and not once"


def _tox() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini", encoding="utf-8")
    return parser


def _env_list() -> list[str]:
    return [name.strip() for name in _tox()["tox"]["env_list"].split(",")]


def _commands(env: str) -> list[list[str]]:
    """The commands tox runs in ``env``, after its factor conditions
    (``full: ...``, ``!full: ...``) are applied."""
    tox = _tox()
    section = f"testenv:{env}"
    own = tox.has_section(section) and tox.has_option(section, "commands")
    text = tox[section if own else "testenv"]["commands"]
    factors = set(env.split("-"))
    commands = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        condition = re.match(r"^(!?)([\w.]+):\s+(.*)$", line)
        if condition:
            negated, factor, line = condition.groups()
            if (factor in factors) == bool(negated):
                continue
        commands.append(shlex.split(line))
    return commands


def _pytest_runs(env: str) -> list[list[str]]:
    return [command for command in _commands(env) if command[0] == "pytest"]


def _test_envs() -> list[str]:
    return [env for env in _env_list() if _pytest_runs(env)]


def test_one_environment_runs_the_whole_suite() -> None:
    full = [env for env in _test_envs() if "full" in env.split("-")]
    assert full == ["py311-full"]
    assert _pytest_runs("py311-full") == [["pytest", "{posargs}"]]


def test_every_other_environment_runs_what_can_differ() -> None:
    others = [env for env in _test_envs() if env != "py311-full"]
    assert set(others) == {"py310", "py312", "py313", "min", "pluggy-pre", "fallback"}
    for env in others:
        assert _pytest_runs(env) == [["pytest", "-m", MATRIX_SELECTION, "{posargs}"]]


def test_the_rule_reads_factor_conditions() -> None:
    """The reader above is what makes the two tests before it bite."""
    assert _commands("py310") != _commands("py311-full")


def test_the_markers_of_the_rule_are_declared() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = {
        line.split(":", 1)[0]
        for line in data["tool"]["pytest"]["ini_options"]["markers"]
    }
    assert {"slow", "once"} <= declared
    assert "--strict-markers" in data["tool"]["pytest"]["ini_options"]["addopts"]


def _marked_once_or_slow(tree: ast.Module) -> list[ast.FunctionDef]:
    """The tests of a module that run in py311-full only."""
    source = ast.unparse(tree)
    whole_module = re.search(r"^pytestmark = pytest\.mark\.(once|slow)", source, re.M)
    tests = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    if whole_module:
        return tests
    return [
        test
        for test in tests
        if any(
            re.fullmatch(r"pytest\.mark\.(once|slow)", ast.unparse(d))
            for d in test.decorator_list
        )
    ]


def test_what_runs_once_is_never_skipped_by_the_environment() -> None:
    """A test that runs in one environment only must not depend on which:
    none of them is skipped by the Python version, a variable or pluggy."""
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for test in _marked_once_or_slow(tree):
            skips = [
                ast.unparse(d)
                for d in test.decorator_list
                if "skipif" in ast.unparse(d)
            ]
            assert not skips, f"{path.name}::{test.name} {skips}"


def test_the_marked_tests_are_found() -> None:
    """The reader of marks sees module- and function-level marks."""
    module = ast.parse(
        "import pytest\npytestmark = pytest.mark.once\ndef test_a(): pass\n"
    )
    function = ast.parse(
        "import pytest\n@pytest.mark.slow\ndef test_b(): pass\ndef test_c(): pass\n"
    )
    assert [t.name for t in _marked_once_or_slow(module)] == ["test_a"]
    assert [t.name for t in _marked_once_or_slow(function)] == ["test_b"]
