"""What a hook implementation is: one answer, for both styles.

Startup asks "is this attribute a hook implementation, with which options,
and what function will pluggy call for it?" in three places: the checks
judge the implementations, registration installs them, and pluggy's own
``register`` (through :class:`~.plugin_manager.NailgunPluginManager`) asks
it of every name it lists. All three get the answer here:

* :func:`implementation_opts` decides about one attribute: an ``@hookimpl``
  one, as pluggy's own ``parse_hookimpl_opts`` finds it, or else one of
  Nailgun's old-style handlers or pipeline runners (:mod:`.legacy`);
* :func:`implementations` lists every one of an object, in the order
  ``register`` finds them, each with the function pluggy binds and calls,
  so that the checks judge exactly what is called;
* :func:`marked_but_unhookable` lists what carries the ``@hookimpl`` marker
  but is of a kind pluggy never registers (a ``functools.partial``, a
  callable object, a ``partialmethod``): silently dropped otherwise.

pluggy's ``register`` asks ``parse_hookimpl_opts`` about every name in
``dir(plugin)``, and each answer walks the MRO with a static look-up.
:func:`candidate_names` reads the plugin's and its classes' ``__dict__``
once instead, and names the few attributes that *could* be
implementations; pluggy's own method then decides about those, so what is
registered does not change.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pluggy

from .. import _pluggy_internals
from ..extension import BaseExtension
from ..markers import IMPL_MARKER, is_marked
from . import legacy
from .records import Implementation

__all__ = [
    "candidate_names",
    "candidates",
    "implementation_opts",
    "implementations",
    "marked_but_unhookable",
    "namespaces",
    "scanned_opts",
]

_HOOKABLE = (types.FunctionType, staticmethod, classmethod, types.MethodType)
_BUILTIN = frozenset(map(id, (object, type, types.ModuleType)))
"""The builtin classes whose namespaces hold nothing of an extension's, by
``id``: a set of the classes would ask the class under question's
metaclass ``__hash__`` and ``__eq__`` (the ids of builtin types are never
reused)."""


def _marked(value: object) -> bool:
    """``value`` is hookable and carries ``@hookimpl``."""
    return isinstance(value, _HOOKABLE) and is_marked(value)


def namespaces(
    plugin: object, skip: frozenset[type] = frozenset()
) -> list[dict[str, object]]:
    """Every namespace a static look-up on ``plugin`` may read (but those
    of the classes in ``skip``)."""
    found: list[dict[str, object]] = []
    is_class = issubclass(type(plugin), type)  # never a __class__ it fakes
    if not is_class:  # an instance's or a module's own names
        try:
            own = object.__getattribute__(plugin, "__dict__")
        except AttributeError:
            own = None
        if isinstance(own, dict):
            found.append(own)
    classes = list(type.__getattribute__(type(plugin), "__mro__"))
    if is_class:
        classes = list(type.__getattribute__(plugin, "__mro__")) + classes
    for cls in classes:
        if id(cls) in _BUILTIN or any(cls is ours for ours in skip):
            continue
        namespace = type.__getattribute__(cls, "__dict__")
        found.append(dict(namespace))
    return found


def candidate_names(
    plugin: object, also: frozenset[str] = frozenset()
) -> dict[str, bool]:
    """A superset of the names pluggy would register ``plugin``'s
    implementations under (before ``specname``): the marked ones, and every
    name in ``also`` that ``plugin`` defines as something hookable. Each
    says whether a marked value was seen under it: a name marked nowhere can
    only be an old-style implementation, and pluggy's look-up is spared."""
    names: dict[str, bool] = {}
    slots = []
    for namespace in namespaces(plugin):
        for name, value in namespace.items():
            if _marked(value):
                names[name] = True
            elif name in also and isinstance(value, _HOOKABLE):
                names.setdefault(name, False)
            elif isinstance(value, types.MemberDescriptorType):
                slots.append((name, value))
    for name, slot in slots:  # a function stored in a __slots__ slot
        try:
            value = slot.__get__(plugin, type(plugin))
        except (AttributeError, TypeError):
            continue
        if _marked(value):
            names[name] = True
    return names


def implementation_opts(
    plugin_manager: pluggy.PluginManager,
    plugin: object,
    name: str,
    *,
    marked: bool = True,
) -> pluggy.HookimplOpts | None:
    """The one decision: pluggy's options for ``plugin``'s attribute ``name``
    if it is an implementation (``@hookimpl``, or old-style), else None.
    ``marked=False``: no value under ``name`` carries ``@hookimpl`` (the
    scan, :func:`candidate_names`, saw them all), so only the old-style
    rules can accept it, and pluggy's look-up is spared."""
    opts = None
    if marked:
        opts = pluggy.PluginManager.parse_hookimpl_opts(plugin_manager, plugin, name)
    if opts is None:
        opts = legacy.hookimpl_opts(plugin, name)
    return opts


def scanned_opts(
    plugin_manager: pluggy.PluginManager,
    plugin: object,
    name: str,
    scan: Mapping[str, bool],
) -> pluggy.HookimplOpts | None:
    """:func:`implementation_opts` of a plugin whose names were scanned
    (``scan``, from :func:`candidate_names`): a name the scan left out is
    no implementation, and one it saw marked nowhere is asked of the
    old-style rules alone."""
    if name not in scan:
        return None
    return implementation_opts(plugin_manager, plugin, name, marked=scan[name])


def candidates(plugin: object, events: frozenset[str]) -> dict[str, bool]:
    """The names of ``plugin`` that may be implementations: marked ones, and
    (old-style handlers carry no marker) those named like an event; each
    saying whether it may carry ``@hookimpl`` (see :func:`candidate_names`)."""
    return candidate_names(plugin, also=events)


def bound_function(plugin: object, attribute: str) -> Callable[..., object]:
    """The function pluggy's ``register`` binds for ``attribute`` (and its
    relays call)."""
    if _pluggy_internals.static_hook_attr is not None:  # exactly what register binds
        found = _pluggy_internals.static_hook_attr(plugin, attribute)
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
    manager accepts. A manager that can name the possible implementations
    (``hookimpl_candidates``: ours) decides about those alone, by
    :func:`scanned_opts`, as its ``parse_hookimpl_opts`` does; any other is
    asked about every name."""
    names = dir(obj) if listed is None else listed
    possible = getattr(plugin_manager, "hookimpl_candidates", None)
    scan: dict[str, bool] | None = None if possible is None else possible(obj)
    found = []
    for attribute in names:
        if scan is None:
            opts = plugin_manager.parse_hookimpl_opts(obj, attribute)
        else:
            opts = scanned_opts(plugin_manager, obj, attribute, scan)
        if opts is not None:
            hook = str(opts.get("specname") or attribute)
            function = bound_function(obj, attribute)
            found.append(Implementation(attribute, hook, function, opts))
    return found


# Values that cannot carry a marker pluggy skips: hookable ones, and plain
# data, which takes no attribute (most of a class's other attributes). By
# the ids of their types, as _BUILTIN is.
_NOT_SKIPPED = frozenset(
    map(
        id,
        (
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
        ),
    )
)


def marked_but_unhookable(plugin: object) -> list[tuple[str, object]]:
    """Attributes carrying ``@hookimpl`` that pluggy's static look-up skips
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
            if id(type(value)) in _NOT_SKIPPED:
                continue
            if isinstance(_own(value).get(IMPL_MARKER), dict):
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
