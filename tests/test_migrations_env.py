"""Extensions' env.py files as published: no configuration file given, and
the logging configuration they load."""

from __future__ import annotations

import configparser
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from hypothesis import given
from hypothesis import strategies as st

from nailgun_hooks import cli, load_extensions
from nailgun_hooks.migrations import DEFAULT_CONFIG_FILE, upgrade_extensions
from nailgun_hooks.nailgun.logstate import logging_kept
from nailgun_hooks.nailgun.migrations import alembic_config
from nailgun_hooks.startup.migration_checks import ExtensionMigrations
from tests.support.alembic_trees import PUBLISHED_ENV_PY, create_table
from tests.support.dists import DistFactory
from tests.support.migrating import install_with_migrations, tables, version

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


def test_file_handlers_after_file_config(tmp_path: Path) -> None:
    """What fileConfig() does to handlers cannot all be undone: it closes
    them. A stream handler goes on writing, one appending to its file reopens
    it; one opened with mode 'w' stays closed (reopening would empty the
    file)."""
    stream = io.StringIO()
    streaming = logging.StreamHandler(stream)
    appending = logging.FileHandler(tmp_path / "a.log", mode="a", delay=True)
    truncating = logging.FileHandler(tmp_path / "w.log", mode="w", delay=True)
    logger = logging.getLogger("caller.files")
    with logging_kept():
        logger.addHandler(streaming)
        logger.addHandler(appending)
        logger.addHandler(truncating)
        logger.warning("before")
        with logging_kept():
            logging.config.fileConfig(DEFAULT_CONFIG_FILE)
        assert logger.handlers == [streaming, appending, truncating]
        logger.warning("after")
    appending.close()
    truncating.close()
    assert stream.getvalue() == "before\nafter\n"
    assert (tmp_path / "a.log").read_text() == "before\nafter\n"
    assert (tmp_path / "w.log").read_text() == "before\n"


def test_logging_kept_resets_loggers_created_meanwhile() -> None:
    class Closing(logging.Handler):
        closed = False

        def emit(self, record: logging.LogRecord) -> None:
            pass

        def close(self) -> None:
            self.closed = True
            super().close()

    kept, added = Closing(), Closing()
    with logging_kept():
        logging.getLogger().addHandler(kept)
        with logging_kept():
            fresh = logging.getLogger("caller.created.meanwhile")
            fresh.setLevel(logging.DEBUG)
            fresh.propagate = False
            fresh.addHandler(added)
            fresh.disabled = True  # as fileConfig leaves a logger it does not name
            logging.getLogger().removeHandler(kept)
        assert (fresh.level, fresh.propagate, fresh.handlers, fresh.disabled) == (
            logging.NOTSET,
            True,
            [],
            False,
        )
        assert kept in logging.getLogger().handlers
        assert (added.closed, kept.closed) == (True, False)


LEVELS = st.sampled_from([logging.NOTSET, logging.DEBUG, logging.INFO, logging.ERROR])
NAMES = st.sampled_from(["", "caller", "caller.app", "alembic", "nailgun_hooks"])
CHANGES = st.lists(
    st.tuples(NAMES, LEVELS, st.booleans(), st.booleans(), st.booleans()),
    max_size=8,
)


@given(before=CHANGES, meanwhile=CHANGES)
def test_logging_kept_restores_any_changes(
    before: list[tuple[str, int, bool, bool, bool]],
    meanwhile: list[tuple[str, int, bool, bool, bool]],
) -> None:
    def apply(changes: list[tuple[str, int, bool, bool, bool]]) -> None:
        for name, level, propagate, disabled, add_handler in changes:
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled
            if add_handler:
                logger.addHandler(logging.NullHandler())
            else:
                logger.handlers = []

    def state() -> dict[str, tuple[int, bool, bool, list[logging.Handler]]]:
        loggers = [logging.getLogger(name) for name in ("", "caller", "caller.app")]
        loggers += [logging.getLogger(n) for n in ("alembic", "nailgun_hooks")]
        return {
            logger.name: (
                logger.level,
                logger.propagate,
                logger.disabled,
                list(logger.handlers),
            )
            for logger in loggers
        }

    with logging_kept():
        apply(before)
        expected = state()
        with logging_kept():
            apply(meanwhile)
        assert state() == expected


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
