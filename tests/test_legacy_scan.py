"""``legacy._public_routines`` reads the ``__dict__``s once instead of asking
``_definition`` (an MRO walk) about every name ``dir()`` lists: it must give
the same answer as that walk on every shape a class can take."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.legacy import (
    BasePipeline,
    _definition,
    _from_base,
    _is_routine,
    _public_routines,
)
from nailgun_hooks.types import Node


def _by_definition(obj: object) -> list[tuple[str, type | None, object]]:
    """The walk ``_public_routines`` replaces, name by name."""
    found = []
    for name in sorted(dir(obj)):
        if name.startswith("_"):
            continue
        owner, raw = _definition(obj, name)
        if _is_routine(raw) and not _from_base(owner) and owner is not BaseExtension:
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


class WithMixinAfter(BaseExtension, Mixin):
    name = "after"


class WithMixinBefore(Mixin, BaseExtension):
    name = "before"


class Overrides(Plain):
    def to_dict(self) -> dict[str, Any]:
        return {}

    helper = None  # type: ignore[assignment]


class CustomDir(Plain):
    def __dir__(self) -> list[str]:
        return ["helper", "helper", "missing", "to_dict", "_private"]


class OddDict(Plain):
    @property  # type: ignore[misc]
    def __dict__(self) -> list[str]:  # type: ignore[override]
        return ["helper"]


def _proxied_helper() -> None:
    pass


_PROXIED = {"helper": _proxied_helper, "extra": len}


class ProxyDict(Plain):
    @property  # type: ignore[misc]
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
