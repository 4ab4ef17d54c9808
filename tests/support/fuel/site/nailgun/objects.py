"""Stand-ins for ``nailgun.objects``: every call is journaled; the few whose
answer the extensions use answer from the objects the test built."""

import fuel_journal

CLUSTERS: dict[int, object] = {}
"""Clusters by id, for ``Cluster.get_by_uid``; filled by the test's world."""


def _journaled(prefix):
    """A class whose every classmethod call not defined on it is journaled."""

    class Journaled(type):
        def __getattr__(cls, name):
            def call(*args, **kwargs):
                fuel_journal.record(f"{prefix}.{name}", *map(repr, args))

            return call

    return Journaled


class _Recorder:
    """An object whose every method call is journaled (a network manager)."""

    def __init__(self, prefix):
        self._prefix = prefix

    def __getattr__(self, name):
        def call(*args, **kwargs):
            fuel_journal.record(
                f"{self._prefix}.{name}",
                *map(repr, args),
                *(f"{k}={v!r}" for k, v in sorted(kwargs.items())),
            )
            return False

        return call


class Cluster(metaclass=_journaled("Cluster")):
    @classmethod
    def get_by_uid(cls, uid):
        return CLUSTERS[uid]

    @classmethod
    def get_network_manager(cls, cluster):
        return _Recorder("NetworkManager")

    @classmethod
    def get_roles(cls, cluster):
        return {"controller": {}}


class NodeGroupCollection:
    @classmethod
    def get_by_cluster_id(cls, cluster_id):
        groups = CLUSTERS[cluster_id].node_groups

        class Query:
            def count(self):
                return len(groups)

        return Query()


class NetworkGroup(metaclass=_journaled("NetworkGroup")):
    @classmethod
    def get_default_admin_network(cls):
        class Admin:
            cidr = "10.20.0.0/24"

        return Admin()


class Node(metaclass=_journaled("Node")):
    @classmethod
    def all_roles(cls, node):
        return list(node.roles)


class Release:
    @classmethod
    def is_lcm_supported(cls, release):
        return release.lcm


class IPAddr(metaclass=_journaled("IPAddr")):
    pass


class Notification(metaclass=_journaled("Notification")):
    pass
