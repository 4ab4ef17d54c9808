"""Small extensions and a deprecated event, for the tests of ``startup/``.

The checks, assembly, refusals and pipeline tests each need an extension
class with one ``@hookimpl`` and a name of its own, and the deprecation
tests an event that is deprecated; they are written once here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, hookimpl, hookspecs
from nailgun_hooks.markers import event
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.types import Node

REPLACEMENT = "implement 'on_node_update' instead"
"""What replaces the deprecated test event, as its warning says."""


def extension_class(
    name: str, description: str = "d", **attributes: Any
) -> type[BaseExtension]:
    """A ``BaseExtension`` subclass named ``name`` implementing
    ``on_node_update`` (marked ``@hookimpl``), with ``attributes`` as
    class attributes."""

    def on_node_update(self: Any, node: Any) -> None: ...

    namespace: dict[str, Any] = {
        "name": name,
        "version": "1.0",
        "description": description,
        "on_node_update": hookimpl(on_node_update),
        **attributes,
    }
    return type(f"Ext_{name}", (BaseExtension,), namespace)


@event(deprecated=REPLACEMENT)
def on_node_touch(node: Node) -> None:
    """A node was touched (a test event, deprecated)."""


@pytest.fixture
def deprecated_event(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``on_node_touch`` declared among the events for one test."""
    monkeypatch.setattr(hookspecs, "on_node_touch", on_node_touch, raising=False)
    specs.cache_clear()
    yield
    monkeypatch.undo()
    specs.cache_clear()
