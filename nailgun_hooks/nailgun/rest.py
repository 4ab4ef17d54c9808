"""The REST surface: the loaded extensions' routes in the form Nailgun's
web.py application takes.

The routes themselves, and the startup checks that no two extensions claim a
URL pattern or a handler class name, are in :mod:`..startup.urls`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from ..startup.urls import Route, qualified

__all__ = ["webpy_mapping"]


def webpy_mapping(
    found: Iterable[Route],
    *,
    reserved_handlers: Collection[str] = (),
) -> tuple[tuple[object, ...], dict[str, object]]:
    """``(urls, handlers)`` for ``web.application(urls, handlers)``: the flat
    ``(pattern, key, ...)`` tuple and the class-name lookup, as Nailgun built
    them. The key is the handler's class name, or, for a handler web.py
    serves directly (an application), the handler's ``__name__`` itself.

    ``reserved_handlers`` are the class names Nailgun's core already uses;
    an extension handler with one of those names would replace a core
    endpoint, so it raises ``ValueError`` naming both.
    """
    urls: list[object] = []
    handlers: dict[str, object] = {}
    for route in found:
        name = route.handler_name
        if name is None:
            urls.extend((route.uri, route.key))
            continue
        if name in reserved_handlers:
            raise ValueError(
                f"extension {route.extension!r} handler "
                f"{qualified(route.handler)} for {route.uri!r} has the name of a "
                f"core handler, {name!r}; rename the extension's handler class"
            )
        other = handlers.setdefault(name, route.handler)
        if other is not route.handler:
            raise ValueError(
                f"handler classes {qualified(other)} and {qualified(route.handler)} "
                f"share the name {name!r}"
            )
        urls.extend((route.uri, name))
    return tuple(urls), handlers
