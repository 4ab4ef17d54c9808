"""Startup shortcuts that must not change what is found, registered or named."""

from __future__ import annotations

import abc
import functools
import inspect
import subprocess
import sys
import types
import typing
from typing import Any

import pluggy
import pluggy._manager
import pytest

from nailgun_hooks import BaseExtension, hookimpl, hookspecs
from nailgun_hooks.startup import guard, instantiation
from nailgun_hooks.startup.implementations import (
    candidate_names,
    implementations,
)
from nailgun_hooks.startup.instantiation import required_arguments
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager


class Base(BaseExtension):
    name, version, description = "base", "1.0", "base class"

    @hookimpl
    def on_node_update(self, node: Any) -> None: ...

    @hookimpl(tryfirst=True)
    def on_node_delete(self, node: Any) -> None: ...


class Child(Base):
    name = "child"

    def on_node_delete(self, node: Any) -> None:  # overridden, unmarked
        ...

    @hookimpl
    @staticmethod
    def on_node_reset(node: Any) -> None: ...

    @staticmethod
    @hookimpl
    def on_node_create(node: Any) -> None: ...

    @hookimpl
    @classmethod
    def on_cluster_delete(cls, cluster: Any) -> None: ...

    @property
    def on_nodegroup_create(self) -> Any:
        raise AssertionError("pluggy never evaluates properties; nor do we")

    @functools.cached_property
    def on_nodegroup_delete(self) -> Any:
        raise AssertionError("nor cached properties")


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
    assert accepted <= candidate_names(plugin)


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
    assert candidate_names(Child()) >= {
        "on_node_update",
        "on_node_reset",
        "on_node_create",
        "on_cluster_delete",
    }
    assert "on_nodegroup_create" not in candidate_names(Child())
    assert candidate_names(Slotted()) == {"on_node_update"}
    assert candidate_names(Dynamic()) == set()
    assert candidate_names(module_plugin()) == {"on_node_update"}
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


def test_importing_the_package_leaves_the_loading_machinery_for_later() -> None:
    """An extension module imports nailgun_hooks for BaseExtension and
    hookimpl: that must not pay for stevedore or importlib.metadata."""
    code = (
        "import sys, nailgun_hooks\n"
        "from nailgun_hooks import BaseExtension, hookimpl\n"
        "heavy = {'stevedore', 'importlib.metadata', 'nailgun_hooks.loading'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
        "nailgun_hooks.load_extensions\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "[]",
        "['importlib.metadata', 'nailgun_hooks.loading', 'stevedore']",
    ]


# --- constructors that take no arguments, without inspect.signature -------------


def _needs(*names: str) -> inspect.Signature:
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    return inspect.Signature([inspect.Parameter(name, kind) for name in names])


class _CallingMeta(type):
    def __call__(cls, token: Any) -> Any:
        return super().__call__()


def _with_args(a: Any, b: Any = 1) -> None: ...


def constructor_cases() -> dict[str, type]:
    class Plain(BaseExtension):
        name, version, description = "plain", "1.0", "d"

    class Init(Plain):
        def __init__(self, config: Any, debug: bool = False) -> None: ...

    class InheritsInit(Init):
        pass

    class New(Plain):
        def __new__(cls, value: Any) -> Any:
            return super().__new__(cls)

    class Meta(Plain, metaclass=_CallingMeta):
        pass

    class Signed(Plain):
        __signature__ = _needs("signed")

    class Wrapped(Plain):
        __wrapped__ = _with_args

    class TextSignature(Plain):
        "TextSignature(text)\n--\n\nA docstring that is a text signature."

    class Slotted(Plain):
        __slots__ = ("x",)

    class DefaultsOnly(Plain):
        def __init__(self, *args: Any, option: int = 1, **kwargs: Any) -> None: ...

    return {
        cls.__name__: cls
        for cls in (
            Plain,
            Init,
            InheritsInit,
            New,
            Meta,
            Signed,
            Wrapped,
            TextSignature,
            Slotted,
            DefaultsOnly,
        )
    }


@pytest.mark.parametrize("name", sorted(constructor_cases()))
def test_required_arguments_match_inspect(name: str) -> None:
    cls = constructor_cases()[name]
    try:
        parameters = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        parameters = []  # type: ignore[assignment]
    expected = [
        p.name
        for p in parameters
        if p.default is inspect.Parameter.empty
        and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    assert required_arguments(cls) == expected
    shortcut = name in ("Plain", "Slotted")
    assert instantiation._default_constructor(cls) is shortcut


# --- which classes a static look-up may read from their __dict__s ---------------


class _Meta(type):
    def __getattr__(cls, name: str) -> Any:
        return hookimpl(lambda node: None)


class _WithMeta(metaclass=_Meta):
    @hookimpl
    def on_node_update(self, node: Any) -> None: ...


class _ShadowedDict:
    shown: typing.ClassVar = {"on_node_update": hookimpl(lambda node: None)}

    @property
    def __dict__(self) -> Any:  # type: ignore[override]
        return self.shown

    @hookimpl
    def on_node_create(self, node: Any) -> None: ...


class _AbstractBase(BaseExtension, metaclass=abc.ABCMeta):
    @abc.abstractmethod
    def helper(self) -> None: ...


class _Concrete(_AbstractBase):
    name = "concrete"

    def helper(self) -> None: ...

    @hookimpl
    @classmethod
    def on_node_update(cls, node: Any) -> None: ...


def test_static_lookup_covers_the_usual_extension() -> None:
    """The legacy scan's short cut is taken for BaseExtension instances, and
    left alone where a metaclass or a replaced __dict__ changes the rules."""
    assert guard._plain_classes(Child) is not None
    assert guard._plain_classes(_Concrete) is not None
    assert guard._plain_classes(_ShadowedDict) is None
    assert guard._plain_classes(_WithMeta) is None
