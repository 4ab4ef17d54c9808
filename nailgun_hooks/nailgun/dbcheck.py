"""Is a database URL usable, before any extension is imported?

A URL that does not parse, names an unknown dialect or a driver that is not
installed, or an SQLite file that cannot be written is the caller's mistake,
not an extension's: :func:`check_database` says so before anything runs.
Messages show the URL with its password hidden, and never show a URL that
does not parse (it may hold a password where SQLAlchemy cannot find it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NailgunHooksError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

__all__ = ["DatabaseError", "check_database", "safe_url", "sqlite_file_missing"]

EXAMPLE = "e.g. postgresql://nailgun:PASSWORD@localhost/nailgun or sqlite:////path/db"


class DatabaseError(NailgunHooksError):
    """The database URL cannot be used; nothing was migrated."""


def _parse(db_url: str) -> URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(db_url)
    except ArgumentError:
        raise DatabaseError(f"not a database URL ({EXAMPLE})") from None


def safe_url(db_url: str) -> str:
    """The URL with its password hidden, or a placeholder if it does not parse."""
    try:
        return _parse(db_url).render_as_string(hide_password=True)
    except DatabaseError:
        return "<not a database URL>"


def _sqlite_path(url: URL) -> Path | None:
    """The file of an SQLite URL, None for other databases and memory."""
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    if url.database == ":memory:" or url.database.startswith("file:"):
        return None
    return Path(url.database)


def sqlite_file_missing(db_url: str) -> bool:
    """An SQLite URL whose file does not exist (connecting would create it)."""
    path = _sqlite_path(_parse(db_url))
    return path is not None and not path.exists()


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(f"the SQLite database {path} is a folder")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseError(f"the SQLite database {path} cannot be written")
        return
    folder = path.absolute().parent
    if not folder.is_dir():
        raise DatabaseError(
            f"cannot create the SQLite database {path}: "
            f"the folder {folder} does not exist"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(
            f"cannot create the SQLite database {path}: "
            f"the folder {folder} cannot be written"
        )


def check_database(db_url: str, *, connect: bool = True, write: bool = True) -> None:
    """Raise :class:`DatabaseError` unless ``db_url`` can be used.

    Always: the URL parses and names a known dialect. ``write``: an SQLite
    file can be written or created. ``connect``: the driver is installed
    and a connection opens (not for an SQLite file yet to be created,
    which connecting would create).
    """
    import sqlalchemy
    from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError

    url = _parse(db_url)
    try:
        url.get_dialect()
    except NoSuchModuleError:
        raise DatabaseError(
            f"unknown database dialect {url.drivername!r} ({EXAMPLE})"
        ) from None
    path = _sqlite_path(url)
    if write and path is not None:
        _check_writable(path)
    if not connect or (path is not None and not path.exists()):
        return
    shown = url.render_as_string(hide_password=True)
    try:
        engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    except ImportError as exc:
        raise DatabaseError(
            f"the driver for {url.drivername} is not installed: {exc}"
        ) from None
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise DatabaseError(
            f"cannot connect to {shown}: {type(reason).__name__}: {reason}".strip()
        ) from None
    finally:
        engine.dispose()
