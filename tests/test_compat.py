"""nailgun_hooks.compat: Nailgun's extension API where its semantics differ
from the typed API's, and old classes that cannot be instantiated."""

from __future__ import annotations

import abc
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import (
    BaseExtension,
    ExtensionNotFoundError,
    ExtensionValidationError,
    build_manager,
    compat,
    hookimpl,
    load_extensions,
)
from nailgun_hooks.manager import HookManager
from nailgun_hooks.nailgun import compat_state
from nailgun_hooks.testing import make_cluster, make_node
from tests.support.dists import DistFactory

CALLS: list[tuple[str, ...]] = []


class Lvm(compat.BaseExtension):
    name = "lvm"
    version = "1.0.0"
    description = "Answers get_node_volumes with None: 'not mine'"
    provides = ("get_node_volumes",)

    @classmethod
    def get_node_volumes(cls, node):
        CALLS.append(("lvm", "get_node_volumes"))
        return None

    @classmethod
    def on_before_deployment_check(cls, cluster, nodes):
        CALLS.append(("lvm", "check", *(n.name for n in nodes)))


class Raid(compat.BaseExtension):
    name = "raid"
    version = "1.0.0"
    description = "Would answer get_node_volumes, if asked"
    provides = ("get_node_volumes",)

    @classmethod
    def get_node_volumes(cls, node):
        CALLS.append(("raid", "get_node_volumes"))
        return [{"id": "md0"}]

    @classmethod
    def on_before_deployment_check(cls, cluster, nodes):
        CALLS.append(("raid", "check"))

    @classmethod
    def before_cluster_delete(cls, cluster):
        CALLS.append(("raid", "before_cluster_delete", str(cluster.id)))


@pytest.fixture
def manager() -> Iterator[HookManager]:
    CALLS.clear()
    built = build_manager([Lvm, Raid])
    compat.use_manager(built)
    try:
        yield built
    finally:
        compat.use_manager(None)


def test_node_extension_call_asks_one_extension_and_returns_even_none(
    manager: HookManager,
) -> None:
    cluster = make_cluster(extensions=["raid"])
    node = make_node(cluster=cluster, extensions=["missing", "lvm"])
    assert compat.node_extension_call("get_node_volumes", node) is None
    assert CALLS == [("lvm", "get_node_volumes")]
    # the typed API asks on (the first answer that is not None wins), and
    # refuses names that are not loaded rather than skipping them
    with pytest.raises(ExtensionNotFoundError, match="'missing' is not installed"):
        manager.for_node(node).get_node_volumes()
    node.extensions = ["lvm"]
    assert manager.for_node(node).get_node_volumes() == [{"id": "md0"}]


def test_cluster_callbacks_follow_the_clusters_order(manager: HookManager) -> None:
    cluster = make_cluster(extensions=["raid", "lvm"])
    node = make_node(cluster=cluster, name="node-a")
    compat.fire_callback_on_before_deployment_check(cluster)
    assert CALLS == [("raid", "check"), ("lvm", "check", "node-a")]
    CALLS.clear()
    compat.fire_callback_on_before_deployment_check(cluster, [])  # empty: all
    assert CALLS[-1] == ("lvm", "check", "node-a")
    CALLS.clear()
    manager.for_cluster(cluster).on_before_deployment_check(
        cluster=cluster, nodes=[node]
    )
    assert CALLS == [("lvm", "check", "node-a"), ("raid", "check")]  # global order


def test_an_unknown_enabled_name_raises_when_reached(manager: HookManager) -> None:
    cluster = make_cluster(extensions=["raid", "nope", "lvm"])
    with pytest.raises(ExtensionNotFoundError) as caught:
        compat.fire_callback_on_before_deployment_check(cluster)
    assert type(caught.value).__name__ == "CannotFindExtension"
    assert str(caught.value) == "Cannot find extension with name 'nope'"
    assert CALLS == [("raid", "check")]


def _unregistered_just_before_the_call(
    manager: HookManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another thread unregisters the extension between compat's check that
    it is loaded and the relay compat then asks for."""
    subset = manager.subset

    def racing_subset(names: Any, **options: Any) -> Any:
        for name in names:
            if name in manager:
                manager.unregister(name)
        return subset(names, **options)

    monkeypatch.setattr(manager, "subset", racing_subset)


def test_an_extension_unregistered_mid_call_is_never_skipped_silently(
    manager: HookManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster = make_cluster(extensions=["raid"])
    node = make_node(cluster=cluster, extensions=["lvm"])
    _unregistered_just_before_the_call(manager, monkeypatch)
    with pytest.raises(ExtensionNotFoundError, match="raid"):
        compat.fire_callback_on_before_deployment_check(cluster)
    with pytest.raises(ExtensionNotFoundError, match="lvm"):
        compat.node_extension_call("get_node_volumes", node)
    assert CALLS == []


def test_callback_wrapper_fires_around_and_returns_none(manager: HookManager) -> None:
    @compat.callback_wrapper("cluster_delete", ["instance"])
    def delete(instance: Any, force: bool = False) -> str:
        CALLS.append(("delete", str(instance.id)))
        return "deleted"

    cluster = make_cluster(id=7)
    assert delete(cluster) is None
    assert CALLS == [("raid", "before_cluster_delete", "7"), ("delete", "7")]

    @compat.callback_wrapper("not_an_event")
    def other() -> None:
        CALLS.append(("other",))

    other()
    assert CALLS[-1] == ("other",)


def test_get_extension_and_listing(manager: HookManager) -> None:
    assert compat.get_extension("lvm") is Lvm
    assert [ext.name for ext in compat.get_all_extensions()] == ["lvm", "raid"]
    assert [ext().to_dict()["provides"] for ext in compat.get_all_extensions()] == [
        ["get_node_volumes"],
        ["get_node_volumes"],
    ]
    with pytest.raises(compat.CannotFindExtension, match="name 'x'"):
        compat.get_extension("x")


def test_without_nailgun_our_class_is_raised(
    manager: HookManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "nailgun.errors", None)
    with pytest.raises(ExtensionNotFoundError) as caught:
        compat.node_extension_call("set_node_volumes", make_node(), [])
    assert type(caught.value) is compat.CannotFindExtension
    assert caught.value.message == (  # type: ignore[attr-defined]
        "Cannot find extension which provides 'set_node_volumes' call"
    )


def test_arguments_are_bound_as_python_binds_them(manager: HookManager) -> None:
    cluster = make_cluster(extensions=["lvm"])
    node = make_node(cluster=cluster)
    with pytest.raises(TypeError, match="takes 1 positional arguments but 2"):
        compat.node_extension_call("get_node_volumes", node, "extra")


def test_every_public_name_of_nailguns_package() -> None:
    nailguns = {
        "BaseExtension",
        "BasePipeline",
        "callback_wrapper",
        "get_extension",
        "get_all_extensions",
        "node_extension_call",
        "remove_extensions_from_object",
        "setup_yaql_context",
        "update_extensions_for_object",
        *(f"fire_callback_on_{event}" for event in FIRED),
    }
    assert set(compat.__all__) == nailguns
    assert all(callable(getattr(compat, name)) for name in nailguns)


FIRED = [
    "before_deployment_check",
    "node_delete",
    "node_collection_delete",
    "node_create",
    "node_update",
    "node_reset",
    "nodegroup_create",
    "nodegroup_delete",
    "cluster_create",
    "cluster_delete",
    "remove_node_from_cluster",
    "before_deployment_serialization",
    "before_provisioning_serialization",
    "cluster_patch_attributes",
    "cluster_serialization_for_deployment",
    "node_serialization_for_deployment",
    "cluster_serialization_for_provisioning",
    "node_serialization_for_provisioning",
]


def test_setup_yaql_context_reaches_every_extension() -> None:
    seen = []

    class Yaql(compat.BaseExtension):
        name = "yaql"
        version = "1.0.0"
        description = "Adds YAQL functions"

        @classmethod
        def setup_yaql_context(cls, context):
            seen.append(context)

    compat.use_manager(build_manager([Yaql, Lvm]))
    try:
        compat.setup_yaql_context("ctx")
    finally:
        compat.use_manager(None)
    assert seen == ["ctx"]


# --- classes that cannot be instantiated ----------------------------------------


class NailgunsAbstractBase(metaclass=abc.ABCMeta):
    """Nailgun's own base declared its metadata abstract."""

    @property
    @abc.abstractmethod
    def description(self) -> str: ...


class MissingDescription(NailgunsAbstractBase):
    name = "missing"
    version = "1.0.0"


class NeedsConfig(BaseExtension):
    name = "needs_config"
    version = "1.0.0"
    description = "Wants a constructor argument"

    def __init__(self, config: str) -> None:
        self.config = config


class Healthy(BaseExtension):
    name = "healthy"
    version = "1.0.0"
    description = "Fine"

    @hookimpl
    def on_node_create(self, node: Any) -> None:
        pass


def test_build_manager_reports_classes_it_cannot_instantiate() -> None:
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([MissingDescription, NeedsConfig, Healthy])
    by_code = {p.code: p for p in caught.value.problems}
    assert sorted(by_code) == ["abstract-extension", "constructor-failed"]
    abstract = by_code["abstract-extension"]
    assert abstract.extension == "missing"
    assert "does not define description" in abstract.message
    assert abstract.hint == "define description = '...' as class attributes"
    assert abstract.location is not None
    assert abstract.location.endswith(f"{__file__.rsplit('/', 1)[-1]}:{_line()}")
    lenient = build_manager([MissingDescription, NeedsConfig, Healthy], strict=False)
    assert lenient.names() == ("healthy",)
    assert {p.extension for p in lenient.problems} == {"missing", "needs_config"}


def _line() -> int:
    import inspect

    return inspect.getsourcelines(MissingDescription)[1]


def test_register_reports_instead_of_raising_type_error() -> None:
    manager = build_manager([Healthy])
    with pytest.raises(ExtensionValidationError) as caught:
        manager.register(NeedsConfig)
    assert [p.code for p in caught.value.problems] == ["constructor-failed"]
    assert manager.names() == ("healthy",)


def test_old_class_without_description_is_a_usual_problem(dists: DistFactory) -> None:
    module = dists.unique("nodesc")
    dists.install(
        "nodesc-dist",
        entry_points={"nodesc": f"{module}:NoDescription"},
        modules={
            module: """
            from nailgun_hooks.compat import BaseExtension

            class NoDescription(BaseExtension):
                name = "nodesc"
                version = "1.0.0"

                @classmethod
                def on_node_create(cls, node):
                    pass
            """
        },
    )
    with pytest.raises(ExtensionValidationError) as caught:
        load_extensions(namespace=dists.namespace)
    (problem,) = caught.value.problems
    assert problem.code == "missing-description"
    assert problem.location is not None and problem.location.endswith(f"{module}.py:4")


# --- positional binding, as a property ------------------------------------------


@st.composite
def positional_signatures(draw: st.DrawFn) -> str:
    """Parameter lists after ``cls``: plain names, names with defaults,
    ``*args``, keyword-only ones and ``**kwargs``, in a legal order."""
    plain = draw(st.integers(0, 3))
    defaulted = draw(st.integers(0, 2))
    params = [f"p{i}" for i in range(plain)]
    params += [f"d{i}='default'" for i in range(defaulted)]
    if draw(st.booleans()):
        params.append("*rest")
    kwonly = draw(st.sampled_from(["", "k='kw'", "k"]))
    if kwonly:
        if not any(p.startswith("*") for p in params):
            params.append("*")
        params.append(kwonly)
    if draw(st.booleans()):
        params.append("**extra")
    return ", ".join(["cls", *params])


@settings(max_examples=150, deadline=None)
@given(positional_signatures())
def test_old_style_handlers_load_iff_nailguns_call_binds(signature: str) -> None:
    """Accepted exactly when Nailgun's ``handler(cluster, data)`` would bind,
    and then called with what that call would pass."""
    namespace: dict[str, Any] = {}
    exec(  # a handler with this signature that reports what it received
        f"def on_cluster_create({signature}):\n    return dict(locals())\n",
        namespace,
    )
    handler = classmethod(namespace["on_cluster_create"])

    extension = type(
        "Positional",
        (compat.BaseExtension,),
        {
            "name": "positional",
            "version": "1.0.0",
            "description": "Takes whatever its signature says",
            "on_cluster_create": handler,
        },
    )
    try:
        expected = handler.__get__(None, extension)("<cluster>", "<data>")
    except TypeError:
        expected = None
    if expected is None:
        with pytest.raises(ExtensionValidationError) as caught:
            build_manager([extension])
        assert [p.code for p in caught.value.problems] == ["bad-handler-signature"]
        return
    manager = build_manager([extension])
    (answer,) = manager.hook.on_cluster_create(cluster="<cluster>", data="<data>")
    assert answer == expected


class Complete(NailgunsAbstractBase):
    """Written against Nailgun's abstract base, with all its metadata."""

    name = "complete"
    version = "1.0.0"
    description = "Defines what the base left abstract"

    @classmethod
    def on_node_create(cls, node):
        CALLS.append(("complete", node.name))


def test_an_old_class_nailgun_could_load_loads() -> None:
    CALLS.clear()
    manager = build_manager([Complete])
    assert manager.get("complete").style == "old-style"
    manager.hook.on_node_create(node=make_node(name="node-c"))
    assert CALLS == [("complete", "node-c")]


def test_a_manager_loaded_by_another_thread_meanwhile_is_the_one_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two threads may both find no manager; the one that waited for the lock
    # must use the manager the other loaded, not load a second one.
    loaded_meanwhile = build_manager([Lvm])
    loads: list[bool] = []

    class WaitedLock:
        def __enter__(self) -> None:
            # what the other thread did while this one waited
            monkeypatch.setattr(compat_state, "_manager", loaded_meanwhile)

        def __exit__(self, *exc: object) -> None:
            return None

    def load_extensions() -> HookManager:
        loads.append(True)
        return build_manager([Raid])

    compat.use_manager(None)
    monkeypatch.setattr(compat_state, "load_extensions", load_extensions)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(compat_state, "_lock", WaitedLock())
            assert compat.get_manager() is loaded_meanwhile
        assert loads == []
        compat.use_manager(None)
        first = compat.get_manager()
        assert loads == [True] and compat.get_manager() is first
    finally:
        compat.use_manager(None)
