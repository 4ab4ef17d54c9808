"""OpenTelemetry spans of traced hook calls, read with the SDK's in-memory
exporter: one per call, a child per extension, names and types only."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.calls import spans as spans_module
from nailgun_hooks.inmemory import MemoryNode

sdk_trace = pytest.importorskip("opentelemetry.sdk.trace")
from opentelemetry import trace  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: E402
    InMemorySpanExporter,
)


class Fine(BaseExtension):
    name = "fine"
    version = "1.0"
    description = "updates nodes"

    @hookimpl
    def on_node_update(self, node: object) -> None:
        pass


class Failing(BaseExtension):
    name = "failing"
    version = "1.0"
    description = "fails with a secret in its message"

    @hookimpl
    def on_node_update(self, node: object) -> None:
        raise ValueError("password=hunter2")


@pytest.fixture(scope="module")
def exporter() -> InMemorySpanExporter:
    """The process's tracer provider (set once: OpenTelemetry refuses a
    second), exporting to memory."""
    memory = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, sdk_trace.TracerProvider):
        provider = sdk_trace.TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(memory))
    return memory


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    exporter.clear()
    yield exporter
    exporter.clear()


def test_a_traced_call_is_a_span_with_one_child_per_extension(
    spans: InMemorySpanExporter,
) -> None:
    class Other(Fine):
        name = "other"

    manager = build_manager([Fine, Other])
    manager.set_tracing(True)
    manager.hook.on_node_update(node=MemoryNode(1))
    finished = {span.name: span for span in spans.get_finished_spans()}
    assert set(finished) == {
        "nailgun_hooks on_node_update",
        "nailgun_hooks on_node_update fine",
        "nailgun_hooks on_node_update other",
    }
    call = finished["nailgun_hooks on_node_update"]
    assert call.attributes is not None
    assert call.attributes["nailgun_hooks.hook"] == "on_node_update"
    assert tuple(call.attributes["nailgun_hooks.extensions"]) == ("fine", "other")
    for name in ("fine", "other"):
        child = finished[f"nailgun_hooks on_node_update {name}"]
        assert child.parent is not None
        assert child.parent.span_id == call.context.span_id
        assert child.attributes is not None
        assert child.attributes["nailgun_hooks.extension"] == name
    assert call.instrumentation_scope.name == "nailgun_hooks"


def test_a_failure_is_named_by_its_type_never_its_message(
    spans: InMemorySpanExporter,
) -> None:
    manager = build_manager([Failing], trace=True)
    with pytest.raises(ValueError):
        manager.hook.on_node_update(node=MemoryNode(1))
    finished = spans.get_finished_spans()
    assert len(finished) == 2
    for span in finished:
        assert span.status.status_code == trace.StatusCode.ERROR
        assert span.status.description == "ValueError"
        assert span.attributes is not None
        assert span.attributes["exception.type"] == "ValueError"
        assert not span.events  # no exception event: no message, no traceback
        assert "hunter2" not in repr(span.to_json())


def test_spans_are_opened_while_the_trace_logger_drops_its_records(
    spans: InMemorySpanExporter, caplog: pytest.LogCaptureFixture
) -> None:
    manager = build_manager([Fine], trace=True)
    with caplog.at_level("WARNING", logger="nailgun_hooks.trace"):
        manager.hook.on_node_update(node=MemoryNode(1))
    assert {span.name for span in spans.get_finished_spans()} == {
        "nailgun_hooks on_node_update",
        "nailgun_hooks on_node_update fine",
    }


def test_untraced_calls_open_no_span(spans: InMemorySpanExporter) -> None:
    manager = build_manager([Fine], trace=False)
    manager.hook.on_node_update(node=MemoryNode(1))
    assert spans.get_finished_spans() == ()


def test_without_opentelemetry_tracing_works_as_before(
    spans: InMemorySpanExporter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    real = importlib.import_module

    def without_otel(name: str, package: str | None = None) -> ModuleType:
        if name.startswith("opentelemetry"):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_otel)
    manager = build_manager([Fine], trace=True)
    with caplog.at_level("INFO", logger="nailgun_hooks.trace"):
        manager.hook.on_node_update(node=MemoryNode(1))
    assert spans.get_finished_spans() == ()
    assert any("fine returned in" in message for message in caplog.messages)


def test_first_result_calls_open_spans_only_for_the_extensions_reached(
    spans: InMemorySpanExporter,
) -> None:
    class Answers(BaseExtension):
        name = "answers"
        version = "1.0"
        description = "knows the volumes"
        provides = ("get_node_volumes",)

        @hookimpl
        def get_node_volumes(self, node: object) -> Any:
            return {"volumes": []}

    class Never(Answers):
        name = "never"

    manager = build_manager([Answers, Never], trace=True)
    manager.hook.get_node_volumes(node=MemoryNode(1))
    names = sorted(span.name for span in spans.get_finished_spans())
    assert names == [
        "nailgun_hooks get_node_volumes",
        "nailgun_hooks get_node_volumes answers",
    ]


@pytest.mark.parametrize("kind", ["proxy", "no-op"])
def test_without_a_tracer_provider_no_span_is_opened(
    monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """Spans nobody would export cost several times the call: a process that
    set no provider gets the trace log alone."""
    provider = (
        trace.ProxyTracerProvider() if kind == "proxy" else trace.NoOpTracerProvider()
    )
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    assert spans_module.spans() is None
    monkeypatch.setattr(trace, "get_tracer_provider", sdk_trace.TracerProvider)
    assert isinstance(spans_module.spans(), spans_module.Spans)
