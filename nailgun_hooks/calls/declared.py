"""``manager.hook.<call>`` for the calls extensions declare themselves.

A declared call (a ``provides`` name no hookspec declares, see
:mod:`nailgun_hooks.startup.provides`) is no pluggy hook: its callers are
built here, over the declaring extensions' methods in the relay's order,
with first-result semantics (the first answer that is not None wins) and
keyword arguments, like a hookspec's first-result call. They are plain
calls: no failure policy, attribution or tracing applies to them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import pluggy

from ..errors import ExtensionNotFoundError
from ..startup.provides import declared_methods

__all__ = ["callers", "declared_caller", "declared_in", "unavailable_declared"]

Methods = tuple[Callable[..., object], ...]


def declared_in(
    plugin_manager: pluggy.PluginManager,
    order: Sequence[str] | None,
    only: Collection[str] | None,
) -> dict[str, Methods]:
    """Each declared call with the methods answering it, in ``order``."""
    names = (
        order
        if order is not None
        else [n for n, _ in plugin_manager.list_name_plugin()]
    )
    found: dict[str, list[Callable[..., object]]] = {}
    for name in names:
        if only is not None and name not in only:
            continue
        plugin = plugin_manager.get_plugin(name)
        if plugin is None:
            continue
        for call, method in declared_methods(plugin):
            found.setdefault(call, []).append(method)
    return {call: tuple(methods) for call, methods in found.items()}


def declared_caller(name: str, methods: Methods) -> Callable[..., Any]:
    """Ask each method with the keyword arguments given; the first answer
    that is not None wins."""

    def call(**kwargs: Any) -> Any:
        for method in methods:
            result = method(**kwargs)
            if result is not None:
                return result
        return None

    call.__name__ = call.__qualname__ = name
    return call


def unavailable_declared(name: str, message: str) -> Callable[..., Any]:
    """A declared call of a scope missing some of its extensions: it raises."""

    def call(**kwargs: Any) -> Any:
        raise ExtensionNotFoundError(message)

    call.__name__ = call.__qualname__ = name
    return call


def callers(
    declared: Mapping[str, Methods], unavailable: str | None
) -> dict[str, Callable[..., Any]]:
    """Every declared call's caller, for a relay's namespace."""
    if unavailable is not None:
        return {name: unavailable_declared(name, unavailable) for name in declared}
    return {name: declared_caller(name, methods) for name, methods in declared.items()}
