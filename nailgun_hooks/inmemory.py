"""Plain in-memory Nailgun objects for the demo and for extensions' tests.

Nailgun passes SQLAlchemy models, but extensions see them only through the
Protocols in :mod:`nailgun_hooks.types`. These dataclasses satisfy the same
Protocols without a database, so the demo and an extension's own tests call
an extension exactly as Nailgun does. They keep the two-way link between a
cluster and its nodes consistent, as the ORM would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .types import Cluster, Node, NodeGroup

__all__ = ["MemoryCluster", "MemoryNode", "MemoryNodeGroup"]


@dataclass(eq=False)
class MemoryNode:
    """A node; ``name`` defaults to ``node-<id>``."""

    id: int
    name: str = ""
    status: str = "discover"
    roles: list[str] = field(default_factory=list)
    pending_roles: list[str] = field(default_factory=list)
    extensions: list[str] = field(default_factory=list)
    cluster: MemoryCluster | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not self.name:
            self.name = f"node-{self.id}"
        if self.cluster is not None and self not in self.cluster.nodes:
            self.cluster.nodes.append(self)

    @property
    def cluster_id(self) -> int | None:
        return None if self.cluster is None else self.cluster.id


@dataclass(eq=False)
class MemoryCluster:
    """A cluster; ``extensions`` names the extensions enabled on it, in order."""

    id: int
    name: str
    status: str = "new"
    extensions: list[str] = field(default_factory=list)
    nodes: list[MemoryNode] = field(default_factory=list, repr=False)

    def add(self, node: MemoryNode) -> MemoryNode:
        """Put ``node`` in this cluster (taking it out of its previous one)."""
        if node.cluster is not None:
            node.cluster.remove(node)
        node.cluster = self
        self.nodes.append(node)
        return node

    def remove(self, node: MemoryNode) -> MemoryNode:
        """Take ``node`` out of this cluster."""
        self.nodes.remove(node)
        node.cluster = None
        return node


@dataclass(eq=False)
class MemoryNodeGroup:
    """A node group of a cluster."""

    id: int
    name: str
    cluster_id: int
    is_default: bool = False
    nodes: list[MemoryNode] = field(default_factory=list, repr=False)


if TYPE_CHECKING:
    # mypy proves here that the dataclasses satisfy the Protocols.
    def _conforms(
        node: MemoryNode, cluster: MemoryCluster, group: MemoryNodeGroup
    ) -> tuple[Node, Cluster, NodeGroup]:
        return node, cluster, group
