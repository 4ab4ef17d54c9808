"""One-pass registration leaves pluggy's manager as registering one by one does.

``register_in_order`` builds pluggy's ``HookImpl`` objects itself and sorts
each hook once (:mod:`nailgun_hooks.startup.registration`). The reference here is
pluggy's own ``PluginManager.register``, called for each extension in reverse
(so that ties in pluggy's insertion order are pluggy's), followed by the sort
into the documented ``HookCaller._hookimpls`` layout. Both must give the same
implementations, in the same order, under the same names, and behave the
same afterwards (calls, ``unregister``, ``get_hookcallers``).
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
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager, register_in_order
from nailgun_hooks.startup.records import ExtensionRecord

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


ONE_PASS = pytest.mark.skipif(
    not _pluggy_internals.ONE_PASS_REGISTRATION,
    reason="not used without pluggy's internals: extensions are registered "
    "with pluggy's own register (test_loading_path_equals_pluggy_register)",
)


@ONE_PASS
@SETTINGS
@given(extension_sets(), st.booleans(), st.data())
def test_one_pass_equals_pluggy_register(
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
