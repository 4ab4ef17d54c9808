"""What a hook call does when an implementation raises.

Nailgun's own rule is ``propagate``: the first exception aborts the operation
that fired the event (that is how an extension vetoes). ``collect`` is for
events where every extension must hear about the event even if one of them
fails, e.g. cleanup after a cluster is deleted: every implementation is called
and the failures come out together as one ``ExceptionGroup``.

Either way the exception an extension raised reaches the caller unchanged,
with a PEP 678 note naming the extension, its distribution and the hook. Notes
name things, never the values of the hook's arguments: those come from
deployment data and may hold credentials.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Literal, get_args

from ..errors import PolicyError, counted

if sys.version_info >= (3, 11):
    _ExceptionGroup = ExceptionGroup  # noqa: F821 - a builtin since 3.11
else:  # pragma: no cover - exercised by the Python 3.10 CI job
    from exceptiongroup import ExceptionGroup as _ExceptionGroup

Policy = Literal["propagate", "collect"]
"""``propagate``: the first exception propagates (Nailgun's rule, the default).
``collect``: every implementation is called, failures are raised together."""

POLICIES: tuple[Policy, ...] = get_args(Policy)
DEFAULT_POLICY: Policy = "propagate"


def check_policy(value: object) -> Policy:
    """``value`` if it names a policy; a :class:`PolicyError` saying which
    names exist otherwise."""
    if value == "propagate":
        return "propagate"
    if value == "collect":
        return "collect"
    raise PolicyError(
        f"unknown hook-call policy {value!r}; use one of "
        f"{', '.join(map(repr, POLICIES))}"
    )


def attribution(hook: str, extension: str | None, distribution: str | None) -> str:
    """The note an exception raised by an implementation carries."""
    if extension is None:
        return f"raised while calling hook {hook!r} (not inside an extension)"
    where = f"distribution {distribution!r}" if distribution else "no distribution"
    return f"raised by extension {extension!r} ({where}) in hook {hook!r}"


def add_note(exc: BaseException, note: str) -> None:
    """``exc.add_note(note)``, also on Python 3.10, never twice, and never at
    the cost of the exception itself.

    The same exception can travel through a hook twice (an implementation
    that fires another hook, a wrapper that re-raises): one note per place is
    enough. The exception's class is the extension's own: a dict-backed
    ``__getattr__`` raising ``KeyError('__notes__')``, a raising
    ``__setattr__`` (a frozen dataclass), a read-only or raising ``__notes__``
    property, notes whose ``==`` raises. Whatever reading or writing
    ``__notes__`` raises is dropped with the note: the caller must get the
    extension's exception, not one raised while labelling it.
    """
    try:
        notes = getattr(exc, "__notes__", None)
        if notes is None:
            setattr(exc, "__notes__", [note])  # noqa: B010 - what add_note does
        elif type(notes) is list and note not in notes:
            notes.append(note)
    except KeyboardInterrupt:  # an operator's Ctrl-C arriving meanwhile
        raise
    except BaseException:  # the note is a courtesy: drop it
        pass


def has_any_note(exc: BaseException, notes: AbstractSet[str]) -> bool:
    """Whether ``exc`` already carries one of ``notes``, read as carefully
    as :func:`add_note` writes: what reading ``__notes__`` raises means no."""
    try:
        current = getattr(exc, "__notes__", None)
        return type(current) is list and any(
            type(note) is str and note in notes for note in current
        )
    except KeyboardInterrupt:  # an operator's Ctrl-C arriving meanwhile
        raise
    except BaseException:
        return False


def failure_group(hook: str, errors: Sequence[Exception]) -> Exception:
    """The ``ExceptionGroup`` a ``collect`` call raises: one member per
    failed implementation, each carrying its note."""
    count = len(errors)
    return _ExceptionGroup(
        f"{counted(count, 'implementation')} of hook {hook!r} "
        "raised (policy 'collect': every implementation was called)",
        list(errors),
    )
