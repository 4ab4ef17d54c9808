"""nailgun_hooks.calls.policy: the failure policies' names, the note an
exception carries, and the group a ``collect`` call raises."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from nailgun_hooks.calls.policy import (
    DEFAULT_POLICY,
    POLICIES,
    add_note,
    attribution,
    check_policy,
    failure_group,
    has_any_note,
)
from nailgun_hooks.errors import NailgunHooksError, PolicyError

if sys.version_info < (3, 11):
    from exceptiongroup import ExceptionGroup


def test_the_policies_and_the_default() -> None:
    assert POLICIES == ("propagate", "collect")
    assert DEFAULT_POLICY == "propagate"


@pytest.mark.parametrize("name", ["propagate", "collect"])
def test_a_policy_name_is_accepted_as_it_is(name: str) -> None:
    assert check_policy(name) == name


@pytest.mark.parametrize("value", ["ignore", "Collect", " propagate", "", None, 1])
def test_anything_else_is_a_policy_error_naming_the_policies(value: object) -> None:
    with pytest.raises(PolicyError) as info:
        check_policy(value)
    assert str(info.value) == (
        f"unknown hook-call policy {value!r}; use one of 'propagate', 'collect'"
    )
    assert isinstance(info.value, NailgunHooksError)


def test_the_note_names_extension_distribution_and_hook() -> None:
    assert attribution("on_node_update", "vetoer", "vetoer-dist") == (
        "raised by extension 'vetoer' (distribution 'vetoer-dist') "
        "in hook 'on_node_update'"
    )
    assert attribution("on_node_update", "local", None) == (
        "raised by extension 'local' (no distribution) in hook 'on_node_update'"
    )
    assert attribution("on_node_update", None, None) == (
        "raised while calling hook 'on_node_update' (not inside an extension)"
    )


def test_a_note_is_added_once() -> None:
    exc = ValueError("x")
    add_note(exc, "first")
    add_note(exc, "second")
    add_note(exc, "first")
    assert exc.__notes__ == ["first", "second"]
    assert has_any_note(exc, {"second", "other"})
    assert not has_any_note(exc, {"other"})
    assert not has_any_note(ValueError("no notes"), {"first"})


class DictBacked(Exception):
    """An exception whose attributes come from a dict: ``__notes__`` is a
    KeyError."""

    def __getattr__(self, name: str) -> Any:
        raise KeyError(name)


class Frozen(Exception):
    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{name} is frozen")


class NotesRaise(Exception):
    @property
    def __notes__(self) -> list[str]:  # type: ignore[override]
        raise RuntimeError("no notes here")


class NotAList(Exception):
    __notes__ = ("kept",)  # type: ignore[assignment]


@pytest.mark.parametrize("kind", [DictBacked, Frozen, NotesRaise, NotAList])
def test_an_exception_that_refuses_notes_is_left_as_it_is(kind: type) -> None:
    exc = kind("the extension's")
    add_note(exc, "a note")
    assert not has_any_note(exc, {"a note"})
    assert exc.args == ("the extension's",)


def test_an_interrupt_while_adding_a_note_goes_through() -> None:
    class Interrupting(Exception):
        @property
        def __notes__(self) -> list[str]:  # type: ignore[override]
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        add_note(Interrupting(), "a note")
    with pytest.raises(KeyboardInterrupt):
        has_any_note(Interrupting(), {"a note"})


def test_the_collect_group_counts_the_failures_and_keeps_them() -> None:
    errors = [ValueError("a"), KeyError("b")]
    group = failure_group("on_cluster_delete", errors)
    assert isinstance(group, ExceptionGroup)
    assert list(group.exceptions) == errors
    assert group.message == (
        "2 implementations of hook 'on_cluster_delete' raised "
        "(policy 'collect': every implementation was called)"
    )
    one = failure_group("on_cluster_delete", errors[:1])
    assert one.message.startswith("1 implementation of hook")  # type: ignore[attr-defined]
