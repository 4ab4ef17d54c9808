"""Implementations of deprecated hooks: found at startup, warned about by name.

A deprecated event is declared with ``@event(deprecated="...")``, which gives
its pluggy spec ``warn_on_impl``: pluggy's ``register`` then warns, with a
``DeprecationWarning`` located at the implementation's file and line. That
warning's text is the spec's, the same for every extension, so registration
here catches it (:func:`naming_extensions`) and issues it again naming the
extension, where it implements the hook and what replaces it. Validation
finds the same implementations (:func:`check_deprecated_hooks`) so that
``nailgun-hooks list`` and ``check`` show them, and the loader logs them: a
``DeprecationWarning`` is hidden by Python's default filters.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pluggy

from ..errors import Problem
from ..spec.catalogue import specs
from .locations import def_line, def_location

if TYPE_CHECKING:
    from .records import Description, ExtensionRecord, Implementation

__all__ = ["check_deprecated_hooks", "naming_extensions"]


def check_deprecated_hooks(
    record: Description, impls: Iterable[Implementation]
) -> list[Problem]:
    """A ``deprecated-hook`` notice per implementation of a deprecated hook."""
    known = specs()
    notices = []
    for impl in impls:
        spec = known.get(impl.hook)
        if spec is None or spec.deprecated is None:
            continue
        notices.append(
            record.problem(
                "deprecated-hook",
                f"{impl.attribute} implements {impl.hook!r}, which is deprecated "
                "and will be removed",
                spec.deprecated,
                hook=impl.hook,
                location=impl.location,
            )
        )
    return notices


def warning_text(notice: Problem) -> str:
    """The re-worded warning: extension, hook, file:line and replacement."""
    where = f" at {notice.location}" if notice.location else ""
    return (
        f"extension {notice.extension!r} implements the deprecated hook "
        f"{notice.hook!r}{where}: {notice.hint}"
    )


@contextmanager
def naming_extensions(
    plugin_manager: pluggy.PluginManager, extensions: Iterable[ExtensionRecord]
) -> Iterator[None]:
    """Catch pluggy's deprecation warnings while registering ``extensions``
    into ``plugin_manager`` and, once registration is done, issue each one
    again naming its extension (any other warning is issued again as it was).

    Without an implementation of a deprecated hook among ``extensions``
    nothing is caught: a start without one runs exactly as before.
    """
    notices = [
        notice
        for record in extensions
        for notice in record.warnings
        if notice.code == "deprecated-hook"
    ]
    if not notices:
        yield
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    hook_of = {}
    for hook in {notice.hook for notice in notices}:
        caller = getattr(plugin_manager.hook, hook or "", None)
        spec = getattr(caller, "spec", None)
        if spec is not None and spec.warn_on_impl is not None:
            hook_of[id(spec.warn_on_impl)] = hook
    claimed = _claimed(notices, [hook_of.get(id(w.message)) for w in caught], caught)
    for warning, notice in zip(caught, claimed, strict=True):
        if notice is not None:
            warnings.warn_explicit(
                DeprecationWarning(warning_text(notice)),
                DeprecationWarning,
                warning.filename,
                def_line(warning.filename, warning.lineno),
            )
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


def _claimed(
    notices: list[Problem],
    hooks: list[str | None],
    caught: list[warnings.WarningMessage],
) -> list[Problem | None]:
    """The notice each of pluggy's warnings (about the hook in ``hooks`` at
    the same index, None when it is not one of ours) is about: first the
    notices at the same place as a warning, then, for the warnings left, the
    only notice left for their hook (a decorated function is located at its
    decorator's code by pluggy). Exact places go first whatever order pluggy
    warns in, so that one extension's exact match is never counted against
    another's decorated implementation of the same hook."""
    left = list(notices)
    chosen: list[Problem | None] = []
    for warning, hook in zip(caught, hooks, strict=True):
        here = def_location(warning.filename, warning.lineno)
        exact = [n for n in left if n.hook == hook and n.location == here]
        if hook is not None and exact:
            left.remove(exact[0])
            chosen.append(exact[0])
        else:
            chosen.append(None)
    for index, hook in enumerate(hooks):
        mine = [notice for notice in left if notice.hook == hook]
        if chosen[index] is None and hook is not None and len(mine) == 1:
            left.remove(mine[0])
            chosen[index] = mine[0]
    return chosen
