class BaseHandler:
    validator = None

    def GET(self, *args, **kwargs):
        return None


class CollectionHandler(BaseHandler):
    collection = None


class SingleHandler(BaseHandler):
    single = None


def _passthrough(func):
    return func


handle_errors = _passthrough
serialize = _passthrough
validate = _passthrough
