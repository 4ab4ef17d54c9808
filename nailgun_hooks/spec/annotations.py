"""An implementation's annotations, resolved the way ``typing`` would.

Validation compares what a hook passes with what an implementation
declares (:mod:`.typecompat`); that needs the declared types as objects.
Extensions write them as strings (``from __future__ import annotations``),
import names only under ``TYPE_CHECKING``, and on Python 3.10 nest quoted
names that ``typing`` leaves unresolved: all of that is read here, and
whatever cannot be resolved is left out, unchecked.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import operator
import sys
import types
import typing
from collections.abc import Callable, Mapping
from types import CodeType

from .. import types as nailgun_types

__all__ = ["resolve_hints", "simple_hints"]


@functools.lru_cache(maxsize=1024)
def _annotation_code(text: str) -> CodeType:
    return compile(text, "<annotation>", "eval")


_UNRESOLVED = (str, typing.ForwardRef)
_ATOMS = (type, typing.TypeVar)


def _plain(tp: object) -> bool:
    """A type ``typing.get_type_hints`` would return as it is: no forward
    reference left inside, no ``Annotated``, nothing it would reject."""
    if isinstance(tp, type):  # a class (even Generic: it has no arguments)
        return True
    if isinstance(tp, _UNRESOLVED):
        return False
    origin = typing.get_origin(tp)
    if origin is None:
        return isinstance(tp, _ATOMS) or tp is typing.Any or tp is None
    if origin in (typing.ClassVar, typing.Final):
        return False
    if origin is typing.Literal:
        return True
    if origin is typing.Annotated:
        return False
    return all(
        _plain(arg)
        for arg in typing.get_args(tp)
        if arg is not Ellipsis and not isinstance(arg, list)  # Callable[[...], R]
    )


def simple_hints(function: Callable[..., object]) -> dict[str, object] | None:
    """``typing.get_type_hints(function)`` for the usual case, or None.

    ``get_type_hints`` compiles every string annotation anew (``from
    __future__ import annotations`` makes them all strings), a tenth of
    validation's time with many extensions. The few strings extensions
    write (``Node``, ``Cluster``...) are compiled once per process here. None
    whenever the result might differ: Python 3.10 (whose ``get_type_hints``
    adds ``Optional`` for ``None`` defaults), type parameters, an annotation
    that does not evaluate, or anything left to resolve inside the result.
    """
    if sys.version_info < (3, 11) or getattr(function, "__type_params__", ()):
        return None
    annotations = getattr(function, "__annotations__", None)
    if not isinstance(annotations, dict):
        return None
    target: object = function
    while hasattr(target, "__wrapped__"):
        target = target.__wrapped__
    namespace = getattr(target, "__globals__", {})
    hints: dict[str, object] = {}
    for name, value in annotations.items():
        if isinstance(value, str):
            try:
                value = eval(_annotation_code(value), namespace)  # an annotation
            except Exception:  # e.g. a name imported under TYPE_CHECKING
                return None
        if value is None:
            value = type(None)
        if not _plain(value):
            return None
        hints[name] = value
    return hints


def resolve_hints(function: Callable[..., object]) -> dict[str, object]:
    """The function's annotations, resolved where possible.

    An extension may import Node only under ``TYPE_CHECKING``; such names are
    looked up among ``nailgun_hooks.types`` and otherwise left unchecked.
    """
    simple = simple_hints(function)
    if simple is not None:
        return simple
    namespace = {**vars(nailgun_types), **getattr(function, "__globals__", {})}
    try:
        found = typing.get_type_hints(function)
    except Exception:  # any resolution failure: fall back per annotation
        pass
    else:
        return {name: _nested_resolved(hint, namespace) for name, hint in found.items()}
    raw = getattr(inspect.unwrap(function), "__annotations__", {})
    hints: dict[str, object] = {}
    for name, annotation in raw.items():
        try:
            # typing resolves the quoted names nested inside too
            # (``Mapping[int, 'Cluster'] | None``), as eval() would not
            holder = types.SimpleNamespace(__annotations__={name: annotation})
            hint = typing.get_type_hints(holder, globalns=namespace)[name]
            hints[name] = _nested_resolved(hint, namespace)
            continue
        except Exception:  # one name in it unresolvable: as it is, or by eval
            pass
        if not isinstance(annotation, str):
            hints[name] = annotation
            continue
        try:
            hints[name] = eval(annotation, namespace)  # an annotation
        except Exception:  # unresolvable: leave unchecked
            continue
    return hints


def _nested_resolved(hint: object, namespace: Mapping[str, object]) -> object:
    """``hint`` with the quoted names nested in its generics resolved.

    Python 3.11's ``get_type_hints`` resolves them itself; 3.10's leaves a
    string or ``ForwardRef`` inside ``collections.abc`` generics and ``X |
    Y`` unions (``Mapping[int, 'Cluster'] | None``), which would go
    unjudged. A name that does not resolve stays as it is (left unchecked).
    """
    if sys.version_info >= (3, 11):
        return hint
    if isinstance(hint, _UNRESOLVED):
        text = hint if isinstance(hint, str) else hint.__forward_arg__
        try:
            return eval(text, dict(namespace))  # an annotation
        except Exception:  # unresolvable: leave it unchecked
            return hint
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if not args or origin in (typing.Literal, typing.Annotated):
        return hint
    resolved = tuple(
        arg
        if isinstance(arg, list) or arg is Ellipsis
        else _nested_resolved(arg, namespace)
        for arg in args
    )
    if all(new is old for new, old in zip(resolved, args, strict=True)):
        return hint
    return _rebuilt(hint, origin, resolved)


def _rebuilt(hint: object, origin: object, args: tuple[object, ...]) -> object:
    """``hint`` with ``args`` in place of its own, spelt as it was written
    (``X | Y`` stays an operator union where its members allow it)."""
    if isinstance(hint, types.UnionType):  # as written: X | Y
        with contextlib.suppress(TypeError):  # a member left unresolved
            return functools.reduce(operator.or_, args)
    if isinstance(hint, types.UnionType) or origin is typing.Union:
        return typing.Union[args]  # noqa: UP007 - built from a tuple
    if isinstance(hint, types.GenericAlias):
        return types.GenericAlias(origin, args)  # type: ignore[arg-type]
    copy_with = getattr(hint, "copy_with", None)
    return hint if copy_with is None else copy_with(args)
