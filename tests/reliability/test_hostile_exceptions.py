"""An extension's own exception class reaches the caller as itself.

The PEP 678 note naming the extension is attached by reading and writing
``__notes__`` through the exception's own attribute protocol, which is the
extension's code: a dict-backed ``__getattr__`` raising ``KeyError``, a
raising ``__setattr__`` (a frozen dataclass), a read-only or raising
``__notes__`` property, notes that are not a list, or whose ``==`` raises.
Whatever that code does, the caller gets the very exception the extension
raised, unaltered (a note is all that may be added), on every call path: the
generated fast path, the ``collect`` policy and pluggy's path with wrappers.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Generator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.calls.policy import add_note

if sys.version_info >= (3, 11):
    from builtins import ExceptionGroup
else:  # pragma: no cover - the backport, as the policies work uses on 3.10
    from exceptiongroup import ExceptionGroup


class Raising:
    """What a hostile attribute hook raises: anything, KeyError included."""

    def __init__(self, kind: type[BaseException]) -> None:
        self.kind = kind

    def __call__(self, *args: object) -> Any:
        raise self.kind("__notes__")


class Unequal:
    """A note whose comparison raises (``note in notes`` compares)."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no comparing")

    __hash__ = object.__hash__


KINDS = (KeyError, AttributeError, TypeError, RuntimeError, SystemExit, RecursionError)


def _dict_backed() -> dict[str, Any]:
    def __getattr__(self: Any, name: str) -> Any:
        return self.data[name]  # KeyError('__notes__'), not AttributeError

    def __init__(self: Any, *args: object) -> None:
        BaseException.__init__(self, *args)
        object.__setattr__(self, "data", {})

    return {"__getattr__": __getattr__, "__init__": __init__}


@st.composite
def exception_classes(draw: st.DrawFn) -> type[Exception]:
    """An exception class with a hostile attribute protocol."""
    namespace: dict[str, Any] = {}
    if draw(st.booleans()):
        namespace.update(_dict_backed())
    elif draw(st.booleans()):
        namespace["__getattr__"] = Raising(draw(st.sampled_from(KINDS)))
    setter = draw(st.sampled_from(["none", "raises", "ignores"]))
    if setter == "raises":
        kind = draw(st.sampled_from(KINDS))

        def __setattr__(self: Any, name: str, value: object) -> None:
            if name != "data":
                raise kind(name)
            object.__setattr__(self, name, value)

        namespace["__setattr__"] = __setattr__
    elif setter == "ignores":
        namespace["__setattr__"] = lambda self, name, value: None
    notes = draw(
        st.sampled_from(
            ["none", "read-only", "raising", "tuple", "unequal", "class-list"]
        )
    )
    if notes == "read-only":
        namespace["__notes__"] = property(lambda self: ["fixed"])
    elif notes == "raising":
        namespace["__notes__"] = property(Raising(draw(st.sampled_from(KINDS))))
    elif notes == "tuple":
        namespace["__notes__"] = ("a tuple",)
    elif notes == "unequal":
        namespace["__notes__"] = property(lambda self: [Unequal()])
    if draw(st.booleans()):
        namespace["__slots__"] = ()
    base = draw(st.sampled_from([Exception, ValueError, LookupError]))
    cls = type("HostileError", (base,), namespace)
    if draw(st.booleans()) and "__setattr__" not in namespace:
        cls = dataclasses.dataclass(frozen=True)(cls)
    return cls


def state(exc: BaseException) -> tuple[object, ...]:
    """What an exception is, read without its own attribute protocol."""
    own = dict(BaseException.__dict__["__dict__"].__get__(exc))
    own.pop("__notes__", None)
    return (type(exc), exc.args, own, exc.__cause__, exc.__context__)


def raising_extension(error: BaseException, *, wrapper: bool = False) -> type:
    def on_node_update(self: BaseExtension, node: object) -> None:
        raise error

    namespace: dict[str, Any] = {
        "name": "hostile",
        "version": "1.0",
        "description": "raises its own exception class",
        "on_node_update": hookimpl(on_node_update),
    }
    return type("Hostile", (BaseExtension,), namespace)


class Wrapping(BaseExtension):
    name = "wrapping"
    version = "1.0"
    description = "a wrapper, so that pluggy's own loop runs the call"

    @hookimpl(wrapper=True)
    def on_node_update(self, node: object) -> Generator[None, object, object]:
        return (yield)


Call = Callable[[Any], object]
PATHS: dict[str, Callable[[type], Call]] = {
    "fast path": lambda ext: build_manager([ext]).hook.on_node_update,
    "pluggy with a wrapper": lambda ext: (
        build_manager([ext, Wrapping]).hook.on_node_update
    ),
}


def _instance(cls: type[Exception]) -> Exception:
    try:
        return cls("refused")
    except TypeError:  # a dataclass without fields takes no arguments
        return cls()


@settings(max_examples=150, deadline=None)
@given(cls=exception_classes())
def test_add_note_never_raises_nor_alters(cls: type[Exception]) -> None:
    error = _instance(cls)
    before = state(error)
    add_note(error, "raised by extension 'hostile' in hook 'on_node_update'")
    assert state(error) == before


@settings(max_examples=60, deadline=None)
@given(cls=exception_classes(), path=st.sampled_from(sorted(PATHS)))
def test_the_caller_gets_the_extensions_exception_itself(
    cls: type[Exception], path: str
) -> None:
    error = _instance(cls)
    before = state(error)
    call = PATHS[path](raising_extension(error))
    with pytest.raises(BaseException) as raised:
        call(node=object())
    assert raised.value is error
    assert state(raised.value) == before


@settings(max_examples=60, deadline=None)
@given(cls=exception_classes())
def test_collect_groups_the_extensions_exception_itself(cls: type[Exception]) -> None:
    error = _instance(cls)
    before = state(error)
    manager = build_manager([raising_extension(error)])
    relay = manager.with_policy("collect")  # type: ignore[attr-defined]
    with pytest.raises(ExceptionGroup) as raised:
        relay.on_node_update(node=object())
    assert raised.value.exceptions == (error,)
    assert state(error) == before


class DictBacked(Exception):
    """The issue's example: attributes looked up in a dict."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.data: dict[str, object] = {}

    def __getattr__(self, name: str) -> object:
        return self.data[name]


@dataclasses.dataclass(frozen=True)
class FrozenError(Exception):
    code: int


@pytest.mark.parametrize(
    "error", [DictBacked("refused"), FrozenError(7)], ids=["dict-backed", "frozen"]
)
@pytest.mark.parametrize("path", sorted(PATHS))
def test_regression_examples(error: Exception, path: str) -> None:
    call = PATHS[path](raising_extension(error))
    with pytest.raises(type(error)) as raised:
        call(node=object())
    assert raised.value is error


def test_a_plain_exception_still_gets_its_note() -> None:
    """Guarding the note must not lose it where it can be attached."""
    error = ValueError("refused")
    with pytest.raises(ValueError) as raised:
        build_manager([raising_extension(error)]).hook.on_node_update(node=object())
    assert raised.value.__notes__ == [
        "raised by extension 'hostile' (no distribution) in hook 'on_node_update'"
    ]
