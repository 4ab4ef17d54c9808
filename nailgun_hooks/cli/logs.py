"""The command's logging: the library's own log lines and traced hook calls,
to stderr only when asked, never mixed into a command's output."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from ..calls.tracing import TRACE_LOGGER

__all__ = ["library_logging"]


@contextmanager
def library_logging(debug: bool, trace: bool) -> Iterator[None]:
    """Commands print problems themselves; the loader's own log lines about
    them go to stderr only with ``--debug``. Traced hook calls (``--trace``
    or ``NAILGUN_HOOKS_TRACE``) go to stderr, away from the command's output."""
    logger = logging.getLogger("nailgun_hooks")
    tracer = logging.getLogger(TRACE_LOGGER)
    handler: logging.Handler = (
        logging.StreamHandler(sys.stderr) if debug else logging.NullHandler()
    )
    traces: logging.Handler = (
        logging.StreamHandler(sys.stderr) if trace else logging.NullHandler()
    )
    traces.setFormatter(logging.Formatter("[trace] %(message)s"))
    saved = logger.propagate, logger.level
    saved_trace = tracer.propagate, tracer.level
    logger.addHandler(handler)
    tracer.addHandler(traces)
    logger.propagate = tracer.propagate = False
    if debug:
        logger.setLevel(logging.DEBUG)
    if trace:
        tracer.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        tracer.removeHandler(traces)
        logger.propagate, logger.level = saved
        tracer.propagate, tracer.level = saved_trace
