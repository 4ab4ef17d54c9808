"""Is one runtime annotation assignable to another?

pluggy never looks at annotations, so an implementation annotated to take a
``Cluster`` where the hook passes a ``Node`` registers fine and fails at 3 a.m.
This module answers the question mypy would answer for the common shapes an
extension writes (classes, Protocols, unions, Optional, Literal, generic
collections). For shapes it cannot judge (callables, TypeVars, strings it could
not resolve) it answers "compatible": a false alarm at startup would take a
healthy extension down, so only a certain mismatch is reported.
"""

from __future__ import annotations

import collections.abc
import types
import typing
from typing import Any, Literal, Union

_NoneType = type(None)

# Mutable containers are invariant in their parameters; everything else that
# we compare parameter by parameter is treated as covariant.
_INVARIANT_ORIGINS: tuple[type, ...] = (
    list,
    dict,
    set,
    collections.abc.MutableSequence,
    collections.abc.MutableMapping,
    collections.abc.MutableSet,
)
_NUMERIC_PROMOTIONS = {int: (float, complex), float: (complex,)}


def _normalise(tp: object) -> object:
    if tp is None:
        return _NoneType
    if isinstance(tp, typing.NewType):
        return _normalise(tp.__supertype__)
    if typing.get_origin(tp) is typing.Annotated:
        return _normalise(typing.get_args(tp)[0])
    return tp


def _is_union(tp: object) -> bool:
    return typing.get_origin(tp) in (Union, types.UnionType)


def _is_protocol(tp: object) -> bool:
    return isinstance(tp, type) and bool(getattr(tp, "_is_protocol", False))


def protocol_members(proto: type) -> frozenset[str]:
    """The attribute names a Protocol class requires."""
    members: set[str] = set()
    for base in proto.__mro__:
        if base in (object, typing.Protocol, typing.Generic):
            continue
        if not getattr(base, "_is_protocol", False):
            continue
        names = set(vars(base)) | set(getattr(base, "__annotations__", {}))
        # Private and dunder names are typing's bookkeeping (which differs
        # between Python versions), not members an implementation must have.
        members.update(name for name in names if not name.startswith("_"))
    return frozenset(members)


def _class_members(cls: type) -> frozenset[str]:
    names: set[str] = set(dir(cls))
    for base in cls.__mro__:
        names.update(getattr(base, "__annotations__", {}))
    return frozenset(names)


def _unknown(tp: object) -> bool:
    """Annotations we do not judge: anything that is not a class or a known form."""
    if tp is Any or tp is object or isinstance(tp, typing.TypeVar | str):
        return True
    if tp is collections.abc.Callable:  # bare: a class, but a callable all the same
        return True
    origin = typing.get_origin(tp)
    if origin is None:
        return not isinstance(tp, type)
    return origin is collections.abc.Callable or origin is typing.ClassVar


def is_assignable(source: object, target: object) -> bool:
    """True unless a value of type ``source`` certainly cannot be a ``target``."""
    if source is target:  # the usual case: ``_judge`` answers True for it
        return True
    return _judge(source, target)


def _judge(source: object, target: object) -> bool:
    source, target = _normalise(source), _normalise(target)
    if source == target or _unknown(source) or _unknown(target):
        return True
    if _is_union(source):
        return all(is_assignable(member, target) for member in typing.get_args(source))
    if typing.get_origin(source) is Literal:
        return all(_literal_fits(value, target) for value in typing.get_args(source))
    if _is_union(target):
        return any(is_assignable(source, member) for member in typing.get_args(target))
    if typing.get_origin(target) is Literal:
        return False
    return _class_assignable(source, target)


def _literal_fits(value: object, target: object) -> bool:
    """Does the literal ``value`` fit ``target``? ``Literal[True]`` is not
    ``Literal[1]`` although ``True == 1``: the types must agree too."""
    target = _normalise(target)
    if typing.get_origin(target) is Literal:
        return any(
            type(option) is type(value) and option == value
            for option in typing.get_args(target)
        )
    if _is_union(target):
        return any(_literal_fits(value, member) for member in typing.get_args(target))
    return is_assignable(type(value), target)


def _class_assignable(source: object, target: object) -> bool:
    source_origin = typing.get_origin(source) or source
    target_origin = typing.get_origin(target) or target
    if not (isinstance(source_origin, type) and isinstance(target_origin, type)):
        return True
    if _is_protocol(target_origin) and not issubclass_safe(
        source_origin, target_origin
    ):
        required = protocol_members(target_origin)
        if _is_protocol(source_origin):
            offered = protocol_members(source_origin)
        else:
            offered = _class_members(source_origin)
        return required <= offered
    if not issubclass_safe(source_origin, target_origin):
        return _promoted(source_origin, target_origin)
    return _arguments_assignable(source, target, target_origin)


def _promoted(source: type, target: type) -> bool:
    """int is accepted where float or complex is, float where complex is;
    so are their subclasses (``bool`` where ``float`` is)."""
    return any(target in _NUMERIC_PROMOTIONS.get(base, ()) for base in source.__mro__)


def issubclass_safe(source: type, target: type) -> bool:
    try:
        return issubclass(source, target)
    except TypeError:  # e.g. a non-runtime-checkable Protocol
        return source is target


def _arguments_assignable(source: object, target: object, origin: type) -> bool:
    source_args = typing.get_args(source)
    target_args = typing.get_args(target)
    if source_args and target_args[1:] == (Ellipsis,):
        # tuple[Y, ...] takes tuple[X, ...] and tuple[A, B] when X (A, B) are Ys
        if source_args[1:] == (Ellipsis,):
            source_args = source_args[:1]
        return all(is_assignable(arg, target_args[0]) for arg in source_args)
    if not source_args or not target_args or len(source_args) != len(target_args):
        return True  # a bare class means "any parameters"; shapes differ: don't judge
    if Ellipsis in source_args:
        return True  # tuple[X, ...] against a fixed length: its length is unknown
    invariant = any(issubclass_safe(origin, inv) for inv in _INVARIANT_ORIGINS)
    for src, tgt in zip(source_args, target_args, strict=True):
        if not is_assignable(src, tgt):
            return False
        if invariant and not is_assignable(tgt, src):
            return False
    return True


def type_repr(tp: object) -> str:
    """A short, readable spelling of an annotation for messages."""
    tp = _normalise(tp)
    if tp is _NoneType:
        return "None"
    if isinstance(tp, type) and not typing.get_args(tp):
        return tp.__qualname__
    text = repr(tp)
    for prefix in ("typing.", "collections.abc.", "nailgun_hooks.types."):
        text = text.replace(prefix, "")
    return text
