"""What serves :mod:`nailgun_hooks.compat`: one manager, started once, and
the seam through which Nailgun's tests substitute extensions.

The manager is loaded once, when Nailgun calls :func:`start` from an entry
point or on first use, and the verdict is kept: a strict failure is raised
again by every later call without loading again, until Nailgun starts again
or installs a manager.

The seam: Nailgun's tests replace ``get_all_extensions`` with a mock in
``nailgun.extensions.manager`` (after the move, a module that star-imports
compat). Every compat function asks :func:`replaced_extensions` first and,
when a module in :data:`SEAM_MODULES` that re-exports compat holds something
else under that name, runs Nailgun's own loop over exactly what it returns:
the test owns its doubles, so nothing validates them.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from ..errors import ExtensionValidationError
from ..extension import BaseExtension as _TypedBase
from ..loading import build_manager, load_extensions
from ..manager import HookManager
from .compat_base import BaseExtension as CompatBase

__all__ = [
    "SEAM_MODULES",
    "class_of",
    "get_all_extensions",
    "get_manager",
    "installed",
    "installed_for_test",
    "replaced_extensions",
    "start",
    "use_manager",
]

SEAM_MODULES = (
    "nailgun.extensions.manager",
    "nailgun.extensions",
    "nailgun_hooks.compat",
)
"""Where a replaced ``get_all_extensions`` is looked for, at each call: the
module Nailgun's tests patch, its package, and our public module."""

_lock = threading.Lock()
_manager: HookManager | None = None
_failure: ExtensionValidationError | None = None


def start(*, strict: bool = True) -> HookManager:
    """Load the installed extensions now and serve compat from them.

    Nailgun calls it from each entry point (the web app, receiverd, the CLI).
    A strict failure raises here and is remembered: later calls raise it again
    without loading again. Calling it again loads again.
    """
    global _manager, _failure
    with _lock:
        try:
            manager = load_extensions(strict=strict)
        except ExtensionValidationError as failure:
            _manager, _failure = None, failure
            raise
        _manager, _failure = manager, None
    return manager


def use_manager(manager: HookManager | None) -> None:
    """Serve every call of compat from ``manager`` (None: start again, strict,
    on next use), forgetting any remembered failure."""
    global _manager, _failure
    with _lock:
        _manager, _failure = manager, None


def get_manager() -> HookManager:
    """The manager in use; on first use, :func:`start` (strict), once."""
    manager = _manager
    if manager is not None:
        return manager
    with _lock:
        if _failure is not None:
            raise _failure
        manager = _manager
    return manager if manager is not None else _start_once()


def _start_once() -> HookManager:
    """Start unless another thread did while this one waited."""
    global _manager, _failure
    with _lock:
        if _failure is not None:
            raise _failure
        if _manager is None:
            try:
                _manager = load_extensions()
            except ExtensionValidationError as failure:
                _failure = failure
                raise
        return _manager


# --- installing for tests -------------------------------------------------------


def _as_manager(extensions: tuple[object, ...]) -> HookManager:
    """A manager given alone is used as it is; classes are built (strict)."""
    if len(extensions) == 1 and isinstance(extensions[0], HookManager):
        return extensions[0]
    return build_manager(extensions)


@contextmanager
def installed(*extensions: object) -> Iterator[HookManager]:
    """Serve compat from ``extensions`` (a manager, or extension classes
    built into one) inside the block, then put back what was there before,
    remembered failure included."""
    global _manager, _failure
    manager = _as_manager(extensions)
    with _lock:
        previous = (_manager, _failure)
        _manager, _failure = manager, None
    try:
        yield manager
    finally:
        with _lock:
            _manager, _failure = previous


class _TestCase(Protocol):
    def addCleanup(
        self, function: Callable[..., object], /, *args: Any, **kwargs: Any
    ) -> None: ...


def installed_for_test(test_case: _TestCase, *extensions: object) -> HookManager:
    """:func:`installed` for a ``unittest.TestCase``: call it in ``setUp``;
    the previous manager comes back in the test's cleanup."""
    context = installed(*extensions)
    manager = context.__enter__()
    test_case.addCleanup(context.__exit__, None, None, None)
    return manager


# --- the seam ---------------------------------------------------------------------


def class_of(obj: object) -> Any:
    """What Nailgun's stevedore manager handed out: the extension class."""
    return type(obj) if isinstance(obj, _TypedBase) else obj


def get_all_extensions() -> Iterator[Any]:
    """Every loaded extension (its class), in the manager's call order."""
    return (class_of(record.obj) for record in get_manager().extensions)


def replaced_extensions() -> list[Any] | None:
    """What a replaced ``get_all_extensions`` returns, or None when nobody
    replaced it (the normal path: a few dictionary look-ups)."""
    modules = sys.modules
    for name in SEAM_MODULES:
        module = modules.get(name)
        if module is None:
            continue
        found = getattr(module, "get_all_extensions", get_all_extensions)
        if found is not get_all_extensions and _reexports_compat(module):
            return list(_call(found))
    return None


def _reexports_compat(module: object) -> bool:
    """A module that star-imported compat; Nailgun's own modules, not moved,
    are no seam (their function is the real one)."""
    return getattr(module, "BaseExtension", None) is CompatBase


def _call(found: Callable[[], Iterable[Any]]) -> Iterable[Any]:
    return found()
