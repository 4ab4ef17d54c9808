"""The base class of a Nailgun extension: metadata and Nailgun's surfaces.

An extension is one object: its metadata says who it is, its ``@hookimpl``
methods say what it does. Metadata lives on the class so that tools can read
it from the class alone, the way Nailgun's REST listing always did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .types import Cluster, ClusterData, Node, NodeData

__all__ = ["BaseExtension"]


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
    """First-result calls this extension answers (Nailgun's ``provides``):
    ``node_extension_call`` asks only an extension listing the call here, and
    a name no hookspec declares is a call of the extension's own."""
    urls: Sequence[Mapping[str, Any]] = ()
    """REST handlers: ``{"uri": "/path/", "handler": HandlerClass}`` each."""
    data_pipelines: Sequence[type] = ()
    """Nailgun's pipeline classes: their ``process_*`` classmethods edit the
    serialized data in place, in this order (run by the methods below)."""
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
        return f"{cls.table_prefix()}alembic_version"

    @classmethod
    def full_name(cls) -> str:
        return f"{cls.name}-{cls.version}"

    def to_dict(self) -> dict[str, Any]:
        """The extension's entry in Nailgun's ``GET /extensions`` payload."""
        return payload(self.name, self.version, self.description, self.provides)

    # Nailgun's data pipelines. These four are registered as hooks only for
    # the events some class in ``data_pipelines`` defines (nailgun_hooks.startup.legacy
    # decides), so an extension without pipelines implements none of them.

    def process_deployment_for_cluster(
        self, cluster: Cluster, cluster_data: ClusterData
    ) -> None:
        """Runs each pipeline's ``process_deployment_for_cluster``, in order."""
        _run_pipelines(self, "process_deployment_for_cluster", cluster, cluster_data)

    def process_deployment_for_node(self, node: Node, node_data: NodeData) -> None:
        """Runs each pipeline's ``process_deployment_for_node``, in order."""
        _run_pipelines(self, "process_deployment_for_node", node, node_data)

    def process_provisioning_for_cluster(
        self, cluster: Cluster, cluster_data: ClusterData
    ) -> None:
        """Runs each pipeline's ``process_provisioning_for_cluster``, in order."""
        _run_pipelines(self, "process_provisioning_for_cluster", cluster, cluster_data)

    def process_provisioning_for_node(self, node: Node, node_data: NodeData) -> None:
        """Runs each pipeline's ``process_provisioning_for_node``, in order."""
        _run_pipelines(self, "process_provisioning_for_node", node, node_data)


def payload(
    name: str, version: str, description: str, provides: Sequence[str]
) -> dict[str, Any]:
    """An extension's entry in Nailgun's ``GET /extensions`` payload, for
    extensions of any shape."""
    return {
        "name": name,
        "version": version,
        "description": description,
        "provides": list(provides),
    }


def _run_pipelines(extension: BaseExtension, event: str, *args: object) -> None:
    """Positional arguments, as Nailgun passed them to pipeline classmethods."""
    for pipeline in extension.data_pipelines:
        step = getattr(pipeline, event, None)
        if step is not None:
            step(*args)
