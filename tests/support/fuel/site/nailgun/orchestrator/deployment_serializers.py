import fuel_journal


class _PreLcmSerializer:
    def initialize(self, cluster):
        fuel_journal.record("serializer.initialize", cluster.id)

    def get_common_attrs(self, cluster):
        return {"legacy": True, "cluster_id": cluster.id}

    def serialize_node(self, attrs, node, role):
        return {"legacy": True, "uid": node.uid, "role": role}


def get_serializer_for_cluster(cluster):
    return _PreLcmSerializer
