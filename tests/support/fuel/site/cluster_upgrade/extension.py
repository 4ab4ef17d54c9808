"""The shape of fuel-nailgun-extension-cluster-upgrade: a pipeline reading
other clusters through ``nailgun.objects``, URL handler classes, alembic
migrations with the unguarded env.py, an ``on_cluster_delete`` handler."""

import os

from nailgun import extensions
from nailgun.objects import Cluster

from cluster_upgrade import handlers


class UpgradePipeline(extensions.BasePipeline):
    @classmethod
    def process_deployment_for_cluster(cls, cluster, cluster_data):
        from cluster_upgrade.objects.relations import UpgradeRelationObject

        relation = UpgradeRelationObject.get_cluster_relation(cluster.id)
        orig_env = Cluster.get_by_uid(relation.orig_cluster_id)
        seed_env = Cluster.get_by_uid(relation.seed_cluster_id)
        cluster_data["upgrade"] = {
            "relation_info": {
                "orig_cluster_id": relation.orig_cluster_id,
                "seed_cluster_id": relation.seed_cluster_id,
                "orig_cluster_version": orig_env.release.environment_version,
                "seed_cluster_version": seed_env.release.environment_version,
            }
        }


class ClusterUpgradeExtension(extensions.BaseExtension):
    name = "cluster_upgrade"
    version = "0.0.1"
    description = "Cluster Upgrade Extension"

    data_pipelines = [
        UpgradePipeline,
    ]

    urls = [
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/upgrade/clone/?$",
            "handler": handlers.ClusterUpgradeCloneHandler,
        },
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/upgrade/assign/?$",
            "handler": handlers.NodeReassignHandler,
        },
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/upgrade/vips/?$",
            "handler": handlers.CopyVIPsHandler,
        },
        {
            "uri": r"/clusters/(?P<cluster_id>\d+)/upgrade/clone_release/"
            r"(?P<release_id>\d+)/?$",
            "handler": handlers.CreateUpgradeReleaseHandler,
        },
    ]

    @classmethod
    def alembic_migrations_path(cls):
        return os.path.join(
            os.path.dirname(__file__), "alembic_migrations", "migrations"
        )

    @classmethod
    def on_cluster_delete(cls, cluster):
        from .objects import relations

        relations.UpgradeRelationObject.delete_relation(cluster.id)
