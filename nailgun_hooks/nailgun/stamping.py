"""``alembic stamp``, per extension: set an extension's version table to a
revision without running any migration.

For tables made by hand, or a history to repair (one an earlier run left in
Nailgun's ``alembic_version``): the extension's own version table is written
through alembic's public ``MigrationContext.stamp``, no ``env.py`` is run,
and Nailgun's tables are never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .alembic_run import current_heads, failure
from .dbcheck import check_database
from .logstate import logging_kept
from .migration_results import MigrationFailure, MigrationResult
from .migrations import (
    alembic_config,
    owning_migrations,
    require_db_extra,
    unknown_targets,
)

if TYPE_CHECKING:
    from alembic.config import Config

    from ..startup.records import ExtensionRecord

__all__ = ["stamp_extensions"]


def _stamp_one(
    name: str, version_table: str, config: Config, db_url: str, revision: str
) -> MigrationResult:
    import sqlalchemy
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    before = current_heads(db_url, version_table)
    script_dir = ScriptDirectory.from_config(config)
    engine = sqlalchemy.create_engine(db_url, poolclass=sqlalchemy.pool.NullPool)
    try:
        # Revision files are read inside an environment (Nailgun's read
        # context.config when imported); an unknown revision raises here.
        with EnvironmentContext(config, script_dir), engine.begin() as connection:
            script_dir.get_revision(revision)
            context = MigrationContext.configure(
                connection, opts={"version_table": version_table}
            )
            context.stamp(script_dir, revision)
    finally:
        engine.dispose()
    return MigrationResult(
        name, before, current_heads(db_url, version_table), action="stamped"
    )


def stamp_extensions(
    extensions: Iterable[ExtensionRecord],
    db_url: str,
    targets: Mapping[str, str],
    *,
    config_file: str | None = None,
) -> tuple[list[MigrationResult], list[MigrationFailure]]:
    """Stamp each extension named in ``targets`` at its revision (``base``
    empties its version table); what was stamped, and what failed."""
    require_db_extra()
    check_database(db_url)
    results: list[MigrationResult] = []
    failures: list[MigrationFailure] = []
    todo = [
        (record, found)
        for record, found in owning_migrations(extensions, failures)
        if record.name in targets
    ]
    failures += unknown_targets(targets, [record.name for record, _ in todo])
    for record, found in todo:
        config = alembic_config(found, db_url, config_file=config_file)
        try:
            with logging_kept():
                results.append(
                    _stamp_one(
                        record.name,
                        found.version_table,
                        config,
                        db_url,
                        targets[record.name],
                    )
                )
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            failures.append(failure(record.name, config, exc, action="stamp"))
    return results, failures
