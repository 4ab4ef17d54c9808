"""Reading a database URL as a person typed it: parsed, judged and shown.

A URL is typed by hand, often with a password in it. A typo is the
caller's mistake (:class:`DatabaseError`, with the forms that would work),
never a traceback from SQLAlchemy; and no credential in it is ever shown,
wherever SQLAlchemy's parser put it (a password with an unescaped ``@``
lands in the host, one given as ``?password=`` in the query).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

__all__ = [
    "EXAMPLE",
    "driver_hint",
    "in_memory",
    "parse_url",
    "safe_url",
    "scrub",
    "sqlite_path_text",
    "unknown_dialect",
]

EXAMPLE = (
    "e.g. postgresql://nailgun:PASSWORD@localhost/nailgun, "
    "sqlite:///relative/nailgun.db or sqlite:////absolute/nailgun.db"
)
HIDDEN = "***"
_MARK = "nailgunhookshidden"  # survives URL quoting, then becomes HIDDEN
SECRET_WORDS = ("pass", "pwd", "secret", "token", "key", "cred", "auth")

DIALECT_ALIASES = {
    "postgres": "postgresql",
    "pgsql": "postgresql",
    "psql": "postgresql",
}
"""Names people type for a dialect SQLAlchemy calls otherwise."""

DRIVER_PACKAGES = {
    "psycopg2": "psycopg2-binary",
    "psycopg": "psycopg",
    "pg8000": "pg8000",
    "asyncpg": "asyncpg",
    "MySQLdb": "mysqlclient",
    "pymysql": "PyMySQL",
    "mysql": "mysql-connector-python",
    "cx_Oracle": "cx_Oracle",
    "oracledb": "oracledb",
    "pyodbc": "pyodbc",
    "pymssql": "pymssql",
}
"""The package to install for a driver module that is missing."""


def parse_url(db_url: str) -> URL:
    """The parsed URL, or :class:`DatabaseError` with what would work."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(db_url)
    except (ArgumentError, ValueError):
        # The text is never shown: it may hold a password SQLAlchemy
        # could not find. A bad port is the usual ValueError.
        raise DatabaseError(f"not a database URL ({EXAMPLE})") from None
    _check_sqlite_form(url)
    return url


def _check_sqlite_form(url: URL) -> None:
    """``sqlite://name.db`` (two slashes) reads ``name.db`` as a host."""
    if url.get_backend_name() == "sqlite" and url.host:
        raise DatabaseError(
            f"sqlite://{url.host}: an SQLite URL has no host; for the file "
            f"{url.host} write sqlite:///{url.host} (relative) or "
            f"sqlite:////absolute/path/{url.host}"
        )


def unknown_dialect(url: URL) -> DatabaseError:
    """The error for a dialect SQLAlchemy does not know, with the usual fix."""
    name = url.get_backend_name()
    right = DIALECT_ALIASES.get(name)
    hint = f"did you mean {right}://?" if right else EXAMPLE
    return DatabaseError(f"unknown database dialect {url.drivername!r} ({hint})")


def driver_hint(module: str | None) -> str:
    """``; install it: pip install PACKAGE`` for a missing driver module."""
    package = DRIVER_PACKAGES.get((module or "").split(".")[0])
    return f"; install it: pip install {package}" if package else ""


def in_memory(url: URL) -> bool:
    """An SQLite database that lives only as long as one connection."""
    if url.get_backend_name() != "sqlite":
        return False
    database = url.database or ""
    return database in ("", ":memory:") or (
        database.startswith("file:")
        and (":memory:" in database or "mode=memory" in database)
    )


def sqlite_path_text(url: URL) -> str | None:
    """The file an SQLite URL names (no credentials can be in it)."""
    if url.get_backend_name() != "sqlite" or in_memory(url):
        return None
    return url.database


def _is_secret(key: str) -> bool:
    return any(word in key.lower() for word in SECRET_WORDS)


def _hidden(url: URL) -> URL:
    """The URL with every credential replaced by ``***``."""
    host = url.host
    password = url.password
    if host and "@" in host:  # an unescaped '@' in the password
        host = host.rsplit("@", 1)[1]
        password = _MARK
    query = {
        key: (_MARK if _is_secret(key) else value) for key, value in url.query.items()
    }
    return url.set(
        password=_MARK if password is not None else None, host=host, query=query
    )


def safe_url(db_url: str) -> str:
    """The URL with its credentials hidden, or a placeholder if it does not
    parse (it may hold a password where SQLAlchemy cannot find it)."""
    try:
        url = parse_url(db_url)
    except DatabaseError:
        return "<not a database URL>"
    shown = _hidden(url).render_as_string(hide_password=False)
    return shown.replace(_MARK, HIDDEN)


def _secrets(url: URL) -> list[str]:
    password = url.password
    if url.host and "@" in url.host:  # the whole of a password holding '@'
        password = f"{password or ''}@{url.host.rsplit('@', 1)[0]}"
    found = [password] if password else []
    for key, value in url.query.items():
        if _is_secret(key):
            found += [value] if isinstance(value, str) else list(value)
    return [secret for secret in found if secret]


def scrub(text: str, db_url: str) -> str:
    """``text`` (a driver's message) with the URL's secrets replaced."""
    from sqlalchemy.engine import make_url

    try:
        url = make_url(db_url)
    except Exception:
        return text
    for secret in _secrets(url):
        text = text.replace(secret, HIDDEN)
    return text
