"""Tracing: what ``NAILGUN_HOOKS_TRACE`` costs when it is off, and when on.

Three managers over the same N extension objects, timed in the same rounds:

* untraced: never traced (the plain path);
* off: tracing switched on and off again (``set_tracing``), which must
  leave callers as fast as the untraced ones: the ratio off / untraced;
* on: tracing on, with the ``nailgun_hooks.trace`` logger at WARNING, so
  records would be dropped at the level check: the cost of leaving tracing
  on with the logger quiet (the traced caller checks the level and runs the
  untraced one), before any record is made, formatted or written.
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
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        results = {
            m.hook.on_node_update(node=node).__repr__() for m in (untraced, off, on)
        }
        assert len(results) == 1, results
        g = {"untraced": untraced, "off": off, "on": on, "n": node}
        samples = time_calls(
            {
                name: (f"{name}.hook.on_node_update(node=n)", g)
                for name in ("untraced", "off", "on")
            },
            rounds=rounds,
            batch_seconds=batch,
        )
    finally:
        logger.setLevel(level)
    return Row(n, samples)


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
        "off / untraced",
        "on / untraced",
    ]
    body = [
        [
            row.n,
            us(row.samples.median("untraced")),
            us(row.samples.median("off")),
            us(row.samples.median("on")),
            ratio(row.samples.ratio("off", "untraced"), 1.05),
            ratio(row.samples.ratio("on", "untraced")),
        ]
        for row in rows
    ]
    return table(headers, body)
