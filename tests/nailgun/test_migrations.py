"""nailgun_hooks.nailgun.migrations: the alembic configuration each
extension's migrations run with, and extensions' env.py files as published
(no configuration file given, and the logging configuration they load)."""

from __future__ import annotations

import configparser
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

from nailgun_hooks import BaseExtension, build_manager, cli, load_extensions
from nailgun_hooks.migrations import DEFAULT_CONFIG_FILE, upgrade_extensions
from nailgun_hooks.nailgun.logstate import logging_kept
from nailgun_hooks.nailgun.migrations import (
    INSTALL_HINT,
    alembic_config,
    migrations_of,
)
from nailgun_hooks.startup.migration_checks import ExtensionMigrations
from tests.support.alembic_trees import PUBLISHED_ENV_PY, create_table
from tests.support.dists import DistFactory
from tests.support.migrating import install_with_migrations, tables, version
from tests.support.venv import ROOT

LOG_FROM_REVISION = (
    "import logging\n"
    "logging.getLogger('caller.app').warning('logged by a revision')\n"
    + create_table("rows")
)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nailgun.db'}"


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def caller_logging() -> Iterator[tuple[Recorder, Recorder]]:
    """The caller's own logging: a handler on the root logger at INFO and
    one on its logger ``caller.app``; put back afterwards."""
    with logging_kept():
        root, app = Recorder(), Recorder()
        logging.getLogger().addHandler(root)
        logging.getLogger().setLevel(logging.INFO)
        logging.getLogger("caller.app").addHandler(app)
        yield root, app


def test_a_published_style_env_py_migrates_with_no_flags(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(
        dists, "published", [("p1", create_table("rows"))], env=PUBLISHED_ENV_PY
    )
    assert cli.main(["migrate", "--db", db_url, "--namespace", dists.namespace]) == 0
    assert "published: upgraded <base> -> p1" in capsys.readouterr().out
    assert "published_rows" in tables(db_url)
    assert version(db_url, "published_alembic_version") == ["p1"]


def test_without_a_configuration_file_that_env_py_fails(
    dists: DistFactory, db_url: str
) -> None:
    """What the shipped alembic.ini is for: the env.py above, given no file."""
    folder = install_with_migrations(
        dists, "published", [("p1", create_table("rows"))], env=PUBLISHED_ENV_PY
    )
    config = Config()
    for option, value in {
        "script_location": str(folder),
        "version_table": "published_alembic_version",
        "table_prefix": "published_",
        "sqlalchemy.url": db_url,
    }.items():
        config.set_main_option(option, value)
    with logging_kept(), pytest.raises(TypeError):
        command.upgrade(config, "heads")


def test_the_default_configuration_is_nailguns_logging() -> None:
    ini = configparser.RawConfigParser()
    assert ini.read(DEFAULT_CONFIG_FILE) == [DEFAULT_CONFIG_FILE]
    assert ini["loggers"]["keys"] == "root,sqlalchemy,alembic"
    assert ini["handlers"]["keys"] == "console"
    assert ini["formatters"]["keys"] == "generic"
    loggers = {
        ini[f"logger_{key}"]["qualname"]: ini[f"logger_{key}"]["level"]
        for key in ("root", "sqlalchemy", "alembic")
    }
    assert loggers == {"": "WARNING", "sqlalchemy.engine": "WARNING", "alembic": "INFO"}
    assert dict(ini["handler_console"]) == {
        "class": "StreamHandler",
        "args": "(sys.stderr,)",
        "level": "NOTSET",
        "formatter": "generic",
    }
    assert (
        ini["formatter_generic"]["format"] == "%(levelname)-5.5s [%(name)s] %(message)s"
    )


def test_alembic_reports_each_revision_on_stderr_as_in_nailgun(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(
        dists, "published", [("p1", create_table("rows"))], env=PUBLISHED_ENV_PY
    )
    upgrade_extensions(load_extensions(namespace=dists.namespace), db_url)
    err = capsys.readouterr().err
    assert "INFO  [alembic.runtime.migration] Running upgrade  -> p1" in err


def test_the_callers_logging_is_as_it_was_afterwards(
    dists: DistFactory, db_url: str, caller_logging: tuple[Recorder, Recorder]
) -> None:
    root_handler, app_handler = caller_logging
    install_with_migrations(
        dists, "published", [("p1", LOG_FROM_REVISION)], env=PUBLISHED_ENV_PY
    )
    manager = load_extensions(namespace=dists.namespace)
    sqlalchemy_level = logging.getLogger("sqlalchemy.engine").level
    root_handlers = list(logging.getLogger().handlers)
    assert root_handler in root_handlers

    upgrade_extensions(manager, db_url)

    # While the env.py ran, its fileConfig() disabled the caller's logger,
    # as Nailgun's did: the revision's record went nowhere.
    assert "logged by a revision" not in app_handler.messages
    app = logging.getLogger("caller.app")
    assert not app.disabled
    app.info("after the migrations")
    assert app_handler.messages == ["after the migrations"]
    assert root_handler.messages[-1] == "after the migrations"  # propagated
    assert logging.getLogger().handlers == root_handlers  # the same, no more
    assert logging.getLogger().level == logging.INFO
    assert logging.getLogger("alembic").level == logging.NOTSET
    assert logging.getLogger("sqlalchemy.engine").level == sqlalchemy_level
    assert not logging.getLogger("nailgun_hooks").disabled


def test_a_configuration_file_given_is_the_one_env_py_reads(
    dists: DistFactory,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    install_with_migrations(
        dists, "published", [("p1", create_table("rows"))], env=PUBLISHED_ENV_PY
    )
    ini = tmp_path / "site.ini"
    default = Path(DEFAULT_CONFIG_FILE).read_text()
    ini.write_text(default.replace("%(levelname)-5.5s [%(name)s]", "SITE"))
    argv = ["migrate", "--db", db_url, "--namespace", dists.namespace]
    assert cli.main([*argv, "--config-file", str(ini)]) == 0
    assert "SITE Running upgrade  -> p1" in capsys.readouterr().err


def test_each_config_reads_the_default_file_unless_given_another(
    tmp_path: Path,
) -> None:
    found = ExtensionMigrations("ext", str(tmp_path), "ext_alembic_version", "ext_")
    url = f"sqlite:///{tmp_path / 'db'}"
    assert alembic_config(found, url).config_file_name == DEFAULT_CONFIG_FILE
    given = str(tmp_path / "site.ini")
    assert alembic_config(found, url, config_file=given).config_file_name == given


def test_the_config_carries_nailguns_main_options(tmp_path: Path) -> None:
    class Ext(BaseExtension):
        name = "ext"
        version = "1.0.0"
        description = "Owns tables"
        migrations_path = str(tmp_path)

    (tmp_path / "env.py").write_text("")
    found = migrations_of(build_manager([Ext]).get("ext"))
    assert found is not None
    url = "postgresql://nailgun:p%40ss@db/nailgun"
    config = alembic_config(found, url)
    assert config.get_main_option("script_location") == str(tmp_path)
    assert config.get_main_option("version_table") == "ext_alembic_version"
    assert config.get_main_option("table_prefix") == "ext_"
    assert config.get_main_option("sqlalchemy.url") == url  # '%' survives


def test_the_install_hint_names_exactly_the_db_extra() -> None:
    """What a fresh machine can install, and what the db extra would."""
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["db"]
    assert re.findall(r"'([^']+)'", INSTALL_HINT.split("pip install", 1)[1]) == extra
