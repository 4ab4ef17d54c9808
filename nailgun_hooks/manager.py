"""The one object Nailgun holds: the hooks, the extensions and their problems.

Changing the set of extensions (``register`` / ``unregister``) re-validates,
re-orders and re-registers everything into the same pluggy manager under a
lock, then swaps every relay's callers: callers running meanwhile finish on
the set they started with. Relays restricted to some extensions
(:meth:`HookManager.subset`) or with another error policy
(:meth:`HookManager.with_policy`) are cached and rebuilt the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .calls.policy import Policy, PolicyError, check_policy
from .calls.relay import HookRelay
from .calls.scopes import NodeCalls, cluster_relay
from .calls.tracing import tracing_from_env
from .errors import (
    ExtensionNotFoundError,
    ExtensionValidationError,
    Problem,
    did_you_mean,
)
from .spec.catalogue import specs
from .startup.assembly import Candidate, assemble
from .startup.instantiation import instantiate, is_extension_class
from .startup.plugin_manager import NailgunPluginManager, register_in_order
from .startup.recognition import Found
from .startup.records import ExtensionRecord, record_for_object
from .startup.urls import Route, routes

if TYPE_CHECKING:
    from .types import Cluster, Node

__all__ = [
    "HookManager",
    "NailgunPluginManager",
    "register_in_order",
]

# What a cached relay is restricted to: extension names (None: all) and a
# policy for every hook (None: each hook's own).
_RelayKey = tuple[frozenset[str] | None, Policy | None]


class HookManager:
    """Loaded extensions, in call order, and the hooks that reach them."""

    def __init__(
        self,
        plugin_manager: NailgunPluginManager,
        extensions: tuple[ExtensionRecord, ...],
        problems: tuple[Problem, ...],
        *,
        known: Collection[str] = (),
        trace: bool | None = None,
    ) -> None:
        """:param trace: log every hook call to ``nailgun_hooks.trace``
        (see :meth:`set_tracing`); None reads ``NAILGUN_HOOKS_TRACE``."""
        self.plugin_manager = plugin_manager
        self._trace = tracing_from_env() if trace is None else trace
        self._known = frozenset(known) | {record.name for record in extensions}
        self.hook = HookRelay()
        self._extensions = extensions
        self._name_set = frozenset(record.name for record in extensions)
        self._problems = problems
        self._lock = threading.RLock()
        self._policies: dict[str, Policy] = {}
        self._relays: dict[_RelayKey, HookRelay] = {(None, None): self.hook}
        self._install(self.hook, None, None)

    @property
    def extensions(self) -> tuple[ExtensionRecord, ...]:
        """The loaded extensions, in call order."""
        return self._extensions

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What was rejected at startup and why (empty in strict mode)."""
        return self._problems

    def names(self) -> tuple[str, ...]:
        return tuple(record.name for record in self._extensions)

    @property
    def name_set(self) -> frozenset[str]:
        """The loaded extensions' names, for fast membership tests."""
        return self._name_set

    def get(self, name: str) -> ExtensionRecord:
        """The loaded extension called ``name``."""
        for record in self._extensions:
            if record.name == name:
                return record
        raise ExtensionNotFoundError(
            f"no loaded extension is named {name!r}; loaded: "
            f"{', '.join(self.names()) or 'none'}"
        )

    def __contains__(self, name: object) -> bool:
        return any(record.name == name for record in self._extensions)

    def __iter__(self) -> Iterator[ExtensionRecord]:
        return iter(self._extensions)

    def __len__(self) -> int:
        return len(self._extensions)

    def to_dict(self) -> list[dict[str, Any]]:
        """Nailgun's ``GET /extensions`` payload, in call order."""
        return [record.to_dict() for record in self._extensions]

    def subset(
        self, names: Iterable[str], *, policy: Policy | None = None
    ) -> HookRelay:
        """Hooks that reach only the named extensions, in the global order.

        Cached per set of names and rebuilt when extensions change. Names that
        are not loaded are simply not called; callers that must reject them
        (cluster scope) check first. Each hook follows its policy
        (:meth:`set_policy`) unless ``policy`` overrides it for every hook.
        """
        return self._relay(frozenset(names), policy)

    def with_policy(self, policy: Policy) -> HookRelay:
        """Hooks that reach every extension and follow ``policy``.

        ``manager.with_policy("collect").after_cluster_delete(cluster=c)``
        calls every implementation even if some raise, then raises one
        ``ExceptionGroup`` of the failures.
        """
        return self._relay(None, check_policy(policy))

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
            self._policies[hook] = policy
            for (names, fixed), relay in list(self._relays.items()):
                if fixed is None:
                    self._install(relay, names, None)

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
            self._trace = bool(enabled)
            for (names, policy), relay in list(self._relays.items()):
                self._install(relay, names, policy)

    def get_policy(self, hook: str) -> Policy:
        """The policy ``manager.hook.<hook>`` follows."""
        return self._policies.get(hook, "propagate")

    def _relay(self, names: frozenset[str] | None, policy: Policy | None) -> HookRelay:
        if policy is not None:
            policy = check_policy(policy)
        key = (names, policy)
        relay = self._relays.get(key)
        if relay is None:
            with self._lock:
                relay = self._relays.get(key)
                if relay is None:
                    relay = HookRelay()
                    self._install(relay, names, policy)
                    self._relays[key] = relay
        return relay

    def for_cluster(self, cluster: Cluster) -> HookRelay:
        """The hooks of the extensions enabled on ``cluster``, in global order.

        For the cluster-scoped events: the deployment check, the serializer
        callbacks and the data pipelines. Raises
        :class:`ExtensionNotFoundError` naming every enabled extension that is
        not loaded, and whether it is not installed or was rejected at startup.
        """
        return cluster_relay(self, cluster)

    def for_node(self, node: Node) -> NodeCalls:
        """First-result calls for ``node``: its own extensions are asked
        first, then its cluster's (Nailgun's ``node_extension_call``)."""
        return NodeCalls(self, node)

    def urls(self) -> tuple[Route, ...]:
        """Every extension's URL handlers, in call order."""
        return routes(self._extensions)

    def _install(
        self, relay: HookRelay, names: frozenset[str] | None, policy: Policy | None
    ) -> None:
        relay.install(
            self.plugin_manager,
            only=names,
            policy=policy,
            policies=self._policies,
            distributions={r.name: r.distribution for r in self._extensions},
            order=[r.name for r in self._extensions],
            trace=self._trace,
        )

    def register(self, obj: object) -> ExtensionRecord:
        """Add an extension object at run time, validated like any other.

        Raises :class:`ExtensionValidationError` if it, or the set it joins
        (a duplicate name, an ordering cycle), has problems; the loaded set is
        then left as it was.
        """
        if is_extension_class(obj):
            obj = instantiate(obj)
            if isinstance(obj, Problem):
                raise ExtensionValidationError([obj])
        with self._lock:
            newcomer = record_for_object(obj)
            candidates = [Candidate(record) for record in self._extensions]
            candidates.append(Candidate(newcomer))
            assembly = assemble(
                candidates,
                installed={*self._known, newcomer.name},
                plugin_manager=self.plugin_manager,
            )
            if assembly.problems:
                raise ExtensionValidationError(assembly.problems)
            self._known = frozenset({*self._known, newcomer.name})
            self._rebuild(assembly.extensions, assembly.found)
            return self.get(newcomer.name)

    def unregister(self, name: str) -> ExtensionRecord:
        """Remove a loaded extension; its hooks stop being called."""
        with self._lock:
            record = self.get(name)
            self._rebuild(tuple(r for r in self._extensions if r.name != name))
            return record

    def _rebuild(
        self,
        extensions: tuple[ExtensionRecord, ...],
        found: Mapping[str, tuple[object, Found]] | None = None,
    ) -> None:
        for plugin_name, _ in list(self.plugin_manager.list_name_plugin()):
            self.plugin_manager.unregister(name=plugin_name)
        register_in_order(self.plugin_manager, extensions, found)
        self._extensions = extensions
        self._name_set = frozenset(record.name for record in extensions)
        for (names, policy), relay in list(self._relays.items()):
            self._install(relay, names, policy)

    def __repr__(self) -> str:
        names, problems = list(self.names()), len(self._problems)
        return f"<HookManager extensions={names} problems={problems}>"
