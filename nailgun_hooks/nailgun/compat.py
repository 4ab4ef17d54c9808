"""Nailgun's own ``nailgun.extensions`` API, backed by one validated manager
(public path: :mod:`nailgun_hooks.compat`).

Nailgun's code and the extensions published for it call a package of module
functions (``fire_callback_on_node_create(node)``,
``node_extension_call('get_node_volumes', node)``...) and subclass its
``BaseExtension`` and ``BasePipeline``. This module has the same public
names, signatures and semantics, so that moving Nailgun onto nailgun-hooks
is one line in ``nailgun/extensions/__init__.py``, ``manager.py`` and
``base.py``::

    from nailgun_hooks.compat import *  # noqa: F401,F403

Every call goes through the hooks of one :class:`~nailgun_hooks.HookManager`
(validated, with positional binding for old-style handlers), started once
(:mod:`.compat_state`), unless a test replaced ``get_all_extensions``: then
Nailgun's own loop runs over what it returns (:mod:`.compat_doubles`).
Where Nailgun's semantics differ from the typed API's (cluster order rather
than the global order, the one extension ``node_extension_call`` picks
rather than the first non-None answer), Nailgun's are kept here: see
``docs/integration.md``.

An unknown extension, or a call nobody provides, raises what Nailgun raised:
``nailgun.errors.CannotFindExtension`` when Nailgun is importable (so that its
``except`` clauses keep catching it), else this module's class of that name.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import Any

from ..calls.relay import HookRelay
from ..spec.catalogue import specs
from ..startup.bases import BasePipeline
from ..startup.provides import provides
from . import compat_doubles as doubles
from .compat_base import BaseExtension, cannot_find_class, not_found
from .compat_state import (
    class_of,
    get_all_extensions,
    get_manager,
    replaced_extensions,
)

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
    if name == "CannotFindExtension":
        return cannot_find_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --- the extensions -----------------------------------------------------------------


def get_extension(name: str) -> Any:
    """The loaded extension called ``name`` (its class).

    :raises CannotFindExtension: when no loaded extension has that name.
    """
    replaced = replaced_extensions()
    if replaced is not None:
        return doubles.named(replaced, name)
    for record in get_manager().extensions:
        if record.name == name:
            return class_of(record.obj)
    raise not_found(f"Cannot find extension with name '{name}'")


def remove_extensions_from_object(obj: Any, extensions_names: Sequence[str]) -> None:
    """Disable extensions on a cluster or node (Nailgun then flushes its
    database session)."""
    obj.extensions = list(set(obj.extensions) - set(extensions_names))
    _flush()


def update_extensions_for_object(obj: Any, extensions_names: Sequence[str]) -> None:
    """Enable extensions on a cluster or node (Nailgun then flushes its
    database session)."""
    obj.extensions = list(set(obj.extensions + extensions_names))
    _flush()


def _flush() -> None:
    try:
        database = importlib.import_module("nailgun.db")
    except ImportError:
        return
    database.db().flush()


# --- calls ---------------------------------------------------------------------------


def _arguments(
    event: str, args: Sequence[object], kwargs: dict[str, Any]
) -> dict[str, Any]:
    """Positional arguments bound to the event's argument names, as Python
    would bind them to Nailgun's handler signature."""
    names = specs()[event].argnames
    if len(args) > len(names):
        raise TypeError(
            f"{event}() takes {len(names)} positional arguments but {len(args)} "
            "were given"
        )
    bound = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"{event}() got multiple values for argument {key!r}")
        bound[key] = value
    return bound


def _fire(relay: HookRelay, event: str, *args: object) -> None:
    getattr(relay, event)(**_arguments(event, args, {}))


def _fire_all(event: str, *args: object) -> None:
    replaced = replaced_extensions()
    if replaced is not None:
        doubles.call_each(replaced, event, *args)
        return
    _fire(get_manager().hook, event, *args)


def _cluster_extensions(cluster: Any) -> Iterator[HookRelay]:
    """Each name the cluster enables, in the cluster's order: Nailgun's
    ``get_extension`` for each, raising when it reaches an unknown one."""
    manager = get_manager()
    for name in cluster.extensions:
        if name not in manager:
            raise not_found(f"Cannot find extension with name '{name}'")
        # required: unregistered between the check and the call, it raises
        # rather than calling nobody (Nailgun itself never unregistered).
        yield manager.subset([name], required=True)


def _fire_cluster(cluster: Any, event: str, *args: object) -> None:
    replaced = replaced_extensions()
    if replaced is not None:
        doubles.call_each_enabled(replaced, cluster, event, *args)
        return
    for relay in _cluster_extensions(cluster):
        _fire(relay, event, *args)


def _fire_pipelines(cluster: Any, event: str, *args: object) -> None:
    replaced = replaced_extensions()
    if replaced is not None:
        doubles.call_each_pipeline(replaced, cluster, event, *args)
        return
    for relay in _cluster_extensions(cluster):
        _fire(relay, event, *args)


def setup_yaql_context(yaql_context: Any) -> None:
    _fire_all("setup_yaql_context", yaql_context)


def fire_callback_on_node_create(node: Any) -> None:
    _fire_all("on_node_create", node)


def fire_callback_on_node_update(node: Any) -> None:
    _fire_all("on_node_update", node)


def fire_callback_on_node_reset(node: Any) -> None:
    _fire_all("on_node_reset", node)


def fire_callback_on_node_delete(node: Any) -> None:
    _fire_all("on_node_delete", node)


def fire_callback_on_remove_node_from_cluster(node: Any) -> None:
    _fire_all("on_remove_node_from_cluster", node)


def fire_callback_on_node_collection_delete(node_ids: Any) -> None:
    _fire_all("on_node_collection_delete", node_ids)


def fire_callback_on_nodegroup_create(nodegroup: Any) -> None:
    _fire_all("on_nodegroup_create", nodegroup)


def fire_callback_on_nodegroup_delete(nodegroup: Any) -> None:
    _fire_all("on_nodegroup_delete", nodegroup)


def fire_callback_on_cluster_create(cluster: Any, data: Any) -> None:
    _fire_all("on_cluster_create", cluster, data)


def fire_callback_on_cluster_patch_attributes(cluster: Any, public_map: Any) -> None:
    _fire_all("on_cluster_patch_attributes", cluster, public_map)


def fire_callback_on_cluster_delete(cluster: Any) -> None:
    _fire_all("on_cluster_delete", cluster)


def fire_callback_on_before_deployment_check(cluster: Any, nodes: Any = None) -> None:
    """The cluster's extensions check it; ``nodes`` defaults to (and, when
    empty, is replaced by) ``cluster.nodes``, as in Nailgun."""
    _fire_cluster(
        cluster, "on_before_deployment_check", cluster, nodes or cluster.nodes
    )


def fire_callback_on_before_deployment_serialization(
    cluster: Any, nodes: Any, ignore_customized: Any
) -> None:
    _fire_cluster(
        cluster, "on_before_deployment_serialization", cluster, nodes, ignore_customized
    )


def fire_callback_on_before_provisioning_serialization(
    cluster: Any, nodes: Any, ignore_customized: Any
) -> None:
    _fire_cluster(
        cluster,
        "on_before_provisioning_serialization",
        cluster,
        nodes,
        ignore_customized,
    )


def fire_callback_on_node_serialization_for_deployment(
    node: Any, node_data: Any
) -> None:
    _fire_pipelines(node.cluster, "process_deployment_for_node", node, node_data)


def fire_callback_on_node_serialization_for_provisioning(
    node: Any, node_data: Any
) -> None:
    _fire_pipelines(node.cluster, "process_provisioning_for_node", node, node_data)


def fire_callback_on_cluster_serialization_for_deployment(
    cluster: Any, data: Any
) -> None:
    _fire_pipelines(cluster, "process_deployment_for_cluster", cluster, data)


def fire_callback_on_cluster_serialization_for_provisioning(
    cluster: Any, data: Any
) -> None:
    _fire_pipelines(cluster, "process_provisioning_for_cluster", cluster, data)


def node_extension_call(call_name: str, node: Any, *args: Any, **kwargs: Any) -> Any:
    """Ask the one extension that provides ``call_name`` for ``node``.

    The first name in ``node.extensions``, then ``node.cluster.extensions``,
    that is loaded and lists the call in its ``provides`` is called, alone,
    and its answer returned, even None; an extension that only implements
    the call (an observer) never answers it. Names that are not loaded are
    skipped, as Nailgun skipped them. A call no spec declares is one the
    provider declared itself: it gets the arguments as given.

    :raises CannotFindExtension: when none of them provides the call.
    """
    replaced = replaced_extensions()
    if replaced is not None:
        return doubles.call_provider(replaced, call_name, node, *args, **kwargs)
    provider = _provider(call_name, node)
    spec = specs().get(call_name)
    if spec is None:
        return getattr(provider.obj, call_name)(node, *args, **kwargs)
    relay = get_manager().subset([provider.name], required=True)
    return getattr(relay, call_name)(**_arguments(call_name, (node, *args), kwargs))


def _provider(call_name: str, node: Any) -> Any:
    """The record of the extension that answers ``call_name`` for ``node``."""
    manager = get_manager()
    cluster = node.cluster
    for name in chain(node.extensions, cluster.extensions if cluster else []):
        if name in manager:
            record = manager.get(name)
            if provides(record, call_name):
                return record
    raise not_found(f"Cannot find extension which provides '{call_name}' call")


def callback_wrapper(
    name: str, pass_args: Sequence[str] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    """Fire ``before_<name>`` and ``after_<name>`` on every extension around
    the decorated function, passing the arguments named in ``pass_args``
    (positional arguments of the call) and the call's keyword arguments.

    As in Nailgun, the wrapper returns None, and a ``before_``/``after_``
    that is not an event is nobody's handler (nothing is called).
    """
    wanted = list(pass_args or [])

    def decorator(func: Callable[..., Any]) -> Callable[..., None]:
        def wrapper(*args: Any, **kwargs: Any) -> None:
            arg_map = inspect.getcallargs(func, *args)
            filtered = [arg_map[arg] for arg in wanted]
            _fire_optional(f"before_{name}", filtered, kwargs)
            func(*args, **kwargs)
            _fire_optional(f"after_{name}", filtered, kwargs)

        return wrapper

    return decorator


def _fire_optional(event: str, args: Sequence[object], kwargs: dict[str, Any]) -> None:
    replaced = replaced_extensions()
    if replaced is not None:
        doubles.wrap_each(replaced, event, args, kwargs)
        return
    if event not in specs():
        return
    getattr(get_manager().hook, event)(**_arguments(event, args, kwargs))
