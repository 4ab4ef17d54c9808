"""nailgun_hooks.cli.exits: the exit codes, defined once; and the command
modules around them, each its own, none importing the dispatcher."""

from __future__ import annotations

import ast

import pytest

from nailgun_hooks import cli
from nailgun_hooks.cli import exits
from tests.test_architecture import PACKAGE, graph

CLI = PACKAGE / "cli"


def _assigned_exit_codes(source: str) -> set[str]:
    return {
        target.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.startswith("EXIT_")
    }


def test_the_exit_codes_are_assigned_in_exits_only() -> None:
    elsewhere = {
        path.name: names
        for path in sorted(CLI.glob("*.py"))
        if path.name != "exits.py"
        if (names := _assigned_exit_codes(path.read_text(encoding="utf-8")))
    }
    assert not elsewhere
    defined = _assigned_exit_codes((CLI / "exits.py").read_text(encoding="utf-8"))
    assert defined == set(exits.__all__)


def test_the_scan_sees_an_exit_code() -> None:
    assert _assigned_exit_codes("EXIT_OK = 0\nOTHER = 1\n") == {"EXIT_OK"}


def test_the_dispatcher_uses_the_same_codes() -> None:
    assert (cli.EXIT_OK, cli.EXIT_PROBLEMS, cli.EXIT_USAGE) == (
        exits.EXIT_OK,
        exits.EXIT_PROBLEMS,
        exits.EXIT_USAGE,
    )
    assert cli.EXIT_CODES is exits.EXIT_CODES


def test_no_command_module_imports_the_dispatcher() -> None:
    importers = sorted(
        source
        for source, targets in graph().items()
        if source.startswith("nailgun_hooks.cli.") and "nailgun_hooks.cli" in targets
    )
    assert not importers


@pytest.mark.parametrize("name", sorted(cli.COMMANDS))
def test_each_command_has_a_module_of_its_own(name: str) -> None:
    module = cli.COMMANDS[name].add_arguments.__module__
    assert module != "nailgun_hooks.cli"
    others = {
        other: command.add_arguments.__module__
        for other, command in cli.COMMANDS.items()
        if other != name
    }
    assert module not in others.values()
