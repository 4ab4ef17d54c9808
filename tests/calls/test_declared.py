"""nailgun_hooks.calls.declared: ``manager.hook.<call>`` for the calls
extensions declare themselves."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from nailgun_hooks import ExtensionNotFoundError, build_manager, compat
from nailgun_hooks.testing import make_cluster, make_node


class Sizes(compat.BaseExtension):
    name = "a_sizes"
    version = "1.0.0"
    description = "Declares disk_sizes"
    provides: ClassVar[list[str]] = ["disk_sizes"]

    @classmethod
    def disk_sizes(cls, node: Any, unit: str = "GB") -> Any:
        return None if node == "unknown" else [f"100{unit}"]


class MoreSizes(Sizes):
    name = "b_sizes"

    @classmethod
    def disk_sizes(cls, node: Any, unit: str = "GB") -> Any:
        return [f"1{unit}"]


class Install(compat.BaseExtension):
    name = "install_ext"
    version = "1.0.0"
    description = "Declares a call named like a relay method"
    provides: ClassVar[list[str]] = ["install"]

    @classmethod
    def install(cls, node: Any) -> str:
        return "installed"


def test_manager_hook_asks_the_declaring_extensions_in_order() -> None:
    manager = build_manager([Sizes, MoreSizes])
    assert manager.names() == ("a_sizes", "b_sizes")
    hook: Any = manager.hook
    assert hook.disk_sizes(node="n1", unit="TB") == ["100TB"]
    assert hook.disk_sizes(node="unknown") == ["1GB"]  # "not mine": the next


def test_scoped_relays_ask_only_their_extensions() -> None:
    manager = build_manager([Sizes, MoreSizes])
    cluster = make_cluster(extensions=["b_sizes"])
    scoped: Any = manager.for_cluster(cluster)
    assert scoped.disk_sizes(node="n1") == ["1GB"]
    manager.unregister("b_sizes")
    with pytest.raises(ExtensionNotFoundError, match="b_sizes"):
        scoped.disk_sizes(node="n1")


def test_unregistering_the_last_declarer_removes_the_call() -> None:
    manager = build_manager([Sizes])
    hook: Any = manager.hook
    assert hook.disk_sizes(node="n1") == ["100GB"]
    manager.unregister("a_sizes")
    assert not hasattr(manager.hook, "disk_sizes")


def test_a_call_named_like_the_relays_own_method_is_left_to_for_node() -> None:
    manager = build_manager([Install])
    assert manager.hook.install.__func__ is type(manager.hook).install  # type: ignore[attr-defined]

    node = make_node(extensions=["install_ext"])
    assert manager.for_node(node).call("install") == "installed"
