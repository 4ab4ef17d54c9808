"""Which attributes of an extension are hook implementations: one answer.

Startup asks "is this attribute a hook implementation, with which options,
and what function will pluggy call for it?" in three places: validation
judges the implementations, registration installs them, and pluggy's own
``register`` (through :class:`~.plugin_manager.NailgunPluginManager`) asks it
of every name it lists. All three get the answer here:

* :func:`implementation_opts` decides about one attribute: an ``@hookimpl``
  one, found by pluggy's static look-up (:mod:`.markscan` finds it faster),
  or else one of Nailgun's old-style handlers or pipeline runners
  (:mod:`.legacy`);
* :func:`implementations` lists every one of an object, in the order
  ``register`` finds them, each with the function pluggy binds and calls, so
  that validation judges exactly what is called;
* :func:`marked_but_unhookable` lists what carries the ``@hookimpl`` marker
  but is of a kind pluggy never registers (a ``functools.partial``, a
  callable object, a ``partialmethod``): silently dropped otherwise.

:mod:`.markscan` keeps the fast path: it names the few attributes that may be
implementations, so that nobody asks about the rest.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

import pluggy

from ..extension import BaseExtension
from . import legacy
from .implementation import Implementation
from .markscan import (
    candidate_names,
    has_static_lookup,
    marker_opts,
    namespaces,
    static_hook_attr,
)

__all__ = [
    "Found",
    "Implementation",
    "found_for",
    "implementation_opts",
    "implementations",
    "marked_but_unhookable",
]

_STATIC_LOOKUP = has_static_lookup()

Found = tuple[tuple[str, Mapping[str, object]], ...]
"""What ``register`` would register of one plugin: (attribute, options) in
``dir()`` order."""


def implementation_opts(
    plugin_manager: pluggy.PluginManager, plugin: object, name: str, marker: str
) -> pluggy.HookimplOpts | None:
    """The one decision: pluggy's options for ``plugin``'s attribute ``name``
    if it is an implementation (``@hookimpl``, or old-style), else None."""
    opts: pluggy.HookimplOpts | None
    if _STATIC_LOOKUP:  # pluggy's own answer, found faster (see markscan)
        found = static_hook_attr(plugin, name)
        marked = None if found is None else marker_opts(found[0], marker)
        opts = cast(pluggy.HookimplOpts | None, marked)
    else:  # pluggy's own look-up is out of reach: ask pluggy
        opts = pluggy.PluginManager.parse_hookimpl_opts(plugin_manager, plugin, name)
    if opts is None:
        opts = legacy.hookimpl_opts(plugin, name)
    return opts


def candidates(plugin: object, marker: str, events: frozenset[str]) -> set[str]:
    """The names of ``plugin`` that may be implementations: marked ones, and
    (old-style handlers carry no marker) those named like an event. The
    base's pipeline runners, which :func:`implementation_opts` would decline
    when there are no data pipelines, are left out."""
    names = candidate_names(plugin, marker, also=events)
    idle = legacy.idle_runners(plugin, marker)
    return names - idle if idle else names


def bound_function(plugin: object, attribute: str) -> Callable[..., object]:
    """The function pluggy's ``register`` binds for ``attribute`` (and its
    relays call)."""
    if _STATIC_LOOKUP:
        found = static_hook_attr(plugin, attribute)
        if found is not None:
            return found[1]
    function: Callable[..., object] = getattr(plugin, attribute)
    return function


def implementations(
    plugin_manager: pluggy.PluginManager,
    obj: object,
    listed: Sequence[str] | None = None,
) -> list[Implementation]:
    """The implementations pluggy's ``register`` finds on ``obj``, in its
    order: the names in ``dir(obj)`` (``listed``, when the caller has it) the
    manager's ``parse_hookimpl_opts`` accepts, asking only about those that
    may be implementations when the manager can tell."""
    names = dir(obj) if listed is None else listed
    possible = getattr(plugin_manager, "hookimpl_candidates", None)
    if possible is not None:
        may = possible(obj)
        names = [name for name in names if name in may]
    found = []
    for attribute in names:
        opts = plugin_manager.parse_hookimpl_opts(obj, attribute)
        if opts is None:
            continue
        hook = str(opts.get("specname") or attribute)
        function = bound_function(obj, attribute)
        found.append(Implementation(attribute, hook, function, opts))
    return found


def found_for(plugin_manager: pluggy.PluginManager, obj: object) -> Found:
    """What ``register`` would find on ``obj``: (attribute, options) pairs."""
    return tuple(
        (impl.attribute, impl.opts) for impl in implementations(plugin_manager, obj)
    )


# Values that cannot carry a marker pluggy skips: hookable ones, and plain
# data, which takes no attribute (most of a class's other attributes).
_NOT_SKIPPED = frozenset(
    {
        types.FunctionType,
        types.MethodType,
        staticmethod,
        classmethod,
        str,
        bytes,
        int,
        float,
        bool,
        type(None),
        tuple,
        list,
        dict,
        set,
        frozenset,
        property,
    }
)


def marked_but_unhookable(plugin: object, marker: str) -> list[tuple[str, object]]:
    """Attributes carrying ``marker`` that pluggy's static look-up skips
    (anything but a function, a class- or static method, a bound method):
    ``@hookimpl`` on them is silently dropped. The marker is read from the
    value's own ``__dict__``, where ``@hookimpl`` puts it, so that no
    attribute look-up of the value runs."""
    found = []
    seen: set[str] = set()
    for namespace in namespaces(plugin, skip=_BASES):
        for name, value in namespace.items():
            if name in seen:
                continue
            seen.add(name)
            if type(value) in _NOT_SKIPPED:
                continue
            if isinstance(_own(value).get(marker), dict):
                found.append((name, value))
    return found


_BASES = frozenset({BaseExtension})
"""Classes whose namespaces hold nothing an extension marked."""


def _own(value: object) -> dict[str, Any]:
    try:
        own = object.__getattribute__(value, "__dict__")
    except AttributeError:
        return {}
    return own if type(own) is dict else {}
