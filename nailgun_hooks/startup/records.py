"""What the manager knows about each extension.

An entry point may name a ``BaseExtension`` subclass (instantiated once, no
arguments, by :mod:`.instantiation`), a ``BaseExtension`` instance, or any
module or object carrying ``@hookimpl`` functions, whose metadata then comes
from its distribution.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from ..errors import Problem
from ..extension import BaseExtension, payload
from .discovery import EntryPointInfo
from .guard import (
    is_class,
    is_extension,
    touch,
    type_name,
)
from .locations import definition_location, function_location

_T = TypeVar("_T")


@dataclass(frozen=True)
class Implementation:
    """One hook implementation as pluggy will see it."""

    attribute: str
    hook: str
    function: Callable[..., object]
    """What pluggy binds for the attribute, and calls."""
    opts: Mapping[str, object]

    @property
    def location(self) -> str | None:
        return function_location(self.function)


@dataclass(frozen=True)
class Description:
    """An extension as startup first knows it: who it is and where it came
    from, read from the object and its distribution. Nothing here is
    checked yet; what the checks find is an :class:`ExtensionRecord`'s."""

    name: str
    version: str
    description: str
    obj: object = field(repr=False)
    distribution: str | None = None
    distribution_version: str | None = None
    entry_point: str | None = None
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    import_seconds: float | None = field(default=None, compare=False)
    """Importing the entry point and creating the object (None when the
    object was given directly)."""

    def to_dict(self) -> dict[str, Any]:
        """The extension's entry in Nailgun's ``GET /extensions`` payload."""
        if is_extension(self.obj):
            extension: BaseExtension = self.obj  # type: ignore[assignment]
            return extension.to_dict()
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


@dataclass(frozen=True)
class ExtensionRecord(Description):
    """One extension as the checks found it: its description, and what it
    implements. The manager holds these."""

    hooks: tuple[str, ...] = ()
    calls: tuple[tuple[str, str], ...] = ()
    """The calls it declares itself (``provides`` names no hookspec
    declares): name and signature each."""
    provided: tuple[str, ...] = ()
    """The names its ``provides`` lists as the old-style rules read them
    (``legacy.provided_names``: a string is one name), read once for every
    check; :attr:`Description.provides` is the metadata's stricter reading."""
    style: str = "hookimpl"
    """``"old-style"`` (no ``@hookimpl`` anywhere: handlers by event name,
    called by position) or ``"hookimpl"``."""
    validation_seconds: float | None = field(default=None, compare=False)
    """Checking it against the hookspecs at startup."""
    implementations: tuple[Implementation, ...] = field(
        default=(), repr=False, compare=False
    )
    """What pluggy registers of it, in the order its ``register`` finds
    them; found once, by the checks, and what registration installs."""
    unhookable: tuple[tuple[str, object], ...] = field(
        default=(), repr=False, compare=False
    )
    """What it marks ``@hookimpl`` that pluggy would skip (a callable
    object, a ``functools.partial``...), by attribute name."""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    """What works today but will not for ever (implementations of
    deprecated hooks): reported, never a reason to reject."""

    @classmethod
    def found(cls, description: Description, **found: Any) -> ExtensionRecord:
        """The record of ``description`` with what the checks ``found``
        (a checked record's own findings are left behind: found anew)."""
        described = {f.name: getattr(description, f.name) for f in fields(Description)}
        return cls(**described, **found)


@dataclass(frozen=True)
class Candidate:
    """An extension object described, not yet checked."""

    record: Description
    entry_point_name: str | None = None


CLASS_HINT = (
    "creating, reading and instantiating an extension class must not raise: "
    "do not raise from __init_subclass__, nor from a metaclass's __getattr__, "
    "__call__, __hash__ or properties"
)


def describe(
    obj: object, entry_point: EntryPointInfo | None = None
) -> Description | Problem:
    """:func:`description_of`, or the problem reading ``obj`` raised
    (named by its entry point, or, given directly, by its type)."""
    if entry_point is not None:
        return touch(entry_point, lambda: description_of(obj, entry_point))
    placeholder = Description(_fallback_name(obj, None), "", "", obj)
    return touch(placeholder, lambda: description_of(obj))


LISTS = (list, tuple, set, frozenset)
"""What a list-valued metadata attribute (``provides``, ``before``,
``after``) may be; anything else is a problem (``check_metadata``)."""


def names_in(value: object) -> tuple[str, ...]:
    """The names of a list-valued metadata attribute, or () when it is of
    the wrong type (a string would otherwise be read as its letters)."""
    if isinstance(value, LISTS) and all(type(item) is str for item in value):
        return tuple(value)
    return ()


def _text(value: object) -> str:
    return value if type(value) is str else ""


def _fallback_name(obj: object, entry_point: EntryPointInfo | None) -> str:
    """What names an extension whose own ``name`` cannot: its entry point,
    or (given directly) its type."""
    if entry_point is not None:
        return entry_point.name
    return type_name(obj) if is_class(obj) else type_name(type(obj))


def description_of(
    obj: object, entry_point: EntryPointInfo | None = None
) -> Description:
    """Describe an extension object; metadata falls back to its distribution."""
    name: object
    version: object
    description: object
    if is_extension(obj):
        extension: Any = obj
        name = extension.name
        if type(name) is not str:  # reported by check_metadata
            name = _fallback_name(obj, entry_point)
        version = extension.version
        description = extension.description
    else:
        fallback_name = (
            entry_point.name if entry_point else getattr(obj, "__name__", "")
        )
        name = getattr(obj, "name", None)
        if type(name) is not str or not name:
            name = fallback_name if type(fallback_name) is str else ""
        version = getattr(obj, "version", None) or (
            entry_point.distribution_version if entry_point else ""
        )
        description = getattr(obj, "description", None) or (
            entry_point.summary if entry_point else ""
        )
    return Description(
        name=_text(name),
        version=_text(version),
        description=_text(description),
        obj=obj,
        distribution=entry_point.distribution if entry_point else None,
        distribution_version=entry_point.distribution_version if entry_point else None,
        entry_point=str(entry_point) if entry_point else None,
        before=names_in(getattr(obj, "before", ())),
        after=names_in(getattr(obj, "after", ())),
        provides=names_in(getattr(obj, "provides", ())),
    )
