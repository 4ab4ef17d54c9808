"""The files of the package ``nailgun-hooks new`` writes, as templates.

``string.Template`` (``$name``): the files themselves are full of braces.
:func:`nailgun_hooks.cli.new.render` fills them in.
"""

from __future__ import annotations

from string import Template

__all__ = [
    "ENV_PY",
    "FIRST_REVISION",
    "MIGRATIONS_ATTRIBUTE",
    "MIGRATIONS_SECTION",
    "MIGRATION_TEST",
    "MODULE",
    "PYPROJECT",
    "README",
    "TESTS",
]


PYPROJECT = Template("""\
[build-system]
requires = ["flit_core>=3.11,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "$distribution"
version = "0.1.0"
description = "$description"
readme = "README.md"
requires-python = ">=3.10"
dependencies = ["$requirement"]

[project.optional-dependencies]
test = ["pytest>=8"]

# How Nailgun finds the extension. The entry point's name must be the
# extension's `name`: the allow- and deny-lists match it before importing.
[project.entry-points."$namespace"]
$extension = "$module:$class_name"

[tool.flit.module]
name = "$module"

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-ra --strict-markers"
filterwarnings = ["error"]
""")

MODULE = Template('''\
"""$description."""

from __future__ import annotations

import logging
from importlib import metadata
$path_import
from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.types import Node

log = logging.getLogger("nailgun.extensions.$extension")

try:  # written once, in pyproject.toml
    VERSION = metadata.version("$distribution")
except metadata.PackageNotFoundError:  # imported from the source, not installed
    VERSION = "0+unknown"


class $class_name(BaseExtension):
    """$description.

    Nailgun calls the methods marked with @hookimpl; the hook reference
    (``nailgun-hooks specs``) lists every event and its arguments.
    """

    name = "$extension"
    version = VERSION
    description = "$description"$migrations_attribute

    @hookimpl
    def on_node_create(self, node: Node) -> None:
        log.info("node %s created", node.name)
''')

MIGRATIONS_ATTRIBUTE = """
    # The alembic tree shipped inside this package; `nailgun-hooks migrate`
    # upgrades it with its own version table and table prefix.
    migrations_path = str(Path(__file__).with_name("migrations"))"""

TESTS = Template('''\
"""Tests of the $extension extension, with nailgun-hooks' pytest plugin."""

from __future__ import annotations

import logging
${path_import}
import pytest${sqlalchemy_import}

from nailgun_hooks import HookManager${upgrade_import}
from nailgun_hooks.testing import (
    NailgunObjects,
    assert_extension_installed,
    assert_valid_extension,
)

from $module import $class_name


@pytest.fixture
def nailgun_extensions() -> list[type]:
    """What the plugin's nailgun_manager fixture is built from."""
    return [$class_name]


def test_the_extension_passes_every_startup_check() -> None:
    record = assert_valid_extension($class_name)
    assert record.hooks == ("on_node_create",)


def test_a_new_node_is_logged(
    nailgun_manager: HookManager,
    nailgun_objects: NailgunObjects,
    caplog: pytest.LogCaptureFixture,
) -> None:
    node = nailgun_objects.node()
    with caplog.at_level(logging.INFO, logger="nailgun.extensions.$extension"):
        nailgun_manager.hook.on_node_create(node=node)
    assert caplog.messages == [f"node {node.name} created"]


def test_the_installed_package_is_found_through_its_entry_point() -> None:
    """Needs the package installed (pip install -e .): checks the packaging."""
    record = assert_extension_installed("$extension")
    assert record.distribution == "$distribution"
    assert record.version == record.distribution_version
$migration_test''')

MIGRATION_TEST = Template("""

def test_the_migrations_create_the_tables(
    nailgun_manager: HookManager, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'nailgun.db'}"
    (result,) = upgrade_extensions(nailgun_manager, url)
    assert result.after == ("0001",)
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(sqlalchemy.inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert {"${extension}_items", "${extension}_alembic_version"} <= tables
""")

README = Template("""\
# $distribution

$description: the `$extension` extension for Nailgun, built on nailgun-hooks.

## Develop

In a new virtual environment:

```sh
python -m venv .venv && . .venv/bin/activate
pip install $library
pip install -e '.[test]'
nailgun-hooks check          # every installed extension, strictly: exit 0
pytest                       # this package's tests
nailgun-hooks list           # $extension ... status: loaded
```

nailgun-hooks is not on a package index yet: the first `pip install` gives
$library_origin.
Once it is published, that line can go: `pip install -e '.[test]'` brings it.

The extension is `$module.$class_name`. Mark each method Nailgun should call
with `@hookimpl`; `nailgun-hooks specs` lists the events, their arguments and
what is done with their results. Its version is written once, in
`pyproject.toml`: the class reads it from the installed distribution.
$migrations_section""")

MIGRATIONS_SECTION = Template("""
## Database tables

The extension owns tables through the alembic tree in
`$module/migrations/`, shipped inside the package. Its tables are prefixed
with `${extension}_` (revisions read `table_prefix` from alembic's config) and
its revisions are recorded in its own version table,
`${extension}_alembic_version`. Upgrade them with:

```sh
nailgun-hooks migrate --db postgresql://nailgun@localhost/nailgun -e $extension
```

Add a revision as a new file in `versions/` whose `down_revision` is the
previous one's `revision`.
""")

ENV_PY = Template('''\
"""alembic environment of the $extension extension's tables.

nailgun-hooks (and Nailgun) pass the database URL, the version table and the
table prefix as the config's main options.
"""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)
version_table = config.get_main_option("version_table")
if not version_table:  # plain alembic, outside Nailgun
    version_table = "${extension}_alembic_version"


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        version_table=version_table,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, version_table=version_table)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
''')

FIRST_REVISION = Template('''\
"""The $extension extension's first table."""

import sqlalchemy as sa
from alembic import context, op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

table_prefix = context.config.get_main_option("table_prefix") or "${extension}_"


def upgrade() -> None:
    op.create_table(
        f"{table_prefix}items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
    )


def downgrade() -> None:
    op.drop_table(f"{table_prefix}items")
''')
