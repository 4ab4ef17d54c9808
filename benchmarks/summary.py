"""The prose figures and the targets table, computed from one run's rows.

A figure quoted in the README is read from the same rows as the tables
beside it, so the two cannot disagree: ``--write-readme`` writes the
tables, these sentences, this table and the plots from one run.
"""

from __future__ import annotations

from collections.abc import Sequence

from . import dispatch, startup, tracing
from .harness import table


def _x(value: float) -> str:
    return f"{value:.2f}x"


def _rows(rows: Sequence[dispatch.Row], case: str) -> dict[int, dispatch.Row]:
    return {row.n: row for row in rows if row.case == case}


def _verdict(values: Sequence[tuple[str, float]], limit: float) -> str:
    """``**met**: 0.90x (N = 10), 0.95x (N = 100)``, or missed."""
    met = all(value <= limit for _, value in values)
    shown = ", ".join(
        f"{_x(value)} ({label})" if label else _x(value) for label, value in values
    )
    return f"{'**met**' if met else '**missed**'}: {shown}"


def dispatch_targets(
    rows: Sequence[dispatch.Row], traced: Sequence[tracing.Row]
) -> list[list[str]]:
    """One ``[target, result]`` row per dispatch target."""
    found: list[list[str]] = []
    notes = _rows(rows, "notification")
    if 1 in notes:
        value = notes[1].samples.ratio("ours", "loop")
        found.append(
            ["notification, N = 1: <= 1.2x the loop", _verdict([("N = 1", value)], 1.2)]
        )
    big = [(f"N = {n}", notes[n].samples.ratio("ours", "loop")) for n in notes if n > 1]
    if big:
        found.append(["notification, N >= 10: <= 1.0x the loop", _verdict(big, 1.0)])
    first = _rows(rows, "first-result, first answers")
    if first:
        values = [
            (f"N = {n}", r.samples.ratio("ours", "plain")) for n, r in first.items()
        ]
        found.append(
            [
                "first-result, the first answers: <= 2x one plain call",
                _verdict(values, 2.0),
            ]
        )
    wrapped = _rows(rows, "one wrapper")
    if wrapped:
        vs_pluggy = [
            (f"N = {n}", r.samples.ratio("ours", "pluggy")) for n, r in wrapped.items()
        ]
        vs_loop = [
            (f"N = {n}", r.samples.ratio("ours", "loop")) for n, r in wrapped.items()
        ]
        found.append(["one wrapper: <= 1.0x raw pluggy", _verdict(vs_pluggy, 1.0)])
        found.append(["one wrapper: <= 3x the loop", _verdict(vs_loop, 3.0)])
    every = [r.samples.ratio("ours", "pluggy") for r in rows]
    if every:
        worst = max(every)
        verdict = "**met**" if worst <= 1.0 else "**missed**"
        found.append(
            [
                "never slower than raw pluggy, any row",
                f"{verdict}: {_x(min(every))} to {_x(worst)}",
            ]
        )
    if traced:
        on = [(f"N = {r.n}", r.samples.ratio("on", "untraced")) for r in traced]
        off = [(f"N = {r.n}", r.samples.ratio("off", "untraced")) for r in traced]
        found.append(["tracing off: <= 1.05x untraced", _verdict(off, 1.05)])
        found.append(["tracing on, logger quiet: <= 5x untraced", _verdict(on, 5.0)])
        recording = [
            (f"N = {r.n}", r.samples.ratio("recording", "untraced"))
            for r in traced
            if "recording" in r.samples.values
        ]
        if recording:
            found.append(
                ["tracing on, recording: <= 5x untraced", _verdict(recording, 5.0)]
            )
    return found


def startup_targets(rows: Sequence[startup.StartupRow]) -> list[list[str]]:
    """One ``[target, result]`` row per startup target."""
    by_n = {row.n: row for row in rows}
    found: list[list[str]] = []
    limits = {10: 1.3, 100: 1.3, 1000: 1.5}
    for n, limit in limits.items():
        if n in by_n:
            value = by_n[n].samples.ratio("ours", "floor")
            found.append(
                [
                    f"startup, N = {n}: <= {limit}x the floor",
                    _verdict([("", value)], limit),
                ]
            )
    if 100 in by_n:
        s = by_n[100].samples
        theirs = [
            ("pluggy", s.ratio("ours", "pluggy")),
            ("stevedore cold", s.ratio("ours", "stevedore-cold")),
        ]
        found.append(
            ["startup, N = 100: below raw pluggy and stevedore", _verdict(theirs, 1.0)]
        )
    shares = [
        (f"N = {n}", by_n[n].phases["validate"]) for n in (100, 1000) if n in by_n
    ]
    if shares:
        met = all(value <= 0.20 for _, value in shares)
        shown = ", ".join(f"{value:.1%} ({label})" for label, value in shares)
        found.append(
            [
                "validation <= 20% of startup",
                f"{'**met**' if met else '**missed**'}: {shown}",
            ]
        )
    return found


def targets(
    rows: Sequence[dispatch.Row],
    traced: Sequence[tracing.Row],
    start_rows: Sequence[startup.StartupRow],
) -> str:
    """The targets table of the README, from this run."""
    body = dispatch_targets(rows, traced) + startup_targets(start_rows)
    return table(["target (medians, this run)", "result"], body)


def plots_prose(
    rows: Sequence[dispatch.Row], start_rows: Sequence[startup.StartupRow]
) -> str:
    """The figures the plots' captions quote, from this run."""
    parts = []
    notes = _rows(rows, "notification")
    if notes:
        low, high = min(notes), max(notes)
        parts.append(
            "Dispatch: nailgun-hooks' generated caller against the hand-written "
            f"loop, {_us(notes[low], 'ours')} µs vs {_us(notes[low], 'loop')} µs "
            f"at N = {low} and {_us(notes[high], 'ours')} µs vs "
            f"{_us(notes[high], 'loop')} µs at N = {high}; raw pluggy takes "
            f"{_x(1 / notes[high].samples.ratio('ours', 'pluggy'))} our time at "
            f"N = {high}."
        )
    if start_rows:
        ratios = ", ".join(
            f"{_x(row.samples.ratio('ours', 'floor'))} at N = {row.n}"
            for row in start_rows
        )
        parts.append(f"Startup, ours / the floor: {ratios}.")
    return "\n\n".join(parts)


def _us(row: dispatch.Row, variant: str) -> str:
    return f"{row.samples.median(variant) * 1e6:.3g}"
