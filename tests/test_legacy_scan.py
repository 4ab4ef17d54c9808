"""Startup short cuts in :mod:`nailgun_hooks.startup.legacy` and
:mod:`nailgun_hooks.startup.legacy_checks` give the answers of the walks they
replace.

``_public_routines`` reads the ``__dict__``s once instead of asking
``definition`` (an MRO walk) about every name ``dir()`` lists;
``idle_runners`` names the base's pipeline runners nobody need ask about."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.markers import PROJECT_NAME
from nailgun_hooks.startup.legacy import (
    BasePipeline,
    definition,
    from_base,
    idle_runners,
    is_routine,
    pipeline_specs,
)
from nailgun_hooks.startup.legacy_checks import _public_routines
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.types import Node

MARKER = f"{PROJECT_NAME}_impl"


def _by_definition(obj: object) -> list[tuple[str, type | None, object]]:
    """The walk ``_public_routines`` replaces, name by name."""
    found = []
    for name in sorted(dir(obj)):
        if name.startswith("_"):
            continue
        owner, raw = definition(obj, name)
        if is_routine(raw) and not from_base(owner) and owner is not BaseExtension:
            found.append((name, owner, raw))
    return found


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


SHAPES: dict[str, Callable[[], object]] = {
    "plain": Plain,
    "mixin after the base": WithMixinAfter,
    "mixin before the base": WithMixinBefore,
    "overrides": Overrides,
    "custom __dir__": CustomDir,
    "__dict__ a list": OddDict,
    "__dict__ a mapping proxy": ProxyDict,
    "instance functions": _instance_function,
    "a pipeline class": lambda: Pipeline,
    "the base itself": BaseExtension,
    "an old-style class": lambda: Plain,
}


@pytest.mark.parametrize("make", SHAPES.values(), ids=SHAPES.keys())
def test_public_routines_match_the_definition_walk(make: Callable[[], object]) -> None:
    obj = make()
    expected = _outcome(lambda: _by_definition(obj))
    assert _outcome(lambda: _public_routines(obj)) == expected
    assert _outcome(lambda: _public_routines(obj, dir(obj))) == expected


def _outcome(scan: Callable[[], object]) -> object:
    try:
        return scan()
    except Exception as exc:  # the same failure counts as the same answer
        return (type(exc), str(exc))


def test_the_shapes_exercise_both_outcomes() -> None:
    """The comparison above would pass vacuously on empty answers."""
    assert [name for name, _, _ in _public_routines(WithMixinBefore())] == [
        "mixin_helper",
        "to_dict",
    ]
    assert [name for name, _, _ in _public_routines(WithMixinAfter())] == [
        "mixin_helper"
    ]
    assert [name for name, _, _ in _public_routines(CustomDir())] == [
        "helper",
        "helper",
    ]
    proxied = {name: owner for name, owner, _ in _public_routines(ProxyDict())}
    assert proxied["helper"] is None and proxied["on_node_update"] is Plain
    owners = {name: owner for name, owner, _ in _public_routines(_instance_function())}
    assert owners["set_up"] is None and owners["on_node_update"] is None


# --- BaseExtension's pipeline runners, left out when nothing would run ------


class WithPipeline(Plain):
    data_pipelines = (Pipeline,)


class OverridesRunner(Plain):
    @hookimpl
    def process_deployment_for_node(self, node: Any, node_data: Any) -> None:
        pass


class HostilePipelines(Plain):
    @property
    def data_pipelines(self) -> Any:  # type: ignore[override]
        raise RuntimeError("no pipelines for you")


class Meta(type):
    pass


class WithMetaclass(BaseExtension, metaclass=Meta):
    name = "meta"


class OwnGetattribute(Plain):
    def __getattribute__(self, name: str) -> Any:
        return super().__getattribute__(name)


def _instance_runner() -> object:
    obj = Plain()
    obj.process_deployment_for_cluster = lambda cluster, cluster_data: None  # type: ignore[method-assign]
    return obj


RUNNER_SHAPES: dict[str, tuple[Callable[[], object], set[str]]] = {
    "no pipelines": (Plain, set(pipeline_specs())),
    "a pipeline": (WithPipeline, set()),
    "one runner overridden": (
        OverridesRunner,
        set(pipeline_specs()) - {"process_deployment_for_node"},
    ),
    "a runner on the instance": (
        _instance_runner,
        set(pipeline_specs()) - {"process_deployment_for_cluster"},
    ),
    "data_pipelines raises": (HostilePipelines, set()),
    "a metaclass": (WithMetaclass, set()),
    "its own __getattribute__": (OwnGetattribute, set()),
    "not an extension": (lambda: Pipeline(), set()),
}


@pytest.mark.parametrize(
    ("make", "expected"), RUNNER_SHAPES.values(), ids=RUNNER_SHAPES.keys()
)
def test_idle_runners_are_those_pluggy_would_decline(
    make: Callable[[], object], expected: set[str]
) -> None:
    plugin = make()
    manager = NailgunPluginManager()
    idle = idle_runners(plugin)
    assert idle == expected
    for name in idle:  # the manager, asked anyway, says no
        assert manager.parse_hookimpl_opts(plugin, name) is None
    assert manager.hookimpl_candidates(plugin).isdisjoint(idle)


def test_a_runner_marked_on_the_base_is_not_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = BaseExtension.process_provisioning_for_node
    monkeypatch.setattr(runner, MARKER, {}, raising=False)
    assert "process_provisioning_for_node" not in idle_runners(Plain())
