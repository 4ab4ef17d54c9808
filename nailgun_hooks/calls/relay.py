"""``manager.hook``: one typed, strict, fast caller per event.

A relay holds one caller per event (see :mod:`nailgun_hooks.calls.fastpath`), each
over a snapshot of the implementations taken when the set of extensions
changed. Installing a new set replaces every caller in one dictionary update,
so a call that is already running keeps the set it started with and every
call sees all of the old set or all of the new one, never a mix.

Statically, a relay is a :class:`~nailgun_hooks.calls.hookcalls.Hooks`: mypy knows
each event's keyword arguments and return type.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pluggy

from .. import _pluggy_internals
from ..errors import ExtensionNotFoundError
from ..spec.catalogue import specs
from ..startup.registration import call_layout
from . import declared as declared_calls
from .fastpath import Caller, lazy_caller, unavailable_caller
from .hookcalls import BoundHook, Hooks
from .policy import DEFAULT_POLICY, Policy


@dataclass(frozen=True)
class Snapshot:
    """What a relay's callers are built from; built before anything changes
    (:meth:`HookRelay.prepare`), then put in place in one assignment
    (:meth:`HookRelay.publish`), so that a failure while building one leaves
    every relay as it was."""

    plugin_manager: pluggy.PluginManager
    impls: Mapping[str, tuple[pluggy.HookImpl, ...]]
    policies: Mapping[str, Policy]
    distributions: Mapping[str, str | None]
    unavailable: str | None = None
    trace: bool = False
    declared: Mapping[str, declared_calls.Methods] = field(default_factory=dict)
    """The calls extensions declare themselves, with their methods in order
    (see :mod:`nailgun_hooks.calls.declared`)."""


class HookRelay(Hooks):
    """Holds one caller per event, as attributes named after it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._declared: frozenset[str] = frozenset()

    def install(
        self,
        plugin_manager: pluggy.PluginManager,
        only: frozenset[str] | None = None,
        *,
        policy: Policy | None = None,
        policies: Mapping[str, Policy] | None = None,
        distributions: Mapping[str, str | None] | None = None,
        order: Sequence[str] | None = None,
        trace: bool = False,
    ) -> None:
        """Snapshot every event's implementations from ``plugin_manager``
        and put the callers in place (:meth:`prepare`, then :meth:`publish`)."""
        self.publish(
            self.prepare(
                plugin_manager,
                only,
                policy=policy,
                policies=policies,
                distributions=distributions,
                order=order,
                trace=trace,
            )
        )

    @staticmethod
    def prepare(
        plugin_manager: pluggy.PluginManager,
        only: frozenset[str] | None = None,
        *,
        policy: Policy | None = None,
        policies: Mapping[str, Policy] | None = None,
        distributions: Mapping[str, str | None] | None = None,
        order: Sequence[str] | None = None,
        unavailable: str | None = None,
        trace: bool = False,
    ) -> Snapshot:
        """Every event's implementations in ``plugin_manager``, read now.

        :param only: keep only the extensions with these names.
        :param policy: the policy of every hook of this relay; when None,
            each hook's entry in ``policies``, else ``propagate``.
        :param distributions: extension name -> distribution, for the notes
            exceptions carry.
        :param order: the extensions' call order, for when pluggy's own
            lists cannot be put in it.
        :param unavailable: when set, every caller raises
            :class:`~nailgun_hooks.errors.ExtensionNotFoundError` with this
            message instead of calling anything: the relay stands for a set
            of extensions that is not loaded any more, and calling the rest
            would skip the missing ones silently.
        :param trace: build traced callers (see
            :meth:`~nailgun_hooks.manager.HookManager.set_tracing`).
        """
        policies = policies or {}
        impls = {}
        for name in specs():
            found = getattr(plugin_manager.hook, name).get_hookimpls()
            if only is not None:
                found = [impl for impl in found if impl.plugin_name in only]
            if order is not None and not _pluggy_internals.REORDER:
                found = sorted(found, key=call_layout(order))
            impls[name] = tuple(found)
        return Snapshot(
            plugin_manager,
            impls,
            {name: policy or policies.get(name, DEFAULT_POLICY) for name in specs()},
            dict(distributions or {}),
            unavailable,
            trace,
            declared_calls.declared_in(plugin_manager, order, only),
        )

    def publish(self, snapshot: Snapshot) -> None:
        """Replace every caller with one over ``snapshot``, in one update.

        The relay watches the plugin manager before it builds: tracing
        switched on in between then rebuilds it, where watching after
        would leave callers that skip the tracing.
        """
        watch = getattr(snapshot.plugin_manager, "watch_hookexec", None)
        if watch is not None:
            watch(self)
        with self._lock:
            self._snapshot = snapshot
            self._set_class(snapshot)
            self._build()

    def _set_class(self, snapshot: Snapshot) -> None:
        """A relay standing for extensions that are not loaded any more is a
        :class:`_UnavailableRelay` until it stands for loaded ones again.

        Only that class has a ``__getattr__``: on a class that has one,
        Python cannot specialise the attribute lookup of ``relay.<event>``,
        which then costs a good part of a cheap hook call.
        """
        if type(self) not in (HookRelay, _UnavailableRelay):
            return  # a subclass keeps its own class (and its own lookups)
        missing = snapshot.unavailable is not None
        self.__class__ = _UnavailableRelay if missing else HookRelay

    def hookexec_replaced(self) -> None:
        """Tracing or monitoring was switched on or off: callers that skip
        pluggy must start or stop doing so."""
        with self._lock:
            self._build()

    def _build(self) -> None:
        """Install a stand-in per event; each builds its caller when first
        called (see :func:`~nailgun_hooks.calls.fastpath.lazy_caller`)."""
        snapshot = self._snapshot
        if snapshot is None:
            return
        self._build_declared(snapshot)
        pm = snapshot.plugin_manager
        if snapshot.unavailable is not None:
            vars(self).update(
                {
                    name: unavailable_caller(spec, snapshot.unavailable)
                    for name, spec in specs().items()
                }
            )
            return
        watched = hasattr(pm, "watch_hookexec")
        vars(self).update(
            {
                name: lazy_caller(
                    spec,
                    snapshot.impls[name],
                    pm,
                    policy=snapshot.policies[name],
                    distributions=snapshot.distributions,
                    watched=watched,
                    trace=snapshot.trace,
                    install=self._replace,
                )
                for name, spec in specs().items()
            }
        )

    def _build_declared(self, snapshot: Snapshot) -> None:
        """The declared calls' callers, replacing the previous set; a call
        named like an attribute of the relay itself is left to
        ``for_node(node).call`` (it would hide the relay's own)."""
        hooks = vars(self)
        for stale in self._declared:
            hooks.pop(stale, None)
        found = declared_calls.callers(snapshot.declared, snapshot.unavailable)
        usable = {
            name: caller
            for name, caller in found.items()
            if not hasattr(type(self), name) and not name.startswith("_")
        }
        hooks.update(usable)
        self._declared = frozenset(usable)

    def _replace(self, stand_in: Caller, caller: Caller) -> None:
        """Put ``caller`` where ``stand_in`` is, if it still is there."""
        with self._lock:
            hooks = vars(self)
            if hooks.get(caller.__name__) is stand_in:
                hooks[caller.__name__] = caller

    def __iter__(self) -> Iterator[BoundHook]:
        """Every caller, in the order the events are declared."""
        hooks = vars(self)
        return iter([hooks[name] for name in specs() if name in hooks])

    def __repr__(self) -> str:
        busy = [hook.name for hook in self if hook.extension_names]
        return f"<HookRelay implemented={busy}>"


class _UnavailableRelay(HookRelay):
    """A relay whose extensions are not all loaded (see
    :meth:`HookRelay._set_class`)."""

    if not TYPE_CHECKING:  # mypy keeps checking attribute names against Hooks

        def __getattr__(self, name: str) -> object:
            """A scope missing some of its extensions cannot tell which calls
            they declared: asking it for any call raises what its hooks do."""
            snapshot = self.__dict__.get("_snapshot")
            unavailable = None if snapshot is None else snapshot.unavailable
            if unavailable is not None and not name.startswith("_"):
                raise ExtensionNotFoundError(unavailable)
            raise AttributeError(name)
