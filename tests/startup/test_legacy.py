"""Extensions written for Nailgun's previous base class keep working.

The two installed extensions below port the shapes of fuel-web's
``cluster_upgrade`` and ``volume_manager`` extensions: unmarked classmethod
handlers, ``data_pipelines``, ``provides``, ``urls`` and alembic migrations.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    build_manager,
    hookimpl,
    load_extensions,
)
from nailgun_hooks.startup.legacy import (
    BasePipeline,
    adopt,
    is_old_style,
    is_pipeline_list,
    pipelines_of,
)
from nailgun_hooks.testing import NailgunObjects
from nailgun_hooks.types import Cluster, ClusterData, Node, NodeData
from tests.support.dists import DistFactory
from tests.support.shapes import install_cluster_upgrade, install_volume_manager


def test_cluster_upgrade_shape_loads_with_its_handler_pipeline_and_urls(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    package = install_cluster_upgrade(dists)
    manager = load_extensions(namespace=dists.namespace)
    record = manager.get("cluster_upgrade")
    assert record.hooks == ("on_cluster_delete", "process_deployment_for_cluster")
    assert record.distribution == "fuel-cluster-upgrade"
    assert is_old_style(record.obj)

    cluster = nailgun_objects.cluster(extensions=["cluster_upgrade"], id=1)
    data: dict[str, Any] = {}
    manager.for_cluster(cluster).process_deployment_for_cluster(
        cluster=cluster, cluster_data=data
    )
    assert data == {"upgrade": {"seed_cluster_id": 2}}

    manager.hook.on_cluster_delete(cluster=cluster)
    assert sys.modules[f"{package}.extension"].DELETED == [1]

    assert [(r.extension, r.handler_name) for r in manager.urls()] == [
        ("cluster_upgrade", "ClusterUpgradeHandler"),
        ("cluster_upgrade", "ClusterCloneIPsHandler"),
    ]
    path = Path(record.obj.alembic_migrations_path())  # type: ignore[attr-defined]
    assert (path / "env.py").is_file()


def test_volume_manager_shape_provides_pipelines_and_vetoes_the_check(
    dists: DistFactory, nailgun_objects: NailgunObjects
) -> None:
    package = install_volume_manager(dists)
    install_cluster_upgrade(dists)
    manager = load_extensions(namespace=dists.namespace)
    record = manager.get("volume_manager")
    assert record.hooks == (
        "get_node_volumes",
        "on_before_deployment_check",
        "on_node_collection_delete",
        "on_node_create",
        "on_node_delete",
        "process_deployment_for_node",
        "process_provisioning_for_node",
        "set_default_node_volumes",
        "set_node_volumes",
    )
    assert manager.to_dict()[1] == {
        "name": "volume_manager",
        "version": "1.0.0",
        "description": "Volume Manager Extension",
        "provides": [
            "get_node_volumes",
            "set_node_volumes",
            "set_default_node_volumes",
        ],
    }
    module = sys.modules[f"{package}.extension"]

    cluster = nailgun_objects.cluster(extensions=["volume_manager"])
    ready = nailgun_objects.node(cluster=cluster, name="ready")
    manager.hook.on_node_create(node=ready)
    bare = nailgun_objects.node(cluster=cluster, name="bare")

    scoped = manager.for_cluster(cluster)
    with pytest.raises(module.NotEnoughFreeSpace, match="Node 'bare' has insufficient"):
        scoped.on_before_deployment_check(cluster=cluster, nodes=cluster.nodes)

    layout = [{"id": "sdb", "size": 300, "volumes": []}]
    assert manager.for_node(bare).set_node_volumes(volumes=layout) is True
    scoped.on_before_deployment_check(cluster=cluster, nodes=cluster.nodes)
    assert manager.for_node(bare).get_node_volumes() == layout

    node_data: dict[str, Any] = {}
    scoped.process_deployment_for_node(node=bare, node_data=node_data)
    assert node_data == {"node_volumes": layout, "glance": {"image_cache_max_size": 30}}
    provisioning: dict[str, Any] = {}
    scoped.process_provisioning_for_node(node=ready, node_data=provisioning)
    assert provisioning["ks_meta"]["pm_data"]["ks_spaces"][0]["id"] == "sda"

    manager.hook.on_node_collection_delete(node_ids=[ready.id, bare.id])
    assert module.VOLUMES == {}


def test_pipelines_run_in_extension_order_then_list_order() -> None:
    trace: list[str] = []

    def pipeline(label: str) -> type:
        def step(cls: type, cluster: object, cluster_data: object) -> None:
            trace.append(label)

        return type(
            label,
            (BasePipeline,),
            {"process_provisioning_for_cluster": classmethod(step)},
        )

    def extension(name: str, **extra: object) -> type:
        body = {"name": name, "version": "1.0.0", "description": name, **extra}
        return type(name, (BaseExtension,), body)

    manager = build_manager(
        [
            extension("a", data_pipelines=[pipeline("a1"), pipeline("a2")]),
            extension(
                "b", data_pipelines=[pipeline("b1"), pipeline("b2")], before=["a"]
            ),
        ]
    )
    manager.hook.process_provisioning_for_cluster(cluster=None, cluster_data={})
    assert trace == ["b1", "b2", "a1", "a2"]


def test_base_class_methods_are_never_handlers() -> None:
    class Bare(BaseExtension):
        name = "bare"
        version = "1.0.0"
        description = "Owns only tables"

    class OnlyBasePipeline(BaseExtension):
        name = "basepipe"
        version = "1.0.0"
        description = "Lists the base pipeline"
        data_pipelines = (BasePipeline,)

    assert build_manager([Bare]).get("bare").hooks == ()
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([OnlyBasePipeline])
    assert [p.code for p in caught.value.problems] == ["empty-pipeline"]


def test_a_class_with_nailguns_old_base_shape_is_adopted(
    dists: DistFactory,
) -> None:
    module = dists.unique("oldbase")
    dists.install(
        "old-shape",
        entry_points={"old_shape": f"{module}:OldShape"},
        modules={
            module: """
            import abc

            class BaseExtension(metaclass=abc.ABCMeta):
                # Nailgun's own base (known by its module): its no-op
                # callbacks must not count.
                __module__ = "nailgun.extensions.base"
                urls = []
                provides = []

                @abc.abstractproperty
                def name(self):
                    pass

                @classmethod
                def on_node_create(cls, node):
                    pass

                @classmethod
                def render(cls):
                    return {"name": cls.name}

            class OldShape(BaseExtension):
                name = "old_shape"
                version = "2.0.0"
                description = "Written for Nailgun 9"
                seen = []

                @classmethod
                def on_node_update(cls, node):
                    cls.seen.append(node)
            """
        },
    )
    manager = load_extensions(namespace=dists.namespace)
    record = manager.get("old_shape")
    assert record.hooks == ("on_node_update",)
    assert isinstance(record.obj, BaseExtension)
    assert type(record.obj).__qualname__ == "OldShape"
    manager.hook.on_node_update(node="n1")
    manager.hook.on_node_create(node="n2")
    assert sys.modules[module].OldShape.seen == ["n1"]
    original = sys.modules[module].OldShape
    assert adopt(original) is adopt(original) is type(record.obj)


def codes(exc: pytest.ExceptionInfo[ExtensionValidationError]) -> list[str]:
    return sorted(problem.code for problem in exc.value.problems)


def test_misspelled_old_style_handler_is_reported_with_a_suggestion(
    dists: DistFactory,
) -> None:
    dists.extension(
        "typo",
        """
        @classmethod
        def on_node_updte(cls, node):
            pass

        @classmethod
        def on_cluster_delete(cls, cluster):
            pass

        # Helpers, as Nailgun extensions had them: left alone.
        @classmethod
        def get_config(cls):
            return {}

        @classmethod
        def on_upgrade_finished(cls, cluster):
            pass

        @classmethod
        def _check_disks(cls, nodes):
            pass
        """,
    )
    with pytest.raises(ExtensionValidationError) as caught:
        load_extensions(namespace=dists.namespace)
    (problem,) = caught.value.problems
    assert problem.code == "unknown-hook"
    assert problem.hook == "on_node_updte"
    assert "did you mean 'on_node_update'?" in problem.hint
    assert problem.location is not None
    path, line = problem.location.rsplit(":", 1)
    source = Path(path).read_text().splitlines()
    assert source[int(line) - 2 : int(line)] == [  # the def, below its decorator
        "    @classmethod",
        "    def on_node_updte(cls, node):",
    ]
    assert problem.entry_point is not None and problem.entry_point.startswith("typo =")


def test_old_style_handlers_are_bound_by_position_and_checked_for_arity() -> None:
    calls = []

    class Positional(BaseExtension):
        name = "positional"
        version = "1.0.0"
        description = "Parameter names of its own, as Nailgun allowed"

        @classmethod
        def on_nodegroup_create(cls, ng):
            calls.append(("ng", ng))

        @classmethod
        def on_cluster_create(cls, c, *rest):
            calls.append(("cluster", c, rest))

        @classmethod
        def on_node_reset(cls, nod, retries=3):
            calls.append(("reset", nod, retries))

    manager = build_manager([Positional])
    manager.hook.on_nodegroup_create(nodegroup="group")
    manager.hook.on_cluster_create(cluster="c1", data={"a": 1})
    manager.hook.on_node_reset(node="n1")
    assert calls == [
        ("ng", "group"),
        ("cluster", "c1", ({"a": 1},)),
        ("reset", "n1", 3),
    ]

    class Wrong(BaseExtension):
        name = "wrong"
        version = "1.0.0"
        description = "Arity and annotations that a positional call breaks"

        @classmethod
        def on_cluster_create(cls, cluster):  # Nailgun passes (cluster, data)
            pass

        @classmethod
        def on_node_update(cls, node: Cluster) -> None:
            pass

        @classmethod
        def on_node_create(cls, node, extra):  # nobody passes extra
            pass

        @classmethod
        def on_node_reset(cls, n: Node) -> None:
            pass

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Wrong])
    by_hook = {p.hook: p for p in caught.value.problems}
    assert sorted(by_hook) == ["on_cluster_create", "on_node_create", "on_node_update"]
    assert by_hook["on_cluster_create"].code == "bad-handler-signature"
    assert (
        "cannot be called with (cluster, data)" in by_hook["on_cluster_create"].message
    )
    assert by_hook["on_node_create"].code == "bad-handler-signature"
    assert by_hook["on_node_update"].code == "incompatible-argument-type"
    assert "annotated Cluster but receives Node" in by_hook["on_node_update"].message


def test_first_result_methods_need_provides_and_provides_needs_methods() -> None:
    class Helper(BaseExtension):
        name = "helper"
        version = "1.0.0"
        description = "get_node_volumes is a private helper here"

        @classmethod
        def get_node_volumes(cls, node: Node) -> None:
            return None

    assert build_manager([Helper]).get("helper").hooks == ()

    class Claims(BaseExtension):
        name = "claims"
        version = "1.0.0"
        description = "Provides what it lacks"
        provides = ("set_node_volumes", "get_node_volume")

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Claims])
    assert codes(caught) == ["provides-not-implemented", "unknown-provides"]
    hints = {p.hook: p.hint for p in caught.value.problems}
    assert hints["get_node_volume"] == "did you mean 'get_node_volumes'?"


def test_an_unmarked_handler_on_a_new_style_extension_is_reported() -> None:
    class Half(BaseExtension):
        name = "half"
        version = "1.0.0"
        description = "Marked one handler, forgot the other"

        @hookimpl
        def on_node_create(self, node: Node) -> None:
            pass

        def on_node_delete(self, node: Node) -> None:
            pass

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Half])
    (problem,) = caught.value.problems
    assert (problem.code, problem.hook) == ("unmarked-handler", "on_node_delete")
    assert "mark it @hookimpl" in problem.hint


class GoodPipeline(BasePipeline):
    @classmethod
    def process_deployment_for_node(cls, node: Node, node_data: NodeData) -> None:
        node_data["good"] = True


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"data_pipelines": "GoodPipeline"}, ["bad-data-pipelines"]),
        (
            {
                "data_pipelines": [
                    type(
                        "Instance",
                        (),
                        {"process_deployment_for_node": lambda self, node, data: None},
                    )
                ]
            },
            ["bad-pipeline-method"],
        ),
        (
            {
                "data_pipelines": [
                    type(
                        "Typo",
                        (BasePipeline,),
                        {
                            "process_deployment_for_clustr": classmethod(
                                lambda cls, cluster, data: None
                            ),
                            "process_deployment_for_node": classmethod(
                                lambda cls, node, data: None
                            ),
                        },
                    )
                ]
            },
            ["unknown-hook"],
        ),
        (
            {
                "data_pipelines": [GoodPipeline],
                "process_deployment_for_node": classmethod(
                    lambda cls, node, node_data: None
                ),
            },
            ["pipeline-shadowed"],
        ),
    ],
    ids=["string", "instance-method", "misspelled-step", "shadowed"],
)
def test_bad_pipelines_are_reported(
    attributes: dict[str, object], expected: list[str]
) -> None:
    extension = type(
        "Piped",
        (BaseExtension,),
        {"name": "piped", "version": "1.0.0", "description": "x", **attributes},
    )
    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([extension])
    assert codes(caught) == expected


def test_pipeline_annotations_are_checked_by_position() -> None:
    class Mistyped(BasePipeline):
        @classmethod
        def process_deployment_for_cluster(cls, c: Node, data: ClusterData) -> None:
            pass

    class Piped(BaseExtension):
        name = "piped"
        version = "1.0.0"
        description = "Its pipeline expects a node where a cluster comes"
        data_pipelines = (Mistyped,)

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Piped])
    (problem,) = caught.value.problems
    assert problem.code == "incompatible-argument-type"
    assert "parameter 'c' is annotated Node but receives Cluster" in problem.message


def test_a_broken_old_style_extension_does_not_stop_the_others(
    dists: DistFactory,
) -> None:
    install_volume_manager(dists)
    dists.extension(
        "broken",
        """
        @classmethod
        def on_node_delte(cls, node):
            pass
        """,
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("volume_manager",)
    assert [(p.extension, p.code) for p in manager.problems] == [
        ("broken", "unknown-hook")
    ]


@pytest.mark.parametrize(
    ("value", "is_list"),
    [
        ([], True),
        ((), True),
        (["a"], True),
        ("Pipeline", False),  # its letters would be taken for pipelines
        (b"Pipeline", False),
        ({"a": 1}, False),
        ({"a"}, False),
        (None, False),
    ],
)
def test_data_pipelines_must_be_a_list_the_one_rule_for_recognition_and_checks(
    value: object, is_list: bool
) -> None:
    assert is_pipeline_list(value) is is_list
    holder = types.SimpleNamespace(data_pipelines=value)
    assert pipelines_of(holder) == (tuple(value) if is_list else ())  # type: ignore[arg-type]


class _EqualityRaises(type):
    """A metaclass whose ``__eq__`` raises: comparing the class, not its
    instances (pluggy compares instances)."""

    def __eq__(cls, other: object) -> bool:
        raise RuntimeError("the class was compared")

    __hash__ = type.__hash__


def test_recognition_never_compares_an_extension_class() -> None:
    """What is kept about a class is found again by identity: a class whose
    metaclass raises on comparison is read alike in every build (a look-up
    by ``==`` raised from the second reading on). Whether it loads is
    pluggy's look-up's to say: from Python 3.12 on, ``inspect.getattr_static``
    compares the class with those of its MRO, and it is refused."""

    class OldStyle(BaseExtension, metaclass=_EqualityRaises):
        name, version, description = "compared", "1.0", "old-style"

        @classmethod
        def on_node_update(cls, node: Any) -> None: ...

    obj = OldStyle()
    assert is_old_style(obj) and is_old_style(obj)
    builds = []
    for _ in range(2):
        manager = build_manager([OldStyle], strict=False)
        builds.append((manager.names(), [p.code for p in manager.problems]))
    assert builds[0] == builds[1]
    if sys.version_info < (3, 12):
        assert builds[0] == (("compared",), [])
        assert manager.get("compared").style == "old-style"
    else:
        assert builds[0] == ((), ["inspection-failed"])


def test_an_old_shape_class_is_adopted_once_without_comparing_it() -> None:
    Shape: Any = _EqualityRaises(
        "Shape", (), {"name": "shape", "version": "1.0", "__module__": __name__}
    )
    adopted = adopt(Shape)
    assert adopt(Shape) is adopted
    assert issubclass(adopted, BaseExtension) and adopted.__bases__[0] is Shape
