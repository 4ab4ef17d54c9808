"""The run the README was written from, kept beside it as JSON.

Every table, figure and verdict of ``README.md`` between its generated
markers is rendered from these rows; a test renders them again from the
file and compares, so a hand edit or a figure from another run fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import dispatch, startup, summary, tracing
from .harness import Samples

RESULTS = Path(__file__).with_name("results.json")


@dataclass
class Run:
    """What one ``python -m benchmarks`` measured."""

    machine: str = ""
    dispatch: list[dispatch.Row] = field(default_factory=list)
    tracing: list[tracing.Row] = field(default_factory=list)
    startup: list[startup.StartupRow] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    """The rendered tables, by heading, as printed."""


def _samples(data: dict[str, Any]) -> Samples:
    return Samples(unit=data["unit"], values=data["values"])


def save(run: Run, path: Path = RESULTS) -> None:
    data = {
        "machine": run.machine,
        "dispatch": [
            {
                "case": r.case,
                "n": r.n,
                "samples": vars(r.samples),
                "baseline": r.baseline,
                "target": r.target,
            }
            for r in run.dispatch
        ],
        "tracing": [{"n": r.n, "samples": vars(r.samples)} for r in run.tracing],
        "startup": [
            {
                "n": r.n,
                "samples": vars(r.samples),
                "memory": r.memory,
                "phases": r.phases,
            }
            for r in run.startup
        ],
        "sections": run.sections,
    }
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def load(path: Path = RESULTS) -> Run:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Run(
        machine=data["machine"],
        dispatch=[
            dispatch.Row(
                r["case"], r["n"], _samples(r["samples"]), r["baseline"], r["target"]
            )
            for r in data["dispatch"]
        ],
        tracing=[tracing.Row(r["n"], _samples(r["samples"])) for r in data["tracing"]],
        startup=[
            startup.StartupRow(
                r["n"],
                _samples(r["samples"]),
                {k: (v[0], v[1]) for k, v in r["memory"].items()},
                r["phases"],
            )
            for r in data["startup"]
        ],
        sections=data["sections"],
    )


MARKERS = {
    "results": ("<!-- results:start -->", "<!-- results:end -->"),
    "targets": ("<!-- targets:start -->", "<!-- targets:end -->"),
    "plots": ("<!-- plots:start -->", "<!-- plots:end -->"),
}


def generated(run: Run) -> dict[str, str]:
    """The README's generated parts, by marker name."""
    return {
        "results": "\n\n".join(run.sections.values()),
        "targets": summary.targets(run.dispatch, run.tracing, run.startup),
        "plots": summary.plots_prose(run.dispatch, run.startup),
    }


def write_readme(readme: Path, run: Run) -> str:
    """``readme``'s text with each generated part replaced."""
    text = readme.read_text(encoding="utf-8")
    for name, body in generated(run).items():
        start, end = MARKERS[name]
        head, found, rest = text.partition(start)
        if not found:
            raise ValueError(f"{readme} has no {start}")
        _, _, tail = rest.partition(end)
        text = f"{head}{start}\n\n{body}\n\n{end}{tail}"
    return text


def parts_of(text: str) -> dict[str, str]:
    """The generated parts as they stand in a README's text."""
    found = {}
    for name, (start, end) in MARKERS.items():
        found[name] = text.partition(start)[2].partition(end)[0].strip()
    return found
