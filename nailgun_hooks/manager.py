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
import weakref
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

import pluggy

from . import hookspecs, legacy
from .errors import (
    ExtensionNotFoundError,
    ExtensionValidationError,
    Problem,
    did_you_mean,
)
from .markers import EVENT_ATTR, PROJECT_NAME
from .markscan import candidate_names, marker_opts, static_hook_attr
from .markscan import has_static_lookup as _has_static_lookup
from .policy import Policy, PolicyError, check_policy
from .records import ExtensionRecord
from .registration import Found, found_for, register_all
from .relay import HookRelay
from .rest import Route, routes
from .scopes import NodeCalls, cluster_relay

if TYPE_CHECKING:
    from .types import Cluster, Node

_STATIC_LOOKUP = _has_static_lookup()

# Old-style handlers are recognised by name alone (nailgun_hooks.legacy).
_EVENTS = frozenset(
    name for name, value in vars(hookspecs).items() if hasattr(value, EVENT_ATTR)
)

# What a cached relay is restricted to: extension names (None: all) and a
# policy for every hook (None: each hook's own).
_RelayKey = tuple[frozenset[str] | None, Policy | None]


class NailgunPluginManager(pluggy.PluginManager):
    """pluggy's manager with Nailgun's hookspecs already added.

    It also tells the relays built over it when tracing or monitoring is
    switched on or off (pluggy does so by replacing ``_inner_hookexec``), so
    that their generated callers need not check on every call.
    """

    def __init__(self) -> None:
        self._relays: weakref.WeakSet[HookRelay] = weakref.WeakSet()
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
        names = candidate_names(plugin, self._marker, also=_EVENTS)
        idle = legacy.idle_runners(plugin, self._marker)
        return names - idle if idle else names

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
        pipelines (see :mod:`nailgun_hooks.legacy`): recognised here, once,
        so that registration and validation see the same implementations."""
        scan = self._scan
        if scan is not None and scan[0] is plugin and name not in scan[1]:
            return None
        opts: pluggy.HookimplOpts | None
        if _STATIC_LOOKUP:  # pluggy's own answer, found faster (see markscan)
            found = static_hook_attr(plugin, name)
            marked = None if found is None else marker_opts(found[0], self._marker)
            opts = cast(pluggy.HookimplOpts | None, marked)
        else:  # pragma: no cover - a pluggy without _static_hook_attr
            opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None:
            opts = legacy.hookimpl_opts(plugin, name)
        return opts

    def _verify_hook(self, hook: pluggy.HookCaller, hookimpl: pluggy.HookImpl) -> None:
        """pluggy's check of every implementation it registers, once old-style
        ones are bound by position (:func:`nailgun_hooks.legacy.bind_positionally`):
        every way of registering goes through here."""
        if hook.spec is not None:
            legacy.bind_positionally(hookimpl, hook.spec.argnames)
        super()._verify_hook(hook, hookimpl)

    def watch_hookexec(self, relay: HookRelay) -> None:
        """Rebuild ``relay``'s callers whenever ``_inner_hookexec`` changes."""
        self._relays.add(relay)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "_inner_hookexec":
            for relay in list(self._relays):
                relay._hookexec_replaced()


class HookManager:
    """Loaded extensions, in call order, and the hooks that reach them."""

    def __init__(
        self,
        plugin_manager: NailgunPluginManager,
        extensions: tuple[ExtensionRecord, ...],
        problems: tuple[Problem, ...],
        *,
        known: Collection[str] = (),
    ) -> None:
        self.plugin_manager = plugin_manager
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
        from .catalogue import specs

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
        relay._install(
            self.plugin_manager,
            only=names,
            policy=policy,
            policies=self._policies,
            distributions={r.name: r.distribution for r in self._extensions},
        )

    def register(self, obj: object) -> ExtensionRecord:
        """Add an extension object at run time, validated like any other.

        Raises :class:`ExtensionValidationError` if it, or the set it joins
        (a duplicate name, an ordering cycle), has problems; the loaded set is
        then left as it was.
        """
        from .assembly import Candidate, assemble
        from .records import instantiate, record_for_object

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


def register_in_order(
    plugin_manager: pluggy.PluginManager,
    extensions: tuple[ExtensionRecord, ...],
    found: Mapping[str, tuple[object, Found]] | None = None,
) -> None:
    """Register so that pluggy calls the extensions in ``extensions`` order.

    pluggy's own order depends on registration order, and not even uniformly:
    the last registered runs first among plain and tryfirst implementations
    but last among trylast ones. So each hook's list is put in the
    documented layout of ``HookCaller._hookimpls`` (called in reverse:
    trylast, plain, tryfirst non-wrappers, then the same tiers of wrappers)
    with our order inside each tier.

    pluggy's own managers (and ours) get all extensions in one pass with one
    sort per hook (:mod:`.registration`); ``found`` maps an extension name to
    its object and what validation found on it (``assembly.found``), so that
    nothing is looked up twice. A manager with its own ``register`` gets
    ``register`` called for each extension, then the sort.
    """
    position = {record.name: index for index, record in enumerate(extensions)}

    def layout(impl: pluggy.HookImpl) -> tuple[bool, int, int]:
        tier = 0 if impl.trylast else 2 if impl.tryfirst else 1
        wrapper = bool(impl.wrapper or impl.hookwrapper)
        return (wrapper, tier, -position.get(impl.plugin_name, -1))

    if type(plugin_manager).register in _PLAIN_REGISTER:
        known = found or {}
        accepted = []
        for record in extensions:
            obj, entry = known.get(record.name, (None, None))
            if entry is None or obj is not record.obj:
                entry = found_for(plugin_manager, record.obj)
            accepted.append(entry)
        register_all(plugin_manager, extensions, accepted, layout)
        return
    for record in reversed(extensions):
        plugin_manager.register(record.obj, name=record.name)
    for caller in vars(plugin_manager.hook).values():
        if isinstance(caller, pluggy.HookCaller):
            caller._hookimpls.sort(key=layout)


# ``register`` methods that do what pluggy's does, and nothing else.
_PLAIN_REGISTER = (pluggy.PluginManager.register, NailgunPluginManager.register)
