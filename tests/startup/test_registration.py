"""``register_in_order`` leaves pluggy's manager as pluggy's own registering does.

``register_in_order`` registers what the checks found on each extension
(:mod:`nailgun_hooks.startup.registration`). The reference here is
pluggy's own ``PluginManager.register``, called for each extension in reverse
(so that ties in pluggy's insertion order are pluggy's), followed by the sort
into the documented ``HookCaller._hookimpls`` layout. Both must give the same
implementations, in the same order, under the same names, and behave the
same afterwards (calls, ``unregister``, ``get_hookcallers``).

Also here: pluggy's refusals, raised before its ``register`` runs, in our
words (the names registered, never an object's ``repr()``), and the
registration order and call layout, which hold whichever pluggy internals
are in reach (see ``nailgun_hooks._pluggy_internals``).
"""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from typing import Any

import pluggy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nailgun_hooks import BaseExtension, _pluggy_internals, build_manager, hookimpl
from nailgun_hooks.legacy import BasePipeline
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import ExtensionRecord
from nailgun_hooks.startup.registration import (
    call_layout,
    refuse_duplicate,
    register_in_order,
    registration_order,
)

HOOKS: dict[str, tuple[str, ...]] = {
    "on_node_update": ("node",),
    "on_cluster_delete": ("cluster",),
    "get_node_volumes": ("node",),  # first-result
    "process_deployment_for_node": ("node", "node_data"),  # a pipeline event
}


KINDS = ("plain", "wrapper", "hookwrapper")


def _function(name: str, args: Sequence[str], kind: str, tag: str, *, self: bool):
    """A function named ``name`` taking ``args`` that answers ``tag``."""
    params = ", ".join((["self"] if self else []) + list(args))
    if kind == "plain":
        body = "    return TAG\n"
    elif kind == "wrapper":
        body = "    result = yield\n    return result\n"
    else:
        body = "    yield\n"
    namespace: dict[str, Any] = {"TAG": tag}
    exec(f"def {name}({params}):\n{body}", namespace)
    function: Callable[..., Any] = namespace[name]
    return function


# One implementation: hook, attribute name (None: the hook's own name, else
# an alias registered through specname), kind, tryfirst, trylast.
Impl = tuple[str, str | None, str, bool, bool]


impl_strategy = st.tuples(
    st.sampled_from(sorted(HOOKS)),
    st.sampled_from([None, "alias_a", "alias_b"]),
    st.sampled_from(KINDS),
    st.booleans(),
    st.booleans(),
)


def _marked(name: str, impls: Sequence[Impl], shape: str) -> object:
    """A new-style extension: an instance of a BaseExtension subclass, or a
    module of marked functions."""
    namespace: dict[str, Any] = {}
    for hook, alias, kind, tryfirst, trylast in impls:
        attribute = alias or hook
        if attribute in namespace:
            continue
        function = _function(
            attribute,
            HOOKS[hook],
            kind,
            f"{name}.{attribute}",
            self=shape == "instance",
        )
        namespace[attribute] = hookimpl(
            function,
            tryfirst=tryfirst,
            trylast=trylast,
            wrapper=kind == "wrapper",
            hookwrapper=kind == "hookwrapper",
            specname=hook if alias else None,
        )
    if shape == "module":
        module = types.ModuleType(f"plugin_{name}")
        vars(module).update(namespace)
        return module
    cls = type(f"Ext_{name}", (BaseExtension,), {"name": name, **namespace})
    return cls()


def _legacy(name: str, hooks: Sequence[str], provides: bool, pipeline: bool) -> object:
    """An old-style extension: unmarked classmethods named like events,
    ``provides`` for the first-result one, maybe a data pipeline."""
    namespace: dict[str, Any] = {"name": name}
    for hook in hooks:
        if hook == "process_deployment_for_node" and pipeline:
            continue  # run by BaseExtension's pipeline runner instead
        namespace[hook] = classmethod(
            _function(
                hook, ["cls", *HOOKS[hook]], "plain", f"{name}.{hook}", self=False
            )
        )
    if provides:
        namespace["provides"] = ["get_node_volumes"]
    if pipeline:
        step = _function(
            "process_deployment_for_node",
            ["cls", "node", "node_data"],
            "plain",
            f"{name}.pipeline",
            self=False,
        )
        namespace["data_pipelines"] = [
            type(
                f"Pipeline_{name}",
                (BasePipeline,),
                {"process_deployment_for_node": classmethod(step)},
            )
        ]
    return type(f"Legacy_{name}", (BaseExtension,), namespace)()


@st.composite
def extension_sets(draw: st.DrawFn) -> list[ExtensionRecord]:
    count = draw(st.integers(1, 6))
    records = []
    for index in range(count):
        name = f"ext{index}"
        if draw(st.booleans()):
            impls = draw(st.lists(impl_strategy, min_size=1, max_size=5))
            shape = draw(st.sampled_from(["instance", "module"]))
            obj = _marked(name, impls, shape)
        else:
            hooks = draw(st.lists(st.sampled_from(sorted(HOOKS)), unique=True))
            obj = _legacy(name, hooks, draw(st.booleans()), draw(st.booleans()))
        records.append(ExtensionRecord(name, "1.0", "d", obj))
    order = draw(st.permutations(records))
    return list(order)


def _foreign() -> object:
    """A plugin registered before ours, outside our order."""
    return _marked(
        "foreign", [("on_node_update", None, "plain", False, True)], "module"
    )


def reference(
    extensions: Sequence[ExtensionRecord], *, foreign: object | None = None
) -> NailgunPluginManager:
    """pluggy's own register, one by one in reverse, then the layout sort."""
    pm = NailgunPluginManager()
    if foreign is not None:
        pluggy.PluginManager.register(pm, foreign, name="foreign")
    for record in reversed(extensions):
        pluggy.PluginManager.register(pm, record.obj, name=record.name)
    position = {record.name: index for index, record in enumerate(extensions)}

    def layout(impl: pluggy.HookImpl) -> tuple[bool, int, int]:
        tier = 0 if impl.trylast else 2 if impl.tryfirst else 1
        wrapper = bool(impl.wrapper or impl.hookwrapper)
        return (wrapper, tier, -position.get(impl.plugin_name, -1))

    for caller in vars(pm.hook).values():
        if isinstance(caller, pluggy.HookCaller):
            caller._hookimpls.sort(key=layout)
    return pm


def ours(
    extensions: Sequence[ExtensionRecord], *, foreign: object | None = None
) -> NailgunPluginManager:
    pm = NailgunPluginManager()
    if foreign is not None:
        pm.register(foreign, name="foreign")
    register_in_order(pm, tuple(extensions))
    return pm


def state(pm: pluggy.PluginManager) -> dict[str, Any]:
    """Everything pluggy's public API (and our relay) can see."""
    hooks = {}
    for name, caller in vars(pm.hook).items():
        if not isinstance(caller, pluggy.HookCaller):
            continue
        hooks[name] = [
            (
                impl.plugin_name,
                id(impl.plugin),
                impl.function,
                dict(impl.opts),
                impl.argnames,
                impl.kwargnames,
                impl.wrapper,
                impl.hookwrapper,
                impl.tryfirst,
                impl.trylast,
                impl.optionalhook,
            )
            for impl in caller.get_hookimpls()
        ]
    return {
        "hooks": hooks,
        "names": [(name, id(plugin)) for name, plugin in pm.list_name_plugin()],
        "plugins": {id(plugin) for plugin in pm.get_plugins()},
        "callers": {
            name: sorted(caller.name for caller in pm.get_hookcallers(plugin) or [])
            for name, plugin in pm.list_name_plugin()
        },
    }


def calls(pm: pluggy.PluginManager) -> dict[str, Any]:
    """What each hook answers: the implementations called, in order."""
    return {
        "on_node_update": pm.hook.on_node_update(node="n"),
        "on_cluster_delete": pm.hook.on_cluster_delete(cluster="c"),
        "get_node_volumes": pm.hook.get_node_volumes(node="n"),
    }


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.skipif(
    not _pluggy_internals.REORDER,
    reason="pluggy's lists cannot be sorted with its public API alone: the "
    "registration order decides them, and some layouts have no such order "
    "(test_registration_order_gives_the_call_order_in_every_tier, "
    "test_contradicting_requests_fall_back_to_reverse_order)",
)
@SETTINGS
@given(extension_sets(), st.booleans(), st.data())
def test_register_in_order_equals_pluggy_register(
    extensions: list[ExtensionRecord], with_foreign: bool, data: st.DataObject
) -> None:
    foreign = _foreign() if with_foreign else None
    expected = reference(extensions, foreign=foreign)
    actual = ours(extensions, foreign=foreign)
    assert state(actual) == state(expected)
    assert calls(actual) == calls(expected)
    gone = data.draw(st.sampled_from([r.name for r in extensions]))
    assert actual.unregister(name=gone) is expected.unregister(name=gone)
    assert state(actual) == state(expected)
    assert calls(actual) == calls(expected)


@SETTINGS
@given(extension_sets())
def test_loading_path_equals_pluggy_register(
    extensions: list[ExtensionRecord],
) -> None:
    """Through validation, whose findings registration reuses: the sound
    extensions are registered as pluggy would register them."""
    manager = build_manager([r.obj for r in extensions], strict=False)
    expected = reference(manager.extensions)
    assert state(manager.plugin_manager) == state(expected)
    assert calls(manager.plugin_manager) == calls(expected)


def test_a_refused_set_changes_nothing() -> None:
    """pluggy checks every implementation before changing anything; so do we,
    for the whole set: a refusal leaves the manager as it was."""
    good = _marked("good", [("on_node_update", None, "plain", False, False)], "module")
    bad = types.ModuleType("bad")
    bad.on_node_update = hookimpl(lambda nod: None)  # type: ignore[attr-defined]
    pm = NailgunPluginManager()
    before = state(pm)
    records = (
        ExtensionRecord("good", "1.0", "d", good),
        ExtensionRecord("bad", "1.0", "d", bad),
    )
    with pytest.raises(pluggy.PluginValidationError, match="nod"):
        register_in_order(pm, records)
    assert state(pm) == before
    with pytest.raises(pluggy.PluginValidationError, match="nod"):
        reference(records)


@pytest.mark.parametrize("twice", ["name", "object"])
def test_duplicates_are_refused_as_pluggy_refuses_them(twice: str) -> None:
    one = _marked("one", [("on_node_update", None, "plain", False, False)], "module")
    other = one if twice == "object" else _foreign()
    name = "one" if twice == "name" else "two"
    records = (
        ExtensionRecord("one", "1.0", "d", one),
        ExtensionRecord(name, "1.0", "d", other),
    )
    with pytest.raises(ValueError) as expected:
        reference(records)
    pm = NailgunPluginManager()
    with pytest.raises(ValueError) as actual:
        register_in_order(pm, records)
    # pluggy's wording up to the object, which ours names by type, not repr()
    ours, theirs = str(actual.value), str(expected.value)
    assert ours.split("=")[0] == theirs.split("=")[0]
    assert "<" not in ours
    assert pm.list_name_plugin() == []


def test_a_registration_order_offers_every_extension_even_twice_named() -> None:
    """pluggy's refusal of the second extension under a name depends on its
    being offered: the computed order loses no record."""
    module = _marked("one", [("on_node_update", None, "plain", False, False)], "module")
    records = [
        ExtensionRecord("one", "1.0", "d", module),
        ExtensionRecord("two", "1.0", "d", _foreign()),
        ExtensionRecord("one", "1.0", "d", _foreign()),
    ]
    order = registration_order(NailgunPluginManager(), records)
    assert [id(record) for record in order] == [id(r) for r in reversed(records)]


def test_a_blocked_name_is_skipped_as_pluggy_skips_it() -> None:
    extensions = [
        ExtensionRecord(
            name,
            "1.0",
            "d",
            _marked(name, [("on_node_update", None, "plain", False, False)], "module"),
        )
        for name in ("a", "b", "c")
    ]
    pm, expected = NailgunPluginManager(), NailgunPluginManager()
    for manager in (pm, expected):
        manager.set_blocked("b")
    register_in_order(pm, tuple(extensions))
    for record in reversed(extensions):
        pluggy.PluginManager.register(expected, record.obj, record.name)
    assert pm.list_name_plugin() == expected.list_name_plugin()
    assert pm.is_blocked("b")
    assert pm.hook.on_node_update(node="n") == ["a.on_node_update", "c.on_node_update"]


class _OwnRegister(NailgunPluginManager):
    """A manager whose register does more than pluggy's: it is called."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str | None] = []

    def register(self, plugin: object, name: str | None = None) -> str | None:
        self.seen.append(name)
        return super().register(plugin, name)


def test_a_manager_with_its_own_register_gets_it_called() -> None:
    extensions = tuple(
        ExtensionRecord(
            name,
            "1.0",
            "d",
            _marked(name, [("on_node_update", None, "plain", False, False)], "module"),
        )
        for name in ("a", "b")
    )
    pm = _OwnRegister()
    register_in_order(pm, extensions)
    assert pm.seen == ["b", "a"]
    assert state(pm) == state(reference(extensions))


# --- pluggy's refusals, in our words ------------------------------------------


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


# --- the registration order and the call layout, read by public API ----------


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
