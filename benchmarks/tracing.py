"""Tracing: what ``NAILGUN_HOOKS_TRACE`` costs when it is off, and when on.

Four managers over the same N extension objects, timed in the same rounds:

* untraced: never traced (the plain path);
* off: tracing switched on and off again (``set_tracing``), which must
  leave callers as fast as the untraced ones: the ratio off / untraced;
* on: tracing on, with the ``nailgun_hooks.trace`` logger at WARNING, so
  records would be dropped at the level check: the cost of leaving tracing
  on with the logger quiet (the traced caller checks the level and runs the
  untraced one), before any record is made, formatted or written;
* recording: tracing on while diagnosing, the logger at INFO: every call's
  records are made and handed to a handler (one that drops them, so that
  what is measured is ours, not a file's or a terminal's).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from nailgun_hooks import build_manager
from nailgun_hooks.calls.tracing import TRACE_LOGGER

from .dispatch import Node, _extension
from .harness import Samples, ratio, table, time_calls, us


@dataclass
class Row:
    n: int
    samples: Samples


def measure(n: int, rounds: int, batch: float) -> Row:
    objects = [_extension(i, False) for i in range(n)]
    untraced = build_manager(objects, trace=False)
    off = build_manager(objects, trace=True)
    off.set_tracing(False)
    on = build_manager(objects, trace=True)
    node = Node()
    logger = logging.getLogger(TRACE_LOGGER)
    quiet = _Level(logger, logging.WARNING)
    recording = _Level(logger, logging.INFO)
    saved = (logger.level, logger.propagate, list(logger.handlers))
    logger.handlers[:] = [_Dropped()]
    logger.propagate = False
    try:
        results = {
            m.hook.on_node_update(node=node).__repr__() for m in (untraced, off, on)
        }
        assert len(results) == 1, results
        g = {"untraced": untraced, "off": off, "on": on, "n": node}
        g.update(quiet=quiet, recording=recording)
        calls = {
            "untraced": "untraced.hook.on_node_update(node=n)",
            "off": "off.hook.on_node_update(node=n)",
            "on": "quiet(); on.hook.on_node_update(node=n)",
            "recording": "recording(); on.hook.on_node_update(node=n)",
        }
        samples = time_calls(
            {name: (code, g) for name, code in calls.items()},
            rounds=rounds,
            batch_seconds=batch,
        )
    finally:
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
        logger.handlers[:] = saved[2]
    return Row(n, samples)


class _Level:
    """Sets the trace logger's level before each timed call (a cheap
    attribute test when it is already set), so that the variants, timed in
    the same rounds, each run at their own level."""

    def __init__(self, logger: logging.Logger, level: int) -> None:
        self.logger = logger
        self.level = level

    def __call__(self) -> None:
        if self.logger.level != self.level:
            self.logger.setLevel(self.level)


class _Dropped(logging.Handler):
    """Takes every record and keeps none."""

    def emit(self, record: logging.LogRecord) -> None:
        pass


def run(
    *, sizes: Sequence[int] = (1, 10), rounds: int = 300, batch: float = 0.002
) -> list[Row]:
    return [measure(n, rounds, batch) for n in sizes]


def render(rows: Sequence[Row]) -> str:
    headers = [
        "N",
        "untraced µs",
        "off µs",
        "on µs (records dropped)",
        "recording µs",
        "off / untraced",
        "on / untraced",
        "recording / untraced",
    ]
    body = [
        [
            row.n,
            us(row.samples.median("untraced")),
            us(row.samples.median("off")),
            us(row.samples.median("on")),
            us(row.samples.median("recording")),
            ratio(row.samples.ratio("off", "untraced"), 1.05),
            ratio(row.samples.ratio("on", "untraced")),
            ratio(row.samples.ratio("recording", "untraced"), 5.0),
        ]
        for row in rows
    ]
    return table(headers, body)
