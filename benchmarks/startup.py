"""Startup: discovering, importing, validating and registering N extensions.

Each measurement is a fresh interpreter (``_child.py``) whose ``PYTHONPATH``
is a site directory holding N real extension distributions among 300
unrelated ones (modules plus ``.dist-info`` with ``METADATA`` and
``entry_points.txt``, written by the test suite's ``DistFactory``). Variants:

* floor: ``importlib.metadata.entry_points(group=...)`` and ``ep.load()`` of
  each: what any entry-point based loader must do;
* ours: ``nailgun_hooks.load_extensions()`` (strict);
* stevedore cold / warm: ``ExtensionManager(namespace, invoke_on_load=True)``
  with an empty cache directory (the first start after an install) and with
  the cache it left behind (later starts), via ``XDG_CACHE_HOME``;
* pluggy: ``PluginManager.load_setuptools_entrypoints``.

We keep no cache, so our first and later starts are the same code path; the
floor and we are measured with a cold stevedore cache directory each time to
show that nothing of ours reads it.
"""

from __future__ import annotations

import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .harness import Samples, ms, ratio, run_interleaved, table

CHILD = Path(__file__).with_name("_child.py")
NAMESPACE = "nailgun.extensions"
VARIANTS = ("floor", "ours", "stevedore-cold", "stevedore-warm", "pluggy")

EXTENSION = """\
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.types import Cluster, Node, NodeData


class Extension(BaseExtension):
    name = {name!r}
    version = "1.{index}.0"
    description = "Benchmark extension number {index}"

    @hookimpl
    def on_node_update(self, node: Node) -> None:
        pass

    @hookimpl
    def on_cluster_create(self, cluster: Cluster, data: Mapping[str, Any]) -> None:
        pass

    @hookimpl
    def process_deployment_for_node(self, node: Node, node_data: NodeData) -> None:
        node_data.setdefault("{name}", {{}})
"""


def _factory(root: Path) -> Any:
    """The test suite's distribution writer (one implementation, not two)."""
    repo = Path(__file__).resolve().parent.parent
    if str(repo) not in sys.path:
        sys.path.insert(0, str(repo))
    from tests.support.dists import DistFactory

    return DistFactory(root, NAMESPACE)


def build_site(root: Path, extensions: int, unrelated: int) -> Path:
    """A site directory with ``extensions`` Nailgun extensions among
    ``unrelated`` other distributions (some with console scripts or other
    plugins, as real environments have)."""
    root.mkdir(parents=True, exist_ok=True)
    dists = _factory(root)
    for index in range(unrelated):
        groups = ["console_scripts", "pytest11", "flake8.extension", None]
        group = groups[index % len(groups)]
        dists.install(
            f"unrelated-{index:04d}",
            entry_points={f"tool{index}": f"unrelated_{index:04d}:main"}
            if group
            else {},
            namespace=group or "none",
            summary="An unrelated distribution",
        )
    for index in range(extensions):
        name = f"ext{index:04d}"
        module = f"bench_ext_{index:04d}"
        dists.install(
            f"nailgun-ext-{index:04d}",
            entry_points={name: f"{module}:Extension"},
            modules={module: EXTENSION.format(name=name, index=index)},
            summary=f"Benchmark extension {index}",
        )
    compileall.compile_dir(root, quiet=1)  # as pip does at install time
    return root


def run_child(
    variant: str, site: Path | None, cache: Path, namespace: str = NAMESPACE
) -> dict[str, Any]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "PYTHONPATH",
            "PYTHONDONTWRITEBYTECODE",  # installed packages have their .pyc
            "NAILGUN_EXTENSIONS",
            "NAILGUN_EXTENSIONS_DISABLED",
        )
    }
    if site is not None:
        env["PYTHONPATH"] = str(site)
    env["XDG_CACHE_HOME"] = str(cache)
    done = subprocess.run(
        [sys.executable, str(CHILD), variant, namespace],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{variant} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@dataclass
class StartupRow:
    n: int
    samples: Samples
    memory: dict[str, tuple[float, float]]
    phases: dict[str, float]


@contextmanager
def _workspace() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="nailgun-hooks-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def measure_startup(n: int, *, unrelated: int, rounds: int, work: Path) -> StartupRow:
    site = build_site(work / f"site-{n}", n, unrelated)
    warm = work / f"warm-cache-{n}"
    results: dict[str, list[dict[str, Any]]] = {}

    def runner(variant: str) -> Callable[[], float]:
        def run() -> float:
            if variant == "stevedore-warm":
                cache = warm
            else:
                cache = Path(tempfile.mkdtemp(dir=work, prefix="cold-"))
            try:
                result = run_child(variant, site, cache)
            finally:
                if cache != warm:
                    shutil.rmtree(cache, ignore_errors=True)
            if result["count"] != n:
                raise RuntimeError(f"{variant} loaded {result['count']} of {n}")
            results.setdefault(variant, []).append(result)
            return float(result["seconds"])

        return run

    # first run of each: writes __pycache__ and the warm stevedore cache
    for variant in VARIANTS:
        runner(variant)()
    results.clear()
    samples = run_interleaved({v: runner(v) for v in VARIANTS}, rounds=rounds)
    memory = {  # the process's peak RSS, and its growth during the loading call
        v: (
            statistics.median(r["rss_mib"] for r in results[v]),
            statistics.median(r["rss_mib"] - r["rss_before_mib"] for r in results[v]),
        )
        for v in VARIANTS
    }
    ours = results["ours"]
    phases = {
        phase: sorted(r.get(phase, 0.0) / r["seconds"] for r in ours)[len(ours) // 2]
        for phase in ("discover", "validate", "register", "relay")
    }
    return StartupRow(n, samples, memory, phases)


def measure_imports(rounds: int, work: Path) -> Samples:
    cache = work / "import-cache"
    cache.mkdir(exist_ok=True)

    def runner(variant: str) -> Callable[[], float]:
        return lambda: float(run_child(variant, None, cache)["seconds"])

    for variant in IMPORTS:  # writes any missing .pyc first
        runner(variant)()
    return run_interleaved({v: runner(v) for v in IMPORTS}, rounds=rounds)


def run(
    *,
    sizes: Sequence[int] = (1, 10, 100, 1000),
    unrelated: int = 300,
    rounds: int = 41,
    import_rounds: int = 61,
    big_rounds: int | None = 15,
) -> tuple[list[StartupRow], Samples]:
    with _workspace() as work:
        rows = [
            measure_startup(
                n,
                unrelated=unrelated,
                rounds=big_rounds if (big_rounds and n >= 1000) else rounds,
                work=work,
            )
            for n in sizes
        ]
        imports = measure_imports(import_rounds, work)
    return rows, imports


TARGETS = {10: 1.3, 100: 1.3, 1000: 2.0}
IMPORTS = ("import-ours", "import-ours-full", "import-theirs")


def render(rows: Sequence[StartupRow]) -> str:
    headers = [
        "N",
        *[f"{v} ms" for v in VARIANTS],
        "ours / floor",
        "stevedore cold / floor",
        "stevedore warm / floor",
        "pluggy / floor",
    ]
    body = []
    for row in rows:
        s = row.samples
        body.append(
            [
                row.n,
                *[ms(s.median(v)) for v in VARIANTS],
                ratio(s.ratio("ours", "floor"), TARGETS.get(row.n)),
                ratio(s.ratio("stevedore-cold", "floor")),
                ratio(s.ratio("stevedore-warm", "floor")),
                ratio(s.ratio("pluggy", "floor")),
            ]
        )
    return table(headers, body)


def render_details(rows: Sequence[StartupRow]) -> str:
    headers = [
        "N",
        "validation share",
        "discovery+import share",
        "pluggy register share",
        "relay share",
        *[f"{v} peak MiB (growth)" for v in VARIANTS],
    ]
    body = []
    for row in rows:
        p = row.phases
        met = "met" if p["validate"] <= 0.20 else "MISSED"
        share = f"{p['validate']:.1%} (target <= 20%: {met})"
        body.append(
            [
                row.n,
                share,
                f"{p['discover']:.1%}",
                f"{p['register']:.1%}",
                f"{p['relay']:.1%}",
                *[
                    f"{row.memory[v][0]:.1f} (+{row.memory[v][1]:.1f})"
                    for v in VARIANTS
                ],
            ]
        )
    return table(headers, body)


def render_imports(samples: Samples) -> str:
    def row(label: str, variant: str, target: float | None) -> list[str]:
        return [
            label,
            ms(samples.median(variant)),
            ratio(samples.ratio(variant, "import-theirs"), target),
        ]

    return table(
        ["import (fresh process)", "median ms", "vs stevedore + pluggy"],
        [
            row("import nailgun_hooks", "import-ours", 1.0),
            row("... and its loading machinery", "import-ours-full", None),
            row("import stevedore, pluggy", "import-theirs", None),
        ],
    )


# --- what each piece of startup machinery buys ---------------------------------

MACHINERY = {
    "markscan": "the marker scan (implementations.candidate_names)",
    "hints": "the hint short-cut (annotations.simple_hints)",
    "constructor": "the default constructor (instantiation._default_constructor)",
}
KEEP_IF = 0.10
"""A piece stays if it saves at least this share of startup at N = 10 or 100."""


@dataclass
class MachineryRow:
    n: int
    samples: Samples


def measure_machinery(
    sizes: Sequence[int] = (10, 100),
    *,
    unrelated: int = 300,
    rounds: int = 31,
    pieces: Sequence[str] = tuple(MACHINERY),
) -> list[MachineryRow]:
    """ours, and ours without each piece, interleaved in the same rounds."""
    variants = ["floor", "ours", *(f"ours-without-{p}" for p in pieces)]
    rows = []
    with _workspace() as work:
        for n in sizes:
            site = build_site(work / f"site-{n}", n, unrelated)

            def runner(
                variant: str, site: Path = site, n: int = n
            ) -> Callable[[], float]:
                def run() -> float:
                    cache = Path(tempfile.mkdtemp(dir=work, prefix="cold-"))
                    try:
                        result = run_child(variant, site, cache)
                    finally:
                        shutil.rmtree(cache, ignore_errors=True)
                    if result["count"] != n:
                        raise RuntimeError(f"{variant} loaded {result['count']} of {n}")
                    return float(result["seconds"])

                return run

            for variant in variants:  # writes __pycache__ first
                runner(variant)()
            runners = {v: runner(v) for v in variants}
            rows.append(MachineryRow(n, run_interleaved(runners, rounds=rounds)))
    return rows


def render_machinery(rows: Sequence[MachineryRow], pieces: Sequence[str]) -> str:
    """Per piece: startup without it, and the share of that it saves
    (1 - ours / without, the median of per-round ratios)."""
    headers = [
        "piece",
        *[f"N = {row.n}: without ms (ours ms), saves" for row in rows],
        "verdict",
    ]
    body = []
    for piece in pieces:
        cells: list[object] = [MACHINERY[piece]]
        saves = []
        for row in rows:
            s = row.samples
            share = 1 - s.ratio("ours", f"ours-without-{piece}")
            saves.append(share)
            cells.append(
                f"{ms(s.median(f'ours-without-{piece}'))} ({ms(s.median('ours'))}), "
                f"{share:.1%}"
            )
        cells.append("keep" if max(saves) >= KEEP_IF else "remove")
        body.append(cells)
    return table(headers, body)
