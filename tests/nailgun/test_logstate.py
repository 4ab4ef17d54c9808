"""nailgun_hooks.nailgun.logstate: the logging configuration put back as it
was, whatever alembic's fileConfig() or an env.py did to it meanwhile."""

from __future__ import annotations

import io
import logging
import logging.config
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nailgun_hooks.migrations import DEFAULT_CONFIG_FILE
from nailgun_hooks.nailgun.logstate import logging_kept


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


def test_logging_kept_undoes_changes_when_the_body_raises() -> None:
    """A failing env.py leaves the caller's logging as it found it too."""
    logger = logging.getLogger("caller.raising")
    with logging_kept():
        logger.setLevel(logging.WARNING)
        assert not logger.isEnabledFor(logging.INFO)
        with pytest.raises(RuntimeError, match="env failed"), logging_kept():
            logger.setLevel(logging.DEBUG)
            assert logger.isEnabledFor(logging.INFO)  # caches the answer
            logger.disabled = True
            raise RuntimeError("env failed")
        assert (logger.level, logger.disabled) == (logging.WARNING, False)
        assert not logger.isEnabledFor(logging.INFO)  # no stale cached level
