"""Extensions' database migrations, public path: what ``nailgun-hooks
migrate`` and Nailgun call to upgrade, inspect or script every loaded
extension's tables.
"""

# The implementation lives in the Nailgun layer
# (nailgun_hooks.nailgun.migrations); this module keeps the documented import
# path stable.

from __future__ import annotations

from .errors import DatabaseError, MigrationError
from .nailgun.history import ExtensionHistory, RevisionInfo, extension_history
from .nailgun.migrations import (
    DEFAULT_CONFIG_FILE,
    ExtensionStatus,
    MigrationFailure,
    MigrationInterrupted,
    MigrationResult,
    RevisionRun,
    downgrade_extensions,
    extension_status,
    upgrade_extensions,
    write_offline_sql,
)
from .nailgun.stamping import stamp_extensions

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "DatabaseError",
    "ExtensionHistory",
    "ExtensionStatus",
    "MigrationError",
    "MigrationFailure",
    "MigrationInterrupted",
    "MigrationResult",
    "RevisionInfo",
    "RevisionRun",
    "downgrade_extensions",
    "extension_history",
    "extension_status",
    "stamp_extensions",
    "upgrade_extensions",
    "write_offline_sql",
]
