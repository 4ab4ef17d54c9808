"""Extensions' database migrations, public path: ``nailgun-hooks migrate``
and what Nailgun calls to upgrade every loaded extension's tables.

The implementation lives in the Nailgun layer
(:mod:`nailgun_hooks.nailgun.migrations`); this module keeps the documented
import path stable.
"""

from __future__ import annotations

from .nailgun.migrations import (
    ExtensionMigrations,
    MigrationError,
    MigrationFailure,
    MigrationResult,
    add_arguments,
    alembic_config,
    check_migrations,
    migrations_of,
    run,
    upgrade_extensions,
)

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
