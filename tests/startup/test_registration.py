"""pluggy's refusals, raised before its ``register`` runs, in our words:
the names registered, never an object's ``repr()``."""

from __future__ import annotations

import pytest

from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.registration import refuse_duplicate


class Secret:
    def __repr__(self) -> str:
        return "Secret(password='hunter2')"


def test_a_taken_name_is_refused_naming_what_is_registered() -> None:
    manager = NailgunPluginManager()
    manager.register(Secret(), name="audit")
    manager.register(Secret(), name="backup")
    with pytest.raises(ValueError, match="already registered") as raised:
        refuse_duplicate(manager, Secret(), "audit")
    assert str(raised.value) == (
        "Plugin name already registered: audit=a Secret object; "
        "registered: audit, backup"
    )


def test_an_object_registered_under_another_name_is_refused() -> None:
    manager = NailgunPluginManager()
    plugin = Secret()
    manager.register(plugin, name="audit")
    with pytest.raises(ValueError) as raised:
        refuse_duplicate(manager, plugin, "other")
    assert str(raised.value) == (
        "Plugin already registered under a different name: "
        "other=a Secret object; registered: audit"
    )
    assert "hunter2" not in str(raised.value)


def test_a_blocked_name_and_a_new_one_pass() -> None:
    manager = NailgunPluginManager()
    manager.register(Secret(), name="audit")
    manager.set_blocked("blocked")
    refuse_duplicate(manager, Secret(), "blocked")
    refuse_duplicate(manager, Secret(), "new")


def test_the_registered_list_is_not_asked_for_without_a_refusal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Listing every plugin for each extension made registration quadratic."""
    manager = NailgunPluginManager()
    manager.register(Secret(), name="audit")

    def listed() -> list[tuple[str, object]]:
        raise AssertionError("listed without a refusal")

    monkeypatch.setattr(manager, "list_name_plugin", listed)
    refuse_duplicate(manager, Secret(), "new")
