"""The names that tie extensions, specs and entry points together.

pluggy matches implementations to specifications by a *project name*: the
marker attribute on a function is ``<project>_impl``. Keeping the project name,
the entry-point namespace and both markers in one module means the spec module,
the manager and every extension agree on them by construction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import pluggy

__all__ = ["NAMESPACE", "hookimpl"]

PROJECT_NAME = "nailgun"
"""pluggy project name: implementations carry the ``nailgun_impl`` attribute."""

IMPL_MARKER = f"{PROJECT_NAME}_impl"
"""The attribute ``@hookimpl`` sets on a function: its options."""

NAMESPACE = "nailgun.extensions"
"""The entry-point group an installed extension registers itself in."""

ENABLED_ENV = "NAILGUN_EXTENSIONS"
"""Comma-separated allow-list of extension names; others are never imported."""

DISABLED_ENV = "NAILGUN_EXTENSIONS_DISABLED"
"""Comma-separated deny-list of extension names; they are never imported."""

NAME_MAX = 63 - len("_alembic_version")
"""The longest extension name: ``<name>_alembic_version``, the extension's
version table, must fit the 63 characters PostgreSQL allows in a name."""

NAME_PATTERN = re.compile(rf"[a-z][a-z0-9_-]{{0,{NAME_MAX - 1}}}")
"""A valid extension name: it is a table prefix and an item of the lists
above. Lowercase only: databases that ignore case in table names would give
``Audit`` and ``audit`` the same tables, and the lists compare names without
regard to case (:func:`list_name`)."""

NAME_RULE = (
    "a lowercase letter followed by lowercase letters, digits, '_' or '-' "
    f"({NAME_MAX} at most)"
)
""":data:`NAME_PATTERN` in words, for the hints that ask for a valid name."""


def list_name(entry: str) -> str:
    """An extension name as written in a list (the allow- and deny-lists, a
    subset): names are lowercase, so ``AUDIT`` means ``audit`` and an
    operator's exclusion never fails open on case."""
    return entry.strip().lower()


hookspec = pluggy.HookspecMarker(PROJECT_NAME)
"""Marks a function of :mod:`nailgun_hooks.hookspecs` as an event's
specification (pluggy's marker; new events use :func:`event` too)."""

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
"""Marks a method or function as the implementation of a Nailgun event.

Accepts pluggy's options: ``tryfirst``, ``trylast``, ``wrapper``,
``hookwrapper`` and ``specname`` (implement a hook under another name).
"""

Scope = Literal["all", "cluster", "node"]
"""Who receives an event: every extension, the cluster's enabled extensions,
or (first-result calls) the node's extensions first, then its cluster's."""

Kind = Literal["notification", "pipeline", "first-result"]
"""What Nailgun does with an event's results: ignores them (notifications),
nothing (pipelines edit the data in place), or takes the first that is not
None."""

EVENT_ATTR = "nailgun_hooks_event"
"""The attribute :func:`event` sets on a hookspec: its :class:`EventInfo`."""

_F = TypeVar("_F", bound=Callable[..., object])


@dataclass(frozen=True)
class EventInfo:
    """What pluggy's spec options cannot say: scope and kind of an event,
    and why it is deprecated, if it is."""

    scope: Scope
    kind: Kind
    deprecated: str | None = None
    """What to do instead (e.g. "implement on_node_update instead"); the
    event is deprecated when this is set."""

    @property
    def firstresult(self) -> bool:
        return self.kind == "first-result"


def event(
    *,
    scope: Scope = "all",
    kind: Kind = "notification",
    deprecated: str | None = None,
) -> Callable[[_F], _F]:
    """Declare a hookspec together with its Nailgun scope and kind.

    :param deprecated: deprecate the event, saying what replaces it. The
        spec then carries pluggy's ``warn_on_impl``: registering an
        implementation of it warns (``DeprecationWarning``) at the
        implementation's file and line. nailgun-hooks' own registration
        re-words that warning to name the extension.
    """
    info = EventInfo(scope=scope, kind=kind, deprecated=deprecated)

    def mark(func: _F) -> _F:
        setattr(func, EVENT_ATTR, info)
        warning = (
            None
            if deprecated is None
            else DeprecationWarning(
                f"the hook {func.__name__!r} is deprecated: {deprecated}"
            )
        )
        return hookspec(func, firstresult=info.firstresult, warn_on_impl=warning)

    return mark


def is_marked(value: object, marker: str = IMPL_MARKER) -> bool:
    """The one answer to "does ``value`` carry ``@hookimpl``?": pluggy's
    ``_get_marker_opts`` finds options on it, or on the function it wraps."""
    return marker_opts(value, marker) is not None


def marker_opts(holder: object, marker: str = IMPL_MARKER) -> dict[str, Any] | None:
    """pluggy's ``_get_marker_opts``: the options on ``holder``, or on the
    function it wraps."""
    opts = getattr(holder, marker, None)
    if opts is not None:
        return opts if isinstance(opts, dict) else None
    function = getattr(holder, "__func__", None)
    if function is not None:
        opts = getattr(function, marker, None)
        if opts is not None:
            return opts if isinstance(opts, dict) else None
    return None
