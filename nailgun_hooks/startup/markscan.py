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
from typing import Any

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


# --- which objects' attributes are their __dict__s' ---------------------------

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
    """The MRO whose namespaces hold ``obj``'s attributes as a static
    look-up finds them (after its own ``__dict__``), or None when ``obj`` is
    a class, a module, or an instance of classes that change the rules."""
    if isinstance(obj, type | types.ModuleType):
        return None
    return _plain_classes(type(obj))


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
