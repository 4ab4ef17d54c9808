"""pluggy's plugin manager as Nailgun's extensions need it, and registering
a whole ordered set of extensions into it.

The manager recognises Nailgun's old-style handlers and data pipelines as
implementations (see :mod:`.legacy`) as well as ``@hookimpl`` methods, and
asks pluggy only about names that can be implementations (see
:mod:`.markscan`). :func:`register_in_order` puts every hook's
implementations in the extensions' order.
"""

from __future__ import annotations

import itertools
import logging
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import pluggy

from .. import _pluggy_internals as door
from .. import hookspecs
from ..markers import EVENT_ATTR, PROJECT_NAME
from . import legacy
from .deprecation import naming_extensions
from .recognition import Found, candidates, found_for, implementation_opts
from .records import ExtensionRecord
from .registration import refuse_duplicate, register_all

__all__ = [
    "HookexecWatcher",
    "Layout",
    "NailgunPluginManager",
    "call_layout",
    "register_in_order",
]

_log = logging.getLogger("nailgun_hooks")

# Old-style handlers are recognised by name alone (nailgun_hooks.startup.legacy).
_EVENTS = frozenset(
    name for name, value in vars(hookspecs).items() if hasattr(value, EVENT_ATTR)
)


class HookexecWatcher(Protocol):
    """What is told when tracing is switched (a relay, in the calls layer)."""

    def hookexec_replaced(self) -> None: ...


class NailgunPluginManager(door.PreparingPluginManager):
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
        self._scan: tuple[object, set[str]] | None = None
        super().__init__(PROJECT_NAME)
        self._marker = PROJECT_NAME + "_impl"
        self.add_hookspecs(hookspecs)

    def hookimpl_candidates(self, plugin: object) -> set[str]:
        """The names of ``plugin`` that may be implementations: marked ones,
        and (old-style handlers carry no marker) those named like an event.
        ``parse_hookimpl_opts`` has the last word on each of them; the
        base's pipeline runners, which it would decline when there are no
        data pipelines, are left out."""
        return candidates(plugin, self._marker, _EVENTS)

    def register(self, plugin: object, name: str | None = None) -> str | None:
        """pluggy's ``register``, asking ``parse_hookimpl_opts`` only about
        names that can be implementations (see :mod:`.markscan`)."""
        self._scan = (plugin, self.hookimpl_candidates(plugin))
        try:
            return super().register(plugin, name)
        finally:
            self._scan = None

    def parse_hookimpl_opts(
        self, plugin: object, name: str
    ) -> pluggy.HookimplOpts | None:
        """``@hookimpl`` methods, plus Nailgun's old-style handlers and data
        pipelines: :func:`.recognition.implementation_opts` decides, for
        registration and validation alike."""
        scan = self._scan
        if scan is not None and scan[0] is plugin and name not in scan[1]:
            return None
        return implementation_opts(self, plugin, name, self._marker)

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
        (see :meth:`succeed`): tracing switched on in a manager someone
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

    def succeed(self, previous: NailgunPluginManager) -> None:
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

    def retire(self) -> None:
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

    def abandon(self, previous: NailgunPluginManager) -> None:
        """Undo :meth:`succeed`: the change that built this manager failed
        and ``previous`` stays in use."""
        if previous._successor is self:
            previous._successor = None
        self.retire()

    def _switched(self) -> None:
        """Without pluggy's inner call function in view (see ``__setattr__``)
        the relays learn of tracing from the public calls that switch it."""
        if not door.CALL_LOOP:
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
        if name == door.INNER_HOOKEXEC:
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


Layout = Callable[[pluggy.HookImpl], tuple[bool, int, int]]


def call_layout(order: Sequence[str]) -> Layout:
    """The sort key that puts a hook's implementations in pluggy's layout
    (called from the last: trylast, plain, tryfirst non-wrappers, then the
    same tiers of wrappers) with the extensions' ``order`` inside each tier."""
    position = {name: index for index, name in enumerate(order)}

    def layout(impl: pluggy.HookImpl) -> tuple[bool, int, int]:
        tier = 0 if impl.trylast else 2 if impl.tryfirst else 1
        wrapper = bool(impl.wrapper or impl.hookwrapper)
        return (wrapper, tier, -position.get(impl.plugin_name, -1))

    return layout


def register_in_order(
    plugin_manager: pluggy.PluginManager,
    extensions: tuple[ExtensionRecord, ...],
    found: Mapping[str, tuple[object, Found]] | None = None,
) -> None:
    """Register so that pluggy calls the extensions in ``extensions`` order.

    pluggy's own order depends on registration order, and not even uniformly:
    the last registered runs first among plain and tryfirst implementations
    but last among trylast ones. So each hook's list is put in the
    documented layout of a hook caller's implementations (called in reverse:
    trylast, plain, tryfirst non-wrappers, then the same tiers of wrappers)
    with our order inside each tier.

    pluggy's own managers (and ours) get all extensions in one pass with one
    sort per hook (:mod:`.registration`); ``found`` maps an extension name to
    its object and what validation found on it (``assembly.found``), so that
    nothing is looked up twice. A manager with its own ``register`` gets
    ``register`` called for each extension, then the sort.

    pluggy's warnings about implementations of deprecated hooks are issued
    again naming the extension (see :mod:`.deprecation`).
    """
    with naming_extensions(plugin_manager, extensions):
        _register_in_order(plugin_manager, extensions, found)


def _register_in_order(
    plugin_manager: pluggy.PluginManager,
    extensions: tuple[ExtensionRecord, ...],
    found: Mapping[str, tuple[object, Found]] | None,
) -> None:
    layout = call_layout([record.name for record in extensions])
    plain = type(plugin_manager).register in _PLAIN_REGISTER
    if plain and door.ONE_PASS_REGISTRATION:
        known = found or {}
        accepted = []
        for record in extensions:
            obj, entry = known.get(record.name, (None, None))
            if entry is None or obj is not record.obj:
                entry = found_for(plugin_manager, record.obj)
            accepted.append(entry)
        register_all(plugin_manager, extensions, accepted, layout)
        return
    in_turn = (
        reversed(extensions)
        if door.REORDER
        else _registration_order(plugin_manager, extensions, found or {})
    )
    if plain:  # as the one pass does: a refusal leaves the manager as it was
        done: list[str] = []
        try:
            for record in in_turn:
                refuse_duplicate(plugin_manager, record.obj, record.name)
                plugin_manager.register(record.obj, name=record.name)
                done.append(record.name)
        except BaseException:
            for name in reversed(done):
                plugin_manager.unregister(name=name)
            raise
    else:
        for record in in_turn:
            plugin_manager.register(record.obj, name=record.name)
    if not door.REORDER:  # registration order alone: see _registration_order
        return
    for caller in vars(plugin_manager.hook).values():
        if isinstance(caller, pluggy.HookCaller):
            door.hookimpls(caller).sort(key=layout)


def _registration_order(
    plugin_manager: pluggy.PluginManager,
    extensions: tuple[ExtensionRecord, ...],
    found: Mapping[str, tuple[object, Found]],
) -> list[ExtensionRecord]:
    """An order to register ``extensions`` in so that pluggy's lists come out
    in :func:`call_layout` order, for when they cannot be sorted afterwards.

    pluggy calls the last registered first among plain and tryfirst
    implementations but last among trylast ones, so each pair of extensions
    that share a tier of a hook asks for one registration order; an order
    meeting every such request is found by a topological sort. When the
    requests contradict each other (two extensions both trylast on one hook
    and both plain on another), or the implementations cannot be read,
    extensions are registered in reverse, as before.
    """
    fallback = list(reversed(extensions))
    position = {record.name: index for index, record in enumerate(extensions)}
    tiers: dict[tuple[str, bool, int], list[str]] = {}
    try:
        for record in extensions:
            obj, entry = found.get(record.name, (None, None))
            if entry is None or obj is not record.obj:
                entry = found_for(plugin_manager, record.obj)
            for attribute, opts in entry:
                hook = str(opts.get("specname") or attribute)
                wrapper = bool(opts.get("wrapper") or opts.get("hookwrapper"))
                tier = 0 if opts.get("trylast") else 2 if opts.get("tryfirst") else 1
                tiers.setdefault((hook, wrapper, tier), []).append(record.name)
    except Exception:  # an object that raises when read: pluggy will say so
        return fallback
    before: dict[str, set[str]] = {record.name: set() for record in extensions}
    for (_, _, tier), names in tiers.items():
        ordered = sorted(set(names), key=position.__getitem__)
        for first, second in itertools.pairwise(ordered):
            if tier == 0:  # trylast: registered first, called first
                before[second].add(first)
            else:  # the others: registered last, called first
                before[first].add(second)
    done: list[ExtensionRecord] = []
    placed: set[str] = set()
    waiting = list(reversed(extensions))
    while waiting:
        ready = next((r for r in waiting if before[r.name] <= placed), None)
        if ready is None:
            return fallback
        waiting.remove(ready)
        done.append(ready)
        placed.add(ready.name)
    return done


# ``register`` methods that do what pluggy's does, and nothing else.
_PLAIN_REGISTER = (pluggy.PluginManager.register, NailgunPluginManager.register)
