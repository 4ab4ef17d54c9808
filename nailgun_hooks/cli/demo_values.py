"""How the demo describes what hooks receive and return: briefly (an object
by its id and name, a mapping by its number of keys, a change by the names
of the keys it touched), and escaped where the text is an extension's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import counted, printable
from ..inmemory import MemoryCluster, MemoryNode, MemoryNodeGroup

__all__ = ["changed_keys", "key_names", "odd_keys", "summary"]


def summary(value: object) -> str:
    """A short description of a hook argument; never a whole value."""
    if isinstance(value, MemoryNode):
        return f"node {value.id} {value.name!r}"
    if isinstance(value, MemoryCluster):
        return f"cluster {value.id} {value.name!r}"
    if isinstance(value, MemoryNodeGroup):
        return f"nodegroup {value.id} {value.name!r}"
    if isinstance(value, Mapping):
        return f"{{{counted(len(value), 'key')}}}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        if all(isinstance(item, MemoryNode) for item in value):
            return f"[nodes {', '.join(str(node.id) for node in value)}]"
        if all(isinstance(item, int) for item in value):
            return repr(list(value))
        return f"[{len(value)} items]"
    return repr(value)


def key_names(keys: Iterable[object]) -> str:
    """Keys, sorted as text: an extension may add any key, of any type."""
    return ", ".join(sorted(printable(key) for key in keys))


def odd_keys(data: Mapping[Any, Any]) -> list[object]:
    """The keys that are not strings (Nailgun's data is keyed by strings)."""
    return [key for key in data if not isinstance(key, str)]


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """Which top-level keys a pipeline added, changed or removed (names only)."""
    added = set(after) - set(before)
    removed = set(before) - set(after)
    changed = [k for k in set(before) & set(after) if before[k] != after[k]]
    parts = [
        f"{label} {key_names(keys)}"
        for label, keys in (
            ("added", added),
            ("changed", changed),
            ("removed", removed),
        )
        if keys
    ]
    return "; ".join(parts) or "unchanged"
