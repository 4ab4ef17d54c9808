"""Typed calls of every Nailgun event: what ``manager.hook.<event>(...)``
accepts and returns, for mypy and for readers.

GENERATED from ``nailgun_hooks/hookspecs.py`` by ``python -m
nailgun_hooks.spec.typegen``: do not edit. The tests regenerate it and fail if it
differs, so it cannot drift from the specs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from ..types import (
    Cluster,
    ClusterData,
    Node,
    NodeData,
    NodeGroup,
    Volumes,
    YaqlContext,
)

if TYPE_CHECKING:
    import pluggy

    from ..spec.catalogue import HookSpec
    from .policy import Policy


class BoundHook(Protocol):
    """What every hook caller offers besides being called."""

    @property
    def name(self) -> str: ...
    @property
    def spec(self) -> HookSpec: ...
    @property
    def policy(self) -> Policy:
        """What happens when an implementation raises."""
        ...

    @property
    def fast(self) -> bool:
        """False when every call goes through pluggy's loop (an old-style
        hookwrapper, a wrapper under the collect policy, tracing on)."""
        ...

    @property
    def implementations(self) -> tuple[pluggy.HookImpl, ...]:
        """The implementations, in call order (wrappers first)."""
        ...

    @property
    def extension_names(self) -> tuple[str, ...]:
        """Names of the extensions implementing the hook, in call order."""
        ...


class OnNodeCreateHook(BoundHook, Protocol):
    """``on_node_create``: A node was created (end of ``Node.create``), already in the
    database."""

    def __call__(self, *, node: Node) -> list[None]: ...


class OnNodeUpdateHook(BoundHook, Protocol):
    """``on_node_update``: A node's roles, pending roles, cluster or disks changed
    (``Node.update``)."""

    def __call__(self, *, node: Node) -> list[None]: ...


class OnNodeResetHook(BoundHook, Protocol):
    """``on_node_reset``: A node is reset to discovery (``Node.reset_to_discover``)."""

    def __call__(self, *, node: Node) -> list[None]: ...


class OnNodeDeleteHook(BoundHook, Protocol):
    """``on_node_delete``: A node is being deleted (``Node.delete``), before its row
    goes."""

    def __call__(self, *, node: Node) -> list[None]: ...


class OnRemoveNodeFromClusterHook(BoundHook, Protocol):
    """``on_remove_node_from_cluster``: A node leaves its cluster
    (``Node.remove_from_cluster``)."""

    def __call__(self, *, node: Node) -> list[None]: ...


class OnNodeCollectionDeleteHook(BoundHook, Protocol):
    """``on_node_collection_delete``: Several nodes are deleted at once
    (``NodeCollection.delete_by_ids``, ``Cluster.delete``)."""

    def __call__(self, *, node_ids: Sequence[int]) -> list[None]: ...


class OnNodegroupCreateHook(BoundHook, Protocol):
    """``on_nodegroup_create``: A node group was created (``NodeGroup.create``)."""

    def __call__(self, *, nodegroup: NodeGroup) -> list[None]: ...


class OnNodegroupDeleteHook(BoundHook, Protocol):
    """``on_nodegroup_delete``: A node group is being deleted (``NodeGroup.delete``)."""

    def __call__(self, *, nodegroup: NodeGroup) -> list[None]: ...


class OnClusterCreateHook(BoundHook, Protocol):
    """``on_cluster_create``: A cluster was created (``Cluster.create``)."""

    def __call__(self, *, cluster: Cluster, data: Mapping[str, Any]) -> list[None]: ...


class OnClusterPatchAttributesHook(BoundHook, Protocol):
    """``on_cluster_patch_attributes``: A cluster's attributes were patched
    (``Cluster.patch_attributes``)."""

    def __call__(
        self, *, cluster: Cluster, public_map: Mapping[int, bool] | None
    ) -> list[None]: ...


class BeforeClusterDeleteHook(BoundHook, Protocol):
    """``before_cluster_delete``: A cluster is about to be deleted: its nodes and data
    are still there."""

    def __call__(self, *, cluster: Cluster) -> list[None]: ...


class OnClusterDeleteHook(BoundHook, Protocol):
    """``on_cluster_delete``: A cluster is being deleted (``Cluster.delete``)."""

    def __call__(self, *, cluster: Cluster) -> list[None]: ...


class AfterClusterDeleteHook(BoundHook, Protocol):
    """``after_cluster_delete``: A cluster was deleted; the object is detached and
    read-only."""

    def __call__(self, *, cluster: Cluster) -> list[None]: ...


class SetupYaqlContextHook(BoundHook, Protocol):
    """``setup_yaql_context``: Nailgun builds the YAQL context used by deployment task
    conditions."""

    def __call__(self, *, yaql_context: YaqlContext) -> list[None]: ...


class OnBeforeDeploymentCheckHook(BoundHook, Protocol):
    """``on_before_deployment_check``: Before a deployment starts
    (``CheckBeforeDeploymentTask``)."""

    def __call__(self, *, cluster: Cluster, nodes: Sequence[Node]) -> list[None]: ...


class OnBeforeDeploymentSerializationHook(BoundHook, Protocol):
    """``on_before_deployment_serialization``: Before the deployment serializer runs."""

    def __call__(
        self, *, cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool
    ) -> list[None]: ...


class OnBeforeProvisioningSerializationHook(BoundHook, Protocol):
    """``on_before_provisioning_serialization``: Before the provisioning serializer
    runs."""

    def __call__(
        self, *, cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool
    ) -> list[None]: ...


class ProcessDeploymentForClusterHook(BoundHook, Protocol):
    """``process_deployment_for_cluster``: Edit the serialized deployment data of a
    cluster, in place."""

    def __call__(
        self, *, cluster: Cluster, cluster_data: ClusterData
    ) -> list[None]: ...


class ProcessDeploymentForNodeHook(BoundHook, Protocol):
    """``process_deployment_for_node``: Edit the serialized deployment data of one node,
    in place."""

    def __call__(self, *, node: Node, node_data: NodeData) -> list[None]: ...


class ProcessProvisioningForClusterHook(BoundHook, Protocol):
    """``process_provisioning_for_cluster``: Edit the serialized provisioning data of a
    cluster, in place."""

    def __call__(
        self, *, cluster: Cluster, cluster_data: ClusterData
    ) -> list[None]: ...


class ProcessProvisioningForNodeHook(BoundHook, Protocol):
    """``process_provisioning_for_node``: Edit the serialized provisioning data of one
    node, in place."""

    def __call__(self, *, node: Node, node_data: NodeData) -> list[None]: ...


class GetNodeVolumesHook(BoundHook, Protocol):
    """``get_node_volumes``: Return the node's volume layout."""

    def __call__(self, *, node: Node) -> Volumes | None: ...


class SetNodeVolumesHook(BoundHook, Protocol):
    """``set_node_volumes``: Store a new volume layout for the node."""

    def __call__(self, *, node: Node, volumes: Volumes) -> bool | None: ...


class SetDefaultNodeVolumesHook(BoundHook, Protocol):
    """``set_default_node_volumes``: Reset the node's volume layout to the default for
    its roles and disks."""

    def __call__(self, *, node: Node) -> bool | None: ...


class Hooks:
    """One typed caller per event, filled in at run time by
    :class:`~nailgun_hooks.calls.relay.HookRelay` (declarations only: nothing
    here exists at run time until a relay is installed)."""

    on_node_create: OnNodeCreateHook
    on_node_update: OnNodeUpdateHook
    on_node_reset: OnNodeResetHook
    on_node_delete: OnNodeDeleteHook
    on_remove_node_from_cluster: OnRemoveNodeFromClusterHook
    on_node_collection_delete: OnNodeCollectionDeleteHook
    on_nodegroup_create: OnNodegroupCreateHook
    on_nodegroup_delete: OnNodegroupDeleteHook
    on_cluster_create: OnClusterCreateHook
    on_cluster_patch_attributes: OnClusterPatchAttributesHook
    before_cluster_delete: BeforeClusterDeleteHook
    on_cluster_delete: OnClusterDeleteHook
    after_cluster_delete: AfterClusterDeleteHook
    setup_yaql_context: SetupYaqlContextHook
    on_before_deployment_check: OnBeforeDeploymentCheckHook
    on_before_deployment_serialization: OnBeforeDeploymentSerializationHook
    on_before_provisioning_serialization: OnBeforeProvisioningSerializationHook
    process_deployment_for_cluster: ProcessDeploymentForClusterHook
    process_deployment_for_node: ProcessDeploymentForNodeHook
    process_provisioning_for_cluster: ProcessProvisioningForClusterHook
    process_provisioning_for_node: ProcessProvisioningForNodeHook
    get_node_volumes: GetNodeVolumesHook
    set_node_volumes: SetNodeVolumesHook
    set_default_node_volumes: SetDefaultNodeVolumesHook
