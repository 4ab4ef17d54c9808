"""Structural types for the objects Nailgun passes to extensions.

Nailgun hands extensions SQLAlchemy model instances. Typing the arguments as
``typing.Protocol`` keeps extensions independent of Nailgun's ORM: Nailgun's
models satisfy them, and so does any plain object a test builds. Members are
read-only properties so that both plain attributes and ORM columns fit.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any, Protocol, TypeAlias, runtime_checkable

__all__ = [
    "Cluster",
    "ClusterData",
    "Node",
    "NodeData",
    "NodeGroup",
    "Volumes",
    "YaqlContext",
]


@runtime_checkable
class Cluster(Protocol):
    """An environment (Nailgun's ``Cluster`` model)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def extensions(self) -> list[str]:
        """Names of the extensions enabled on this cluster, in order (a list,
        as Nailgun's column gives it; a bare string would be its letters)."""
        ...

    @property
    def nodes(self) -> Sequence[Node]: ...


@runtime_checkable
class Node(Protocol):
    """A server known to Nailgun (Nailgun's ``Node`` model)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def roles(self) -> Sequence[str]: ...
    @property
    def pending_roles(self) -> Sequence[str]: ...
    @property
    def cluster_id(self) -> int | None: ...
    @property
    def cluster(self) -> Cluster | None: ...
    @property
    def extensions(self) -> list[str]:
        """Names of the extensions enabled on this node (asked first)."""
        ...


@runtime_checkable
class NodeGroup(Protocol):
    """A group of nodes sharing network settings (Nailgun's ``NodeGroup``)."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def cluster_id(self) -> int: ...
    @property
    def is_default(self) -> bool: ...
    @property
    def nodes(self) -> Sequence[Node]: ...


ClusterData: TypeAlias = MutableMapping[str, Any]
"""Serialized cluster data; pipelines edit it in place."""

NodeData: TypeAlias = MutableMapping[str, Any]
"""Serialized data of one node; pipelines edit it in place."""

Volumes: TypeAlias = list[dict[str, Any]]
"""A node's disk and volume layout, as Nailgun's volume manager stores it."""

YaqlContext: TypeAlias = MutableMapping[str, Any]
"""The YAQL evaluation context; extensions add functions or values to it."""
