"""The hookspecs as data: names, parameters, resolved types, scope, kind.

Validation, ordering, the typed relay and the CLI all need the same facts
about each spec. Reading them once from ``hookspecs.py`` keeps that module the
only place an event is declared.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from .. import hookspecs
from ..markers import EVENT_ATTR, EventInfo, Kind, Scope
from .annotations import simple_hints


@dataclass(frozen=True)
class HookSpec:
    """One event: what Nailgun passes and what it does with the result."""

    name: str
    function: Callable[..., object]
    argnames: tuple[str, ...]
    arg_types: Mapping[str, object]
    return_type: object
    info: EventInfo

    @property
    def scope(self) -> Scope:
        return self.info.scope

    @property
    def kind(self) -> Kind:
        return self.info.kind

    @property
    def firstresult(self) -> bool:
        return self.info.firstresult

    @property
    def deprecated(self) -> str | None:
        """What replaces the event, when it is deprecated."""
        return self.info.deprecated

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""


def _read_spec(name: str, function: Callable[..., object]) -> HookSpec:
    info = getattr(function, EVENT_ATTR)
    hints = simple_hints(function)  # what get_type_hints says, or None
    if hints is None:
        hints = typing.get_type_hints(function)
    argnames = tuple(inspect.signature(function).parameters)
    return HookSpec(
        name=name,
        function=function,
        argnames=argnames,
        arg_types=MappingProxyType({a: hints[a] for a in argnames}),
        return_type=hints["return"],
        info=info,
    )


@cache
def specs() -> Mapping[str, HookSpec]:
    """Every hookspec, in declaration order, keyed by hook name."""
    found = {
        name: _read_spec(name, value)
        for name, value in vars(hookspecs).items()
        if callable(value) and isinstance(getattr(value, EVENT_ATTR, None), EventInfo)
    }
    return MappingProxyType(found)
