"""How an imported entry point's target becomes the extension object.

A class is adopted if it is old-style (see :mod:`.legacy`), checked to be a
``BaseExtension`` subclass whose constructor needs no argument, and called
once; anything else is used as it is.
"""

from __future__ import annotations

import inspect
from typing import Any

from ..errors import Problem
from ..extension import BaseExtension
from .discovery import EntryPointInfo, describe_exception, format_traceback
from .guard import exception_text, is_class, type_name
from .legacy import adopt
from .records import definition_location, guard

__all__ = ["instantiate", "required_arguments"]


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


def instantiate(target: object, entry_point: EntryPointInfo) -> object | Problem:
    """Turn an entry point's target into the extension object, or a problem.

    Everything here may run the class's own code (a metaclass's
    ``__getattr__``, ``__call__`` or properties, an ``__init_subclass__`` run
    by adoption): all of it is guarded, and becomes this extension's problem.
    """
    if not is_class(target):
        return target
    cls: type = target
    return guard(entry_point, lambda: _instantiate(cls, entry_point))


def _instantiate(cls: type, entry_point: EntryPointInfo) -> object | Problem:
    target = adopt(cls)
    if not issubclass(target, BaseExtension):
        return entry_point.problem(
            "not-an-extension",
            f"the entry point names class {type_name(target)!r}, which is not a "
            "nailgun_hooks.BaseExtension subclass",
            "subclass nailgun_hooks.BaseExtension, or point the entry point at a "
            "module or instance carrying @hookimpl functions",
            extension=entry_point.name,
            location=definition_location(target),
        )
    needed = required_arguments(target)
    if needed:
        return entry_point.problem(
            "constructor-failed",
            f"{type_name(target)}() needs argument(s) "
            f"{', '.join(map(repr, needed))}, but an extension class is "
            "instantiated with none",
            "an extension class is instantiated once with no arguments; give every "
            "__init__ parameter a default (read configuration from Nailgun's "
            "settings instead)",
            extension=entry_point.name,
            location=_init_location(target) or definition_location(target),
        )
    try:
        return target()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        try:
            message, location = describe_exception(exc)
            trace: str | None = format_traceback(exc)
        except KeyboardInterrupt:
            raise
        except BaseException:  # its message is the extension's code too
            message, location, trace = exception_text(exc), None, None
        return entry_point.problem(
            "constructor-failed",
            f"{type_name(target)}() raised {message}",
            "an extension class is instantiated once with no arguments; give every "
            "__init__ parameter a default and do not raise from __init__",
            extension=entry_point.name,
            location=location or definition_location(target),
            traceback=trace,
        )
