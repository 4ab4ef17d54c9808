"""pluggy's plugin manager as Nailgun's extensions need it.

The manager recognises Nailgun's old-style handlers and data pipelines as
implementations (see :mod:`.legacy`) as well as ``@hookimpl`` methods, asks
pluggy only about names that can be implementations, and registers a
checked extension from what the checks found (see :mod:`.implementations`).
Putting the extensions in order is :mod:`.registration`'s.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Mapping
from typing import Any, Protocol, cast

import pluggy

from .. import _pluggy_internals, hookspecs
from ..markers import EVENT_ATTR, PROJECT_NAME
from . import legacy
from .implementations import candidates, implementation_opts, scanned_opts
from .records import ExtensionRecord

__all__ = ["HookexecWatcher", "NailgunPluginManager"]

_log = logging.getLogger("nailgun_hooks")

# Old-style handlers are recognised by name alone (nailgun_hooks.startup.legacy).
_EVENTS = frozenset(
    name for name, value in vars(hookspecs).items() if hasattr(value, EVENT_ATTR)
)


class HookexecWatcher(Protocol):
    """What is told when tracing is switched (a relay, in the calls layer)."""

    def hookexec_replaced(self) -> None: ...


class NailgunPluginManager(_pluggy_internals.PreparingPluginManager):
    """pluggy's manager with Nailgun's hookspecs already added.

    It also tells the relays built over it when tracing or monitoring is
    switched on or off (pluggy does so by replacing its inner call function,
    :data:`~nailgun_hooks._pluggy_internals.INNER_HOOKEXEC`), so that their
    generated callers need not check on every call.
    """

    def __init__(self) -> None:
        self._relays: weakref.WeakSet[HookexecWatcher] = weakref.WeakSet()
        # a WeakSet cannot be listed while another thread adds to it
        self._relays_lock = threading.Lock()
        self._monitors: list[_Monitor] = []
        self._successor: NailgunPluginManager | None = None
        self._scan: tuple[object, dict[str, bool]] | None = None
        self._checked: tuple[object, Mapping[str, pluggy.HookimplOpts]] | None = None
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)

    def hookimpl_candidates(self, plugin: object) -> dict[str, bool]:
        """The names of ``plugin`` that may be implementations: marked ones,
        and (old-style handlers carry no marker) those named like an event,
        each saying whether it may carry ``@hookimpl``.
        :func:`.implementations.implementation_opts` has the last word on
        each of them, here and in ``parse_hookimpl_opts``."""
        return candidates(plugin, _EVENTS)

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """pluggy's ``register``, asking ``parse_hookimpl_opts`` only about
        names that can be implementations (see :mod:`.implementations`)."""
        self._scan = (plugin, self.hookimpl_candidates(plugin))
        try:
            return super().register(plugin, name)
        finally:
            self._scan = None

    def parse_hookimpl_opts(
        self, plugin: object, name: str
    ) -> pluggy.HookimplOpts | None:
        """``@hookimpl`` methods, plus Nailgun's old-style handlers and data
        pipelines: :func:`.implementations.implementation_opts` decides,
        for registration and the checks alike; a checked extension is
        answered from what the checks found (:meth:`register_checked`)."""
        checked = self._checked
        if checked is not None and checked[0] is plugin:
            return checked[1].get(name)
        scan = self._scan
        if scan is None or scan[0] is not plugin:
            return implementation_opts(self, plugin, name)
        return scanned_opts(self, plugin, name, scan[1])

    def register_checked(self, record: ExtensionRecord) -> str | None:
        """pluggy's ``register`` of ``record``'s object, registering the
        implementations the checks found on it (``record.implementations``)
        rather than looking for them again. A record the checks did not
        build is registered as any plugin is."""
        if not record.implementations:
            return self.register(record.obj, name=record.name)
        found = {
            impl.attribute: cast(pluggy.HookimplOpts, impl.opts)
            for impl in record.implementations
        }
        self._checked = (record.obj, found)
        try:
            return super().register(record.obj, record.name)
        finally:
            self._checked = None

    def prepare_hookimpl(
        self, hook: pluggy.HookCaller, hookimpl: pluggy.HookImpl
    ) -> None:
        """Old-style implementations are bound by position, as Nailgun called
        them."""
        # (startup.legacy.bind_positionally)
        if hook.spec is not None:
            legacy.bind_positionally(hookimpl, hook.spec.argnames)

    @property
    def monitored(self) -> bool:
        """Whether hook calls are traced or monitored (through pluggy's
        public ``add_hookcall_monitoring``, which ``enable_tracing`` uses)."""
        return bool(self._monitors)

    def add_hookcall_monitoring(
        self,
        before: Callable[..., None],
        after: Callable[..., None],
    ) -> Callable[[], None]:
        """pluggy's, in force also in every manager that succeeded this one
        (see :meth:`inherit_tracing`): tracing switched on in a manager someone
        kept still traces the calls of the manager that replaced it."""
        monitor = _Monitor(before, after)
        manager: NailgunPluginManager | None = self
        while manager is not None:
            manager._monitor(monitor)
            manager = manager._successor
        return monitor.undo

    def _monitor(self, monitor: _Monitor) -> None:
        with monitor.lock:
            if monitor.undone or any(m is self for m, _ in monitor.undos):
                return
            undo = super().add_hookcall_monitoring(monitor.before, monitor.after)
            monitor.undos.append((self, undo))
            self._monitors.append(monitor)
        self._switched()

    def _unmonitor(self, monitor: _Monitor, undo: Callable[[], None]) -> None:
        undo()
        if monitor in self._monitors:
            self._monitors.remove(monitor)
            self._switched()

    def inherit_tracing(self, previous: NailgunPluginManager) -> None:
        """Take over from ``previous``, the manager this one replaces when
        the set of extensions changes: its tracer (so a writer set on
        ``trace.root`` keeps receiving), its tracing and monitoring, in the
        order they were switched on, and any switched on in it later.
        Undoing one (the function ``enable_tracing`` or
        ``add_hookcall_monitoring`` returned) undoes it here too."""
        # pluggy types ``trace`` Final (it never replaces it itself)
        vars(self)["trace"] = previous.trace
        previous._successor = self  # first: none switched on meanwhile is lost
        for monitor in list(previous._monitors):
            self._monitor(monitor)

    def release_tracing(self) -> None:
        """Forget this manager in the monitors carried to it, once another
        succeeded it: undoing them need not reach it any more, and it is
        not kept alive for that."""
        for monitor in list(self._monitors):
            with monitor.lock:
                monitor.undos = [
                    (manager, undo)
                    for manager, undo in monitor.undos
                    if manager is not self
                ]

    def undo_inherit_tracing(self, previous: NailgunPluginManager) -> None:
        """Undo :meth:`inherit_tracing`: the change that built this manager failed
        and ``previous`` stays in use."""
        if previous._successor is self:
            previous._successor = None
        self.release_tracing()

    def _switched(self) -> None:
        """Without pluggy's inner call function in view (see ``__setattr__``)
        the relays learn of tracing from the public calls that switch it."""
        if not _pluggy_internals.CALL_LOOP:
            self._tell_relays()

    def _tell_relays(self) -> None:
        """Every relay is told, even when one of them fails to rebuild: one
        left behind would keep calling past the tracing just switched on.
        A failure is logged, not raised: raised from inside pluggy's
        ``add_hookcall_monitoring`` it would leave tracing switched on with
        no way to undo it."""
        with self._relays_lock:
            relays = list(self._relays)
        for relay in relays:
            try:
                relay.hookexec_replaced()
            except Exception:
                _log.exception(
                    "a %s failed to rebuild its callers after tracing was "
                    "switched; its calls may not be traced",
                    type(relay).__name__,
                )

    def watch_hookexec(self, relay: HookexecWatcher) -> None:
        """Rebuild ``relay``'s callers whenever tracing is switched."""
        with self._relays_lock:
            self._relays.add(relay)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == _pluggy_internals.INNER_HOOKEXEC:
            self._tell_relays()


class _Monitor:
    """One ``add_hookcall_monitoring`` (or ``enable_tracing``), and where it
    is in force: the manager it was asked of and those that succeeded it."""

    def __init__(self, before: Callable[..., None], after: Callable[..., None]) -> None:
        self.before = before
        self.after = after
        self.undos: list[tuple[NailgunPluginManager, Callable[[], None]]] = []
        self.undone = False
        self.lock = threading.Lock()

    def undo(self) -> None:
        with self.lock:
            if self.undone:
                return
            self.undone = True
            undos, self.undos = self.undos, []
        for manager, undo in reversed(undos):
            manager._unmonitor(self, undo)
