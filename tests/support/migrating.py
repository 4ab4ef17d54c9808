"""Extensions with alembic migrations, installed for real, and what their
database holds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy

from nailgun_hooks import cli
from tests.support.alembic_trees import ENV_PY, write_migrations
from tests.support.dists import DistFactory

Captured = tuple[int, str, str]
"""A command's exit code, stdout and stderr."""


def migrate(
    capsys: pytest.CaptureFixture[str], dists: DistFactory, *argv: str
) -> Captured:
    """``nailgun-hooks migrate`` over ``dists``' extensions, in this process."""
    code = cli.main(["migrate", "--namespace", dists.namespace, *argv])
    out, err = capsys.readouterr()
    return code, out, err


BROKEN_SQL = "op.execute('CREATE TABLE ' + table_prefix + 'half (')"


def tables(url: str) -> set[str]:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return set(sqlalchemy.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def version(url: str, table: str) -> list[str]:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sqlalchemy.text(f"SELECT version_num FROM {table}")
            )
            return sorted(row[0] for row in rows)
    finally:
        engine.dispose()


def fingerprint(path: Path) -> tuple[str, int]:
    """The file's content hash and modification time, to prove it untouched."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def install_with_migrations(
    dists: DistFactory,
    name: str,
    revisions: list[tuple[str, str]],
    *,
    env: str = ENV_PY,
) -> Path:
    """Install extension ``name`` whose migrations are ``revisions``; return
    their folder."""
    folder = write_migrations(dists.root / f"{name}_migrations", revisions, env=env)
    dists.extension(name, extra={"migrations_path": str(folder)})
    return folder
