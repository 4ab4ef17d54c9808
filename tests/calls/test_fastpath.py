"""The generated callers behave exactly like pluggy's own call loop."""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import _pluggy_internals, hookimpl, hookspecs
from nailgun_hooks.calls import codegen
from nailgun_hooks.calls.fastpath import build_caller, choose_mode
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from tests.support.loops import (
    PLAIN,
    WRAPPER_ALL,
    hook_impl,
    needs_pluggys_loop,
    pluggys_loop,
    run_loop,
)


class Boom(Exception):
    pass


class Fatal(BaseException):
    pass


# How an implementation may declare its parameters: pluggy passes plain
# parameters by position and defaulted ones by name.
PARAMS = {
    "on_node_update": ["", "node", "node=None"],
    "get_node_volumes": ["", "node", "node=None"],
    "set_node_volumes": [
        "",
        "node",
        "volumes",
        "node, volumes",
        "volumes, node",
        "node, volumes=None",
        "node=None, volumes=None",
    ],
}
KWARGS: dict[str, dict[str, object]] = {
    "on_node_update": {"node": "n"},
    "get_node_volumes": {"node": "n"},
    "set_node_volumes": {"node": "n", "volumes": [{"size": 1}]},
}


@dataclass(frozen=True)
class ImplSpec:
    params: str
    outcome: str  # "none", "value", "raise", "fatal"
    tryfirst: bool
    trylast: bool


@st.composite
def impl_specs(draw: st.DrawFn, hook: str) -> ImplSpec:
    position = draw(st.sampled_from(["plain", "tryfirst", "trylast"]))
    return ImplSpec(
        params=draw(st.sampled_from(PARAMS[hook])),
        outcome=draw(st.sampled_from(["none", "none", "value", "value", "raise"])),
        tryfirst=position == "tryfirst",
        trylast=position == "trylast",
    )


def make_plugin(
    hook: str, index: int, spec: ImplSpec, log: list[tuple[int, tuple[Any, ...]]]
) -> types.ModuleType:
    """A module plugin whose ``hook`` logs its call and acts as told."""
    plugin = types.ModuleType(f"plugin{index}")

    def act(*args: Any) -> object:
        log.append((index, args))
        if spec.outcome == "raise":
            raise Boom(index)
        if spec.outcome == "fatal":
            raise Fatal(index)
        return f"result-{index}" if spec.outcome == "value" else None

    names = [p.split("=")[0] for p in spec.params.split(", ") if p]
    source = f"def {hook}({spec.params}):\n    return act({', '.join(names)})\n"
    namespace: dict[str, Any] = {"act": act}
    exec(source, namespace)
    function = hookimpl(tryfirst=spec.tryfirst, trylast=spec.trylast)(namespace[hook])
    setattr(plugin, hook, function)
    return plugin


def outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return ("returned", call())
    except Boom as exc:
        return ("raised", exc.args)


def plain_pluggy_manager() -> pluggy.PluginManager:
    """A plugin manager that does not report ``_inner_hookexec`` changes."""
    pm = pluggy.PluginManager("nailgun")
    pm.add_hookspecs(hookspecs)
    return pm


def build(
    hook: str,
    impls: list[ImplSpec],
    factory: Callable[[], pluggy.PluginManager] = NailgunPluginManager,
) -> tuple[pluggy.PluginManager, HookRelay, list[tuple[int, tuple[Any, ...]]]]:
    log: list[tuple[int, tuple[Any, ...]]] = []
    pm = factory()
    for index, spec in enumerate(impls):
        pm.register(make_plugin(hook, index, spec, log), name=f"p{index}")
    relay = HookRelay()
    relay.install(pm)
    return pm, relay, log


def compare(
    hook: str,
    impls: list[ImplSpec],
    unroll: int,
    factory: Callable[[], pluggy.PluginManager] = NailgunPluginManager,
) -> None:
    with mock.patch.object(codegen, "UNROLL", unroll):
        pm, relay, log = build(hook, impls, factory)
    caller = getattr(relay, hook)
    assert caller.fast
    kwargs = KWARGS[hook]
    expected = outcome(lambda: getattr(pm.hook, hook)(**kwargs))
    expected_log = list(log)
    log.clear()
    actual = outcome(lambda: caller(**kwargs))
    assert actual == expected
    assert log == expected_log


@pytest.mark.parametrize("unroll", [0, 3, codegen.UNROLL], ids="unroll={}".format)
@pytest.mark.parametrize("hook", sorted(PARAMS))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_fast_path_matches_pluggy(hook: str, unroll: int, data: st.DataObject) -> None:
    """Loops (unroll=0), unrolled calls, and a mix of both."""
    impls = data.draw(st.lists(impl_specs(hook), max_size=10))
    compare(hook, impls, unroll)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_checked_fast_path_on_a_plain_pluggy_manager_matches_pluggy(
    data: st.DataObject,
) -> None:
    hook = data.draw(st.sampled_from(sorted(PARAMS)))
    impls = data.draw(st.lists(impl_specs(hook), max_size=10))
    compare(hook, impls, codegen.UNROLL, plain_pluggy_manager)


def test_firstresult_stops_at_the_first_answer_like_pluggy() -> None:
    none = ImplSpec("node", "none", False, False)
    value = ImplSpec("node", "value", False, False)
    _, relay, log = build("get_node_volumes", [value, none, value, none])
    # registered last is called first: p3 (None), p2 answers, p1 and p0 never run
    assert relay.get_node_volumes(node="n") == "result-2"
    assert [index for index, _ in log] == [3, 2]
    assert relay.get_node_volumes.extension_names == ("p3", "p2", "p1", "p0")


def test_base_exceptions_propagate_unchanged() -> None:
    fatal = ImplSpec("node", "fatal", False, False)
    plain = ImplSpec("node", "value", False, False)
    _, relay, log = build("on_node_update", [plain, fatal, plain])
    with pytest.raises(Fatal) as info:
        relay.on_node_update(node="n")
    assert info.value.args == (1,)
    assert [index for index, _ in log] == [2, 1]


class Wrapping:
    """A new-style wrapper (driven by the generated caller) and an old-style
    hookwrapper (pluggy's loop runs it)."""

    def __init__(self) -> None:
        self.seen: list[object] = []

    @hookimpl(wrapper=True)
    def on_node_update(self, node: object) -> Iterator[None]:
        result = yield
        self.seen.append(result)
        return [*result, "wrapped"]  # type: ignore[misc]

    @hookimpl(hookwrapper=True)
    def get_node_volumes(self, node: object) -> Iterator[None]:
        outcome = yield
        self.seen.append(outcome.get_result())  # type: ignore[attr-defined]


@settings(max_examples=60, deadline=None)
@given(impls=st.lists(impl_specs("on_node_update"), max_size=6))
def test_new_style_wrappers_are_generated_old_style_ones_are_pluggys(
    impls: list[ImplSpec],
) -> None:
    pm, relay, log = build("on_node_update", impls)
    wrapper = Wrapping()
    pm.register(wrapper, name="wrapper")
    relay.install(pm)
    assert relay.on_node_update.fast
    assert not relay.get_node_volumes.fast
    assert relay.on_node_update.extension_names[0] == "wrapper"
    expected = outcome(lambda: pm.hook.on_node_update(node="n"))
    expected_log, log[:] = list(log), []
    assert outcome(lambda: relay.on_node_update(node="n")) == expected
    assert log == expected_log


def test_old_style_hookwrapper_sees_the_result() -> None:
    value = ImplSpec("node", "value", False, False)
    pm, relay, _ = build("get_node_volumes", [value])
    wrapper = Wrapping()
    pm.register(wrapper, name="wrapper")
    relay.install(pm)
    assert relay.get_node_volumes(node="n") == "result-0"
    assert wrapper.seen == ["result-0"]


@pytest.mark.parametrize(
    "factory", [NailgunPluginManager, plain_pluggy_manager], ids=["ours", "pluggy"]
)
def test_tracing_and_monitoring_switch_to_pluggy(
    factory: Callable[[], pluggy.PluginManager],
) -> None:
    plain = ImplSpec("node", "value", False, False)
    pm, relay, _ = build("on_node_update", [plain, plain], factory)
    watched = isinstance(pm, NailgunPluginManager)
    assert relay.on_node_update.mode == ("direct" if watched else "checked")
    monitored: list[tuple[str, object]] = []
    undo = pm.add_hookcall_monitoring(
        lambda name, impls, kwargs: monitored.append(("before", name)),
        lambda outcome, name, impls, kwargs: monitored.append(
            ("after", outcome.get_result())
        ),
    )
    assert relay.on_node_update(node="n") == ["result-1", "result-0"]
    assert monitored == [
        ("before", "on_node_update"),
        ("after", ["result-1", "result-0"]),
    ]
    assert relay.on_node_update.mode == ("pluggy" if watched else "checked")
    undo()
    assert relay.on_node_update.mode == ("direct" if watched else "checked")
    monitored.clear()
    assert relay.on_node_update(node="n") == ["result-1", "result-0"]
    assert monitored == []

    traced: list[tuple[str, ...]] = []
    pm.trace.root.setwriter(lambda message: traced.append(message))
    undo = pm.enable_tracing()
    relay.on_node_update(node="n")
    undo()
    assert any("on_node_update" in line for line in map(str, traced))


def test_one_function_implementing_for_two_plugins_is_called_twice() -> None:
    calls: list[object] = []

    @hookimpl
    def on_node_update(node: object) -> None:
        calls.append(node)
        raise Boom("shared")

    pm = NailgunPluginManager()
    for name in ("first", "second"):
        module = types.ModuleType(name)
        module.on_node_update = on_node_update  # type: ignore[attr-defined]
        pm.register(module, name=name)
    relay = HookRelay()
    relay.install(pm, distributions={"first": "d1", "second": "d2"})
    with pytest.raises(Boom) as info:
        relay.on_node_update(node=1)
    assert calls == [1]
    # "second" was registered last, so pluggy and we call it first
    assert info.value.__notes__ == [
        "raised by extension 'second' (distribution 'd2') in hook 'on_node_update'"
    ]
    relay.install(pm, only=frozenset({"first"}))
    with pytest.raises(Boom) as info:
        relay.on_node_update(node=1)
    assert "extension 'first'" in info.value.__notes__[0]


def test_a_plugin_manager_without_inner_hookexec_is_always_slow() -> None:
    """With pluggy's call loop in reach, a manager that hides the function
    it runs calls through is always called through its ``_hookexec``. In
    public-only mode nothing private is read or honoured: the relay runs
    the implementations itself."""

    class Bare(NailgunPluginManager):
        pass

    class Ext:
        @hookimpl
        def on_node_update(self, node: object) -> str:
            return "called"

    pm = Bare()
    pm.register(Ext(), name="ext")
    del pm._inner_hookexec
    pm._hookexec = lambda name, impls, kwargs, firstresult: ["via pluggy"]  # type: ignore[method-assign]
    relay = HookRelay()
    relay.install(pm)
    if _pluggy_internals.CALL_LOOP:
        assert not relay.on_node_update.fast
        assert relay.on_node_update(node=1) == ["via pluggy"]
    else:
        assert relay.on_node_update.fast
        assert relay.on_node_update(node=1) == ["called"]


new_style_kinds = st.one_of(
    st.tuples(st.just("plain"), st.sampled_from(PLAIN)),
    st.tuples(st.just("wrapper"), st.sampled_from(WRAPPER_ALL)),
)


@needs_pluggys_loop
@settings(max_examples=300, deadline=None)
@given(st.lists(new_style_kinds, max_size=7), st.booleans())
def test_the_generated_wrapper_chain_is_pluggys_loop(
    kinds: list[tuple[str, str]], firstresult: bool
) -> None:
    """Wrappers that pass the outcome through, change it, recover, raise
    before or after their yield, never yield or yield twice, around plain
    implementations that answer, raise or raise StopIteration: the generated
    caller returns, raises, logs and leaves unfinished what pluggy's does."""
    log: list[str] = []
    impls = [hook_impl(i, kind, does, log) for i, (kind, does) in enumerate(kinds)]
    impls.sort(key=lambda impl: impl.wrapper)  # pluggy's layout: wrappers last
    spec = specs()["get_node_volumes" if firstresult else "on_node_update"]
    caller = build_caller(spec, impls, NailgunPluginManager(), watched=True)
    assert caller.mode == "direct"  # type: ignore[attr-defined]
    expected = run_loop(pluggys_loop, impls, firstresult)
    expected_log, log[:] = list(log), []
    generated = run_loop(
        lambda _n, _i, kwargs, _f: caller(**kwargs), impls, firstresult
    )
    assert generated == expected
    assert log == expected_log


@needs_pluggys_loop
@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PLAIN), min_size=1, max_size=5),
    st.lists(st.sampled_from(WRAPPER_ALL), min_size=1, max_size=2),
    st.booleans(),
)
def test_wrappers_around_more_plain_implementations_than_are_unrolled(
    looped: list[str], wrappers: list[str], firstresult: bool
) -> None:
    """The plain calls inside a wrapper chain go on in a loop past the
    unrolled ones (which answer nothing here), and a first-result chain
    stops at the first answer."""
    log: list[str] = []
    plain = looped + ["none"] * 3  # pluggy's layout: last called first
    kinds = [("plain", does) for does in plain] + [("wrapper", w) for w in wrappers]
    impls = [hook_impl(i, kind, does, log) for i, (kind, does) in enumerate(kinds)]
    spec = specs()["get_node_volumes" if firstresult else "on_node_update"]
    with mock.patch.object(codegen, "UNROLL", 3):
        caller = build_caller(spec, impls, NailgunPluginManager(), watched=True)
    assert caller.mode == "direct"  # type: ignore[attr-defined]
    expected = run_loop(pluggys_loop, impls, firstresult)
    expected_log, log[:] = list(log), []
    generated = run_loop(
        lambda _n, _i, kwargs, _f: caller(**kwargs), impls, firstresult
    )
    assert generated == expected
    assert log == expected_log


def test_wrappers_under_collect_and_old_style_ones_run_in_pluggys_loop() -> None:
    pm = NailgunPluginManager()
    pm.register(Wrapping(), name="wrapper")
    wrapper = pm.hook.on_node_update.get_hookimpls()
    old_style = pm.hook.get_node_volumes.get_hookimpls()
    assert choose_mode(wrapper, pm, watched=True) == "direct"
    assert choose_mode(wrapper, pm, watched=True, policy="collect") == "pluggy"
    assert choose_mode(old_style, pm, watched=True) == "pluggy"


def test_a_list_calling_a_plain_implementation_before_a_wrapper_is_pluggys() -> None:
    """pluggy's lists call every wrapper first; a list that does not (built
    by hand) keeps pluggy's loop, which calls it as it is."""
    log: list[str] = []
    wrapper = hook_impl(0, "wrapper", "through", log)
    plain = hook_impl(1, "plain", "answer", log)
    pm = NailgunPluginManager()
    assert choose_mode([plain, wrapper], pm, watched=True) == "direct"
    assert choose_mode([wrapper, plain], pm, watched=True) == "pluggy"
