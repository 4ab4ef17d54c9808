"""README.md as a reader sees it rendered: what the tour's files are called,
and what the test command runs."""

from __future__ import annotations

import re

import pytest

from tests.support.venv import ROOT
from tests.test_docs import blocks

README = ROOT / "README.md"


def _shown_above(text: str, marker: str) -> str:
    """The prose a rendered page shows between a block's marker comment and
    the block or heading before it (the comment itself is not shown)."""
    before = text.split(marker, 1)[0]
    return re.split(r"^```\s*$|^#+ ", before, flags=re.MULTILINE)[-1]


@pytest.mark.once
def test_the_tours_file_names_are_visible_when_rendered() -> None:
    text = README.read_text(encoding="utf-8")
    files = [block.target for block in blocks(README) if block.marker == "file"]
    assert files
    for target in files:
        shown = _shown_above(text, f"<!-- file: {target} -->")
        assert f"`{target}`" in re.sub(r"<!--.*?-->", "", shown), target


@pytest.mark.once
def test_the_test_run_is_described_as_tox_defines_it() -> None:
    """Several Pythons (tox's py3NN environments, first to last), the oldest
    and newest pluggy (min, pluggy-pre), lint, types and the docs site."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    (env_list,) = re.findall(r"^env_list = (.*)$", tox, re.MULTILINE)
    envs = env_list.split(", ")
    pythons = [env for env in envs if re.fullmatch(r"py3\d+", env)]
    assert len(pythons) > 1
    first, last = (f"3.{env[3:]}" for env in (pythons[0], pythons[-1]))
    assert f"every supported Python it finds ({first} to {last})" in text
    assert {"min", "pluggy-pre", "lint", "type", "docs"} <= set(envs)
    assert "against the oldest and the newest pluggy, with lint, types" in text
    assert "about 10 minutes on 2 cores" in text
    assert "pluggy==1.7.0" in tox and "--pre -U pluggy" in tox
