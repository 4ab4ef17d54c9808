"""Extensions' own database tables: alembic migrations, one history each.

Nailgun kept each extension's migrations apart from its own: every extension
has its own alembic script folder, its own version table
``{name}_alembic_version`` and a table prefix ``{name}_``. The alembic
``Config`` built here carries ``script_location``, ``version_table``,
``table_prefix`` and ``sqlalchemy.url`` as main options, exactly the options
Nailgun's extensions read in their ``env.py``
(``config.get_main_option('version_table')``), so they run unchanged.

Each extension is upgraded on its own: one broken migration is reported,
naming the extension, the revision and its file, and the other extensions
are still upgraded. alembic and SQLAlchemy are an optional extra
(``nailgun-hooks[db]``), imported only when migrations run.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ExtensionValidationError, NailgunHooksError
from ..loading import load_extensions
from ..markers import NAMESPACE
from ..startup.migration_checks import (
    ExtensionMigrations,
    MigrationsPathError,
    check_migrations,
    migrations_of,
)

if TYPE_CHECKING:
    from alembic.config import Config

    from ..startup.records import ExtensionRecord

__all__ = [
    "ExtensionMigrations",
    "MigrationError",
    "MigrationFailure",
    "MigrationResult",
    "add_arguments",
    "alembic_config",
    "check_migrations",
    "migrations_of",
    "run",
    "upgrade_extensions",
]

INSTALL_HINT = "install the database extra: pip install 'nailgun-hooks[db]'"


def _escape(value: str) -> str:
    """alembic's ini options interpolate '%': a URL's %40 must survive."""
    return value.replace("%", "%%")


def alembic_config(
    migrations: ExtensionMigrations, db_url: str, *, config_file: str | None = None
) -> Config:
    """The alembic ``Config`` Nailgun built for an extension's migrations.

    ``config_file`` is an alembic.ini to start from, for ``env.py`` files
    that call ``fileConfig(config.config_file_name)`` unguarded.
    """
    try:
        from alembic.config import Config
    except ImportError as exc:
        raise NailgunHooksError(f"alembic is not installed; {INSTALL_HINT}") from exc
    config = Config(file_=config_file)
    config.set_main_option("script_location", _escape(migrations.script_location))
    config.set_main_option("version_table", _escape(migrations.version_table))
    config.set_main_option("table_prefix", _escape(migrations.table_prefix))
    config.set_main_option("sqlalchemy.url", _escape(db_url))
    return config


@dataclass(frozen=True)
class MigrationResult:
    """One extension upgraded: its revisions before and after."""

    extension: str
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def __str__(self) -> str:
        after = ", ".join(self.after) or "<base>"
        if not self.changed:
            return f"{self.extension}: already at {after}"
        before = ", ".join(self.before) or "<base>"
        return f"{self.extension}: upgraded {before} -> {after}"


@dataclass(frozen=True)
class MigrationFailure:
    """One extension whose upgrade failed, and where."""

    extension: str
    revision: str | None
    """The revision that failed, when it could be told."""
    location: str | None
    """``file:line`` in the extension's migrations, when the error arose there."""
    message: str
    traceback: str = field(repr=False, default="")

    def __str__(self) -> str:
        at = f" at revision {self.revision}" if self.revision else ""
        where = f" ({self.location})" if self.location else ""
        return f"{self.extension}: migration failed{at}{where}: {self.message}"


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


def _current_heads(db_url: str, version_table: str) -> tuple[str, ...]:
    import sqlalchemy
    from alembic.runtime.migration import MigrationContext

    engine = sqlalchemy.create_engine(db_url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": version_table}
            )
            return tuple(sorted(context.get_current_heads()))
    finally:
        engine.dispose()


def _failed_revision(
    config: Config, exc: BaseException
) -> tuple[str | None, str | None]:
    """(revision, file:line) of the innermost frame in a revision file, or
    (None, the innermost frame in the migrations folder) when the failure
    arose elsewhere there (env.py) and no revision is to blame."""
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    try:
        script = ScriptDirectory.from_config(config)
        # Nailgun's revision files read context.config when imported: load
        # them inside an environment, as alembic itself does.
        with EnvironmentContext(config, script):
            revisions = list(script.walk_revisions())
        by_path = {os.path.realpath(s.path): s.revision for s in revisions}
    except Exception:  # the scripts themselves cannot be read
        by_path = {}
    location = None
    folder = os.path.realpath(config.get_main_option("script_location") or "")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = os.path.realpath(frame.filename)
        if path in by_path:
            return by_path[path], f"{frame.filename}:{frame.lineno}"
        if location is None and path.startswith(folder + os.sep):
            location = f"{frame.filename}:{frame.lineno}"
    if isinstance(exc, SyntaxError) and exc.filename:
        location = f"{exc.filename}:{exc.lineno}"
    return None, location


def upgrade_extensions(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    *,
    config_file: str | None = None,
) -> list[MigrationResult]:
    """Upgrade every extension that owns migrations to its heads, in order.

    ``extensions`` is a :class:`~nailgun_hooks.HookManager` or any iterable of
    its records. Raises :class:`MigrationError` listing every failure after
    trying every extension; those that succeeded stay upgraded.
    """
    try:
        from alembic import command
    except ImportError as exc:
        raise NailgunHooksError(f"alembic is not installed; {INSTALL_HINT}") from exc
    results: list[MigrationResult] = []
    failures: list[MigrationFailure] = []
    for record in extensions:
        try:
            found = migrations_of(record)
        except MigrationsPathError as exc:
            failures.append(MigrationFailure(record.name, None, None, str(exc)))
            continue
        if found is None:
            continue
        config = alembic_config(found, db_url, config_file=config_file)
        try:
            before = _current_heads(db_url, found.version_table)
            command.upgrade(config, "heads")
            after = _current_heads(db_url, found.version_table)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit from a script too
            revision, location = _failed_revision(config, exc)
            failures.append(
                MigrationFailure(
                    record.name,
                    revision,
                    location,
                    f"{type(exc).__name__}: {exc}".strip(),
                    "".join(
                        traceback.format_exception(type(exc), exc, exc.__traceback__)
                    ),
                )
            )
            continue
        results.append(MigrationResult(record.name, before, after))
    if failures:
        raise MigrationError(failures, results)
    return results


# --- the ``nailgun-hooks migrate`` command -----------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks migrate``."""
    parser.add_argument(
        "--db",
        required=True,
        metavar="URL",
        help="SQLAlchemy database URL, e.g. postgresql://nailgun@localhost/nailgun",
    )
    parser.add_argument(
        "--extension",
        "-e",
        action="append",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="migrate only this extension (repeatable); default: all loaded",
    )
    parser.add_argument(
        "--config-file",
        metavar="INI",
        default=argparse.SUPPRESS,
        help="alembic.ini to start each extension's config from",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        default=argparse.SUPPRESS,
        help="migrate the sound extensions even if others have problems",
    )
    parser.add_argument(
        "--namespace",
        default=argparse.SUPPRESS,
        help=f"entry-point group to load extensions from (default: {NAMESPACE})",
    )


def run(args: argparse.Namespace) -> int:
    """Load the extensions and upgrade their migrations; the exit code."""
    names = getattr(args, "extension", None)
    try:
        manager = load_extensions(
            strict=not getattr(args, "lenient", False),
            enabled=names,
            namespace=getattr(args, "namespace", None) or NAMESPACE,
        )
    except ExtensionValidationError as exc:
        print(exc, file=sys.stderr)
        return 1
    for problem in manager.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    try:
        results = upgrade_extensions(
            manager, args.db, config_file=getattr(args, "config_file", None)
        )
    except MigrationError as exc:
        for result in exc.results:
            print(result)
        for failure in exc.failures:
            print(f"FAILED {failure}", file=sys.stderr)
        return 1
    except NailgunHooksError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not results:
        print("no loaded extension has migrations")
    for result in results:
        print(result)
    return 0
