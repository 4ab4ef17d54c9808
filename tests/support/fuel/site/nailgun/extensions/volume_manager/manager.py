from nailgun import errors

from .objects.volumes import STORE


class VolumeManager:
    def __init__(self, node):
        self.node = node

    def check_disk_space_for_deployment(self):
        if not self.node.disks:
            raise errors.NotEnoughFreeSpace()

    def check_volume_sizes_for_deployment(self):
        if not STORE.get(self.node.id):
            raise errors.NotEnoughFreeSpace()


def calc_glance_cache_size(volumes):
    return str(10 * len(volumes or []))
