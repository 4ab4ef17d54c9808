"""nailgun_hooks.spec.typegen: calls/hookcalls.py, the typed interface of
hook calls, generated from the hookspecs and checked to be current."""

from __future__ import annotations

import dataclasses

import pytest

from nailgun_hooks import specs
from nailgun_hooks.spec import typegen


def test_hookcalls_is_regenerated_from_the_specs() -> None:
    assert typegen.TARGET.read_text() == typegen.render(), (
        "nailgun_hooks/calls/hookcalls.py is out of date: "
        "run python -m nailgun_hooks.spec.typegen"
    )
    assert typegen.main(["--check"]) == 0


def test_a_changed_spec_changes_the_generated_interface(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = specs()
    changed = dict(original)
    changed["on_node_update"] = dataclasses.replace(
        original["get_node_volumes"], name="on_node_update"
    )
    monkeypatch.setattr(typegen, "specs", lambda: changed)
    text = typegen.render()
    assert text != typegen.TARGET.read_text()
    assert "class OnNodeUpdateHook(BoundHook, Protocol):" in text
    assert typegen.main(["--check"]) == 1
