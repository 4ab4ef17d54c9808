"""The shape of the env.py of fuel-nailgun-extension-iac and tuning-box: the
table prefix defaults to empty, fileConfig() only when there is an ini file."""

import logging.config

import sqlalchemy
from alembic import context

config = context.config
if config.get_main_option("table_prefix") is None:
    config.set_main_option("table_prefix", "")
if config.config_file_name:
    logging.config.fileConfig(config.config_file_name)
target_metadata = None


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        version_table=config.get_main_option("version_table"),
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = sqlalchemy.engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=sqlalchemy.pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            version_table=config.get_main_option("version_table"),
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
