"""How generated Python is laid out: the way ``ruff format`` lays it out.

Both the docs' hook reference and ``calls/hookcalls.py`` are Python that
readers (and a formatter check) see, so both wrap the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["LINE_LENGTH", "wrap_call"]

LINE_LENGTH = 88
"""The project's line length."""


def wrap_call(
    head: str, items: Sequence[str], tail: str, *, indent: str = ""
) -> list[str]:
    """``head(items)tail`` within the line length, as lines: on one line if
    it fits, else the items on one line of their own, else one item a line
    with a trailing comma."""
    line = f"{indent}{head}({', '.join(items)}){tail}"
    if len(line) <= LINE_LENGTH:
        return [line]
    inner = f"{indent}    {', '.join(items)}"
    if len(inner) <= LINE_LENGTH:
        return [f"{indent}{head}(", inner, f"{indent}){tail}"]
    return [
        f"{indent}{head}(",
        *(f"{indent}    {item}," for item in items),
        f"{indent}){tail}",
    ]
