"""Is a database URL usable, before any extension is imported?

A URL that does not parse, names an unknown dialect or a driver that is not
installed, an in-memory database (gone when the command ends), an SQLite
file that cannot be written or is not a database: each is the caller's
mistake, not an extension's. :func:`check_database` says so once, before
anything runs, with what to do. Messages never show a credential
(:mod:`.dburl`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DatabaseError
from .dburl import (
    driver_hint,
    in_memory,
    parse_url,
    safe_url,
    scrub,
    sqlite_path_text,
    unknown_dialect,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection

__all__ = ["check_database", "safe_url", "sqlite_file_missing"]

PROBE_TABLE = "nailgun_hooks_write_probe"


def _sqlite_path(url: URL) -> Path | None:
    """The file of an SQLite URL, None for other databases and memory."""
    text = sqlite_path_text(url)
    if not text or text.startswith("file:"):
        return None
    return Path(text)


def sqlite_file_missing(db_url: str) -> bool:
    """An SQLite URL whose file does not exist (connecting would create it)."""
    path = _sqlite_path(parse_url(db_url))
    return path is not None and not path.exists()


def _check_folder(path: Path, *, write: bool) -> None:
    folder = path.absolute().parent
    if not folder.is_dir():
        raise DatabaseError(
            f"cannot create the SQLite database {path}: "
            f"the folder {folder} does not exist"
        )
    if write and not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(
            f"cannot create the SQLite database {path}: "
            f"the folder {folder} cannot be written"
        )


def _check_file(path: Path, *, write: bool) -> None:
    if path.is_dir():
        raise DatabaseError(f"the SQLite database {path} is a folder")
    if not path.exists():
        _check_folder(path, write=write)
    elif write and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseError(f"the SQLite database {path} cannot be written")
    elif write and not os.access(path.absolute().parent, os.W_OK | os.X_OK):
        # SQLite writes its journal beside the file: a read-only folder
        # fails the first migration that writes.
        raise DatabaseError(
            f"the SQLite database {path} cannot be written: its folder "
            f"{path.absolute().parent} is read-only (SQLite keeps its journal there)"
        )


def _check_memory(url: URL) -> None:
    if in_memory(url):
        raise DatabaseError(
            f"{safe_url(url.render_as_string(hide_password=False))} is an "
            "in-memory database, gone when the command ends: nothing would be "
            "kept; give a file, e.g. sqlite:///nailgun.db"
        )


def _probe_sqlite(connection: Connection, *, write: bool) -> None:
    """Read the schema (a file that is not a database fails here) and, to
    write, create a table in a transaction rolled back (a read-only file or
    folder fails here): SQLite opens any file lazily."""
    connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
    if not write:
        return
    connection.exec_driver_sql("BEGIN")
    try:
        connection.exec_driver_sql(f"CREATE TABLE {PROBE_TABLE} (x INTEGER)")
    finally:
        connection.exec_driver_sql("ROLLBACK")


def _connect(db_url: str, url: URL, *, write: bool) -> None:
    import sqlalchemy
    from sqlalchemy.exc import SQLAlchemyError

    shown = safe_url(db_url)
    try:
        engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    except ImportError as exc:
        raise DatabaseError(
            f"the driver for {url.drivername} is not installed: {exc}"
            + driver_hint(exc.name)
        ) from None
    try:
        connection = engine.connect()
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = _reason(exc, db_url)
        raise DatabaseError(f"cannot connect to {shown}: {reason}") from None
    try:
        with connection:
            if url.get_backend_name() == "sqlite":
                _probe_sqlite(connection, write=write)
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot use {shown}: {_reason(exc, db_url)} (is it the right file, "
            "and can it and its folder be written?)"
        ) from None
    finally:
        engine.dispose()


def _reason(exc: Exception, db_url: str) -> str:
    """The driver's own error, credentials hidden, on one line."""
    reason = getattr(exc, "orig", None) or exc
    text = " ".join(f"{type(reason).__name__}: {reason}".split())
    return scrub(text, db_url)


def check_database(db_url: str, *, connect: bool = True, write: bool = True) -> None:
    """Raise :class:`DatabaseError` unless ``db_url`` can be used.

    Always: the URL parses and names a known dialect. ``connect``: it is not
    in memory, the driver is installed, a connection opens and an SQLite
    file is a database (the folder of one yet to be created exists).
    ``write``: an SQLite file can be written or created.
    """
    from sqlalchemy.exc import NoSuchModuleError

    url = parse_url(db_url)
    try:
        url.get_dialect()
    except NoSuchModuleError:
        raise unknown_dialect(url) from None
    if not connect:
        return
    _check_memory(url)
    path = _sqlite_path(url)
    if path is not None:
        _check_file(path, write=write)
        if not path.exists():
            return  # connecting would create it
    _connect(db_url, url, write=write)
