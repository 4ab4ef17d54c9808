"""``python -m benchmarks``: run every benchmark and print the tables.

python -m benchmarks                  # everything (about 5 minutes)
python -m benchmarks --only dispatch  # or startup, imports, machinery
python -m benchmarks --write-readme   # also replace the tables in README.md
python -m benchmarks --profile 1000   # cProfile of load_extensions()
python -m benchmarks --smoke          # tiny sizes: checks the harness works
python -m benchmarks --plot DIR       # also draw dispatch.png, startup.png in DIR
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import dispatch, plot, record, startup, summary, tracing
from .harness import machine, table

README = Path(__file__).with_name("README.md")


def _machine_table() -> str:
    info = machine()
    return table(
        ["nproc", "CPU", "Python", "platform"],
        [[info["nproc"], info["cpu"], info["python"], info["platform"]]],
    )


def profile(n: int) -> str:
    """The top of a cProfile of ``load_extensions()`` over ``n`` extensions
    among 300 unrelated distributions, in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="nailgun-hooks-profile-") as work:
        site = startup.build_site(Path(work) / "site", n, 300)
        script = (
            "import cProfile, pstats, importlib.metadata, stevedore, pluggy\n"
            "import nailgun_hooks\n"
            "profiler = cProfile.Profile()\n"
            "manager = profiler.runcall(nailgun_hooks.load_extensions)\n"
            "print(len(manager), 'extensions loaded')\n"
            "pstats.Stats(profiler).sort_stats('tottime').print_stats(30)\n"
        )
        env = {**os.environ, "PYTHONPATH": str(site)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([sys.executable, "-c", script], env=env, check=True)  # warm
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument(
        "--only",
        choices=["dispatch", "startup", "imports", "machinery"],
        action="append",
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, few rounds")
    parser.add_argument("--write-readme", action="store_true")
    parser.add_argument("--profile", type=int, metavar="N")
    parser.add_argument(
        "--plot",
        type=Path,
        metavar="DIR",
        help="draw the dispatch and startup numbers against N into DIR "
        "(needs matplotlib: the 'plot' extra)",
    )
    args = parser.parse_args(argv)
    if args.plot and not plot.available():
        parser.error(plot.INSTALL_HINT)  # before minutes of measuring
    if args.profile:
        print(profile(args.profile))
        return 0
    parts = set(args.only or ["dispatch", "startup", "imports", "machinery"])
    started = time.perf_counter()
    sections = [f"### Machine\n\n{_machine_table()}"]
    rows: list[dispatch.Row] = []
    traced: list[tracing.Row] = []
    start_rows: list[startup.StartupRow] = []
    unrelated = 5 if args.smoke else 300
    print(sections[0], flush=True)
    if "dispatch" in parts:
        rows = (
            dispatch.run(sizes=(1, 3), rounds=3, batch=0.0005)
            if args.smoke
            else dispatch.run()
        )
        sections.append(
            "### Dispatch: µs per call, medians; ratios are medians of "
            f"per-round ratios\n\n{dispatch.render(rows)}"
        )
        print("\n" + sections[-1], flush=True)
        traced = (
            tracing.run(sizes=(1, 3), rounds=3, batch=0.0005)
            if args.smoke
            else tracing.run()
        )
        sections.append(
            "### Tracing: µs per call of a notification, medians; ratios are "
            f"medians of per-round ratios\n\n{tracing.render(traced)}"
        )
        print("\n" + sections[-1], flush=True)
    if parts & {"startup", "imports"}:
        if args.smoke:
            start_rows, imports = startup.run(
                sizes=(1, 2) if "startup" in parts else (),
                unrelated=unrelated,
                rounds=2,
                big_rounds=None,
                import_rounds=2,
            )
        else:
            start_rows, imports = startup.run(
                sizes=(1, 10, 100, 1000) if "startup" in parts else (),
                unrelated=unrelated,
            )
        if "startup" in parts:
            sections.append(
                "### Startup: ms in a fresh process, medians\n\n"
                f"{startup.render(start_rows)}\n\n"
                "Where our time goes (shares of ours), and peak RSS of the "
                "process (MiB, median; in brackets: growth during the loading "
                "call)"
                f"\n\n{startup.render_details(start_rows)}"
            )
            print("\n" + sections[-1], flush=True)
        if "imports" in parts:
            sections.append(f"### Import cost\n\n{startup.render_imports(imports)}")
            print("\n" + sections[-1], flush=True)
    if "machinery" in parts:
        pieces = tuple(startup.MACHINERY)
        rows_m = (
            startup.measure_machinery((2,), unrelated=5, rounds=2)
            if args.smoke
            else startup.measure_machinery()
        )
        sections.append(
            "### Startup machinery: what each piece saves (same run, medians)\n\n"
            f"{startup.render_machinery(rows_m, pieces)}"
        )
        print("\n" + sections[-1], flush=True)
    elapsed = time.perf_counter() - started
    run = record.Run(
        machine=sections[0],
        dispatch=rows,
        tracing=traced,
        startup=start_rows,
        sections={section.split("\n", 1)[0]: section for section in sections},
    )
    print(
        "\n### Targets (this run)\n\n" + summary.targets(rows, traced, start_rows),
        flush=True,
    )
    plot_dir = args.plot
    if args.write_readme and rows and start_rows and plot.available():
        plot_dir = README.parent  # the README's pictures: the same run
    if plot_dir:
        for path in plot.write_plots(
            plot_dir,
            dispatch=rows,
            startup=start_rows,
            machine=machine(),
            unrelated=unrelated,
        ):
            print(f"wrote {path}")
    print(f"\n(ran in {elapsed:.0f} s)")
    if args.write_readme:
        record.save(run)
        README.write_text(record.write_readme(README, run), encoding="utf-8")
        print(f"wrote the tables, targets and figures into {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
