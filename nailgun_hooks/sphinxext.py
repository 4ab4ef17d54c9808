"""Sphinx directives that document Nailgun extensions inside another
project's docs (Nailgun's, an extension's), as stevedore's ``list-plugins``
does for its plugins.

``extensions = ["nailgun_hooks.sphinxext"]`` in ``conf.py`` adds:

* ``.. nailgun-extensions:: [namespace]`` lists the extensions installed
  where the docs are built, loaded as Nailgun loads them: name, version,
  description, distribution and hooks, in call order; ``:detailed:`` adds
  each extension's own docstring. An installed extension that is rejected
  is a Sphinx warning (so ``-W`` fails the build), never left out silently.
* ``.. nailgun-hooks-reference::`` documents every event Nailgun fires, with
  its signature, kind and scope (``:no-index:`` when the same docs also
  document :mod:`nailgun_hooks.hookspecs` with autodoc).

Both write reStructuredText and let Sphinx parse it, so the output follows
the project's theme and cross-references (``:py:func:`` to an event).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from ._version import __version__
from .loading import load_extensions
from .manager import HookManager
from .markers import NAMESPACE
from .spec.catalogue import HookSpec, specs
from .spec.reference import KIND_LABELS, SCOPE_LABELS, signature
from .startup.records import ExtensionRecord

__all__ = ["setup"]

logger = logging.getLogger(__name__)


def _indent(text: str, by: str = "   ") -> list[str]:
    return [f"{by}{line}".rstrip() for line in text.splitlines()]


def _literal(value: str) -> str:
    """``value`` as reST inline code (backquotes cannot occur in names)."""
    return f"``{value}``" if value else "none"


def extension_lines(record: ExtensionRecord, *, detailed: bool) -> list[str]:
    """One extension as a reST definition: name and version, then its
    description and facts."""
    lines = [f"{_literal(record.name)} {record.version}".rstrip()]
    lines += _indent(record.description or "(no description)")
    lines.append("")
    distribution = record.distribution or "(given directly, no distribution)"
    lines += [
        f"   :distribution: {distribution}",
        f"   :hooks: {', '.join(map(_literal, record.hooks)) or 'none'}",
        f"   :style: {record.style}",
    ]
    if record.provides:
        lines.append(f"   :provides: {', '.join(map(_literal, record.provides))}")
    doc = _own_doc(record.obj) if detailed else ""
    if doc:
        lines += ["", *_indent(doc)]
    lines.append("")
    return lines


def _own_doc(obj: object) -> str:
    """The docstring the extension's author wrote: its class's or module's
    own (a class without one does not show its base's), or its type's."""
    holder = obj if inspect.isclass(obj) or inspect.ismodule(obj) else type(obj)
    try:
        doc = holder.__dict__.get("__doc__")
    except Exception:  # a hostile object: document it without its docstring
        return ""
    return inspect.cleandoc(doc) if isinstance(doc, str) else ""


def extensions_rst(manager: HookManager, *, detailed: bool) -> list[str]:
    """The loaded extensions, in call order, as one reST definition list."""
    if not len(manager):
        return ["No Nailgun extension is installed.", ""]
    lines: list[str] = []
    for record in manager:
        lines += extension_lines(record, detailed=detailed)
    return lines


def returns_field(lines: Sequence[str]) -> list[str]:
    """A hookspec's docstring for Sphinx: its closing "Return value:" line
    (which the markdown reference renders as it is) is the ``:returns:``
    field, continuation lines indented under it."""
    out: list[str] = []
    field = False
    for line in lines:
        if line.startswith("Return value:"):
            out.append(":returns:" + line[len("Return value:") :])
            field = True
        elif field and line.strip():
            out.append("   " + line)
        else:
            field = False
            out.append(line)
    return out


def _autodoc_returns_field(
    app: object, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """The same for autodoc, so that a project documenting
    :mod:`nailgun_hooks.hookspecs` with it gets no warning."""
    if name.startswith("nailgun_hooks."):
        lines[:] = returns_field(lines)


def reference_rst(hooks: Iterable[HookSpec], *, index: bool) -> list[str]:
    """Every event as a ``py:function`` of :mod:`nailgun_hooks.hookspecs`."""
    lines: list[str] = []
    for spec in hooks:
        lines += [f".. py:function:: {signature(spec)}"]
        lines += ["   :module: nailgun_hooks.hookspecs"]
        if not index:
            lines.append("   :no-index:")
        facts = (
            f"**kind:** {KIND_LABELS[spec.kind]} · "
            f"**first result:** {'yes' if spec.firstresult else 'no'} · "
            f"**scope:** {SCOPE_LABELS[spec.scope]}"
        )
        lines += ["", f"   {facts}", ""]
        if spec.deprecated:
            lines += [f"   **Deprecated:** {spec.deprecated}", ""]
        lines += [*_indent("\n".join(returns_field(spec.doc.splitlines()))), ""]
    return lines


class _RstDirective(SphinxDirective):
    """A directive whose output is reST it writes, parsed in place."""

    def parse(self, lines: Sequence[str]) -> list[nodes.Node]:
        container = nodes.container()
        source = self.get_source_info()[0] or "<nailgun_hooks.sphinxext>"
        content = StringList(list(lines), source=source)
        nested_parse_with_titles(self.state, content, container)
        return list(container.children)


class ExtensionsDirective(_RstDirective):
    """``.. nailgun-extensions:: [namespace]``."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"detailed": directives.flag}

    def run(self) -> list[nodes.Node]:
        namespace = self.arguments[0] if self.arguments else NAMESPACE
        manager = load_extensions(strict=False, namespace=namespace)
        for problem in manager.problems:
            logger.warning(
                "nailgun-extensions: %s", problem, location=self.get_location()
            )
        detailed = "detailed" in self.options
        return self.parse(extensions_rst(manager, detailed=detailed))


class HookReferenceDirective(_RstDirective):
    """``.. nailgun-hooks-reference::``."""

    option_spec: ClassVar[dict[str, Any]] = {"no-index": directives.flag}

    def run(self) -> list[nodes.Node]:
        index = "no-index" not in self.options
        return self.parse(reference_rst(specs().values(), index=index))


def setup(app: Any) -> dict[str, Any]:
    """Sphinx's entry point: register both directives, and the docstrings'
    "Return value:" line for autodoc."""
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("autodoc-process-docstring", _autodoc_returns_field)
    app.add_directive("nailgun-extensions", ExtensionsDirective)
    app.add_directive("nailgun-hooks-reference", HookReferenceDirective)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
