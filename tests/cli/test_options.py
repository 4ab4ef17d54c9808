"""nailgun_hooks.cli.options: the options several commands share, worded once."""

from __future__ import annotations

import argparse

import pytest

from nailgun_hooks import cli
from nailgun_hooks.cli.options import add_json_option, add_namespace_option
from nailgun_hooks.markers import NAMESPACE


def parser_with_both() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nailgun-hooks test")
    add_namespace_option(parser)
    add_json_option(parser)
    return parser


def test_the_namespace_is_nailguns_group_unless_given() -> None:
    parser = parser_with_both()
    assert parser.parse_args([]).namespace == NAMESPACE == "nailgun.extensions"
    assert parser.parse_args(["--namespace", "other.group"]).namespace == (
        "other.group"
    )


def test_json_is_a_flag_off_by_default() -> None:
    parser = parser_with_both()
    assert parser.parse_args([]).json is False
    assert parser.parse_args(["--json"]).json is True
    with pytest.raises(SystemExit):
        parser.parse_args(["--json", "yes"])


def test_each_option_is_worded_once_for_every_command_that_has_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    help_text = parser_with_both().format_help()
    assert "--namespace GROUP" in help_text
    assert f"entry-point group to read (default: {NAMESPACE})" in help_text
    assert "print JSON for machines instead of text" in help_text
    for command in ("list", "check", "demo"):
        assert cli.main([command, "--help"]) == 0
        out = capsys.readouterr().out
        assert "--namespace GROUP" in out, command
        assert "entry-point group to read" in " ".join(out.split()), command
