"""Nailgun's own ``nailgun.extensions`` API, public path: Nailgun's
``nailgun/extensions/__init__.py`` becomes ``from nailgun_hooks.compat import *``.

``__all__`` is exactly the public names of Nailgun's package (so that
``import *`` adds nothing to Nailgun's); Nailgun's entry points call
:func:`start`, tests use :func:`installed` or :func:`installed_for_test`,
and :func:`use_manager`, :func:`get_manager`, :data:`SEAM_MODULES`,
:data:`MIRRORED_REVISION` and ``CannotFindExtension`` (Nailgun's class when
Nailgun is importable) are here too.
"""

# The implementation lives in the Nailgun layer
# (nailgun_hooks.nailgun.compat); this module keeps the documented import path
# stable.

from __future__ import annotations

from typing import Any

from .nailgun import compat as _implementation
from .nailgun.compat import (
    BaseExtension,
    BasePipeline,
    callback_wrapper,
    fire_callback_on_before_deployment_check,
    fire_callback_on_before_deployment_serialization,
    fire_callback_on_before_provisioning_serialization,
    fire_callback_on_cluster_create,
    fire_callback_on_cluster_delete,
    fire_callback_on_cluster_patch_attributes,
    fire_callback_on_cluster_serialization_for_deployment,
    fire_callback_on_cluster_serialization_for_provisioning,
    fire_callback_on_node_collection_delete,
    fire_callback_on_node_create,
    fire_callback_on_node_delete,
    fire_callback_on_node_reset,
    fire_callback_on_node_serialization_for_deployment,
    fire_callback_on_node_serialization_for_provisioning,
    fire_callback_on_node_update,
    fire_callback_on_nodegroup_create,
    fire_callback_on_nodegroup_delete,
    fire_callback_on_remove_node_from_cluster,
    get_all_extensions,
    get_extension,
    node_extension_call,
    remove_extensions_from_object,
    setup_yaql_context,
    update_extensions_for_object,
)
from .nailgun.compat_base import MIRRORED_REVISION as MIRRORED_REVISION
from .nailgun.compat_state import SEAM_MODULES as SEAM_MODULES
from .nailgun.compat_state import get_manager as get_manager
from .nailgun.compat_state import installed as installed
from .nailgun.compat_state import installed_for_test as installed_for_test
from .nailgun.compat_state import start as start
from .nailgun.compat_state import use_manager as use_manager

__all__ = [
    "BaseExtension",
    "BasePipeline",
    "callback_wrapper",
    "fire_callback_on_before_deployment_check",
    "fire_callback_on_before_deployment_serialization",
    "fire_callback_on_before_provisioning_serialization",
    "fire_callback_on_cluster_create",
    "fire_callback_on_cluster_delete",
    "fire_callback_on_cluster_patch_attributes",
    "fire_callback_on_cluster_serialization_for_deployment",
    "fire_callback_on_cluster_serialization_for_provisioning",
    "fire_callback_on_node_collection_delete",
    "fire_callback_on_node_create",
    "fire_callback_on_node_delete",
    "fire_callback_on_node_reset",
    "fire_callback_on_node_serialization_for_deployment",
    "fire_callback_on_node_serialization_for_provisioning",
    "fire_callback_on_node_update",
    "fire_callback_on_nodegroup_create",
    "fire_callback_on_nodegroup_delete",
    "fire_callback_on_remove_node_from_cluster",
    "get_all_extensions",
    "get_extension",
    "node_extension_call",
    "remove_extensions_from_object",
    "setup_yaql_context",
    "update_extensions_for_object",
]


def __getattr__(name: str) -> Any:
    """``CannotFindExtension``, resolved at each use (see the implementation)."""
    if name == "CannotFindExtension":
        return _implementation.CannotFindExtension
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
