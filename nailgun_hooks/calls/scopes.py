"""Cluster and node scopes: Nailgun's rules for who receives an event.

Some events go only to the extensions enabled on a cluster (the deployment
check, the serializer callbacks, the data pipelines), and first-result calls
ask a node's own extensions before its cluster's (Nailgun's
``node_extension_call``). Both are built on ``HookManager.subset``: a cached
relay restricted to some extensions, in the global call order, rebuilt when
extensions are registered or unregistered.

An enabled name that is not loaded is an error here, never skipped: skipping
it would let another extension answer for it (a different volume layout) or
let a deployment check pass that should have failed. The scopes' relays are
``required`` subsets, so the rule holds atomically: one taken before an
extension is unregistered (or while it is, on another thread) raises
instead of running without it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, cast

from ..errors import ExtensionNotFoundError, Problem, did_you_mean
from ..spec.catalogue import specs
from ..startup.records import ExtensionRecord
from ..startup.selection import Names
from ..types import Cluster, Node, Volumes
from .relay import HookRelay

_P = ParamSpec("_P")
_R = TypeVar("_R")

__all__ = [
    "LoadedExtensions",
    "NodeCalls",
    "check_enabled",
    "cluster_relay",
    "missing_message",
]


class LoadedExtensions(Protocol):
    """What scoping needs of the manager (:class:`~nailgun_hooks.HookManager`
    is one), so that this layer does not import the layer above it."""

    @property
    def extensions(self) -> tuple[ExtensionRecord, ...]: ...

    @property
    def problems(self) -> tuple[Problem, ...]: ...

    @property
    def name_set(self) -> frozenset[str]: ...

    @property
    def unregistered(self) -> frozenset[str]: ...

    def names(self) -> tuple[str, ...]: ...

    def get(self, name: str) -> ExtensionRecord: ...

    def subset(self, names: Names, *, required: bool = ...) -> HookRelay: ...


def _describe_missing(
    extensions: Sequence[ExtensionRecord],
    problems: Iterable[Problem],
    unregistered: Collection[str],
    name: str,
) -> str:
    if name in unregistered:
        return f"{name!r} was unregistered"
    rejected = [p for p in problems if p.extension == name]
    if rejected:
        reasons = "; ".join(f"[{p.code}] {p.message}" for p in rejected)
        return f"{name!r} was rejected at startup ({reasons})"
    hint = did_you_mean(name, [record.name for record in extensions])
    return f"{name!r} is not installed" + (f"; {hint}" if hint else "")


def missing_message(
    extensions: Sequence[ExtensionRecord],
    problems: Iterable[Problem],
    missing: Iterable[str],
    owner: str,
    unregistered: Collection[str] = (),
) -> str:
    """What :class:`ExtensionNotFoundError` says when ``owner`` enables
    the ``missing`` names, none of them among the loaded ``extensions``."""
    problems = tuple(problems)
    details = "; ".join(
        _describe_missing(extensions, problems, unregistered, name) for name in missing
    )
    loaded = ", ".join(record.name for record in extensions)
    return (
        f"{owner} enables extension(s) that are not loaded: {details}. "
        f"Loaded: {loaded or 'none'}. Install or fix them, or "
        "remove them from the enabled extensions"
    )


def check_enabled(
    manager: LoadedExtensions,
    names: Iterable[str],
    owner: str,
    extensions: Sequence[ExtensionRecord] | None = None,
) -> None:
    """Raise :class:`ExtensionNotFoundError` naming every enabled name that
    is not loaded, and why (not installed, or rejected at startup).

    ``extensions``: the loaded set to judge by (one read of
    ``manager.extensions``, so that a concurrent change cannot make two
    reads disagree); the manager's current one by default.
    """
    if extensions is None:
        extensions = manager.extensions
    loaded = {record.name for record in extensions}
    missing = [name for name in dict.fromkeys(names) if name not in loaded]
    if missing:
        raise ExtensionNotFoundError(
            missing_message(
                extensions, manager.problems, missing, owner, manager.unregistered
            )
        )


def _label(kind: str, obj: object) -> str:
    return f"{kind} {getattr(obj, 'id', '?')!r}"


def cluster_relay(manager: LoadedExtensions, cluster: Cluster) -> HookRelay:
    """The hooks of the extensions enabled on ``cluster``, in global order."""
    enabled = list(cluster.extensions)  # read once: the check and the relay agree
    names = frozenset(enabled)
    if not names <= manager.name_set:
        check_enabled(manager, enabled, _label("cluster", cluster))
    # required: should one of them be unregistered after the check (or
    # after the caller took the relay), calls raise instead of skipping it
    return manager.subset(names, required=True)


class NodeCalls:
    """First-result calls for one node, with ``node_extension_call``'s
    precedence: the node's own extensions first, then its cluster's.

    Within each group extensions are asked in the global call order; the first
    answer that is not None wins. Each method's return type is its hookspec's.
    """

    __slots__ = ("_manager", "node")

    def __init__(self, manager: LoadedExtensions, node: Node) -> None:
        self._manager = manager
        self.node = node

    def get_node_volumes(self) -> Volumes | None:
        """The node's volume layout (hookspec ``get_node_volumes``)."""
        return cast("Volumes | None", self._first("get_node_volumes"))

    def set_node_volumes(self, *, volumes: Volumes) -> bool | None:
        """Store a volume layout (hookspec ``set_node_volumes``)."""
        return cast("bool | None", self._first("set_node_volumes", volumes=volumes))

    def set_default_node_volumes(self) -> bool | None:
        """Reset the layout to its default (hookspec ``set_default_node_volumes``)."""
        return cast("bool | None", self._first("set_default_node_volumes"))

    def declared(
        self,
        method: Callable[Concatenate[Node, _P], _R],
        /,
        *args: _P.args,
        **kwargs: _P.kwargs,
    ) -> _R | None:
        """A call an extension declares, named by the method that declares
        it (``Partitioning.get_node_simple_volumes``), so that mypy checks
        the arguments and the answer against that method; asked as
        :meth:`call` asks it."""
        return cast("_R | None", self.call(method.__name__, *args, **kwargs))

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Any first-result call by name, as Nailgun's
        ``node_extension_call(name, node, ...)``; prefer the typed methods.

        A call an extension declares itself (see ``docs/integration.md``)
        gets ``args`` and ``kwargs`` as given, after the node; a hookspec's
        call takes keyword arguments only.
        """
        spec = specs().get(name)
        if spec is None and any(
            name in dict(record.calls) for record in self._manager.extensions
        ):
            return self._first_declared(name, *args, **kwargs)
        if args:
            raise TypeError(f"{name}() is a hookspec's call: pass keyword arguments")
        if spec is None or not spec.firstresult:
            calls = [n for n, s in specs().items() if s.firstresult]
            hint = did_you_mean(name, calls)
            raise ExtensionNotFoundError(
                f"{name!r} is not a first-result call"
                + (f"; {hint}" if hint else "")
                + f" (those are {', '.join(calls)})"
            )
        return self._first(name, **kwargs)

    def _first(self, call: str, **kwargs: Any) -> Any:
        """The first answer that is not None, group by group."""
        for relay in self._relays(call):
            result = getattr(relay, call)(node=self.node, **kwargs)
            if result is not None:
                return result
        return None

    def _first_declared(self, call: str, *args: Any, **kwargs: Any) -> Any:
        """The first answer that is not None among the extensions declaring
        ``call``, group by group, each in the global order."""
        loaded = {record.name: record for record in self._manager.extensions}
        for group in self._groups(call, lambda r: call in dict(r.calls)):
            for record in sorted((loaded[n] for n in group), key=self._position):
                result = getattr(record.obj, call)(self.node, *args, **kwargs)
                if result is not None:
                    return result
        return None

    def _position(self, record: ExtensionRecord) -> int:
        return self._manager.names().index(record.name)

    def _relays(self, call: str) -> list[HookRelay]:
        """One relay per precedence group that has a provider of ``call``.

        Judged on one read of the loaded set; each relay requires its whole
        group, so an extension unregistered meanwhile makes the call raise
        rather than let the next group answer in its place.
        """
        groups = self._groups(call, lambda record: call in record.hooks)
        return [self._manager.subset(group, required=True) for group in groups]

    def _groups(
        self, call: str, provides: Callable[[ExtensionRecord], bool]
    ) -> list[list[str]]:
        """The node's own, then its cluster's, extensions that provide
        ``call``; groups with none left out, and an error when none is left."""
        node = self.node
        own = list(node.extensions)
        cluster = node.cluster
        inherited = [
            name
            for name in (cluster.extensions if cluster is not None else ())
            if name not in own
        ]
        where = _label("node", node)
        if cluster is not None:
            where += f" (or its {_label('cluster', cluster)})"
        extensions = self._manager.extensions
        check_enabled(self._manager, [*own, *inherited], where, extensions)
        loaded = {record.name: record for record in extensions}
        groups = [
            [name for name in group if provides(loaded[name])]
            for group in (own, inherited)
        ]
        if not any(groups):
            raise ExtensionNotFoundError(
                self._no_provider(call, own, inherited, extensions)
            )
        return [group for group in groups if group]

    def _no_provider(
        self,
        call: str,
        own: Sequence[str],
        inherited: Sequence[str],
        extensions: Sequence[ExtensionRecord],
    ) -> str:
        anywhere = [
            r.name for r in extensions if call in r.hooks or call in dict(r.calls)
        ]
        cluster_part = (
            f", its cluster enables {list(inherited)}"
            if self.node.cluster is not None
            else ", it has no cluster"
        )
        hint = (
            f"enable one of {anywhere} on the node or its cluster"
            if anywhere
            else "no loaded extension provides it: install one"
        )
        return (
            f"no extension enabled on {_label('node', self.node)} provides "
            f"{call!r} (the node enables {list(own)}{cluster_part}); {hint}"
        )

    def __repr__(self) -> str:
        return f"<NodeCalls for {_label('node', self.node)}>"
