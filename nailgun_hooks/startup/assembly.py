"""The checked extensions judged together, and put in call order.

Each extension is checked alone by :mod:`.checks`; this module judges them
against each other (one name or one object taken twice, an ``__eq__``
claiming another extension, clashing URLs and calls, a cycle of
``before``/``after``) and orders the sound ones. It never
raises: whether problems are fatal is the caller's choice (strict or
lenient), made in one place, :func:`.pipeline.assemble_and_register`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import Problem
from .checks import Checked
from .discovery import claimant, contested
from .equality import EQ_HINT, equality_claim
from .guard import is_extension, object_label, touch
from .ordering import resolve
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


def _equality_claims(
    records: Sequence[ExtensionRecord], sound: Sequence[ExtensionRecord]
) -> list[Problem]:
    """Each of ``records`` whose own ``__eq__`` says it equals an unrelated
    object, or (for the ``sound`` ones) another sound extension: pluggy asks
    ``plugin in registered`` before registering one, so it would take the
    two for one plugin and refuse the later. A rejected extension is not
    compared with the others, so that its problems do not depend on who
    else is installed."""
    compared = {id(record) for record in sound}
    problems = []
    for record in records:
        others = sound if id(record) in compared else ()
        claimed = touch(record, lambda: equality_claim(record, others))  # noqa: B023
        if isinstance(claimed, Problem):
            problems.append(claimed)
        elif claimed is not None:
            problems.append(record.problem("claims-equality", claimed, EQ_HINT))
    return problems


def _conflicting_calls(records: Iterable[ExtensionRecord]) -> list[Problem]:
    """Two extensions declaring one call with different signatures: a
    problem on each, naming both (as each record found its calls)."""
    by_name: dict[str, list[tuple[ExtensionRecord, str]]] = {}
    for record in records:
        for name, signature in record.calls:
            by_name.setdefault(name, []).append((record, signature))
    problems = []
    for name, declared in by_name.items():
        if len({signature for _, signature in declared}) < 2:
            continue
        described = "; ".join(f"{r.name}: {name}{sig}" for r, sig in declared)
        for record, _ in declared:
            problems.append(
                record.problem(
                    "conflicting-calls",
                    f"the call {name!r} is declared with different signatures "
                    f"({described})",
                    "give the call one signature in every extension that "
                    "provides it, or rename one",
                    hook=name,
                )
            )
    return problems


def _sound(checked: Checked, problems: Iterable[Problem]) -> list[ExtensionRecord]:
    """The checked records no problem names."""
    rejected = {problem.extension for problem in problems}
    return [record for record in checked.records if record.name not in rejected]


def assemble(candidates: Sequence[Candidate], checked: Checked) -> Assembly:
    """Judge the ``checked`` extensions together, order the sound ones, and
    report the rest (with the checks' problems). ``candidates`` are all of
    them, including those that could not be read, since a name or an object
    they share is a problem of both."""
    problems = list(checked.problems)
    problems.extend(_duplicate_names(candidates))
    problems.extend(_shared_objects(candidates))
    # Extensions are judged against the otherwise sound ones only, so that a
    # broken extension cannot take a healthy one down with it.
    problems.extend(_equality_claims(checked.records, _sound(checked, problems)))
    unrejected = _sound(checked, problems)
    problems.extend(check_url_conflicts(unrejected))
    problems.extend(_conflicting_calls(unrejected))
    sound = {r.name: r for r in _sound(checked, problems)}
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
