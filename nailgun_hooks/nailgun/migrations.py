"""Extensions' own database tables: alembic migrations, one history each.

Nailgun kept each extension's migrations apart from its own: every extension
has its own alembic script folder, its own version table
``alembic_table_version()`` (its ``table_prefix()``, ``{name}_`` unless
overridden, then ``alembic_version``) and that table prefix. The alembic
``Config`` built here carries ``script_location``, ``version_table``,
``table_prefix`` and ``sqlalchemy.url`` as main options, exactly the options
Nailgun's extensions read in their ``env.py``
(``config.get_main_option('version_table')``), and the logging configuration
file Nailgun gave them, so they run unchanged.

Each extension is upgraded on its own: one broken migration is reported,
naming the extension, the revision and its file, and the other extensions
are still upgraded. Whatever an extension's code raises -- ``SystemExit``
included, ``KeyboardInterrupt`` excepted -- is its failure, never a success.
alembic and SQLAlchemy are an optional extra (``nailgun-hooks[db]``),
imported only when migrations run.
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from ..errors import NailgunHooksError
from ..startup.migration_checks import (
    ExtensionMigrations,
    MigrationsPathError,
    check_migrations,
    migrations_of,
)
from .dbcheck import DatabaseError, check_database, sqlite_file_missing
from .logstate import logging_kept
from .migration_results import (
    ExtensionStatus,
    MigrationError,
    MigrationFailure,
    MigrationResult,
    RevisionRun,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import Script, ScriptDirectory

    from ..startup.records import ExtensionRecord

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "DatabaseError",
    "ExtensionMigrations",
    "ExtensionStatus",
    "MigrationError",
    "MigrationFailure",
    "MigrationResult",
    "RevisionRun",
    "alembic_config",
    "check_migrations",
    "extension_status",
    "migrations_of",
    "require_db_extra",
    "upgrade_extensions",
    "write_offline_sql",
]

INSTALL_HINT = "install the database extra: pip install 'nailgun-hooks[db]'"

DEFAULT_CONFIG_FILE = str(Path(__file__).with_name("alembic.ini"))
"""The alembic.ini each extension's ``Config`` reads unless given another:
the logging configuration of Nailgun's own alembic.ini."""


def _escape(value: str) -> str:
    """alembic's ini options interpolate '%': a URL's %40 must survive."""
    return value.replace("%", "%%")


def alembic_config(
    migrations: ExtensionMigrations,
    db_url: str,
    *,
    config_file: str | None = None,
    output: TextIO | None = None,
) -> Config:
    """The alembic ``Config`` Nailgun built for an extension's migrations.

    ``config_file`` is the alembic.ini to start from; by default
    :data:`DEFAULT_CONFIG_FILE`, for the ``env.py`` files that call
    ``fileConfig(config.config_file_name)`` without checking that there is
    one. ``output`` receives what alembic prints, offline SQL included.
    """
    try:
        from alembic.config import Config
    except ImportError as exc:
        raise NailgunHooksError(f"alembic is not installed; {INSTALL_HINT}") from exc
    config = Config(file_=config_file or DEFAULT_CONFIG_FILE, output_buffer=output)
    config.set_main_option("script_location", _escape(migrations.script_location))
    config.set_main_option("version_table", _escape(migrations.version_table))
    config.set_main_option("table_prefix", _escape(migrations.table_prefix))
    config.set_main_option("sqlalchemy.url", _escape(db_url))
    return config


# --- running alembic ---------------------------------------------------------


def _current_heads(db_url: str, version_table: str) -> tuple[str, ...]:
    """The revisions in ``version_table``; reads only (creates no table)."""
    import sqlalchemy
    from alembic.runtime.migration import MigrationContext

    if sqlite_file_missing(db_url):
        return ()
    engine = sqlalchemy.create_engine(db_url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": version_table}
            )
            return tuple(sorted(context.get_current_heads()))
    finally:
        engine.dispose()


def _down_revisions(script: Script) -> tuple[str, ...]:
    down = script.down_revision
    if down is None:
        return ()
    return (down,) if isinstance(down, str) else tuple(down)


def _pending(script_dir: ScriptDirectory, current: tuple[str, ...]) -> list[Script]:
    """The revisions from ``current`` up to the heads, oldest first: those
    ``alembic upgrade heads`` runs, found as alembic's own upgrade command
    finds them (through the revision map)."""
    found = script_dir.revision_map.iterate_revisions(
        "heads", current, implicit_base=True
    )
    return [cast("Script", script) for script in reversed(list(found))]


class _Steps:
    """alembic's work function for an upgrade, timing each revision.

    alembic runs each step it is handed before asking for the next one, so
    the time between the two is the revision's. The revision handed out last
    and not finished is the one that failed.
    """

    def __init__(
        self,
        extension: str,
        script_dir: ScriptDirectory,
        report: Callable[[RevisionRun], None] | None,
    ) -> None:
        self.extension = extension
        self.script_dir = script_dir
        self.report = report
        self.runs: list[RevisionRun] = []
        self.running: tuple[Script, float] | None = None
        self.report_error: BaseException | None = None

    def __call__(self, heads: tuple[str, ...], context: object) -> Iterator[object]:
        from alembic.runtime.migration import MigrationStep

        for script in _pending(self.script_dir, tuple(heads)):
            self.running = (script, time.perf_counter())
            yield MigrationStep.upgrade_from_script(
                self.script_dir.revision_map, script
            )
            self.finish(ok=True)

    def finish(self, *, ok: bool) -> RevisionRun | None:
        if self.running is None:
            return None
        script, started = self.running
        self.running = None
        run = RevisionRun(
            self.extension,
            script.revision,
            _down_revisions(script),
            time.perf_counter() - started,
            ok,
        )
        self.runs.append(run)
        if self.report is not None:
            try:
                self.report(run)
            except BaseException as exc:  # the caller's, not the extension's
                self.report_error = exc
                raise
        return run


def _failure_location(config: Config, exc: BaseException) -> str | None:
    """``file:line`` of the innermost frame in the extension's migrations
    folder (a revision or env.py), or of the syntax error there.

    Read from the traceback alone: nothing of the extension is imported
    again to find it (that could raise again, or exit).
    """
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}"
    folder = os.path.realpath(config.get_main_option("script_location") or "")
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if os.path.realpath(frame.filename).startswith(folder + os.sep):
            return f"{frame.filename}:{frame.lineno}"
    return None


def _describe(exc: BaseException) -> str:
    """``Type: message``, or ``Type`` alone (``sys.exit()`` says nothing)."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _failure(
    extension: str,
    config: Config,
    exc: BaseException,
    *,
    steps: _Steps | None = None,
    before: tuple[str, ...] | None = None,
    after: tuple[str, ...] | None = None,
    action: str = "migration",
) -> MigrationFailure:
    failed = steps.finish(ok=False) if steps is not None else None
    return MigrationFailure(
        extension,
        failed.revision if failed is not None else None,
        _failure_location(config, exc),
        _describe(exc),
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        tuple(steps.runs) if steps is not None else (),
        before,
        after,
        action,
    )


def require_db_extra() -> None:
    """Raise a :class:`NailgunHooksError` saying how to install alembic and
    SQLAlchemy when either is missing."""
    try:
        import alembic.command  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        missing = (exc.name or "alembic").split(".")[0]
        raise NailgunHooksError(f"{missing} is not installed; {INSTALL_HINT}") from exc


def _migrating(
    extensions: Iterable[ExtensionRecord], failures: list[MigrationFailure]
) -> Iterator[tuple[ExtensionRecord, ExtensionMigrations]]:
    """The extensions that own migrations; those whose path fails go to
    ``failures``."""
    for record in extensions:
        try:
            found = migrations_of(record)
        except MigrationsPathError as exc:
            failures.append(MigrationFailure(record.name, None, None, str(exc)))
            continue
        if found is not None:
            yield record, found


def _run_env(config: Config, steps: _Steps, *, as_sql: bool = False) -> None:
    """Run the extension's env.py with ``steps`` as alembic's work function:
    ``alembic upgrade heads``, or ``alembic upgrade heads --sql``."""
    from alembic.runtime.environment import EnvironmentContext

    with EnvironmentContext(
        config, steps.script_dir, fn=steps, as_sql=as_sql, destination_rev="heads"
    ):
        steps.script_dir.run_env()


def _steps(
    name: str, config: Config, on_revision: Callable[[RevisionRun], None] | None
) -> _Steps:
    from alembic.script import ScriptDirectory

    return _Steps(name, ScriptDirectory.from_config(config), on_revision)


def _upgrade_one(
    name: str,
    version_table: str,
    config: Config,
    db_url: str,
    on_revision: Callable[[RevisionRun], None] | None,
) -> MigrationResult | MigrationFailure:
    steps: _Steps | None = None
    before: tuple[str, ...] | None = None
    try:
        with logging_kept():
            before = _current_heads(db_url, version_table)
            steps = _steps(name, config, on_revision)
            _run_env(config, steps)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # SystemExit from a script too
        if steps is not None and exc is steps.report_error:
            raise
        try:
            after = _current_heads(db_url, version_table)
        except Exception:
            after = None
        return _failure(name, config, exc, steps=steps, before=before, after=after)
    after = _current_heads(db_url, version_table)
    return MigrationResult(name, before, after, tuple(steps.runs))


def upgrade_extensions(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    *,
    config_file: str | None = None,
    on_revision: Callable[[RevisionRun], None] | None = None,
) -> list[MigrationResult]:
    """Upgrade every extension that owns migrations to its heads, in order.

    ``extensions`` is a :class:`~nailgun_hooks.HookManager` or any iterable of
    its records. ``on_revision`` is called as each revision finishes (or
    fails). Raises :class:`DatabaseError` before anything runs if ``db_url``
    cannot be used, and :class:`MigrationError` listing every failure after
    trying every extension; those that succeeded stay upgraded.
    """
    require_db_extra()
    check_database(db_url)
    results: list[MigrationResult] = []
    failures: list[MigrationFailure] = []
    for record, found in _migrating(extensions, failures):
        config = alembic_config(found, db_url, config_file=config_file)
        outcome = _upgrade_one(
            record.name, found.version_table, config, db_url, on_revision
        )
        if isinstance(outcome, MigrationFailure):
            failures.append(outcome)
        else:
            results.append(outcome)
    if failures:
        raise MigrationError(failures, results)
    return results


def _status_one(
    name: str, version_table: str, config: Config, db_url: str
) -> ExtensionStatus:
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    current = _current_heads(db_url, version_table)
    script_dir = ScriptDirectory.from_config(config)
    # Nailgun's revision files read context.config when imported: load them
    # inside an environment, as alembic itself does.
    with EnvironmentContext(config, script_dir):
        heads = tuple(sorted(script_dir.get_heads()))
        pending = tuple(script.revision for script in _pending(script_dir, current))
    return ExtensionStatus(name, current, heads, pending)


def extension_status(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    *,
    config_file: str | None = None,
) -> tuple[list[ExtensionStatus], list[MigrationFailure]]:
    """Each extension's current and head revisions, changing nothing.

    Like ``alembic current`` and ``alembic heads``, without running
    ``env.py``: the current revisions are read from the extension's version
    table, the heads from its revision files. An SQLite file that does not
    exist is not created: every extension is then at ``<base>``.
    """
    require_db_extra()
    check_database(db_url, write=False)
    statuses: list[ExtensionStatus] = []
    failures: list[MigrationFailure] = []
    for record, found in _migrating(extensions, failures):
        config = alembic_config(found, db_url, config_file=config_file)
        try:
            with logging_kept():
                statuses.append(
                    _status_one(record.name, found.version_table, config, db_url)
                )
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            failures.append(_failure(record.name, config, exc, action="status"))
    return statuses, failures


def write_offline_sql(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    out: TextIO,
    *,
    config_file: str | None = None,
) -> list[MigrationFailure]:
    """Write the SQL that upgrades each extension, from base to its heads.

    alembic's offline mode (``alembic upgrade heads --sql``): the database is
    not connected to, ``db_url`` only chooses the SQL dialect. Each
    extension's SQL starts with a ``--`` comment naming it; one that fails
    ends with a comment saying its SQL is incomplete.
    """
    require_db_extra()
    check_database(db_url, connect=False, write=False)
    failures: list[MigrationFailure] = []
    for record, found in _migrating(extensions, failures):
        config = alembic_config(found, db_url, config_file=config_file, output=out)
        out.write(
            f"-- extension {record.name}: upgrade <base> -> heads "
            f"(version table {found.version_table})\n"
        )
        steps: _Steps | None = None
        try:
            with logging_kept():
                steps = _steps(record.name, config, None)
                _run_env(config, steps, as_sql=True)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            failures.append(
                _failure(record.name, config, exc, steps=steps, action="offline SQL")
            )
            out.write(f"-- extension {record.name}: FAILED, its SQL is incomplete\n")
    return failures
