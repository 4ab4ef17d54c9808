"""Nailgun's ``BaseExtension`` and ``CannotFindExtension`` for compat: the
classes Nailgun's code subclasses and catches, apart from the functions so
that the seam (:mod:`.compat_state`) can recognise a module that re-exports
compat by its base class.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..errors import ExtensionNotFoundError
from ..extension import BaseExtension as _TypedBase
from ..startup.legacy import register_base

__all__ = ["MIRRORED_REVISION", "BaseExtension", "cannot_find_class", "not_found"]

MIRRORED_REVISION = "768ac74a420f822261c4eb8da72f1d8af3c6bbff"
"""The fuel-web revision whose ``nailgun/extensions`` package compat mirrors:
the last one, the parent of the "Retire repository" commit of
``openstack-archive/fuel-web``."""


# --- the base classes ----------------------------------------------------------


class BaseExtension(_TypedBase):
    """Nailgun's ``BaseExtension``: old-style extensions subclass this.

    It keeps every default Nailgun's call sites rely on: list-valued
    ``urls``, ``data_pipelines`` and ``provides``, and a no-op classmethod for
    every ``on_*`` callback and ``setup_yaql_context``, so that code calling
    ``SomeExtension.on_node_create(node)`` directly keeps working. Registered as
    a real base (:func:`~nailgun_hooks.legacy.register_base`), none of these
    defaults is ever taken for a handler; a vendor's own class of that name is
    not a base.
    """

    urls: list[dict[str, Any]] = []  # noqa: RUF012 - Nailgun's shared defaults
    data_pipelines: list[type] = []  # noqa: RUF012
    provides: list[str] = []  # noqa: RUF012

    @classmethod
    def setup_yaql_context(cls, yaql_context: Any) -> None:
        """Set up the YAQL context used for serialization."""

    @classmethod
    def on_node_create(cls, node: Any) -> None:
        """A node was created."""

    @classmethod
    def on_node_update(cls, node: Any) -> None:
        """A node was updated."""

    @classmethod
    def on_node_reset(cls, node: Any) -> None:
        """A node was reset."""

    @classmethod
    def on_node_delete(cls, node: Any) -> None:
        """A node was deleted."""

    @classmethod
    def on_remove_node_from_cluster(cls, node: Any) -> None:
        """A node was removed from its cluster."""

    @classmethod
    def on_node_collection_delete(cls, node_ids: Any) -> None:
        """Several nodes were deleted."""

    @classmethod
    def on_nodegroup_create(cls, nodegroup: Any) -> None:
        """A node group was created."""

    @classmethod
    def on_nodegroup_delete(cls, nodegroup: Any) -> None:
        """A node group was deleted."""

    @classmethod
    def on_cluster_create(cls, cluster: Any, data: Any) -> None:
        """A cluster was created."""

    @classmethod
    def on_cluster_patch_attributes(cls, cluster: Any, public_map: Any) -> None:
        """A cluster's attributes were updated."""

    @classmethod
    def on_cluster_delete(cls, cluster: Any) -> None:
        """A cluster was deleted."""

    @classmethod
    def on_before_deployment_check(cls, cluster: Any, nodes: Any) -> None:
        """The checks before a deployment run."""

    @classmethod
    def on_before_deployment_serialization(
        cls, cluster: Any, nodes: Any, ignore_customized: Any
    ) -> None:
        """Deployment data is about to be serialized."""

    @classmethod
    def on_before_provisioning_serialization(
        cls, cluster: Any, nodes: Any, ignore_customized: Any
    ) -> None:
        """Provisioning data is about to be serialized."""


# --- Nailgun's error -------------------------------------------------------------


class _OwnCannotFindExtension(ExtensionNotFoundError):
    """Nailgun's ``CannotFindExtension``, for when Nailgun is not importable."""

    message = "Cannot find extension"

    def __init__(self, message: str = "") -> None:
        if message:
            self.message = message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


_OwnCannotFindExtension.__name__ = "CannotFindExtension"
_OwnCannotFindExtension.__qualname__ = "CannotFindExtension"


def cannot_find_class() -> type[Exception]:
    """Nailgun's class when Nailgun is importable, else ours (asked at each
    use: Nailgun may become importable after this module is imported)."""
    try:
        errors = importlib.import_module("nailgun.errors")
    except ImportError:
        return _OwnCannotFindExtension
    found = getattr(errors, "CannotFindExtension", None)
    if isinstance(found, type) and issubclass(found, Exception):
        return found
    return _OwnCannotFindExtension


def not_found(message: str) -> Exception:
    return cannot_find_class()(message)


register_base(BaseExtension)
