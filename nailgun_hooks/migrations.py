"""Extensions' database migrations, public path: what ``nailgun-hooks
migrate`` and Nailgun call to upgrade, inspect or script every loaded
extension's tables.
"""

# The implementation lives in the Nailgun layer
# (nailgun_hooks.nailgun.migrations); this module keeps the documented import
# path stable.

from __future__ import annotations

from .nailgun.migrations import (
    DEFAULT_CONFIG_FILE,
    DatabaseError,
    ExtensionMigrations,
    ExtensionStatus,
    MigrationError,
    MigrationFailure,
    MigrationResult,
    RevisionRun,
    alembic_config,
    check_migrations,
    extension_status,
    migrations_of,
    upgrade_extensions,
    write_offline_sql,
)

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
    "upgrade_extensions",
    "write_offline_sql",
]
