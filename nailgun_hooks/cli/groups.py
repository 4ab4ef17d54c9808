"""Entry-point groups one typo away from the one read.

An extension packaged under ``nailgun_extensions`` or ``nailgun.extension``
is installed and never loaded: nothing reads that group, so ``check`` would
say all is well. Every command that reads a group asks here: extensions in
a group one edit away are a problem (``misspelled-group``) naming their
distribution and the group to use, and a ``--namespace`` with nothing in it
but a near group with extensions is a usage error saying "did you mean".
Only metadata is read; nothing is imported.
"""

from __future__ import annotations

import importlib.metadata
from collections import Counter

from ..errors import Problem, UsageError
from ..markers import NAMESPACE

__all__ = ["check_namespace", "misspelled_groups", "near_groups"]


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            skip = 1 if len(a) == len(b) else 0
            return a[index + skip :] == b[index + 1 :]
    return True


def _groups() -> dict[str, Counter[str]]:
    """Each entry-point group installed: how many entry points each
    distribution puts in it."""
    found: dict[str, Counter[str]] = {}
    for dist in importlib.metadata.distributions():
        try:
            name = dist.metadata["Name"] or "?"
            for entry_point in dist.entry_points:
                found.setdefault(entry_point.group, Counter())[name] += 1
        except Exception:  # a broken distribution: startup reports it
            continue
    return found


def near_groups(namespace: str) -> dict[str, Counter[str]]:
    """The groups one edit away from ``namespace`` that hold entry points."""
    return {
        group: counts
        for group, counts in _groups().items()
        if _one_edit(group, namespace)
    }


def misspelled_groups(namespace: str) -> list[Problem]:
    """A problem per distribution whose extensions are in a group one typo
    away from ``namespace``: installed, never read."""
    return [
        Problem(
            code="misspelled-group",
            message=(
                f"{count} entry point(s) are in the group {group!r}, which is "
                f"never read: did you mean {namespace!r}?"
            ),
            hint=f"declare them in the entry-point group {namespace!r}",
            distribution=distribution,
        )
        for group, counts in sorted(near_groups(namespace).items())
        for distribution, count in sorted(counts.items())
    ]


def check_namespace(namespace: str) -> None:
    """A ``--namespace`` that holds nothing while a group one typo away
    does is a usage error, with the group it most likely means."""
    if namespace == NAMESPACE or namespace in _groups():
        return
    near = sorted(near_groups(namespace))
    if near:
        raise UsageError(
            f"--namespace {namespace}: no entry point is installed in this "
            f"group; did you mean {near[0]!r}?"
        )
