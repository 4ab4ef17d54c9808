"""The shape of Fuel's volume_manager extension: old-style classmethod
handlers, a mixin shared with its pipelines, ``provides`` and three
pipelines, URL handler classes and alembic migrations."""

import os

from nailgun import consts, errors, objects
from nailgun.extensions import BaseExtension, BasePipeline
from nailgun.logger import logger
from nailgun.utils.ceph import get_pool_pg_count

from .handlers.disks import (
    NodeDefaultsDisksHandler,
    NodeDisksHandler,
    NodeVolumesInformationHandler,
)
from .manager import VolumeManager, calc_glance_cache_size


def _version(text):
    return tuple(int(part) for part in text.split("."))


class VolumeObjectMethodsMixin:
    @classmethod
    def get_node_volumes(cls, node):
        from .objects.volumes import VolumeObject

        return VolumeObject.get_volumes(node)

    @classmethod
    def set_node_volumes(cls, node, volumes):
        from .objects.volumes import VolumeObject

        return VolumeObject.set_volumes(node, volumes)

    @classmethod
    def set_default_node_volumes(cls, node):
        from .objects.volumes import VolumeObject

        try:
            VolumeObject.set_default_node_volumes(node)
        except Exception as exc:
            logger.debug("no volumes for %s: %s", node.name, exc)
            objects.Notification.create(
                {"topic": "error", "message": str(exc), "node_id": node.id}
            )
        if node.cluster_id:
            objects.Node.add_pending_change(node, "disks")


class NodeVolumesPipeline(VolumeObjectMethodsMixin, BasePipeline):
    MIN_SUPPORTED_VERSION = _version("8.0")

    @classmethod
    def process_provisioning_for_node(cls, node, node_data):
        ks_meta = node_data.setdefault("ks_meta", {})
        pm_data = ks_meta.setdefault("pm_data", {})
        pm_data["ks_spaces"] = cls.get_node_volumes(node) or []

    @classmethod
    def process_deployment_for_node(cls, node, node_data):
        version = _version(node.cluster.release.environment_version)
        if version >= cls.MIN_SUPPORTED_VERSION:
            node_data["node_volumes"] = cls.get_node_volumes(node) or []


class PgCountPipeline(VolumeObjectMethodsMixin, BasePipeline):
    @classmethod
    def process_deployment_for_cluster(cls, cluster, cluster_data):
        by_uid = {n.uid: n for n in cluster.nodes}
        osd_num = 0
        for node_data in cluster_data["nodes"]:
            if "ceph-osd" in node_data.get("roles", []):
                for volume in cls.get_node_volumes(by_uid[node_data["uid"]]) or []:
                    osd_num += len(volume.get("volumes", []))
        storage = cluster_data.setdefault("storage", {})
        counts = get_pool_pg_count(
            osd_num=osd_num,
            pool_sz=int(storage["osd_pool_size"]),
            ceph_version="firefly",
        )
        storage["pg_num"] = counts["default_pg_num"]
        storage["per_pool_pg_nums"] = counts


class SetImageCacheMaxSizePipeline(VolumeObjectMethodsMixin, BasePipeline):
    @classmethod
    def process_deployment_for_node(cls, node, node_data):
        volumes = cls.get_node_volumes(node)
        glance = node_data.setdefault("glance", {})
        glance["image_cache_max_size"] = calc_glance_cache_size(volumes)


class VolumeManagerExtension(VolumeObjectMethodsMixin, BaseExtension):
    name = "volume_manager"
    version = "1.0.0"
    description = "Volume Manager Extension"
    data_pipelines = [
        NodeVolumesPipeline,
        PgCountPipeline,
        SetImageCacheMaxSizePipeline,
    ]
    provides = [
        "get_node_volumes",
        "set_node_volumes",
        "set_default_node_volumes",
    ]

    @classmethod
    def alembic_migrations_path(cls):
        return os.path.join(
            os.path.dirname(__file__), "alembic_migrations", "migrations"
        )

    urls = [
        {"uri": r"/nodes/(?P<node_id>\d+)/disks/?$", "handler": NodeDisksHandler},
        {
            "uri": r"/nodes/(?P<node_id>\d+)/disks/defaults/?$",
            "handler": NodeDefaultsDisksHandler,
        },
        {
            "uri": r"/nodes/(?P<node_id>\d+)/volumes/?$",
            "handler": NodeVolumesInformationHandler,
        },
    ]

    @classmethod
    def on_node_create(cls, node):
        cls.set_default_node_volumes(node)

    @classmethod
    def on_node_update(cls, node):
        cls.set_default_node_volumes(node)

    @classmethod
    def on_node_delete(cls, node):
        from .objects.volumes import VolumeObject

        VolumeObject.delete_by_node_ids([node.id])

    @classmethod
    def on_node_collection_delete(cls, node_ids):
        from .objects.volumes import VolumeObject

        VolumeObject.delete_by_node_ids(node_ids)

    @classmethod
    def on_before_deployment_check(cls, cluster, nodes):
        cls._check_disks(nodes)
        cls._check_volumes(nodes)

    @classmethod
    def _is_disk_checking_required(cls, node):
        done = (
            consts.NODE_STATUSES.ready,
            consts.NODE_STATUSES.deploying,
            consts.NODE_STATUSES.provisioned,
        )
        return node.status not in done

    @classmethod
    def _check_disks(cls, nodes):
        cls._check_spaces(nodes, lambda vm: vm.check_disk_space_for_deployment())

    @classmethod
    def _check_volumes(cls, nodes):
        cls._check_spaces(nodes, lambda vm: vm.check_volume_sizes_for_deployment())

    @classmethod
    def _check_spaces(cls, nodes, checker):
        messages = []
        for node in nodes:
            if cls._is_disk_checking_required(node):
                try:
                    checker(VolumeManager(node))
                except errors.NotEnoughFreeSpace:
                    messages.append(f"Node '{node.name}' has insufficient disk space")
        if messages:
            raise errors.NotEnoughFreeSpace("\n".join(messages))
