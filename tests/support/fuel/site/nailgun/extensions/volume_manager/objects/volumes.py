"""Volumes by node id (Nailgun keeps them in the extension's own table)."""

import fuel_journal

STORE: dict[int, list[dict]] = {}


class VolumeObject:
    @classmethod
    def get_volumes(cls, node):
        return STORE.get(node.id)

    @classmethod
    def set_volumes(cls, node, volumes):
        fuel_journal.record("VolumeObject.set_volumes", repr(node))
        STORE[node.id] = volumes
        return volumes

    @classmethod
    def set_default_node_volumes(cls, node):
        if not node.disks:
            raise ValueError("the node has no disks")
        fuel_journal.record("VolumeObject.set_default_node_volumes", repr(node))
        STORE[node.id] = [
            {"id": disk, "type": "disk", "volumes": [{"name": "os", "size": 50}]}
            for disk in node.disks
        ]

    @classmethod
    def delete_by_node_ids(cls, node_ids):
        fuel_journal.record("VolumeObject.delete_by_node_ids", repr(list(node_ids)))
        for node_id in node_ids:
            STORE.pop(node_id, None)
