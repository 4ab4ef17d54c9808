import os

__version__ = "0.1.0"


def get_migrations_dir():
    return os.path.join(os.path.dirname(__file__), "migrations")
