"""Every check of one extension, run inside the guard.

What an extension implements is found once (:func:`recognised`), and every
check then reads the record, in the order of the startup steps: its
implementations and what pluggy would skip, its metadata, each
implementation against its event, the old-style rules, ``provides``, its
URLs and its migrations. Judging extensions against each other (names taken
twice, URL clashes, the call order) is :mod:`.assembly`'s.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pluggy

from ..errors import Problem
from .deprecation import check_deprecated_hooks
from .guard import is_extension, object_label, touch
from .implementation_checks import check_implementations, check_unhookable
from .implementations import implementations, marked_but_unhookable
from .legacy import provided_names, style_of
from .legacy_checks import check_extension
from .metadata_checks import check_metadata, check_references
from .migration_checks import check_migrations
from .provides import check_provides, own_calls
from .records import Candidate, Description, ExtensionRecord
from .urls import check_urls

__all__ = ["Checked", "check_candidate", "check_candidates", "recognised"]


@dataclass(frozen=True)
class Checked:
    records: tuple[ExtensionRecord, ...]
    """Each candidate that could be read, as the checks found it, in the
    candidates' order (problems or not)."""
    problems: tuple[Problem, ...]


def check_candidates(
    candidates: Iterable[Candidate],
    *,
    installed: Collection[str],
    plugin_manager: pluggy.PluginManager,
) -> Checked:
    """:func:`check_candidate` of each of ``candidates``, inside the guard: a
    hostile ``__getattr__``, ``__dir__``, property or ``__eq__`` becomes its
    extension's problem. ``installed`` names every extension that exists,
    loaded or not, so that a ``before``/``after`` naming a rejected one is
    not itself an error."""
    problems: list[Problem] = []
    records: list[ExtensionRecord] = []
    for candidate in candidates:
        checked_one = touch(
            candidate.record,
            lambda: check_candidate(candidate, installed, plugin_manager),  # noqa: B023
        )
        if isinstance(checked_one, Problem):
            problems.append(checked_one)
            continue
        record, trouble = checked_one
        problems.extend(trouble)
        records.append(record)
    return Checked(tuple(records), tuple(problems))


def check_candidate(
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
    record = recognised(candidate.record, plugin_manager, names)
    problems = []
    if not record.implementations and not is_extension(record.obj):
        problems.append(
            record.problem(
                "not-an-extension",
                f"{object_label(record.obj)} is neither a BaseExtension nor "
                "carries any @hookimpl function",
                "point the entry point at a BaseExtension subclass, or at a "
                "module or object with @hookimpl functions",
            )
        )
    problems.extend(check_metadata(record, candidate.entry_point_name))
    problems.extend(check_references(record, installed))
    problems.extend(check_unhookable(record, record.unhookable))
    problems.extend(check_implementations(record, record.implementations))
    problems.extend(check_extension(record, listed=names))
    problems.extend(check_provides(record))
    problems.extend(check_urls(record))
    problems.extend(check_migrations(record))
    seconds = time.perf_counter() - start
    return dataclasses.replace(record, validation_seconds=seconds), problems


def recognised(
    described: Description, plugin_manager: pluggy.PluginManager, names: list[str]
) -> ExtensionRecord:
    """The record of ``described``: what the object implements (as pluggy's
    ``register`` will find it among ``names``, its ``dir()``) and what it
    marks that pluggy would skip, its hooks, style, the names it provides,
    its own calls and the deprecated hooks it implements; read here once,
    so that the checks read the record."""
    unhookable = tuple(marked_but_unhookable(described.obj))
    impls = tuple(implementations(plugin_manager, described.obj, names))
    style = style_of(described.obj)
    provided = provided_names(described.obj)
    return ExtensionRecord.found(
        described,
        implementations=impls,
        unhookable=unhookable,
        hooks=tuple(sorted({i.hook for i in impls})),
        style=style,
        provided=provided,
        calls=tuple((c.name, c.signature) for c in own_calls(described, provided)),
        warnings=tuple(check_deprecated_hooks(described, impls)),
    )
