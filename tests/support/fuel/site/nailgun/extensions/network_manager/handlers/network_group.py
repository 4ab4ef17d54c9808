from nailgun.api.v1.handlers.base import CollectionHandler, SingleHandler


class NetworkGroupCollectionHandler(CollectionHandler):
    pass


class NetworkGroupHandler(SingleHandler):
    pass
