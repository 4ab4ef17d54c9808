"""``nailgun-hooks revision EXT -m MESSAGE``: a new, empty revision file in
an extension's own migrations, its ``down_revision`` the extension's head.

``alembic revision`` needs an alembic.ini and a ``script.py.mako`` that
Nailgun's extensions do not ship, and knows nothing of their table prefix;
this writes the file the way ``nailgun-hooks new --with-migrations`` writes
the first one. An extension with several heads needs a merge first: that
is said, and nothing is written.
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from pathlib import Path
from string import Template
from typing import TextIO

from ..errors import NailgunHooksError, UsageError, did_you_mean
from ..loading import load_extensions
from ..markers import DISABLED_ENV, NAMESPACE
from ..nailgun.migrations import alembic_config, migrations_of, require_db_extra
from ..startup.discovery import installed_entry_points
from ..startup.migration_checks import ExtensionMigrations
from .exits import EXIT_OK, EXIT_PROBLEMS

__all__ = ["add_arguments", "new_revision", "run"]

OFFLINE_URL = "sqlite://"
"""The revision files are read, never run: no database is connected."""

REVISION = Template('''\
"""$message"""

import sqlalchemy as sa
from alembic import context, op

revision = "$revision"
down_revision = $down
branch_labels = None
depends_on = None

table_prefix = context.config.get_main_option("table_prefix") or "${extension}_"


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
''')


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks revision``."""
    parser.add_argument("extension", metavar="EXT", help="the extension's name")
    parser.add_argument(
        "-m", "--message", required=True, help="what the revision does (one line)"
    )
    parser.add_argument(
        "--namespace",
        default=NAMESPACE,
        metavar="GROUP",
        help=f"entry-point group to load the extension from (default: {NAMESPACE})",
    )


def _heads(found: ExtensionMigrations) -> list[str]:
    """The extension's head revisions, its files read as alembic reads them
    (inside an environment: Nailgun's revision files read its config)."""
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    config = alembic_config(found, OFFLINE_URL)
    script_dir = ScriptDirectory.from_config(config)
    with EnvironmentContext(config, script_dir):
        return sorted(script_dir.get_heads())


def _slug(message: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    return words[:40].rstrip("_") or "revision"


def new_revision(found: ExtensionMigrations, message: str) -> Path:
    """Write an empty revision after the extension's head; its path.
    Raises :class:`NailgunHooksError` when it has several heads."""
    heads = _heads(found)
    if len(heads) > 1:
        raise NailgunHooksError(
            f"{found.extension} has {len(heads)} heads ({', '.join(heads)}): "
            "merge them first (a revision whose down_revision names them all)"
        )
    revision = uuid.uuid4().hex[:12]
    versions = Path(found.script_location) / "versions"
    versions.mkdir(exist_ok=True)
    path = versions / f"{revision}_{_slug(message)}.py"
    text = REVISION.substitute(
        message=" ".join(message.replace('"', "'").split()),
        revision=revision,
        down=repr(heads[0]) if heads else "None",
        extension=found.extension,
    )
    path.write_text(text, encoding="utf-8")
    return path


def _check_installed(name: str, namespace: str) -> None:
    """A usage error, before anything is imported, for a name not installed."""
    installed = {info.name for info in installed_entry_points(namespace)}
    if name not in installed:
        hint = did_you_mean(name, installed)
        raise UsageError(
            f"revision {name}: no extension of that name is installed in "
            f"{namespace!r}" + (f"; {hint}" if hint else "")
        )


def _migrations(args: argparse.Namespace) -> ExtensionMigrations | None:
    """The extension's migrations; it is loaded strictly, alone."""
    manager = load_extensions(enabled=[args.extension], namespace=args.namespace)
    for record in manager.extensions:
        return migrations_of(record)
    raise NailgunHooksError(
        f"{args.extension} was not loaded: is it disabled by {DISABLED_ENV}?"
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Write the revision file; the exit code."""
    if not args.message.strip():
        raise UsageError("-m/--message: say what the revision does")
    try:
        require_db_extra()
    except NailgunHooksError as exc:
        raise UsageError(str(exc)) from exc
    _check_installed(args.extension, args.namespace)
    try:
        found = _migrations(args)
        if found is None:
            print(
                f"{args.extension} has no migrations: give it an "
                "alembic_migrations_path (nailgun-hooks new --with-migrations "
                "shows one)",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        path = new_revision(found, args.message)
    except NailgunHooksError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    out.write(f"wrote {path}\n")
    return EXIT_OK
