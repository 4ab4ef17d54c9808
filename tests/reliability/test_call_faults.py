"""Faults at call time: raising implementations and wrappers, recursion.

The call policies: by default the first exception propagates, with a PEP 678
note naming extension, distribution and hook; under ``collect`` every
implementation receives the event, then one ``ExceptionGroup`` is raised.
Then wrappers that raise, recursion, and re-entrant registration.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import (
    BaseExtension,
    HookManager,
    build_manager,
    hookimpl,
    load_extensions,
)
from tests.support.dists import DistFactory

if sys.version_info >= (3, 11):
    from builtins import ExceptionGroup
else:  # pragma: no cover - the backport, as the policies work uses on 3.10
    from exceptiongroup import ExceptionGroup

SECRET = "s3cr3t-password"


class Secret:
    """A hook argument holding a credential, as deployment data does."""

    password = SECRET

    def __repr__(self) -> str:
        return f"<Secret {SECRET}>"

    def __str__(self) -> str:
        return SECRET


class Boom(Exception):
    """Raised by test extensions; never carries the argument value."""


def extension(
    name: str,
    calls: list[str],
    *,
    raises: BaseException | None = None,
    **marks: Any,
) -> type[BaseExtension]:
    """An extension class whose on_node_update records and maybe raises."""

    def on_node_update(self: BaseExtension, node: object) -> None:
        calls.append(name)
        if raises is not None:
            raise raises

    namespace = {
        "name": name,
        "version": "1.0",
        "description": f"test extension {name}",
        "on_node_update": hookimpl(**marks)(on_node_update),
    }
    return type(f"Ext_{name.replace('-', '_')}", (BaseExtension,), namespace)


def notes(exc: BaseException) -> list[str]:
    return list(getattr(exc, "__notes__", []))


def everything_said(exc: BaseException) -> str:
    """What an operator's log shows for an exception: the formatted traceback
    with notes, causes and contexts."""
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


# --- the default policy ---------------------------------------------------------

RAISING = """
@hookimpl
def on_node_update(self, node):
    CALLS.append(self.name)
    raise ValueError("disk layout rejected")
"""
RECORDING = """
@hookimpl
def on_node_update(self, node):
    CALLS.append(self.name)
"""


@pytest.fixture
def installed(dists: DistFactory) -> Iterator[tuple[HookManager, list[str], str]]:
    """Three installed extensions; the middle one raises on on_node_update."""
    calls: list[str] = []
    modules = {
        name: dists.extension(name, body, dist=f"{name}-dist")
        for name, body in (
            ("alpha", RECORDING),
            ("bravo", RAISING),
            ("charlie", RECORDING),
        )
    }
    manager = load_extensions(namespace=dists.namespace)
    for module in modules.values():
        sys.modules[module].CALLS = calls  # the handlers append to it
    yield manager, calls, modules["bravo"]


def test_default_policy_stops_at_the_first_exception(
    installed: tuple[HookManager, list[str], str],
) -> None:
    """Nailgun's semantics: a raising extension aborts the operation."""
    manager, calls, module = installed
    with pytest.raises(ValueError, match="disk layout rejected") as raised:
        manager.hook.on_node_update(node=Secret())
    assert calls == ["alpha", "bravo"]
    frames = traceback.extract_tb(raised.value.__traceback__)
    assert Path(frames[-1].filename).name == f"{module}.py"
    assert frames[-1].line == 'raise ValueError("disk layout rejected")'


def test_default_policy_notes_name_extension_distribution_and_hook(
    installed: tuple[HookManager, list[str], str],
) -> None:
    manager, _, _ = installed
    with pytest.raises(ValueError) as raised:
        manager.hook.on_node_update(node=Secret())
    (note,) = notes(raised.value)
    assert "bravo" in note and "bravo-dist" in note and "on_node_update" in note
    assert SECRET not in everything_said(raised.value)


def test_collect_delivers_to_everyone_then_raises_one_group(
    installed: tuple[HookManager, list[str], str],
) -> None:
    manager, calls, _ = installed
    relay = manager.with_policy("collect")  # type: ignore[attr-defined]
    with pytest.raises(ExceptionGroup) as raised:
        relay.on_node_update(node=Secret())
    assert calls == ["alpha", "bravo", "charlie"]
    (member,) = raised.value.exceptions
    assert isinstance(member, ValueError)
    assert any("bravo" in note for note in notes(member))
    assert SECRET not in everything_said(raised.value)
    # the default relay is unchanged
    calls.clear()
    with pytest.raises(ValueError):
        manager.hook.on_node_update(node=Secret())
    assert calls == ["alpha", "bravo"]


def test_set_policy_changes_one_hooks_default(
    installed: tuple[HookManager, list[str], str],
) -> None:
    manager, calls, _ = installed
    manager.set_policy("on_node_update", "collect")  # type: ignore[attr-defined]
    with pytest.raises(ExceptionGroup):
        manager.hook.on_node_update(node=Secret())
    assert calls == ["alpha", "bravo", "charlie"]


def test_collect_without_failures_returns_the_results() -> None:
    calls: list[str] = []
    manager = build_manager([extension("a", calls), extension("b", calls)])
    relay = manager.with_policy("collect")  # type: ignore[attr-defined]
    assert relay.on_node_update(node=object()) == []
    assert calls == ["a", "b"]


EXCEPTIONS: list[Callable[[str], BaseException]] = [
    ValueError,
    KeyError,
    RuntimeError,
    Boom,
    lambda text: OSError(5, text),
]


@settings(max_examples=60, deadline=None)
@given(
    plan=st.lists(
        st.tuples(
            st.sampled_from([None, *range(len(EXCEPTIONS))]),
            st.sampled_from(["", "tryfirst", "trylast"]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_no_event_is_lost_under_collect(
    plan: list[tuple[int | None, str]],
) -> None:
    """Every implementation receives the event exactly once; the group holds
    exactly the raised exceptions, in call order, each noting its extension."""
    calls: list[str] = []
    raised_by: dict[str, BaseException] = {}
    classes = []
    for index, (exception, mark) in enumerate(plan):
        name = f"ext-{index:02d}"
        error = None if exception is None else EXCEPTIONS[exception](f"from {name}")
        if error is not None:
            raised_by[name] = error
        classes.append(
            extension(name, calls, raises=error, **({mark: True} if mark else {}))
        )
    manager = build_manager(classes)
    order = list(manager.hook.on_node_update.extension_names)
    relay = manager.with_policy("collect")  # type: ignore[attr-defined]
    if not raised_by:
        assert relay.on_node_update(node=Secret()) == []
        assert calls == order
        return
    with pytest.raises(ExceptionGroup) as group:
        relay.on_node_update(node=Secret())
    assert calls == order
    expected = [raised_by[name] for name in order if name in raised_by]
    assert [id(e) for e in group.value.exceptions] == [id(e) for e in expected]
    for member in group.value.exceptions:
        (owner,) = (name for name, error in raised_by.items() if error is member)
        assert any(owner in note for note in notes(member))
    assert SECRET not in everything_said(group.value)


# --- wrappers -------------------------------------------------------------------


class Outer(BaseExtension):
    """A tryfirst wrapper that records what reaches it."""

    name = "outer"
    version = "1.0"
    description = "wraps every on_node_update"

    def __init__(self) -> None:
        self.seen: list[object] = []

    @hookimpl(wrapper=True, tryfirst=True)
    def on_node_update(self, node: object) -> Iterator[None]:
        try:
            result = yield
        except Exception as exc:
            self.seen.append(exc)
            raise
        self.seen.append(result)
        return result


def wrapper_extension(when: str) -> type[BaseExtension]:
    class Faulty(BaseExtension):
        name = f"faulty-{when}"
        version = "1.0"
        description = f"a wrapper raising {when} yield"

        @hookimpl(wrapper=True)
        def on_node_update(self, node: object) -> Iterator[None]:
            if when == "before":
                raise Boom(f"{self.name} failed")
            result = yield
            raise Boom(f"{self.name} failed after {len(result)} results")

    return Faulty


def test_wrapper_raising_before_yield_aborts_the_call() -> None:
    """No implementation runs; outer wrappers see the exception."""
    calls: list[str] = []
    manager = build_manager(
        [
            Outer,
            wrapper_extension("before"),
            extension("a", calls),
            extension("b", calls),
        ]
    )
    outer = manager.get("outer").obj
    with pytest.raises(Boom, match="faulty-before failed"):
        manager.hook.on_node_update(node=Secret())
    assert calls == []
    (seen,) = outer.seen  # type: ignore[attr-defined]
    assert isinstance(seen, Boom)


def test_wrapper_raising_after_yield_replaces_the_result() -> None:
    """Every implementation ran; the caller gets the wrapper's exception."""
    calls: list[str] = []
    manager = build_manager(
        [
            Outer,
            wrapper_extension("after"),
            extension("a", calls),
            extension("b", calls),
        ]
    )
    outer = manager.get("outer").obj
    with pytest.raises(Boom, match="faulty-after failed after 0 results"):
        manager.hook.on_node_update(node=Secret())
    assert calls == ["a", "b"]
    (seen,) = outer.seen  # type: ignore[attr-defined]
    assert isinstance(seen, Boom)


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_raising_wrapper_is_named_in_a_note(when: str) -> None:
    manager = build_manager([wrapper_extension(when), extension("a", [])])
    with pytest.raises(Boom) as raised:
        manager.hook.on_node_update(node=Secret())
    assert any(f"faulty-{when}" in note for note in notes(raised.value))
    assert SECRET not in everything_said(raised.value)


def test_implementation_error_reaches_the_wrapper_which_may_translate_it() -> None:
    """A wrapper sees an implementation's exception and may replace it: that
    is pluggy's design, and why wrappers deserve review like any code."""

    class Translator(BaseExtension):
        name = "translator"
        version = "1.0"
        description = "turns errors into a result"

        @hookimpl(wrapper=True)
        def on_node_update(self, node: object) -> Iterator[None]:
            try:
                return (yield)
            except Boom:
                return ["translated"]  # type: ignore[return-value]

    calls: list[str] = []
    manager = build_manager(
        [
            Translator,
            extension("a", calls, raises=Boom("a failed")),
            extension("b", calls),
        ]
    )
    assert manager.hook.on_node_update(node=object()) == ["translated"]
    assert calls == ["a"]


# --- recursion ------------------------------------------------------------------


class Refire(BaseExtension):
    """Fires a hook from inside a hook, as Nailgun's objects did (a node update
    handler updating the node again)."""

    name = "refire"
    version = "1.0"
    description = "fires hooks from inside hooks"

    def __init__(self) -> None:
        self.manager: HookManager | None = None
        self.depth = 0
        self.limit: int | None = None  # None: recurse without end

    @hookimpl
    def on_node_update(self, node: object) -> None:
        assert self.manager is not None
        self.depth += 1
        if self.limit is None or self.depth < self.limit:
            self.manager.hook.on_node_update(node=node)

    @hookimpl
    def on_node_create(self, node: object) -> None:
        assert self.manager is not None
        self.manager.hook.on_node_reset(node=node)


def refire_manager(calls: list[str]) -> tuple[HookManager, Refire]:
    manager = build_manager([Refire, extension("a", calls), extension("z", calls)])
    refire = manager.get("refire").obj
    assert isinstance(refire, Refire)
    refire.manager = manager
    return manager, refire


def test_unbounded_recursion_ends_in_recursion_error_not_a_hang() -> None:
    """pluggy has no re-entrancy guard and neither do we: a hook that fires
    itself unconditionally recurses until Python's recursion limit, then
    RecursionError propagates (about 200 levels at the default limit, in well
    under a second). The manager stays usable."""
    calls: list[str] = []
    manager, refire = refire_manager(calls)
    result: list[BaseException] = []

    def run() -> None:
        try:
            manager.hook.on_node_update(node=object())
        except RecursionError as exc:
            result.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive(), "recursive hook call hung"
    assert len(result) == 1
    assert 10 < refire.depth < sys.getrecursionlimit()
    # afterwards, a bounded call works normally
    calls.clear()
    refire.depth, refire.limit = 0, 3
    manager.hook.on_node_update(node=object())
    assert refire.depth == 3
    # at each level "a" runs before refire (it sorts first) and "z" after it,
    # so the z's come as the nested calls unwind
    assert calls == ["a", "a", "a", "z", "z", "z"]


def test_firing_another_hook_from_inside_a_hook_reaches_everyone_in_order() -> None:
    calls: list[str] = []

    class Tracer(BaseExtension):
        name = "tracer"
        version = "1.0"
        description = "records create and reset"

        @hookimpl
        def on_node_create(self, node: object) -> None:
            calls.append("tracer:create")

        @hookimpl
        def on_node_reset(self, node: object) -> None:
            calls.append("tracer:reset")

    manager = build_manager([Refire, Tracer])
    refire = manager.get("refire").obj
    assert isinstance(refire, Refire)
    refire.manager = manager
    manager.hook.on_node_create(node=object())
    # refire sorts first: its create handler fires reset (reaching tracer)
    # before tracer's own create handler runs.
    assert calls == ["tracer:reset", "tracer:create"]


def test_registering_and_unregistering_from_inside_a_hook() -> None:
    """The running call keeps the set it started with; the next sees the new
    one; nothing deadlocks (calls take no lock, changes take a re-entrant one)."""
    calls: list[str] = []

    class Reconfigure(BaseExtension):
        name = "b-reconfigure"
        version = "1.0"
        description = "changes the extension set from inside a hook"
        manager: HookManager | None = None

        @hookimpl
        def on_node_update(self, node: object) -> None:
            assert self.manager is not None
            calls.append(self.name)
            if "c-late" in self.manager:
                self.manager.unregister("c-late")
            else:
                self.manager.register(extension("c-late", calls))
                self.manager.unregister("a-early")

    manager = build_manager([extension("a-early", calls), Reconfigure])
    reconfigure = manager.get("b-reconfigure").obj
    reconfigure.manager = manager  # type: ignore[attr-defined]
    manager.hook.on_node_update(node=object())
    assert calls == ["a-early", "b-reconfigure"]
    assert manager.names() == ("b-reconfigure", "c-late")
    calls.clear()
    manager.hook.on_node_update(node=object())
    assert calls == ["b-reconfigure", "c-late"]
    assert manager.names() == ("b-reconfigure",)
