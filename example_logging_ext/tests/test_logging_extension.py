"""The logging extension: valid, complete, one safe log line per event."""

from __future__ import annotations

import copy
import logging
import sys
from pathlib import Path
from typing import Any

import pytest
from nailgun_example_logging_ext import LoggingExtension

from nailgun_hooks import BaseExtension, build_manager, hookimpl, specs
from nailgun_hooks.inmemory import MemoryCluster, MemoryNode, MemoryNodeGroup
from nailgun_hooks.types import Node, Volumes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

LOGGER = "nailgun.extensions.logging"
SECRET = "s3cr3t-never-logged"


def sample_arguments() -> dict[str, Any]:
    """One value for every argument any hook takes; secrets included."""
    cluster = MemoryCluster(3, "prod", extensions=["logging"])
    node = MemoryNode(
        7, roles=["controller"], pending_roles=["cinder"], cluster=cluster
    )
    other = MemoryNode(8, cluster=cluster)
    return {
        "node": node,
        "cluster": cluster,
        "nodes": [node, other],
        "node_ids": [7, 8],
        "nodegroup": MemoryNodeGroup(5, "rack-5", cluster_id=3),
        "data": {"name": "prod", "admin_password": SECRET},
        "public_map": {8: True, 7: False},
        "yaql_context": {"token": SECRET},
        "ignore_customized": True,
        "cluster_data": {"mysql": {"root_password": SECRET}, "nodes": []},
        "node_data": {"uid": "7", "password": SECRET},
        "volumes": [{"id": "os", "size": 10240, "key": SECRET}],
    }


# What must appear in the line, for each argument a hook takes.
IDENTIFIERS = {
    "node": "node 7 'node-7'",  # and, for on_node_update, its roles:
    "roles": "roles ['controller'], pending roles ['cinder']",
    "cluster": "cluster 3 'prod'",
    "nodes": "nodes [7, 8]",
    "node_ids": "nodes [7, 8]",
    "nodegroup": "nodegroup 5 'rack-5'",
    "data": "fields ['admin_password', 'name']",
    "public_map": "public network on nodes: [8]",
    "yaql_context": "1 names",
    "ignore_customized": "ignore_customized=True",
    "cluster_data": "2 keys",
    "node_data": "2 keys",
    "volumes": "1 volumes",
}


def test_passes_strict_validation_and_implements_every_hook() -> None:
    manager = build_manager([LoggingExtension])  # strict: raises on any problem
    record = manager.get("logging")
    assert set(record.hooks) == set(specs())
    assert (record.version, record.description) == (
        "1.0.0",
        "Logs one line for every Nailgun event it receives",
    )


def test_entry_point_name_is_the_extension_name() -> None:
    pyproject = Path(__file__).parents[1] / "pyproject.toml"
    project = tomllib.loads(pyproject.read_text())["project"]
    group = project["entry-points"]["nailgun.extensions"]
    assert group == {
        LoggingExtension.name: "nailgun_example_logging_ext:LoggingExtension"
    }


@pytest.mark.parametrize("event", list(specs()))
def test_each_event_logs_one_line_with_ids_and_no_values(
    event: str, caplog: pytest.LogCaptureFixture
) -> None:
    spec = specs()[event]
    manager = build_manager([LoggingExtension])
    arguments = {name: sample_arguments()[name] for name in spec.argnames}
    before = copy.deepcopy({k: v for k, v in arguments.items() if k.endswith("data")})

    with caplog.at_level(logging.INFO, logger=LOGGER):
        result = getattr(manager.hook, event)(**arguments)

    (record,) = caplog.records
    assert record.name == LOGGER and record.levelno == logging.INFO
    message = record.getMessage()
    assert message.startswith(f"{event}: ")
    for name in spec.argnames:
        assert IDENTIFIERS[name] in message, name
    if event == "on_node_update":
        assert IDENTIFIERS["roles"] in message
    assert SECRET not in message
    # It observes and changes nothing: no answer, no edit of the data.
    assert result == (None if spec.firstresult else [])
    assert {k: v for k, v in arguments.items() if k.endswith("data")} == before


def test_unpatched_public_map_is_logged_as_unchanged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([LoggingExtension])
    cluster = MemoryCluster(1, "one")
    with caplog.at_level(logging.INFO, logger=LOGGER):
        manager.hook.on_cluster_patch_attributes(cluster=cluster, public_map=None)
    assert caplog.messages == [
        "on_cluster_patch_attributes: cluster 1 'one', public network on nodes: "
        "unchanged"
    ]


class Disks(BaseExtension):
    """A volume provider whose name sorts before "logging"."""

    name = "disks"
    version = "1.0.0"
    description = "Provides volumes"
    provides = ("get_node_volumes",)

    @hookimpl
    def get_node_volumes(self, node: Node) -> Volumes | None:
        return [{"id": "os", "node": node.id}]


def test_first_result_calls_are_logged_and_never_shadow_a_provider(
    caplog: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([Disks, LoggingExtension])
    assert manager.names() == ("disks", "logging")  # disks would be asked first
    node = MemoryNode(4)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        volumes = manager.hook.get_node_volumes(node=node)
    assert volumes == [{"id": "os", "node": 4}]
    assert caplog.messages == ["get_node_volumes: node 4 'node-4'"]
