"""Registering the sound extensions when pluggy disagrees with the checks.

The checks judge what pluggy would refuse, so registering the sound
extensions normally succeeds at once. When it does not (an extension whose
object answers differently each time it is read), this module finds who
pluggy refuses, alone or next to the others, makes each refusal a problem
naming the extension, and starts over in a manager the failure cannot have
touched: nothing half-registered is ever handed out.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import pluggy

from ..errors import ExtensionValidationError, Problem
from .guard import (
    attempt,
    guarded,
    inspection_failed,
    type_name,
    type_only_problem,
)
from .plugin_manager import NailgunPluginManager
from .records import ExtensionRecord
from .registration import register_in_order

__all__ = ["refused_together", "register_or_refuse"]


def register_or_refuse(
    plugin_manager: NailgunPluginManager,
    extensions: tuple[ExtensionRecord, ...],
    problems: list[Problem],
    strict: bool,
) -> tuple[NailgunPluginManager, tuple[ExtensionRecord, ...]]:
    """Register ``extensions`` into pluggy, in their order; anything pluggy
    still refuses becomes a problem naming the extension (added to
    ``problems``; raised in strict mode), and nothing half-registered is
    ever returned."""
    if _registered(plugin_manager, extensions):
        return plugin_manager, extensions
    # Slow path, only when pluggy disagrees with our validation: find who,
    # then start over in a manager the failure cannot have touched.
    for _ in range(_ATTEMPTS):
        kept, refused = _refused(extensions)
        problems.extend(refused)
        if strict and problems:
            raise ExtensionValidationError(problems)
        fresh = NailgunPluginManager()
        if _registered(fresh, kept):
            return fresh, kept
        extensions = kept  # each passed alone and in turn, yet not together
    problems.extend(
        record.problem(
            "registration-failed",
            "registering it failed, then passed when retried: the extension "
            "object answers differently each time it is read",
            _STABLE_HINT,
        )
        for record in extensions
    )
    if strict:
        raise ExtensionValidationError(problems)
    return NailgunPluginManager(), ()


def _registered(
    plugin_manager: NailgunPluginManager, extensions: tuple[ExtensionRecord, ...]
) -> bool:
    """Whether pluggy took every one of ``extensions``. What it raises
    (pluggy's refusal, an object that raises when read) is a no; a
    ``Warning`` (a deprecation under warnings-as-errors) is raised on, since
    it comes once everything is registered (see :mod:`.deprecation`)."""

    def refused(exc: BaseException) -> bool:
        if isinstance(exc, Warning):
            raise exc
        return False

    return attempt(lambda: _register_in_order(plugin_manager, extensions), refused)


def _register_in_order(
    plugin_manager: NailgunPluginManager, extensions: tuple[ExtensionRecord, ...]
) -> bool:
    register_in_order(plugin_manager, extensions)
    return True


def refused_together(extensions: tuple[ExtensionRecord, ...]) -> list[Problem]:
    """What pluggy refuses of the sound ``extensions``, found by
    registering them into a manager thrown away afterwards."""
    with _quietly():
        taken = attempt(
            lambda: _register_in_order(NailgunPluginManager(), extensions),
            lambda _: False,
        )
    return [] if taken else _refused(extensions)[1]


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """Registering into a manager that is thrown away: its warnings (a
    deprecated hook) are the real registration's to give, once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


_ATTEMPTS = 2
_STABLE_HINT = (
    "an extension object must answer the same each time it is read: make "
    "its hooks plain methods and its attributes plain class attributes"
)


def _refused(
    extensions: tuple[ExtensionRecord, ...],
) -> tuple[tuple[ExtensionRecord, ...], list[Problem]]:
    """The extensions pluggy accepts, and a problem for each it refuses:
    refused alone, or next to the ones before it (an ``__eq__`` claiming
    another extension is :mod:`.assembly`'s to find, before registering)."""
    problems: list[Problem] = []
    alone: list[ExtensionRecord] = []
    for record in extensions:
        refusal = _refusal_alone(record)
        if refusal is None:
            alone.append(record)
        else:
            problems.append(refusal)
    kept = []
    together = NailgunPluginManager()
    for record in alone:
        refusal = _refusal_next_to(together, record)
        if refusal is None:
            kept.append(record)
        else:
            problems.append(refusal)
    return tuple(kept), problems


def _register_quietly(
    plugin_manager: NailgunPluginManager, record: ExtensionRecord
) -> None:
    with _quietly():
        plugin_manager.register_checked(record)


def _refusal_alone(record: ExtensionRecord) -> Problem | None:
    """The problem pluggy's refusal of ``record`` alone is, or None."""

    def refused(exc: BaseException) -> Problem:
        if isinstance(exc, pluggy.PluginValidationError):
            return record.problem("pluggy-rejected", str(exc))
        return _failed(record, exc)

    return attempt(lambda: _register_quietly(NailgunPluginManager(), record), refused)


def _refusal_next_to(
    plugin_manager: NailgunPluginManager, record: ExtensionRecord
) -> Problem | None:
    """The problem pluggy's refusal of ``record`` next to the extensions
    already in ``plugin_manager`` is, or None."""

    def refused(exc: BaseException) -> Problem:  # by type: pluggy's text has reprs
        return record.problem(
            "registration-failed",
            f"pluggy refused it next to the extensions before it "
            f"({type_name(type(exc))}), though it accepts it alone",
            _STABLE_HINT,
        )

    return attempt(lambda: _register_quietly(plugin_manager, record), refused)


def _failed(record: ExtensionRecord, exc: BaseException) -> Problem:
    """:func:`.guard.inspection_failed`, which reads the exception (the
    extension's code too): should that raise as well, a problem of its type."""
    return guarded(
        lambda: inspection_failed(record, exc),
        lambda _: type_only_problem(record, exc),
        lambda _: type_only_problem(record, exc),
    )
