"""``nailgun-hooks completion``: scripts generated from the parser, run by
the shell they are for."""

from __future__ import annotations

import argparse
import shutil
import subprocess

import pytest

from nailgun_hooks import cli
from nailgun_hooks.cli import completion


def _script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["completion", shell]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def _complete_in_bash(script: str, *words: str) -> list[str]:
    """What bash offers after ``words`` (the last one being completed)."""
    words_array = " ".join(f"'{word}'" for word in words)
    program = (
        f"{script}\n"
        f"COMP_WORDS=({words_array}); COMP_CWORD={len(words) - 1}\n"
        "_nailgun_hooks\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")


@needs_bash
def test_bash_completes_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    script = _script("bash", capsys)
    assert _complete_in_bash(script, "nailgun-hooks", "") == [
        *cli.COMMANDS,
        "-h",
        "--help",
        "--version",
        "--debug",
    ]
    assert _complete_in_bash(script, "nailgun-hooks", "mi") == ["migrate"]


@needs_bash
def test_bash_completes_each_commands_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = _script("bash", capsys)
    offered = _complete_in_bash(script, "nailgun-hooks", "migrate", "--s")
    assert offered == ["--status", "--stamp", "--sql"]
    after_debug = _complete_in_bash(script, "nailgun-hooks", "--debug", "list", "--")
    assert "--no-import" in after_debug and "--version" not in after_debug
    assert _complete_in_bash(script, "nailgun-hooks", "completion", "z") == ["zsh"]
    # an option's value is left to bash's default (files), not options
    assert _complete_in_bash(script, "nailgun-hooks", "migrate", "--db", "") == []


@needs_bash
def test_choices_of_an_option_are_offered(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="nailgun-hooks")
    sub = parser.add_subparsers().add_parser("run", help="runs")
    sub.add_argument("--policy", choices=["propagate", "collect"])
    script = completion.render("bash", parser)
    assert _complete_in_bash(script, "nailgun-hooks", "run", "--policy", "c") == [
        "collect"
    ]


def test_the_scripts_follow_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    """Every command and option of the parser, in both scripts."""
    read = completion.shape(cli.build_parser())
    for shell in completion.SHELLS:
        script = _script(shell, capsys)
        for name, _, sub in read.commands:
            assert name in script
            for option in sub.options:
                for flag in option.flags:
                    assert flag in script, (shell, name, flag)


def test_the_zsh_script_is_a_compdef_with_each_commands_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    script = _script("zsh", capsys)
    assert script.startswith("#compdef nailgun-hooks\n")
    for name, command in cli.COMMANDS.items():
        assert f"'{name}:{completion._zsh_text(command.help, ':')}'" in script
    assert "'--db[" in script and "]:URL:_files'" in script
    assert "completion) _arguments" in script and "'1:completion:(bash zsh)'" in script


def test_zsh_help_text_is_escaped() -> None:
    assert completion._zsh_text("a [b]: it's") == "a \\[b\\]\\: it'\\''s"
    assert completion._zsh_text("a [b]: c", ":") == "a [b]\\: c"


@pytest.mark.skipif(shutil.which("zsh") is None, reason="no zsh")
def test_zsh_reads_the_script(capsys: pytest.CaptureFixture[str]) -> None:
    script = _script("zsh", capsys)
    subprocess.run(["zsh", "-n", "-c", script], check=True)
