"""The benchmark suite still runs (tiny sizes; the numbers are not checked)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_benchmark_harness_runs_end_to_end() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
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
        "| one wrapper (pluggy's loop) ",
        "| policy 'collect' ",
        "| import nailgun_hooks ",
    ):
        assert row in out
    startup = out.split("### Startup")[1].split("###")[0]
    assert "| 1 " in startup and "| 2 " in startup  # one row per size
