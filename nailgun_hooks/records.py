"""What the manager knows about each extension, and how an imported entry
point becomes one.

An entry point may name a ``BaseExtension`` subclass (instantiated once, no
arguments), a ``BaseExtension`` instance, or any module or object carrying
``@hookimpl`` functions, whose metadata then comes from its distribution.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .discovery import EntryPointInfo, describe_exception, format_traceback
from .errors import Problem
from .extension import BaseExtension
from .legacy import adopt, style_of


@dataclass(frozen=True)
class ExtensionRecord:
    """One extension: who it is, where it came from, what it implements."""

    name: str
    version: str
    description: str
    obj: object = field(repr=False)
    distribution: str | None = None
    distribution_version: str | None = None
    entry_point: str | None = None
    hooks: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    @property
    def style(self) -> str:
        """``"old-style"`` (no ``@hookimpl`` anywhere: handlers by event name,
        called by position) or ``"hookimpl"``; see :mod:`nailgun_hooks.legacy`."""
        return style_of(self.obj)

    def to_dict(self) -> dict[str, Any]:
        """The extension's entry in Nailgun's ``GET /extensions`` payload."""
        if isinstance(self.obj, BaseExtension):
            return self.obj.to_dict()
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "provides": list(self.provides),
        }

    def problem(self, code: str, message: str, hint: str = "", **where: Any) -> Problem:
        """A problem located at this extension."""
        where.setdefault("location", definition_location(self.obj))
        return Problem(
            code=code,
            message=message,
            hint=hint,
            extension=self.name,
            distribution=self.distribution,
            entry_point=self.entry_point,
            **where,
        )


INSPECTION_HINT = (
    "reading an extension's attributes must not raise: make name, version, "
    "description, before and after plain class attributes, and do not raise "
    "from __getattr__ or __dir__"
)


def inspection_failed(
    where: ExtensionRecord | EntryPointInfo, exc: BaseException
) -> Problem:
    """The problem an extension object becomes when merely reading it raises.

    A raising property or ``__getattr__`` would otherwise escape from startup
    and take every healthy extension down with it, even in lenient mode.
    """
    message, location = describe_exception(exc)
    text = f"reading the extension object raised {message}"
    if isinstance(where, ExtensionRecord):
        return where.problem(
            "inspection-failed",
            text,
            INSPECTION_HINT,
            location=location or definition_location(where.obj),
            traceback=format_traceback(exc),
        )
    return where.problem(
        "inspection-failed",
        text,
        INSPECTION_HINT,
        extension=where.name,
        location=location,
        traceback=format_traceback(exc),
    )


def describe(obj: object, entry_point: EntryPointInfo) -> ExtensionRecord | Problem:
    """:func:`record_for_object`, or the problem reading ``obj`` raised."""
    try:
        return record_for_object(obj, entry_point)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        return inspection_failed(entry_point, exc)


def definition_location(obj: object) -> str | None:
    """``file:line`` where an extension's class or module is defined."""
    target = obj if inspect.ismodule(obj) or inspect.isclass(obj) else type(obj)
    try:
        filename = inspect.getsourcefile(target)
        line = 1 if inspect.ismodule(target) else inspect.getsourcelines(target)[1]
    except (TypeError, OSError):
        return None
    return f"{filename}:{line}" if filename else None


def describe_object(obj: object) -> str:
    """Names an object by its type (a module by its name), never by ``repr``:
    an extension object's repr may raise, be huge, or print configuration
    values such as credentials into the log."""
    if inspect.ismodule(obj):
        return f"module {obj.__name__!r}"
    kind = type(obj).__qualname__
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind} object"


def _names(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence | set | frozenset):
        return tuple(str(item) for item in value)
    return ()


def _text(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def record_for_object(
    obj: object, entry_point: EntryPointInfo | None = None
) -> ExtensionRecord:
    """Describe an extension object; metadata falls back to its distribution."""
    name: object
    version: object
    description: object
    if isinstance(obj, BaseExtension):
        name, version, description = obj.name, obj.version, obj.description
    else:
        fallback_name = (
            entry_point.name if entry_point else getattr(obj, "__name__", "")
        )
        name = getattr(obj, "name", None) or fallback_name
        version = getattr(obj, "version", None) or (
            entry_point.distribution_version if entry_point else ""
        )
        description = getattr(obj, "description", None) or (
            entry_point.summary if entry_point else ""
        )
    return ExtensionRecord(
        name=_text(name),
        version=_text(version),
        description=_text(description),
        obj=obj,
        distribution=entry_point.distribution if entry_point else None,
        distribution_version=entry_point.distribution_version if entry_point else None,
        entry_point=str(entry_point) if entry_point else None,
        before=_names(getattr(obj, "before", ())),
        after=_names(getattr(obj, "after", ())),
        provides=_names(getattr(obj, "provides", ())),
    )


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
    parses ``object``'s text signature anew each time, about 50 µs per
    extension at startup.
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
    """A problem of an extension class, from an entry point or given directly."""
    if entry_point is not None:
        return entry_point.problem(
            code, message, hint, extension=entry_point.name, **where
        )
    name = getattr(target, "name", None)
    return Problem(
        code=code,
        message=message,
        hint=hint,
        extension=name if isinstance(name, str) and name else target.__qualname__,
        **where,
    )


def instantiate(
    target: object, entry_point: EntryPointInfo | None = None
) -> object | Problem:
    """Turn an entry point's target (or a class given directly) into the
    extension object, or a problem; never raises for a class that cannot be
    instantiated."""
    if not inspect.isclass(target):
        return target
    target = adopt(target)
    if not issubclass(target, BaseExtension):
        return _class_problem(
            entry_point,
            target,
            "not-an-extension",
            f"the entry point names class {target.__qualname__!r}, which is not a "
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
            f"{target.__qualname__} does not define {', '.join(abstract)} (abstract "
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
            f"{target.__qualname__}() needs argument(s) "
            f"{', '.join(map(repr, needed))}, but an extension class is "
            "instantiated with none",
            "an extension class is instantiated once with no arguments; give every "
            "__init__ parameter a default (read configuration from Nailgun's "
            "settings instead)",
            location=_init_location(target) or definition_location(target),
        )
    try:
        return target()
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        message, location = describe_exception(exc)
        return _class_problem(
            entry_point,
            target,
            "constructor-failed",
            f"{target.__qualname__}() raised {message}",
            "an extension class is instantiated once with no arguments; give every "
            "__init__ parameter a default and do not raise from __init__",
            location=location or definition_location(target),
            traceback=format_traceback(exc),
        )
