"""nailgun_hooks.cli.demo_values: what the demo prints of a hook's
arguments and answers, briefly, and escaped where the text is an
extension's."""

from __future__ import annotations

from nailgun_hooks.cli.demo_values import changed_keys, key_names, odd_keys, summary
from nailgun_hooks.inmemory import MemoryCluster, MemoryNode, MemoryNodeGroup


def test_an_object_is_described_by_its_id_and_name() -> None:
    assert summary(MemoryNode(3, name="compute")) == "node 3 'compute'"
    assert summary(MemoryCluster(1, "demo")) == "cluster 1 'demo'"
    assert summary(MemoryNodeGroup(2, "default", cluster_id=1)) == (
        "nodegroup 2 'default'"
    )


def test_a_collection_is_described_by_its_size_never_its_values() -> None:
    assert summary({"password": "not-shown"}) == "{1 key}"
    assert summary({"a": 1, "b": 2}) == "{2 keys}"
    assert summary([MemoryNode(1), MemoryNode(2)]) == "[nodes 1, 2]"
    assert summary((4, 5)) == "[4, 5]"
    assert summary(["not-shown", {}]) == "[2 items]"
    assert summary("text") == "'text'"
    assert summary(None) == "None"


def test_keys_are_sorted_as_text_and_escaped() -> None:
    assert key_names(["b", 5, "a"]) == "5, a, b"
    assert key_names(["\x1b[2Jforged"]) == "\\x1b[2Jforged"


def test_the_keys_that_are_not_strings_are_odd() -> None:
    assert odd_keys({"a": 1, 5: "five", None: 0}) == [5, None]
    assert odd_keys({"a": 1}) == []


def test_a_change_names_the_keys_added_changed_and_removed() -> None:
    before = {"kept": 1, "edited": [1], "dropped": "x"}
    after = {"kept": 1, "edited": [1, 2], "new": True, "newer": None}
    assert changed_keys(before, after) == (
        "added new, newer; changed edited; removed dropped"
    )
    assert changed_keys(before, dict(before)) == "unchanged"
    assert changed_keys({}, {"a": 1}) == "added a"
