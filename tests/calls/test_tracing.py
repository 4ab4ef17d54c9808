"""Tracing hook calls: what is logged, what never is, and what it costs off."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pluggy
import pytest

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.calls import tracing
from nailgun_hooks.calls.tracing import (
    TRACE_ENV,
    TRACE_LOGGER,
    describe_arguments,
    timed_implementations,
    traced,
    tracing_from_env,
)
from nailgun_hooks.inmemory import MemoryCluster, MemoryNode
from nailgun_hooks.manager import HookManager

SECRET = "s3cr3t-password-4711"


class First(BaseExtension):
    name, version, description = "first", "1.0", "answers nothing"

    @hookimpl
    def on_node_update(self, node: Any) -> None:
        pass

    @hookimpl
    def get_node_volumes(self, node: Any) -> Any:
        return None

    @hookimpl
    def on_cluster_create(self, cluster: Any, data: Any) -> None:
        raise ValueError(f"refused: {data['password']}")


class Second(BaseExtension):
    name, version, description = "second", "1.0", "answers"
    after = ("first",)

    @hookimpl
    def on_node_update(self, node: Any) -> None:
        pass

    @hookimpl
    def get_node_volumes(self, node: Any) -> Any:
        return [{"id": "os"}]


class Third(BaseExtension):
    name, version, description = "third", "1.0", "never asked"
    after = ("second",)

    @hookimpl
    def get_node_volumes(self, node: Any) -> Any:
        return [{"id": "never"}]


class Wrapping(BaseExtension):
    name, version, description = "wrapping", "1.0", "wraps"

    @hookimpl(wrapper=True)
    def on_node_update(self, node: Any) -> Iterator[None]:
        return (yield)


@pytest.fixture
def traces(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger=TRACE_LOGGER)
    return caplog


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == TRACE_LOGGER]


def secret_node() -> MemoryNode:
    return MemoryNode(7, name=SECRET, roles=[SECRET])


def test_each_call_names_argument_types_ids_and_each_extension_reached(
    traces: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([First, Second, Third])
    manager.set_tracing(True)
    node = secret_node()

    assert manager.hook.get_node_volumes(node=node) == [{"id": "os"}]

    lines = messages(traces)
    assert (
        lines[0] == "call get_node_volumes(node=MemoryNode#7) -> first, second, third"
    )
    assert lines[1].startswith("  get_node_volumes: first returned in ")
    assert lines[2].startswith("  get_node_volumes: second returned in ")
    assert lines[3].startswith("get_node_volumes done in ")
    assert len(lines) == 4  # third is never reached: a first result stops
    reached = [r for r in traces.records if getattr(r, "extension", None)]
    assert [r.extension for r in reached] == ["first", "second"]  # type: ignore[attr-defined]
    assert all(type(r.seconds) is float for r in reached)  # type: ignore[attr-defined]


def test_argument_values_and_exception_messages_never_appear(
    traces: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([First, Second])
    manager.set_tracing(True)
    cluster = MemoryCluster(3, SECRET)
    data = {"password": SECRET, SECRET: [SECRET]}

    with pytest.raises(ValueError, match=SECRET):  # the extension's own message
        manager.hook.on_cluster_create(cluster=cluster, data=data)
    manager.hook.on_node_update(node=secret_node())
    manager.with_policy("collect").on_node_update(node=secret_node())

    records = [r for r in traces.records if r.name == TRACE_LOGGER]
    assert records
    for record in records:
        assert SECRET not in record.getMessage()
        assert SECRET not in repr(vars(record))
    lines = messages(traces)
    assert (
        "call on_cluster_create(cluster=MemoryCluster#3, data=dict) -> first" in lines
    )
    assert any(
        line.startswith("  on_cluster_create: first raised ValueError after ")
        for line in lines
    )
    assert any(
        line.startswith("on_cluster_create raised ValueError after ") for line in lines
    )


def test_exceptions_keep_their_attribution_while_traced(
    traces: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([First, Second])
    manager.set_tracing(True)
    with pytest.raises(ValueError) as raised:
        manager.hook.on_cluster_create(
            cluster=MemoryCluster(1, "c"), data={"password": ""}
        )
    assert raised.value.__notes__ == [
        "raised by extension 'first' (no distribution) in hook 'on_cluster_create'"
    ]


def test_hooks_with_wrappers_are_traced_through_pluggy(
    traces: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([First, Wrapping])
    manager.set_tracing(True)
    assert manager.hook.on_node_update(node=MemoryNode(1)) == []
    lines = messages(traces)
    # the wrapper is reached, outermost, but not timed: calling it only
    # starts a generator
    assert lines[0] == "call on_node_update(node=MemoryNode#1) -> wrapping, first"
    assert lines[-1].startswith("on_node_update done in ")
    assert lines[1].startswith("  on_node_update: first returned in ")
    assert len(lines) == 3


def test_scoped_calls_are_traced(traces: pytest.LogCaptureFixture) -> None:
    manager = build_manager([First, Second, Third])
    manager.set_tracing(True)
    cluster = MemoryCluster(1, "c", extensions=["second", "third"])
    node = MemoryNode(2)
    cluster.add(node)
    assert manager.for_node(node).get_node_volumes() == [{"id": "os"}]
    assert "call get_node_volumes(node=MemoryNode#2) -> second, third" in messages(
        traces
    )
    manager.for_cluster(cluster).on_node_update(node=node)
    assert messages(traces)[-3] == "call on_node_update(node=MemoryNode#2) -> second"


def test_off_the_callers_are_exactly_the_untraced_ones(
    traces: pytest.LogCaptureFixture,
) -> None:
    plain = build_manager([First, Second], trace=False)
    switched = build_manager([First, Second], trace=False)
    switched.set_tracing(True)
    switched.hook.on_node_update(node=MemoryNode(1))
    assert switched.hook.on_node_update.traced is True
    switched.set_tracing(False)

    for manager in (plain, switched):
        manager.hook.on_node_update(node=MemoryNode(1))
    traces.clear()
    for manager in (plain, switched):
        manager.hook.on_node_update(node=MemoryNode(1))
    assert messages(traces) == []
    one, other = plain.hook.on_node_update, switched.hook.on_node_update
    assert one.traced is other.traced is False
    assert one.__code__ == other.__code__  # the same generated code
    assert one.__code__.co_filename.startswith("<nailgun-hooks caller ")
    assert [f.__func__ for f in _called(one)] == [f.__func__ for f in _called(other)]


def _called(caller: Any) -> list[Any]:
    """The functions a generated caller calls, as its globals hold them."""
    space = caller.__globals__
    return [space[k] for k in sorted(space) if k.startswith("_run0_") and k[-1] != "t"]


def test_the_environment_variable_turns_tracing_on(
    monkeypatch: pytest.MonkeyPatch, traces: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", "0")
    assert build_manager([First]).tracing is False
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", "1")
    manager = build_manager([First])
    assert manager.tracing is True
    manager.hook.on_node_update(node=MemoryNode(5))
    assert messages(traces)[0] == "call on_node_update(node=MemoryNode#5) -> first"


def test_a_hostile_id_is_not_read_as_an_id() -> None:
    class Hostile:
        @property
        def id(self) -> int:
            raise RuntimeError(SECRET)

    class Text:
        id = SECRET

    class Flag:
        id = True

    assert describe_arguments({"a": Hostile(), "b": Text(), "c": Flag()}) == (
        "a=Hostile, b=Text, c=Flag"
    )


def test_set_tracing_reaches_cached_relays(traces: pytest.LogCaptureFixture) -> None:
    manager: HookManager = build_manager([First, Second])
    subset = manager.subset(["second"])
    manager.set_tracing(True)
    subset.on_node_update(node=MemoryNode(1))
    assert messages(traces)[0] == "call on_node_update(node=MemoryNode#1) -> second"


def test_type_names_are_escaped(traces: pytest.LogCaptureFixture) -> None:
    hostile = type("Bad\x1b[2J", (Exception,), {})

    class Raiser(BaseExtension):
        name, version, description = "raiser", "1.0", "raises"

        @hookimpl
        def on_node_update(self, node: Any) -> None:
            raise hostile()

    manager = build_manager([Raiser], trace=True)
    with pytest.raises(hostile):
        manager.hook.on_node_update(node=type("Odd\r", (), {})())
    text = "\n".join(messages(traces))
    assert "\x1b" not in text and "\r" not in text
    assert "node=Odd\\r" in text and "raised Bad\\x1b[2J after" in text


@pytest.mark.parametrize(
    ("environ", "on"),
    [
        ({}, False),
        ({TRACE_ENV: ""}, False),
        ({TRACE_ENV: " 0 "}, False),
        ({TRACE_ENV: "  "}, False),
        ({TRACE_ENV: "1"}, True),
        ({TRACE_ENV: "yes"}, True),
        ({TRACE_ENV: "TRUE"}, True),
        ({TRACE_ENV: "on"}, True),
        ({TRACE_ENV: "false"}, False),
        ({TRACE_ENV: "No"}, False),
        ({TRACE_ENV: "off"}, False),
        ({TRACE_ENV: "enabled"}, False),  # not a boolean: off, with a warning
    ],
)
def test_which_values_of_the_variable_turn_tracing_on(
    environ: dict[str, str], on: bool
) -> None:
    assert tracing_from_env(environ) is on


class Clock:
    """``time.perf_counter`` for the tracing module: each call a set value."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def perf_counter(self) -> float:
        return self.readings.pop(0)


def trace_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == TRACE_LOGGER]


def test_a_traced_call_logs_its_duration_and_fields(
    traces: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracing, "time", Clock(100.0, 100.25))
    call = traced("on_node_update", lambda **kwargs: "answer", [])
    assert call(node=MemoryNode(3)) == "answer"
    start, done = trace_records(traces)
    assert (
        start.getMessage() == "call on_node_update(node=MemoryNode#3) -> no extension"
    )
    assert done.getMessage() == "on_node_update done in 0.250000 s"
    assert (start.hook, done.hook, done.seconds) == (  # type: ignore[attr-defined]
        "on_node_update",
        "on_node_update",
        0.25,
    )


def test_a_traced_call_that_raises_logs_the_type_and_duration(
    traces: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise KeyError(SECRET)

    monkeypatch.setattr(tracing, "time", Clock(5.0, 5.5))
    with pytest.raises(KeyError):
        traced("on_node_update", refuse, ["first", "second"])(node=MemoryNode(1))
    start, raised = trace_records(traces)
    assert start.getMessage().endswith("-> first, second")
    assert raised.getMessage() == "on_node_update raised KeyError after 0.500000 s"
    assert (raised.hook, raised.seconds) == ("on_node_update", 0.5)  # type: ignore[attr-defined]


def test_a_traced_call_whose_records_would_be_dropped_runs_the_quiet_caller(
    traces: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger(TRACE_LOGGER)
    manager = build_manager([First, Second], trace=True)
    logger.setLevel(logging.WARNING)  # the fixture puts its level back
    assert manager.hook.get_node_volumes(node=MemoryNode(1)) == [{"id": "os"}]
    assert trace_records(traces) == []
    logger.setLevel(logging.INFO)  # checked per call: no rebuild needed
    assert manager.hook.get_node_volumes(node=MemoryNode(1)) == [{"id": "os"}]
    assert [r.getMessage().split(" in ")[0] for r in trace_records(traces)] == [
        "call get_node_volumes(node=MemoryNode#1) -> first, second",
        "  get_node_volumes: first returned",
        "  get_node_volumes: second returned",
        "get_node_volumes done",
    ]


def test_the_quiet_caller_is_the_untraced_one_and_logs_nothing(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a record was made")

    quiet_calls: list[dict[str, object]] = []

    def quiet(**kwargs: object) -> str:
        quiet_calls.append(kwargs)
        return "quiet"

    monkeypatch.setattr(tracing, "spans", lambda: None)  # as without the extra
    call = traced("on_node_update", lambda **kwargs: "loud", ["first"], quiet=quiet)
    caplog.set_level(logging.INFO, logger=TRACE_LOGGER)
    logging.getLogger(TRACE_LOGGER).setLevel(logging.WARNING)
    monkeypatch.setattr(tracing, "_record", never)
    node = MemoryNode(1)
    assert call(node=node) == "quiet"
    assert quiet_calls == [{"node": node}]
    logging.getLogger(TRACE_LOGGER).setLevel(logging.INFO)
    with pytest.raises(AssertionError, match="a record was made"):
        call(node=node)


@pytest.mark.parametrize(
    ("own", "root", "handler", "disabled", "expected"),
    [
        (logging.WARNING, logging.DEBUG, True, False, False),
        (logging.WARNING, logging.DEBUG, False, False, False),
        (logging.INFO, logging.WARNING, True, False, True),
        (logging.NOTSET, logging.WARNING, True, False, False),
        (logging.NOTSET, logging.INFO, True, False, True),
        (logging.NOTSET, logging.WARNING, False, False, True),  # stderr
        (logging.INFO, logging.WARNING, True, True, False),  # logging.disable
        (logging.INFO, logging.WARNING, False, True, True),  # stderr anyway
    ],
)
def test_recording_says_whether_a_record_would_go_anywhere(
    own: int, root: int, handler: bool, disabled: bool, expected: bool
) -> None:
    logger, top = logging.getLogger(TRACE_LOGGER), logging.getLogger()
    saved = (logger.level, top.level, top.handlers[:], logger.propagate)
    sink = logging.NullHandler()
    try:
        top.handlers[:] = [sink] if handler else []
        logger.propagate = True
        logger.setLevel(own)
        top.setLevel(root)
        if disabled:
            logging.disable(logging.INFO)
        assert tracing.recording() is expected
    finally:
        logging.disable(logging.NOTSET)
        logger.setLevel(saved[0])
        top.setLevel(saved[1])
        top.handlers[:] = saved[2]
        logger.propagate = saved[3]


def implementations(*plugins: object) -> list[pluggy.HookImpl]:
    manager = pluggy.PluginManager("tracing-test")
    manager.add_hookspecs(Spec)
    for number, plugin in enumerate(plugins):
        manager.register(plugin, name=f"plugin{number}")
    return manager.hook.event.get_hookimpls()


spec_marker = pluggy.HookspecMarker("tracing-test")
impl_marker = pluggy.HookimplMarker("tracing-test")


class Spec:
    @spec_marker
    def event(self, value: int) -> None:
        """A test event."""


class Plain:
    @impl_marker
    def event(self, value: int) -> int:
        return value * 2


class Failing:
    @impl_marker
    def event(self, value: int) -> int:
        raise RuntimeError(SECRET)


class Wrapper:
    @impl_marker(wrapper=True)
    def event(self, value: int) -> Iterator[None]:
        return (yield)


def test_timed_copies_log_each_implementation_and_leave_wrappers_alone(
    traces: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    impls = implementations(Wrapper(), Plain(), Failing())
    timed = timed_implementations("event", impls)
    assert len(timed) == len(impls) == 3
    by_name = {impl.plugin_name: impl for impl in timed}
    originals = {impl.plugin_name: impl for impl in impls}
    assert by_name["plugin0"] is originals["plugin0"]  # the wrapper, as it is
    assert by_name["plugin1"] is not originals["plugin1"]
    assert originals["plugin1"].function(3) == 6  # the originals are untouched

    monkeypatch.setattr(tracing, "time", Clock(1.0, 1.125, 2.0, 2.75))
    assert by_name["plugin1"].function(value=3) == 6
    with pytest.raises(RuntimeError):
        by_name["plugin2"].function(value=3)
    returned, raised = trace_records(traces)
    assert returned.getMessage() == "  event: plugin1 returned in 0.125000 s"
    assert (
        raised.getMessage() == "  event: plugin2 raised RuntimeError after 0.750000 s"
    )
    fields = ("hook", "extension", "seconds", "raised")
    assert [getattr(returned, f) for f in fields] == ["event", "plugin1", 0.125, None]
    assert [getattr(raised, f) for f in fields] == [
        "event",
        "plugin2",
        0.75,
        "RuntimeError",
    ]


# --- with nobody's logging configured: stderr ----------------------------------

PLAIN_PROCESS = """
import logging, sys
from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.inmemory import MemoryNode

class Hello(BaseExtension):
    name = "hello"
    version = "1.0"
    description = "says hello"

    @hookimpl
    def on_node_create(self, node):
        pass

setup = sys.argv[1]
if setup == "basicConfig":
    logging.basicConfig(level=logging.INFO, format="LOGGED %(message)s")
elif setup == "silenced":
    logging.getLogger("nailgun_hooks.trace").setLevel(logging.WARNING)
build_manager([Hello]).hook.on_node_create(node=MemoryNode(7))
"""


def _plain_process(setup: str) -> str:
    """A Python process of its own (pytest configures logging in this one),
    tracing through the environment variable; returns its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_PROCESS, setup],
        env={**os.environ, "NAILGUN_HOOKS_TRACE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == ""
    return done.stderr


def test_with_no_logging_configured_traces_go_to_stderr() -> None:
    lines = _plain_process("none").splitlines()
    assert lines[0] == "[trace] call on_node_create(node=MemoryNode#7) -> hello"
    assert lines[1].startswith("[trace]   on_node_create: hello returned in ")
    assert lines[2].startswith("[trace] on_node_create done in ")
    assert len(lines) == 3


def test_configured_logging_receives_them_instead() -> None:
    lines = _plain_process("basicConfig").splitlines()
    assert lines[0] == "LOGGED call on_node_create(node=MemoryNode#7) -> hello"
    assert not any(line.startswith("[trace]") for line in lines)


def test_a_level_on_the_trace_logger_silences_them() -> None:
    assert _plain_process("silenced") == ""
