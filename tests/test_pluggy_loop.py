"""nailgun_hooks._pluggy_loop: pluggy's call loop and call monitoring,
rebuilt from what pluggy documents; pluggy's own loop is the oracle where
it is in reach."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import _pluggy_loop, hookimpl
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from tests.support.loops import (
    Tagged,
    hook_impl,
    impl_kinds,
    needs_pluggys_loop,
    pluggys_loop,
    run_loop,
)


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


# --- the loop's own rules, without pluggy's loop to compare with ---------------


def _impl(function: Callable[..., Any], **opts: bool) -> pluggy.HookImpl:
    marked = {
        "wrapper": False,
        "hookwrapper": False,
        "optionalhook": False,
        "tryfirst": False,
        "trylast": False,
        "specname": None,
        **opts,
    }
    return pluggy.HookImpl(None, function.__name__, function, marked)  # type: ignore[arg-type]


def test_implementations_are_called_last_first_and_none_is_skipped() -> None:
    impls = [
        _impl(lambda node: "first registered"),
        _impl(lambda node: None),
        _impl(lambda node: f"last registered {node}"),
    ]
    assert _pluggy_loop.call_loop("hook", impls, {"node": 1}, False) == [
        "last registered 1",
        "first registered",
    ]
    assert _pluggy_loop.call_loop("hook", impls, {"node": 1}, True) == (
        "last registered 1"
    )
    assert _pluggy_loop.call_loop("hook", impls[:2], {"node": 1}, True) == (
        "first registered"
    )
    assert _pluggy_loop.call_loop("hook", impls[1:2], {"node": 1}, True) is None


def test_a_wrapper_sees_the_result_and_may_change_it() -> None:
    def wrapper(node: object) -> Iterator[None]:
        result = yield
        return [*result, "wrapped"]  # type: ignore[misc]

    impls = [_impl(lambda node: "plain"), _impl(wrapper, wrapper=True)]
    assert _pluggy_loop.call_loop("hook", impls, {"node": 1}, False) == [
        "plain",
        "wrapped",
    ]


def test_a_wrapper_that_does_not_yield_once_is_a_runtime_error() -> None:
    def no_yield(node: object) -> Iterator[None]:
        return
        yield  # pragma: no cover - makes it a generator

    def twice(node: object) -> Iterator[None]:
        yield
        yield

    with pytest.raises(RuntimeError, match=r"'no_yield' .* did not yield"):
        _pluggy_loop.call_loop(
            "hook", [_impl(no_yield, wrapper=True)], {"node": 1}, False
        )
    with pytest.raises(RuntimeError, match=r"'twice' .* has second yield"):
        _pluggy_loop.call_loop("hook", [_impl(twice, wrapper=True)], {"node": 1}, False)


def test_an_exception_is_thrown_into_the_wrappers_which_may_recover() -> None:
    def failing(node: object) -> None:
        raise Tagged("plain")

    def recovering(node: object) -> Iterator[None]:
        try:
            yield
        except Tagged as exc:
            return [f"recovered from {exc.args[0]}"]
        return None  # pragma: no cover - the call fails

    impls = [_impl(failing), _impl(recovering, wrapper=True)]
    assert _pluggy_loop.call_loop("hook", impls, {"node": 1}, False) == [
        "recovered from plain"
    ]
    with pytest.raises(Tagged):
        _pluggy_loop.call_loop("hook", impls[:1], {"node": 1}, False)


def test_an_old_style_wrapper_gets_a_result_it_can_replace() -> None:
    def old_style(node: object) -> Iterator[None]:
        outcome = yield
        outcome.force_result([*outcome.get_result(), "forced"])  # type: ignore[attr-defined]

    impls = [_impl(lambda node: "plain"), _impl(old_style, hookwrapper=True)]
    assert _pluggy_loop.call_loop("hook", impls, {"node": 1}, False) == [
        "plain",
        "forced",
    ]


def test_outcome_of_holds_what_a_call_returned_or_raised() -> None:
    assert _pluggy_loop.outcome_of(lambda: 7).get_result() == 7

    def fail() -> None:
        raise Tagged("x")

    outcome = _pluggy_loop.outcome_of(fail)
    assert isinstance(outcome.exception, Tagged)
    with pytest.raises(Tagged):
        outcome.get_result()


def test_a_chain_monitors_the_last_added_outermost_and_undoes_in_place() -> None:
    chain = _pluggy_loop.CallChain()
    seen: list[str] = []

    def monitor(name: str) -> Callable[[], None]:
        return chain.monitor(
            lambda *_: seen.append(f"before {name}"),
            lambda outcome, *_: seen.append(f"after {name} {outcome.get_result()}"),
        )

    impls = [_impl(lambda node: node)]
    undo_first = monitor("first")
    monitor("second")
    assert chain("hook", impls, {"node": 1}, True) == 1
    assert seen == ["before second", "before first", "after first 1", "after second 1"]
    undo_first()  # the monitors added after it go too, as in pluggy
    assert chain.inner_hookexec is _pluggy_loop.call_loop
    seen.clear()
    assert chain("hook", impls, {"node": 2}, False) == [2]
    assert seen == []
