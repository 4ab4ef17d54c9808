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

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from ..errors import (
    MigrationError,
    MigrationsPathError,
    NailgunHooksError,
    VersionTableError,
)
from ..startup.migration_checks import (
    ExtensionMigrations,
    check_migrations,
    migrations_of,
)
from .alembic_run import (
    Steps,
    current_heads,
    failure,
    misplaced_history,
    pending,
    run_env,
    steps_for,
)
from .dbcheck import check_database
from .logstate import logging_kept
from .migration_results import (
    ExtensionStatus,
    MigrationFailure,
    MigrationInterrupted,
    MigrationResult,
    RevisionRun,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from ..startup.records import ExtensionRecord

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "ExtensionMigrations",
    "ExtensionStatus",
    "MigrationFailure",
    "MigrationInterrupted",
    "MigrationResult",
    "RevisionRun",
    "alembic_config",
    "check_migrations",
    "downgrade_extensions",
    "extension_status",
    "migrations_of",
    "owning_migrations",
    "require_db_extra",
    "unknown_targets",
    "upgrade_extensions",
    "write_offline_sql",
]

INSTALL_HINT = (
    "install what the db extra of nailgun-hooks holds: "
    "pip install 'alembic>=1.7' 'SQLAlchemy>=1.4'"
)
"""Said when alembic or SQLAlchemy is missing. It names the packages rather
than ``nailgun-hooks[db]``, which only an index holding nailgun-hooks could
resolve; the two are on every index."""

DEFAULT_CONFIG_FILE = str(Path(__file__).with_name("alembic.ini"))
"""The alembic.ini each extension's ``Config`` reads unless given another:
the logging configuration of Nailgun's own alembic.ini."""


_T = TypeVar("_T")


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


def require_db_extra() -> None:
    """Raise a :class:`NailgunHooksError` saying how to install alembic and
    SQLAlchemy when either is missing."""
    try:
        import alembic.command  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError as exc:
        missing = (exc.name or "alembic").split(".")[0]
        raise NailgunHooksError(f"{missing} is not installed; {INSTALL_HINT}") from exc


def owning_migrations(
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


def _check_recorded(
    config: Config, steps: Steps, db_url: str, version_table: str
) -> tuple[str, ...]:
    """The extension's revisions after its env.py ran: its heads, in its own
    table, or :class:`VersionTableError` (an env.py that ran no migration,
    or wrote its history elsewhere, must not pass for "already at")."""
    from alembic.runtime.environment import EnvironmentContext

    after = current_heads(db_url, version_table)
    script_dir = steps.script_dir
    with EnvironmentContext(config, script_dir):
        if steps.destination == "heads":
            expected, what = set(script_dir.get_heads()), "its heads"
        else:
            target = script_dir.get_revision(steps.destination)
            expected = {target.revision} if target is not None else set()
            what = "revision"
    if not expected <= set(after):
        recorded = ", ".join(after) or "no revision"
        raise VersionTableError(
            f"env.py ran, but its version table {version_table!r} holds "
            f"{recorded}, not {what} {', '.join(sorted(expected))}: its history "
            "went elsewhere or no migration ran (does env.py call "
            "context.run_migrations()?)"
        )
    return after


def _refuse_misplaced(
    config: Config, db_url: str, version_table: str, script_dir: ScriptDirectory
) -> None:
    """Nothing runs over a history left in Nailgun's table: it would start
    again from base. Revision files are read in an environment, as alembic
    reads them (Nailgun's read ``context.config`` at import)."""
    from alembic.runtime.environment import EnvironmentContext

    with EnvironmentContext(config, script_dir):
        misplaced = misplaced_history(db_url, version_table, script_dir)
    if misplaced is not None:
        raise VersionTableError(misplaced)


def _interrupted(
    name: str,
    version_table: str,
    db_url: str,
    before: tuple[str, ...] | None,
    steps: Steps | None,
) -> MigrationInterrupted:
    """What Ctrl-C left: the extension's revisions as committed, read back."""
    try:
        at: tuple[str, ...] | None = current_heads(db_url, version_table)
    except Exception:
        at = None
    return MigrationInterrupted(
        name, before, at, tuple(steps.runs) if steps is not None else ()
    )


def _migrate_one(
    name: str,
    version_table: str,
    config: Config,
    db_url: str,
    on_revision: Callable[[RevisionRun], None] | None,
    destination: str = "heads",
    downgrade: bool = False,
) -> MigrationResult | MigrationFailure:
    steps: Steps | None = None
    before: tuple[str, ...] | None = None
    try:
        with logging_kept():
            before = current_heads(db_url, version_table)
            steps = steps_for(name, config, on_revision, destination, downgrade)
            _refuse_misplaced(config, db_url, version_table, steps.script_dir)
            run_env(config, steps)
            if downgrade:  # to base or a relative -1: nothing to compare
                after = current_heads(db_url, version_table)
            else:
                after = _check_recorded(config, steps, db_url, version_table)
    except KeyboardInterrupt:
        raise _interrupted(name, version_table, db_url, before, steps) from None
    except BaseException as exc:  # SystemExit from a script too
        if steps is not None and exc is steps.report_error:
            raise
        try:
            now: tuple[str, ...] | None = current_heads(db_url, version_table)
        except Exception:
            now = None
        return failure(name, config, exc, steps=steps, before=before, after=now)
    action = "downgraded" if downgrade else "upgraded"
    return MigrationResult(name, before, after, tuple(steps.runs), action)


def unknown_targets(
    targets: Mapping[str, str], migrating: list[str]
) -> list[MigrationFailure]:
    """A failure per target naming no extension with loaded migrations."""
    return [
        MigrationFailure(
            name,
            revision,
            None,
            f"no loaded extension with migrations is named {name!r}",
        )
        for name, revision in targets.items()
        if name not in migrating
    ]


def upgrade_extensions(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    *,
    config_file: str | None = None,
    on_revision: Callable[[RevisionRun], None] | None = None,
    targets: Mapping[str, str] | None = None,
) -> list[MigrationResult]:
    """Upgrade every extension that owns migrations to its heads, in order.

    ``targets`` maps an extension's name to the revision to upgrade it to
    instead (``alembic upgrade REV``); one that is below the extension's
    current revision, or not one of its revisions, is that extension's
    failure, and a name that owns no loaded migrations is a failure too.

    ``extensions`` is a :class:`~nailgun_hooks.HookManager` or any iterable of
    its records. ``on_revision`` is called as each revision finishes (or
    fails). Raises :class:`DatabaseError` before anything runs if ``db_url``
    cannot be used, and :class:`MigrationError` listing every failure after
    trying every extension; those that succeeded stay upgraded. Ctrl-C
    raises :class:`MigrationInterrupted`, saying what was committed.
    """
    return _migrate_all(
        extensions, db_url, config_file, on_revision, dict(targets or {})
    )


def downgrade_extensions(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    targets: Mapping[str, str],
    *,
    config_file: str | None = None,
    on_revision: Callable[[RevisionRun], None] | None = None,
) -> list[MigrationResult]:
    """Downgrade each extension named in ``targets`` to its revision
    (``alembic downgrade REV``: ``base``, a revision id, or relative as
    ``-1``), running each revision's ``downgrade()``; raises as
    :func:`upgrade_extensions` does. The others are not touched."""
    return _migrate_all(
        extensions, db_url, config_file, on_revision, dict(targets), downgrade=True
    )


def _migrate_all(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    config_file: str | None,
    on_revision: Callable[[RevisionRun], None] | None,
    targets: dict[str, str],
    *,
    downgrade: bool = False,
) -> list[MigrationResult]:
    require_db_extra()
    check_database(db_url)
    results: list[MigrationResult] = []
    failures: list[MigrationFailure] = []
    todo = list(owning_migrations(extensions, failures))
    if downgrade:
        todo = [(record, found) for record, found in todo if record.name in targets]
    failures += unknown_targets(targets, [record.name for record, _ in todo])
    for index, (record, found) in enumerate(todo):
        config = alembic_config(found, db_url, config_file=config_file)
        destination = targets.get(record.name, "heads")
        try:
            outcome = _migrate_one(
                record.name,
                found.version_table,
                config,
                db_url,
                on_revision,
                destination,
                downgrade,
            )
        except MigrationInterrupted as stop:
            left = tuple(later.name for later, _ in todo[index + 1 :])
            raise stop.after_others(results, failures, left) from None
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

    current = current_heads(db_url, version_table)
    script_dir = ScriptDirectory.from_config(config)
    # Nailgun's revision files read context.config when imported: load them
    # inside an environment, as alembic itself does.
    _refuse_misplaced(config, db_url, version_table, script_dir)
    with EnvironmentContext(config, script_dir):
        heads = tuple(sorted(script_dir.get_heads()))
        todo = tuple(script.revision for script in pending(script_dir, current))
    return ExtensionStatus(name, current, heads, todo)


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
    return read_each(extensions, db_url, _status_one, "status", config_file)


def read_each(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    read: Callable[[str, str, Config, str], _T],
    action: str,
    config_file: str | None = None,
) -> tuple[list[_T], list[MigrationFailure]]:
    """``read(name, version_table, config, db_url)`` for each extension that
    owns migrations, changing nothing: what each answered, and each failure
    as that extension's (an SQLite file that does not exist is not created).
    """
    require_db_extra()
    check_database(db_url, write=False)
    answers: list[_T] = []
    failures: list[MigrationFailure] = []
    for record, found in owning_migrations(extensions, failures):
        config = alembic_config(found, db_url, config_file=config_file)
        try:
            with logging_kept():
                answers.append(read(record.name, found.version_table, config, db_url))
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            failures.append(failure(record.name, config, exc, action=action))
    return answers, failures


def write_offline_sql(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    out: TextIO,
    *,
    config_file: str | None = None,
    ranges: Mapping[str, str] | None = None,
) -> list[MigrationFailure]:
    """Write the SQL that upgrades each extension, from base to its heads,
    or over the range ``ranges`` gives it (``"FROM:TO"``, or ``"TO"`` from
    base, as alembic's ``upgrade FROM:TO --sql``).

    alembic's offline mode: the database is not connected to, ``db_url``
    only chooses the SQL dialect. Each extension's SQL starts with a ``--``
    comment naming it; one that fails ends with a comment saying its SQL is
    incomplete.
    """
    require_db_extra()
    check_database(db_url, connect=False, write=False)
    failures: list[MigrationFailure] = []
    for record, found in owning_migrations(extensions, failures):
        config = alembic_config(found, db_url, config_file=config_file, output=out)
        start, _, destination = (ranges or {}).get(record.name, "heads").rpartition(":")
        out.write(
            f"-- extension {record.name}: upgrade {start or '<base>'} -> "
            f"{destination} (version table {found.version_table})\n"
        )
        steps: Steps | None = None
        try:
            with logging_kept():
                steps = steps_for(record.name, config, None, destination)
                run_env(config, steps, as_sql=True, starting_rev=start or None)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            failures.append(
                failure(record.name, config, exc, steps=steps, action="offline SQL")
            )
            out.write(f"-- extension {record.name}: FAILED, its SQL is incomplete\n")
    return failures
