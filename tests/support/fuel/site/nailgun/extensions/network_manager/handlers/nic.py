from nailgun.api.v1.handlers.base import BaseHandler


class NodeNICsHandler(BaseHandler):
    pass


class NodeCollectionNICsHandler(BaseHandler):
    pass
