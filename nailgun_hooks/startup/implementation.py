"""One hook implementation as pluggy will see it (found by
:mod:`.recognition`, judged by :mod:`.validation`)."""

from __future__ import annotations

import inspect
import linecache
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Implementation", "def_line", "def_location", "function_location"]

DECORATOR_LINES = 50
"""How far below its first decorator a ``def`` is looked for."""


@dataclass(frozen=True)
class Implementation:
    """One hook implementation as pluggy will see it."""

    attribute: str
    hook: str
    function: Callable[..., object]
    """What pluggy binds for the attribute, and calls."""
    opts: Mapping[str, object]

    @property
    def location(self) -> str | None:
        return function_location(self.function)


def function_location(function: object) -> str | None:
    """``file:line`` of the code that runs, behind any decorator, or None."""
    try:
        inner = inspect.unwrap(getattr(function, "__func__", function))  # type: ignore[arg-type]
        code = getattr(inner, "__code__", None)
    except Exception:  # an unwrap cycle, a hostile __wrapped__
        return None
    if not isinstance(code, types.CodeType):
        return None
    return def_location(code.co_filename, code.co_firstlineno)


def def_line(filename: str, first_line: int) -> int:
    """The line of the ``def`` itself: a decorated function's code starts
    at its first decorator, but a person looks for the ``def``. The source
    is read through ``linecache`` (no import); unreadable, the first line
    stands."""
    for line in range(first_line, first_line + DECORATOR_LINES):
        text = linecache.getline(filename, line).lstrip()
        if not text:
            break
        if text.startswith(("def ", "async def ")):
            return line
    return first_line


def def_location(filename: str, first_line: int) -> str:
    """``file:line`` of the ``def`` (:func:`def_line`)."""
    return f"{filename}:{def_line(filename, first_line)}"
