"""Exceptions, and the one record every detected problem becomes.

A problem is data before it is an exception: lenient mode keeps a list of
them, strict mode raises them all at once, the CLI prints them as text or
JSON. Every field that locates the problem is optional because a load failure
knows its entry point but no hook, and a hook problem knows both.

Every exception the library raises on purpose is defined here, whichever
layer raises it, so that a user finds them all in one place and can catch
any of them as a :class:`NailgunHooksError`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "DatabaseError",
    "ExtensionNotFoundError",
    "ExtensionValidationError",
    "HookCallError",
    "InvalidExtensionError",
    "MigrationError",
    "MigrationsPathError",
    "NailgunHooksError",
    "PolicyError",
    "Problem",
    "VersionTableError",
]


_CONTROLS = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""C0 and C1 controls and DEL; format characters (bidi overrides and
isolates, zero-width joiners, the BOM); lone surrogates (left by
``surrogateescape``, they cannot even be encoded); line and paragraph
separators."""

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object, *, newlines: bool = False) -> str:
    """``str(text)`` with every control character escaped as Python would
    write it (``\\x1b``, ``\\r``, ``\\u202e``); ``newlines=True`` keeps
    ``\\n`` (a traceback's lines) and escapes the rest.

    Names, versions, descriptions, distribution and entry-point names,
    exception messages: all are written by whoever packaged an extension,
    and reach an operator's terminal (``nailgun-hooks list``, ``check``,
    ``demo``) and Nailgun's logs. An ESC there can rewrite the screen or hide
    a line, a CR can overwrite one, a bidi override can make ``evil`` read as
    ``live``, a newline can forge a line of its own. This is the one place
    they are escaped: every text renderer passes such text through it (JSON
    needs nothing: ``json.dumps`` escapes controls itself).
    """
    text = str(text)
    if text.isprintable():
        return text
    return "".join(
        _escape(char)
        if unicodedata.category(char) in _CONTROLS and not (newlines and char == "\n")
        else char
        for char in text
    )


def counted(count: int, noun: str) -> str:
    """``"1 problem"``, ``"2 problems"``: every count in a message reads so."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice ``name`` most likely misspells, if one is close enough."""
    close = difflib.get_close_matches(name, list(choices), n=1)
    return close[0] if close else None


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """``"did you mean 'x'?"`` for the closest choice, or ``""``.

    Every message that suggests a correction words it this way, so the same
    typo gets the same suggestion whether it is in a hook, an argument, an
    extension name or a policy.
    """
    nearest = closest(name, choices)
    return f"did you mean {nearest!r}?" if nearest is not None else ""


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
        """One line naming extension, distribution, hook and location (each
        field is text from the extension: escaped, see :func:`printable`)."""
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
        return printable(", ".join(parts))

    def __str__(self) -> str:
        text = f"[{self.code}] {self.where()}: {printable(self.message)}"
        if self.hint:
            text += f"\n    fix: {printable(self.hint)}"
        return text

    def printable_traceback(self) -> str:
        """The traceback, its own lines kept, other controls escaped."""
        return printable(self.traceback or "", newlines=True)

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


class PolicyError(NailgunHooksError, ValueError):
    """An unknown policy name, or a policy set for an unknown hook."""


class MigrationsPathError(NailgunHooksError):
    """An extension's migrations path cannot be read."""


class DatabaseError(NailgunHooksError):
    """The database URL cannot be used; nothing was migrated."""


class VersionTableError(NailgunHooksError):
    """An extension's env.py configures a version table not its own."""


class MigrationError(NailgunHooksError):
    """Some extensions' migrations failed; the others were upgraded.

    ``failures`` holds a ``MigrationFailure`` per failed extension and
    ``results`` a ``MigrationResult`` per upgraded one (both in
    :mod:`nailgun_hooks.migrations`); they are typed loosely here because
    this module sits below the layer that defines them.
    """

    def __init__(self, failures: Sequence[Any], results: Sequence[Any]) -> None:
        self.failures: tuple[Any, ...] = tuple(failures)
        self.results: tuple[Any, ...] = tuple(results)
        lines = [f"{len(self.failures)} extension migration(s) failed:"]
        lines += [f"  {failure}" for failure in self.failures]
        if self.results:
            lines.append("upgraded meanwhile:")
            lines += [f"  {result}" for result in self.results]
        super().__init__("\n".join(lines))


class InvalidExtensionError(NailgunHooksError, AssertionError):
    """An extension has problems; every one is listed, with how to fix it.

    An ``AssertionError`` too, so that pytest reports a test that raises it
    as a failed assertion, like any other check of the test.
    """

    def __init__(self, subject: str, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [f"{counted(count, 'problem')} in {subject}:"]
        lines += [str(problem) for problem in self.problems]
        super().__init__("\n".join(lines))


class UsageError(NailgunHooksError):
    """The user asked for something that cannot be done; one line explains.

    The command line reports it and exits 2, before anything runs.
    """
