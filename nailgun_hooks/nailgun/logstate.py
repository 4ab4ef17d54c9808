"""Put the process's logging back as it was after an extension's ``env.py``.

Nailgun's extensions' ``env.py`` call ``logging.config.fileConfig()``, whose
default ``disable_existing_loggers=True`` disables every logger the file does
not name -- Nailgun's own, the caller's, ``nailgun_hooks`` -- and which
replaces the root logger's handlers. In Nailgun's ``manage.py`` that lasted
until the process ended. Here it lasts only while the extension's migrations
run: :func:`logging_kept` records every logger's level, handlers, propagation
and disabled flag, and restores them on the way out.

What cannot be undone from outside ``fileConfig``: it flushes and closes the
handlers that existed. Stream handlers keep writing after that and a file
handler opened for appending reopens its file on the next record; one opened
with ``mode="w"`` stays closed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["logging_kept"]


@dataclass(frozen=True)
class _LoggerState:
    level: int
    handlers: tuple[logging.Handler, ...]
    propagate: bool
    disabled: bool


def _loggers() -> dict[str, logging.Logger]:
    found = {
        name: logger
        for name, logger in logging.Logger.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    found[""] = logging.getLogger()
    return found


def _state(logger: logging.Logger) -> _LoggerState:
    return _LoggerState(
        logger.level, tuple(logger.handlers), logger.propagate, logger.disabled
    )


def _restore(logger: logging.Logger, state: _LoggerState) -> None:
    logger.handlers = list(state.handlers)
    logger.propagate = state.propagate
    logger.disabled = state.disabled
    logger.setLevel(state.level)  # also clears the loggers' cached levels


@contextmanager
def logging_kept() -> Iterator[None]:
    """Undo, on exit, what ``fileConfig`` (or anything else) did to loggers.

    Loggers created meanwhile are reset to a new logger's defaults, and
    handlers attached meanwhile that no logger keeps are closed.
    """
    saved = {name: _state(logger) for name, logger in _loggers().items()}
    try:
        yield
    finally:
        current = _loggers()
        added = {handler for logger in current.values() for handler in logger.handlers}
        fresh = _LoggerState(logging.NOTSET, (), True, False)
        for name, logger in current.items():
            _restore(logger, saved.get(name, fresh))
        kept = {handler for state in saved.values() for handler in state.handlers}
        for handler in added - kept:
            handler.close()
