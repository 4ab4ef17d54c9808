"""nailgun_hooks.inmemory: plain Nailgun objects that keep a cluster and its
nodes linked both ways, as Nailgun's ORM does."""

from __future__ import annotations

from nailgun_hooks.inmemory import MemoryCluster, MemoryNode, MemoryNodeGroup
from nailgun_hooks.types import Cluster, Node, NodeGroup


def test_a_node_is_named_after_its_id_unless_named() -> None:
    assert MemoryNode(7).name == "node-7"
    assert MemoryNode(7, name="controller").name == "controller"


def test_a_node_made_in_a_cluster_is_one_of_its_nodes() -> None:
    cluster = MemoryCluster(1, "env")
    node = MemoryNode(2, cluster=cluster)
    assert cluster.nodes == [node]
    assert node.cluster_id == 1
    MemoryNode(3, cluster=cluster)
    assert [n.id for n in cluster.nodes] == [2, 3]


def test_adding_a_node_moves_it_out_of_its_previous_cluster() -> None:
    first, second = MemoryCluster(1, "first"), MemoryCluster(2, "second")
    node = MemoryNode(3, cluster=first)
    assert second.add(node) is node
    assert (first.nodes, second.nodes) == ([], [node])
    assert node.cluster is second and node.cluster_id == 2


def test_removing_a_node_unlinks_both_sides() -> None:
    cluster = MemoryCluster(1, "env")
    node = cluster.add(MemoryNode(2))
    assert cluster.remove(node) is node
    assert cluster.nodes == [] and node.cluster is None and node.cluster_id is None


def test_objects_compare_by_identity_not_by_value() -> None:
    """Two nodes with the same fields are two servers, as ORM rows are."""
    assert MemoryNode(1) != MemoryNode(1)
    cluster = MemoryCluster(1, "env")
    cluster.add(MemoryNode(1))
    cluster.add(MemoryNode(1))
    assert len(cluster.nodes) == 2


def test_they_satisfy_the_protocols_extensions_are_typed_against() -> None:
    cluster = MemoryCluster(1, "env", extensions=["audit"])
    group = MemoryNodeGroup(4, "default", cluster_id=1, is_default=True)
    assert isinstance(cluster, Cluster)
    assert isinstance(cluster.add(MemoryNode(2)), Node)
    assert isinstance(group, NodeGroup)
