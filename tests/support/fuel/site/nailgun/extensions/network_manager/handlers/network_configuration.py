from nailgun.api.v1.handlers.base import BaseHandler


class NeutronNetworkConfigurationHandler(BaseHandler):
    pass


class NeutronNetworkConfigurationVerifyHandler(BaseHandler):
    pass


class NetworkAttributesDeployedHandler(BaseHandler):
    pass
