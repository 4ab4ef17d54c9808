"""Hook calls: strict arguments, error attribution, policies, snapshots."""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionNotFoundError,
    HookCallError,
    build_manager,
    hookimpl,
    load_extensions,
)
from nailgun_hooks.calls import fastpath
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.errors import PolicyError
from nailgun_hooks.manager import HookManager
from tests.support.dists import DistFactory

if sys.version_info < (3, 11):
    from exceptiongroup import ExceptionGroup


class Secret:
    """An argument whose value must never appear in a note or message."""

    def __repr__(self) -> str:
        return "Secret('hunter2')"

    def __str__(self) -> str:
        return "hunter2"


def extension(name: str, behaviour: str, *, answer: object = None) -> BaseExtension:
    """An extension whose on_node_update / get_node_volumes act as told."""

    class Ext(BaseExtension):
        version = "1.0.0"
        description = f"{behaviour} extension"
        calls: list[object]

        def __init__(self) -> None:
            self.calls = []

        @hookimpl
        def on_node_update(self, node: object) -> None:
            self.calls.append(node)
            if behaviour == "raise":
                raise ValueError(f"{name} refuses")
            if behaviour == "interrupt":
                raise KeyboardInterrupt

        @hookimpl
        def get_node_volumes(self, node: object) -> object:
            self.calls.append(node)
            if behaviour == "raise":
                raise ValueError(f"{name} refuses")
            return answer

    Ext.name = name
    return Ext()


def notes(exc: BaseException) -> list[str]:
    return list(getattr(exc, "__notes__", []))


# --- strict calls ------------------------------------------------------------


@pytest.fixture
def manager() -> HookManager:
    return build_manager(
        [extension("alpha", "ok"), extension("beta", "raise"), extension("gamma", "ok")]
    )


def test_a_missing_keyword_is_a_type_error_naming_hook_and_argument(
    manager: HookManager,
) -> None:
    with pytest.raises(HookCallError) as info:
        manager.hook.set_node_volumes(volumes=[])  # type: ignore[call-arg]
    assert isinstance(info.value, TypeError)
    assert str(info.value) == (
        "hook 'set_node_volumes' called without argument(s) 'node'; "
        "it takes node, volumes (by keyword)"
    )
    with pytest.raises(HookCallError, match=r"without argument.s. 'node', 'volumes'"):
        manager.hook.set_node_volumes()  # type: ignore[call-arg]


@pytest.mark.parametrize("relay", ["hook", "subset", "collect"])
def test_an_unknown_keyword_is_a_type_error_naming_hook_and_argument(
    manager: HookManager, relay: str
) -> None:
    hooks = {
        "hook": manager.hook,
        "subset": manager.subset(["alpha"]),
        "collect": manager.with_policy("collect"),
    }[relay]
    with pytest.raises(TypeError) as info:
        hooks.on_node_update(node=1, nodes=2)  # type: ignore[call-arg]
    assert "on_node_update() got an unexpected keyword argument 'nodes'" in str(
        info.value
    )
    with pytest.raises(TypeError, match=r"on_node_update.*'nod'"):
        hooks.on_node_update(nod=1)  # type: ignore[call-arg]
    assert manager.get("alpha").obj.calls == []  # type: ignore[attr-defined]


def test_bad_call_messages_never_show_values(manager: HookManager) -> None:
    with pytest.raises(HookCallError) as info:
        manager.hook.on_cluster_create(cluster=Secret())  # type: ignore[call-arg]
    assert "hunter2" not in str(info.value) and "'data'" in str(info.value)
    with pytest.raises(TypeError) as unknown:
        manager.hook.on_cluster_create(cluster=Secret(), data={}, password=Secret())  # type: ignore[call-arg]
    assert "hunter2" not in str(unknown.value) and "'password'" in str(unknown.value)


def test_positional_arguments_are_refused(manager: HookManager) -> None:
    with pytest.raises(TypeError, match="on_node_update"):
        manager.hook.on_node_update(1)  # type: ignore[misc]


def test_every_relay_is_strict(manager: HookManager) -> None:
    for relay in (manager.subset(["alpha"]), manager.with_policy("collect")):
        with pytest.raises(HookCallError, match="'get_node_volumes'"):
            relay.get_node_volumes()  # type: ignore[call-arg]


# --- error attribution (policy "propagate") ------------------------------------

RAISING = """
@hookimpl
def on_node_update(self, node):
    raise RuntimeError("cannot update this node")  # the raising line
"""


def test_exception_keeps_type_and_traceback_and_names_its_extension(
    dists: DistFactory,
) -> None:
    dists.extension("vetoer", RAISING, dist="vetoer-dist")
    dists.extension("bystander", "@hookimpl\ndef on_node_update(self, node): pass\n")
    manager = load_extensions(namespace=dists.namespace)
    with pytest.raises(RuntimeError, match="cannot update this node") as info:
        manager.hook.on_node_update(node=Secret())
    assert notes(info.value) == [
        "raised by extension 'vetoer' (distribution 'vetoer-dist') "
        "in hook 'on_node_update'"
    ]
    innermost = traceback.extract_tb(info.value.__traceback__)[-1]
    assert innermost.name == "on_node_update"
    assert innermost.line is not None and "the raising line" in innermost.line
    shown = "".join(traceback.format_exception(info.value))
    assert "hunter2" not in shown
    assert "raised by extension 'vetoer'" in shown


def test_first_exception_stops_the_call(manager: HookManager) -> None:
    with pytest.raises(ValueError, match="beta refuses") as info:
        manager.hook.on_node_update(node=1)
    assert notes(info.value) == [
        "raised by extension 'beta' (no distribution) in hook 'on_node_update'"
    ]
    assert manager.get("alpha").obj.calls == [1]  # type: ignore[attr-defined]
    assert manager.get("gamma").obj.calls == []  # type: ignore[attr-defined]


def test_nested_hooks_each_add_their_note() -> None:
    class Outer(BaseExtension):
        name, version, description = "outer", "1.0", "fires another hook"
        manager: HookManager

        @hookimpl
        def on_cluster_delete(self, cluster: object) -> None:
            self.manager.hook.on_node_update(node=cluster)

    outer = Outer()
    manager = build_manager([outer, extension("inner", "raise")])
    outer.manager = manager
    with pytest.raises(ValueError) as info:
        manager.hook.on_cluster_delete(cluster=1)
    assert notes(info.value) == [
        "raised by extension 'inner' (no distribution) in hook 'on_node_update'",
        "raised by extension 'outer' (no distribution) in hook 'on_cluster_delete'",
    ]


def test_exception_reraised_by_a_wrapper_is_attributed_to_its_raiser() -> None:
    class Wrapper(BaseExtension):
        name, version, description = "wrapper", "1.0", "wraps"

        @hookimpl(wrapper=True)
        def on_node_update(self, node: object) -> Iterator[None]:
            return (yield)

    manager = build_manager([Wrapper(), extension("beta", "raise")])
    assert manager.hook.on_node_update.fast  # the generated wrapper chain
    with pytest.raises(ValueError) as info:
        manager.hook.on_node_update(node=1)
    assert notes(info.value) == [
        "raised by extension 'beta' (no distribution) in hook 'on_node_update'"
    ]


def test_exception_raised_by_a_wrapper_is_attributed_to_it() -> None:
    class Wrapper(BaseExtension):
        name, version, description = "wrapper", "1.0", "wraps"

        @hookimpl(wrapper=True)
        def on_node_update(self, node: object) -> Iterator[None]:
            yield
            raise LookupError("from the wrapper")

    manager = build_manager([Wrapper(), extension("alpha", "ok")])
    with pytest.raises(LookupError) as info:
        manager.hook.on_node_update(node=1)
    assert notes(info.value) == [
        "raised by extension 'wrapper' (no distribution) in hook 'on_node_update'"
    ]


# --- policy "collect" ----------------------------------------------------------


def test_collect_calls_everyone_then_raises_one_group(manager: HookManager) -> None:
    manager.register(extension("delta", "raise"))
    relay = manager.with_policy("collect")
    with pytest.raises(ExceptionGroup) as info:
        relay.on_node_update(node=1)
    group = info.value
    assert "'on_node_update'" in str(group)
    assert [str(e) for e in group.exceptions] == ["beta refuses", "delta refuses"]
    assert [notes(e) for e in group.exceptions] == [
        ["raised by extension 'beta' (no distribution) in hook 'on_node_update'"],
        ["raised by extension 'delta' (no distribution) in hook 'on_node_update'"],
    ]
    for name in ("alpha", "beta", "gamma", "delta"):
        assert manager.get(name).obj.calls == [1]  # type: ignore[attr-defined]


def test_collect_without_failures_returns_results() -> None:
    manager = build_manager([extension("alpha", "ok", answer=[{"a": 1}])])
    assert manager.with_policy("collect").on_node_update(node=1) == []
    assert manager.with_policy("collect").get_node_volumes(node=1) == [{"a": 1}]


def test_collect_does_not_hold_back_interrupts() -> None:
    manager = build_manager(
        [extension("alpha", "raise"), extension("beta", "interrupt")]
    )
    with pytest.raises(KeyboardInterrupt) as info:
        manager.with_policy("collect").on_node_update(node=1)
    assert notes(info.value) == [
        "raised by extension 'beta' (no distribution) in hook 'on_node_update'"
    ]


def test_collect_first_result_goes_on_past_failures_not_past_the_answer() -> None:
    manager = build_manager(
        [
            extension("a", "raise"),
            extension("b", "ok", answer=None),
            extension("c", "ok", answer=[{"c": 1}]),
            extension("d", "ok", answer=[{"d": 1}]),
        ]
    )
    relay = manager.with_policy("collect")
    with pytest.raises(ExceptionGroup) as info:
        relay.get_node_volumes(node=1)
    assert [notes(e)[0].split("'")[1] for e in info.value.exceptions] == ["a"]
    assert [manager.get(n).obj.calls for n in "abcd"] == [[1], [1], [1], []]  # type: ignore[attr-defined]
    assert manager.subset(["b", "c", "d"], policy="collect").get_node_volumes(
        node=1
    ) == [{"c": 1}]


def test_collect_with_a_wrapper_shows_the_group_to_the_wrapper() -> None:
    seen: list[BaseException] = []

    class Wrapper(BaseExtension):
        name, version, description = "wrapper", "1.0", "wraps"

        @hookimpl(wrapper=True)
        def on_node_update(self, node: object) -> Iterator[None]:
            try:
                return (yield)
            except BaseException as exc:
                seen.append(exc)
                raise

    manager = build_manager(
        [
            Wrapper(),
            extension("a", "raise"),
            extension("b", "ok"),
            extension("c", "raise"),
        ]
    )
    with pytest.raises(ExceptionGroup) as info:
        manager.with_policy("collect").on_node_update(node=1)
    assert seen == [info.value]
    assert [notes(e) for e in info.value.exceptions] == [
        ["raised by extension 'a' (no distribution) in hook 'on_node_update'"],
        ["raised by extension 'c' (no distribution) in hook 'on_node_update'"],
    ]
    assert notes(info.value) == []
    for name in "abc":
        assert manager.get(name).obj.calls == [1]  # type: ignore[attr-defined]


def test_collect_under_monitoring_goes_through_pluggy(manager: HookManager) -> None:
    calls: list[str] = []
    manager.plugin_manager.add_hookcall_monitoring(
        lambda name, impls, kwargs: calls.append(name), lambda *args: None
    )
    with pytest.raises(ExceptionGroup) as info:
        manager.with_policy("collect").on_node_update(node=1)
    assert calls == ["on_node_update"]
    assert len(info.value.exceptions) == 1
    assert manager.get("gamma").obj.calls == [1]  # type: ignore[attr-defined]


def test_set_policy_is_a_hooks_default_in_every_relay(manager: HookManager) -> None:
    subset = manager.subset(["beta", "gamma"])
    assert manager.get_policy("on_node_update") == "propagate"
    manager.set_policy("on_node_update", "collect")
    assert manager.get_policy("on_node_update") == "collect"
    assert manager.hook.on_node_update.policy == "collect"
    assert manager.hook.get_node_volumes.policy == "propagate"
    with pytest.raises(ExceptionGroup):
        manager.hook.on_node_update(node=1)
    assert manager.get("gamma").obj.calls == [1]  # type: ignore[attr-defined]
    assert manager.subset(["beta", "gamma"]) is subset
    with pytest.raises(ExceptionGroup):
        subset.on_node_update(node=2)
    assert manager.subset(["gamma"]).on_node_update.policy == "collect"
    assert manager.with_policy("propagate").on_node_update.policy == "propagate"
    manager.set_policy("on_node_update", "propagate")
    with pytest.raises(ValueError):
        subset.on_node_update(node=3)


def test_policy_names_and_hook_names_are_checked(manager: HookManager) -> None:
    with pytest.raises(PolicyError, match=r"'ignore'.*'propagate', 'collect'"):
        manager.with_policy("ignore")  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match="did you mean 'on_node_update'"):
        manager.set_policy("on_node_updat", "collect")
    with pytest.raises(PolicyError):
        manager.set_policy("on_node_update", "Collect")  # type: ignore[arg-type]
    with pytest.raises(PolicyError):
        manager.subset(["alpha"], policy="all")  # type: ignore[arg-type]


# --- snapshots and rebuilds ----------------------------------------------------


def test_relays_are_cached_and_rebuilt_on_register_and_unregister() -> None:
    manager = build_manager([extension("alpha", "ok")])
    hook, subset, collect = (
        manager.hook,
        manager.subset(["alpha", "beta"]),
        manager.with_policy("collect"),
    )
    manager.register(extension("beta", "ok"))
    assert manager.hook is hook
    assert manager.subset(["beta", "alpha"]) is subset
    assert manager.with_policy("collect") is collect
    for relay in (hook, subset, collect):
        assert relay.on_node_update.extension_names == ("alpha", "beta")
    manager.unregister("alpha")
    for relay in (hook, subset, collect):
        assert relay.on_node_update.extension_names == ("beta",)
    assert manager.subset(["alpha"]).on_node_update.extension_names == ()


def test_only_a_relay_missing_extensions_answers_unknown_names() -> None:
    """Its ``__getattr__`` comes and goes with the missing extensions: a
    class with one makes every ``relay.<event>`` lookup slower."""
    manager = build_manager([extension("alpha", "ok"), extension("beta", "ok")])
    relay = manager.subset(["alpha", "beta"], required=True)
    assert not hasattr(type(relay), "__getattr__")
    with pytest.raises(AttributeError):
        relay.no_such_call  # noqa: B018
    record = manager.unregister("beta")
    with pytest.raises(ExtensionNotFoundError, match="'beta' was unregistered"):
        relay.no_such_call  # noqa: B018
    with pytest.raises(AttributeError):
        relay._private  # noqa: B018
    manager.register(record.obj)
    assert not hasattr(type(relay), "__getattr__")
    assert isinstance(relay, HookRelay)
    with pytest.raises(AttributeError):
        relay.no_such_call  # noqa: B018
    assert relay.on_node_update(node=1) == []


def test_distribution_notes_follow_rebuilds(dists: DistFactory) -> None:
    dists.extension("vetoer", RAISING, dist="vetoer-dist")
    manager = load_extensions(namespace=dists.namespace)
    manager.register(extension("late", "ok"))
    with pytest.raises(RuntimeError) as info:
        manager.subset(["vetoer"]).on_node_update(node=1)
    assert "(distribution 'vetoer-dist')" in notes(info.value)[0]


def test_every_call_sees_the_old_set_or_the_new_one() -> None:
    def named(name: str) -> BaseExtension:
        class Named(BaseExtension):
            version, description = "1.0", "answers with its name"

            @hookimpl
            def on_node_update(self, node):  # type: ignore[no-untyped-def]
                return self.name  # unannotated: notifications return None

        Named.name = name
        return Named()

    manager = build_manager([named("a"), named("b")])
    allowed = {("a", "b"), ("a", "b", "c")}
    seen: set[tuple[str, ...]] = set()
    stop = threading.Event()
    errors: list[BaseException] = []

    def call() -> None:
        try:
            while not stop.is_set():
                seen.add(tuple(manager.hook.on_node_update(node=1)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(100):
            manager.register(named("c"))
            manager.unregister("c")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors
    assert seen <= allowed and seen


def test_relay_lists_its_callers_in_declaration_order(manager: HookManager) -> None:
    names = [hook.name for hook in manager.hook]
    assert names[:2] == ["on_node_create", "on_node_update"]
    assert len(names) == 24
    assert "on_node_update" in repr(manager.hook)
    assert manager.hook.on_node_update.__name__ == "on_node_update"
    assert manager.hook.on_node_update.__doc__
    assert manager.hook.on_node_create.extension_names == ()
    assert manager.hook.on_node_create(node=1) == []
    assert manager.hook.get_node_volumes.spec.firstresult


def test_callers_are_built_at_their_first_call_and_swapped_in() -> None:
    manager = build_manager([extension("alpha", "ok")])
    stand_in = manager.hook.on_node_update
    assert stand_in.extension_names == ("alpha",)
    assert stand_in.mode == "direct"
    assert manager.hook.on_node_update is stand_in  # nothing built yet
    assert stand_in(node=1) == []
    built = manager.hook.on_node_update
    assert built is not stand_in
    assert built.__code__.co_filename.startswith("<nailgun-hooks caller")
    assert built.extension_names == ("alpha",)
    assert built(node=2) == [] and manager.hook.on_node_update is built
    assert manager.get("alpha").obj.calls == [1, 2]  # type: ignore[attr-defined]


def test_a_kept_stand_in_builds_its_caller_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A host may keep ``manager.hook.on_node_update`` before its first
    call: every later call goes to the caller built at the first."""
    builds: list[str] = []
    real = fastpath.build_caller

    def counting(spec: Any, *args: Any, **kwargs: Any) -> Any:
        builds.append(spec.name)
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(fastpath, "build_caller", counting)
    manager = build_manager([extension("alpha", "ok")])
    kept = manager.hook.on_node_update
    for node in range(3):
        assert kept(node=node) == []
    assert builds == ["on_node_update"]
    assert manager.hook.on_node_update(node=3) == []
    assert builds == ["on_node_update"]
    assert manager.get("alpha").obj.calls == [0, 1, 2, 3]  # type: ignore[attr-defined]


def test_a_stand_in_from_before_a_change_calls_the_old_set_only() -> None:
    manager = build_manager([extension("alpha", "ok")])
    old = manager.hook.on_node_update
    manager.register(extension("beta", "ok"))
    new = manager.hook.on_node_update
    assert old(node=1) == []
    assert manager.hook.on_node_update is new  # the old one did not come back
    assert manager.get("alpha").obj.calls == [1]  # type: ignore[attr-defined]
    assert manager.get("beta").obj.calls == []  # type: ignore[attr-defined]
    new(node=2)
    assert manager.get("beta").obj.calls == [2]  # type: ignore[attr-defined]


@pytest.mark.parametrize("names", ["beta", b"beta", None, 42, iter(["beta"])])
def test_a_subset_refuses_what_is_not_a_list_of_names(
    manager: HookManager, names: object
) -> None:
    """A string would be read as its letters: nobody called, nothing said."""
    with pytest.raises(TypeError, match="list or set of extension names"):
        manager.subset(names)  # type: ignore[arg-type]


def test_a_subset_names_extensions_without_regard_to_case(
    manager: HookManager,
) -> None:
    assert manager.subset(["BETA", "Gamma"]) is manager.subset({"beta", "gamma"})
    assert manager.subset(["BETA"]).on_node_update.extension_names == ("beta",)


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
