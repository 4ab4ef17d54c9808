"""The one object Nailgun holds: the hooks, the extensions and their problems.

:attr:`HookManager.hook` is what ``manager.hook.<event>(...)`` calls through
(a :class:`HookRelay`); :meth:`HookManager.for_node` returns a
:class:`NodeCalls`.
"""

# Every state of a manager (its pluggy manager, its extensions in order, the
# names it knows) is one immutable _State, replaced in one
# assignment. Changing the set of extensions (``register`` / ``unregister``)
# builds the new state completely through startup's one entry point
# (startup.pipeline.assemble_and_register, into a new
# pluggy manager), then every relay's new callers, and only then publishes
# them: a failure anywhere before leaves the manager exactly as it was, and
# callers running meanwhile finish on the set they started with. Relays
# restricted to some extensions (HookManager.subset) or with another
# error policy (HookManager.with_policy) are cached and rebuilt the
# same way.

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .calls.policy import Policy, check_policy
from .calls.relay import HookRelay, Snapshot
from .calls.scopes import NodeCalls, cluster_relay, missing_message
from .calls.tracing import tracing_from_env
from .errors import (
    ExtensionNotFoundError,
    ExtensionValidationError,
    PolicyError,
    Problem,
    did_you_mean,
)
from .spec.catalogue import specs
from .startup.instantiation import candidate
from .startup.pipeline import StartupResult, assemble_and_register
from .startup.plugin_manager import NailgunPluginManager
from .startup.records import Candidate, ExtensionRecord
from .startup.selection import Names, names_argument
from .startup.urls import Route, routes

if TYPE_CHECKING:
    from .types import Cluster, Node

__all__ = [
    "HookManager",
    "HookRelay",
    "NodeCalls",
]

_T = TypeVar("_T")
_REQUIRED: Any = object()  # get()'s default when none is given

# What a cached relay is restricted to: extension names (None: all), a
# policy for every hook (None: each hook's own), and whether every one of
# the names must be loaded (a scope's relay) or the missing are not called.
_RelayKey = tuple[frozenset[str] | None, Policy | None, bool]


@dataclass(frozen=True)
class _State:
    """Everything a change of the extension set changes, as one value."""

    plugin_manager: NailgunPluginManager
    extensions: tuple[ExtensionRecord, ...]
    known: frozenset[str]
    unregistered: frozenset[str] = frozenset()

    @functools.cached_property
    def name_set(self) -> frozenset[str]:
        return frozenset(record.name for record in self.extensions)

    @functools.cached_property
    def order(self) -> tuple[str, ...]:
        return tuple(record.name for record in self.extensions)

    @functools.cached_property
    def distributions(self) -> Mapping[str, str | None]:
        return {record.name: record.distribution for record in self.extensions}


class HookManager:
    """Loaded extensions, in call order, and the hooks that reach them."""

    #: The events: ``manager.hook.on_node_create(node=node)`` calls every
    #: extension implementing ``on_node_create``, in call order (one
    #: attribute per event of :doc:`the hook reference <reference>`).
    hook: HookRelay

    def __init__(
        self,
        plugin_manager: NailgunPluginManager,
        extensions: tuple[ExtensionRecord, ...],
        problems: tuple[Problem, ...],
        *,
        known: Iterable[str] = (),
        trace: bool | None = None,
    ) -> None:
        """:param trace: log every hook call to ``nailgun_hooks.trace``
        (see :meth:`set_tracing`); None reads ``NAILGUN_HOOKS_TRACE``."""
        self._state = _State(
            plugin_manager,
            extensions,
            frozenset(known) | {record.name for record in extensions},
        )
        self._trace = tracing_from_env() if trace is None else trace
        self._problems = problems
        self._lock = threading.RLock()
        self._policies: Mapping[str, Policy] = {}
        self.hook = HookRelay()
        self._relays: dict[_RelayKey, HookRelay] = {(None, None, False): self.hook}
        self.hook.publish(self._prepare(self._state, (None, None, False)))

    @property
    def plugin_manager(self) -> NailgunPluginManager:
        """pluggy's manager holding the loaded extensions.

        ``register`` and ``unregister`` replace it with a new one (tracing
        and monitoring switched on in an old one carry over): read it from
        the manager each time rather than keeping it.
        """
        return self._state.plugin_manager

    @property
    def extensions(self) -> tuple[ExtensionRecord, ...]:
        """The loaded extensions, in call order."""
        return self._state.extensions

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What was rejected at startup and why (empty in strict mode)."""
        return self._problems

    def names(self) -> tuple[str, ...]:
        return self._state.order

    @property
    def name_set(self) -> frozenset[str]:
        """The loaded extensions' names, for fast membership tests."""
        return self._state.name_set

    @property
    def unregistered(self) -> frozenset[str]:
        """Names unregistered at run time and not registered again since."""
        return self._state.unregistered

    @overload
    def get(self, name: str) -> ExtensionRecord: ...
    @overload
    def get(self, name: str, default: _T) -> ExtensionRecord | _T: ...
    def get(self, name: str, default: object = _REQUIRED) -> object:
        """The loaded extension called ``name``; if none is, ``default`` when
        given (as a mapping's ``get``), else :class:`ExtensionNotFoundError`
        naming the loaded ones."""
        extensions = self._state.extensions
        for record in extensions:
            if record.name == name:
                return record
        if default is not _REQUIRED:
            return default
        loaded = ", ".join(record.name for record in extensions)
        raise ExtensionNotFoundError(
            f"no loaded extension is named {name!r}; loaded: {loaded or 'none'}"
        )

    def __getitem__(self, name: str) -> ExtensionRecord:
        """``manager["name"]``, as on stevedore's managers: a ``KeyError``
        (from the :class:`ExtensionNotFoundError` that says more) when no
        loaded extension has that name."""
        try:
            return self.get(name)
        except ExtensionNotFoundError as exc:
            raise KeyError(name) from exc

    def __contains__(self, name: object) -> bool:
        """``"name" in manager``: whether an extension of that name is loaded."""
        return name in self._state.name_set

    def __iter__(self) -> Iterator[ExtensionRecord]:
        """The loaded extensions' records, in call order (as stevedore's
        managers iterate over their extensions, not their names)."""
        return iter(self._state.extensions)

    def __len__(self) -> int:
        """How many extensions are loaded."""
        return len(self._state.extensions)

    def to_dict(self) -> list[dict[str, Any]]:
        """Nailgun's ``GET /extensions`` payload, in call order."""
        return [record.to_dict() for record in self._state.extensions]

    def subset(
        self,
        names: Names,
        *,
        policy: Policy | None = None,
        required: bool = False,
    ) -> HookRelay:
        """Hooks that reach only the named extensions, in the global order.

        Cached per set of names and rebuilt when extensions change. Names that
        are not loaded are simply not called, unless ``required``: then,
        whenever one of them is not loaded (now, or after an
        :meth:`unregister`), every hook of the relay raises
        :class:`ExtensionNotFoundError` naming it instead of calling the
        others (the cluster and node scopes need that). Each hook follows
        its policy (:meth:`set_policy`) unless ``policy`` overrides it for
        every hook.

        ``names`` is a list or set (a string is refused: it would be read as
        its letters); names are compared without regard to case.
        """
        chosen = names_argument(names, "names")
        if chosen is None:
            raise TypeError("names must be a list or set of extension names, not None")
        return self._relay(chosen, policy, required)

    def with_policy(self, policy: Policy) -> HookRelay:
        """Hooks that reach every extension and follow ``policy``.

        ``manager.with_policy("collect").after_cluster_delete(cluster=c)``
        calls every implementation even if some raise, then raises one
        ``ExceptionGroup`` of the failures.
        """
        return self._relay(None, check_policy(policy), False)

    def set_policy(self, hook: str, policy: Policy) -> None:
        """Make ``policy`` the default of ``hook`` in ``manager.hook`` and in
        every :meth:`subset` (``with_policy`` relays keep theirs)."""
        policy = check_policy(policy)
        if hook not in specs():
            hint = did_you_mean(hook, specs())
            raise PolicyError(
                f"cannot set a policy for {hook!r}: no such hook"
                + (f"; {hint}" if hint else "")
            )
        with self._lock:
            policies = {**self._policies, hook: policy}
            state = self._state
            prepared = [
                (relay, self._prepare(state, key, policies))
                for key, relay in list(self._relays.items())
                if key[1] is None
            ]
            self._policies = policies
            for relay, snapshot in prepared:
                relay.publish(snapshot)

    @property
    def tracing(self) -> bool:
        """Whether hook calls are logged to ``nailgun_hooks.trace``."""
        return self._trace

    def set_tracing(self, enabled: bool) -> None:
        """Log every hook call through this manager's relays (``hook``,
        :meth:`subset`, :meth:`with_policy`, :meth:`for_cluster`,
        :meth:`for_node`): the argument types, each extension reached and
        how long it took. Switching rebuilds the callers; with tracing off
        they are the untraced ones, so it costs nothing."""
        with self._lock:
            trace = bool(enabled)
            state = self._state
            prepared = [
                (relay, self._prepare(state, key, trace=trace))
                for key, relay in list(self._relays.items())
            ]
            self._trace = trace
            for relay, snapshot in prepared:
                relay.publish(snapshot)

    def get_policy(self, hook: str) -> Policy:
        """The policy ``manager.hook.<hook>`` follows."""
        return self._policies.get(hook, "propagate")

    def _relay(
        self, names: frozenset[str] | None, policy: Policy | None, required: bool
    ) -> HookRelay:
        if policy is not None:
            policy = check_policy(policy)
        key = (names, policy, required and names is not None)
        relay = self._relays.get(key)
        if relay is None:
            with self._lock:
                relay = self._relays.get(key)
                if relay is None:
                    relay = HookRelay()
                    relay.publish(self._prepare(self._state, key))
                    self._relays[key] = relay
        return relay

    def for_cluster(self, cluster: Cluster) -> HookRelay:
        """The hooks of the extensions enabled on ``cluster``, in global order.

        For the cluster-scoped events: the deployment check, the serializer
        callbacks and the data pipelines. Raises
        :class:`ExtensionNotFoundError` naming every enabled extension that is
        not loaded, and whether it is not installed or was rejected at startup;
        so does every call through the relay if one of them is unregistered
        later.
        """
        return cluster_relay(self, cluster)

    def for_node(self, node: Node) -> NodeCalls:
        """First-result calls for ``node``: its own extensions are asked
        first, then its cluster's (Nailgun's ``node_extension_call``)."""
        return NodeCalls(self, node)

    def urls(self) -> tuple[Route, ...]:
        """Every extension's URL handlers, in call order."""
        return routes(self._state.extensions)

    def _prepare(
        self,
        state: _State,
        key: _RelayKey,
        policies: Mapping[str, Policy] | None = None,
        *,
        trace: bool | None = None,
    ) -> Snapshot:
        """The callers relay ``key`` gets over ``state``, built, not placed."""
        names, policy, required = key
        unavailable = None
        if required and names is not None and not names <= state.name_set:
            unavailable = missing_message(
                state.extensions,
                self._problems,
                sorted(names - state.name_set),
                "this scope",
                state.unregistered,
            )
        return HookRelay.prepare(
            state.plugin_manager,
            names,
            policy=policy,
            policies=self._policies if policies is None else policies,
            distributions=state.distributions,
            order=state.order,
            unavailable=unavailable,
            trace=self._trace if trace is None else trace,
        )

    def register(self, obj: object) -> ExtensionRecord:
        """Add an extension object at run time, validated like any other.

        Raises :class:`ExtensionValidationError` if it, or the set it joins
        (a duplicate name, an ordering cycle, an object pluggy refuses), has
        problems; the manager is then left exactly as it was.
        """
        made = candidate(obj)  # through the guard, as at startup
        if not isinstance(made, Candidate):
            raise ExtensionValidationError([made])
        newcomer = made.record
        with self._lock:
            state = self._state
            known = state.known | {newcomer.name}
            candidates = [Candidate(record) for record in state.extensions]
            candidates.append(made)
            gone = state.unregistered - {newcomer.name}
            self._change(state, known, gone, candidates)
            return self.get(newcomer.name)

    def unregister(self, name: str) -> ExtensionRecord:
        """Remove a loaded extension; its hooks stop being called.

        The rest are registered anew, as a set loaded without it would be;
        should that fail (an object that changed since it was registered),
        :class:`ExtensionValidationError` says why and the manager is left
        exactly as it was.
        """
        with self._lock:
            state = self._state
            record = self.get(name)
            remaining = [Candidate(r) for r in state.extensions if r.name != name]
            gone = state.unregistered | {name}
            self._change(state, state.known, gone, remaining)
            return record

    def _change(
        self,
        state: _State,
        known: frozenset[str],
        unregistered: frozenset[str],
        candidates: list[Candidate],
    ) -> None:
        """Build the state of ``candidates`` and every relay over it, then
        publish them; anything raising on the way publishes nothing."""
        started: StartupResult = assemble_and_register(
            candidates, installed=known, strict=True
        )
        new = _State(started.plugin_manager, started.extensions, known, unregistered)
        try:
            new.plugin_manager.inherit_tracing(state.plugin_manager)
            prepared = [
                (relay, self._prepare(new, key)) for key, relay in self._relays.items()
            ]
        except BaseException:
            new.plugin_manager.undo_inherit_tracing(state.plugin_manager)
            raise
        self._state = new
        for relay, snapshot in prepared:
            relay.publish(snapshot)
        state.plugin_manager.release_tracing()

    def __repr__(self) -> str:
        names, problems = list(self.names()), len(self._problems)
        return f"<HookManager extensions={names} problems={problems}>"
