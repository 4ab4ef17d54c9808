"""The one module that reads pluggy's and stevedore's private names.

Startup and the fast path are quicker when they reach into pluggy (its call
loop, its registration bookkeeping, its static attribute look-up) and need
stevedore's per-entry-point loader to keep a failing import from taking the
others down. Those names are not part of either project's API and have moved
before, so every one of them is read here, and only here: each is looked up
when this module is imported, and a missing one switches its feature to a
fallback built on public API, which behaves the same and is only slower
(calls then run through :mod:`nailgun_hooks._pluggy_loop`, pluggy's call
loop and monitoring rebuilt from its documented protocols).
``tests/test_architecture.py`` fails if a private name of either project is
used anywhere else in the package.

Setting :data:`PUBLIC_ONLY_ENV` to a non-empty value other than ``0`` forces
every fallback (the tox environment ``fallback`` runs the whole suite so).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pluggy
import stevedore

from . import _pluggy_loop

__all__ = [
    "CALL_LOOP",
    "INNER_HOOKEXEC",
    "LOOP_FILES",
    "PUBLIC_ONLY",
    "PUBLIC_ONLY_ENV",
    "REORDER",
    "STATE_ATTRIBUTE",
    "WRAPPER_CHAIN_FILES",
    "GuardedExtensionManager",
    "HookExec",
    "PluginManager",
    "PreparingPluginManager",
    "call_state",
    "hookexec",
    "hookimpls",
    "inner_hookexec",
    "multicall",
    "plain_loop",
    "static_hook_attr",
]

PUBLIC_ONLY_ENV = "NAILGUN_HOOKS_PUBLIC_PLUGGY_ONLY"
PUBLIC_ONLY = os.environ.get(PUBLIC_ONLY_ENV, "") not in ("", "0")
"""Use public API only, as if every private name below were gone."""

HookExec = Callable[[str, Sequence[pluggy.HookImpl], Mapping[str, object], bool], Any]
"""pluggy's ``_hookexec(hook_name, impls, kwargs, firstresult)``."""

INNER_HOOKEXEC = "_inner_hookexec"
"""The attribute pluggy replaces to switch tracing or monitoring on or off;
while it holds :data:`multicall`, nothing wraps the call loop."""


def _private(name: str, *modules: str) -> Any:
    """``name`` from the first of ``modules`` that has it, or None."""
    if PUBLIC_ONLY:
        return None
    for module in modules:
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
    return None


# pluggy's call loop (what _inner_hookexec is while nothing traces calls)
multicall: Callable[..., Any] | None = _private(
    "_multicall", "pluggy._execution", "pluggy._callers"
)
# what pluggy's register binds for an attribute, read without running it
static_hook_attr: Callable[[object, str], tuple[object, Callable[..., object]] | None]
static_hook_attr = _private("_static_hook_attr", "pluggy._manager")


def _probe() -> tuple[bool, bool]:
    """Which private attributes a plugin manager and a hook caller have."""
    if PUBLIC_ONLY:
        return False, False
    marker = pluggy.HookspecMarker("nailgun_hooks_probe")

    class Spec:
        @marker
        def probe(self) -> None:
            """A hook to look at."""

    pm = pluggy.PluginManager("nailgun_hooks_probe")
    pm.add_hookspecs(Spec)
    caller: Any = pm.hook.probe
    hookimpls_list = isinstance(getattr(caller, "_hookimpls", None), list)
    loop = multicall is not None and getattr(pm, INNER_HOOKEXEC, None) is multicall
    call_loop = loop and hasattr(pm, "_hookexec")
    return call_loop, hookimpls_list


CALL_LOOP, REORDER = _probe()
"""CALL_LOOP: the fast path may call implementations itself while
``_inner_hookexec`` is pluggy's loop, and hand a list of implementations to
``_hookexec``. REORDER: a hook caller's list of implementations can be put
in the manager's order."""


plain_loop: HookExec = (
    multicall if CALL_LOOP and multicall is not None else _pluggy_loop.call_loop
)
"""What a plugin manager runs calls through while nothing monitors them:
pluggy's own loop, or :func:`nailgun_hooks._pluggy_loop.call_loop`."""

WRAPPER_CHAIN_FILES = "<nailgun-hooks caller with wrappers "
"""How the file names of the generated callers that drive new-style wrappers
begin: they take the loop's start and finish steps themselves, so their
frames are the loop's (see :data:`LOOP_FILES`)."""

LOOP_FILES = (
    os.path.dirname(pluggy.__file__) + os.sep,
    _pluggy_loop.__file__,
    WRAPPER_CHAIN_FILES,
)
"""Where the frames of the machinery calling implementations come from:
pluggy's package, the call loop that stands in for pluggy's, and the
generated callers that drive wrappers."""

STATE_ATTRIBUTE = INNER_HOOKEXEC if CALL_LOOP else "inner_hookexec"
"""The attribute of :func:`call_state`'s answer holding the function calls
run through now (it is :data:`plain_loop` while nothing monitors them)."""

_CHAIN = "_nailgun_hooks_call_chain"


class PluginManager(pluggy.PluginManager):
    """pluggy's manager; without pluggy's call loop in reach it also keeps
    the :class:`~nailgun_hooks._pluggy_loop.CallChain` relays run calls
    through, monitor for monitor in step with pluggy's own (every
    ``add_hookcall_monitoring``, ``enable_tracing``'s too, reaches it)."""

    def __init__(self, project_name: str) -> None:
        super().__init__(project_name)
        if not CALL_LOOP:
            vars(self)[_CHAIN] = _pluggy_loop.CallChain()

    def add_hookcall_monitoring(
        self,
        before: Callable[..., None],
        after: Callable[..., None],
    ) -> Callable[[], None]:
        if CALL_LOOP:
            return super().add_hookcall_monitoring(before, after)
        return _monitor_both(
            _chain(self), super().add_hookcall_monitoring, before, after
        )


def _monitor_both(
    chain: _pluggy_loop.CallChain,
    pluggys: Callable[[Callable[..., None], Callable[..., None]], Callable[[], None]],
    before: Callable[..., None],
    after: Callable[..., None],
) -> Callable[[], None]:
    """Add a monitor to ``chain`` and through ``pluggys`` (the manager's
    own ``add_hookcall_monitoring``); the undo undoes both."""
    undo_ours = chain.monitor(before, after)
    try:
        undo_pluggys = pluggys(before, after)
    except BaseException:
        undo_ours()
        raise

    def undo() -> None:
        undo_ours()
        undo_pluggys()

    return undo


def _chain(plugin_manager: pluggy.PluginManager) -> _pluggy_loop.CallChain:
    """The chain ``plugin_manager``'s calls run through, without pluggy's
    call loop in reach. A manager that is not a :class:`PluginManager` is
    adopted when first asked about: from then on its
    ``add_hookcall_monitoring`` also reaches the chain (a monitor it had
    before cannot be seen through pluggy's public API)."""
    state = vars(plugin_manager)
    chain: _pluggy_loop.CallChain | None = state.get(_CHAIN)
    if chain is None:
        chain = state[_CHAIN] = _pluggy_loop.CallChain()
        own = plugin_manager.add_hookcall_monitoring
        adopted = chain

        def add_hookcall_monitoring(
            before: Callable[..., None], after: Callable[..., None]
        ) -> Callable[[], None]:
            return _monitor_both(adopted, own, before, after)

        state["add_hookcall_monitoring"] = add_hookcall_monitoring
    return chain


def hookexec(plugin_manager: pluggy.PluginManager) -> HookExec:
    """Run a list of implementations as ``plugin_manager`` runs a hook call
    (monitors included): its ``_hookexec``, or, without pluggy's call loop
    in reach, its :class:`~nailgun_hooks._pluggy_loop.CallChain`."""
    if CALL_LOOP:
        found: HookExec = getattr(plugin_manager, "_hookexec")  # noqa: B009
        return found
    return _chain(plugin_manager)


def call_state(plugin_manager: pluggy.PluginManager) -> object | None:
    """The object whose :data:`STATE_ATTRIBUTE` is the function
    ``plugin_manager`` runs calls through now: the manager itself, or its
    chain; None when a manager hides it."""
    if not CALL_LOOP:
        return _chain(plugin_manager)
    if getattr(plugin_manager, INNER_HOOKEXEC, None) is None:
        return None
    return plugin_manager


def inner_hookexec(plugin_manager: pluggy.PluginManager) -> object | None:
    """What ``plugin_manager`` runs calls through now, or None if unknown."""
    state = call_state(plugin_manager)
    return None if state is None else getattr(state, STATE_ATTRIBUTE)


def hookimpls(caller: pluggy.HookCaller) -> list[pluggy.HookImpl]:
    """The caller's own list of implementations (only when :data:`REORDER`),
    in pluggy's layout: called from the last to the first."""
    found: list[pluggy.HookImpl] = getattr(caller, "_hookimpls")  # noqa: B009
    return found


class PreparingPluginManager(PluginManager):
    """pluggy's manager with one public step more: :meth:`prepare_hookimpl`
    runs on each implementation just before pluggy checks it against its
    spec. pluggy's ``register`` checks every implementation through
    ``_verify_hook``, so overriding it is the one place to adjust an
    implementation before that check. Old-style handlers are bound by
    position there (see :func:`nailgun_hooks.startup.legacy.bind_positionally`);
    a pluggy without
    ``_verify_hook`` would check their parameter names as marked ones', and
    refuse those that differ from the event's.
    """

    def prepare_hookimpl(
        self, hook: pluggy.HookCaller, hookimpl: pluggy.HookImpl
    ) -> None:
        """Adjust ``hookimpl`` before it is checked; nothing by default."""

    def _verify_hook(self, hook: pluggy.HookCaller, hookimpl: pluggy.HookImpl) -> None:
        self.prepare_hookimpl(hook, hookimpl)
        super()._verify_hook(hook, hookimpl)


class _LoadFailed(Exception):
    """Carries any failure of one entry point's import past stevedore."""

    def __init__(self, entry_point: object, error: BaseException) -> None:
        super().__init__(type(error).__name__)
        self.entry_point = entry_point
        self.error = error


class _GuardedEntryPoint:
    """An entry point whose ``load`` turns every failure (``SystemExit`` and
    ``AssertionError`` included, which stevedore would let through) into
    :class:`_LoadFailed`."""

    def __init__(self, entry_point: importlib.metadata.EntryPoint) -> None:
        self.entry_point = entry_point
        self.name = entry_point.name
        self.value = entry_point.value
        self.group = entry_point.group
        self.seconds = 0.0

    def load(self) -> Any:
        start = time.perf_counter()
        try:
            return self.entry_point.load()
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise _LoadFailed(self.entry_point, exc) from exc
        finally:
            self.seconds = time.perf_counter() - start


_LOAD_ONE = "_load_one_plugin"
_STEVEDORE_LOAD_ONE = not PUBLIC_ONLY and callable(
    getattr(stevedore.ExtensionManager, _LOAD_ONE, None)
)


class GuardedExtensionManager(stevedore.ExtensionManager):  # type: ignore[type-arg]
    """stevedore's manager over the entry points :meth:`chosen_entry_points`
    returns; an entry point whose import fails in any way (but
    ``KeyboardInterrupt``) is passed to :meth:`load_failed` and skipped, and
    the others still load. :attr:`import_seconds` says how long each import
    took (by the entry point's ``id``), measured around the one import."""

    def __init__(self, namespace: str) -> None:
        self.import_seconds: dict[int, float] = {}
        if _STEVEDORE_LOAD_ONE:
            super().__init__(namespace, invoke_on_load=False)
            return
        super().__init__(
            namespace,
            invoke_on_load=False,
            on_load_failure_callback=GuardedExtensionManager._stevedore_failed,
        )
        for extension in self.extensions:
            guarded = extension.entry_point
            if isinstance(guarded, _GuardedEntryPoint):
                extension.entry_point = guarded.entry_point
                self.import_seconds[id(guarded.entry_point)] = guarded.seconds

    def chosen_entry_points(self) -> Iterable[importlib.metadata.EntryPoint]:
        raise NotImplementedError

    def load_failed(
        self, entry_point: importlib.metadata.EntryPoint, error: BaseException
    ) -> None:
        raise NotImplementedError

    def list_entry_points(self) -> list[Any]:
        chosen = list(self.chosen_entry_points())
        if _STEVEDORE_LOAD_ONE:
            return chosen
        return [_GuardedEntryPoint(ep) for ep in chosen]

    @staticmethod
    def _stevedore_failed(manager: Any, entry_point: Any, error: BaseException) -> None:
        if isinstance(error, _LoadFailed):
            manager.load_failed(error.entry_point, error.error)
        else:  # raised by stevedore itself, around the import
            manager.load_failed(getattr(entry_point, "entry_point", entry_point), error)


if _STEVEDORE_LOAD_ONE:

    def _load_one_plugin(
        self: GuardedExtensionManager,
        ep: importlib.metadata.EntryPoint,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        # stevedore < 5.2 passes one more argument (verify_requirements): pass
        # whatever this stevedore gives us straight through.
        start = time.perf_counter()
        try:
            return getattr(super(GuardedExtensionManager, self), _LOAD_ONE)(
                ep, *args, **kwargs
            )
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit and AssertionError included
            self.load_failed(ep, exc)
            return None
        finally:
            self.import_seconds[id(ep)] = time.perf_counter() - start

    setattr(GuardedExtensionManager, _LOAD_ONE, _load_one_plugin)
