"""What uninstalled extensions left in the database.

Uninstalling an extension's package leaves its tables: its version table
``{name}_alembic_version`` and the tables it created under its prefix
``{name}_``. Nothing removes them (their data may still be wanted), but an
operator should see them: :func:`left_behind` finds every version table
that no installed extension owns, with the revisions it records and the
tables under its prefix. Reading only; nothing is dropped here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ..errors import printable
from .alembic_run import NAILGUN_VERSION_TABLE, current_heads
from .dbcheck import sqlite_file_missing

__all__ = ["LeftBehind", "left_behind"]

SUFFIX = "alembic_version"


@dataclass(frozen=True)
class LeftBehind:
    """The tables of an extension that is no longer installed."""

    extension: str
    """Its name, read from the version table's (``{name}_alembic_version``)."""
    version_table: str
    revisions: tuple[str, ...]
    tables: tuple[str, ...]
    """The other tables under its prefix ``{name}_``."""

    def __str__(self) -> str:
        revisions = ", ".join(self.revisions) or "<base>"
        tables = ", ".join(self.tables) or "none"
        return printable(
            f"{self.extension}: not installed; left {self.version_table} at "
            f"{revisions} and tables: {tables}"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.extension,
            "version_table": self.version_table,
            "revisions": list(self.revisions),
            "tables": list(self.tables),
        }


def _table_names(db_url: str) -> list[str]:
    import sqlalchemy

    if sqlite_file_missing(db_url):
        return []
    engine = sqlalchemy.create_engine(db_url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:
            return sorted(sqlalchemy.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def left_behind(db_url: str, owned: Collection[str]) -> list[LeftBehind]:
    """Every version table in the database that is not in ``owned`` (the
    version tables of the installed extensions) nor Nailgun's own, with
    what its extension left."""
    names = _table_names(db_url)
    found = []
    for table in names:
        if not table.endswith(f"_{SUFFIX}") or table in owned:
            continue
        if table == NAILGUN_VERSION_TABLE:
            continue
        prefix = table[: -len(SUFFIX)]
        found.append(
            LeftBehind(
                prefix.rstrip("_"),
                table,
                current_heads(db_url, table),
                tuple(t for t in names if t.startswith(prefix) and t != table),
            )
        )
    return found
