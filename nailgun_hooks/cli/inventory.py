"""What is installed, what got loaded, and a fingerprint to compare hosts.

``nailgun-hooks list`` and ``check`` answer an operator's questions: which
extensions does Nailgun run, in which order, and why was one left out? The
answer is built from the same :func:`load_extensions` Nailgun calls, so it
cannot disagree with what Nailgun does; ``--no-import`` answers from
entry-point metadata alone, for an install one does not trust to import.
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import Problem, counted, printable
from ..loading import load_extensions
from ..markers import DISABLED_ENV, ENABLED_ENV
from ..startup.discovery import (
    EntryPointInfo,
    duplicate_names,
    installed_entry_points,
    scan_installed,
)
from ..startup.hostversion import check_host_requirement
from ..startup.records import ExtensionRecord
from ..startup.selection import select

__all__ = [
    "Entry",
    "Inventory",
    "fingerprint",
    "inspect_installed",
    "render_warnings",
    "take_inventory",
]

Status = Literal["loaded", "rejected", "disabled", "not imported"]


def fingerprint(extensions: Iterable[ExtensionRecord]) -> str:
    """A digest of the loaded set: names, versions, distributions, order.

    Two API workers or hosts running the same extensions in the same order
    print the same fingerprint; paths and timestamps play no part.
    """
    identity = [
        [r.name, r.version, r.distribution, r.distribution_version] for r in extensions
    ]
    payload = json.dumps(identity, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class Entry:
    """One installed extension (one entry point) and what became of it."""

    name: str
    status: Status
    version: str | None = None
    description: str | None = None
    distribution: str | None = None
    distribution_version: str | None = None
    entry_point: str | None = None
    hooks: tuple[str, ...] = ()
    calls: tuple[tuple[str, str], ...] = ()
    """The calls it declares itself: name and signature each."""
    style: str | None = None
    """``old-style`` or ``hookimpl`` once loaded (see :mod:`.legacy`)."""
    problems: list[Problem] = field(default_factory=list)
    import_seconds: float | None = None
    validation_seconds: float | None = None
    warnings: tuple[Problem, ...] = ()

    @classmethod
    def from_record(cls, record: ExtensionRecord) -> Entry:
        return cls(
            name=record.name,
            status="loaded",
            version=record.version,
            description=record.description,
            distribution=record.distribution,
            distribution_version=record.distribution_version,
            entry_point=record.entry_point,
            hooks=record.hooks,
            calls=record.calls,
            import_seconds=record.import_seconds,
            validation_seconds=record.validation_seconds,
            warnings=record.warnings,
            style=record.style,
        )

    @classmethod
    def from_entry_point(cls, info: EntryPointInfo, status: Status) -> Entry:
        """An extension whose own metadata is not read (not imported, or
        rejected): version and description are its distribution's."""
        return cls(
            name=info.name,
            status=status,
            version=info.distribution_version or None,
            description=info.summary or None,
            distribution=info.distribution,
            distribution_version=info.distribution_version,
            entry_point=str(info),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "distribution": self.distribution,
            "distribution_version": self.distribution_version,
            "entry_point": self.entry_point,
            "hooks": list(self.hooks),
            "calls": [{"name": n, "signature": s} for n, s in self.calls],
            "style": self.style,
            "status": self.status,
            "problems": [problem.to_dict() for problem in self.problems],
            "warnings": [notice.to_dict() for notice in self.warnings],
            "import_seconds": self.import_seconds,
            "validation_seconds": self.validation_seconds,
        }


@dataclass
class Inventory:
    """Every installed extension: loaded ones first, in call order."""

    namespace: str
    imported: bool
    entries: list[Entry]
    problems: list[Problem]
    """Problems that belong to no installed entry point (e.g. an allow-list
    naming an extension that is not installed)."""
    fingerprint: str | None

    @property
    def loaded(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.status == "loaded"]

    @property
    def all_problems(self) -> list[Problem]:
        """Every problem: the extensions' own, then those of none."""
        return [p for entry in self.entries for p in entry.problems] + self.problems

    @property
    def all_warnings(self) -> list[Problem]:
        return [notice for entry in self.entries for notice in entry.warnings]

    def to_dict(self, command: str) -> dict[str, Any]:
        """The JSON of ``list`` and ``check``, one schema for both
        (docs/guide.md): every problem and warning at the top, each naming
        its extension, and again in its extension's entry."""
        problems = self.all_problems
        return {
            "command": command,
            "namespace": self.namespace,
            "ok": not problems,
            "imported": self.imported,
            "fingerprint": self.fingerprint,
            "extensions": [entry.to_dict() for entry in self.entries],
            "problems": [problem.to_dict() for problem in problems],
            "warnings": [notice.to_dict() for notice in self.all_warnings],
        }


def _belongs_to(problem: Problem, info: EntryPointInfo) -> bool:
    if problem.entry_point is not None:
        return problem.entry_point == str(info)
    return problem.extension == info.name


def take_inventory(namespace: str, *, everything: bool = False) -> Inventory:
    """Load like Nailgun does (leniently, honouring the allow- and deny-lists)
    and account for every installed entry point; ``everything`` loads every
    installed extension, whatever the lists say (``check``)."""
    installed = installed_entry_points(namespace)
    if everything:
        names = {info.name for info in installed}
        manager = load_extensions(
            strict=False, enabled=names, disabled=(), namespace=namespace
        )
    else:
        manager = load_extensions(strict=False, namespace=namespace)
    loaded_entry_points = {record.entry_point for record in manager.extensions}
    entries = [Entry.from_record(record) for record in manager.extensions]
    unplaced = list(manager.problems)
    for info in installed:
        if str(info) in loaded_entry_points:
            continue
        mine = [problem for problem in manager.problems if _belongs_to(problem, info)]
        entry = Entry.from_entry_point(info, "rejected" if mine else "disabled")
        entry.problems = mine
        entries.append(entry)
        unplaced = [problem for problem in unplaced if problem not in mine]
    return Inventory(
        namespace=namespace,
        imported=True,
        entries=entries,
        problems=unplaced,
        fingerprint=fingerprint(manager.extensions),
    )


def inspect_installed(
    namespace: str,
    enabled: frozenset[str] | None,
    disabled: frozenset[str],
) -> Inventory:
    """What entry-point metadata alone says; no extension is imported.

    Call order and the extensions' own metadata need their code, so entries
    are in name order and there is no fingerprint.
    """
    installed, broken = scan_installed(namespace)
    duplicates = duplicate_names(installed)
    selection = select(enabled, disabled, {info.name for info in installed})
    entries = []
    for info in installed:
        mine = [problem for problem in duplicates if problem.extension == info.name]
        mine += [problem for problem in broken if problem.entry_point == str(info)]
        excluded = selection.excludes(info.name)
        host = check_host_requirement(info)
        if host is not None:
            mine.append(host)
        status: Status = (
            "rejected" if mine else "disabled" if excluded else "not imported"
        )
        entry = Entry.from_entry_point(info, status)
        entry.problems = mine
        entries.append(entry)
    return Inventory(
        namespace=namespace,
        imported=False,
        entries=entries,
        problems=[
            *selection.problems,
            *(problem for problem in broken if problem.entry_point is None),
        ],
        fingerprint=None,
    )


# --- rendering ---------------------------------------------------------------

_STATUS_NOTES = {
    "disabled": f"left out by {ENABLED_ENV} or {DISABLED_ENV}; never imported",
    "not imported": "read from its metadata only",
}


_STYLE_NOTES = {
    "old-style": (
        " (no @hookimpl anywhere: its methods named like events are its "
        "handlers, called by position as Nailgun called them)"
    ),
}


def _entry_text(position: str, entry: Entry, debug: bool) -> list[str]:
    title = f"{position} {printable(entry.name)}"
    if entry.version and entry.status == "loaded":  # else the distribution's
        title += f" {printable(entry.version)}"
    lines = [title]
    if entry.description:
        lines.append(f"      {printable(entry.description)}")
    if entry.distribution:
        dist = entry.distribution
        if entry.distribution_version:
            dist += f" {entry.distribution_version}"
        lines.append(f"      distribution: {printable(dist)}")
    if entry.entry_point:
        lines.append(f"      entry point:  {printable(entry.entry_point)}")
    if entry.status == "loaded":
        hooks = printable(", ".join(entry.hooks) or "none")
        wrapped = textwrap.wrap(
            f"hooks ({len(entry.hooks)}): {hooks}",
            width=88,
            initial_indent="      ",
            subsequent_indent="        ",
        )
        lines.extend(wrapped)
    if entry.calls:
        declared = ", ".join(f"{name}{signature}" for name, signature in entry.calls)
        lines.append(f"      own calls ({len(entry.calls)}): {printable(declared)}")
    if entry.style is not None:
        lines.append(f"      style: {entry.style}" + _STYLE_NOTES.get(entry.style, ""))
    note = _STATUS_NOTES.get(entry.status)
    lines.append(f"      status: {entry.status}" + (f" ({note})" if note else ""))
    lines.extend(
        _problem_text(problem, debug, "        ") for problem in entry.problems
    )
    indent = " " * 8
    lines.extend(
        f"{indent}warning: {_problem_text(notice, debug, indent)[len(indent) :]}"
        for notice in entry.warnings
    )
    return lines


def _problem_text(problem: Problem, debug: bool, prefix: str) -> str:
    text = str(problem)
    if debug and problem.traceback:
        text += "\n" + problem.printable_traceback().rstrip()
    return textwrap.indent(text, prefix)


def render_inventory(inventory: Inventory, *, debug: bool = False) -> str:
    """The human-readable ``nailgun-hooks list``."""
    order = "in call order" if inventory.imported else "by name, not imported"
    count = len(inventory.entries)
    lines = [
        f"{counted(count, 'extension')} installed in {inventory.namespace!r} ({order}):"
    ]
    if not inventory.entries:
        lines.append("  (none)")
    position = 0
    for entry in inventory.entries:
        if entry.status == "loaded":
            position += 1
            label = f"  {position}."
        else:
            label = "  -"
        lines.extend(_entry_text(label, entry, debug))
    if inventory.problems:
        lines.append("other problems:")
        lines.extend(_problem_text(p, debug, "  ") for p in inventory.problems)
    if inventory.fingerprint is not None:
        loaded = len(inventory.loaded)
        lines.append(f"fingerprint of the {loaded} loaded: {inventory.fingerprint}")
    return "\n".join(lines) + "\n"


def render_warnings(notices: Sequence[Problem], debug: bool = False) -> str:
    """What works today but will not for ever, after ``check``'s verdict."""
    return "".join(f"warning: {_problem_text(n, debug, '')}\n" for n in notices)


def render_problems(
    namespace: str,
    checked: Sequence[str],
    problems: Sequence[Problem],
    debug: bool,
    styles: Mapping[str, str] | None = None,
) -> str:
    """The human-readable ``nailgun-hooks check``; ``styles`` maps each
    valid extension to its style."""
    if not problems:
        styles = styles or {}
        names = ", ".join(
            f"{name} [{styles[name]}]" if name in styles else name for name in checked
        )
        return (
            f"ok: {len(checked)} extension(s) in {namespace!r} are valid "
            f"({names or 'none installed'})\n"
        )
    count = len(problems)
    lines = [f"{counted(count, 'problem')} in {namespace!r}:"]
    lines.extend(_problem_text(problem, debug, "") for problem in problems)
    return "\n".join(lines) + "\n"
