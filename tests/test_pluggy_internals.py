"""nailgun_hooks._pluggy_internals: pluggy's and stevedore's private names,
read in one place, each with a public fallback that behaves the same."""

from __future__ import annotations

import importlib.metadata
import os
from typing import Any

import pluggy
import pytest

from nailgun_hooks import _pluggy_internals, _pluggy_loop, hookimpl, hookspecs
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from tests.support.dists import DistFactory


class Ext:
    @hookimpl
    def on_node_update(self, node: object) -> str:
        return f"updated {node}"


def _manager() -> _pluggy_internals.PluginManager:
    pm = _pluggy_internals.PluginManager("nailgun")
    pm.add_hookspecs(hookspecs)
    pm.register(Ext(), name="ext")
    return pm


def test_a_plain_loop_runs_calls_until_a_monitor_is_added() -> None:
    pm = _manager()
    assert _pluggy_internals.inner_hookexec(pm) is _pluggy_internals.plain_loop
    undo = pm.add_hookcall_monitoring(lambda *_: None, lambda *_: None)
    assert _pluggy_internals.inner_hookexec(pm) is not _pluggy_internals.plain_loop
    undo()
    assert _pluggy_internals.inner_hookexec(pm) is _pluggy_internals.plain_loop
    state = _pluggy_internals.call_state(pm)
    assert state is not None
    assert getattr(state, _pluggy_internals.STATE_ATTRIBUTE) is (
        _pluggy_internals.plain_loop
    )


def test_hookexec_runs_a_list_as_the_manager_runs_a_call_monitors_included() -> None:
    pm = _manager()
    seen: list[object] = []
    undo = pm.add_hookcall_monitoring(
        lambda name, impls, kwargs: seen.append(("before", name, dict(kwargs))),
        lambda outcome, name, impls, kwargs: seen.append(
            ("after", outcome.get_result())
        ),
    )
    impls = pm.hook.on_node_update.get_hookimpls()
    run = _pluggy_internals.hookexec(pm)
    assert run("on_node_update", impls, {"node": 1}, False) == ["updated 1"]
    assert seen == [
        ("before", "on_node_update", {"node": 1}),
        ("after", ["updated 1"]),
    ]
    undo()
    seen.clear()
    assert run("on_node_update", impls, {"node": 2}, True) == "updated 2"
    assert seen == []


def test_without_pluggys_loop_a_managers_calls_run_through_its_chain() -> None:
    pm = _manager()
    if _pluggy_internals.CALL_LOOP:
        assert _pluggy_internals.call_state(pm) is pm
        assert _pluggy_internals.STATE_ATTRIBUTE == _pluggy_internals.INNER_HOOKEXEC
    else:
        chain = _pluggy_internals.call_state(pm)
        assert isinstance(chain, _pluggy_loop.CallChain)
        assert _pluggy_internals.hookexec(pm) is chain
        assert _pluggy_internals.plain_loop is _pluggy_loop.call_loop


def test_a_manager_hiding_its_call_loop_has_no_call_state() -> None:
    pm = _manager()
    del pm._inner_hookexec
    if _pluggy_internals.CALL_LOOP:
        assert _pluggy_internals.call_state(pm) is None
        assert _pluggy_internals.inner_hookexec(pm) is None
    else:  # the chain does not depend on pluggy's attribute
        assert _pluggy_internals.inner_hookexec(pm) is _pluggy_internals.plain_loop


def test_the_loops_files_are_pluggys_ours_and_the_generated_chains() -> None:
    pluggys, ours, generated = _pluggy_internals.LOOP_FILES
    assert pluggys == os.path.dirname(pluggy.__file__) + os.sep
    assert ours == _pluggy_loop.__file__
    assert generated == _pluggy_internals.WRAPPER_CHAIN_FILES


def test_an_implementation_is_prepared_before_pluggy_checks_it() -> None:
    """prepare_hookimpl may adjust an implementation pluggy would refuse."""

    class Misnamed:
        @hookimpl
        def on_node_update(self, host: object) -> str:
            return f"updated {host}"

    class Renaming(_pluggy_internals.PreparingPluginManager):
        def prepare_hookimpl(
            self, hook: pluggy.HookCaller, hookimpl: pluggy.HookImpl
        ) -> None:
            prepared.append((hook.name, hookimpl.plugin_name))
            hookimpl.argnames = ("node",)
            hookimpl.function = lambda node: f"updated {node}"

    prepared: list[tuple[str, str]] = []
    pm = Renaming("nailgun")
    pm.add_hookspecs(hookspecs)
    pm.register(Misnamed(), name="misnamed")
    assert prepared == [("on_node_update", "misnamed")]
    assert pm.hook.on_node_update(node=1) == ["updated 1"]
    with pytest.raises(pluggy.PluginValidationError):
        plain = _pluggy_internals.PreparingPluginManager("nailgun")
        plain.add_hookspecs(hookspecs)
        plain.register(Misnamed(), name="misnamed")


class Chosen(_pluggy_internals.GuardedExtensionManager):
    def __init__(self, namespace: str) -> None:
        self.failed: list[tuple[str, str]] = []
        super().__init__(namespace)

    def chosen_entry_points(self) -> Any:
        return importlib.metadata.entry_points(group=self.namespace)

    def load_failed(
        self, entry_point: importlib.metadata.EntryPoint, error: BaseException
    ) -> None:
        self.failed.append((entry_point.name, type(error).__name__))


@pytest.mark.parametrize("failure", ["raise SystemExit(3)", "assert False", "1/0"])
def test_an_entry_point_failing_to_import_is_reported_and_the_others_load(
    dists: DistFactory, failure: str
) -> None:
    good, bad = dists.unique("good"), dists.unique("bad")
    dists.install(
        "guarded-dist",
        entry_points={"good": f"{good}:VALUE", "bad": f"{bad}:VALUE"},
        modules={good: "VALUE = 'loaded'\n", bad: f"{failure}\nVALUE = 1\n"},
    )
    manager = Chosen(dists.namespace)
    assert [(e.name, e.plugin) for e in manager.extensions] == [("good", "loaded")]
    expected = {
        "raise SystemExit(3)": "SystemExit",
        "assert False": "AssertionError",
        "1/0": "ZeroDivisionError",
    }[failure]
    assert manager.failed == [("bad", expected)]
    [extension] = manager.extensions
    assert isinstance(extension.entry_point, importlib.metadata.EntryPoint)
    assert manager.import_seconds[id(extension.entry_point)] >= 0


def test_an_interrupt_while_importing_an_entry_point_goes_through(
    dists: DistFactory,
) -> None:
    module = dists.unique("interrupting")
    dists.install(
        "interrupting-dist",
        entry_points={"interrupting": f"{module}:VALUE"},
        modules={module: "raise KeyboardInterrupt\n"},
    )
    with pytest.raises(KeyboardInterrupt):
        Chosen(dists.namespace)


def test_pluggy_internals_we_rely_on_exist() -> None:
    """The fast path reads two private names of pluggy: fail loudly if a
    pluggy release renames them (the callers would silently go slow)."""
    from pluggy._callers import _multicall

    assert NailgunPluginManager()._inner_hookexec is _multicall
    assert pluggy.PluginManager._hookexec


def test_a_foreign_managers_monitoring_from_before_the_relay() -> None:
    """The one thing public API cannot show: monitoring a plugin manager
    that is not ours had before a relay was first built over it. With
    pluggy's internals the relay sees it; without them it cannot."""

    class Ext:
        @hookimpl
        def on_node_update(self, node: object) -> None:
            pass

    pm = pluggy.PluginManager("nailgun")
    pm.add_hookspecs(hookspecs)
    pm.register(Ext(), name="ext")
    seen: list[str] = []
    pm.add_hookcall_monitoring(lambda name, *_: seen.append(name), lambda *_: None)
    relay = HookRelay()
    relay.install(pm)
    relay.on_node_update(node=1)
    assert seen == (["on_node_update"] if _pluggy_internals.CALL_LOOP else [])
    seen.clear()
    undo = pm.add_hookcall_monitoring(
        lambda name, *_: seen.append("after"), lambda *_: None
    )
    relay.on_node_update(node=1)
    expected = ["after", "on_node_update"] if _pluggy_internals.CALL_LOOP else ["after"]
    assert seen == expected
    undo()
