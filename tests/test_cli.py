"""nailgun_hooks.cli: the dispatcher every command goes through (parsing, usage
errors, internal errors, the console script)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nailgun_hooks import cli
from tests.support.commands import run


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "choose a command: list, check, specs, demo"),
        (["lst"], "argument COMMAND: invalid choice: 'lst'"),
        (["list", "--jsn"], "unrecognized arguments: --jsn"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"nailgun-hooks: error: {message}")


def test_help_documents_commands_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in cli.COMMANDS:
        assert name in out
    assert "exit codes:" in out and "2  usage error" in out
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and "--json" in out and "exit codes:" in out


def test_a_bug_is_one_line_and_exit_3_unless_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(namespace: str) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli, "take_inventory", explode)
    code, out, err = run(capsys, "list")
    assert (code, out) == (3, "")
    assert err == (
        "nailgun-hooks: error: internal error: RuntimeError: simulated bug; "
        "rerun with --debug for the traceback\n"
    )
    code, _, err = run(capsys, "list", "--debug")
    assert code == 3 and "Traceback" in err and "simulated bug" in err


def test_console_script_and_python_m_agree(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "nailgun-hooks"
    outputs = []
    for argv in ([str(script)], [sys.executable, "-m", "nailgun_hooks"]):
        done = subprocess.run(
            [*argv, "specs"], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        outputs.append(done.stdout)
        failed = subprocess.run(
            [*argv, "bogus"], capture_output=True, text=True, cwd=tmp_path
        )
        assert failed.returncode == 2 and failed.stderr.count("\n") == 1
    assert outputs[0] == outputs[1] != ""
