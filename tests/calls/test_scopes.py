"""Cluster and node scopes over real installed extensions."""

from __future__ import annotations

import inspect
import typing

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nailgun_hooks import (
    BaseExtension,
    ExtensionNotFoundError,
    build_manager,
    hookimpl,
    load_extensions,
    specs,
)
from nailgun_hooks.calls.scopes import NodeCalls
from nailgun_hooks.testing import NailgunObjects
from nailgun_hooks.types import ClusterData
from tests.support.dists import DistFactory

TRACE = """
@hookimpl
def process_deployment_for_cluster(self, cluster, cluster_data):
    cluster_data.setdefault("trace", []).append(self.name)

@hookimpl
def on_before_deployment_check(self, cluster, nodes):
    if getattr(self, "veto", False):
        raise RuntimeError(f"{self.name} vetoes cluster {cluster.id}")
"""


def install_tracers(dists: DistFactory, *specs_: tuple[str, dict[str, object]]) -> None:
    for name, extra in specs_:
        dists.extension(name, TRACE, extra=extra)


def test_cluster_scope_reaches_only_enabled_extensions_in_global_order(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    # Global order is zeta, alpha, mid (zeta runs before alpha by constraint):
    # the cluster lists them in another order, which must not matter.
    install_tracers(
        dists,
        ("alpha", {}),
        ("mid", {}),
        ("zeta", {"before": ["alpha"]}),
        ("other", {"veto": True}),
    )
    manager = load_extensions(namespace=dists.namespace)
    assert manager.names() == ("mid", "other", "zeta", "alpha")
    cluster = nailgun_objects.cluster(extensions=["alpha", "mid", "zeta"])

    data: dict[str, list[str]] = {}
    manager.for_cluster(cluster).process_deployment_for_cluster(
        cluster=cluster, cluster_data=data
    )
    assert data["trace"] == ["mid", "zeta", "alpha"]
    # "other" vetoes every check but is not enabled on this cluster.
    manager.for_cluster(cluster).on_before_deployment_check(
        cluster=cluster, nodes=cluster.nodes
    )
    vetoed = nailgun_objects.cluster(extensions=["other", "alpha"])
    with pytest.raises(RuntimeError, match=f"other vetoes cluster {vetoed.id}"):
        manager.for_cluster(vetoed).on_before_deployment_check(
            cluster=vetoed, nodes=vetoed.nodes
        )


def test_pipelines_edit_in_place_in_global_order(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    dists.extension(
        "plus",
        """
        @hookimpl
        def process_deployment_for_cluster(self, cluster, cluster_data):
            cluster_data["value"] += 1
        """,
    )
    dists.extension(
        "times",
        """
        @hookimpl
        def process_deployment_for_cluster(self, cluster, cluster_data):
            cluster_data["value"] *= 2
        """,
    )
    manager = load_extensions(namespace=dists.namespace)
    cluster = nailgun_objects.cluster(extensions=["times", "plus"])
    data = {"value": 1}
    manager.for_cluster(cluster).process_deployment_for_cluster(
        cluster=cluster, cluster_data=data
    )
    assert data == {"value": 4}  # (1 + 1) * 2: plus runs first, by name

    manager.unregister("plus")
    reordered = manager.register(
        type(
            "Plus",
            (BaseExtension,),
            {
                "name": "plus",
                "version": "1.0.0",
                "description": "adds one, after times",
                "after": ["times"],
                "process_deployment_for_cluster": hookimpl(
                    lambda self, cluster, cluster_data: cluster_data.update(
                        value=cluster_data["value"] + 1
                    )
                ),
            },
        )
    )
    assert reordered.after == ("times",)
    data = {"value": 1}
    manager.for_cluster(cluster).process_deployment_for_cluster(
        cluster=cluster, cluster_data=data
    )
    assert data == {"value": 3}  # 1 * 2 + 1


def test_enabled_but_not_installed_names_are_reported_with_a_suggestion(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    install_tracers(dists, ("volume_manager", {}))
    manager = load_extensions(namespace=dists.namespace)
    cluster = nailgun_objects.cluster(
        extensions=["volume_manger", "volume_manager", "bareon"], id=42
    )
    with pytest.raises(ExtensionNotFoundError) as caught:
        manager.for_cluster(cluster)
    message = str(caught.value)
    assert "cluster 42" in message
    assert "'volume_manger' is not installed; did you mean 'volume_manager'?" in (
        message
    )
    assert "'bareon' is not installed" in message
    assert "Loaded: volume_manager" in message


def test_enabled_but_rejected_names_say_why(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    install_tracers(dists, ("good", {}))
    dists.extension(
        "broken",
        """
        @hookimpl
        def on_node_updte(self, node):
            pass
        """,
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("good",)
    cluster = nailgun_objects.cluster(extensions=["good", "broken"])
    with pytest.raises(ExtensionNotFoundError) as caught:
        manager.for_cluster(cluster)
    message = str(caught.value)
    assert "'broken' was rejected at startup ([unknown-hook]" in message
    assert "good" not in message.split("Loaded:")[0]


def test_cluster_relays_are_cached_and_follow_register_and_unregister(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    install_tracers(dists, ("a", {}), ("b", {}))
    manager = load_extensions(namespace=dists.namespace)
    first = nailgun_objects.cluster(extensions=["a", "b"])
    second = nailgun_objects.cluster(extensions=["b", "a", "b"])
    relay = manager.for_cluster(first)
    assert manager.for_cluster(second) is relay

    record = manager.unregister("b")
    with pytest.raises(ExtensionNotFoundError, match="'b' was unregistered"):
        manager.for_cluster(first)
    only_a = nailgun_objects.cluster(extensions=["a"])
    data: dict[str, list[str]] = {}
    manager.for_cluster(only_a).process_deployment_for_cluster(
        cluster=only_a, cluster_data=data
    )
    assert data == {"trace": ["a"]}

    manager.register(record.obj)
    data = {}
    manager.for_cluster(first).process_deployment_for_cluster(
        cluster=first, cluster_data=data
    )
    assert data == {"trace": ["a", "b"]}
    # The relay handed out before the change was rebuilt in place.
    data = {}
    relay.process_deployment_for_cluster(cluster=first, cluster_data=data)
    assert data == {"trace": ["a", "b"]}


# --- node scope ---------------------------------------------------------------

PROVIDER = """
@hookimpl
def get_node_volumes(self, node):
    return self.answer

@hookimpl
def set_node_volumes(self, node, volumes):
    self.stored = (node.id, volumes)
    return True if self.answer is not None else None
"""


@pytest.fixture
def providers(dists: DistFactory) -> object:
    """Three installed providers: 'silent' always passes (returns None)."""
    for name, answer in [
        ("lvm", [{"id": "lvm"}]),
        ("raid", [{"id": "raid"}]),
        ("silent", None),
    ]:
        dists.extension(name, PROVIDER, extra={"answer": answer})
    dists.extension("bystander", TRACE)
    return load_extensions(namespace=dists.namespace)


def test_node_extensions_are_asked_before_the_clusters(
    providers: typing.Any, nailgun_objects: NailgunObjects
) -> None:
    manager = providers
    cluster = nailgun_objects.cluster(extensions=["lvm", "bystander"])
    own = nailgun_objects.node(cluster=cluster, extensions=["raid"])
    inherits = nailgun_objects.node(cluster=cluster)
    assert manager.for_node(own).get_node_volumes() == [{"id": "raid"}]
    assert manager.for_node(inherits).get_node_volumes() == [{"id": "lvm"}]
    # Nailgun's generic spelling reaches the same implementation.
    assert manager.for_node(own).call("get_node_volumes") == [{"id": "raid"}]


def test_a_node_extension_that_passes_leaves_the_call_to_the_cluster(
    providers: typing.Any, nailgun_objects: NailgunObjects
) -> None:
    manager = providers
    cluster = nailgun_objects.cluster(extensions=["raid"])
    node = nailgun_objects.node(cluster=cluster, extensions=["silent"])
    volumes = [{"id": "sdb"}]
    assert manager.for_node(node).set_node_volumes(volumes=volumes) is True
    assert manager.get("raid").obj.stored == (node.id, volumes)  # type: ignore[attr-defined]
    assert manager.get("silent").obj.stored == (node.id, volumes)  # type: ignore[attr-defined]


def test_everybody_passing_returns_none(
    providers: typing.Any, nailgun_objects: NailgunObjects
) -> None:
    node = nailgun_objects.node(extensions=["silent"])
    assert providers.for_node(node).get_node_volumes() is None


def test_no_provider_names_the_call_and_who_could_answer(
    providers: typing.Any, nailgun_objects: NailgunObjects
) -> None:
    cluster = nailgun_objects.cluster(extensions=["bystander"], id=7)
    node = nailgun_objects.node(cluster=cluster, id=3)
    with pytest.raises(ExtensionNotFoundError) as caught:
        providers.for_node(node).get_node_volumes()
    message = str(caught.value)
    assert "no extension enabled on node 3 provides 'get_node_volumes'" in message
    assert "its cluster enables ['bystander']" in message
    assert "enable one of ['lvm', 'raid', 'silent']" in message

    orphan = nailgun_objects.node()
    with pytest.raises(ExtensionNotFoundError, match="it has no cluster"):
        providers.for_node(orphan).set_default_node_volumes()


def test_node_scope_rejects_unloaded_names_and_unknown_calls(
    providers: typing.Any, nailgun_objects: NailgunObjects
) -> None:
    cluster = nailgun_objects.cluster(extensions=["lvm"], id=5)
    node = nailgun_objects.node(cluster=cluster, extensions=["rade"], id=9)
    with pytest.raises(ExtensionNotFoundError) as caught:
        providers.for_node(node).get_node_volumes()
    assert "node 9 (or its cluster 5)" in str(caught.value)
    assert "did you mean 'raid'?" in str(caught.value)
    fine = nailgun_objects.node(cluster=cluster)
    with pytest.raises(ExtensionNotFoundError, match="did you mean 'get_node_volumes'"):
        providers.for_node(fine).call("get_node_volume")
    with pytest.raises(ExtensionNotFoundError, match="not a first-result call"):
        providers.for_node(fine).call("on_node_update")


def test_node_calls_mirror_the_first_result_hookspecs() -> None:
    """One typed method per first-result hookspec: same name, the spec's
    arguments but the node (keyword-only), the spec's return type."""
    first_result = {name: s for name, s in specs().items() if s.firstresult}
    methods = {
        name
        for name, value in vars(NodeCalls).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and name not in {"call", "declared"}  # by name; by declaring method
    }
    assert methods == set(first_result)
    for name, spec in first_result.items():
        method = getattr(NodeCalls, name)
        hints = typing.get_type_hints(method)
        assert hints["return"] == spec.return_type, name
        parameters = list(inspect.signature(method).parameters.values())[1:]
        assert [p.name for p in parameters] == list(spec.argnames[1:]), name
        assert all(p.kind is p.KEYWORD_ONLY for p in parameters), name
        assert {p: hints[p] for p in spec.argnames[1:]} == {
            p: spec.arg_types[p] for p in spec.argnames[1:]
        }


def test_node_scope_works_without_installing_anything(
    nailgun_objects: NailgunObjects,
) -> None:
    class Volumes(BaseExtension):
        name = "volumes"
        version = "1.0.0"
        description = "Answers for every node"

        @hookimpl
        def get_node_volumes(self, node: object) -> list[dict[str, object]]:
            return [{"node": getattr(node, "id", None)}]

    manager = build_manager([Volumes])
    node = nailgun_objects.node(cluster=nailgun_objects.cluster(extensions=["volumes"]))
    assert manager.for_node(node).get_node_volumes() == [{"node": node.id}]


# --- properties -----------------------------------------------------------------


def tracer(name: str, **extra: object) -> type:
    def step(self: object, cluster: object, cluster_data: ClusterData) -> None:
        cluster_data.setdefault("trace", []).append(name)

    body = {"name": name, "version": "1.0.0", "description": name, **extra}
    body["process_deployment_for_cluster"] = hookimpl(step)
    return type(name, (BaseExtension,), body)


# Global order: b, d, e, c, a (before/after make it differ from name order).
TRACERS = build_manager(
    [
        tracer("a"),
        tracer("b"),
        tracer("c", before=["a"]),
        tracer("d", after=["b"]),
        tracer("e", before=["c"]),
    ]
)
NAMES = ["a", "b", "c", "d", "e"]


@given(enabled=st.lists(st.sampled_from(NAMES), max_size=8))
def test_cluster_scope_calls_the_enabled_set_in_global_order(
    enabled: list[str],
) -> None:
    assert TRACERS.names() == ("b", "d", "e", "c", "a")
    cluster = NailgunObjects().cluster(extensions=enabled)
    data: dict[str, list[str]] = {}
    TRACERS.for_cluster(cluster).process_deployment_for_cluster(
        cluster=cluster, cluster_data=data
    )
    assert data.get("trace", []) == [n for n in TRACERS.names() if n in enabled]


ANSWERING: set[str] = set()


def provider(name: str, **extra: object) -> type:
    def answer(self: object, node: object) -> list[dict[str, str]] | None:
        return [{"by": name}] if name in ANSWERING else None

    body = {"name": name, "version": "1.0.0", "description": name, **extra}
    body["get_node_volumes"] = hookimpl(answer)
    return type(name, (BaseExtension,), body)


PROVIDERS = build_manager(
    [provider("p"), provider("q", before=["p"]), provider("r"), provider("s")]
)


@given(
    own=st.lists(st.sampled_from("pqrs"), max_size=4),
    inherited=st.lists(st.sampled_from("pqrs"), max_size=4),
    answering=st.sets(st.sampled_from("pqrs")),
    has_cluster=st.booleans(),
)
@example(own=["p"], inherited=["q"], answering={"q"}, has_cluster=True)
@example(own=["s"], inherited=["q", "p"], answering={"p", "q"}, has_cluster=True)
def test_node_scope_matches_node_extension_call_precedence(
    own: list[str], inherited: list[str], answering: set[str], has_cluster: bool
) -> None:
    """The node's providers in global order, then its cluster's; first
    non-None answer; nobody to ask is an error."""
    objects = NailgunObjects()
    cluster = objects.cluster(extensions=inherited) if has_cluster else None
    node = objects.node(cluster=cluster, extensions=own)
    ANSWERING.clear()
    ANSWERING.update(answering)
    order = [n for n in PROVIDERS.names() if n in own]
    if cluster is not None:
        order += [n for n in PROVIDERS.names() if n in inherited and n not in own]
    if not order:
        with pytest.raises(ExtensionNotFoundError, match="'get_node_volumes'"):
            PROVIDERS.for_node(node).get_node_volumes()
        return
    expected = next(([{"by": n}] for n in order if n in answering), None)
    assert PROVIDERS.for_node(node).get_node_volumes() == expected
