"""nailgun_hooks.cli.specs: ``nailgun-hooks specs``, the hook reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from nailgun_hooks import specs
from nailgun_hooks.spec.reference import render_markdown
from tests.support.commands import run


def test_specs_text_documents_every_hook(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "specs")
    assert code == 0
    for spec in specs().values():
        assert f"\n{spec.name}(" in f"\n{out}"
    assert "get_node_volumes(node: Node) -> Volumes | None" in out
    assert "firstresult: yes" in out and "scope: the extensions enabled" in out


def test_specs_markdown_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "specs", "--markdown")
    assert code == 0 and out == render_markdown()
    target = tmp_path / "reference.md"
    code, out, _ = run(capsys, "specs", "--markdown", "--output", str(target))
    assert code == 0 and out == f"wrote {target}\n"
    assert target.read_text() == render_markdown()


def test_unwritable_output_is_a_one_line_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing-dir" / "reference.md"
    code, out, err = run(capsys, "specs", "--output", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"nailgun-hooks: error: cannot write {target}: No such file or directory\n"
    )
    code, _, err = run(capsys, "specs", "--output", str(target), "--debug")
    assert code == 2 and "Traceback" in err and "FileNotFoundError" in err
