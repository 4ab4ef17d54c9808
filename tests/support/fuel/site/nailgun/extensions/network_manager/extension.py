"""The shape of Fuel's network_manager extension: old-style classmethod
handlers, some with parameter names of their own (``ng``), an
``after_cluster_delete`` fired by ``callback_wrapper``, many URL handler
classes imported from the extension's own package under ``nailgun``."""

from nailgun import consts, errors, objects
from nailgun.extensions import BaseExtension
from nailgun.extensions.network_manager.handlers.network_configuration import (
    NetworkAttributesDeployedHandler,
    NeutronNetworkConfigurationHandler,
    NeutronNetworkConfigurationVerifyHandler,
)
from nailgun.extensions.network_manager.handlers.network_group import (
    NetworkGroupCollectionHandler,
    NetworkGroupHandler,
)
from nailgun.extensions.network_manager.handlers.nic import (
    NodeCollectionNICsHandler,
    NodeNICsHandler,
)

from .task.manager import UpdateDnsmasqTaskManager


class NetworkManagerExtension(BaseExtension):
    name = "network_manager"
    version = "1.0.0"
    description = "Network Manager"

    data_pipelines = []
    urls = [
        {"uri": r"/networks/?$", "handler": NetworkGroupCollectionHandler},
        {"uri": r"/networks/(?P<obj_id>\d+)/?$", "handler": NetworkGroupHandler},
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/network_configuration/"
            r"neutron/?$",
            "handler": NeutronNetworkConfigurationHandler,
        },
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/network_configuration/"
            r"neutron/verify/?$",
            "handler": NeutronNetworkConfigurationVerifyHandler,
        },
        {"uri": r"/nodes/interfaces/?$", "handler": NodeCollectionNICsHandler},
        {"uri": r"/nodes/(?P<node_id>\d+)/interfaces/?$", "handler": NodeNICsHandler},
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/network_configuration/"
            r"deployed?$",
            "handler": NetworkAttributesDeployedHandler,
        },
    ]

    @classmethod
    def on_cluster_create(cls, cluster, data):
        try:
            net_manager = objects.Cluster.get_network_manager(cluster)
            net_manager.create_network_groups_and_config(cluster, data)
            objects.Cluster.add_pending_changes(
                cluster, consts.CLUSTER_CHANGES.networks
            )
            net_manager.assign_vips_for_net_groups(cluster)
        except (errors.OutOfVLANs, errors.OutOfIPs, errors.NoSuitableCIDR) as exc:
            raise errors.CannotCreate(exc.message) from exc

    @classmethod
    def on_cluster_patch_attributes(cls, cluster, public_map):
        roles_metadata = objects.Cluster.get_roles(cluster)
        nm = objects.Cluster.get_network_manager(cluster)
        nm.update_restricted_networks(cluster)
        objects.NetworkGroup._update_public_network(cluster, public_map, roles_metadata)

    @classmethod
    def after_cluster_delete(cls, cluster):
        if len(cluster.node_groups) > 1:
            UpdateDnsmasqTaskManager().execute()

    @classmethod
    def on_nodegroup_create(cls, ng):
        cluster = objects.Cluster.get_by_uid(ng.cluster_id)
        nm = objects.Cluster.get_network_manager(cluster)
        if objects.NodeGroupCollection.get_by_cluster_id(cluster.id).count() == 2:
            nm.ensure_gateways_present_in_default_node_group(cluster)
        nm.create_network_groups(cluster, node_group_id=ng.id, set_all_gateways=True)
        nm.create_admin_network_group(ng.cluster_id, ng.id)

    @classmethod
    def on_before_deployment_serialization(cls, cluster, nodes, ignore_customized):
        nm = objects.Cluster.get_network_manager(cluster)
        nm.prepare_for_deployment(cluster, cluster.nodes if nodes is None else nodes)

    @classmethod
    def on_before_provisioning_serialization(cls, cluster, nodes, ignore_customized):
        nm = objects.Cluster.get_network_manager(cluster)
        nm.prepare_for_provisioning(cluster.nodes if nodes is None else nodes)

    @classmethod
    def on_node_reset(cls, node):
        objects.IPAddr.delete_by_node(node.id)

    @classmethod
    def on_remove_node_from_cluster(cls, node):
        netmanager = objects.Cluster.get_network_manager(node.cluster)
        netmanager.clear_assigned_networks(node)
        netmanager.clear_bond_configuration(node)

    @classmethod
    def on_nodegroup_delete(cls, ng):
        netmanager = objects.Cluster.get_network_manager(ng.cluster)
        admin = objects.NetworkGroup.get_default_admin_network()
        for node in ng.nodes:
            objects.Node.remove_from_cluster(node)
            if not netmanager.is_same_network(node.ip, admin.cidr):
                objects.Node.set_error_status_and_file_notification(
                    node, consts.NODE_ERRORS.discover, "node group deleted"
                )
        try:
            task = UpdateDnsmasqTaskManager().execute()
        except errors.TaskAlreadyRunning as exc:
            raise errors.TaskAlreadyRunning(
                errors.UpdateDnsmasqTaskIsRunning.message
            ) from exc
        if task.status == consts.TASK_STATUSES.error:
            raise ValueError(task.message)
