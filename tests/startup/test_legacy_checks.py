"""What an old-style extension or its ``data_pipelines`` seem meant to have
called but never will be (:mod:`nailgun_hooks.startup.legacy_checks`)."""

from __future__ import annotations

from typing import Any

from nailgun_hooks import BaseExtension
from nailgun_hooks.legacy import BasePipeline
from nailgun_hooks.startup.legacy_checks import check_extension
from nailgun_hooks.startup.records import description_of


class Fuel9Pipeline:
    """Not a BasePipeline, so nothing refused its removed method."""

    @classmethod
    def process_deployment(cls, data: Any) -> None: ...

    @classmethod
    def process_deploymnt_for_node(cls, node: Any, node_data: Any) -> None: ...

    process_provisioning_for_node = 5


class EmptyPipeline(BasePipeline):
    pass


class ShortPipeline(BasePipeline):
    @classmethod
    def process_deployment_for_node(cls, node: Any) -> None: ...


class Piped(BaseExtension):
    name, version, description = "piped", "1.0", "pipelines gone wrong"
    data_pipelines = (Fuel9Pipeline, EmptyPipeline, ShortPipeline)

    @classmethod
    def process_deployment_for_node(cls, node: Any, node_data: Any) -> None: ...


def test_each_pipeline_in_turn_then_the_shadowed_runners() -> None:
    problems = check_extension(description_of(Piped()))
    assert [(p.code, p.hook) for p in problems] == [
        ("removed-pipeline-method", "process_deployment"),
        ("unknown-hook", "process_deploymnt_for_node"),
        ("not-a-handler", "process_provisioning_for_node"),
        ("empty-pipeline", None),
        ("bad-pipeline-method", "process_deployment_for_node"),
        ("pipeline-shadowed", "process_deployment_for_node"),
    ]
    assert problems[1].message == (
        "pipeline Fuel9Pipeline.process_deploymnt_for_node looks like a pipeline "
        "step but 'process_deploymnt_for_node' is not a pipeline event, so it "
        "would never run"
    )
    assert problems[1].hint == (
        "did you mean 'process_deployment_for_node'? (prefix helpers with '_')"
    )
    assert problems[-1].message == (
        "the extension defines process_deployment_for_node itself, so the "
        "process_deployment_for_node of its data_pipelines (ShortPipeline) would "
        "never run"
    )


def test_no_pipelines_nothing_to_shadow() -> None:
    class Alone(BaseExtension):
        name, version, description = "alone", "1.0", "no pipelines"
        data_pipelines = ()

        @classmethod
        def process_deployment_for_node(cls, node: Any, node_data: Any) -> None: ...

    assert check_extension(description_of(Alone())) == []


def test_an_instance_function_is_a_routine_of_its_own() -> None:
    class Helpers(BaseExtension):
        name, version, description = "helpers", "1.0", "old-style"

    obj = Helpers()
    obj.on_node_updte = lambda node: None  # type: ignore[attr-defined]
    (problem,) = check_extension(description_of(obj))
    assert (problem.code, problem.hint) == (
        "unknown-hook",
        "did you mean 'on_node_update'? (prefix helpers with '_')",
    )
