"""Generates the catalogue tables of ``docs/reliability.md`` from
:mod:`tests.reliability.catalogue`, the data the tests assert.

Run ``python -m tests.reliability.render_doc`` after changing the catalogue;
``test_docs.py`` fails while the committed page differs from this output.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.reliability.catalogue import CASES, FATAL, HEALTHY, Case, Expected

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
BEGIN = (
    "<!-- BEGIN generated catalogue: python -m tests.reliability.render_doc; "
    "do not edit by hand -->"
)
END = "<!-- END generated catalogue -->"


def _cell(text: str) -> str:
    """Plain text in a table cell: pipes escaped, newlines shown as ``\\n``."""
    return text.replace("|", "\\|").replace("\n", "\\n")


def _code(text: str) -> str:
    """Text shown verbatim (``<...>``, ``__init__``, ``{module}``) in a cell."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{_cell(text)}{pad}{fence}"


def _problem(expected: Expected) -> str:
    where = [
        f"extension `{_cell(expected.extension)}`"
        if expected.extension is not None
        else f"distribution `{_cell(str(expected.distribution))}`"
    ]
    if expected.hook is not None:
        where.append(f"hook `{expected.hook}`")
    if expected.location is not None:
        where.append(f"at `{_cell(expected.location)}`")
    return (
        f"**{expected.code}** ({', '.join(where)}): {_code(expected.message)}"
        f"<br>*fix:* {_code(expected.hint)}"
    )


def _lenient(case: Case) -> str:
    if not case.loaded:
        return "rejected"
    names = ", ".join(f"`{name}`" for name in case.loaded)
    return f"rejected; {names} still loads"


def catalogue_table() -> str:
    lines = [
        "| # | broken extension | problems reported (strict and lenient) "
        "| lenient mode |",
        "|---|---|---|---|",
    ]
    for number, case in enumerate(CASES, 1):
        problems = "<br><br>".join(_problem(e) for e in case.expected)
        lines.append(
            f"| {number} | {_cell(case.title)} (`{case.slug}`) | {problems} "
            f"| {_lenient(case)} |"
        )
    return "\n".join(lines)


def fatal_table() -> str:
    lines = [
        "| broken extension | module source | what happens |",
        "|---|---|---|",
    ]
    for case in FATAL:
        source = "; ".join(line for line in case.source.splitlines() if line)
        lines.append(
            f"| {_cell(case.title)} (`{case.slug}`) | {_code(source)} "
            f"| {_cell(case.outcome)} |"
        )
    return "\n".join(lines)


def generated() -> str:
    healthy = " and ".join(f"`{name}`" for name in HEALTHY)
    return "\n".join(
        [
            BEGIN,
            "",
            f"{len(CASES)} kinds of broken extension. Each is installed as a real "
            f"distribution next to two healthy extensions ({healthy}). "
            "**Strict mode**: `load_extensions()` raises `ExtensionValidationError` "
            "listing exactly the problems below. **Lenient mode** "
            "(`strict=False`): the same problems are in `manager.problems` and "
            "logged once each at ERROR; the healthy extensions load and receive "
            "every one of the 24 events. Each problem also names the distribution "
            "and the entry point (a line of `entry_points.txt` that declares none "
            "is named by its number). `{module}`, `{ep}` and the like stand for names "
            "each test generates; a location is `file:line` in the extension's "
            "own code.",
            "",
            catalogue_table(),
            "",
            "Not survived in-process (`os._exit` is tested in a subprocess):",
            "",
            fatal_table(),
            "",
            END,
        ]
    )


def render(document: str) -> str:
    """``document`` with its generated section replaced by the current one."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + generated() + document[end:]


def main() -> int:
    DOC.write_text(render(DOC.read_text()))
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
