"""Wherever the docs suggest installing nailgun-hooks, they say how while it
is on no package index: from a checkout or a built wheel."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.support.venv import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "project"
]["version"]
WHEEL = f"nailgun_hooks-{VERSION}-py3-none-any.whl"
"""The file ``pip wheel`` builds of this checkout (flit: one pure wheel)."""

# pip install nailgun-hooks, 'nailgun-hooks[db]', "nailgun-hooks>=0.1"...:
# a name alone, which only a package index can answer.
FROM_AN_INDEX = re.compile(
    r"pip install(\s+-\S+)*\s+['\"]?nailgun-hooks(\[[\w,]+\])?"
    r"([<>=!~][^\s'\"`]*)?['\"]?(?=\s|$|`)"
)


@pytest.mark.once
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_page_installs_the_library_from_an_index(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert not FROM_AN_INDEX.search(text)


def test_the_pattern_bites() -> None:
    assert FROM_AN_INDEX.search("the `db` extra: `pip install 'nailgun-hooks[db]'`.")
    assert FROM_AN_INDEX.search("pip install nailgun-hooks\n")
    assert not FROM_AN_INDEX.search("pip install './nailgun-hooks[db]'")
    assert not FROM_AN_INDEX.search("pip install ./nailgun-hooks   # a checkout")
    assert not FROM_AN_INDEX.search("pip install . && nailgun-hooks check")
    assert FROM_AN_INDEX.search("pip install -q 'nailgun-hooks>=0.1' pytest")


@pytest.mark.once
@pytest.mark.parametrize("name", ["guide.md", "integration.md"])
def test_the_pages_name_the_wheel_a_build_writes(name: str) -> None:
    """The checked wheel name is the one tests/test_packaging.py builds."""
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    named = set(re.findall(r"nailgun_hooks-[^\s'\"`\[]+\.whl", text))
    assert named == {WHEEL}
    assert "./nailgun-hooks" in text  # and the checkout
