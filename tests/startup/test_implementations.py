"""The one owner of "is this an implementation"
(:mod:`nailgun_hooks.startup.implementations`): exactly what pluggy
registers, found without evaluating anything pluggy leaves alone, and what
carries the marker where pluggy cannot call it."""

from __future__ import annotations

import functools
import sys
import types
from typing import Any

import pluggy
import pytest

from nailgun_hooks import BaseExtension, hookimpl, hookspecs
from nailgun_hooks.startup import legacy
from nailgun_hooks.startup.implementations import (
    candidate_names,
    implementation_opts,
    implementations,
    marked_but_unhookable,
)
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from tests.support.plugins import Base, Child


class Slotted:
    __slots__ = ("on_node_update", "unset")

    def __init__(self) -> None:
        self.on_node_update = hookimpl(lambda node: None)


class Dynamic:
    def __getattr__(self, name: str) -> Any:
        if name == "on_node_update":
            return hookimpl(lambda node: None)
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return ["on_node_update"]


def module_plugin() -> types.ModuleType:
    module = types.ModuleType("plugin_module")

    @hookimpl
    def on_node_update(node: Any) -> None: ...

    module.on_node_update = on_node_update  # type: ignore[attr-defined]
    module.partial = hookimpl(functools.partial(print))  # type: ignore[attr-defined]
    module.unmarked = lambda node: None  # type: ignore[attr-defined]
    return module


def instance_with_own_functions() -> Base:
    obj = Base()

    @hookimpl
    def on_cluster_create(cluster: Any, data: Any) -> None: ...

    obj.on_cluster_create = on_cluster_create  # type: ignore[attr-defined]
    obj.bound = Child().on_node_update  # type: ignore[attr-defined]
    return obj


PLUGINS = {
    "base-instance": Base,
    "subclass-instance": Child,
    "class-itself": lambda: Child,
    "slots": Slotted,
    "dynamic": Dynamic,
    "module": module_plugin,
    "own-functions": instance_with_own_functions,
}


def pluggy_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("nailgun")
    pm.add_hookspecs(hookspecs)
    return pm


def registered(pm: pluggy.PluginManager) -> set[tuple[str, str, str]]:
    return {
        (caller.name, impl.plugin_name, impl.function.__name__)
        for caller in pm.hook.__dict__.values()
        for impl in caller.get_hookimpls()
    }


@pytest.mark.parametrize("make", PLUGINS.values(), ids=PLUGINS.keys())
def test_candidates_cover_every_name_pluggy_accepts(make: Any) -> None:
    plugin = make()
    pm = pluggy_manager()
    accepted = {
        name
        for name in dir(plugin)
        if pluggy.PluginManager.parse_hookimpl_opts(pm, plugin, name) is not None
    }
    scan = candidate_names(plugin)
    assert accepted <= {name for name, marked in scan.items() if marked}


@pytest.mark.parametrize("make", PLUGINS.values(), ids=PLUGINS.keys())
def test_a_name_the_scan_saw_unmarked_is_decided_as_before(make: Any) -> None:
    """``marked=False`` spares pluggy's look-up for a name no value of which
    carries ``@hookimpl``: the decision is the one the full path makes."""
    plugin = make()
    pm = NailgunPluginManager()
    scan = candidate_names(plugin, also=frozenset(hookspecs_names()))
    for name in dir(plugin):
        expected = pluggy.PluginManager.parse_hookimpl_opts(pm, plugin, name)
        if expected is None:
            expected = legacy.hookimpl_opts(plugin, name)
        assert implementation_opts(pm, plugin, name) == expected
        if name in scan:
            assert implementation_opts(pm, plugin, name, marked=scan[name]) == expected


def hookspecs_names() -> list[str]:
    return [name for name in dir(hookspecs) if not name.startswith("_")]


@pytest.mark.parametrize("make", PLUGINS.values(), ids=PLUGINS.keys())
def test_registration_and_validation_see_what_pluggy_sees(make: Any) -> None:
    plugin = make()
    ours, theirs = NailgunPluginManager(), pluggy_manager()
    try:
        ours.register(plugin, name="p")
        theirs.register(plugin, name="p")
    except pluggy.PluginValidationError:  # the class plugin: self is unbound
        pytest.skip("pluggy refuses this plugin; nothing to compare")
    assert registered(ours) == registered(theirs)
    found = {(i.attribute, i.hook) for i in implementations(ours, plugin)}
    everything = {(i.attribute, i.hook) for i in implementations(theirs, plugin)}
    assert found == everything


def test_expected_names_are_found() -> None:
    assert candidate_names(Child()).keys() >= {
        "on_node_update",
        "on_node_reset",
        "on_node_create",
        "on_cluster_delete",
    }
    assert "on_nodegroup_create" not in candidate_names(Child())
    assert candidate_names(Slotted()) == {"on_node_update": True}
    assert candidate_names(Dynamic()) == {}
    assert candidate_names(module_plugin()) == {"on_node_update": True}
    pm = NailgunPluginManager()
    pm.register(Child(), name="child")
    hooks = {
        caller.name for caller in pm.hook.__dict__.values() if caller.get_hookimpls()
    }
    assert hooks == {
        "on_node_update",
        "on_node_reset",
        "on_node_create",
        "on_cluster_delete",
    }


# --- one owner: what pluggy registers is what validation sees -----------------


class _Shapes(BaseExtension):
    name = "shapes"
    version = "1.0.0"
    description = "every shape pluggy registers"

    @hookimpl
    def on_node_update(self, node: object) -> None: ...

    @hookimpl
    @classmethod
    def on_node_create(cls, node: object) -> None: ...

    @hookimpl
    @staticmethod
    def on_node_delete(node: object) -> None: ...

    @hookimpl(specname="on_cluster_delete")
    def gone(self, cluster: object) -> None: ...

    def helper(self) -> None: ...


def _registered(obj: object) -> dict[str, Any]:
    pm = NailgunPluginManager()
    pm.register(obj, name="probe")
    return {
        impl.function.__name__: impl.function
        for caller in vars(pm.hook).values()
        if isinstance(caller, pluggy.HookCaller)
        for impl in caller.get_hookimpls()
    }


@pytest.mark.parametrize("hidden", [False, True])
def test_implementations_are_exactly_what_pluggy_registers(hidden: bool) -> None:
    cls = _Shapes
    if hidden:  # a __dir__ hiding a name: pluggy never sees it

        class Hiding(_Shapes):
            def __dir__(self) -> list[str]:
                return [n for n in super().__dir__() if n != "on_node_update"]

        cls = Hiding
    obj = cls()
    found = implementations(NailgunPluginManager(), obj)
    registered = _registered(obj)
    assert {i.function.__name__ for i in found} == set(registered)
    for impl in found:
        assert impl.function == registered[impl.function.__name__]
    assert ("on_node_update" in registered) is not hidden
    hooks = {i.hook for i in found}
    assert "on_cluster_delete" in hooks and "helper" not in hooks


def test_what_pluggy_skips_but_carries_the_marker_is_found() -> None:
    def update(node: object) -> None: ...

    class Handler:
        def __call__(self, node: object) -> None: ...

    class Hostile:
        def __getattr__(self, name: str) -> Any:
            raise SystemExit("asked")

    class Odd(BaseExtension):
        on_node_update = hookimpl(functools.partial(update))
        on_node_create = hookimpl(Handler())
        on_node_delete = hookimpl(functools.partialmethod(update))
        settings = Hostile()  # never asked anything

        @hookimpl
        def on_cluster_delete(self, cluster: object) -> None: ...

    found = dict(marked_but_unhookable(Odd()))
    assert sorted(found) == ["on_node_create", "on_node_delete", "on_node_update"]


def _claiming(cls: type) -> type:
    """A metaclass whose classes hash and compare like ``cls``."""

    def __eq__(self: type, other: object) -> bool:
        return True

    def __hash__(self: type) -> int:
        return hash(cls)

    return type(
        f"Like{cls.__name__}", (type,), {"__eq__": __eq__, "__hash__": __hash__}
    )


def test_a_class_passing_for_object_still_has_its_implementations_found() -> None:
    """The builtin classes are skipped by identity: a class whose metaclass
    hashes and compares like ``object`` is read like any other."""

    def on_node_update(self: Any, node: Any) -> None: ...

    Disguised: Any = _claiming(object)(
        "Disguised", (BaseExtension,), {"on_node_update": hookimpl(on_node_update)}
    )
    assert type(Disguised).__eq__(Disguised, object)
    assert hash(Disguised) == hash(object)
    obj = Disguised()
    assert candidate_names(obj) == {"on_node_update": True}
    if sys.version_info >= (3, 12):
        # pluggy's own look-up (inspect.getattr_static) compares the class
        # with ``type`` from 3.12 on, takes the instance for a class, and
        # raises: the guard makes that the extension's problem
        with pytest.raises(TypeError):
            implementations(NailgunPluginManager(), obj)
        return
    found = implementations(NailgunPluginManager(), obj)
    assert [impl.attribute for impl in found] == ["on_node_update"]


def test_a_marked_value_whose_type_passes_for_a_function_is_still_reported() -> None:
    class Callable(metaclass=_claiming(types.FunctionType)):  # type: ignore[misc]
        def __call__(self, node: Any) -> None: ...

    marked = hookimpl(Callable())

    class Ext(BaseExtension):
        on_node_update = marked

    assert marked_but_unhookable(Ext()) == [("on_node_update", marked)]
