"""``python -m benchmarks --plot DIR``: the tables' numbers as two pictures.

Both plots are drawn from the rows the run has just measured (nothing is
measured again, nor differently): time against the number of extensions,
both axes logarithmic, one line per way of doing the same work.

* ``dispatch.png``: µs per notification (``on_node_update``) fired at N
  implementations: nailgun-hooks, raw pluggy, raw stevedore, the hand-written
  loop;
* ``startup.png``: ms to discover, import and register N installed extensions
  in a fresh process: nailgun-hooks, raw pluggy, raw stevedore (cold and warm
  cache) and the floor, the hand-written ``entry_points()`` + ``load()`` loop.

matplotlib is an optional extra (``pip install -e '.[plot]'``); it draws with
the ``Agg`` backend, so no display is needed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .dispatch import Row
from .startup import StartupRow

INSTALL_HINT = "matplotlib is not installed: pip install -e '.[plot]'"

DISPATCH_CASE = "notification"
DISPATCH_LINES = {
    "ours": "nailgun-hooks",
    "pluggy": "raw pluggy",
    "stevedore": "raw stevedore (map_method)",
    "loop": "hand-written loop",
}
STARTUP_LINES = {
    "ours": "nailgun-hooks (strict validation)",
    "pluggy": "raw pluggy (load_setuptools_entrypoints)",
    "stevedore-cold": "raw stevedore, cold cache",
    "stevedore-warm": "raw stevedore, warm cache",
    "floor": "hand-written: entry_points() + load()",
}
STYLES = {
    "ours": {"color": "C0", "marker": "o", "linewidth": 2.5},
    "pluggy": {"color": "C1", "marker": "s"},
    "stevedore": {"color": "C2", "marker": "^"},
    "stevedore-cold": {"color": "C2", "marker": "^"},
    "stevedore-warm": {"color": "C2", "marker": "v", "linestyle": "--"},
    "loop": {"color": "C7", "marker": "x", "linestyle": ":"},
    "floor": {"color": "C7", "marker": "x", "linestyle": ":"},
}


def available() -> bool:
    return importlib.util.find_spec("matplotlib") is not None


def _figure(
    title: str,
    ylabel: str,
    series: Mapping[str, Sequence[tuple[int, float]]],
    labels: Mapping[str, str],
    path: Path,
    note: str,
) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot, ticker

    figure, axes = pyplot.subplots(figsize=(7.5, 4.8), dpi=100)
    sizes: set[int] = set()
    for variant, label in labels.items():
        points = sorted(series.get(variant, ()))
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, label=label, **STYLES[variant])
            sizes.update(xs)
    axes.set_xscale("log")
    axes.set_yscale("log")
    # Plain numbers, and the x ticks where something was measured.
    plain = ticker.FuncFormatter(lambda value, _: f"{value:g}")
    axes.set_xticks(sorted(sizes))
    axes.xaxis.set_major_formatter(plain)
    axes.xaxis.set_minor_locator(ticker.NullLocator())
    axes.yaxis.set_major_formatter(plain)
    axes.yaxis.set_minor_formatter(plain)
    axes.tick_params(axis="y", which="minor", labelsize="x-small")
    low, high = axes.get_ylim()
    if high / low > 10:  # decades are labelled: minor labels would crowd
        axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.set_xlabel("extensions (N)")
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize="small")
    figure.text(0.01, 0.01, note, fontsize="x-small", color="0.4")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    figure.savefig(path)
    pyplot.close(figure)
    return path


def dispatch_series(rows: Sequence[Row]) -> dict[str, list[tuple[int, float]]]:
    """µs per call (median) of each variant of the notification rows, by N."""
    series: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        if row.case != DISPATCH_CASE:
            continue
        for variant in row.samples.values:
            series.setdefault(variant, []).append(
                (row.n, row.samples.median(variant) * 1e6)
            )
    return series


def startup_series(rows: Sequence[StartupRow]) -> dict[str, list[tuple[int, float]]]:
    """ms to load (median) of each variant, by N."""
    series: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        for variant in row.samples.values:
            series.setdefault(variant, []).append(
                (row.n, row.samples.median(variant) * 1e3)
            )
    return series


def write_plots(
    out: Path,
    *,
    dispatch: Sequence[Row] = (),
    startup: Sequence[StartupRow] = (),
    machine: Mapping[str, Any] | None = None,
    unrelated: int | None = None,
) -> list[Path]:
    """Draw the plots of the parts that were run into ``out``; their paths."""
    out.mkdir(parents=True, exist_ok=True)
    info = machine or {}
    note = " · ".join(
        str(info[key]) for key in ("python", "cpu", "nproc") if key in info
    )
    written = []
    if dispatch:
        written.append(
            _figure(
                "Firing one notification at N implementations",
                "µs per call (median)",
                dispatch_series(dispatch),
                DISPATCH_LINES,
                out / "dispatch.png",
                f"python -m benchmarks · {note}",
            )
        )
    if startup:
        written.append(
            _figure(
                "Loading N installed extensions (fresh process)",
                "ms (median)",
                startup_series(startup),
                STARTUP_LINES,
                out / "startup.png",
                f"python -m benchmarks · {note} · among {unrelated} unrelated "
                "distributions",
            )
        )
    return written
