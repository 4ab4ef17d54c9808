"""The benchmark suite still runs (tiny sizes; the numbers are not checked)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """One run of every benchmark at tiny sizes, plotting too when it can:
    what it printed, and where the plots went."""
    plots = tmp_path_factory.mktemp("plots")
    plotting = ["--plot", str(plots)] if importlib.util.find_spec("matplotlib") else []
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", *plotting],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, plots


def test_benchmark_harness_runs_end_to_end(smoke_run: tuple[str, Path]) -> None:
    out, _ = smoke_run
    for heading in (
        "### Machine",
        "### Dispatch",
        "### Tracing",
        "### Startup",
        "### Import cost",
    ):
        assert heading in out
    for row in (
        "| notification ",
        "| first-result, first answers ",
        "| one wrapper ",
        "| policy 'collect' ",
        "| import nailgun_hooks ",
    ):
        assert row in out
    startup = out.split("### Startup")[1].split("###")[0]
    assert "| 1 " in startup and "| 2 " in startup  # one row per size


def test_plot_draws_dispatch_and_startup_from_the_runs_rows(
    smoke_run: tuple[str, Path],
) -> None:
    pytest.importorskip("matplotlib")
    out, plots = smoke_run
    for name in ("dispatch.png", "startup.png"):
        assert f"wrote {plots / name}" in out
        assert (plots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_series_are_the_tables_medians() -> None:
    """The plots draw the very numbers of the tables: medians per variant."""
    from benchmarks import dispatch, plot

    rows = dispatch.run(sizes=(1, 2), rounds=3, batch=0.0002)
    series = plot.dispatch_series(rows)
    assert set(series) == set(plot.DISPATCH_LINES)
    notification = [row for row in rows if row.case == "notification"]
    assert [n for n, _ in series["ours"]] == [1, 2]
    for row, (n, value) in zip(notification, series["stevedore"], strict=True):
        assert n == row.n
        assert value == row.samples.median("stevedore") * 1e6


def test_the_readme_is_the_recorded_run() -> None:
    """Every generated part of the README (tables, targets, the figures the
    plots' captions quote) renders again from the run kept beside it."""
    from benchmarks import record

    readme = REPO / "benchmarks" / "README.md"
    run = record.load()
    assert record.write_readme(readme, run) == readme.read_text(encoding="utf-8")
    parts = record.parts_of(readme.read_text(encoding="utf-8"))
    assert all(parts.values())
    assert run.machine in parts["results"]


def test_targets_are_judged_from_the_rows() -> None:
    from benchmarks import dispatch, summary
    from benchmarks.harness import Samples

    def row(case: str, n: int, **values: list[float]) -> dispatch.Row:
        return dispatch.Row(case, n, Samples("s/call", dict(values)), "loop", None)

    rows = [
        row("notification", 1, ours=[1.1, 1.1], loop=[1.0, 1.0], pluggy=[9.0, 9.0]),
        row("notification", 10, ours=[2.0, 2.2], loop=[2.0, 2.0], pluggy=[9.0, 9.0]),
        row("one wrapper", 10, ours=[4.0, 4.0], loop=[1.0, 1.0], pluggy=[5.0, 5.0]),
    ]
    table = dict(summary.dispatch_targets(rows, []))
    assert table["notification, N = 1: <= 1.2x the loop"] == "**met**: 1.10x (N = 1)"
    assert table["notification, N >= 10: <= 1.0x the loop"] == (
        "**missed**: 1.05x (N = 10)"
    )
    assert table["one wrapper: <= 1.0x raw pluggy"] == "**met**: 0.80x (N = 10)"
    assert table["one wrapper: <= 3x the loop"] == "**missed**: 4.00x (N = 10)"
    assert table["never slower than raw pluggy, any row"] == "**met**: 0.12x to 0.80x"
