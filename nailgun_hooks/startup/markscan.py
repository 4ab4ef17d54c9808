"""Which attributes of a plugin could be hook implementations: a fast answer.

pluggy's ``register`` asks ``parse_hookimpl_opts`` about every name in
``dir(plugin)``, and each answer walks the MRO with
``inspect.getattr_static``: for a ``BaseExtension`` that is about 90 static
look-ups per extension, twice (we enumerate implementations for validation
with the same method), which was most of our startup time with many
extensions. Reading the plugin's and its classes' ``__dict__`` once finds
every name that *could* be an implementation; pluggy's own method then
decides about those few, so what is registered does not change.
"""

from __future__ import annotations

import abc
import types
from collections.abc import Callable
from typing import Any

from .. import _pluggy_internals

_HOOKABLE = (types.FunctionType, staticmethod, classmethod, types.MethodType)
_BUILTIN = frozenset({object, type, types.ModuleType})


def is_marked(value: object, marker: str) -> bool:
    """The one answer to "does ``value`` carry ``@hookimpl``?": pluggy's
    ``_get_marker_opts`` finds options on it, or on the function it wraps."""
    return marker_opts(value, marker) is not None


def _marked(value: object, marker: str) -> bool:
    """``value`` is hookable and carries ``marker``."""
    return isinstance(value, _HOOKABLE) and is_marked(value, marker)


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
        if cls in _BUILTIN or cls in skip:  # immutable, or ours
            continue
        namespace = type.__getattribute__(cls, "__dict__")
        found.append(dict(namespace))
    return found


def candidate_names(
    plugin: object, marker: str, also: frozenset[str] = frozenset()
) -> set[str]:
    """A superset of the names pluggy would register ``plugin``'s
    implementations under (before ``specname``): the marked ones, and every
    name in ``also`` that ``plugin`` defines as something hookable."""
    names = set()
    slots = []
    for namespace in namespaces(plugin):
        for name, value in namespace.items():
            if _marked(value, marker) or (
                name in also and isinstance(value, _HOOKABLE)
            ):
                names.add(name)
            elif isinstance(value, types.MemberDescriptorType):
                slots.append((name, value))
    for name, slot in slots:  # a function stored in a __slots__ slot
        try:
            value = slot.__get__(plugin, type(plugin))
        except (AttributeError, TypeError):
            continue
        if _marked(value, marker):
            names.add(name)
    return names


# --- pluggy's static look-up, without inspect.getattr_static ------------------

Bound = tuple[object, Callable[..., object]]

# pluggy's own look-up: what parse_hookimpl_opts and register bind
_pluggy_lookup: Callable[[object, str], Bound | None] | None = (
    _pluggy_internals.static_hook_attr
)


def has_static_lookup() -> bool:
    """Whether :func:`static_hook_attr` can stand in for pluggy's."""
    return _pluggy_lookup is not None


_ABSENT = object()
_PLAIN_METACLASSES = (type, abc.ABCMeta)


def _plain_classes(cls: type) -> tuple[type, ...] | None:
    """``cls``'s MRO if ``inspect.getattr_static`` on its instances is just
    "the instance's ``__dict__``, then the first class ``__dict__`` holding
    the name": no metaclass of its own, no class replacing ``__dict__``."""
    mro: tuple[type, ...] = type.__getattribute__(cls, "__mro__")
    for klass in mro:
        if not any(type(klass) is plain for plain in _PLAIN_METACLASSES):
            return None
        own = type.__getattribute__(klass, "__dict__").get("__dict__")
        if own is not None and not (
            type(own) is types.GetSetDescriptorType
            and own.__name__ == "__dict__"
            and own.__objclass__ is klass
        ):
            return None
    return mro


def static_mro(obj: object) -> tuple[type, ...] | None:
    """The MRO :func:`static_hook_attr` reads ``obj``'s attributes from, or
    None when it leaves the look-up to pluggy (see there)."""
    if isinstance(obj, type | types.ModuleType):
        return None
    return _plain_classes(type(obj))


def static_hook_attr(obj: object, name: str) -> Bound | None:
    """pluggy's ``_static_hook_attr(obj, name)``: the marker holder and the
    function ``register`` binds, or None.

    pluggy finds them with ``inspect.getattr_static`` (twice for an instance:
    once for a ``__slots__`` slot, once for the value), which is slow, for
    every name it is asked about, at validation and again at registration.
    For an instance of ordinary classes the same answer comes from the
    instance's and the classes' ``__dict__``; anything else (classes,
    modules, metaclasses, a class that replaces ``__dict__``) is left to
    pluggy. ``tests/test_fastpath_startup.py`` compares the two.
    """
    if _pluggy_lookup is None:  # pragma: no cover
        raise RuntimeError("pluggy's static look-up is not available")
    cls = type(obj)
    mro = static_mro(obj)
    if mro is None:
        return _pluggy_lookup(obj, name)
    try:
        own = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        own = {}
    value = own.get(name, _ABSENT) if isinstance(own, dict) else _ABSENT
    static: object = None
    if value is _ABSENT:
        for klass in mro:
            namespace = type.__getattribute__(klass, "__dict__")
            if name in namespace:
                static = namespace[name]
                break
        if isinstance(static, types.MemberDescriptorType):  # a __slots__ slot
            try:
                value = static.__get__(obj, cls)
            except AttributeError:
                value = _ABSENT
    if value is not _ABSENT:  # handed out as it is, unbound
        if isinstance(value, types.MethodType):
            return value.__func__, value
        if isinstance(value, types.FunctionType):
            return value, value
        return None
    if isinstance(static, staticmethod):
        return static, static.__func__
    if isinstance(static, classmethod):
        return static, static.__get__(cls, cls)
    if isinstance(static, types.MethodType):
        return static.__func__, static
    if isinstance(static, types.FunctionType):
        return static, static.__get__(obj, cls)
    return None


def marker_opts(holder: object, marker: str) -> dict[str, Any] | None:
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
