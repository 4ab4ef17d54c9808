"""The checked extensions judged together, and put in call order.

Each extension is checked alone by :mod:`.checks`; this module judges them
against each other (one name or one object taken twice, clashing URLs and
calls, a cycle of ``before``/``after``) and orders the sound ones. It never
raises: whether problems are fatal is the caller's choice (strict or
lenient), made in one place, :func:`.pipeline.assemble_and_register`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Problem
from .checks import Checked
from .discovery import claimant, contested
from .guard import is_extension, object_label
from .ordering import resolve
from .provides import check_call_conflicts
from .records import Candidate, Description, ExtensionRecord
from .urls import check_url_conflicts


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


def assemble(candidates: Sequence[Candidate], checked: Checked) -> Assembly:
    """Judge the ``checked`` extensions together, order the sound ones, and
    report the rest (with the checks' problems). ``candidates`` are all of
    them, including those that could not be read, since a name or an object
    they share is a problem of both."""
    problems = list(checked.problems)
    problems.extend(_duplicate_names(candidates))
    problems.extend(_shared_objects(candidates))

    # URL clashes are judged among the otherwise sound extensions only, so a
    # broken extension cannot take a healthy one down with it.
    rejected = {problem.extension for problem in problems}
    unrejected = [r for r in checked.records if r.name not in rejected]
    problems.extend(check_url_conflicts(unrejected))
    problems.extend(check_call_conflicts(unrejected))
    rejected = {problem.extension for problem in problems}
    sound = {r.name: r for r in checked.records if r.name not in rejected}
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
