"""Pieces of the public-API fallback (see nailgun_hooks._pluggy_internals)
that can be checked whichever pluggy internals are in reach."""

from __future__ import annotations

import gc
import inspect
import sys
import warnings
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
from nailgun_hooks.startup.plugin_manager import (
    NailgunPluginManager,
    _registration_order,
    call_layout,
)
from nailgun_hooks.startup.records import ExtensionRecord


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
    for record in _registration_order(pm, extensions, {}):
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
    order = _registration_order(NailgunPluginManager(), (first, second), {})
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

try:  # what the public loop must equal; a test-only look behind pluggy's back
    from pluggy._callers import _multicall as pluggys_loop
except ImportError:  # pragma: no cover - a pluggy that moved it
    pluggys_loop = None

needs_pluggys_loop = pytest.mark.skipif(
    pluggys_loop is None, reason="this pluggy has no _multicall to compare with"
)


class Tagged(Exception):
    """An implementation's exception, equal to another with the same tag."""


class Fatal(BaseException):
    pass


# What one implementation does. Plain ones: answer, answer None, raise an
# Exception, a BaseException, or StopIteration. Wrappers: pass the outcome
# through, change the result, recover from an exception, raise after the
# yield, raise before it, never yield, yield twice.
PLAIN = ("answer", "none", "raise", "fatal", "stop")
WRAPPER = ("through", "change", "recover", "raise-after", "raise-before", "no-yield")
WRAPPER_ALL = (*WRAPPER, "yield-twice")
OLD_STYLE = (*WRAPPER_ALL, "force-exception")


def _implementation(
    index: int, kind: str, does: str, log: list[str]
) -> Callable[..., Any]:
    tag = f"{kind}{index}"

    def plain(node: object) -> object:
        log.append(tag)
        if does == "raise":
            raise Tagged(tag)
        if does == "fatal":
            raise Fatal(tag)
        if does == "stop":
            raise StopIteration(tag)
        return None if does == "none" else tag

    def wrapper(node: object) -> Any:
        log.append(f"{tag} starts")
        if does == "raise-before":
            raise Tagged(f"{tag} before")
        if does == "no-yield":
            return "never"
        try:
            result = yield
        except Exception as exc:
            log.append(f"{tag} sees {type(exc).__name__}")
            if does == "recover":
                return f"{tag} recovered"
            raise
        log.append(f"{tag} sees {result!r}")
        if does == "raise-after":
            raise Tagged(f"{tag} after")
        if does == "yield-twice":
            try:
                yield
            finally:
                log.append(f"{tag} closed")
        if does == "change":
            return [tag] if not isinstance(result, list) else [*result, tag]
        return result

    def old_style(node: object) -> Any:
        log.append(f"{tag} starts")
        if does == "raise-before":
            raise Tagged(f"{tag} before")
        if does == "no-yield":
            return
        outcome = yield
        failed = outcome.exception
        log.append(f"{tag} sees {type(failed).__name__ if failed else 'a result'}")
        if does == "raise-after":
            raise Tagged(f"{tag} after")
        if does == "yield-twice":
            try:
                yield
            finally:
                log.append(f"{tag} closed")
        if does == "change" and failed is None:
            outcome.force_result([tag])
        if does == "recover" and failed is not None:
            outcome.force_result(f"{tag} recovered")
        if does == "force-exception":
            outcome.force_exception(Tagged(f"{tag} forced"))

    if kind == "plain":
        return plain
    if kind == "wrapper":
        return wrapper
    return old_style


def _impl(index: int, kind: str, does: str, log: list[str]) -> pluggy.HookImpl:
    opts = pluggy.HookimplOpts(
        wrapper=kind == "wrapper",
        hookwrapper=kind == "hookwrapper",
        optionalhook=False,
        tryfirst=False,
        trylast=False,
        specname=None,
    )
    return pluggy.HookImpl(
        None, f"p{index}", _implementation(index, kind, does, log), opts
    )


impl_kinds = st.one_of(
    st.tuples(st.just("plain"), st.sampled_from(PLAIN)),
    st.tuples(st.just("wrapper"), st.sampled_from(WRAPPER_ALL)),
    st.tuples(st.just("hookwrapper"), st.sampled_from(OLD_STYLE)),
)


def _run(
    loop: Callable[..., Any], impls: list[pluggy.HookImpl], firstresult: bool
) -> tuple[Any, ...]:
    """What ``loop`` returned or raised, the warnings it gave, and what
    wrappers it left unfinished raised when collected (a wrapper that yields
    twice stops the call and leaves the wrappers around it suspended)."""
    unraisable: list[tuple[type[BaseException], str]] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: unraisable.append(
        (type(u.exc_value), str(u.exc_value))
    )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                outcome: tuple[Any, ...] = (
                    "returned",
                    loop("hook", impls, {"node": 1}, firstresult),
                )
            except BaseException as exc:  # every outcome is compared
                outcome = ("raised", type(exc), str(exc), type(exc.__cause__))
                del exc
                # the traceback held the loop's frame, the frame the exception:
                # a cycle only the young generations' collection undoes
                gc.collect(1)
    finally:
        sys.unraisablehook = hook
    warned = [(w.category, str(w.message)) for w in caught]
    return (*outcome, warned, sorted(unraisable, key=str))


@needs_pluggys_loop
@settings(max_examples=400, deadline=None)
@given(st.lists(impl_kinds, max_size=7), st.booleans())
def test_the_public_loop_is_pluggys(
    kinds: list[tuple[str, str]], firstresult: bool
) -> None:
    log: list[str] = []
    impls = [_impl(i, kind, does, log) for i, (kind, does) in enumerate(kinds)]
    expected = _run(pluggys_loop, impls, firstresult)
    expected_log, log[:] = list(log), []
    assert _run(_pluggy_loop.call_loop, impls, firstresult) == expected
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
            impls = [_impl(0, "plain", "raise" if arg else "answer", log)]
            run = chain if use_chain else pm._hookexec
            seen.append(_run(run, impls, False)[:2])
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
