"""Validated, ordered extensions from candidates: the heart of startup.

Discovery hands over imported objects; this module decides which of them are
fit to run and in what order, and says why about every one that is not. It
never raises: whether problems are fatal is the caller's choice (strict or
lenient), made in one place, :func:`.pipeline.assemble_and_register`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import pluggy

from ..errors import Problem
from .deprecation import check_deprecated_hooks
from .discovery import claimant, contested
from .equality import check_equality
from .guard import is_extension, object_label, touch
from .implementation_checks import check_implementations, check_unhookable
from .implementations import implementations, marked_but_unhookable
from .legacy import provided_names, style_of
from .legacy_checks import check_extension
from .metadata_checks import check_metadata, check_references
from .migration_checks import check_migrations
from .ordering import resolve
from .provides import check_call_conflicts, check_provides, own_calls
from .records import Candidate, Description, ExtensionRecord
from .urls import check_url_conflicts, check_urls


@dataclass(frozen=True)
class Assembly:
    extensions: tuple[ExtensionRecord, ...]
    """The sound extensions, checked (each carrying its implementations),
    in call order."""
    problems: tuple[Problem, ...]


def _identity(obj: object) -> tuple[str, int]:
    """Two entry points reaching the same code: one module, class or object.

    A class is instantiated once per entry point, so two entry points naming
    one class give two instances of it: compare the class.
    """
    if is_extension(obj):
        return ("class", id(type(obj)))
    return ("object", id(obj))


def _shared_objects(candidates: Sequence[Candidate]) -> list[Problem]:
    seen: dict[tuple[str, int], Candidate] = {}
    problems = []
    for candidate in candidates:
        first = seen.setdefault(_identity(candidate.record.obj), candidate)
        if first is candidate:
            continue
        if first.record.entry_point and candidate.record.entry_point:
            message = (
                f"entry points {first.record.entry_point!r} and "
                f"{candidate.record.entry_point!r} load the same extension code"
            )
        else:  # given directly (build_manager, register): no entry points
            obj = candidate.record.obj
            what = object_label(type(obj)) if is_extension(obj) else object_label(obj)
            message = f"the extension {what} is given twice"
        problems.append(
            candidate.record.problem(
                "duplicate-object", message, "keep one entry point per extension"
            )
        )
    return problems


def _origin(record: Description) -> str:
    return claimant(record.distribution, record.entry_point or object_label(record.obj))


def _duplicate_names(candidates: Sequence[Candidate]) -> list[Problem]:
    problems = []
    for name, group in contested(candidates, lambda c: c.record.name).items():
        if not name:
            continue
        if len({_identity(c.record.obj) for c in group}) == 1 and all(
            c.record.entry_point for c in group
        ):
            continue  # one extension under several entry points: duplicate-object
        origins = ", ".join(_origin(c.record) for c in group)
        for candidate in group:
            problems.append(
                candidate.record.problem(
                    "duplicate-name",
                    f"the name {name!r} is taken by {len(group)} extensions: {origins}",
                    "uninstall one of them, or rename one extension",
                )
            )
    return problems


def _check(
    candidate: Candidate,
    installed: Collection[str],
    plugin_manager: pluggy.PluginManager,
) -> tuple[ExtensionRecord, list[Problem]]:
    """Every check of one candidate, and its record as checked: what it
    implements (found once, here) and how long checking it took."""
    start = time.perf_counter()
    # pluggy's register() lists the object with dir(); a hostile __dir__ must
    # fail here, where it becomes this extension's problem, not there.
    names = dir(candidate.record.obj)
    record = _found(candidate.record, plugin_manager, names)
    impls = record.implementations
    problems = []
    if not impls and not is_extension(record.obj):
        problems.append(
            record.problem(
                "not-an-extension",
                f"{object_label(record.obj)} is neither a BaseExtension nor "
                "carries any @hookimpl function",
                "point the entry point at a BaseExtension subclass, or at a "
                "module or object with @hookimpl functions",
            )
        )
    problems.extend(check_equality(record))
    problems.extend(check_unhookable(record, marked_but_unhookable(record.obj)))
    problems.extend(check_metadata(record, candidate.entry_point_name))
    problems.extend(check_implementations(record, impls))
    problems.extend(check_references(record, installed))
    problems.extend(check_extension(record, listed=names))
    problems.extend(check_provides(record))
    problems.extend(check_urls(record))
    problems.extend(check_migrations(record))
    seconds = time.perf_counter() - start
    return dataclasses.replace(record, validation_seconds=seconds), problems


def _found(
    described: Description, plugin_manager: pluggy.PluginManager, names: list[str]
) -> ExtensionRecord:
    """The record of ``described``: what the object implements (as pluggy's
    ``register`` will find it among ``names``, its ``dir()``), its hooks,
    style, the names it provides, its own calls and the deprecated hooks it
    implements; read here once, so that the checks read the record."""
    impls = tuple(implementations(plugin_manager, described.obj, names))
    style = style_of(described.obj)
    provided = provided_names(described.obj)
    return ExtensionRecord.found(
        described,
        implementations=impls,
        hooks=tuple(sorted({i.hook for i in impls})),
        style=style,
        provided=provided,
        calls=tuple((c.name, c.signature) for c in own_calls(described, provided)),
        warnings=tuple(check_deprecated_hooks(described, impls)),
    )


def assemble(
    candidates: Iterable[Candidate],
    *,
    installed: Collection[str],
    plugin_manager: pluggy.PluginManager,
) -> Assembly:
    """Validate every candidate, order the sound ones, report the rest.

    ``installed`` names every extension that exists, loaded or not, so that a
    ``before``/``after`` naming a rejected extension is not itself an error.
    """
    candidates = list(candidates)
    problems: list[Problem] = []
    checked: list[ExtensionRecord] = []
    for candidate in candidates:
        # a hostile __getattr__, __dir__, property, __eq__...: its problem
        checked_one = touch(
            candidate.record,
            lambda: _check(candidate, installed, plugin_manager),  # noqa: B023
        )
        if isinstance(checked_one, Problem):
            problems.append(checked_one)
            continue
        record, trouble = checked_one
        problems.extend(trouble)
        checked.append(record)
    problems.extend(_duplicate_names(candidates))
    problems.extend(_shared_objects(candidates))

    # URL clashes are judged among the otherwise sound extensions only, so a
    # broken extension cannot take a healthy one down with it.
    rejected = {problem.extension for problem in problems}
    problems.extend(check_url_conflicts([r for r in checked if r.name not in rejected]))
    problems.extend(check_call_conflicts(r for r in checked if r.name not in rejected))
    rejected = {problem.extension for problem in problems}
    sound = {record.name: record for record in checked if record.name not in rejected}
    ordering = resolve(
        sound,
        before={name: record.before for name, record in sound.items()},
        after={name: record.after for name, record in sound.items()},
    )
    for cycle in ordering.cycles:
        problems.append(
            sound[cycle[0]].problem(
                "ordering-cycle",
                f"before/after constraints form a cycle: {' -> '.join(cycle)} "
                "(each runs before the next)",
                "remove one of the before/after constraints in the cycle",
            )
        )
    ordered = tuple(sound[name] for name in ordering.order)
    return Assembly(extensions=ordered, problems=tuple(problems))
