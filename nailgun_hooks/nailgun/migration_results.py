"""What running extensions' migrations found: per revision, per extension.

Each result has a ``__str__`` -- the line ``nailgun-hooks migrate`` prints --
and a ``to_dict`` -- its entry in ``--json`` (the schema is in
docs/integration.md) -- so the text and the JSON say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import NailgunHooksError

__all__ = [
    "ExtensionStatus",
    "MigrationError",
    "MigrationFailure",
    "MigrationResult",
    "RevisionRun",
]


def _revisions(ids: Iterable[str]) -> str:
    return ", ".join(ids) or "<base>"


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

    def __str__(self) -> str:
        step = f"{self.extension}: upgrade {_revisions(self.down)} -> {self.revision}"
        if self.ok:
            return f"{step} ({self.seconds:.2f}s)"
        return f"{step} FAILED after {self.seconds:.2f}s"

    def to_dict(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "from": list(self.down),
            "seconds": round(self.seconds, 3),
            "status": "applied" if self.ok else "failed",
        }


@dataclass(frozen=True)
class MigrationResult:
    """One extension upgraded: its revisions before and after."""

    extension: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    revisions: tuple[RevisionRun, ...] = ()
    """The revisions that ran, in order."""

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def __str__(self) -> str:
        if not self.changed:
            return f"{self.extension}: already at {_revisions(self.after)}"
        return (
            f"{self.extension}: upgraded {_revisions(self.before)} -> "
            f"{_revisions(self.after)}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.extension,
            "status": "upgraded" if self.changed else "unchanged",
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
    """What failed: ``migration``, ``status`` or ``offline SQL``."""

    def __str__(self) -> str:
        at = f" at revision {self.revision}" if self.revision else ""
        where = f" ({self.location})" if self.location else ""
        return f"{self.extension}: {self.action} failed{at}{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """The JSON of the extension's entry: that of a result or a status,
        with what could not be read as null, and the error."""
        found: dict[str, object]
        if self.action == "status":
            found = {"current": None, "heads": None, "pending": None}
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


class MigrationError(NailgunHooksError):
    """Some extensions' migrations failed; the others were upgraded."""

    def __init__(
        self, failures: Sequence[MigrationFailure], results: Sequence[MigrationResult]
    ) -> None:
        self.failures = tuple(failures)
        self.results = tuple(results)
        lines = [f"{len(self.failures)} extension migration(s) failed:"]
        lines += [f"  {failure}" for failure in self.failures]
        if self.results:
            lines.append("upgraded meanwhile:")
            lines += [f"  {result}" for result in self.results]
        super().__init__("\n".join(lines))


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
        if self.up_to_date:
            return f"{self.extension}: current {current} (head)"
        return (
            f"{self.extension}: current {current}, head {_revisions(self.heads)}, "
            f"{len(self.pending)} to upgrade: {', '.join(self.pending)}"
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
