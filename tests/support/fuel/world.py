"""Nailgun's database objects as the extensions see them, built afresh for
each run so that two runs start from the same state."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

RELEASE_DEFAULTS = ["volume_manager", "network_manager"]
"""The extensions a Fuel release enables on every new cluster."""


@dataclasses.dataclass(eq=False)
class Release:
    environment_version: str = "9.0"
    lcm: bool = True


@dataclasses.dataclass(eq=False)
class Cluster:
    id: int
    extensions: list[str]
    release: Release
    nodes: list[Node] = dataclasses.field(default_factory=list)
    node_groups: list[NodeGroup] = dataclasses.field(default_factory=list)
    replaced_deployment_info: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Cluster({self.id})"


@dataclasses.dataclass(eq=False)
class Node:
    id: int
    cluster: Cluster | None
    extensions: list[str] = dataclasses.field(default_factory=list)
    disks: list[str] = dataclasses.field(default_factory=lambda: ["sda"])
    roles: list[str] = dataclasses.field(default_factory=lambda: ["controller"])
    status: str = "discover"
    ip: str = "10.20.0.5"

    @property
    def uid(self) -> str:
        return str(self.id)

    @property
    def name(self) -> str:
        return f"node-{self.id}"

    hostname = name

    @property
    def cluster_id(self) -> int | None:
        return self.cluster.id if self.cluster else None

    def __repr__(self) -> str:
        return f"Node({self.id})"


@dataclasses.dataclass(eq=False)
class NodeGroup:
    id: int
    cluster: Cluster
    nodes: list[Node] = dataclasses.field(default_factory=list)

    @property
    def cluster_id(self) -> int:
        return self.cluster.id

    def __repr__(self) -> str:
        return f"NodeGroup({self.id})"


@dataclasses.dataclass
class Relation:
    orig_cluster_id: int
    seed_cluster_id: int


@dataclasses.dataclass
class Repo:
    repo_name: str


@dataclasses.dataclass
class World:
    default: Cluster
    """A cluster with the release defaults, two nodes, one node group."""
    upgraded: Cluster
    """A seed cluster of an upgrade with every published extension enabled,
    a git repository and a pre-LCM release."""
    orig: Cluster


def _module(name: str) -> Any:
    return importlib.import_module(name)


def fresh_world() -> World:
    """Clear every store the shapes keep and build the clusters again."""
    _module("fuel_journal").reset()
    _module("nailgun.extensions.volume_manager.objects.volumes").STORE.clear()
    relations = _module("cluster_upgrade.objects.relations").RELATIONS
    repos = _module("fuel_external_git.objects").REPOS
    clusters = _module("nailgun.objects").CLUSTERS
    for store in (relations, repos, clusters):
        store.clear()

    default = Cluster(1, list(RELEASE_DEFAULTS), Release("9.0"))
    default.nodes = [Node(11, default), Node(12, default, roles=["ceph-osd"])]
    default.node_groups = [NodeGroup(101, default, list(default.nodes))]

    orig = Cluster(2, list(RELEASE_DEFAULTS), Release("8.0"))
    upgraded = Cluster(
        3,
        [*RELEASE_DEFAULTS, "cluster_upgrade", "fuel_external_git"],
        Release("9.0", lcm=False),
        replaced_deployment_info={"custom": 1},
    )
    upgraded.nodes = [Node(31, upgraded, roles=["compute"])]
    upgraded.node_groups = [
        NodeGroup(301, upgraded, list(upgraded.nodes)),
        NodeGroup(302, upgraded),
    ]
    for cluster in (default, orig, upgraded):
        clusters[cluster.id] = cluster
    relations[upgraded.id] = Relation(orig.id, upgraded.id)
    repos[upgraded.id] = Repo("env-3")
    return World(default=default, upgraded=upgraded, orig=orig)
