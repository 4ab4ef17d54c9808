"""nailgun_hooks.calls.hookcalls: the typed call of every event. The file
is generated (tests/spec/test_typegen.py fails when it is stale); these
tests read the types it declares."""

from __future__ import annotations

import inspect
import typing

import pytest

from nailgun_hooks import build_manager, specs
from nailgun_hooks.calls import hookcalls
from nailgun_hooks.spec.catalogue import HookSpec


def test_every_event_has_a_typed_call_in_declaration_order() -> None:
    calls = typing.get_type_hints(hookcalls.Hooks)
    assert list(calls) == list(specs())
    for name, protocol in calls.items():
        assert hookcalls.BoundHook in protocol.__mro__, name
        words = name.split("_")
        assert protocol.__name__ == "".join(w.capitalize() for w in words) + "Hook"


def test_every_caller_offers_what_a_bound_hook_declares() -> None:
    declared = {
        name
        for name, value in vars(hookcalls.BoundHook).items()
        if isinstance(value, property)
    }
    assert declared == {
        "name",
        "spec",
        "policy",
        "fast",
        "implementations",
        "extension_names",
    }
    manager = build_manager([])
    for caller in manager.hook:
        for name in declared:
            getattr(caller, name)


@pytest.mark.parametrize("spec", specs().values(), ids=lambda s: s.name)
def test_each_typed_call_matches_its_spec(spec: HookSpec) -> None:
    """The same check as the text comparison, but on resolved types."""
    protocol = typing.get_type_hints(hookcalls.Hooks)[spec.name]
    call = protocol.__call__
    signature = inspect.signature(call)
    params = list(signature.parameters.values())[1:]
    assert [p.name for p in params] == list(spec.argnames)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
    hints = typing.get_type_hints(call, vars(hookcalls))
    assert {a: hints[a] for a in spec.argnames} == dict(spec.arg_types)
    if spec.firstresult:
        assert hints["return"] == spec.return_type | None
    else:
        assert typing.get_origin(hints["return"]) is list
        (item,) = typing.get_args(hints["return"])
        assert (type(None) if item is None else item) == spec.return_type
