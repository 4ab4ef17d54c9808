"""The documentation site's own pages: what Sphinx builds beside the pages
that tests/test_docs.py runs (the build itself is ``tox -e docs``)."""

from __future__ import annotations

import importlib
import re

import pytest

import nailgun_hooks
from tests.support.venv import ROOT

pytestmark = pytest.mark.once

API_PAGE = ROOT / "docs" / "api.rst"


def _automodules() -> dict[str, list[str]]:
    """Each automodule of the API page, with its excluded members."""
    text = API_PAGE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for match in re.finditer(
        r"^\.\. automodule:: (\S+)\n((?:   .*\n|      .*\n)*)", text, re.MULTILINE
    ):
        options = match[2]
        excluded = re.search(r":exclude-members:(.*(?:\n      .*)*)", options)
        names = excluded[1].replace("\n", " ").split(",") if excluded else []
        found[match[1]] = [name.strip() for name in names if name.strip()]
    return found


def test_the_api_page_documents_the_public_modules() -> None:
    assert list(_automodules()) == [
        "nailgun_hooks",
        "nailgun_hooks.types",
        "nailgun_hooks.hookspecs",
        "nailgun_hooks.errors",
        "nailgun_hooks.manager",
        "nailgun_hooks.testing",
    ]


def test_every_name_of_the_package_is_documented_somewhere() -> None:
    """A name of ``nailgun_hooks.__all__`` left out of the package's section
    (to avoid documenting it twice) is documented with its own module."""
    modules = _automodules()
    for name in modules["nailgun_hooks"]:
        assert name in nailgun_hooks.__all__, name
        defined_in = getattr(nailgun_hooks, name).__module__
        assert defined_in in modules, f"{name} ({defined_in}) is documented nowhere"
        module = importlib.import_module(defined_in)
        assert name in getattr(module, "__all__", dir(module))
        assert name not in modules[defined_in]


def test_the_index_lists_every_page() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    toctree = index.split(":::{toctree}", 1)[1].split(":::", 1)[0]
    listed = {line.strip() for line in toctree.splitlines()[1:] if line.strip()}
    listed.discard(":maxdepth: 2")
    pages = {
        path.stem
        for path in (ROOT / "docs").iterdir()
        if path.suffix in {".md", ".rst"} and path.stem != "index"
    }
    assert listed == pages
