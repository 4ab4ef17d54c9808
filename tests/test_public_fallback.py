"""Pieces of the public-API fallback (see nailgun_hooks._pluggy_internals)
that can be checked whichever pluggy internals are in reach."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import (
    BaseExtension,
    _pluggy_internals,
    _pluggy_loop,
    build_manager,
    hookimpl,
    hookspecs,
)
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import ExtensionRecord
from nailgun_hooks.startup.registration import call_layout, registration_order
from tests.support.loops import (
    Tagged,
    hook_impl,
    impl_kinds,
    needs_pluggys_loop,
    pluggys_loop,
    run_loop,
)


def _extension(name: str, **opts: Any) -> ExtensionRecord:
    class Ext:
        @hookimpl(**opts)
        def on_node_update(self, node: object) -> None:
            pass

    return ExtensionRecord(name, "1.0", "", Ext())


def _called(pm: pluggy.PluginManager, hook: str) -> list[str]:
    impls = getattr(pm.hook, hook).get_hookimpls()
    return [impl.plugin_name for impl in reversed(impls)]


def test_registration_order_gives_the_call_order_in_every_tier() -> None:
    extensions = (
        _extension("alpha", trylast=True),
        _extension("bravo", trylast=True),
        _extension("charlie"),
        _extension("delta", tryfirst=True),
        _extension("echo", trylast=True),
    )
    pm = NailgunPluginManager()
    for record in registration_order(pm, extensions):
        pm.register(record.obj, name=record.name)
    assert _called(pm, "on_node_update") == [
        "delta",
        "charlie",
        "alpha",
        "bravo",
        "echo",
    ]


def test_contradicting_requests_fall_back_to_reverse_order() -> None:
    def make(name: str) -> ExtensionRecord:
        class Ext:
            @hookimpl(trylast=True)
            def on_node_update(self, node: object) -> None:
                pass

            @hookimpl
            def on_node_create(self, node: object) -> None:
                pass

        return ExtensionRecord(name, "1.0", "", Ext())

    first, second = make("first"), make("second")
    # on_node_update asks for first to be registered first, on_node_create
    # for second: no order meets both, so the plain tiers win (reverse)
    order = registration_order(NailgunPluginManager(), (first, second))
    assert order == [second, first]
    pm = NailgunPluginManager()
    for record in order:
        pm.register(record.obj, name=record.name)
    assert _called(pm, "on_node_create") == ["first", "second"]
    assert _called(pm, "on_node_update") == ["second", "first"]  # the known gap


def test_call_layout_sorts_tiers_then_extension_order() -> None:
    pm = NailgunPluginManager()
    records = [
        _extension("a", trylast=True),
        _extension("b", tryfirst=True),
        _extension("c"),
    ]
    for record in records:
        pm.register(record.obj, name=record.name)
    impls = pm.hook.on_node_update.get_hookimpls()
    ordered = sorted(impls, key=call_layout(["c", "b", "a"]))
    assert [impl.plugin_name for impl in reversed(ordered)] == ["b", "c", "a"]


# --- the call loop and monitoring rebuilt from public API ----------------------


@needs_pluggys_loop
@settings(max_examples=400, deadline=None)
@given(st.lists(impl_kinds, max_size=7), st.booleans())
def test_the_public_loop_is_pluggys(
    kinds: list[tuple[str, str]], firstresult: bool
) -> None:
    log: list[str] = []
    impls = [hook_impl(i, kind, does, log) for i, (kind, does) in enumerate(kinds)]
    expected = run_loop(pluggys_loop, impls, firstresult)
    expected_log, log[:] = list(log), []
    assert run_loop(_pluggy_loop.call_loop, impls, firstresult) == expected
    assert log == expected_log


def test_the_public_loop_passes_defaulted_arguments_by_name() -> None:
    seen: list[tuple[object, object]] = []

    def impl(node: object, data: object = "default") -> None:
        seen.append((node, data))

    opts = pluggy.HookimplOpts(
        wrapper=False,
        hookwrapper=False,
        optionalhook=False,
        tryfirst=False,
        trylast=False,
        specname=None,
    )
    hookimpl_ = pluggy.HookImpl(None, "p", impl, opts)
    assert _pluggy_loop.call_loop("hook", [hookimpl_], {"node": 1}, False) == []
    assert (
        _pluggy_loop.call_loop("hook", [hookimpl_], {"node": 2, "data": 3}, False) == []
    )
    assert seen == [(1, "default"), (2, 3)]
    with pytest.raises(pluggy.HookCallError, match="'node'"):
        _pluggy_loop.call_loop("hook", [hookimpl_], {}, False)


# Monitoring: a random sequence of "add a monitor", "undo the n-th" and
# "call", applied to pluggy's manager and to a chain; the monitors must see
# the same calls, in the same nesting, with the same outcomes.
monitor_steps = st.lists(
    st.one_of(
        st.just(("add", 0)),
        st.tuples(st.just("undo"), st.integers(0, 4)),
        st.tuples(st.just("call"), st.booleans()),
    ),
    max_size=12,
)


def _monitoring(steps: list[tuple[str, Any]], use_chain: bool) -> list[object]:
    seen: list[object] = []
    pm = pluggy.PluginManager("probe")
    chain = _pluggy_loop.CallChain()
    undos: list[Callable[[], None]] = []
    for step, arg in steps:
        if step == "add":
            number = len(undos)

            def before(
                name: str, impls: object, kwargs: object, n: int = number
            ) -> None:
                seen.append(("before", n, name, dict(kwargs)))  # type: ignore[call-overload]

            def after(
                outcome: pluggy.Result[Any],
                name: str,
                impls: object,
                kwargs: object,
                n: int = number,
            ) -> None:
                failed = outcome.exception
                seen.append(
                    ("after", n, name, type(failed) if failed else outcome.get_result())
                )

            add = chain.monitor if use_chain else pm.add_hookcall_monitoring
            undos.append(add(before, after))
        elif step == "undo" and undos:
            undos[arg % len(undos)]()
        elif step == "call":
            log: list[str] = []
            impls = [hook_impl(0, "plain", "raise" if arg else "answer", log)]
            run = chain if use_chain else pm._hookexec
            seen.append(run_loop(run, impls, False)[:2])
    return seen


@settings(max_examples=200, deadline=None)
@given(monitor_steps)
def test_the_chain_monitors_as_pluggy_does(steps: list[tuple[str, Any]]) -> None:
    assert _monitoring(steps, use_chain=True) == _monitoring(steps, use_chain=False)


def test_a_teardown_warning_points_at_the_hook_call() -> None:
    """pluggy warns about an old-style wrapper raising after its ``yield``,
    at the line that called the hook; so does the loop standing in for it."""

    class Ext:
        @hookimpl(hookwrapper=True)
        def on_node_update(self, node: object) -> Iterator[None]:
            yield
            raise Tagged("teardown")

    pm = NailgunPluginManager()
    pm.register(Ext(), name="ext")
    relay = HookRelay()
    relay.install(pm)
    with pytest.warns(pluggy.PluggyTeardownRaisedWarning), pytest.raises(Tagged):
        relay.on_node_update(node=1)  # builds the caller: one frame more
    line = inspect.currentframe().f_lineno + 5  # type: ignore[union-attr]
    with (
        pytest.warns(pluggy.PluggyTeardownRaisedWarning) as caught,
        pytest.raises(Tagged),
    ):
        relay.on_node_update(node=1)
    [warning] = caught
    assert (warning.filename, warning.lineno) == (__file__, line)
    assert "Plugin: ext, Hook: on_node_update" in str(warning.message)


def test_relays_keep_the_order_pluggys_lists_cannot_have() -> None:
    """Two extensions trylast on one hook and plain on another: without
    pluggy's internals no registration order makes both of pluggy's lists
    come out in the extensions' order, so relays sort what they read."""
    called: list[str] = []

    def make(name: str) -> BaseExtension:
        class Ext(BaseExtension):
            version, description = "1.0", "d"

            @hookimpl(trylast=True)
            def on_node_update(self, node: object) -> None:
                called.append(name)

            @hookimpl
            def on_cluster_delete(self, cluster: object) -> None:
                called.append(name)

        Ext.name = name
        return Ext()

    manager = build_manager([make("a"), make("b")])
    assert manager.names() == ("a", "b")
    calls: list[Callable[[], object]] = [
        lambda: manager.hook.on_node_update(node=1),
        lambda: manager.hook.on_cluster_delete(cluster=1),
        lambda: manager.with_policy("collect").on_node_update(node=1),
        lambda: manager.subset(["b", "a"]).on_cluster_delete(cluster=1),
    ]
    for call in calls:
        called.clear()
        call()
        assert called == ["a", "b"]


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
