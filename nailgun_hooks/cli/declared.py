"""``nailgun-hooks specs --installed``: the calls installed extensions
declare themselves, after the hookspecs' reference.

The reference documents the hookspecs, which never change with what is
installed; a call an extension declares (a ``provides`` name no hookspec
declares, see :mod:`nailgun_hooks.startup.provides`) exists only where that
extension is installed, so it is listed only when asked for, from the
extensions that load (leniently: a broken one is left out, as ``list``
reports).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import printable
from ..loading import load_extensions
from ..startup.records import ExtensionRecord

__all__ = ["declared_calls", "render_declared"]


def declared_calls(
    records: Iterable[ExtensionRecord],
) -> dict[tuple[str, str], list[str]]:
    """Each declared call (name, signature) with the extensions declaring
    it, in call order."""
    found: dict[tuple[str, str], list[str]] = {}
    for record in records:
        for call in record.calls:
            found.setdefault(call, []).append(record.name)
    return found


def render_declared(namespace: str, *, markdown: bool = False) -> str:
    """The section appended to the reference for ``--installed``."""
    manager = load_extensions(strict=False, namespace=namespace)
    calls = declared_calls(manager.extensions)
    title = f"Calls declared by installed extensions ({namespace!r})"
    lines = [f"\n## {title}\n\n" if markdown else f"\n{title}:\n"]
    if not calls:
        lines.append("none\n")
    for (name, signature), extensions in sorted(calls.items()):
        shown = printable(f"{name}{signature}")
        by = ", ".join(extensions)
        lines.append(f"- `{shown}`: {by}\n" if markdown else f"  {shown}\n    {by}\n")
    return "".join(lines)
