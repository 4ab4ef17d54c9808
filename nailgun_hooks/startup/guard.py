"""The one guard around every touch of an extension's objects at startup.

Importing an extension, instantiating its class, reading its attributes,
listing it, comparing it, hashing it, introspecting its functions: each runs
code the extension supplied (a property, a metaclass ``__getattr__``, an
``__eq__``, an ``__init_subclass__``...), and any of it may raise anything,
``SystemExit`` and ``GeneratorExit`` included. Startup runs each
extension's part of that work through :func:`guarded`, which turns whatever
is raised (except ``KeyboardInterrupt``, an operator's Ctrl-C) into a
:class:`~nailgun_hooks.errors.Problem` naming the extension: strict mode
reports it with the others, lenient mode drops that extension and keeps the
rest.

What describes an extension's object in a message is its *type*, read
through ``type``'s own slots (:func:`type_name`, :func:`kind`), never its
``repr()`` or ``str()``, which may raise or print credentials; and what
startup asks of an object's kind (a class? a module? an extension?) is
asked of its real type (:func:`is_class`, :func:`is_module`,
:func:`is_extension`), never of a ``__class__`` the object may fake.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import TypeGuard, TypeVar

from ..errors import Problem
from ..extension import BaseExtension

__all__ = [
    "exception_text",
    "guarded",
    "is_class",
    "is_extension",
    "is_module",
    "is_problem",
    "kind",
    "type_name",
]

_T = TypeVar("_T")

# ``type``'s own descriptors: reading a class's name through them runs no
# code of the class's metaclass (which may define ``__qualname__`` itself).
_QUALNAME = type.__dict__["__qualname__"]
_NAME = type.__dict__["__name__"]
_MODULE = type.__dict__["__module__"]


def type_name(cls: type) -> str:
    """``cls.__qualname__``, without running any of its metaclass's code."""
    name = _QUALNAME.__get__(cls, type)
    return name if isinstance(name, str) else _NAME.__get__(cls, type)


def module_of(cls: type) -> str | None:
    """``cls.__module__`` when it is a string, without running its code."""
    try:
        module = _MODULE.__get__(cls, type)
    except AttributeError:
        return None
    return module if type(module) is str else None


def is_class(obj: object) -> TypeGuard[type]:
    """``obj`` is a class (its real type is a metaclass)."""
    return issubclass(type(obj), type)


def is_module(obj: object) -> bool:
    return issubclass(type(obj), types.ModuleType)


def is_extension(obj: object) -> bool:
    """``obj`` is a ``BaseExtension`` instance by its real type."""
    return issubclass(type(obj), BaseExtension)


def kind(obj: object) -> str:
    """Names an object by its type (a module by its name), never by
    ``repr``: an extension object's repr may raise, be huge, or print
    configuration values such as credentials into the log."""
    if is_module(obj):
        try:
            name = object.__getattribute__(obj, "__dict__").get("__name__")
        except Exception:
            name = None
        if type(name) is str:
            return f"module {name!r}"
        return "a module"
    if is_class(obj):
        return f"class {type_name(obj)!r}"
    what = type_name(type(obj))
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what} object"


def exception_text(exc: BaseException) -> str:
    """``"Type: message"`` for an exception an extension raised; its
    ``__str__`` is the extension's code too, and may raise in turn."""
    name = _NAME.__get__(type(exc), type)
    try:
        message = str(exc)
    except KeyboardInterrupt:
        raise
    except BaseException:
        message = _UNPRINTABLE
    if type(message) is not str:  # a str subclass may carry anything
        message = _UNPRINTABLE
    return f"{name}: {message}"


_UNPRINTABLE = "<its message cannot be printed>"


def is_problem(value: object) -> TypeGuard[Problem]:
    """``value`` is a :class:`Problem` startup made, asked of its real type:
    ``isinstance`` would ask an extension's object for its ``__class__``."""
    return type(value) is Problem


def guarded(
    action: Callable[[], _T],
    failed: Callable[[BaseException], Problem],
    fallback: Callable[[BaseException], Problem],
) -> _T | Problem:
    """``action()``, or the problem it raised.

    ``failed`` describes the exception (it may read the exception, which is
    the extension's too); should that raise as well, ``fallback`` builds a
    problem from what startup already holds, touching nothing of the
    extension's. ``KeyboardInterrupt`` is let through.
    """
    try:
        return action()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        try:
            return failed(exc)
        except KeyboardInterrupt:
            raise
        except BaseException:
            return fallback(exc)
