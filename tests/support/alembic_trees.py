"""Alembic script folders shaped like Nailgun extensions' ones.

The ``env.py`` is Nailgun's extension env.py: it reads the URL from the
config's main section and the version table from
``config.get_main_option('version_table')``; revisions read
``table_prefix``. ``PUBLISHED_ENV_PY`` is written in the style of the env.py
files the published Fuel extensions ship: it hands
``config.config_file_name`` to ``fileConfig`` without checking that there is
a file, and configures logging at import. Nothing here knows about
nailgun-hooks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

ENV_PY = """
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def run_migrations_offline():
    context.configure(
        url=config.get_main_option('sqlalchemy.url'),
        version_table=config.get_main_option('version_table'),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix='sqlalchemy.',
        poolclass=pool.NullPool,
    )
    connection = engine.connect()
    context.configure(
        connection=connection,
        target_metadata=None,
        version_table=config.get_main_option('version_table'),
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        connection.close()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
"""

PUBLISHED_ENV_PY = """
import logging.config

from alembic import context
import sqlalchemy

settings = context.config
# Whatever configuration file alembic was given; None when it was given none.
logging.config.fileConfig(settings.config_file_name)


def options():
    return {'version_table': settings.get_main_option('version_table')}


if context.is_offline_mode():
    context.configure(url=settings.get_main_option('sqlalchemy.url'), **options())
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = sqlalchemy.engine_from_config(
        settings.get_section(settings.config_ini_section),
        prefix='sqlalchemy.',
        poolclass=sqlalchemy.pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, **options())
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
"""

REVISION = '''
"""{message}"""

revision = {revision!r}
down_revision = {down!r}

from alembic import context, op
import sqlalchemy as sa

table_prefix = context.config.get_main_option('table_prefix')


def upgrade():
{body}


def downgrade():
    pass
'''


def create_table(table: str) -> str:
    """A migration body creating ``{table_prefix}{table}``."""
    return (
        f"op.create_table(table_prefix + {table!r}, "
        "sa.Column('id', sa.Integer(), nullable=False), "
        "sa.PrimaryKeyConstraint('id'))"
    )


def write_migrations(
    folder: Path, revisions: Sequence[tuple[str, str]], *, env: str = ENV_PY
) -> Path:
    """A linear history: ``(revision id, upgrade body)`` each, oldest first."""
    versions = folder / "versions"
    versions.mkdir(parents=True)
    (folder / "env.py").write_text(textwrap.dedent(env))
    down = None
    for index, (revision, body) in enumerate(revisions):
        source = REVISION.format(
            message=f"revision {revision}",
            revision=revision,
            down=down,
            body=textwrap.indent(body, "    "),
        )
        (versions / f"{index:03d}_{revision}.py").write_text(source)
        down = revision
    return folder
