"""Where ``migrate`` reads the database URL from: ``--db``, ``--db-file``
or the environment.

A URL on the command line is visible to every user of the machine in
``ps``; a password belongs in a file only its owner can read
(``--db-file``) or in the environment (:data:`DB_URL_ENV`). Exactly one
source is used, the first of: ``--db``, ``--db-file``, the environment.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..errors import UsageError

__all__ = ["DB_URL_ENV", "add_db_arguments", "database_url"]

DB_URL_ENV = "NAILGUN_HOOKS_DB_URL"


def add_db_arguments(parser: argparse.ArgumentParser) -> None:
    """``--db`` and ``--db-file``, one or the other."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy database URL, e.g. postgresql://nailgun@localhost/nailgun "
        f"(visible in ps: prefer --db-file or {DB_URL_ENV} for a password)",
    )
    source.add_argument(
        "--db-file",
        metavar="FILE",
        help="read the database URL from FILE (its first line)",
    )


def _read(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"--db-file {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        raise UsageError(f"--db-file {path}: cannot be read: {reason}") from None
    lines = text.strip().splitlines()
    if not lines:
        raise UsageError(f"--db-file {path}: the file is empty")
    return lines[0].strip()


def database_url(args: argparse.Namespace) -> tuple[str, str]:
    """The URL and where it came from (``--db``, ``--db-file``, the
    variable), for messages; a usage error when none is given."""
    if args.db is not None:
        return args.db, "--db"
    if args.db_file is not None:
        return _read(args.db_file), "--db-file"
    value = os.environ.get(DB_URL_ENV, "").strip()
    if value:
        return value, DB_URL_ENV
    raise UsageError(
        f"no database given: use --db URL, --db-file FILE or set {DB_URL_ENV}"
    )
