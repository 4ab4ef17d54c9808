"""nailgun_hooks.startup.bases: the real bases by identity, Nailgun's
``BasePipeline`` refusing Fuel 9's methods, and ``table_prefix()``."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from nailgun_hooks import (
    ExtensionValidationError,
    build_manager,
    compat,
    load_extensions,
)
from nailgun_hooks.startup.bases import BasePipeline, is_base
from nailgun_hooks.startup.migration_checks import migrations_of
from nailgun_hooks.startup.records import ExtensionRecord
from tests.support.dists import DistFactory


@pytest.mark.parametrize("method", ["process_deployment", "process_provisioning"])
def test_a_pipeline_with_a_removed_method_cannot_be_created(method: str) -> None:
    with pytest.raises(RuntimeError) as caught:
        type("Deprecated", (compat.BasePipeline,), {method: classmethod(lambda c: 0)})
    stem = method.removeprefix("process_")
    assert str(caught.value) == (
        f"BasePipeline.{method} was removed. "
        f"Please implement methods process_{stem}_for_* instead."
    )


def test_a_removed_method_from_a_mixin_is_refused_too() -> None:
    class Fuel9Steps:
        @classmethod
        def process_deployment(cls, data: Any, cluster: Any, nodes: Any) -> None:
            pass

    with pytest.raises(RuntimeError, match="process_deployment_for_\\* instead"):
        type("Mixed", (Fuel9Steps, BasePipeline), {})


def test_a_pipeline_with_the_current_methods_is_created() -> None:
    class Current(compat.BasePipeline):
        @classmethod
        def process_deployment_for_node(cls, node: Any, node_data: Any) -> None:
            pass

    assert issubclass(Current, BasePipeline)


def test_a_pipeline_module_using_the_removed_api_is_a_startup_problem(
    dists: DistFactory,
) -> None:
    module = dists.unique("fuel9pipe")
    dists.install(
        "fuel9-pipe",
        entry_points={"fuel9": f"{module}:Extension"},
        modules={
            module: """
            from nailgun_hooks.compat import BaseExtension, BasePipeline

            class Old(BasePipeline):
                @classmethod
                def process_provisioning(cls, data, cluster, nodes, **kwargs):
                    pass

            class Extension(BaseExtension):
                name = "fuel9"
                version = "1.0.0"
                description = "Written for Fuel 9"
                data_pipelines = [Old]
            """
        },
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    (problem,) = manager.problems
    assert problem.code == "import-failed"
    assert "BasePipeline.process_provisioning was removed" in problem.message
    assert problem.hint == "Please implement methods process_provisioning_for_* instead"


def test_a_duck_typed_pipeline_with_a_removed_method_gets_nailguns_hint() -> None:
    class Duck:
        @classmethod
        def process_deployment(cls, data: Any, cluster: Any, nodes: Any) -> None:
            pass

        @classmethod
        def process_deployment_for_node(cls, node: Any, node_data: Any) -> None:
            pass

    class Ext(compat.BaseExtension):
        name = "duck"
        version = "1.0.0"
        description = "d"
        data_pipelines: ClassVar[list[type]] = [Duck]

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Ext])
    (problem,) = caught.value.problems
    assert problem.code == "removed-pipeline-method"
    assert problem.hint == "Please implement methods process_deployment_for_* instead"


class BaseExtension(compat.BaseExtension):  # a vendor's own, of that name
    @classmethod
    def on_node_create(cls, node: Any) -> None:
        cls.created.append(node)

    created: ClassVar[list[object]] = []


class BasePipelineOfVendor(compat.BasePipeline):
    @classmethod
    def process_deployment_for_node(cls, node: Any, node_data: Any) -> None:
        node_data["vendor"] = True


BasePipelineOfVendor.__name__ = BasePipelineOfVendor.__qualname__ = "BasePipeline"


class Product(BaseExtension):
    name = "product"
    version = "1.0.0"
    description = "Inherits its vendor's shared handler and pipeline step"
    data_pipelines: ClassVar[list[type]] = [BasePipelineOfVendor]


def test_a_vendors_bases_named_like_ours_are_the_vendors_code() -> None:
    manager = build_manager([Product])
    assert manager.get("product").hooks == (
        "on_node_create",
        "process_deployment_for_node",
    )
    BaseExtension.created = []
    manager.hook.on_node_create(node="n1")
    assert BaseExtension.created == ["n1"]
    assert not is_base(BaseExtension) and not is_base(BasePipelineOfVendor)
    assert is_base(compat.BaseExtension) and is_base(compat.BasePipeline)


class _ClaimsToBeABase(type):
    """A metaclass whose classes hash and compare like a real base."""

    def __eq__(cls, other: object) -> bool:
        return True

    def __hash__(cls) -> int:
        return hash(BasePipeline)


class _CannotBeHashed(type):
    def __hash__(cls) -> int:
        raise RuntimeError("the class was hashed")


def test_a_base_is_known_by_identity_never_by_the_class_asked_about() -> None:
    """A class cannot pass for a base by its metaclass's ``__hash__`` and
    ``__eq__``, which are never run."""
    impostor: Any = _ClaimsToBeABase("Impostor", (), {})
    assert impostor == BasePipeline and hash(impostor) == hash(BasePipeline)
    assert not is_base(impostor)
    unhashable: Any = _CannotBeHashed("Unhashable", (), {})
    assert not is_base(unhashable)
    assert is_base(BasePipeline)


def test_nailguns_own_bases_are_known_by_their_module() -> None:
    nailguns = type("BaseExtension", (), {"__module__": "nailgun.extensions.base"})
    assert is_base(nailguns)


class Prefixed(compat.BaseExtension):
    name = "prefixed"
    version = "1.0.0"
    description = "Its tables, and its history, are under another prefix"

    @classmethod
    def table_prefix(cls) -> str:
        return "pfx_"

    @classmethod
    def alembic_migrations_path(cls) -> str:
        return "/nonexistent/migrations"


def test_the_version_table_follows_table_prefix() -> None:
    assert Prefixed.alembic_table_version() == "pfx_alembic_version"
    found = migrations_of(ExtensionRecord("prefixed", "1.0.0", "d", obj=Prefixed()))
    assert found is not None
    assert (found.version_table, found.table_prefix) == ("pfx_alembic_version", "pfx_")
