"""Exceptions, and the one record every detected problem becomes.

A problem is data before it is an exception: lenient mode keeps a list of
them, strict mode raises them all at once, the CLI prints them as text or
JSON. Every field that locates the problem is optional because a load failure
knows its entry point but no hook, and a hook problem knows both.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import asdict, dataclass

__all__ = [
    "ExtensionNotFoundError",
    "ExtensionValidationError",
    "HookCallError",
    "NailgunHooksError",
    "Problem",
    "counted",
    "did_you_mean",
]


def counted(count: int, noun: str) -> str:
    """``"1 problem"``, ``"2 problems"``: every count in a message reads so."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``"did you mean 'x'?"`` for the closest choice, or ``""``.

    Every message that suggests a correction words it this way, so the same
    typo gets the same suggestion whether it is in a hook, an argument, an
    extension name or a policy.
    """
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Problem:
    """Something wrong with an installed extension, and how to fix it."""

    code: str
    """Stable identifier of the kind of problem, e.g. ``unknown-hook``."""
    message: str
    """What is wrong."""
    hint: str = ""
    """How to fix it."""
    extension: str | None = None
    distribution: str | None = None
    entry_point: str | None = None
    hook: str | None = None
    location: str | None = None
    """``file:line`` of the offending definition, when there is one."""
    traceback: str | None = None

    def where(self) -> str:
        """One line naming extension, distribution, hook and location."""
        parts = []
        if self.extension is not None:
            parts.append(f"extension {self.extension!r}")
        if self.distribution is not None:
            parts.append(f"distribution {self.distribution!r}")
        if self.entry_point is not None:
            parts.append(f"entry point {self.entry_point!r}")
        if self.hook is not None:
            parts.append(f"hook {self.hook!r}")
        if self.location is not None:
            parts.append(f"at {self.location}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"[{self.code}] {self.where()}: {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


class NailgunHooksError(Exception):
    """Base class of every error nailgun-hooks raises on purpose."""


class ExtensionValidationError(NailgunHooksError):
    """Startup found problems with installed extensions (strict mode).

    Carries every problem found, not just the first, so one restart shows
    everything an operator has to fix.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{counted(count, 'problem')} with Nailgun extensions:"]
        lines.extend(str(problem) for problem in self.problems)
        super().__init__("\n".join(lines))


class ExtensionNotFoundError(NailgunHooksError, LookupError):
    """A name refers to no loaded extension (Nailgun's CannotFindExtension)."""


class HookCallError(NailgunHooksError, TypeError):
    """A hook was called with a missing or an unknown keyword argument."""


class UsageError(Exception):
    """The user asked for something that cannot be done; one line explains.

    The command line reports it and exits 2, before anything runs.
    """
