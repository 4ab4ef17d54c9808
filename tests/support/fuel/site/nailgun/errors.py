"""Nailgun's exceptions (the subset the extensions use), shaped as Nailgun's:
a ``message`` attribute that ``str()`` returns."""


class NailgunException(Exception):
    message = ""

    def __init__(self, message=""):
        if message:
            self.message = message
        super().__init__()

    def __str__(self):
        return self.message


class ExtensionException(NailgunException):
    pass


class CannotFindExtension(ExtensionException):
    message = "Cannot find extension"


class NotEnoughFreeSpace(NailgunException):
    message = "Not enough free space"


class CannotCreate(NailgunException):
    pass


class OutOfVLANs(NailgunException):
    pass


class OutOfIPs(NailgunException):
    pass


class NoSuitableCIDR(NailgunException):
    pass


class CanNotFindCommonNodeGroup(NailgunException):
    pass


class CanNotFindNetworkForNodeGroup(NailgunException):
    pass


class DuplicatedVIPNames(NailgunException):
    pass


class TaskAlreadyRunning(NailgunException):
    pass


class UpdateDnsmasqTaskIsRunning(NailgunException):
    message = "update_dnsmasq task is running"
