"""A Nailgun extension that logs one line for every event, and does nothing else.

It is the worked example of the extension author's guide: every hook is
implemented, each logs the event's name and what identifies its arguments
(ids and names), never whole values: deployment data carries credentials.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.types import (
    Cluster,
    ClusterData,
    Node,
    NodeData,
    NodeGroup,
    Volumes,
    YaqlContext,
)

__all__ = ["LoggingExtension"]

log = logging.getLogger("nailgun.extensions.logging")


def _node(node: Node) -> str:
    return f"node {node.id} {node.name!r}"


def _cluster(cluster: Cluster) -> str:
    return f"cluster {cluster.id} {cluster.name!r}"


def _ids(nodes: Sequence[Node]) -> list[int]:
    return [node.id for node in nodes]


class LoggingExtension(BaseExtension):
    name = "logging"
    version = "1.0.0"
    description = "Logs one line for every Nailgun event it receives"

    # --- nodes -----------------------------------------------------------

    @hookimpl
    def on_node_create(self, node: Node) -> None:
        log.info("on_node_create: %s, cluster %s", _node(node), node.cluster_id)

    @hookimpl
    def on_node_update(self, node: Node) -> None:
        log.info(
            "on_node_update: %s, roles %s, pending roles %s",
            _node(node),
            list(node.roles),
            list(node.pending_roles),
        )

    @hookimpl
    def on_node_reset(self, node: Node) -> None:
        log.info("on_node_reset: %s", _node(node))

    @hookimpl
    def on_node_delete(self, node: Node) -> None:
        log.info("on_node_delete: %s", _node(node))

    @hookimpl
    def on_remove_node_from_cluster(self, node: Node) -> None:
        log.info(
            "on_remove_node_from_cluster: %s, cluster %s", _node(node), node.cluster_id
        )

    @hookimpl
    def on_node_collection_delete(self, node_ids: Sequence[int]) -> None:
        log.info("on_node_collection_delete: nodes %s", list(node_ids))

    # --- node groups -----------------------------------------------------

    @hookimpl
    def on_nodegroup_create(self, nodegroup: NodeGroup) -> None:
        log.info(
            "on_nodegroup_create: nodegroup %s %r, cluster %s",
            nodegroup.id,
            nodegroup.name,
            nodegroup.cluster_id,
        )

    @hookimpl
    def on_nodegroup_delete(self, nodegroup: NodeGroup) -> None:
        log.info("on_nodegroup_delete: nodegroup %s %r", nodegroup.id, nodegroup.name)

    # --- clusters --------------------------------------------------------

    @hookimpl
    def on_cluster_create(self, cluster: Cluster, data: Mapping[str, Any]) -> None:
        # The request body may hold passwords: log its field names only.
        log.info("on_cluster_create: %s, fields %s", _cluster(cluster), sorted(data))

    @hookimpl
    def on_cluster_patch_attributes(
        self, cluster: Cluster, public_map: Mapping[int, bool] | None
    ) -> None:
        if public_map is None:
            public: object = "unchanged"
        else:
            public = sorted(node_id for node_id, on in public_map.items() if on)
        log.info(
            "on_cluster_patch_attributes: %s, public network on nodes: %s",
            _cluster(cluster),
            public,
        )

    @hookimpl
    def before_cluster_delete(self, cluster: Cluster) -> None:
        log.info("before_cluster_delete: %s", _cluster(cluster))

    @hookimpl
    def on_cluster_delete(self, cluster: Cluster) -> None:
        log.info("on_cluster_delete: %s", _cluster(cluster))

    @hookimpl
    def after_cluster_delete(self, cluster: Cluster) -> None:
        log.info("after_cluster_delete: %s", _cluster(cluster))

    @hookimpl
    def setup_yaql_context(self, yaql_context: YaqlContext) -> None:
        log.info("setup_yaql_context: %d names", len(yaql_context))

    # --- deployment and provisioning (cluster scope) ---------------------

    @hookimpl
    def on_before_deployment_check(
        self, cluster: Cluster, nodes: Sequence[Node]
    ) -> None:
        log.info(
            "on_before_deployment_check: %s, nodes %s", _cluster(cluster), _ids(nodes)
        )

    @hookimpl
    def on_before_deployment_serialization(
        self, cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool
    ) -> None:
        log.info(
            "on_before_deployment_serialization: %s, nodes %s, ignore_customized=%s",
            _cluster(cluster),
            _ids(nodes),
            ignore_customized,
        )

    @hookimpl
    def on_before_provisioning_serialization(
        self, cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool
    ) -> None:
        log.info(
            "on_before_provisioning_serialization: %s, nodes %s, ignore_customized=%s",
            _cluster(cluster),
            _ids(nodes),
            ignore_customized,
        )

    # --- data pipelines: the data holds credentials, log its size only ---

    @hookimpl
    def process_deployment_for_cluster(
        self, cluster: Cluster, cluster_data: ClusterData
    ) -> None:
        log.info(
            "process_deployment_for_cluster: %s, %d keys",
            _cluster(cluster),
            len(cluster_data),
        )

    @hookimpl
    def process_deployment_for_node(self, node: Node, node_data: NodeData) -> None:
        log.info(
            "process_deployment_for_node: %s, %d keys", _node(node), len(node_data)
        )

    @hookimpl
    def process_provisioning_for_cluster(
        self, cluster: Cluster, cluster_data: ClusterData
    ) -> None:
        log.info(
            "process_provisioning_for_cluster: %s, %d keys",
            _cluster(cluster),
            len(cluster_data),
        )

    @hookimpl
    def process_provisioning_for_node(self, node: Node, node_data: NodeData) -> None:
        log.info(
            "process_provisioning_for_node: %s, %d keys", _node(node), len(node_data)
        )

    # --- first-result calls ----------------------------------------------
    # Returning None means "not mine": the extension that really manages
    # volumes still answers. tryfirst=True puts this implementation ahead of
    # any provider, so the call is logged even when a provider answers it.

    @hookimpl(tryfirst=True)
    def get_node_volumes(self, node: Node) -> None:
        log.info("get_node_volumes: %s", _node(node))
        return None

    @hookimpl(tryfirst=True)
    def set_node_volumes(self, node: Node, volumes: Volumes) -> None:
        log.info("set_node_volumes: %s, %d volumes", _node(node), len(volumes))
        return None

    @hookimpl(tryfirst=True)
    def set_default_node_volumes(self, node: Node) -> None:
        log.info("set_default_node_volumes: %s", _node(node))
        return None
