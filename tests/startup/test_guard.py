"""The guard around touching extension objects
(:mod:`nailgun_hooks.startup.guard`)."""

from __future__ import annotations

import abc
import importlib
import types
import typing
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, Problem, hookimpl
from nailgun_hooks.startup import guard
from nailgun_hooks.startup.guard import (
    attempt,
    describe_exception,
    exception_text,
    guarded,
    is_class,
    is_extension,
    is_problem,
    object_label,
    static_mro,
    type_name,
)
from tests.support.plugins import Child

SECRET = "s3cr3t"


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


# --- which classes a static look-up may read from their __dict__s -------------


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


# --- attempt: one place where extension code may raise anything --------------


def test_attempt_answers_the_action_or_the_fallback_given_what_was_raised() -> None:
    seen: list[BaseException] = []

    def fallback(exc: BaseException) -> str:
        seen.append(exc)
        return "fallback"

    assert attempt(lambda: "done", fallback) == "done"
    assert seen == []
    raised = SystemExit(2)

    def action() -> str:
        raise raised

    assert attempt(action, fallback) == "fallback"
    assert seen == [raised]


def test_attempt_lets_keyboard_interrupt_through() -> None:
    def action() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        attempt(action, lambda exc: None)


# --- naming objects without running their code ----------------------------------


def test_object_label_never_calls_repr_or_str() -> None:
    calls: list[str] = []

    class Loud:
        def __repr__(self) -> str:
            calls.append("repr")
            return "loud"

        def __str__(self) -> str:
            calls.append("str")
            return "loud"

    assert object_label(Loud()).startswith("a ")
    assert object_label(Loud()).endswith(".Loud object")
    assert calls == []


def test_object_label_picks_the_article_and_names_modules() -> None:
    assert object_label(object()) == "an object object"
    assert object_label(1) == "an int object"
    assert object_label([]) == "a list object"
    nameless = types.ModuleType("gone")
    vars(nameless)["__name__"] = 5
    assert object_label(nameless) == "a module"


# --- where an exception arose ---------------------------------------------------


def _import_missing() -> None:
    importlib.import_module("nailgun_hooks_no_such_module")  # the culprit's line


def test_describe_exception_points_past_the_import_machinery() -> None:
    with pytest.raises(ImportError) as raised:
        _import_missing()
    message, location = describe_exception(raised.value)
    assert message.startswith("ModuleNotFoundError: No module named")
    line = _import_missing.__code__.co_firstlineno + 1
    assert location == f"{__file__}:{line}"


def test_describe_exception_skips_this_packages_frames() -> None:
    def action() -> None:
        raise ValueError("inside")

    def fallback(exc: BaseException) -> BaseException:
        return exc

    exc = attempt(action, fallback)  # guard.attempt's frame is ours, not theirs
    assert isinstance(exc, ValueError)
    _, location = describe_exception(exc)
    assert location == f"{__file__}:{action.__code__.co_firstlineno + 1}"


def test_describe_exception_locates_a_syntax_error_in_its_file() -> None:
    exc = SyntaxError("invalid syntax", ("/ext/broken.py", 7, 3, "x = = 1\n"))
    assert describe_exception(exc) == (
        "SyntaxError: invalid syntax (broken.py, line 7)",
        "/ext/broken.py:7",
    )


def test_describe_exception_without_a_traceback_has_no_location() -> None:
    assert describe_exception(RuntimeError("never raised")) == (
        "RuntimeError: never raised",
        None,
    )


# --- static look-ups ------------------------------------------------------------


def test_static_mro_is_the_mro_of_plain_instances_only() -> None:
    assert static_mro(Child()) == Child.__mro__
    assert static_mro(_Concrete()) == _Concrete.__mro__
    assert static_mro(Child) is None  # a class: its metaclass has a say
    assert static_mro(types) is None  # a module
    assert static_mro(_WithMeta()) is None  # a metaclass of its own
    assert static_mro(_ShadowedDict()) is None  # a replaced __dict__
