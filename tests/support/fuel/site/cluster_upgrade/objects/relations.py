import fuel_journal

RELATIONS: dict[int, object] = {}
"""Upgrade relations by cluster id (orig and seed); filled by the test."""


class UpgradeRelationObject:
    @classmethod
    def get_cluster_relation(cls, cluster_id):
        return RELATIONS.get(cluster_id)

    @classmethod
    def delete_relation(cls, cluster_id):
        fuel_journal.record("UpgradeRelationObject.delete_relation", repr(cluster_id))
        RELATIONS.pop(cluster_id, None)
