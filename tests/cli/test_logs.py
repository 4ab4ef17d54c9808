"""nailgun_hooks.cli.logs: the library's log lines and traced hook calls go
to stderr only when asked for, never to the command's output, and the
loggers are as they were afterwards."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from nailgun_hooks.calls.tracing import TRACE_LOGGER
from nailgun_hooks.cli.logs import library_logging

LIBRARY = logging.getLogger("nailgun_hooks")
TRACER = logging.getLogger(TRACE_LOGGER)


def state() -> tuple[object, ...]:
    return tuple(
        (logger.level, logger.propagate, list(logger.handlers))
        for logger in (LIBRARY, TRACER)
    )


@pytest.fixture
def loggers_kept() -> Iterator[None]:
    """Both loggers as a test session leaves them, put back afterwards."""
    before = state()
    yield
    assert state() == before


def log_both() -> None:
    LIBRARY.debug("loader detail")
    LIBRARY.error("extension rejected")
    TRACER.info("on_node_create: audit returned")


@pytest.mark.usefixtures("loggers_kept")
def test_quiet_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    with library_logging(debug=False, trace=False):
        log_both()
    assert capsys.readouterr() == ("", "")


@pytest.mark.usefixtures("loggers_kept")
def test_debug_shows_the_librarys_lines_on_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with library_logging(debug=True, trace=False):
        log_both()
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "loader detail\nextension rejected\n"


@pytest.mark.usefixtures("loggers_kept")
def test_trace_shows_the_hook_calls_on_stderr_marked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with library_logging(debug=False, trace=True):
        log_both()
    assert capsys.readouterr() == ("", "[trace] on_node_create: audit returned\n")


@pytest.mark.usefixtures("loggers_kept")
def test_nothing_reaches_the_callers_root_logger(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG), library_logging(debug=True, trace=True):
        log_both()
    assert caplog.records == []


@pytest.mark.usefixtures("loggers_kept")
def test_the_loggers_are_put_back_when_the_command_fails() -> None:
    with pytest.raises(RuntimeError), library_logging(debug=True, trace=True):
        assert LIBRARY.level == logging.DEBUG and TRACER.level == logging.INFO
        assert not LIBRARY.propagate and not TRACER.propagate
        raise RuntimeError("the command failed")
