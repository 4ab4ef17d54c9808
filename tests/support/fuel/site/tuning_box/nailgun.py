"""The shape of tuning-box's Nailgun extension: its one URL handler is a
web.py application *instance* whose ``__name__`` is itself, which Nailgun
keyed and web.py served as a sub-application."""

import threading

import web
from nailgun import extensions
from nailgun.db import sqlalchemy as nailgun_sa

import tuning_box
from tuning_box import app as tb_app


class App2WebPy(web.application):
    def __init__(self):
        web.application.__init__(self)
        self.__name__ = self
        self.app = None
        self.lock = threading.Lock()

    def create_app(self):
        raise NotImplementedError

    def get_app(self):
        with self.lock:
            if not self.app:
                self.app = self.create_app()
            return self.app

    def handle(self):
        return self.get_app()


class TB2WebPy(App2WebPy):
    def create_app(self):
        app = tb_app.build_app(with_keystone=False)
        app.database = nailgun_sa.db_str
        return app


class Extension(extensions.BaseExtension):
    name = "tuning_box"
    version = tuning_box.__version__
    description = "Plug tuning_box endpoints into Nailgun itself"

    urls = [{"uri": "/config", "handler": TB2WebPy()}]

    @classmethod
    def alembic_migrations_path(cls):
        return tuning_box.get_migrations_dir()
