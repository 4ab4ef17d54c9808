"""Startup's one decision on problems (:mod:`nailgun_hooks.startup.pipeline`):
strict raises every problem at once, lenient registers the sound extensions,
and a manager pluggy refused part of is never handed out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pluggy
import pytest

from nailgun_hooks import BaseExtension, ExtensionValidationError
from nailgun_hooks.errors import Problem
from nailgun_hooks.startup import pipeline, refusals
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import Candidate, ExtensionRecord, description_of
from nailgun_hooks.startup.registration import register_in_order
from tests.support.startup import extension_class


def _extension(name: str, **attributes: Any) -> BaseExtension:
    return extension_class(name, **attributes)()


def _candidates(*objects: object) -> list[Candidate]:
    return [Candidate(description_of(obj)) for obj in objects]


def _start(objects: Sequence[object], strict: bool, **kwargs: Any) -> Any:
    candidates = _candidates(*objects)
    return pipeline.assemble_and_register(
        candidates,
        installed=[c.record.name for c in candidates],
        strict=strict,
        **kwargs,
    )


DISCOVERED = Problem(code="import-failed", message="m", extension="missing")


def _registered(pm: NailgunPluginManager) -> list[str | None]:
    return sorted(pm.get_name(plugin) for plugin in pm.get_plugins())


def test_strict_raises_every_problem_at_once_discoverys_first() -> None:
    objects = [
        _extension("a", version=1),
        _extension("fine"),
        _extension("b", version=2),
    ]
    with pytest.raises(ExtensionValidationError) as raised:
        _start(objects, strict=True, problems=[DISCOVERED])
    assert [(p.extension, p.code) for p in raised.value.problems] == [
        ("missing", "import-failed"),
        ("a", "bad-metadata-type"),
        ("b", "bad-metadata-type"),
    ]


def test_strict_raises_a_problem_found_before_alone() -> None:
    with pytest.raises(ExtensionValidationError) as raised:
        _start([_extension("fine")], strict=True, problems=[DISCOVERED])
    assert list(raised.value.problems) == [DISCOVERED]


def test_lenient_registers_the_sound_ones_and_reports_the_rest() -> None:
    result = _start(
        [_extension("a", version=1), _extension("fine"), _extension("also")],
        strict=False,
        problems=[DISCOVERED],
    )
    assert [r.name for r in result.extensions] == ["also", "fine"]
    assert _registered(result.plugin_manager) == ["also", "fine"]
    assert [p.code for p in result.problems] == ["import-failed", "bad-metadata-type"]


def test_strict_without_problems_registers_everything() -> None:
    result = _start([_extension("one"), _extension("two")], strict=True)
    assert result.problems == ()
    assert _registered(result.plugin_manager) == ["one", "two"]


def _refusing_once(
    monkeypatch: pytest.MonkeyPatch, raised: BaseException
) -> list[NailgunPluginManager]:
    """register_in_order registering the first extension, then raising, once."""
    used: list[NailgunPluginManager] = []

    def register(
        pm: NailgunPluginManager, extensions: tuple[ExtensionRecord, ...]
    ) -> None:
        used.append(pm)
        if len(used) == 1:
            pm.register(extensions[0].obj, name=extensions[0].name)
            raise raised
        register_in_order(pm, extensions)

    monkeypatch.setattr(refusals, "register_in_order", register)
    return used


def test_nothing_half_registered_is_handed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    used = _refusing_once(monkeypatch, pluggy.PluginValidationError(None, "no"))
    result = _start([_extension("one"), _extension("two")], strict=False)
    assert result.plugin_manager is not used[0]
    assert _registered(result.plugin_manager) == ["one", "two"]
    assert result.problems == ()


def test_a_warning_from_registering_is_raised_not_taken_for_a_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _refusing_once(monkeypatch, DeprecationWarning("deprecated hook"))
    with pytest.raises(DeprecationWarning):
        _start([_extension("one")], strict=False)


def test_a_manager_refusing_every_time_registers_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(pm: NailgunPluginManager, extensions: object) -> None:
        raise pluggy.PluginValidationError(None, "no")

    monkeypatch.setattr(refusals, "register_in_order", refuse)
    result = _start([_extension("one"), _extension("two")], strict=False)
    assert result.extensions == ()
    assert _registered(result.plugin_manager) == []
    assert [(p.extension, p.code) for p in result.problems] == [
        ("one", "registration-failed"),
        ("two", "registration-failed"),
    ]
    with pytest.raises(ExtensionValidationError) as raised:
        _start([_extension("one")], strict=True)
    assert [p.code for p in raised.value.problems] == ["registration-failed"]
