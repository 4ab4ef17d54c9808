"""Each extension's revisions, newest first: ``alembic history``, per
extension, with the revisions the database is at marked.

Like ``--status``, it runs no ``env.py`` and changes nothing: the revisions
are read from the extension's files (inside an alembic environment, as
Nailgun's revision files read ``context.config`` when imported), the
current ones from its own version table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import printable
from .alembic_run import current_heads, down_revisions
from .migration_results import MigrationFailure
from .migrations import read_each

if TYPE_CHECKING:
    from alembic.config import Config

    from ..startup.records import ExtensionRecord

__all__ = ["ExtensionHistory", "RevisionInfo", "extension_history"]


@dataclass(frozen=True)
class RevisionInfo:
    """One revision file of an extension."""

    revision: str
    down: tuple[str, ...]
    message: str
    """The first line of its docstring (alembic's ``-m``)."""
    head: bool
    current: bool

    def __str__(self) -> str:
        down = ", ".join(self.down) or "<base>"
        marks = "".join(
            mark
            for mark, on in ((" (head)", self.head), (" (current)", self.current))
            if on
        )
        return printable(f"{down} -> {self.revision}{marks}, {self.message}")

    def to_dict(self) -> dict[str, object]:
        return {
            "revision": self.revision,
            "from": list(self.down),
            "message": self.message,
            "head": self.head,
            "current": self.current,
        }


@dataclass(frozen=True)
class ExtensionHistory:
    """An extension's revisions, newest first."""

    extension: str
    revisions: tuple[RevisionInfo, ...]

    def __str__(self) -> str:
        lines = [f"{printable(self.extension)}:"]
        lines += [f"  {revision}" for revision in self.revisions]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.extension,
            "status": "ok",
            "revisions": [revision.to_dict() for revision in self.revisions],
            "error": None,
        }


def _history_one(
    name: str, version_table: str, config: Config, db_url: str
) -> ExtensionHistory:
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    current = set(current_heads(db_url, version_table))
    script_dir = ScriptDirectory.from_config(config)
    with EnvironmentContext(config, script_dir):
        heads = set(script_dir.get_heads())
        revisions = tuple(
            RevisionInfo(
                script.revision,
                down_revisions(script),
                (script.doc or "").strip().splitlines()[0]
                if (script.doc or "").strip()
                else "",
                script.revision in heads,
                script.revision in current,
            )
            for script in script_dir.walk_revisions()
        )
    return ExtensionHistory(name, revisions)


def extension_history(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    *,
    config_file: str | None = None,
) -> tuple[list[ExtensionHistory], list[MigrationFailure]]:
    """Each extension's revisions, newest first, the current ones marked;
    changing nothing (an SQLite file that does not exist is not created)."""
    return read_each(extensions, db_url, _history_one, "history", config_file)
