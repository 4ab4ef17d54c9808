"""One hook implementation as pluggy will see it (found by
:mod:`.recognition`, judged by :mod:`.validation`)."""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["Implementation", "function_location"]


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
    return f"{code.co_filename}:{code.co_firstlineno}"
