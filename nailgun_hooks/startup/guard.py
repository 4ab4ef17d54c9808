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
through ``type``'s own slots (:func:`type_name`, :func:`object_label`), never its
``repr()`` or ``str()``, which may raise or print credentials; and what
startup asks of an object's kind (a class? a module? an extension?) is
asked of its real type (:func:`is_class`, :func:`is_module`,
:func:`is_extension`), never of a ``__class__`` the object may fake.
"""

from __future__ import annotations

import abc
import importlib
import importlib.metadata
import os
import traceback
import types
from collections.abc import Callable
from typing import Any, Protocol, TypeGuard, TypeVar

import stevedore

from ..errors import Problem
from ..extension import BaseExtension

__all__ = [
    "INSPECTION_HINT",
    "OBJECT_EQ",
    "Subject",
    "attempt",
    "describe_exception",
    "describe_raised",
    "exception_text",
    "format_traceback",
    "guarded",
    "inspection_failed",
    "is_class",
    "is_extension",
    "is_module",
    "is_problem",
    "object_label",
    "own_eq",
    "static_mro",
    "touch",
    "type_name",
    "type_only_problem",
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


def object_label(obj: object) -> str:
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
    message = attempt(lambda: str(exc), lambda _: _UNPRINTABLE)
    if type(message) is not str:  # a str subclass may carry anything
        message = _UNPRINTABLE
    return f"{name}: {message}"


_UNPRINTABLE = "<its message cannot be printed>"


def is_problem(value: object) -> TypeGuard[Problem]:
    """``value`` is a :class:`Problem` startup made, asked of its real type:
    ``isinstance`` would ask an extension's object for its ``__class__``."""
    return type(value) is Problem


def attempt(action: Callable[[], _T], on_error: Callable[[BaseException], _T]) -> _T:
    """``action()``, or ``on_error(exc)`` for whatever it raised.

    Extension code may raise anything, ``SystemExit`` and ``GeneratorExit``
    included, and none of it may leave startup; only ``KeyboardInterrupt``,
    an operator's Ctrl-C, is let through. Every touch of extension code
    that has a fallback goes through here.
    """
    try:
        return action()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return on_error(exc)


def guarded(
    action: Callable[[], _T],
    failed: Callable[[BaseException], Problem],
    fallback: Callable[[BaseException], Problem],
) -> _T | Problem:
    """``action()``, or the problem it raised.

    ``failed`` describes the exception (it may read the exception, which is
    the extension's too); should that raise as well, ``fallback`` builds a
    problem from what startup already holds, touching nothing of the
    extension's.
    """

    def problem(exc: BaseException) -> _T | Problem:
        return attempt(lambda: failed(exc), lambda _: fallback(exc))

    return attempt(action, problem)


# Frames in these folders are the loading machinery, not the extension's code.
# ``importlib`` itself is one: ``import_module`` is the last frame of every
# "No module named ..." and would otherwise be reported as the culprit.
_MACHINERY = (
    *(
        os.path.dirname(m.__file__ or "") + os.sep
        for m in (importlib, importlib.metadata, stevedore)
    ),
    # this package, wherever in it the loading code lives
    os.path.dirname(os.path.dirname(__file__)) + os.sep,
)


def describe_exception(exc: BaseException) -> tuple[str, str | None]:
    """``(message, file:line)`` for an exception, pointing at where it arose."""
    message = exception_text(exc)
    if isinstance(exc, SyntaxError) and exc.filename:
        return message, f"{exc.filename}:{exc.lineno}"
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if not frame.filename.startswith(_MACHINERY)
        and not frame.filename.startswith("<frozen")
    ]
    if frames:
        return message, f"{frames[-1].filename}:{frames[-1].lineno}"
    return message, None


def format_traceback(exc: BaseException) -> str:
    """The traceback as Python prints it; should the exception's own
    ``__str__`` raise even what ``traceback`` guards against (a
    ``SystemExit``), its frames and :func:`exception_text`."""

    def frames_only(_: BaseException) -> str:
        frames = "".join(traceback.format_tb(exc.__traceback__))
        return f"Traceback (most recent call last):\n{frames}{exception_text(exc)}\n"

    return attempt(
        lambda: "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        frames_only,
    )


def describe_raised(exc: BaseException) -> tuple[str, str | None, str | None]:
    """Message, location and traceback of an exception the extension raised,
    each read in a way its own ``__str__`` or attributes cannot break."""
    message, location = attempt(
        lambda: describe_exception(exc), lambda _: (exception_text(exc), None)
    )
    text: str | None = attempt(lambda: format_traceback(exc), lambda _: None)
    return message, location, text


INSPECTION_HINT = (
    "reading an extension's attributes must not raise: make name, version, "
    "description, before and after plain class attributes, and do not raise "
    "from __getattr__ or __dir__"
)


class Subject(Protocol):
    """What a problem is located at: an extension's record, or, before
    there is one, its entry point."""

    def problem(
        self, code: str, message: str, hint: str = "", **where: Any
    ) -> Problem: ...


def inspection_failed(where: Subject, exc: BaseException) -> Problem:
    """The problem an extension object becomes when merely reading it raises.

    A raising property or ``__getattr__`` would otherwise escape from startup
    and take every healthy extension down with it, even in lenient mode.
    Where the exception arose, when it can be told, locates the problem;
    else ``where`` locates it as it does any problem of its.
    """
    message, location, trace = describe_raised(exc)
    located = {"location": location} if location else {}
    return where.problem(
        "inspection-failed",
        f"reading the extension object raised {message}",
        INSPECTION_HINT,
        traceback=trace,
        **located,
    )


def type_only_problem(where: Subject, exc: BaseException) -> Problem:
    """The problem when even describing what an extension raised raises: made
    of what startup already holds and the exception's type alone (no
    location: finding one may touch the extension again)."""
    return where.problem(
        "inspection-failed",
        f"reading the extension object raised {type_name(type(exc))}",
        INSPECTION_HINT,
        location=None,
    )


def touch(where: Subject, action: Callable[[], _T]) -> _T | Problem:
    """``action()``, which touches ``where``'s extension, or the problem it
    raised, as :func:`inspection_failed` says it."""
    return guarded(
        action,
        lambda exc: inspection_failed(where, exc),
        lambda exc: type_only_problem(where, exc),
    )


OBJECT_EQ: object = object.__eq__


def own_eq(cls: type) -> object:
    """The ``__eq__`` instances of ``cls`` compare with, read from the
    classes' own namespaces: asking ``cls.__eq__`` would run a metaclass's
    ``__getattribute__``."""
    for klass in type.__getattribute__(cls, "__mro__"):
        namespace = type.__getattribute__(klass, "__dict__")
        if "__eq__" in namespace:
            return namespace["__eq__"]
    return OBJECT_EQ


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
