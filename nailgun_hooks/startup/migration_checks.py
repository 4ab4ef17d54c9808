"""At startup: an extension's declared migrations folder can be used.

Where an extension's alembic scripts live, which version table and table
prefix are its own, and the check that the folder exists and has an
``env.py``. Running the migrations is the Nailgun layer's job
(:mod:`nailgun_hooks.nailgun.migrations`); the check is here so that a broken
path is reported with every other problem when the extensions load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from ..errors import MigrationsPathError, Problem
from ..extension import BaseExtension
from .guard import attempt, exception_text, object_label

if TYPE_CHECKING:
    from .records import ExtensionRecord

__all__ = [
    "ExtensionMigrations",
    "check_migrations",
    "migrations_of",
]


@dataclass(frozen=True)
class ExtensionMigrations:
    """Where an extension's migrations live and which tables they own."""

    extension: str
    script_location: str
    version_table: str
    table_prefix: str


def _raw_path(obj: object) -> object:
    method = getattr(obj, "alembic_migrations_path", None)
    if callable(method):
        return method()
    return getattr(obj, "migrations_path", None)


def migrations_of(record: ExtensionRecord) -> ExtensionMigrations | None:
    """The extension's migrations, or None when it owns no tables."""
    path = attempt(lambda: _raw_path(record.obj), lambda exc: _raised(record, exc))
    if path is None:
        return None
    if not isinstance(path, str | os.PathLike):  # str() would make one up
        raise MigrationsPathError(
            f"extension {record.name!r}: its migrations path is "
            f"{object_label(path)}, not a folder path"
        )
    obj = record.obj
    if isinstance(obj, BaseExtension):
        version_table, prefix = obj.alembic_table_version(), obj.table_prefix()
    else:
        version_table, prefix = f"{record.name}_alembic_version", f"{record.name}_"
    location = os.fsdecode(os.fspath(path))
    return ExtensionMigrations(record.name, location, version_table, prefix)


def _raised(record: ExtensionRecord, exc: BaseException) -> NoReturn:
    """SystemExit too: whatever the extension's method raised is its failure."""
    raise MigrationsPathError(
        f"extension {record.name!r}: alembic_migrations_path() raised "
        f"{exception_text(exc)}"
    ) from exc


def check_migrations(record: ExtensionRecord) -> list[Problem]:
    """At startup: a declared migrations folder exists and has an env.py.

    Package-resource locations (``package:folder``) are left to alembic.
    """
    try:
        found = migrations_of(record)
    except MigrationsPathError as exc:
        return [
            record.problem(
                "bad-migrations-path",
                str(exc),
                "return the folder of the extension's alembic scripts, or None",
            )
        ]
    if found is None:
        return []
    location = found.script_location
    if ":" in location and not os.path.isabs(location):
        return []
    if not os.path.isdir(location):
        message = f"its migrations folder {location!r} does not exist"
    elif not os.path.isfile(os.path.join(location, "env.py")):
        message = f"its migrations folder {location!r} has no env.py"
    else:
        return []
    return [
        record.problem(
            "bad-migrations-path",
            message,
            "point alembic_migrations_path()/migrations_path at the folder holding "
            "env.py and versions/ (ship it as package data), or set it to None",
        )
    ]
