from nailgun.api.v1.handlers.base import BaseHandler


class NodeDisksHandler(BaseHandler):
    pass


class NodeDefaultsDisksHandler(BaseHandler):
    pass


class NodeVolumesInformationHandler(BaseHandler):
    pass
