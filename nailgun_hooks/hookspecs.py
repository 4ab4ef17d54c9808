"""Every event Nailgun fires at its extensions: the single source of truth.

Each function below is a pluggy hookspec. Its parameters are the keyword
arguments Nailgun passes, its annotations are what an implementation may rely
on, and its return annotation is what Nailgun does with a result. The decorator
records the event's *scope* (``all``: every installed extension; ``cluster``:
only the extensions enabled on the cluster, in global order; ``node``: the
node's extensions first, then its cluster's) and its *kind* (notification,
in-place data pipeline, or first-result call).

An implementation may declare any subset of a spec's parameters, in any order.
Raising from a notification aborts the Nailgun operation that fired it: that is
how an extension vetoes, e.g., a deployment check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .markers import event
from .types import Cluster, ClusterData, Node, NodeData, NodeGroup, Volumes, YaqlContext

__all__ = [
    "after_cluster_delete",
    "before_cluster_delete",
    "get_node_volumes",
    "on_before_deployment_check",
    "on_before_deployment_serialization",
    "on_before_provisioning_serialization",
    "on_cluster_create",
    "on_cluster_delete",
    "on_cluster_patch_attributes",
    "on_node_collection_delete",
    "on_node_create",
    "on_node_delete",
    "on_node_reset",
    "on_node_update",
    "on_nodegroup_create",
    "on_nodegroup_delete",
    "on_remove_node_from_cluster",
    "process_deployment_for_cluster",
    "process_deployment_for_node",
    "process_provisioning_for_cluster",
    "process_provisioning_for_node",
    "set_default_node_volumes",
    "set_node_volumes",
    "setup_yaql_context",
]

# --- nodes -------------------------------------------------------------------


@event()
def on_node_create(node: Node) -> None:
    """A node was created (end of ``Node.create``), already in the database.

    :param node: the new node.
    Return value: ignored. Raising aborts the creation.
    """


@event()
def on_node_update(node: Node) -> None:
    """A node's roles, pending roles, cluster or disks changed (``Node.update``).

    :param node: the node, with its new values.
    Return value: ignored. Raising aborts the update.
    """


@event()
def on_node_reset(node: Node) -> None:
    """A node is reset to discovery (``Node.reset_to_discover``).

    :param node: the node being reset.
    Return value: ignored. Raising aborts the reset.
    """


@event()
def on_node_delete(node: Node) -> None:
    """A node is being deleted (``Node.delete``), before its row goes.

    :param node: the node, still readable.
    Return value: ignored. Raising aborts the deletion.
    """


@event()
def on_remove_node_from_cluster(node: Node) -> None:
    """A node leaves its cluster (``Node.remove_from_cluster``).

    :param node: the node; ``node.cluster`` is still the cluster it leaves.
    Return value: ignored. Raising aborts the removal.
    """


@event()
def on_node_collection_delete(node_ids: Sequence[int]) -> None:
    """Several nodes are deleted at once (``NodeCollection.delete_by_ids``,
    ``Cluster.delete``).

    :param node_ids: ids of the nodes being deleted.
    Return value: ignored. Raising aborts the deletion.
    """


# --- node groups -------------------------------------------------------------


@event()
def on_nodegroup_create(nodegroup: NodeGroup) -> None:
    """A node group was created (``NodeGroup.create``).

    :param nodegroup: the new node group.
    Return value: ignored. Raising aborts the creation (Nailgun's network
    managers reject node groups this way).
    """


@event()
def on_nodegroup_delete(nodegroup: NodeGroup) -> None:
    """A node group is being deleted (``NodeGroup.delete``).

    :param nodegroup: the node group being deleted.
    Return value: ignored. Raising aborts the deletion.
    """


# --- clusters ----------------------------------------------------------------


@event()
def on_cluster_create(cluster: Cluster, data: Mapping[str, Any]) -> None:
    """A cluster was created (``Cluster.create``).

    :param cluster: the new cluster.
    :param data: the request body it was created from (read-only).
    Return value: ignored. Raising aborts the creation.
    """


@event()
def on_cluster_patch_attributes(
    cluster: Cluster, public_map: Mapping[int, bool] | None
) -> None:
    """A cluster's attributes were patched (``Cluster.patch_attributes``).

    :param cluster: the cluster, with its new attributes.
    :param public_map: ``{node_id: has_public_network}``, or None when the
        patch did not touch public network assignment.
    Return value: ignored. Raising aborts the patch.
    """


@event()
def before_cluster_delete(cluster: Cluster) -> None:
    """A cluster is about to be deleted: its nodes and data are still there.

    :param cluster: the cluster.
    Return value: ignored. Raising aborts the deletion.
    """


@event()
def on_cluster_delete(cluster: Cluster) -> None:
    """A cluster is being deleted (``Cluster.delete``).

    :param cluster: the cluster.
    Return value: ignored. Raising aborts the deletion.
    """


@event()
def after_cluster_delete(cluster: Cluster) -> None:
    """A cluster was deleted; the object is detached and read-only.

    :param cluster: the deleted cluster.
    Return value: ignored. Raising is reported, but the deletion stands.
    """


@event()
def setup_yaql_context(yaql_context: YaqlContext) -> None:
    """Nailgun builds the YAQL context used by deployment task conditions.

    :param yaql_context: the context; add functions or values to it in place.
    Return value: ignored. Raising aborts the evaluation.
    """


# --- deployment and provisioning (cluster scope) -----------------------------


@event(scope="cluster")
def on_before_deployment_check(cluster: Cluster, nodes: Sequence[Node]) -> None:
    """Before a deployment starts (``CheckBeforeDeploymentTask``).

    Fired only at the extensions enabled on ``cluster``.

    :param cluster: the cluster about to be deployed.
    :param nodes: the nodes that will be deployed.
    Return value: ignored. Raising fails the check and so the deployment;
    the exception's message is shown to the operator.
    """


@event(scope="cluster")
def on_before_deployment_serialization(
    cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool
) -> None:
    """Before the deployment serializer runs.

    Fired only at the extensions enabled on ``cluster``.

    :param cluster: the cluster being serialized.
    :param nodes: the nodes being serialized.
    :param ignore_customized: True when the operator's customized
        (uploaded) facts are ignored for this run.
    Return value: ignored. Raising aborts serialization.
    """


@event(scope="cluster")
def on_before_provisioning_serialization(
    cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool
) -> None:
    """Before the provisioning serializer runs.

    Fired only at the extensions enabled on ``cluster``.

    :param cluster: the cluster being serialized.
    :param nodes: the nodes being provisioned.
    :param ignore_customized: True when customized facts are ignored.
    Return value: ignored. Raising aborts serialization.
    """


# --- data pipelines: edit serialized data in place, in extension order -------


@event(scope="cluster", kind="pipeline")
def process_deployment_for_cluster(cluster: Cluster, cluster_data: ClusterData) -> None:
    """Edit the serialized deployment data of a cluster, in place.

    Runs in extension order; each pipeline sees the previous one's edits.

    :param cluster: the cluster being serialized.
    :param cluster_data: the serialized cluster data; mutate it.
    Return value: ignored (a returned copy would be lost: edit in place).
    Raising aborts serialization.
    """


@event(scope="cluster", kind="pipeline")
def process_deployment_for_node(node: Node, node_data: NodeData) -> None:
    """Edit the serialized deployment data of one node, in place.

    Runs in extension order; each pipeline sees the previous one's edits.

    :param node: the node being serialized.
    :param node_data: the node's serialized data; mutate it.
    Return value: ignored. Raising aborts serialization.
    """


@event(scope="cluster", kind="pipeline")
def process_provisioning_for_cluster(
    cluster: Cluster, cluster_data: ClusterData
) -> None:
    """Edit the serialized provisioning data of a cluster, in place.

    :param cluster: the cluster being provisioned.
    :param cluster_data: the serialized cluster data; mutate it.
    Return value: ignored. Raising aborts serialization.
    """


@event(scope="cluster", kind="pipeline")
def process_provisioning_for_node(node: Node, node_data: NodeData) -> None:
    """Edit the serialized provisioning data of one node, in place.

    :param node: the node being provisioned.
    :param node_data: the node's serialized data; mutate it.
    Return value: ignored. Raising aborts serialization.
    """


# --- first-result calls (the volume manager's API) ---------------------------


@event(scope="node", kind="first-result")
def get_node_volumes(node: Node) -> Volumes | None:
    """Return the node's volume layout.

    First-result: extensions are asked in order and the first non-None answer
    is returned; return None to say "not mine".

    :param node: the node.
    Return value: the volumes, or None.
    """


@event(scope="node", kind="first-result")
def set_node_volumes(node: Node, volumes: Volumes) -> bool | None:
    """Store a new volume layout for the node.

    First-result: return True once stored, so no later extension stores it
    again; return None to leave it to the next extension.

    :param node: the node.
    :param volumes: the new layout.
    Return value: True when handled, or None.
    """


@event(scope="node", kind="first-result")
def set_default_node_volumes(node: Node) -> bool | None:
    """Reset the node's volume layout to the default for its roles and disks.

    First-result: return True once done, or None to leave it to the next
    extension.

    :param node: the node.
    Return value: True when handled, or None.
    """
