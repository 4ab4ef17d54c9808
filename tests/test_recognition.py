"""The one owner of "is this an implementation", the guard around touching
extension objects."""

from __future__ import annotations

import functools
import types
from typing import Any

import pluggy
import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    Problem,
    build_manager,
    hookimpl,
)
from nailgun_hooks.markers import is_marked
from nailgun_hooks.startup.guard import (
    exception_text,
    guarded,
    is_class,
    is_extension,
    is_problem,
    object_label,
    type_name,
)
from nailgun_hooks.startup.implementations import (
    implementations,
    marked_but_unhookable,
)
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager

MARKER = "nailgun_impl"
SECRET = "s3cr3t"


# --- the guard ------------------------------------------------------------------


def _problem(code: str) -> Problem:
    return Problem(code=code, message="m", extension="x")


@pytest.mark.parametrize(
    "raised",
    [RuntimeError("x"), SystemExit(3), GeneratorExit(), StopIteration(), Exception()],
    ids=lambda exc: type(exc).__name__,
)
def test_the_guard_turns_anything_raised_into_a_problem(raised: BaseException) -> None:
    def action() -> None:
        raise raised

    result = guarded(action, lambda exc: _problem(type(exc).__name__), _problem)
    assert is_problem(result)
    assert result.code == type(raised).__name__


def test_the_guard_lets_keyboard_interrupt_through() -> None:
    def action() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        guarded(action, lambda exc: _problem("failed"), lambda exc: _problem("bare"))


def test_the_guard_falls_back_when_describing_raises_too() -> None:
    def action() -> None:
        raise RuntimeError("first")

    def describe(exc: BaseException) -> Problem:
        raise SystemExit("describing it raised as well")

    result = guarded(action, describe, lambda exc: _problem("bare"))
    assert is_problem(result) and result.code == "bare"


def _hostile() -> type:
    """Made in a test: pytest itself reads module-level classes."""

    class Meta(type):
        def __getattribute__(cls, name: str) -> Any:
            raise SystemExit(f"the metaclass refuses {name}")

        def __repr__(cls) -> str:
            raise SystemExit("no repr")

    class Hostile(metaclass=Meta):
        password = SECRET

        @property
        def __class__(self) -> type:  # type: ignore[override]
            raise RuntimeError("no class")

        def __repr__(self) -> str:
            return f"<password={self.password}>"

    return Hostile


def test_objects_are_described_by_type_without_running_their_code() -> None:
    hostile = _hostile()
    obj = hostile()
    assert object_label(obj) == "a _hostile.<locals>.Hostile object"
    assert object_label(hostile) == "class '_hostile.<locals>.Hostile'"
    assert type_name(hostile) == "_hostile.<locals>.Hostile"
    assert object_label({"password": SECRET}) == "a dict object"
    assert object_label(types) == "module 'types'"
    assert not is_class(obj) and is_class(hostile)
    assert not is_extension(obj) and not is_problem(obj)


class _Unprintable(Exception):
    def __str__(self) -> str:
        raise SystemExit("cannot print me")


def test_an_exception_whose_str_raises_is_still_described() -> None:
    assert exception_text(_Unprintable()) == (
        "_Unprintable: <its message cannot be printed>"
    )
    assert exception_text(ValueError("plain")) == "ValueError: plain"


# --- one owner: what pluggy registers is what validation sees ----------------


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


def test_is_marked_follows_pluggy() -> None:
    @hookimpl
    def marked() -> None: ...

    class Mocked:
        def __getattr__(self, name: str) -> Any:
            return "anything"  # not options: pluggy ignores it

    assert is_marked(marked, MARKER)
    assert is_marked(classmethod(marked), MARKER)
    assert not is_marked(lambda: None, MARKER)
    assert not is_marked(Mocked(), MARKER)


def _object_with_raising_class() -> object:
    class Hostile:
        name = "hostile"
        version = "1.0.0"
        description = "d"
        password = SECRET

        @property
        def __class__(self) -> type:  # type: ignore[override]
            raise SystemExit("no class")

        @property
        def before(self) -> list[str]:
            raise GeneratorExit("not now")

        @hookimpl
        def on_node_update(self, node: object) -> None: ...

        def __repr__(self) -> str:
            return f"<password={self.password}>"

    return Hostile()


def test_objects_given_directly_go_through_the_guard_too() -> None:
    """build_manager and the pytest plugin read objects as startup does."""
    from nailgun_hooks.testing import InvalidExtensionError, assert_valid_extension

    class Healthy(BaseExtension):
        name = "healthy"
        version = "1.0.0"
        description = "d"

        @hookimpl
        def on_node_update(self, node: object) -> None: ...

    hostile = _object_with_raising_class()
    manager = build_manager([Healthy, hostile], strict=False)
    assert manager.names() == ("healthy",)
    (problem,) = manager.problems
    assert problem.code == "inspection-failed"
    assert problem.extension == "_object_with_raising_class.<locals>.Hostile"
    assert SECRET not in str(problem)
    with pytest.raises(InvalidExtensionError) as raised:
        assert_valid_extension(hostile)
    assert [p.code for p in raised.value.problems] == ["inspection-failed"]


def test_registering_at_run_time_goes_through_the_guard() -> None:
    class Healthy(BaseExtension):
        name = "healthy"
        version = "1.0.0"
        description = "d"

    manager = build_manager([Healthy])
    with pytest.raises(ExtensionValidationError) as raised:
        manager.register(_object_with_raising_class())
    assert [p.code for p in raised.value.problems] == ["inspection-failed"]
    assert manager.names() == ("healthy",)
