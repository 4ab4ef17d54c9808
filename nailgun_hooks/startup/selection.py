"""The allow- and deny-lists: which installed extensions may be imported.

Both lists are read and checked here, by the same code, so the deny-list is
held to the allow-list's standard: a name in either that no installed
extension answers to (a typo, ``a b`` or ``a;b`` written for ``a,b``) is a
problem, never silence. The allow-list fails closed by itself (a misspelled
name loads nothing); the deny-list is made to: an entry that names nothing
installed also leaves out the installed extensions it may mean (the closest
name, and the names written inside an entry that is not one), so a typo
cannot load the extension the operator meant to exclude, in lenient mode
either. Strict mode stops on the problem, as on any.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Set
from dataclasses import dataclass
from typing import TypeAlias

from ..errors import Problem, closest, did_you_mean
from ..markers import DISABLED_ENV, ENABLED_ENV, NAME_PATTERN, list_name

Names: TypeAlias = list[str] | tuple[str, ...] | Set[str]
"""Extension names given to ``load_extensions(enabled=..., disabled=...)``.

Not ``Collection[str]``: a ``str`` is one, and ``disabled="audit"`` would
deny the five names ``a``, ``u``, ``d``, ``i``, ``t``. With this type mypy
rejects a string; :func:`names_argument` rejects it at run time."""

_NAME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def parse_names(value: str | None) -> frozenset[str] | None:
    """A comma-separated list of names (an environment variable's value)."""
    if value is None:
        return None
    return frozenset(list_name(part) for part in value.split(",") if part.strip())


def names_argument(argument: object, parameter: str) -> frozenset[str] | None:
    """``enabled=`` or ``disabled=`` as a set of names; a ``TypeError`` for a
    string (or anything else that is not a collection of strings)."""
    if argument is None:
        return None
    if isinstance(argument, str | bytes) or not isinstance(argument, Collection):
        raise TypeError(
            f"{parameter} must be a list or set of extension names, not "
            f"{type(argument).__name__}: write {parameter}=[{argument!r}]"
            if isinstance(argument, str)
            else f"{parameter} must be a list or set of extension names, not "
            f"{type(argument).__name__}"
        )
    names = list(argument)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(
                f"{parameter} must hold extension names (str), not "
                f"{type(name).__name__}"
            )
    return frozenset(list_name(name) for name in names)


@dataclass(frozen=True)
class Selection:
    """The lists as they apply: who is excluded, and what is wrong with them."""

    enabled: frozenset[str] | None
    disabled: frozenset[str]
    problems: tuple[Problem, ...] = ()

    def excludes(self, name: str) -> bool:
        """Is the extension ``name`` left out (and so never imported)?"""
        return (
            self.enabled is not None and name not in self.enabled
        ) or name in self.disabled


_LISTS = {
    "enabled": ("allow-list", ENABLED_ENV),
    "disabled": ("deny-list", DISABLED_ENV),
}


def select(
    enabled: frozenset[str] | None,
    disabled: frozenset[str],
    installed: Collection[str],
) -> Selection:
    """The lists checked against the installed extensions' names.

    Only valid names are suggested or left out as what an entry may mean: an
    entry point with another name is never imported anyway.
    """
    names = frozenset(installed)
    valid = frozenset(name for name in names if NAME_PATTERN.fullmatch(name))
    problems = []
    meant: set[str] = set()
    for role, listed in (("enabled", enabled or frozenset()), ("disabled", disabled)):
        for entry in sorted(listed - names):
            suspects = _suspects(entry, valid) if role == "disabled" else set()
            problems.append(_unknown(entry, role, valid, suspects))
            meant |= suspects
    return Selection(enabled, disabled | meant, tuple(problems))


def _suspects(entry: str, installed: frozenset[str]) -> set[str]:
    """Installed extensions a deny-list entry naming none may mean."""
    found = set(_NAME_LIKE.findall(entry)) & installed
    nearest = closest(entry, installed)
    if nearest is not None:
        found.add(nearest)
    return found


def _unknown(
    entry: str, role: str, installed: frozenset[str], suspects: set[str]
) -> Problem:
    title, variable = _LISTS[role]
    if NAME_PATTERN.fullmatch(entry):
        code = "not-installed"
        message = f"{entry!r} is {role} but no installed distribution provides it"
    else:
        code = "bad-list-name"
        message = f"{entry!r} in the {title} ({variable}) is not an extension name"
    if suspects:
        left_out = ", ".join(map(repr, sorted(suspects)))
        verb = "is" if len(suspects) == 1 else "are"
        message += f"; {left_out}, which it may mean, {verb} left out too"
    if code == "not-installed":
        hint = did_you_mean(entry, installed) or (
            f"install the extension, or remove {entry!r} from the {title} ({variable})"
        )
    else:
        words = _NAME_LIKE.findall(entry) or ["audit", "backup"]
        hint = f"separate names with commas: {variable}={','.join(words)}"
    return Problem(
        code=code,
        message=message,
        hint=hint,
        extension=entry,
    )
