"""nailgun_hooks.types: the Protocols extensions are typed against, which
Nailgun's models and any plain object with the same members satisfy."""

from __future__ import annotations

from typing import Any

import pytest

from nailgun_hooks import types
from nailgun_hooks.types import Cluster, Node, NodeGroup


class PlainNode:
    """What a test or Nailgun's model gives: plain attributes will do."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


NODE = {
    "id": 1,
    "name": "node-1",
    "status": "ready",
    "roles": ["controller"],
    "pending_roles": [],
    "cluster_id": None,
    "cluster": None,
    "extensions": [],
}
CLUSTER = {"id": 1, "name": "env", "status": "new", "extensions": [], "nodes": []}
GROUP = {"id": 1, "name": "default", "cluster_id": 1, "is_default": True, "nodes": []}


@pytest.mark.parametrize(
    ("protocol", "members"),
    [(Node, NODE), (Cluster, CLUSTER), (NodeGroup, GROUP)],
    ids=["Node", "Cluster", "NodeGroup"],
)
def test_an_object_with_every_member_satisfies_the_protocol(
    protocol: type, members: dict[str, Any]
) -> None:
    assert isinstance(PlainNode(**members), protocol)
    for missing in members:
        partial = {k: v for k, v in members.items() if k != missing}
        assert not isinstance(PlainNode(**partial), protocol), missing


def test_a_node_is_not_a_cluster() -> None:
    assert not isinstance(PlainNode(**NODE), Cluster)
    assert not isinstance(PlainNode(**CLUSTER), Node)


def test_the_data_aliases_are_the_mappings_pipelines_edit_in_place() -> None:
    assert set(types.__all__) == {
        "Cluster",
        "ClusterData",
        "Node",
        "NodeData",
        "NodeGroup",
        "Volumes",
        "YaqlContext",
    }
    assert types.Volumes == list[dict[str, Any]]
    for alias in (types.ClusterData, types.NodeData, types.YaqlContext):
        assert "MutableMapping[str, typing.Any]" in str(alias)
