"""The base class of a Nailgun extension: metadata and Nailgun's surfaces.

An extension is one object: its metadata says who it is, its ``@hookimpl``
methods say what it does. Metadata lives on the class so that tools can read
it from the class alone, the way Nailgun's REST listing always did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class BaseExtension:
    """Subclass this, set ``name``, ``version`` and ``description``, and mark
    event handlers with ``@nailgun_hooks.hookimpl``.

    The entry point in ``nailgun.extensions`` names the subclass; nailgun-hooks
    instantiates it once, with no arguments. The entry point's name must equal
    ``name``: allow- and deny-lists match entry point names before anything is
    imported.
    """

    name: str = ""
    """Unique name; also the prefix of the extension's tables (``{name}_``)."""
    version: str = ""
    """The extension's version (PEP 440, e.g. ``1.2.0``)."""
    description: str = ""
    """One line saying what the extension does."""

    provides: Sequence[str] = ()
    """First-result calls this extension answers (Nailgun's ``provides``)."""
    urls: Sequence[Mapping[str, Any]] = ()
    """REST handlers: ``{"uri": "/path/", "handler": HandlerClass}`` each."""
    data_pipelines: Sequence[type] = ()
    """Nailgun's old-style pipeline classes (``process_deployment_for_*``...)."""
    migrations_path: str | None = None
    """Folder of the extension's alembic migrations, if it owns tables."""
    before: Sequence[str] = ()
    """Names of extensions this one must run before."""
    after: Sequence[str] = ()
    """Names of extensions this one must run after."""

    @classmethod
    def alembic_migrations_path(cls) -> str | None:
        """Nailgun's name for ``migrations_path``; override either."""
        return cls.migrations_path

    @classmethod
    def table_prefix(cls) -> str:
        return f"{cls.name}_"

    @classmethod
    def alembic_table_version(cls) -> str:
        return f"{cls.name}_alembic_version"

    @classmethod
    def full_name(cls) -> str:
        return f"{cls.name}-{cls.version}"

    def to_dict(self) -> dict[str, Any]:
        """The extension's entry in Nailgun's ``GET /extensions`` payload."""
        return {
            "name": self.name,
            "version": self.version,
            "description": self.description,
            "provides": list(self.provides),
        }
