"""pluggy's manager as startup uses it
(:mod:`nailgun_hooks.startup.plugin_manager`): registering what the checks
found, and tracing carried from a manager to the one that replaces it."""

from __future__ import annotations

from typing import Any

from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.startup.implementations import implementations
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import ExtensionRecord, description_of


class Ext(BaseExtension):
    name, version, description = "ext", "1.0", "d"

    @hookimpl
    def on_node_update(self, node: Any) -> None: ...

    @hookimpl
    def on_node_create(self, node: Any) -> None: ...


def _hooks(pm: NailgunPluginManager) -> set[str]:
    return {caller.name for caller in vars(pm.hook).values() if caller.get_hookimpls()}


def test_the_hookspecs_are_already_added() -> None:
    pm = NailgunPluginManager()
    assert pm.project_name == "nailgun"
    assert pm.hook.on_node_update.spec is not None


def test_register_checked_answers_from_the_records_implementations() -> None:
    obj = Ext()
    found = implementations(NailgunPluginManager(), obj)
    only_update = tuple(i for i in found if i.attribute == "on_node_update")
    record = ExtensionRecord.found(description_of(obj), implementations=only_update)
    pm = NailgunPluginManager()
    assert pm.register_checked(record) == "ext"
    assert _hooks(pm) == {"on_node_update"}  # on_node_create not looked for again
    afterwards = NailgunPluginManager()
    afterwards.register(Ext(), name="again")  # the answer does not outlive the call
    assert _hooks(afterwards) == {"on_node_update", "on_node_create"}


def test_a_record_the_checks_did_not_build_is_registered_as_any_plugin() -> None:
    pm = NailgunPluginManager()
    assert pm.register_checked(ExtensionRecord.found(description_of(Ext()))) == "ext"
    assert _hooks(pm) == {"on_node_update", "on_node_create"}


def _tracing(pm: NailgunPluginManager, calls: list[str], tag: str) -> Any:
    return pm.add_hookcall_monitoring(
        lambda name, impls, kwargs: calls.append(f"{tag}:{name}"),
        lambda outcome, name, impls, kwargs: None,
    )


def test_tracing_is_inherited_and_undone_in_the_successor_too() -> None:
    calls: list[str] = []
    previous = NailgunPluginManager()
    undo = _tracing(previous, calls, "t")
    current = NailgunPluginManager()
    current.inherit_tracing(previous)
    assert current.monitored and current.trace is previous.trace
    current.hook.on_node_update(node=None)
    assert calls == ["t:on_node_update"]
    later = _tracing(previous, calls, "later")  # switched on in the old one
    current.hook.on_node_update(node=None)
    assert sorted(calls[1:]) == ["later:on_node_update", "t:on_node_update"]
    later()  # last switched on, first undone: pluggy restores what it replaced
    undo()
    assert not current.monitored and not previous.monitored
    current.hook.on_node_update(node=None)
    assert len(calls) == 3


def test_undo_inherit_tracing_leaves_the_previous_manager_alone() -> None:
    calls: list[str] = []
    previous = NailgunPluginManager()
    current = NailgunPluginManager()
    current.inherit_tracing(previous)
    current.undo_inherit_tracing(previous)
    _tracing(previous, calls, "t")
    assert previous.monitored and not current.monitored


def test_release_tracing_forgets_the_replaced_manager() -> None:
    previous = NailgunPluginManager()
    undo = _tracing(previous, [], "t")
    current = NailgunPluginManager()
    current.inherit_tracing(previous)
    previous.release_tracing()
    undo()
    assert previous.monitored  # no longer reached by the undo
    assert not current.monitored


def test_relays_are_told_when_tracing_is_switched() -> None:
    class Relay:
        told = 0

        def hookexec_replaced(self) -> None:
            self.told += 1

    class Broken:
        def hookexec_replaced(self) -> None:
            raise RuntimeError("cannot rebuild")

    pm = NailgunPluginManager()
    relay, broken = Relay(), Broken()
    pm.watch_hookexec(broken)
    pm.watch_hookexec(relay)
    undo = _tracing(pm, [], "t")
    assert relay.told >= 1
    told = relay.told
    undo()
    assert relay.told > told
