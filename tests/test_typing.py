"""Hook calls are statically typed, and the types cannot drift from the specs."""

from __future__ import annotations

import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from nailgun_hooks import specs
from nailgun_hooks.calls import hookcalls
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.spec import typegen


def test_the_relay_is_the_typed_interface() -> None:
    assert issubclass(HookRelay, hookcalls.Hooks)
    assert list(typing.get_type_hints(hookcalls.Hooks)) == list(specs())
    assert typegen.return_annotation(specs()["get_node_volumes"]) == "Volumes | None"
    assert typegen.return_annotation(specs()["on_node_update"]) == "list[None]"


# Each line ending in "# E" must be reported by mypy --strict, and no other.
WRONG_CALLS = """\
from __future__ import annotations

from nailgun_hooks import BaseExtension, HookManager, load_extensions
from nailgun_hooks.types import Cluster, Node, Volumes


Sizes = tuple[int, ...]


class Partitioning(BaseExtension):
    provides = ("simple_volumes",)

    @classmethod
    def simple_volumes(cls, node: Node, disk: str, *, sizes: Sizes = ()) -> list[str]:
        return [disk]


def wrong(manager: HookManager, node: Node, cluster: Cluster) -> None:
    manager.hook.on_node_update(nod=node)  # E
    manager.hook.on_node_update(node=cluster)  # E
    manager.hook.on_node_update(node)  # E
    manager.hook.on_cluster_create(cluster=cluster)  # E
    manager.hook.on_node_updated(node=node)  # E
    volumes: Volumes = manager.hook.get_node_volumes(node=node)  # E
    manager.hook.on_node_update(node=node).upper()  # E
    stored: bool = manager.hook.set_node_volumes(node=node, volumes=[])  # E
    manager.hook.set_node_volumes(node=node, volumes={})  # E
    manager.subset(["a"]).on_node_update(nod=node)  # E
    manager.with_policy("collect").on_node_update(node=cluster)  # E
    manager.with_policy("colect")  # E
    manager.set_policy("on_node_update", "ignore")  # E
    count: int = len(manager.hook.on_node_delete(node=node)[0])  # E
    load_extensions(disabled="audit")  # E
    load_extensions(enabled="audit")  # E
    manager.subset("audit")  # E
    scope = manager.for_node(node)
    scope.declared(Partitioning.simple_volumes, 1)  # E
    scope.declared(Partitioning.simple_volumes, "sda", size=(1,))  # E
    layout: list[str] = scope.declared(Partitioning.simple_volumes, "a")  # E
"""

RIGHT_CALLS = """\
from __future__ import annotations

from nailgun_hooks import BaseExtension, HookManager, load_extensions
from nailgun_hooks.types import Cluster, Node, Volumes


Sizes = tuple[int, ...]


class Partitioning(BaseExtension):
    provides = ("simple_volumes",)

    @classmethod
    def simple_volumes(cls, node: Node, disk: str, *, sizes: Sizes = ()) -> list[str]:
        return [disk]


def right(manager: HookManager, node: Node, cluster: Cluster) -> Volumes:
    results: list[None] = manager.hook.on_node_update(node=node)
    manager.hook.on_cluster_create(cluster=cluster, data={"name": "env"})
    manager.hook.on_cluster_patch_attributes(cluster=cluster, public_map=None)
    manager.hook.on_node_collection_delete(node_ids=[1, 2])
    manager.subset(cluster.extensions).process_deployment_for_cluster(
        cluster=cluster, cluster_data={}
    )
    manager.with_policy("collect").after_cluster_delete(cluster=cluster)
    manager.set_policy("after_cluster_delete", "collect")
    done: bool | None = manager.hook.set_default_node_volumes(node=node)
    names: tuple[str, ...] = manager.hook.on_node_update.extension_names
    assert not results and names is not None and done is None
    load_extensions(enabled=["a"], disabled={"b"})
    load_extensions(enabled=("a",), disabled=frozenset({"b"}).union({"c": 1}.keys()))
    scope = manager.for_node(node)
    layout: list[str] | None = scope.declared(Partitioning.simple_volumes, "sda")
    assert layout != scope.declared(Partitioning.simple_volumes, "sdb", sizes=(1,))
    volumes = manager.hook.get_node_volumes(node=node)
    if volumes is None:
        return []
    return volumes
"""


@pytest.mark.once
def test_mypy_reports_every_wrong_call_and_accepts_right_ones(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    (tmp_path / "wrong_calls.py").write_text(WRONG_CALLS)
    (tmp_path / "right_calls.py").write_text(RIGHT_CALLS)
    (tmp_path / "mypy.ini").write_text("[mypy]\n")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--python-version",
            f"{sys.version_info.major}.{sys.version_info.minor}",
            "--no-error-summary",
            "--show-error-codes",
            "wrong_calls.py",
            "right_calls.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    output = run.stdout + run.stderr
    errors: dict[str, set[int]] = {}
    for match in re.finditer(r"^(\w+)\.py:(\d+): error:", output, re.MULTILINE):
        errors.setdefault(match[1], set()).add(int(match[2]))
    expected = {
        number
        for number, line in enumerate(WRONG_CALLS.splitlines(), start=1)
        if line.endswith("# E")
    }
    assert errors.get("wrong_calls") == expected, output
    assert "right_calls" not in errors, output
    assert run.returncode == 1, output
