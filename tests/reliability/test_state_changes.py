"""Every change of a manager's state is all or nothing.

``register``, ``unregister`` and ``set_policy`` build the new state (a new
pluggy manager, every relay's callers) completely before publishing any of
it. Whatever fails on the way, an extension pluggy refuses although
validation accepted it, pluggy's registration failing half-way, a relay
failing to rebuild, leaves the manager exactly as it was: the same names,
the same plugin manager, and every relay, old or new, still reaching every
loaded extension. The threaded side of the same rules is in
``test_concurrency.py``.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

import pytest

from nailgun_hooks import (
    ExtensionNotFoundError,
    ExtensionValidationError,
    HookManager,
    load_extensions,
)
from nailgun_hooks.calls import relay as relay_module
from nailgun_hooks.calls.relay import HookRelay
from nailgun_hooks.startup import refusals
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.testing import NailgunObjects
from tests.support.dists import DistFactory

RECORDING = """
@hookimpl
def on_node_update(self, node):
    node.append(self.name)

@hookimpl
def on_before_deployment_check(self, cluster, nodes):
    nodes.append(self.name)

@hookimpl
def get_node_volumes(self, node):
    return self.name
"""

HOSTILE = '''
import inspect
from nailgun_hooks import BaseExtension, hookimpl


def _update(self, nodee):
    """pluggy reads the code's names; __signature__ tells validation others."""

_update.__signature__ = inspect.signature(lambda self, node: None)


class LyingSignature(BaseExtension):
    name = "lying-signature"
    version = "1.0"
    description = "its handler's __signature__ disagrees with its code"
    on_node_update = hookimpl(_update)


class EqualToAll(BaseExtension):
    name = "equal-to-all"
    version = "1.0"
    description = "says it equals every object"

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__

    @hookimpl
    def on_node_update(self, node):
        node.append(self.name)


class RaisingEq(EqualToAll):
    name = "raising-eq"
    description = "raises when compared"

    def __eq__(self, other):
        raise RuntimeError("no comparisons here")

    __hash__ = object.__hash__


class EqualToExtensions(EqualToAll):
    name = "equal-to-extensions"
    description = "says it equals every extension, and nothing else"

    def __eq__(self, other):
        return isinstance(other, BaseExtension)

    __hash__ = object.__hash__


class Healthy(BaseExtension):
    name = "healthy"
    version = "1.0"
    description = "fine"

    @hookimpl
    def on_node_update(self, node):
        node.append(self.name)
'''


@pytest.fixture
def manager(dists: DistFactory) -> HookManager:
    for name in ("alfa", "bravo"):
        dists.extension(name, RECORDING)
    return load_extensions(namespace=dists.namespace)


@pytest.fixture
def hostile(dists: DistFactory) -> Any:
    module = dists.unique("hostile_state")
    dists.install("hostile-state-dist", entry_points={}, modules={module: HOSTILE})
    return importlib.import_module(module)


def reached(relay: Any) -> list[str]:
    seen: list[str] = []
    relay.on_node_update(node=seen)
    return seen


def assert_intact(manager: HookManager, pm: object, relays: list[Any]) -> None:
    """The manager is as ``alfa`` and ``bravo`` were loaded, through its old
    relays and through relays made now."""
    assert manager.names() == ("alfa", "bravo")
    assert manager.plugin_manager is pm
    assert sorted(n for n, _ in manager.plugin_manager.list_name_plugin()) == [
        "alfa",
        "bravo",
    ]
    fresh = [
        manager.hook,
        manager.subset(["bravo", "alfa", "zulu"]),
        manager.subset(["alfa", "bravo"], required=True),
        manager.with_policy("collect"),
    ]
    for relay in [*relays, *fresh]:
        assert reached(relay) == ["alfa", "bravo"]


def relays_of(manager: HookManager) -> list[Any]:
    return [
        manager.hook,
        manager.subset(["alfa", "bravo"]),
        manager.subset(["alfa", "bravo"], required=True),
        manager.with_policy("collect"),
    ]


@pytest.mark.parametrize(
    ("cls", "code", "message"),
    [
        ("LyingSignature", None, None),  # pluggy's refusal, or validation's
        (
            "EqualToAll",
            "claims-equality",
            "its __eq__ says it equals another object, so pluggy would take "
            "it for another extension",
        ),
        (
            "RaisingEq",
            "claims-equality",
            "its __eq__ raised RuntimeError when compared with another object",
        ),
        (
            "EqualToExtensions",
            "claims-equality",
            "its __eq__ says it equals extension 'alfa', so pluggy would take "
            "it for another extension",
        ),
    ],
)
def test_register_refused_by_pluggy_raises_our_error_and_changes_nothing(
    manager: HookManager,
    hostile: Any,
    cls: str,
    code: str | None,
    message: str | None,
) -> None:
    pm, relays = manager.plugin_manager, relays_of(manager)
    with pytest.raises(ExtensionValidationError) as caught:
        manager.register(getattr(hostile, cls)())
    problems = caught.value.problems
    extension = getattr(hostile, cls).name
    assert [p.extension for p in problems] == [extension]
    if code is not None:
        assert [(p.code, p.message) for p in problems] == [(code, message)]
    assert_intact(manager, pm, relays)


def test_pluggy_failing_half_way_leaves_nothing_half_registered(
    manager: HookManager, hostile: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal after some extensions went in undoes them: the new manager
    is thrown away whole and the old one stays in use."""
    real = NailgunPluginManager.register_checked
    calls = 0

    def fail_second(self: NailgunPluginManager, record: Any) -> str | None:
        nonlocal calls
        calls += 1
        if calls == 2:  # after the first extension went in
            raise RuntimeError("a hook-spec history call raised")
        return real(self, record)

    monkeypatch.setattr(NailgunPluginManager, "register_checked", fail_second)
    manager.register(hostile.Healthy())
    assert manager.names() == ("alfa", "bravo", "healthy")
    impls = manager.plugin_manager.hook.on_node_update.get_hookimpls()
    assert [impl.plugin_name for impl in impls] == ["healthy", "bravo", "alfa"]
    assert reached(manager.hook) == ["alfa", "bravo", "healthy"]


@pytest.mark.parametrize(
    "change", ["register", "unregister", "set_policy", "set_tracing"]
)
def test_a_relay_failing_to_rebuild_changes_nothing(
    manager: HookManager,
    hostile: Any,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    pm, relays = manager.plugin_manager, relays_of(manager)
    real = HookRelay.prepare
    calls = 0

    def fail_on_the_third(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("rebuilding a relay failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(HookRelay, "prepare", staticmethod(fail_on_the_third))
    with pytest.raises(RuntimeError, match="rebuilding a relay failed"):
        if change == "register":
            manager.register(hostile.Healthy())
        elif change == "unregister":
            manager.unregister("bravo")
        elif change == "set_policy":
            manager.set_policy("on_node_update", "collect")
        else:
            manager.set_tracing(not manager.tracing)
    monkeypatch.undo()
    assert manager.get_policy("on_node_update") == "propagate"
    assert not manager.tracing
    assert not any(hook.traced for relay in relays for hook in relay)
    assert all(
        relay.on_node_update.policy == "propagate"  # type: ignore[attr-defined]
        for relay in relays[:3]
    )
    assert_intact(manager, pm, relays)


def test_unregister_refused_for_the_rest_changes_nothing(
    manager: HookManager, hostile: Any
) -> None:
    """An object that turns hostile after it was registered cannot make an
    unregister half-happen; the hostile one itself can still be removed."""
    manager.register(hostile.Healthy())
    healthy = manager.get("healthy").obj
    pm = manager.plugin_manager
    type(healthy).__eq__ = lambda self, other: True
    try:
        with pytest.raises(ExtensionValidationError) as caught:
            manager.unregister("bravo")
        assert [p.extension for p in caught.value.problems] == ["healthy"]
        assert manager.names() == ("alfa", "bravo", "healthy")
        assert manager.plugin_manager is pm
        assert reached(manager.hook) == ["alfa", "bravo", "healthy"]
        manager.unregister("healthy")
        assert reached(manager.hook) == ["alfa", "bravo"]
    finally:
        del type(healthy).__eq__


def test_register_and_unregister_replace_the_plugin_manager_consistently(
    manager: HookManager, hostile: Any
) -> None:
    before = manager.plugin_manager
    manager.register(hostile.Healthy())
    after = manager.plugin_manager
    assert after is not before
    names = [name for name, _ in after.list_name_plugin()]
    assert sorted(names) == sorted(manager.names())
    seen: list[str] = []
    after.hook.on_node_update(node=seen)  # pluggy's own caller agrees
    assert seen == list(manager.names())
    # the old one is left as it was, for whoever still holds it
    assert sorted(n for n, _ in before.list_name_plugin()) == ["alfa", "bravo"]


def test_tracing_and_monitoring_carry_over_to_the_new_plugin_manager(
    manager: HookManager, hostile: Any
) -> None:
    lines: list[str] = []
    manager.plugin_manager.trace.root.setwriter(lines.append)
    undo_tracing = manager.plugin_manager.enable_tracing()
    monitored: list[str] = []
    undo_monitoring = manager.plugin_manager.add_hookcall_monitoring(
        lambda name, impls, kwargs: monitored.append(name),
        lambda outcome, name, impls, kwargs: None,
    )
    manager.register(hostile.Healthy())
    assert manager.hook.on_node_update.mode == "pluggy"  # type: ignore[attr-defined]
    lines.clear()
    assert reached(manager.hook) == ["alfa", "bravo", "healthy"]
    assert any("on_node_update" in line for line in lines)
    assert monitored == ["on_node_update"]

    for _ in range(3):  # the monitors forget the managers left behind
        manager.unregister("healthy")
        manager.register(hostile.Healthy())
    carried = undo_tracing.__self__.undos  # type: ignore[attr-defined]
    assert [pm for pm, _ in carried] == [manager.plugin_manager]

    undo_monitoring()
    undo_tracing()
    assert manager.hook.on_node_update.mode == "direct"  # type: ignore[attr-defined]
    lines.clear()
    assert reached(manager.hook) == ["alfa", "bravo", "healthy"]
    assert monitored == ["on_node_update"]
    assert not any("on_node_update" in line for line in lines)
    # switched on again on the new one, the relays follow it
    undo = manager.plugin_manager.enable_tracing()
    assert manager.hook.on_node_update.mode == "pluggy"  # type: ignore[attr-defined]
    undo()


def test_a_stale_cluster_relay_raises_instead_of_skipping(
    manager: HookManager, nailgun_objects: NailgunObjects
) -> None:
    cluster = nailgun_objects.cluster(extensions=["alfa", "bravo"])
    relay = manager.for_cluster(cluster)
    record = manager.unregister("bravo")
    with pytest.raises(ExtensionNotFoundError, match="'bravo' was unregistered"):
        relay.on_before_deployment_check(cluster=cluster, nodes=[])
    with pytest.raises(ExtensionNotFoundError, match="'bravo' was unregistered"):
        manager.for_cluster(cluster)
    # a plain subset is documented to call whoever of its names is loaded
    assert reached(manager.subset(["alfa", "bravo"])) == ["alfa"]
    manager.register(record.obj)
    seen: list[str] = []
    relay.on_before_deployment_check(cluster=cluster, nodes=seen)
    assert seen == ["alfa", "bravo"]


def test_node_calls_never_fall_through_to_the_cluster_for_a_missing_own_extension(
    manager: HookManager, nailgun_objects: NailgunObjects
) -> None:
    cluster = nailgun_objects.cluster(extensions=["alfa"])
    node = nailgun_objects.node(cluster=cluster, extensions=["bravo"])
    calls = manager.for_node(node)
    assert calls.get_node_volumes() == "bravo"  # type: ignore[comparison-overlap]
    stale = manager.subset(["bravo"], required=True)
    manager.unregister("bravo")
    with pytest.raises(ExtensionNotFoundError, match="'bravo' was unregistered"):
        calls.get_node_volumes()
    with pytest.raises(ExtensionNotFoundError, match="'bravo' was unregistered"):
        stale.get_node_volumes(node=node)


def test_every_relay_learns_of_tracing_even_when_another_watcher_fails(
    manager: HookManager, caplog: pytest.LogCaptureFixture
) -> None:
    """A watcher failing to rebuild is logged; it neither stops the others
    from learning of the tracing nor escapes from pluggy's switch half-way
    (which would lose the function that undoes it)."""

    class Broken:
        def hookexec_replaced(self) -> None:
            raise RuntimeError("cannot rebuild")

    relays = [manager.subset([f"name-{index}", "alfa"]) for index in range(20)]
    broken = Broken()  # watched weakly: kept alive here
    manager.plugin_manager.watch_hookexec(broken)
    with caplog.at_level(logging.ERROR, logger="nailgun_hooks"):
        undo = manager.plugin_manager.add_hookcall_monitoring(
            lambda *args: None, lambda *args: None
        )
    assert "Broken failed to rebuild its callers" in caplog.text
    for relay in [manager.hook, *relays]:
        assert relay.on_node_update.mode == "pluggy"  # type: ignore[attr-defined]
    undo()
    for relay in [manager.hook, *relays]:
        assert relay.on_node_update.mode == "direct"  # type: ignore[attr-defined]


def test_tracing_switched_on_in_a_kept_plugin_manager_traces_the_new_one(
    manager: HookManager, hostile: Any
) -> None:
    kept = manager.plugin_manager
    manager.register(hostile.Healthy())
    manager.unregister("healthy")
    lines: list[str] = []
    kept.trace.root.setwriter(lines.append)
    undo = kept.enable_tracing()
    assert manager.hook.on_node_update.mode == "pluggy"  # type: ignore[attr-defined]
    assert reached(manager.hook) == ["alfa", "bravo"]
    assert any("on_node_update" in line for line in lines)
    undo()
    assert manager.hook.on_node_update.mode == "direct"  # type: ignore[attr-defined]
    lines.clear()
    reached(manager.hook)
    assert lines == []


def test_a_failed_change_does_not_forward_tracing_to_the_manager_it_built(
    manager: HookManager, hostile: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = manager.plugin_manager
    monkeypatch.setattr(HookRelay, "prepare", staticmethod(lambda *a, **k: 1 / 0))
    with pytest.raises(ZeroDivisionError):
        manager.register(hostile.Healthy())
    monkeypatch.undo()
    undo = current.enable_tracing()
    assert manager.plugin_manager is current
    assert manager.hook.on_node_update.mode == "pluggy"  # type: ignore[attr-defined]
    undo()
    assert current._successor is None  # type: ignore[attr-defined]


def test_registration_failing_every_time_is_a_problem_per_extension(
    dists: DistFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last resort of startup's registration: pluggy accepts each
    extension alone and in turn, yet registering them together keeps
    failing. Every one is then rejected with a problem naming it; nothing
    half-registered is used."""
    for name in ("alfa", "bravo"):
        dists.extension(name, RECORDING)

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("refused together")

    monkeypatch.setattr(refusals, "register_in_order", refuse)
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ()
    assert [(p.code, p.extension) for p in manager.problems] == [
        ("registration-failed", "alfa"),
        ("registration-failed", "bravo"),
    ]
    assert manager.plugin_manager.list_name_plugin() == []
    with pytest.raises(ExtensionValidationError) as caught:
        load_extensions(namespace=dists.namespace)
    assert {p.extension for p in caught.value.problems} == {"alfa", "bravo"}


def test_a_relay_being_built_when_tracing_is_switched_on_follows_it(
    manager: HookManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another thread switches tracing on while a new relay builds its
    callers: the relay already watches the plugin manager, so it is rebuilt
    once its build is over, and no caller of it skips the tracing."""
    pm = manager.plugin_manager
    pm.trace.root.setwriter(lambda message: None)
    switched: list[threading.Thread] = []
    real = relay_module.lazy_caller

    def switching_midway(*args: Any, **kwargs: Any) -> Any:
        caller = real(*args, **kwargs)
        if not switched:  # after the first caller, before the others
            thread = threading.Thread(target=pm.enable_tracing)
            switched.append(thread)
            thread.start()
            thread.join(0.2)  # it waits for the build when the relay watches
        return caller

    monkeypatch.setattr(relay_module, "lazy_caller", switching_midway)
    relay = manager.subset(["alfa"])
    switched[0].join()
    modes = {hook.mode for hook in relay}  # type: ignore[attr-defined]
    assert modes == {"pluggy"}
