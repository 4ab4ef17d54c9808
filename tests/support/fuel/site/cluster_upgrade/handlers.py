from nailgun.api.v1.handlers import base
from nailgun.extensions.manager import update_extensions_for_object


class ClusterUpgradeCloneHandler(base.BaseHandler):
    def POST(self, cluster_id):
        return cluster_id


class NodeReassignHandler(base.BaseHandler):
    def POST(self, cluster_id):
        return cluster_id


class CopyVIPsHandler(base.BaseHandler):
    def POST(self, cluster_id):
        return cluster_id


class CreateUpgradeReleaseHandler(base.BaseHandler):
    def POST(self, cluster_id, release_id):
        return release_id


def enable_upgrade(cluster):
    """What the clone handler does with the seed cluster's extensions."""
    update_extensions_for_object(cluster, ["cluster_upgrade"])
