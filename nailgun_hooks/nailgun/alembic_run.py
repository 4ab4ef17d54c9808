"""Running one extension's alembic environment, and judging what it did.

Each revision is timed and reported as it finishes (:class:`Steps`), the
revision that fails is the one handed out last, and whatever an extension
raises -- even an exception whose ``str()`` raises -- becomes its
:class:`MigrationFailure` (:func:`failure`). Its history goes to its own
version table and nowhere else: an ``env.py`` that configures another one
(alembic's default ``alembic_version`` is Nailgun's own table) is stopped
before it writes anything (:func:`run_env`), and a history that an earlier
run left in Nailgun's table is found (:func:`misplaced_history`).
"""

from __future__ import annotations

import os
import time
import traceback
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from ..errors import VersionTableError
from ..startup.guard import attempt
from .dbcheck import sqlite_file_missing
from .migration_results import MigrationFailure, RevisionRun

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import Script, ScriptDirectory

__all__ = [
    "NAILGUN_VERSION_TABLE",
    "Steps",
    "current_heads",
    "describe",
    "failure",
    "misplaced_history",
    "pending",
    "run_env",
    "steps_for",
    "to_revert",
]

NAILGUN_VERSION_TABLE = "alembic_version"
"""alembic's default version table: Nailgun's own history is there."""


def current_heads(db_url: str, version_table: str) -> tuple[str, ...]:
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


def down_revisions(script: Script) -> tuple[str, ...]:
    down = script.down_revision
    if down is None:
        return ()
    return (down,) if isinstance(down, str) else tuple(down)


def pending(
    script_dir: ScriptDirectory, current: tuple[str, ...], destination: str = "heads"
) -> list[Script]:
    """The revisions from ``current`` up to ``destination`` (the heads, or
    one revision), oldest first: those ``alembic upgrade`` runs, found as
    alembic's own upgrade command finds them (through the revision map)."""
    found = script_dir.revision_map.iterate_revisions(
        destination, current, implicit_base=True
    )
    return [cast("Script", script) for script in reversed(list(found))]


def to_revert(
    script_dir: ScriptDirectory, current: tuple[str, ...], destination: str
) -> list[Script]:
    """The revisions from ``current`` down to ``destination`` (excluded;
    ``base``, or relative as ``-1``), newest first: those ``alembic
    downgrade`` runs, found as it finds them."""
    found = script_dir.revision_map.iterate_revisions(
        current, destination, select_for_downgrade=True
    )
    return [cast("Script", script) for script in found]


class Steps:
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
        destination: str = "heads",
        downgrade: bool = False,
    ) -> None:
        self.extension = extension
        self.script_dir = script_dir
        self.report = report
        self.destination = destination
        self.downgrade = downgrade
        self.runs: list[RevisionRun] = []
        self.running: tuple[Script, float] | None = None
        self.report_error: BaseException | None = None

    def __call__(self, heads: tuple[str, ...], context: object) -> Iterator[object]:
        from alembic.runtime.migration import MigrationStep

        revision_map = self.script_dir.revision_map
        if self.downgrade:
            for script in to_revert(self.script_dir, tuple(heads), self.destination):
                self.running = (script, time.perf_counter())
                yield MigrationStep.downgrade_from_script(revision_map, script)
                self.finish(ok=True)
            return
        for script in pending(self.script_dir, tuple(heads), self.destination):
            self.running = (script, time.perf_counter())
            yield MigrationStep.upgrade_from_script(revision_map, script)
            self.finish(ok=True)

    def finish(self, *, ok: bool) -> RevisionRun | None:
        if self.running is None:
            return None
        script, started = self.running
        self.running = None
        run = RevisionRun(
            self.extension,
            script.revision,
            down_revisions(script),
            time.perf_counter() - started,
            ok,
            self.downgrade,
        )
        self.runs.append(run)
        if self.report is not None:
            try:
                self.report(run)
            except BaseException as exc:  # the caller's, not the extension's
                self.report_error = exc
                raise
        return run


def failure_location(config: Config, exc: BaseException) -> str | None:
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


def describe(exc: BaseException) -> str:
    """``Type: message``, or ``Type`` alone (``sys.exit()`` says nothing).

    The message is the extension's code too: a ``__str__`` that raises is
    said so, never let out of the failure being reported.
    """
    name = type(exc).__name__
    text = attempt(
        lambda: str(exc).strip(),
        lambda inner: f"<its str() raised {type(inner).__name__}>",
    )
    return f"{name}: {text}" if text else name


def _traceback(exc: BaseException) -> str:
    return attempt(
        lambda: "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        lambda _: "",
    )


def failure(
    extension: str,
    config: Config,
    exc: BaseException,
    *,
    steps: Steps | None = None,
    before: tuple[str, ...] | None = None,
    after: tuple[str, ...] | None = None,
    action: str = "migration",
) -> MigrationFailure:
    failed = steps.finish(ok=False) if steps is not None else None
    return MigrationFailure(
        extension,
        failed.revision if failed is not None else None,
        failure_location(config, exc),
        describe(exc),
        _traceback(exc),
        tuple(steps.runs) if steps is not None else (),
        before,
        after,
        action,
    )


def _own_table_only(environment: Any, expected: str) -> None:
    """Make the environment's ``configure`` refuse any version table but
    ``expected``, before alembic writes to it."""
    configure = environment.configure

    def checked(*args: Any, **kwargs: Any) -> None:
        table = kwargs.get("version_table") or NAILGUN_VERSION_TABLE
        if table != expected:
            whose = (
                " (alembic's default: Nailgun's own)"
                if (table == NAILGUN_VERSION_TABLE)
                else ""
            )
            raise VersionTableError(
                f"env.py configures the version table {table!r}{whose}, not "
                f"the extension's own {expected!r}; nothing was written: pass "
                "version_table=config.get_main_option('version_table') to "
                "context.configure()"
            )
        configure(*args, **kwargs)

    environment.configure = checked


def run_env(
    config: Config,
    steps: Steps,
    *,
    as_sql: bool = False,
    starting_rev: str | None = None,
) -> None:
    """Run the extension's env.py with ``steps`` as alembic's work function:
    ``alembic upgrade heads`` (or to the steps' destination), or with
    ``--sql`` (from ``starting_rev``, base by default); its history in its
    own version table only."""
    from alembic.runtime.environment import EnvironmentContext

    environment = EnvironmentContext(
        config,
        steps.script_dir,
        fn=steps,
        as_sql=as_sql,
        starting_rev=starting_rev,
        destination_rev=steps.destination,
    )
    _own_table_only(environment, config.get_main_option("version_table") or "")
    with environment:
        steps.script_dir.run_env()


def misplaced_history(
    db_url: str, version_table: str, script_dir: ScriptDirectory
) -> str | None:
    """Why the extension's history is in Nailgun's version table, if it is:
    its revisions there, and what to do."""
    if version_table == NAILGUN_VERSION_TABLE:
        return None
    found = set(current_heads(db_url, NAILGUN_VERSION_TABLE))
    mine = sorted(found & {script.revision for script in script_dir.walk_revisions()})
    if not mine:
        return None
    return (
        f"its revision(s) {', '.join(mine)} are recorded in Nailgun's own "
        f"version table {NAILGUN_VERSION_TABLE!r}, not in {version_table!r} "
        "(an env.py that did not pass version_table wrote them): move them "
        f"there (INSERT INTO {version_table} ...; DELETE FROM "
        f"{NAILGUN_VERSION_TABLE} WHERE version_num IN (...)) and fix its env.py"
    )


def steps_for(
    name: str,
    config: Config,
    on_revision: Callable[[RevisionRun], None] | None,
    destination: str = "heads",
    downgrade: bool = False,
) -> Steps:
    from alembic.script import ScriptDirectory

    script_dir = ScriptDirectory.from_config(config)
    return Steps(name, script_dir, on_revision, destination, downgrade)
