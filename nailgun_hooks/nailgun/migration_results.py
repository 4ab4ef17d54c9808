"""What running extensions' migrations found: per revision, per extension.

Each result has a ``__str__`` -- the line ``nailgun-hooks migrate`` prints --
and a ``to_dict`` -- its entry in ``--json`` (the schema is in
docs/integration.md) -- so the text and the JSON say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import printable

__all__ = [
    "ExtensionStatus",
    "MigrationFailure",
    "MigrationInterrupted",
    "MigrationResult",
    "RevisionRun",
]


def _revisions(ids: Iterable[str]) -> str:
    """Revision ids are the extension's text: escaped for a terminal."""
    return printable(", ".join(ids)) or "<base>"


@dataclass(frozen=True)
class RevisionRun:
    """One revision of one extension, as it ran."""

    extension: str
    revision: str
    down: tuple[str, ...]
    """The revisions it upgrades from (none for the first one)."""
    seconds: float
    ok: bool = True
    """False for the revision that failed."""
    downgrade: bool = False
    """True when the revision was reverted (``--down-to``)."""

    def __str__(self) -> str:
        name, revision = printable(self.extension), printable(self.revision)
        if self.downgrade:
            step = f"{name}: downgrade {revision} -> {_revisions(self.down)}"
        else:
            step = f"{name}: upgrade {_revisions(self.down)} -> {revision}"
        if self.ok:
            return f"{step} ({self.seconds:.2f}s)"
        return f"{step} FAILED after {self.seconds:.2f}s"

    def to_dict(self) -> dict[str, object]:
        done = "reverted" if self.downgrade else "applied"
        return {
            "revision": self.revision,
            "from": list(self.down),
            "seconds": round(self.seconds, 3),
            "status": done if self.ok else "failed",
        }


@dataclass(frozen=True)
class MigrationResult:
    """One extension upgraded: its revisions before and after."""

    extension: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    revisions: tuple[RevisionRun, ...] = ()
    """The revisions that ran, in order."""
    action: str = "upgraded"
    """``upgraded``, ``downgraded``, or ``stamped`` (the version table set,
    nothing run)."""

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def __str__(self) -> str:
        if not self.changed:
            return f"{printable(self.extension)}: already at {_revisions(self.after)}"
        return (
            f"{printable(self.extension)}: {self.action} {_revisions(self.before)} "
            f"-> {_revisions(self.after)}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.extension,
            "status": self.action if self.changed else "unchanged",
            "before": list(self.before),
            "after": list(self.after),
            "revisions": [run.to_dict() for run in self.revisions],
            "error": None,
        }


@dataclass(frozen=True)
class MigrationFailure:
    """One extension whose migrations failed, and where."""

    extension: str
    revision: str | None
    """The revision that failed, when it could be told."""
    location: str | None
    """``file:line`` in the extension's migrations, when the error arose there."""
    message: str
    traceback: str = field(repr=False, default="")
    revisions: tuple[RevisionRun, ...] = ()
    """The revisions that ran, the failed one last."""
    before: tuple[str, ...] | None = None
    after: tuple[str, ...] | None = None
    """The extension's revisions in the database, when they could be read."""
    action: str = "migration"
    """What failed: ``migration``, ``status``, ``history`` or ``offline SQL``."""

    def __str__(self) -> str:
        """One line: the message, revision and location escaped (they are
        the extension's text, and may hold a newline or an ESC)."""
        at = f" at revision {printable(self.revision)}" if self.revision else ""
        where = f" ({printable(self.location)})" if self.location else ""
        return (
            f"{printable(self.extension)}: {self.action} failed{at}{where}: "
            f"{printable(self.message)}"
        )

    def to_dict(self) -> dict[str, object]:
        """The JSON of the extension's entry: that of a result or a status,
        with what could not be read as null, and the error."""
        found: dict[str, object]
        if self.action == "status":
            found = {"current": None, "heads": None, "pending": None}
        elif self.action == "history":
            found = {"revisions": None}
        else:
            found = {
                "before": None if self.before is None else list(self.before),
                "after": None if self.after is None else list(self.after),
                "revisions": [run.to_dict() for run in self.revisions],
            }
        return {
            "name": self.extension,
            "status": "failed",
            **found,
            "error": {
                "message": self.message,
                "revision": self.revision,
                "location": self.location,
                "traceback": self.traceback,
            },
        }


@dataclass(frozen=True)
class ExtensionStatus:
    """Where an extension's tables are, and where its migrations lead."""

    extension: str
    current: tuple[str, ...]
    """Its revisions in the database (none: never migrated)."""
    heads: tuple[str, ...]
    """The head revisions of its migrations."""
    pending: tuple[str, ...]
    """The revisions an upgrade would run, in order."""

    @property
    def up_to_date(self) -> bool:
        return not self.pending

    def __str__(self) -> str:
        current = _revisions(self.current)
        name = printable(self.extension)
        if self.up_to_date:
            return f"{name}: current {current} (head)"
        return (
            f"{name}: current {current}, head {_revisions(self.heads)}, "
            f"{len(self.pending)} to upgrade: {_revisions(self.pending)}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.extension,
            "status": "up-to-date" if self.up_to_date else "behind",
            "current": list(self.current),
            "heads": list(self.heads),
            "pending": list(self.pending),
            "error": None,
        }


class MigrationInterrupted(KeyboardInterrupt):
    """Ctrl-C while upgrading: what was committed, read back from the
    database, and what was not started. Still a ``KeyboardInterrupt``."""

    def __init__(
        self,
        extension: str,
        before: tuple[str, ...] | None,
        at: tuple[str, ...] | None,
        revisions: tuple[RevisionRun, ...] = (),
        results: Sequence[MigrationResult] = (),
        failures: Sequence[MigrationFailure] = (),
        not_started: Sequence[str] = (),
    ) -> None:
        self.extension = extension
        self.before = before
        self.at = at
        """Its revisions in the database after the interruption (None:
        they could not be read)."""
        self.revisions = revisions
        self.results = tuple(results)
        self.failures = tuple(failures)
        self.not_started = tuple(not_started)
        super().__init__(self._text())

    def after_others(
        self,
        results: Sequence[MigrationResult],
        failures: Sequence[MigrationFailure],
        not_started: Sequence[str],
    ) -> MigrationInterrupted:
        """The same interruption, knowing what ran before it and what not."""
        return MigrationInterrupted(
            self.extension,
            self.before,
            self.at,
            self.revisions,
            results,
            failures,
            not_started,
        )

    def to_dicts(self) -> list[dict[str, object]]:
        """The ``--json`` entries: those committed or failed before, the
        interrupted one (``"status": "interrupted"``), those not started
        (``"status": "not-started"``)."""
        entries = [result.to_dict() for result in self.results]
        entries += [failure.to_dict() for failure in self.failures]
        entries.append(
            {
                "name": self.extension,
                "status": "interrupted",
                "before": None if self.before is None else list(self.before),
                "after": None if self.at is None else list(self.at),
                "revisions": [run.to_dict() for run in self.revisions],
                "error": None,
            }
        )
        entries += [
            {"name": name, "status": "not-started", "error": None}
            for name in self.not_started
        ]
        return entries

    def _text(self) -> str:
        name = printable(self.extension)
        at = "could not be read" if self.at is None else _revisions(self.at)
        was = "" if self.before is None else f" (was {_revisions(self.before)})"
        lines = [f"interrupted while migrating {name}: it is at {at}{was}"]
        lines += [f"  committed before: {result}" for result in self.results]
        lines += [f"  failed before: {failure}" for failure in self.failures]
        if self.not_started:
            left = printable(", ".join(self.not_started))
            lines.append(f"  not started: {left}")
        lines.append("run the same command again to go on from there")
        return "\n".join(lines)
