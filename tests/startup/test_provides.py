"""nailgun_hooks.startup.provides: the calls an extension provides, its own
declared calls among them, and who answers ``node_extension_call``."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionNotFoundError,
    ExtensionValidationError,
    build_manager,
    compat,
    hookimpl,
)
from nailgun_hooks.cli.inventory import Entry, _entry_text
from nailgun_hooks.startup.checks import recognised
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.provides import check_provides
from nailgun_hooks.startup.records import description_of
from nailgun_hooks.testing import make_cluster, make_node
from nailgun_hooks.types import Cluster, Node


class Partitioning(compat.BaseExtension):
    """A partitioning service answering a call Nailgun's core never declared,
    with further positional and keyword arguments."""

    name = "partitioning"
    version = "1.0.0"
    description = "Simple volumes"
    provides: ClassVar[list[str]] = ["get_node_simple_volumes"]
    asked: ClassVar[list[tuple[object, ...]]] = []

    @classmethod
    def get_node_simple_volumes(cls, node: Any, disk: str, *, sizes: Any = ()) -> Any:
        cls.asked.append((node.name, disk, sizes))
        return None if disk == "none" else [disk, *sizes]


class SameCall(compat.BaseExtension):
    name = "samecall"
    version = "1.0.0"
    description = "Declares the call with the same signature"
    provides: ClassVar[list[str]] = ["get_node_simple_volumes"]

    @classmethod
    def get_node_simple_volumes(cls, node: Any, disk: str, *, sizes: Any = ()) -> Any:
        return ["samecall"]


class OtherSignature(compat.BaseExtension):
    name = "other"
    version = "1.0.0"
    description = "Declares the call with another signature"
    provides: ClassVar[list[str]] = ["get_node_simple_volumes"]

    @classmethod
    def get_node_simple_volumes(cls, node: Any) -> Any:
        return []


@pytest.fixture(autouse=True)
def fresh() -> None:
    Partitioning.asked = []


def test_an_old_style_call_of_its_own_works_through_compat() -> None:
    node = make_node(name="n1", extensions=["partitioning"])
    with compat.installed(Partitioning):
        assert compat.node_extension_call(
            "get_node_simple_volumes", node, "sda", sizes=(1, 2)
        ) == ["sda", 1, 2]
        assert (
            compat.node_extension_call("get_node_simple_volumes", node, "none") is None
        )
    assert Partitioning.asked == [("n1", "sda", (1, 2)), ("n1", "none", ())]


def test_a_call_of_its_own_works_through_the_typed_api() -> None:
    manager = build_manager([SameCall, Partitioning])
    cluster = make_cluster(extensions=["samecall"])
    node = make_node(name="n1", cluster=cluster, extensions=["partitioning"])
    scope = manager.for_node(node)
    assert scope.call("get_node_simple_volumes", "sdb", sizes=(3,)) == ["sdb", 3]
    method = Partitioning.get_node_simple_volumes
    assert scope.declared(method, "sdc", sizes=(4,)) == ["sdc", 4]
    # the node's own provider said "not mine": its cluster's answers
    assert scope.call("get_node_simple_volumes", "none") == ["samecall"]
    node.extensions = []
    cluster.extensions = []
    with pytest.raises(ExtensionNotFoundError, match="enable one of"):
        scope.call("get_node_simple_volumes", "sda")


def test_a_hookspecs_call_stays_keyword_only_in_the_typed_api() -> None:
    manager = build_manager([Partitioning])
    with pytest.raises(TypeError, match="pass keyword arguments"):
        manager.for_node(make_node()).call("set_node_volumes", [])


def test_the_record_and_list_show_calls_of_its_own() -> None:
    record = build_manager([Partitioning]).get("partitioning")
    assert record.calls == (
        (
            "get_node_simple_volumes",
            "(node: 'Any', disk: 'str', *, sizes: 'Any' = ()) -> 'Any'",
        ),
    )
    text = "\n".join(_entry_text("1.", Entry.from_record(record), debug=False))
    assert "own calls (1): get_node_simple_volumes(node: 'Any', disk" in text
    assert Entry.from_record(record).to_dict()["calls"] == [
        {"name": "get_node_simple_volumes", "signature": record.calls[0][1]}
    ]


def test_one_call_declared_twice_alike_is_fine_differently_is_a_problem() -> None:
    build_manager([Partitioning, SameCall])
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Partitioning, OtherSignature])
    problems = caught.value.problems
    assert sorted(p.extension for p in problems) == ["other", "partitioning"]
    assert {p.code for p in problems} == {"conflicting-calls"}
    assert all(
        "partitioning: get_node_simple_volumes(node" in p.message
        and "other: get_node_simple_volumes(node: 'Any')" in p.message
        for p in problems
    )


@pytest.mark.parametrize(
    ("attribute", "shown"),
    [(None, "no method"), ("not callable", "a str"), (staticmethod(lambda: 1), "")],
)
def test_a_declared_call_needs_a_method_taking_the_node(
    attribute: object, shown: str
) -> None:
    namespace: dict[str, Any] = {
        "name": "bad",
        "version": "1.0.0",
        "description": "d",
        "provides": ["describe_disks"],
    }
    if attribute is not None:
        namespace["describe_disks"] = attribute
    bad = type("Bad", (compat.BaseExtension,), namespace)
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([bad])
    (problem,) = caught.value.problems
    assert problem.code == "provides-not-implemented"
    assert "own call 'describe_disks'" in problem.message and shown in problem.message


def test_a_near_miss_of_a_built_in_call_without_a_method_is_a_typo() -> None:
    class Typo(compat.BaseExtension):
        name = "typo"
        version = "1.0.0"
        description = "d"
        provides: ClassVar[list[str]] = ["get_node_volume"]

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Typo])
    (problem,) = caught.value.problems
    assert problem.code == "unknown-provides"
    assert problem.hint == "did you mean 'get_node_volumes'?"


class VolumeManager(compat.BaseExtension):
    name = "volume_manager"
    version = "1.0.0"
    description = "Provides the volume layout"
    provides: ClassVar[list[str]] = ["get_node_volumes"]

    @classmethod
    def get_node_volumes(cls, node: Any) -> Any:
        return [{"id": "sda"}]


class Observer(BaseExtension):
    """Shaped like example_logging_ext: it sees every call and answers none."""

    name = "observer"
    version = "1.0.0"
    description = "Logs volume look-ups"
    seen: ClassVar[list[str]] = []

    @hookimpl(tryfirst=True)
    def get_node_volumes(self, node: Node) -> None:
        self.seen.append(node.name)


def test_an_observer_never_answers_node_extension_call() -> None:
    node = make_node(name="n1", extensions=["observer", "volume_manager"])
    Observer.seen = []
    with compat.installed(Observer, VolumeManager):
        assert compat.node_extension_call("get_node_volumes", node) == [{"id": "sda"}]
        node.extensions = ["observer"]
        with pytest.raises(compat.CannotFindExtension, match="'get_node_volumes'"):
            compat.node_extension_call("get_node_volumes", node)
    assert Observer.seen == []


def test_a_declared_calls_node_parameter_must_accept_a_node() -> None:
    class Wrong(compat.BaseExtension):
        name = "wrong"
        version = "1.0.0"
        description = "d"
        provides: ClassVar[list[str]] = ["describe_disks"]

        @classmethod
        def describe_disks(cls, cluster: Cluster) -> None:
            return None

    class Right(Wrong):
        name = "right"

        @classmethod
        def describe_disks(cls, node: Node) -> None:
            return None

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Wrong])
    (problem,) = caught.value.problems
    assert problem.code == "incompatible-argument-type"
    assert problem.message == (
        "own call describe_disks: parameter 'cluster' is annotated Cluster but "
        "receives Node"
    )
    assert build_manager([Right]).get("right").calls[0][0] == "describe_disks"


def test_the_checks_read_the_names_provided_from_the_record() -> None:
    """What the record says is provided is judged, whatever the object's
    ``provides`` says by now."""

    class Quiet(compat.BaseExtension):
        name, version, description = "quiet", "1.0", "provides nothing"

    obj = Quiet()
    record = recognised(description_of(obj), NailgunPluginManager(), dir(obj))
    assert check_provides(record) == []
    claimed = dataclasses.replace(record, provided=("get_node_volumes",))
    (problem,) = check_provides(claimed)
    assert (problem.code, problem.hook) == (
        "provides-not-implemented",
        "get_node_volumes",
    )
