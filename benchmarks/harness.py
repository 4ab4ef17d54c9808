"""Side-by-side timing: interleaved rounds, medians, paired ratios.

These machines are small and shared, so one variant measured after another
would pick up whatever else the machine did in between. Every round times
every variant once, in a shuffled order, and a ratio is the median of the
per-round ratios: a slow round slows both sides of it.
"""

from __future__ import annotations

import gc
import platform
import random
import statistics
import subprocess
import sys
import timeit
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Samples:
    """Per-round measurements of several variants (same rounds, same order)."""

    unit: str
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, variant: str, value: float) -> None:
        self.values.setdefault(variant, []).append(value)

    def median(self, variant: str) -> float:
        return statistics.median(self.values[variant])

    def ratio(self, variant: str, baseline: str) -> float:
        """Median over rounds of ``variant / baseline`` within each round."""
        pairs = zip(self.values[variant], self.values[baseline], strict=True)
        return statistics.median(a / b for a, b in pairs)


def time_calls(
    variants: Mapping[str, tuple[str, dict[str, Any]]],
    *,
    rounds: int,
    batch_seconds: float,
    seed: int = 0,
) -> Samples:
    """Seconds per call of each ``(statement, globals)``, ``rounds`` times.

    Each variant runs in batches sized to take about ``batch_seconds``
    (``timeit``'s loop, garbage collection off), so the loop's own cost is
    the same few nanoseconds for every variant.
    """
    timers = {
        name: timeit.Timer(statement, globals=namespace)
        for name, (statement, namespace) in variants.items()
    }
    numbers = {}
    for name, timer in timers.items():
        timer.timeit(number=50)  # warm up: first calls build callers and caches
        elapsed = min(timer.repeat(repeat=3, number=200))
        numbers[name] = max(1, int(200 * batch_seconds / max(elapsed, 1e-9)))
    samples = Samples(unit="s/call")
    order = list(timers)
    shuffle = random.Random(seed).shuffle
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            samples.add(name, timers[name].timeit(numbers[name]) / numbers[name])
    return samples


def run_interleaved(
    runners: Mapping[str, Callable[[], float]], *, rounds: int, seed: int = 0
) -> Samples:
    """Like :func:`time_calls` for things that measure themselves (a fresh
    process per run)."""
    samples = Samples(unit="s")
    order = list(runners)
    shuffle = random.Random(seed).shuffle
    for _ in range(rounds):
        shuffle(order)
        for name in order:
            gc.collect()
            samples.add(name, runners[name]())
    return samples


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        nproc = subprocess.run(
            ["nproc"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        nproc = "?"
    return {
        "nproc": nproc,
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "platform": platform.platform(),
    }


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, readable as plain text too."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        padded = (c.ljust(w) for c, w in zip(row, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def us(seconds: float) -> str:
    """Microseconds, 3 significant digits."""
    value = seconds * 1e6
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


def ms(seconds: float) -> str:
    value = seconds * 1e3
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


def ratio(value: float, target: float | None = None) -> str:
    """``1.23x``, with the target (an upper bound) and whether it is met."""
    text = f"{value:.2f}x"
    if target is not None:
        text += f" (target <= {target:g}x: {'met' if value <= target else 'MISSED'})"
    return text
