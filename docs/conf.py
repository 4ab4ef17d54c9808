"""Sphinx configuration of the documentation site (``tox -e docs``).

The pages are the markdown files of this folder, read by MyST, so that they
stay readable on a forge and stay executed by tests/test_docs.py; the API
page is generated from the docstrings (autodoc) and the release notes from
``releasenotes/notes`` by reno, which reads them from git history.
"""

from __future__ import annotations

import importlib.metadata
import re
from typing import Any

from docutils import nodes

project = "nailgun-hooks"
author = "the nailgun-hooks authors"
copyright = "the nailgun-hooks authors"
try:
    release = importlib.metadata.version("nailgun-hooks")
except importlib.metadata.PackageNotFoundError:  # not installed: no version shown
    release = ""
version = release

# nailgun_hooks.sphinxext: the hookspecs' "Return value:" line as Sphinx's
# :returns: field (the API page), as in any project documenting them.
extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "reno.sphinxext",
    "nailgun_hooks.sphinxext",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]

# The markdown pages write directives as ":::{name}" fences: tests/test_docs.py
# runs or checks every ``` block, and a directive is not code. The pages that
# autodoc and reno fill (api, release-notes) are reStructuredText: they write
# reStructuredText, which MyST would show as text.
myst_enable_extensions = ["colon_fence"]
# The pages link to each other's sections by GitHub's heading slugs
# ("guide.md#the-nailgun-hooks-command"); MyST makes the same anchors.
myst_heading_anchors = 3

autodoc_default_options = {"members": True}
autodoc_member_order = "bysource"
# Signatures stay as written ("Node", not "nailgun_hooks.types.Node").
autodoc_typehints_format = "short"


def _no_type_docstring(
    app: object, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """A constant re-exported from another module (``__version__``,
    ``HANDLER_PREFIXES``) has no docstring autodoc can find, which then shows
    its type's (``str``'s, ``tuple``'s); the page says what it is instead."""
    own = type(obj).__doc__
    if (
        what in {"data", "attribute"}
        and own
        and lines
        and own.strip().startswith(lines[0].strip())
    ):
        lines.clear()


# reno names a release by the git tag that first contains its notes; before
# the first tag (none is made until 0.1.0 is published) it calls them
# "0.0.0". They are the notes of the version being released: pyproject's.
UNTAGGED = "0.0.0"


def _untagged_release(app: Any, doctree: nodes.document) -> None:
    """Title reno's untagged notes with the version being released."""
    if app.env.docname != "release-notes" or not release:
        return
    for title in doctree.findall(nodes.title):
        if title.astext() == UNTAGGED:
            title.replace(title[0], nodes.Text(release))


# A type variable is shown by the module that defines it
# ("~nailgun_hooks.calls.scopes._R"); the reader needs its name only.
_TYPE_VARIABLE = re.compile(r"~?(?:[\w.]+\.)?~?_?([A-Z])\b")


def _short_type_variables(
    app: object,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    def short(text: str | None) -> str | None:
        return None if text is None else _TYPE_VARIABLE.sub(r"\1", text)

    return short(signature), short(return_annotation)


def setup(app: Any) -> None:
    app.connect("autodoc-process-docstring", _no_type_docstring)
    app.connect("autodoc-process-signature", _short_type_variables)
    # before the table of contents is read from the page (priority 500)
    app.connect("doctree-read", _untagged_release, priority=400)


html_theme = "alabaster"
html_title = f"nailgun-hooks {release}".strip()
