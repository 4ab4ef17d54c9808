"""Registering the sound extensions when pluggy disagrees with the checks
(:mod:`nailgun_hooks.startup.refusals`): who pluggy refuses, alone or next
to the others, becomes a problem naming that extension, and registering
into a manager that is thrown away gives no warning of its own."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.startup import refusals
from nailgun_hooks.startup.checks import recognised
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import ExtensionRecord, description_of
from nailgun_hooks.startup.refusals import refused_together, register_or_refuse
from nailgun_hooks.startup.registration import register_in_order
from nailgun_hooks.types import Node
from tests.support.startup import extension_class


def _extension(name: str, **attributes: Any) -> BaseExtension:
    return extension_class(name, **attributes)()


def _record(obj: object) -> ExtensionRecord:
    """``obj``'s record as the checks found it (its implementations)."""
    return recognised(description_of(obj), NailgunPluginManager(), dir(obj))


def _refused_by_pluggy() -> ExtensionRecord:
    """An extension pluggy refuses alone: its implementation asks for an
    argument the event does not pass (the checks would say so first; here
    only pluggy is asked)."""

    def on_node_update(self: Any, node: Any, bogus: Any) -> None: ...

    return _record(_extension("refused", on_node_update=hookimpl(on_node_update)))


class _Claiming(BaseExtension):
    """Equal to every object: pluggy takes it for the extension before it."""

    name, version, description = "claiming", "1.0", "d"

    @hookimpl
    def on_node_update(self, node: Node) -> None: ...

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


class _Flaky(BaseExtension):
    """Lists its names while it is checked; raises once registered."""

    name, version, description = "flaky", "1.0", "d"
    armed = False

    @hookimpl
    def on_node_update(self, node: Node) -> None: ...

    def __dir__(self) -> list[str]:
        if type(self).armed:
            raise RuntimeError("listed once too often")
        return list(super().__dir__())


def _codes(problems: list[Any]) -> list[tuple[str, str]]:
    return [(p.extension, p.code) for p in problems]


def test_what_pluggy_refuses_alone_is_a_problem_with_pluggys_reason() -> None:
    refused = _refused_by_pluggy()
    problems = refused_together((_record(_extension("fine")), refused))
    assert _codes(problems) == [("refused", "pluggy-rejected")]
    assert "bogus" in problems[0].message


def test_a_sound_set_pluggy_takes_is_no_refusal() -> None:
    fine = (_record(_extension("one")), _record(_extension("two")))
    assert refused_together(fine) == []


def test_what_pluggy_refuses_only_next_to_another_names_the_later_one() -> None:
    problems = refused_together((_record(_extension("first")), _record(_Claiming())))
    assert _codes(problems) == [("claiming", "registration-failed")]
    assert "next to the extensions before it (ValueError)" in problems[0].message


def test_an_extension_raising_when_registered_is_an_inspection_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = _record(_Flaky())
    monkeypatch.setattr(_Flaky, "armed", True)
    problems = refused_together((record,))
    assert _codes(problems) == [("flaky", "inspection-failed")]
    assert "RuntimeError" in problems[0].message


def test_lenient_registration_keeps_the_rest_and_names_the_refused() -> None:
    fine = _record(_extension("fine"))
    found: list[Any] = []
    manager, kept = register_or_refuse(
        NailgunPluginManager(), (fine, _refused_by_pluggy()), found, strict=False
    )
    assert kept == (fine,)
    assert [manager.get_name(p) for p in manager.get_plugins()] == ["fine"]
    assert _codes(found) == [("refused", "pluggy-rejected")]


def test_finding_who_is_refused_gives_no_deprecation_warning(
    deprecated_event: None,
) -> None:
    """Registering into managers that are thrown away: a deprecated hook's
    warning is the real registration's to give, once."""

    def on_node_touch(self: Any, node: Node) -> None: ...

    toucher = _record(_extension("toucher", on_node_touch=hookimpl(on_node_touch)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        problems = refused_together((toucher, _refused_by_pluggy()))
    assert _codes(problems) == [("refused", "pluggy-rejected")]
    assert [str(w.message) for w in caught] == []


def test_registering_together_is_tried_in_two_fresh_managers_then_given_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each extension passes alone and in turn, yet registering them together
    fails three times running: after the first manager and two fresh ones,
    every extension is rejected rather than registered on a fourth try."""
    tries: list[NailgunPluginManager] = []

    def register(
        pm: NailgunPluginManager, extensions: tuple[ExtensionRecord, ...]
    ) -> None:
        tries.append(pm)
        if len(tries) <= 3:
            raise RuntimeError("refused together")
        register_in_order(pm, extensions)

    monkeypatch.setattr(refusals, "register_in_order", register)
    found: list[Any] = []
    records = (_record(_extension("one")), _record(_extension("two")))
    manager, kept = register_or_refuse(
        NailgunPluginManager(), records, found, strict=False
    )
    assert len(tries) == 3
    assert kept == ()
    assert manager.get_plugins() == set()
    assert _codes(found) == [
        ("one", "registration-failed"),
        ("two", "registration-failed"),
    ]
