"""The HookManager Nailgun holds: strict calls, run-time changes, subsets."""

from __future__ import annotations

from typing import ClassVar

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionNotFoundError,
    ExtensionValidationError,
    HookCallError,
    build_manager,
    hookimpl,
)
from nailgun_hooks.testing import NailgunObjects
from nailgun_hooks.types import Node


class Recorder(BaseExtension):
    version = "1.0"
    description = "records node updates"

    def __init__(self) -> None:
        self.seen: list[object] = []

    @hookimpl
    def on_node_update(self, node: object) -> None:
        self.seen.append(node)


class A(Recorder):
    name = "a"


class B(Recorder):
    name = "b"


class C(Recorder):
    name = "c"
    before = ("a", "b")


def test_calls_reject_missing_and_unknown_keywords() -> None:
    manager = build_manager([A])
    with pytest.raises(HookCallError, match=r"'on_node_update'.*without.*'node'"):
        manager.hook.on_node_update()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"on_node_update.*'nodes'"):
        manager.hook.on_node_update(node=1, nodes=[1])  # type: ignore[call-arg]
    assert manager.get("a").obj.seen == []  # type: ignore[attr-defined]


def test_register_and_unregister_reorder_and_validate() -> None:
    manager = build_manager([A, B])
    assert manager.names() == ("a", "b")
    manager.register(C)
    assert manager.names() == ("c", "a", "b")
    assert manager.hook.on_node_update.extension_names == ("c", "a", "b")
    manager.unregister("a")
    assert manager.names() == ("c", "b")
    assert manager.hook.on_node_update.extension_names == ("c", "b")
    with pytest.raises(ExtensionValidationError, match=r"duplicate-name"):
        manager.register(B)
    assert manager.names() == ("c", "b")
    with pytest.raises(ExtensionNotFoundError, match=r"'zzz'.*loaded: c, b"):
        manager.unregister("zzz")


def test_subset_keeps_global_order_and_follows_changes() -> None:
    manager = build_manager([A, B, C])
    subset = manager.subset(["b", "c"])
    assert subset is manager.subset(("c", "b"))
    assert subset.on_node_update.extension_names == ("c", "b")
    manager.unregister("c")
    assert subset.on_node_update.extension_names == ("b",)


def test_to_dict_is_nailguns_rest_payload() -> None:
    manager = build_manager([A])
    assert manager.to_dict() == [
        {
            "name": "a",
            "version": "1.0",
            "description": "records node updates",
            "provides": [],
        }
    ]
    assert "a" in manager and len(manager) == 1


# --- the mapping protocol, as stevedore's managers offer it --------------------


def test_the_manager_answers_like_stevedores() -> None:
    manager = build_manager([A, B, C])
    assert manager["c"] is manager.get("c")
    assert manager["a"].name == "a"
    assert "b" in manager and "z" not in manager and 3 not in manager
    assert len(manager) == 3
    # iteration yields the extensions (records), in call order, as stevedore's
    assert [record.name for record in manager] == ["c", "a", "b"]
    assert list(manager) == list(manager.extensions)


def test_a_missing_name_is_a_key_error_that_says_more() -> None:
    manager = build_manager([A])
    with pytest.raises(KeyError) as raised:
        manager["z"]
    assert raised.value.args == ("z",)
    assert isinstance(raised.value.__cause__, ExtensionNotFoundError)
    assert "loaded: a" in str(raised.value.__cause__)


def test_get_takes_a_default_as_a_mapping_does() -> None:
    manager = build_manager([A])
    assert manager.get("z", None) is None
    marker = object()
    assert manager.get("z", marker) is marker
    assert manager.get("a", None) is manager["a"]
    with pytest.raises(
        ExtensionNotFoundError, match="no loaded extension is named 'z'"
    ):
        manager.get("z")


def test_the_protocol_follows_run_time_changes() -> None:
    manager = build_manager([A])
    manager.register(B)
    assert "b" in manager and len(manager) == 2 and manager["b"].name == "b"
    manager.unregister("b")
    assert "b" not in manager and manager.get("b", None) is None


def test_register_adopts_a_class_with_the_old_base_shape(
    nailgun_objects: NailgunObjects,
) -> None:
    class OldShape:  # not a nailgun_hooks.BaseExtension
        name = "old_shape"
        version = "1.0.0"
        description = "Registered at run time"
        seen: ClassVar[list[str]] = []

        @classmethod
        def on_node_reset(cls, node: Node) -> None:
            cls.seen.append(node.name)

    manager = build_manager([])
    record = manager.register(OldShape)
    assert record.hooks == ("on_node_reset",)
    manager.hook.on_node_reset(node=nailgun_objects.node(name="n1"))
    assert OldShape.seen == ["n1"]
