"""Nailgun's own loops, run over the objects a replaced
``get_all_extensions`` returns (see :mod:`.compat_state`).

Nailgun's tests substitute ``MagicMock`` extensions and then assert how each
was called; these functions call them exactly as Nailgun's manager did:
positionally, by attribute, in the order given, with nothing validated.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from .compat_base import not_found

__all__ = [
    "call_each",
    "call_each_enabled",
    "call_each_pipeline",
    "call_provider",
    "named",
    "wrap_each",
]


def named(doubles: Sequence[Any], name: str) -> Any:
    """Nailgun's ``get_extension`` over ``doubles``."""
    for extension in doubles:
        if extension.name == name:
            return extension
    raise not_found(f"Cannot find extension with name '{name}'")


def call_each(doubles: Sequence[Any], event: str, *args: object) -> None:
    """A global callback: every extension, in the order given."""
    for extension in doubles:
        getattr(extension, event)(*args)


def call_each_enabled(
    doubles: Sequence[Any], cluster: Any, event: str, *args: object
) -> None:
    """A cluster callback: each name the cluster enables, in its order."""
    for name in cluster.extensions:
        getattr(named(doubles, name), event)(*args)


def call_each_pipeline(
    doubles: Sequence[Any], cluster: Any, event: str, *args: object
) -> None:
    """A pipeline step: each enabled extension's ``data_pipelines``."""
    for name in cluster.extensions:
        for pipeline in named(doubles, name).data_pipelines:
            getattr(pipeline, event)(*args)


def call_provider(
    doubles: Sequence[Any], call_name: str, node: Any, *args: Any, **kwargs: Any
) -> Any:
    """``node_extension_call``: the first name of the node's, then its
    cluster's, extensions whose ``provides`` lists the call answers."""
    by_name = {extension.name: extension for extension in doubles}
    cluster = node.cluster
    for name in chain(node.extensions, cluster.extensions if cluster else []):
        if name in by_name and call_name in by_name[name].provides:
            return getattr(by_name[name], call_name)(node, *args, **kwargs)
    raise not_found(f"Cannot find extension which provides '{call_name}' call")


def wrap_each(
    doubles: Sequence[Any], event: str, args: Sequence[object], kwargs: dict[str, Any]
) -> None:
    """``callback_wrapper``'s ``before_``/``after_``: where an extension has
    none, nothing is called."""
    for extension in doubles:
        function = getattr(extension, event, None)
        if function is not None:
            function(*args, **kwargs)
