"""What the manager knows about each extension.

An entry point may name a ``BaseExtension`` subclass (instantiated once, no
arguments, by :mod:`.instantiation`), a ``BaseExtension`` instance, or any
module or object carrying ``@hookimpl`` functions, whose metadata then comes
from its distribution.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..extension import BaseExtension, payload
from .discovery import EntryPointInfo, describe_exception, format_traceback


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
    style: str = "hookimpl"
    """``"old-style"`` (no ``@hookimpl`` anywhere: handlers by event name,
    called by position) or ``"hookimpl"``; decided by
    :func:`nailgun_hooks.startup.legacy.style_of` when the extension is checked."""
    import_seconds: float | None = field(default=None, compare=False)
    """Importing the entry point and creating the object (None when the
    object was given directly)."""
    validation_seconds: float | None = field(default=None, compare=False)
    """Checking it against the hookspecs at startup."""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    """What works today but will not for ever (implementations of
    deprecated hooks): reported, never a reason to reject."""

    def to_dict(self) -> dict[str, Any]:
        """The extension's entry in Nailgun's ``GET /extensions`` payload."""
        if isinstance(self.obj, BaseExtension):
            return self.obj.to_dict()
        return payload(self.name, self.version, self.description, self.provides)

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
