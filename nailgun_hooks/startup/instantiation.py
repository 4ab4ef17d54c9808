"""How an imported entry point's target becomes the extension object.

A class is adopted if it is old-style (see :mod:`.legacy`), checked to be a
``BaseExtension`` subclass whose constructor needs no argument, and called
once; anything else is used as it is.
"""

from __future__ import annotations

import dataclasses
import inspect
import time
from typing import Any

from ..errors import Problem
from ..extension import BaseExtension
from .discovery import EntryPointInfo
from .guard import attempt, describe_raised, guarded, is_class, is_problem, type_name
from .legacy import adopt
from .locations import definition_location
from .records import CLASS_HINT, Candidate, Description, describe

__all__ = ["candidate", "instantiate", "is_extension_class", "required_arguments"]


def required_arguments(cls: type) -> list[str]:
    """Constructor parameters without a default: calling ``cls()`` would fail.

    Checked before the call so that the message is ours, the same on every
    Python version, rather than a ``TypeError`` whose wording changes.
    """
    if _default_constructor(cls):
        return []
    try:
        signature = inspect.signature(cls)
    except (TypeError, ValueError):  # no readable signature: just call it
        return []
    return [
        param.name
        for param in signature.parameters.values()
        if param.default is inspect.Parameter.empty
        and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD)
    ]


_OBJECT_NEW: object = object.__new__
_OBJECT_INIT: object = object.__init__
_SIGNATURE_SOURCES = (
    "__signature__",
    "__wrapped__",
    "_partialmethod",
    "__partialmethod__",
)


def _default_constructor(cls: type) -> bool:
    """``cls()`` is ``object()``'s constructor, which takes no arguments, and
    nothing would make ``inspect.signature`` say otherwise.

    Most extension classes define no ``__init__``; ``inspect.signature`` then
    parses ``object``'s text signature anew each time, for every extension
    at startup.
    """
    klass: Any = cls  # its __new__ and __init__, as the class hands them out
    return (
        type(cls).__call__ is type.__call__
        and klass.__new__ is _OBJECT_NEW
        and klass.__init__ is _OBJECT_INIT
        and not any(hasattr(cls, name) for name in _SIGNATURE_SOURCES)
        and not any(
            getattr(base, "__text_signature__", None) for base in cls.__mro__[:-1]
        )
    )


def _init_location(cls: type) -> str | None:
    code = getattr(vars(cls).get("__init__"), "__code__", None)
    return f"{code.co_filename}:{code.co_firstlineno}" if code is not None else None


def _class_problem(
    entry_point: EntryPointInfo | None,
    target: type,
    code: str,
    message: str,
    hint: str,
    **where: Any,
) -> Problem:
    """A problem of an extension class, from an entry point or given directly
    (then named by its own ``name`` when that is a plain string in its
    namespace, else by the class's name: asking it may run its code)."""
    if entry_point is not None:
        return entry_point.problem(
            code, message, hint, extension=entry_point.name, **where
        )
    name = _own_name(target)
    return Problem(
        code=code,
        message=message,
        hint=hint,
        extension=name or type_name(target),
        **where,
    )


def _own_name(cls: type) -> str | None:
    """``cls.name`` read from the namespaces of its MRO, running nothing."""
    for klass in type.__getattribute__(cls, "__mro__"):
        value = type.__getattribute__(klass, "__dict__").get("name")
        if value is not None:
            return value if type(value) is str and value else None
    return None


def is_extension_class(obj: object) -> bool:
    """A ``BaseExtension`` subclass, or a class with Nailgun's old base shape
    (or a class that raises when asked: :func:`instantiate` says so)."""
    if not is_class(obj):
        return False
    return attempt(lambda: issubclass(adopt(obj), BaseExtension), lambda _: True)


def instantiate(
    target: object, entry_point: EntryPointInfo | None = None
) -> object | Problem:
    """Turn an entry point's target (or a class given directly) into the
    extension object, or a problem: a class that cannot be instantiated
    never raises out of here.

    Everything here may run the class's own code (a metaclass's
    ``__getattr__``, ``__call__`` or properties, an ``__init_subclass__`` run
    by adoption): all of it is guarded, and becomes this extension's problem.
    """
    if not is_class(target):
        return target
    cls = target
    return guarded(
        lambda: _instantiate(cls, entry_point),
        lambda exc: _unreadable(cls, entry_point, exc),
        lambda exc: _class_problem(
            entry_point,
            cls,
            "inspection-failed",
            f"reading the extension class raised {type_name(type(exc))}",
            CLASS_HINT,
        ),
    )


def _unreadable(
    cls: type, entry_point: EntryPointInfo | None, exc: BaseException
) -> Problem:
    message, location, trace = describe_raised(exc)
    return _class_problem(
        entry_point,
        cls,
        "inspection-failed",
        f"reading the extension class raised {message}",
        CLASS_HINT,
        location=location or definition_location(cls),
        traceback=trace,
    )


def _instantiate(cls: type, entry_point: EntryPointInfo | None) -> object | Problem:
    target = adopt(cls)
    # Startup and pluggy keep classes in sets and dicts: one that cannot be
    # hashed fails here, where the class's hint names __hash__.
    hash(target)
    if not issubclass(target, BaseExtension):
        return _class_problem(
            entry_point,
            target,
            "not-an-extension",
            f"the entry point names class {type_name(target)!r}, which is not a "
            "nailgun_hooks.BaseExtension subclass",
            "subclass nailgun_hooks.BaseExtension, or point the entry point at a "
            "module or instance carrying @hookimpl functions",
            location=definition_location(target),
        )
    abstract = sorted(getattr(target, "__abstractmethods__", ()))
    if abstract:
        # Nailgun's own base declared name, version and description abstract:
        # a class missing one could not be listed (GET /extensions) there.
        return _class_problem(
            entry_point,
            target,
            "abstract-extension",
            f"{type_name(target)} does not define {', '.join(abstract)} (abstract "
            "in its base class), so it cannot be instantiated",
            "define "
            + ", ".join(f"{name} = '...'" for name in abstract)
            + " as class attributes",
            location=definition_location(target),
        )
    needed = required_arguments(target)
    if needed:
        return _class_problem(
            entry_point,
            target,
            "constructor-failed",
            f"{type_name(target)}() needs argument(s) "
            f"{', '.join(map(repr, needed))}, but an extension class is "
            "instantiated with none",
            "an extension class is instantiated once with no arguments; give every "
            "__init__ parameter a default (read configuration from Nailgun's "
            "settings instead)",
            location=_init_location(target) or definition_location(target),
        )
    return attempt(target, lambda exc: _constructor_raised(entry_point, target, exc))


def _constructor_raised(
    entry_point: EntryPointInfo | None, cls: type, exc: BaseException
) -> Problem:
    message, location, trace = describe_raised(exc)
    return _class_problem(
        entry_point,
        cls,
        "constructor-failed",
        f"{type_name(cls)}() raised {message}",
        "an extension class is instantiated once with no arguments; give every "
        "__init__ parameter a default and do not raise from __init__",
        location=location or definition_location(cls),
        traceback=trace,
    )


def candidate(
    target: object,
    entry_point: EntryPointInfo | None = None,
    import_seconds: float = 0.0,
) -> Candidate | Problem:
    """The one way to a :class:`~.records.Candidate`: an entry point's
    target (``import_seconds`` spent importing it), or an object given
    directly, instantiated when it is an extension class, then described;
    or the problem either step met.

    An entry point's target is instantiated whenever it is a class (a
    class that is no extension is its problem); an object given directly
    only when it is an extension class, and used as it is otherwise.
    """
    start = time.perf_counter()
    if entry_point is not None:
        obj = instantiate(target, entry_point)
    elif is_extension_class(target):
        obj = instantiate(target)
    else:
        obj = target
    if is_problem(obj):
        return obj
    record = describe(obj, entry_point)
    if not isinstance(record, Description):  # our own types: isinstance
        return record
    if entry_point is None:
        return Candidate(record)
    seconds = import_seconds + time.perf_counter() - start
    record = dataclasses.replace(record, import_seconds=seconds)
    return Candidate(record, entry_point.name)
