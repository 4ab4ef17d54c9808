"""Instantiating an extension class (:mod:`nailgun_hooks.startup.instantiation`)."""

from __future__ import annotations

import abc
import importlib.metadata
import inspect
import types
from typing import Any, ClassVar

import pytest

from nailgun_hooks import BaseExtension
from nailgun_hooks.errors import Problem
from nailgun_hooks.startup import instantiation
from nailgun_hooks.startup.discovery import EntryPointInfo
from nailgun_hooks.startup.instantiation import (
    candidate,
    instantiate,
    is_extension_class,
    required_arguments,
)
from nailgun_hooks.startup.records import Candidate

# --- constructors that take no arguments, without inspect.signature -----------


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


# --- candidate(): what is instantiated, and when -----------------------------------


class _Counted(BaseExtension):
    name, version, description = "counted", "1.0", "d"
    made: ClassVar[int] = 0

    def __init__(self) -> None:
        type(self).made += 1


def _entry_point(name: str = "ep") -> EntryPointInfo:
    point = importlib.metadata.EntryPoint(name, "m:a", "nailgun.extensions")
    return EntryPointInfo(name, "m:a", "a-dist", "1.0", point)


def test_an_entry_points_class_is_always_instantiated() -> None:
    _Counted.made = 0
    found = candidate(_Counted, _entry_point())
    assert isinstance(found, Candidate) and isinstance(found.record.obj, _Counted)
    assert _Counted.made == 1
    assert found.entry_point_name == "ep"

    class NotAnExtension:
        pass

    refused = candidate(NotAnExtension, _entry_point())
    assert isinstance(refused, Problem) and refused.code == "not-an-extension"
    assert refused.entry_point == "ep = m:a"


def test_a_given_object_is_instantiated_only_when_it_is_an_extension_class() -> None:
    _Counted.made = 0
    found = candidate(_Counted)
    assert isinstance(found, Candidate) and isinstance(found.record.obj, _Counted)
    assert _Counted.made == 1 and found.entry_point_name is None

    class Plain:
        name = "plain"

    kept = candidate(Plain)
    assert isinstance(kept, Candidate) and kept.record.obj is Plain
    instance = _Counted()
    same = candidate(instance)
    assert isinstance(same, Candidate) and same.record.obj is instance


def test_import_seconds_count_for_entry_points_only() -> None:
    found = candidate(_Counted, _entry_point(), import_seconds=5.0)
    assert isinstance(found, Candidate)
    seconds = found.record.import_seconds
    assert seconds is not None and 5.0 <= seconds < 6.0
    given = candidate(_Counted, import_seconds=5.0)
    assert isinstance(given, Candidate) and given.record.import_seconds is None


def test_a_class_needing_arguments_or_raising_is_a_problem_not_an_exception() -> None:
    class Needs(BaseExtension):
        name, version, description = "needs", "1.0", "d"

        def __init__(self, config: Any) -> None: ...

    class Raises(BaseExtension):
        name, version, description = "raises", "1.0", "d"

        def __init__(self) -> None:
            raise SystemExit("no")

    class Abstract(BaseExtension, metaclass=abc.ABCMeta):
        @abc.abstractmethod
        def helper(self) -> None: ...

    needs = instantiate(Needs)
    assert isinstance(needs, Problem) and needs.code == "constructor-failed"
    assert "needs argument(s) 'config'" in needs.message
    raises = instantiate(Raises)
    assert isinstance(raises, Problem) and raises.code == "constructor-failed"
    assert raises.extension == "raises"
    assert "raised SystemExit: no" in raises.message
    abstract = instantiate(Abstract)
    assert isinstance(abstract, Problem) and abstract.code == "abstract-extension"
    assert "helper" in abstract.message


def test_a_metaclass_raising_when_asked_is_an_extension_class_and_a_problem() -> None:
    class Meta(type):
        def __getattribute__(cls, name: str) -> Any:
            if name in ("__mro__", "__dict__", "__name__", "__qualname__"):
                return super().__getattribute__(name)
            raise SystemExit(f"asked {name}")

    class Hostile(metaclass=Meta):
        pass

    assert is_extension_class(Hostile)
    assert not is_extension_class(Hostile())
    assert not is_extension_class(types.ModuleType("m"))
    problem = instantiate(Hostile)
    assert isinstance(problem, Problem) and problem.code == "inspection-failed"


def test_instantiate_leaves_what_is_no_class_as_it_is() -> None:
    obj = types.SimpleNamespace()
    assert instantiate(obj) is obj
