"""Extensions shaped like fuel-web's own, written for Nailgun's old base.

``cluster_upgrade`` (a pipeline, ``on_cluster_delete``, URLs, alembic
migrations) and ``volume_manager`` (``provides``, pipelines sharing a mixin,
``on_before_deployment_check`` raising to fail the check), ported to import
``BaseExtension``/``BasePipeline`` from nailgun-hooks and otherwise unchanged
in shape: unmarked classmethods throughout.
"""

from __future__ import annotations

from tests.support.alembic_trees import create_table, write_migrations
from tests.support.dists import DistFactory

CLUSTER_UPGRADE = r"""
import os

from nailgun_hooks import BaseExtension
from nailgun_hooks.legacy import BasePipeline

DELETED = []


class ClusterUpgradeHandler:
    pass


class ClusterCloneIPsHandler:
    pass


class UpgradeRelationsPipeline(BasePipeline):
    RELATIONS = {1: 2}

    @classmethod
    def process_deployment_for_cluster(cls, cluster, cluster_data):
        seed = cls.RELATIONS.get(cluster.id)
        if seed is not None:
            cluster_data.setdefault("upgrade", {})["seed_cluster_id"] = seed


class ClusterUpgradeExtension(BaseExtension):
    name = 'cluster_upgrade'
    version = '0.0.1'
    description = 'Clones clusters for upgrades'

    data_pipelines = [UpgradeRelationsPipeline]

    urls = [
        {'uri': r'/clusters/(?P<cluster_id>\d+)/upgrade/clone/?$',
         'handler': ClusterUpgradeHandler},
        {'uri': r'/clusters/(?P<cluster_id>\d+)/upgrade/clone_ips/?$',
         'handler': ClusterCloneIPsHandler},
    ]

    @classmethod
    def alembic_migrations_path(cls):
        return os.path.join(os.path.dirname(__file__),
                            'alembic_migrations', 'migrations')

    @classmethod
    def on_cluster_delete(cls, cluster):
        DELETED.append(cluster.id)
"""

VOLUME_MANAGER = r"""
from nailgun_hooks import BaseExtension
from nailgun_hooks.legacy import BasePipeline

VOLUMES = {}


class NotEnoughFreeSpace(Exception):
    pass


class NodeDisksHandler:
    pass


class VolumeObjectMethodsMixin(object):

    @classmethod
    def get_node_volumes(cls, node):
        return VOLUMES.get(node.id)

    @classmethod
    def set_node_volumes(cls, node, volumes):
        VOLUMES[node.id] = volumes
        return True

    @classmethod
    def set_default_node_volumes(cls, node):
        VOLUMES[node.id] = [{"id": "sda", "size": 100,
                             "volumes": [{"name": "os", "size": 50}]}]
        return True


class NodeVolumesPipeline(VolumeObjectMethodsMixin, BasePipeline):

    @classmethod
    def process_provisioning_for_node(cls, node, node_data):
        ks_meta = node_data.setdefault('ks_meta', {})
        pm_data = ks_meta.setdefault('pm_data', {})
        pm_data['ks_spaces'] = cls.get_node_volumes(node)

    @classmethod
    def process_deployment_for_node(cls, node, node_data):
        node_data['node_volumes'] = cls.get_node_volumes(node) or []


class SetImageCacheMaxSizePipeline(VolumeObjectMethodsMixin, BasePipeline):

    @classmethod
    def process_deployment_for_node(cls, node, node_data):
        # Reads what NodeVolumesPipeline wrote: pipelines run in list order.
        volumes = node_data['node_volumes']
        glance = node_data.setdefault('glance', {})
        glance['image_cache_max_size'] = sum(v['size'] for v in volumes) // 10


class VolumeManagerExtension(VolumeObjectMethodsMixin, BaseExtension):

    name = 'volume_manager'
    version = '1.0.0'
    description = "Volume Manager Extension"
    data_pipelines = [
        NodeVolumesPipeline,
        SetImageCacheMaxSizePipeline,
    ]
    provides = [
        'get_node_volumes',
        'set_node_volumes',
        'set_default_node_volumes'
    ]

    urls = [{'uri': r'/nodes/(?P<node_id>\d+)/disks/?$',
             'handler': NodeDisksHandler}]

    @classmethod
    def on_node_create(cls, node):
        cls.set_default_node_volumes(node)

    @classmethod
    def on_node_delete(cls, node):
        VOLUMES.pop(node.id, None)

    @classmethod
    def on_node_collection_delete(cls, node_ids):
        for node_id in node_ids:
            VOLUMES.pop(node_id, None)

    @classmethod
    def on_before_deployment_check(cls, cluster, nodes):
        cls._check_disks(nodes)

    @classmethod
    def _check_disks(cls, nodes):
        messages = []
        for node in nodes:
            if not VOLUMES.get(node.id):
                messages.append(
                    u"Node '{}' has insufficient disk space".format(node.name))
        if messages:
            raise NotEnoughFreeSpace(u'\n'.join(messages))
"""


def install_cluster_upgrade(dists: DistFactory) -> str:
    package = dists.unique("cluster_upgrade")
    dists.install(
        "fuel-cluster-upgrade",
        version="0.0.1",
        entry_points={
            "cluster_upgrade": f"{package}.extension:ClusterUpgradeExtension"
        },
        modules={f"{package}.__init__": "", f"{package}.extension": CLUSTER_UPGRADE},
    )
    write_migrations(
        dists.root / package / "alembic_migrations" / "migrations",
        [("3b5d115d7e49", create_table("relations"))],
    )
    return package


def install_volume_manager(dists: DistFactory) -> str:
    package = dists.unique("volume_manager")
    dists.install(
        "fuel-volume-manager",
        entry_points={"volume_manager": f"{package}.extension:VolumeManagerExtension"},
        modules={f"{package}.__init__": "", f"{package}.extension": VOLUME_MANAGER},
    )
    return package
