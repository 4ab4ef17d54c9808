"""Extension classes carrying ``@hookimpl`` in each place pluggy looks
(instance, class and static methods, an override left unmarked) next to
properties pluggy never evaluates: shared by the tests of what startup finds
and of how it reads classes."""

from __future__ import annotations

import functools
from typing import Any

from nailgun_hooks import BaseExtension, hookimpl


class Base(BaseExtension):
    name, version, description = "base", "1.0", "base class"

    @hookimpl
    def on_node_update(self, node: Any) -> None: ...

    @hookimpl(tryfirst=True)
    def on_node_delete(self, node: Any) -> None: ...


class Child(Base):
    name = "child"

    def on_node_delete(self, node: Any) -> None:  # overridden, unmarked
        ...

    @hookimpl
    @staticmethod
    def on_node_reset(node: Any) -> None: ...

    @staticmethod
    @hookimpl
    def on_node_create(node: Any) -> None: ...

    @hookimpl
    @classmethod
    def on_cluster_delete(cls, cluster: Any) -> None: ...

    @property
    def on_nodegroup_create(self) -> Any:
        raise AssertionError("pluggy never evaluates properties; nor do we")

    @functools.cached_property
    def on_nodegroup_delete(self) -> Any:
        raise AssertionError("nor cached properties")
