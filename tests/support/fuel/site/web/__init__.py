"""A minimal stand-in for web.py: tuning-box subclasses ``web.application``."""


class _Context:
    def __init__(self):
        self.environ = {}
        self.path = "/"
        self.status = None
        self.headers = []


ctx = _Context()


class application:
    def __init__(self, mapping=(), fvars=None, autoreload=None):
        self.mapping = mapping
        self.fvars = fvars or {}

    def handle_with_processors(self):
        return self.handle()

    def handle(self):
        raise NotImplementedError
