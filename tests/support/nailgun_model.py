"""A model of Nailgun's own extension manager, written from its source
(fuel-web, ``nailgun/extensions/manager.py`` and ``base.py``), to compare
``nailgun_hooks.compat`` with.

What it keeps of Nailgun, rule by rule:

* the extensions are the classes stevedore loaded, never instantiated;
  every callback is ``getattr(cls, name)(*positional arguments)``, so a
  class without the method relies on the base's no-op;
* global callbacks go to every extension, in stevedore's order (the order
  given here);
* cluster callbacks and data pipelines go to each name in
  ``cluster.extensions``, in that order, looked up one at a time: an
  unknown name raises ``CannotFindExtension`` when it is reached;
* the deployment check passes ``nodes or cluster.nodes``;
* ``node_extension_call`` asks the first name of ``node.extensions`` then
  ``node.cluster.extensions`` that is installed and lists the call in
  ``provides``, and returns its answer, whatever it is;
* ``callback_wrapper`` calls ``before_``/``after_<name>`` where an extension
  has one, and returns None;
* the REST listing instantiates each class for ``to_dict()``; URL handlers
  are keyed by ``handler.__name__``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import Any


class NailgunModel:
    def __init__(self, extensions: Sequence[type], errors: Any) -> None:
        self.extensions = list(extensions)
        self.errors = errors  # the ``nailgun.errors`` module in use

    # --- lookup ----------

    def get_all_extensions(self) -> Iterator[type]:
        return iter(self.extensions)

    def get_extension(self, name: str) -> type:
        for extension in self.extensions:
            if extension.name == name:
                return extension
        raise self.errors.CannotFindExtension(
            f"Cannot find extension with name '{name}'"
        )

    def _for_cluster(self, cluster: Any) -> Iterator[type]:
        for name in cluster.extensions:
            yield self.get_extension(name)

    def _pipelines_for_cluster(self, cluster: Any) -> Iterator[type]:
        for extension in self._for_cluster(cluster):
            yield from extension.data_pipelines

    # --- global callbacks ----------

    def _all(self, method: str, *args: Any) -> None:
        for extension in self.extensions:
            getattr(extension, method)(*args)

    def setup_yaql_context(self, yaql_context: Any) -> None:
        self._all("setup_yaql_context", yaql_context)

    def fire_callback_on_node_create(self, node: Any) -> None:
        self._all("on_node_create", node)

    def fire_callback_on_node_update(self, node: Any) -> None:
        self._all("on_node_update", node)

    def fire_callback_on_node_reset(self, node: Any) -> None:
        self._all("on_node_reset", node)

    def fire_callback_on_node_delete(self, node: Any) -> None:
        self._all("on_node_delete", node)

    def fire_callback_on_remove_node_from_cluster(self, node: Any) -> None:
        self._all("on_remove_node_from_cluster", node)

    def fire_callback_on_node_collection_delete(self, node_ids: Any) -> None:
        self._all("on_node_collection_delete", node_ids)

    def fire_callback_on_nodegroup_create(self, nodegroup: Any) -> None:
        self._all("on_nodegroup_create", nodegroup)

    def fire_callback_on_nodegroup_delete(self, nodegroup: Any) -> None:
        self._all("on_nodegroup_delete", nodegroup)

    def fire_callback_on_cluster_create(self, cluster: Any, data: Any) -> None:
        self._all("on_cluster_create", cluster, data)

    def fire_callback_on_cluster_patch_attributes(
        self, cluster: Any, public_map: Any
    ) -> None:
        self._all("on_cluster_patch_attributes", cluster, public_map)

    def fire_callback_on_cluster_delete(self, cluster: Any) -> None:
        self._all("on_cluster_delete", cluster)

    # --- cluster callbacks and pipelines ----------

    def fire_callback_on_before_deployment_check(
        self, cluster: Any, nodes: Any = None
    ) -> None:
        for extension in self._for_cluster(cluster):
            extension.on_before_deployment_check(cluster, nodes or cluster.nodes)

    def fire_callback_on_before_deployment_serialization(
        self, cluster: Any, nodes: Any, ignore_customized: Any
    ) -> None:
        for extension in self._for_cluster(cluster):
            extension.on_before_deployment_serialization(
                cluster, nodes, ignore_customized
            )

    def fire_callback_on_before_provisioning_serialization(
        self, cluster: Any, nodes: Any, ignore_customized: Any
    ) -> None:
        for extension in self._for_cluster(cluster):
            extension.on_before_provisioning_serialization(
                cluster, nodes, ignore_customized
            )

    def fire_callback_on_node_serialization_for_deployment(
        self, node: Any, node_data: Any
    ) -> None:
        for pipeline in self._pipelines_for_cluster(node.cluster):
            pipeline.process_deployment_for_node(node, node_data)

    def fire_callback_on_node_serialization_for_provisioning(
        self, node: Any, node_data: Any
    ) -> None:
        for pipeline in self._pipelines_for_cluster(node.cluster):
            pipeline.process_provisioning_for_node(node, node_data)

    def fire_callback_on_cluster_serialization_for_deployment(
        self, cluster: Any, data: Any
    ) -> None:
        for pipeline in self._pipelines_for_cluster(cluster):
            pipeline.process_deployment_for_cluster(cluster, data)

    def fire_callback_on_cluster_serialization_for_provisioning(
        self, cluster: Any, data: Any
    ) -> None:
        for pipeline in self._pipelines_for_cluster(cluster):
            pipeline.process_provisioning_for_cluster(cluster, data)

    # --- first-result calls ----------

    def node_extension_call(
        self, call_name: str, node: Any, *args: Any, **kwargs: Any
    ) -> Any:
        installed = {extension.name: extension for extension in self.extensions}
        cluster_names = node.cluster.extensions if node.cluster else []
        for name in chain(node.extensions, cluster_names):
            extension = installed.get(name)
            if extension is not None and call_name in extension.provides:
                return getattr(extension, call_name)(node, *args, **kwargs)
        raise self.errors.CannotFindExtension(
            f"Cannot find extension which provides '{call_name}' call"
        )

    # --- decorators and objects ----------

    def callback_wrapper(
        self, name: str, pass_args: Sequence[str] | None = None
    ) -> Callable[[Callable[..., Any]], Callable[..., None]]:
        wanted = list(pass_args or [])

        def decorator(func: Callable[..., Any]) -> Callable[..., None]:
            def wrapper(*args: Any, **kwargs: Any) -> None:
                arg_map = inspect.getcallargs(func, *args)
                passed = [arg_map[arg] for arg in wanted]
                for extension in self.extensions:
                    before = getattr(extension, f"before_{name}", None)
                    if before is not None:
                        before(*passed, **kwargs)
                func(*args, **kwargs)
                for extension in self.extensions:
                    after = getattr(extension, f"after_{name}", None)
                    if after is not None:
                        after(*passed, **kwargs)

            return wrapper

        return decorator

    # --- the REST surface ----------

    def extensions_payload(self) -> list[dict[str, Any]]:
        """``GET /extensions``: each class instantiated for ``to_dict()``."""
        return [extension().to_dict() for extension in self.extensions]

    def extensions_urls(self) -> tuple[list[Any], dict[Any, Any]]:
        """web.py's URL list and handler lookup, keyed by ``__name__``."""
        urls: list[Any] = []
        handlers: dict[Any, Any] = {}
        for extension in self.extensions:
            for url in extension.urls:
                handler = url["handler"]
                urls.extend((url["uri"], handler.__name__))
                handlers[handler.__name__] = handler
        return urls, handlers
