"""What an old-style extension or its ``data_pipelines`` seem meant to have
called but never will be (:mod:`nailgun_hooks.startup.legacy_checks`), and
which public functions it judges as the extension's own: those of its classes
and instance, the bases' left out."""

from __future__ import annotations

import dataclasses
import functools
import types
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.legacy import BasePipeline
from nailgun_hooks.startup import legacy_checks
from nailgun_hooks.startup.checks import recognised
from nailgun_hooks.startup.legacy import definition
from nailgun_hooks.startup.legacy_checks import (
    OwnNames,
    Routine,
    _own_names,
    _public_routines,
    check_extension,
)
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import ExtensionRecord, description_of
from nailgun_hooks.types import Node


def _record(obj: object) -> ExtensionRecord:
    """``obj``'s record as startup finds it, before the checks read it."""
    return recognised(description_of(obj), NailgunPluginManager(), dir(obj))


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
    problems = check_extension(_record(Piped()))
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

    assert check_extension(_record(Alone())) == []


def test_an_instance_function_is_a_routine_of_its_own() -> None:
    class Helpers(BaseExtension):
        name, version, description = "helpers", "1.0", "old-style"

    obj = Helpers()
    obj.on_node_updte = lambda node: None  # type: ignore[attr-defined]
    (problem,) = check_extension(_record(obj))
    assert (problem.code, problem.hint) == (
        "unknown-hook",
        "did you mean 'on_node_update'? (prefix helpers with '_')",
    )


def test_an_event_name_set_to_none_is_reported_on_the_class_not_the_instance() -> None:
    """``on_node_update = None`` in the class is an attribute named like an
    event that never runs; None set on the instance is passed by."""

    class Disabled(BaseExtension):
        name, version, description = "disabled", "1.0", "old-style"
        on_node_update = None

    problems = check_extension(_record(Disabled()))
    assert [(p.code, p.hook) for p in problems] == [("not-a-handler", "on_node_update")]

    class Cleared(BaseExtension):
        name, version, description = "cleared", "1.0", "old-style"

    obj = Cleared()
    obj.on_node_update = None  # type: ignore[attr-defined]
    assert check_extension(_record(obj)) == []


def test_an_event_name_only_an_unlistable_dict_holds_is_no_attribute_to_report() -> (
    None
):
    """A ``__dict__`` property that is no ``dict`` is not where ``getattr``
    looks: an event name only it holds is no attribute of the extension,
    so nothing named like an event is there to report as never running."""

    class Proxied(BaseExtension):
        name, version, description = "proxied", "1.0", "old-style"

        @property
        def __dict__(self) -> Any:  # type: ignore[override]
            return types.MappingProxyType({"on_node_update": 5})

    obj = Proxied()
    assert not hasattr(obj, "on_node_update")
    assert check_extension(_record(obj)) == []


# --- which public functions are the extension's own ---------------------------


class Plain(BaseExtension):
    name = "plain"

    @hookimpl
    def on_node_update(self, node: Node) -> None:
        pass

    def helper(self) -> None:
        pass

    @classmethod
    def on_cluster_delte(cls, cluster: Any) -> None:
        pass

    @staticmethod
    def get_thing() -> None:
        pass


class Mixin:
    def to_dict(self) -> dict[str, Any]:  # shadowed by BaseExtension's
        return {}

    def mixin_helper(self) -> None:
        pass

    table_prefix = "not a routine"


class WithMixinAfter(BaseExtension, Mixin):  # type: ignore[misc]
    name = "after"


class WithMixinBefore(Mixin, BaseExtension):  # type: ignore[misc]
    name = "before"


class Overrides(Plain):
    def to_dict(self) -> dict[str, Any]:
        return {}

    helper = None  # type: ignore[assignment]


class CustomDir(Plain):
    def __dir__(self) -> list[str]:
        return ["helper", "helper", "missing", "to_dict", "_private"]


class OddDict(Plain):
    @property
    def __dict__(self) -> list[str]:  # type: ignore[override]
        return ["helper"]


def _proxied_helper() -> None:
    pass


_PROXIED = {"helper": _proxied_helper, "extra": len}


class ProxyDict(Plain):
    @property
    def __dict__(self) -> Any:  # type: ignore[override]
        return types.MappingProxyType(_PROXIED)


def _only_on_the_instance() -> None:
    pass


class ProxyDictWithOwn(Plain):
    @property
    def __dict__(self) -> Any:  # type: ignore[override]
        return types.MappingProxyType({"only_on_the_instance": _only_on_the_instance})

    def __dir__(self) -> list[str]:
        return [*super().__dir__(), "only_on_the_instance"]


class Pipeline(BasePipeline):
    @classmethod
    def process_deployment_for_node(cls, node: Any, node_data: Any) -> None:
        pass

    @classmethod
    def process_deploymnt_for_cluster(cls, cluster: Any, data: Any) -> None:
        pass


def _instance_function() -> object:
    obj = Plain()
    obj.set_up = lambda: None  # type: ignore[attr-defined]
    obj.on_node_update = lambda node: None  # type: ignore[method-assign]
    obj.description = "a string, not a routine"
    return obj


def _routines(obj: object, *, pruned: bool = True) -> list[Routine]:
    """``_public_routines`` as the checks ask it (looking up only the names
    the object defines itself), or (``pruned=False``) looking up every name."""
    own = _own_names(obj) if pruned else OwnNames(set(), complete=False)
    return _public_routines(dir(obj), functools.partial(definition, obj), own)


_SHAPES = [
    "WithMixinBefore",
    "WithMixinAfter",
    "CustomDir",
    "ProxyDict",
    "Plain",
    "Overrides",
    "Pipeline",
]


@pytest.mark.parametrize("shape", _SHAPES)
@pytest.mark.parametrize("instance", [True, False])
def test_looking_up_only_its_own_names_finds_the_same_routines(
    shape: str, instance: bool
) -> None:
    cls = globals()[shape]
    obj = cls() if instance else cls
    assert _routines(obj) == _routines(obj, pruned=False)
    built = _instance_function()
    assert _routines(built) == _routines(built, pruned=False)
    assert _routines(BaseExtension) == _routines(BaseExtension, pruned=False) == []


def test_an_instance_dict_that_cannot_be_listed_is_looked_up_name_by_name() -> None:
    """A ``__dict__`` that is a mapping but no ``dict``: its names are not
    known in advance, so every listed name is looked up."""
    assert _own_names(ProxyDict()).complete is False
    extra = {n: o for n, o, _ in _routines(ProxyDictWithOwn())}
    assert extra["only_on_the_instance"] is None


def test_public_routines_name_each_shapes_own_functions() -> None:
    """Functions of the extension's own classes and instance, by their
    owner, the bases' left out."""
    assert [name for name, _, _ in _routines(WithMixinBefore())] == [
        "mixin_helper",
        "to_dict",
    ]
    assert [name for name, _, _ in _routines(WithMixinAfter())] == ["mixin_helper"]
    assert [name for name, _, _ in _routines(CustomDir())] == [
        "helper",
        "helper",
    ]
    proxied = {name: owner for name, owner, _ in _routines(ProxyDict())}
    assert proxied["helper"] is None and proxied["on_node_update"] is Plain
    owners = {name: owner for name, owner, _ in _routines(_instance_function())}
    assert owners["set_up"] is None and owners["on_node_update"] is None


def _names(obj: object) -> list[str]:
    return [name for name, _, _ in _routines(obj)]


def test_public_routines_skip_what_is_no_function_of_its_own() -> None:
    own = ["get_thing", "helper", "on_cluster_delte", "on_node_update"]
    assert _names(Plain()) == _names(Plain) == own
    # a function overriding the base's counts; None hiding a helper does not
    assert _names(Overrides()) == [n for n in own if n != "helper"] + ["to_dict"]
    assert _names(Pipeline) == [
        "process_deployment_for_node",
        "process_deploymnt_for_cluster",
    ]
    assert _names(BaseExtension) == []


def test_a_dict_that_is_no_mapping_fails_as_the_walk_does() -> None:
    with pytest.raises(TypeError):
        _routines(OddDict())


def test_a_name_the_record_says_is_provided_is_no_misspelling() -> None:
    """Its own calls are judged by ``provides`` (check_provides), as the
    record read the names provided, not the object again."""

    class Sizes(BaseExtension):
        name, version, description = "sizes", "1.0", "old-style"

        @classmethod
        def get_node_volumez(cls, node: Any) -> Any: ...

    record = _record(Sizes())
    (problem,) = check_extension(record)
    assert (problem.code, problem.hook) == ("unknown-hook", "get_node_volumez")
    provided = dataclasses.replace(record, provided=("get_node_volumez",))
    assert check_extension(provided) == []


def test_each_name_of_the_extension_and_its_pipelines_is_looked_up_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checks ask about an extension's event names more than once
    (public functions, attributes that are no handlers, shadowed runners):
    each is read from the object once, and the problems stay the same."""
    expected = check_extension(_record(Piped()))
    asked: list[tuple[int, str]] = []

    def counted(obj: object, name: str) -> tuple[type | None, object]:
        asked.append((id(obj), name))
        return definition(obj, name)

    monkeypatch.setattr(legacy_checks, "definition", counted)
    assert check_extension(_record(Piped())) == expected
    assert asked
    assert len(asked) == len(set(asked))
