"""nailgun_hooks.spec.catalogue: the hookspecs read once, as data, in the
order hookspecs.py declares them."""

from __future__ import annotations

import inspect
import typing

import pytest

from nailgun_hooks import hookspecs
from nailgun_hooks.markers import EVENT_ATTR
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.types import Node, Volumes


def test_the_specs_are_in_declaration_order() -> None:
    declared = sorted(
        (inspect.getsourcelines(value)[1], name)
        for name, value in vars(hookspecs).items()
        if callable(value) and hasattr(value, EVENT_ATTR)
    )
    assert list(specs()) == [name for _, name in declared]


def test_the_types_are_resolved_not_strings() -> None:
    spec = specs()["set_node_volumes"]
    assert spec.arg_types == {"node": Node, "volumes": Volumes}
    assert spec.return_type == bool | None
    assert specs()["get_node_volumes"].return_type == Volumes | None
    assert specs()["on_node_create"].return_type is type(None)


def test_each_spec_answers_from_its_event_info() -> None:
    for spec in specs().values():
        info = getattr(spec.function, EVENT_ATTR)
        assert (spec.scope, spec.kind, spec.deprecated) == (
            info.scope,
            info.kind,
            info.deprecated,
        )
        assert spec.firstresult is (info.kind == "first-result")
        assert spec.doc == inspect.getdoc(spec.function)


def test_the_catalogue_is_read_once_and_cannot_be_changed() -> None:
    assert specs() is specs()
    with pytest.raises(TypeError):
        specs()["on_node_create"] = specs()["on_node_update"]  # type: ignore[index]
    with pytest.raises(TypeError):
        specs()["on_node_create"].arg_types["node"] = object  # type: ignore[index]


def test_every_specs_types_are_typings_own() -> None:
    """The catalogue reads annotations by the short cut of
    :func:`~nailgun_hooks.spec.annotations.simple_hints`: it must answer
    exactly what ``typing.get_type_hints`` answers, for every spec."""
    for name, spec in specs().items():
        hints = typing.get_type_hints(spec.function)
        assert dict(spec.arg_types) == {a: hints[a] for a in spec.argnames}, name
        assert spec.return_type == hints["return"], name
        assert list(hints) == [*spec.argnames, "return"], name
