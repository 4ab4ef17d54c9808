"""Checks particular to old-style extensions and their data pipelines.

Recognition (:mod:`.legacy`) decides what of an old-style extension is
called; this module reports what looks meant to be called but never will
be: a misspelt handler, an unmarked handler on a new-style extension, an
attribute named like an event that is no function, a pipeline that defines
no step or uses the pipeline API Nailgun removed, a runner the extension
shadows. Pipeline methods are called by position and checked as such
(:mod:`.positional_checks`). ``provides`` is :mod:`.provides`'s.
"""

from __future__ import annotations

import difflib
import functools
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from ..errors import Problem
from ..extension import BaseExtension
from ..spec.catalogue import HookSpec, specs
from .bases import REMOVED_PIPELINE_METHODS
from .guard import is_class, object_label, type_name
from .legacy import (
    HANDLER_PREFIXES,
    MISSPELLING_CUTOFF,
    carries_marker,
    definition,
    from_base,
    is_pipeline_list,
    is_routine,
    pipeline_defines,
    pipeline_specs,
)
from .locations import function_location
from .positional_checks import check_positional, never_runs
from .records import ExtensionRecord

__all__ = ["check_extension"]


def _close_event(name: str, choices: Sequence[str]) -> str | None:
    if not name.startswith(HANDLER_PREFIXES):
        return None
    close = difflib.get_close_matches(name, choices, n=1, cutoff=MISSPELLING_CUTOFF)
    return close[0] if close else None


Routine = tuple[str, type | None, object]
"""A public function's name, the class defining it (None: the instance), and
its raw value."""

LookUp = Callable[[str], tuple[type | None, object]]
""":func:`.legacy.definition` of one object: the class defining a name
(None: the instance) and its raw value."""


def _definitions(obj: object) -> LookUp:
    """:func:`.legacy.definition` of ``obj``, each name read once: the
    checks of one extension ask about its event names more than once. What
    raises is not kept: asked again, it raises again."""
    return functools.cache(functools.partial(definition, obj))


def _public_routines(
    listed: Sequence[str], look_up: LookUp, own: OwnNames
) -> list[Routine]:
    """The public functions of an object that are not the bases' own, in
    ``dir()`` order (``listed``), with the class defining each (None: the
    instance); ``look_up`` reads the object's definitions. Only a name the
    object defines itself (``own``, from :func:`_own_names`) can be one:
    when those are all known, the others are looked up no further."""
    found = []
    for name in listed:
        if name.startswith("_") or (own.complete and name not in own.names):
            continue
        owner, raw = look_up(name)
        if is_routine(raw) and not from_base(owner) and owner is not BaseExtension:
            found.append((name, owner, raw))
    return found


def _location(raw: object) -> str | None:
    function = getattr(raw, "__func__", raw)
    return function_location(function) if callable(function) else None


def check_extension(
    record: ExtensionRecord, *, listed: Sequence[str] | None = None
) -> list[Problem]:
    """Problems particular to old-style extensions and pipelines.

    ``listed`` is ``dir(record.obj)`` when the caller already has it.
    """
    obj = record.obj
    if not isinstance(obj, BaseExtension):
        return []
    problems: list[Problem] = []
    known = specs()
    events = list(known)
    old_style = record.style == "old-style"
    declared = record.provided  # its own calls are no misspellings
    look_up = _definitions(obj)
    listed = dir(obj) if listed is None else listed
    own = _own_names(obj)
    for name, _owner, raw in _public_routines(listed, look_up, own):
        if name in declared and name not in known:
            continue
        if name in known:
            if not old_style and not carries_marker(raw):
                problems.append(
                    record.problem(
                        "unmarked-handler",
                        f"{name} is named like a Nailgun event but has no @hookimpl "
                        "while other methods of this extension do, so it would never "
                        "be called",
                        f"mark it @hookimpl, or rename it (e.g. _{name}) if it is "
                        "a helper",
                        hook=name,
                        location=_location(raw),
                    )
                )
            continue
        event = _close_event(name, events) if old_style else None
        if event is not None:
            problems.append(
                record.problem(
                    "unknown-hook",
                    f"{name} looks like a handler but {name!r} is not a Nailgun "
                    "event, so it would never be called",
                    f"did you mean {event!r}? (prefix helpers with '_')",
                    hook=name,
                    location=_location(raw),
                )
            )
    problems.extend(_not_handlers(record, known, "", look_up, own))
    problems.extend(_check_pipelines(record, look_up))
    return problems


class OwnNames(NamedTuple):
    """What an object defines itself (see :func:`_own_names`)."""

    names: set[str]
    complete: bool
    """False when its instance ``__dict__`` is no ``dict``: its names cannot
    be listed, though a look-up may find them."""


def _own_names(obj: object) -> OwnNames:
    """Names ``obj`` or its classes define, the bases' (ours, Nailgun's)
    left out: the few an event name needs looking up for."""
    found: set[str] = set()
    complete = True
    if not inspect.isclass(obj):
        own = getattr(obj, "__dict__", {})
        if type(own) is dict:
            found.update(own)
        else:
            complete = False
    cls = obj if inspect.isclass(obj) else type(obj)
    for klass in cls.__mro__:
        if klass is not object and klass is not BaseExtension and not from_base(klass):
            found.update(vars(klass))
    return OwnNames(found, complete)


def _not_handlers(
    record: ExtensionRecord,
    names: Iterable[str],
    label: str,
    look_up: LookUp,
    own: OwnNames,
) -> list[Problem]:
    """Attributes named like an event that no call can use as a handler (a
    property, a callable object, a value): Nailgun's positional call and
    pluggy's both pass them by, so each is reported rather than skipped.
    ``look_up`` reads the definitions of the object (the extension, or one
    of its pipelines) and ``own`` is what it defines itself
    (:func:`_own_names`)."""
    problems = []
    for name in names:
        if name not in own.names:
            continue
        owner, raw = look_up(name)
        if owner is None and raw is None:  # None on the instance
            continue
        if owner is BaseExtension or from_base(owner):
            continue
        if is_routine(raw) or carries_marker(raw):
            continue  # judged as an implementation (or as a marked one)
        problems.append(
            record.problem(
                "not-a-handler",
                f"{label}{name} is named like a Nailgun event but is "
                f"{object_label(raw)}, which is never called as a handler: it "
                "would never run",
                f"define {name} as a classmethod (def {name}(cls, ...)), or rename "
                f"it (e.g. _{name}) if it is not a handler",
                hook=name,
            )
        )
    return problems


def _label(pipeline: object) -> str:
    """A pipeline by its class name, anything else by its type: an object
    listed by mistake (a settings dict) may hold secrets."""
    return type_name(pipeline) if is_class(pipeline) else object_label(pipeline)


def _removed_method(
    record: ExtensionRecord, label: str, name: str, raw: object
) -> Problem:
    """Fuel 9's pipeline API on a pipeline that is not a ``BasePipeline``
    (which refuses it when the class is created), with Nailgun's hint."""
    return record.problem(
        "removed-pipeline-method",
        f"pipeline {label}.{name} is the pipeline API Nailgun removed "
        f"(BasePipeline.{name} was removed), so it would never run",
        REMOVED_PIPELINE_METHODS[name],
        hook=name,
        location=_location(raw),
    )


def _check_pipelines(record: ExtensionRecord, look_up: LookUp) -> list[Problem]:
    """``data_pipelines`` is a list of pipelines, each of which defines a
    step it can run, none of them shadowed by the extension itself (whose
    definitions ``look_up`` reads)."""
    value = getattr(record.obj, "data_pipelines", ())
    if not is_pipeline_list(value):
        return [
            record.problem(
                "bad-data-pipelines",
                f"data_pipelines is {type(value).__name__}, not a list of pipeline "
                "classes",
                "write data_pipelines = [SomePipeline, ...]",
            )
        ]
    problems: list[Problem] = []
    pipeline_events = pipeline_specs()
    steps: list[Steps] = []
    for pipeline in value:
        label = _label(pipeline)
        defined = [n for n in pipeline_events if pipeline_defines(pipeline, n)]
        steps.append((label, defined))
        problems.extend(
            _check_pipeline(record, pipeline, label, defined, pipeline_events)
        )
    if not steps:  # nothing to shadow
        return problems
    problems.extend(_shadowed_runners(record, steps, pipeline_events, look_up))
    return problems


Steps = tuple[str, list[str]]
"""A pipeline's label and the steps it defines (:func:`.legacy.pipeline_defines`)."""


def _check_pipeline(
    record: ExtensionRecord,
    pipeline: object,
    label: str,
    defined: Sequence[str],
    pipeline_events: Mapping[str, HookSpec],
) -> list[Problem]:
    """One pipeline (``defined``: the steps it defines): its misspelt steps,
    its steps that cannot run, and each step it defines, checked as Nailgun
    calls it."""
    look_up = _definitions(pipeline)
    listed = dir(pipeline)
    own = _own_names(pipeline)
    problems = _misspelt_steps(record, label, pipeline_events, listed, look_up, own)
    unusable = _not_handlers(
        record, pipeline_events, f"pipeline {label}.", look_up, own
    )
    problems.extend(unusable)
    if not defined and not unusable:  # a step that cannot run says more
        problems.append(
            record.problem(
                "empty-pipeline",
                f"pipeline {label} defines none of {', '.join(pipeline_events)}",
                "define at least one of them as a classmethod, or remove the "
                "pipeline from data_pipelines",
            )
        )
    for name in defined:
        problems.extend(
            _check_pipeline_method(record, label, pipeline, pipeline_events[name])
        )
    return problems


def _misspelt_steps(
    record: ExtensionRecord,
    label: str,
    pipeline_events: Mapping[str, HookSpec],
    listed: Sequence[str],
    look_up: LookUp,
    own: OwnNames,
) -> list[Problem]:
    """A pipeline's public methods that are no step: the removed pipeline
    API, or a name close to a pipeline event (``listed``: the pipeline's
    ``dir()``; ``look_up`` and ``own``, as :func:`_public_routines` takes
    them)."""
    problems = []
    for name, _owner, raw in _public_routines(listed, look_up, own):
        if name in pipeline_events:
            continue
        if name in REMOVED_PIPELINE_METHODS:
            problems.append(_removed_method(record, label, name, raw))
            continue
        event = _close_event(name, list(pipeline_events))
        if event is not None:
            problems.append(
                record.problem(
                    "unknown-hook",
                    f"pipeline {label}.{name} looks like a pipeline step but "
                    f"{name!r} is not a pipeline event, so it would never run",
                    f"did you mean {event!r}? (prefix helpers with '_')",
                    hook=name,
                    location=_location(raw),
                )
            )
    return problems


def _shadowed_runners(
    record: ExtensionRecord,
    steps: Sequence[Steps],
    pipeline_events: Mapping[str, HookSpec],
    look_up: LookUp,
) -> list[Problem]:
    """A runner the extension defines itself (``look_up`` reads its
    definitions), where a pipeline needs ``BaseExtension``'s, which runs the
    pipelines (``steps``: what each defines)."""
    problems = []
    for name in pipeline_events:
        owner, raw = look_up(name)
        needed = [label for label, defined in steps if name in defined]
        if needed and owner is not BaseExtension:
            problems.append(
                record.problem(
                    "pipeline-shadowed",
                    f"the extension defines {name} itself, so the {name} of its "
                    f"data_pipelines ({', '.join(needed)}) would never run",
                    f"call super().{name}(...) from it, or move the code into a "
                    "pipeline",
                    hook=name,
                    location=_location(raw),
                )
            )
    return problems


def _check_pipeline_method(
    record: ExtensionRecord, label: str, pipeline: object, spec: HookSpec
) -> list[Problem]:
    """Pipelines are called positionally, as Nailgun called them."""
    method: Callable[..., object] = getattr(pipeline, spec.name)
    where = {"hook": spec.name, "location": _location(method)}
    what = never_runs(method)
    if what is not None:
        return [
            record.problem(
                "bad-pipeline-method",
                f"pipeline {label}.{spec.name} is {what}: its body would never run",
                "make it a plain classmethod that edits the data in place",
                **where,
            )
        ]
    return check_positional(
        record, spec, method, f"pipeline {label}.{spec.name}", "bad-pipeline-method"
    )
