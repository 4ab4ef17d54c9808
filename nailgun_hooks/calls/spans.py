"""OpenTelemetry spans for traced hook calls: one per call, with a child per
extension it reaches, so that a deployment's traces show which extension
took the time.

Only traced callers open spans (see :mod:`nailgun_hooks.calls.tracing`):
with tracing off the callers are the untraced ones and OpenTelemetry is
never imported. With tracing on, it is looked up once per caller built;
without the ``otel`` extra (``opentelemetry-api``) nothing changes. The
spans go wherever the process's tracer provider sends them; with none
configured, OpenTelemetry's API drops them.

Like the trace log, a span holds names and types, never values: an exception
is recorded by its type name (``exception.type`` and the error status),
never its message or traceback, which may hold credentials.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .._version import __version__
from ..errors import printable

__all__ = ["INSTRUMENTATION", "Spans", "spans"]

INSTRUMENTATION = "nailgun_hooks"
"""The tracer's name: what a deployment's traces say made the spans."""


class Spans:
    """Opens spans on one OpenTelemetry tracer."""

    def __init__(self, api: Any) -> None:
        self._api = api
        self._tracer = api.get_tracer(INSTRUMENTATION, __version__)

    def wrap(
        self, name: str, attributes: Mapping[str, str | Sequence[str]], function: Any
    ) -> Any:
        """``function``, each call of it inside a span called ``name``."""
        tracer, api = self._tracer, self._api

        @functools.wraps(function)
        def spanned(*args: object, **kwargs: object) -> object:
            with tracer.start_as_current_span(
                name,
                attributes=dict(attributes),
                record_exception=False,
                set_status_on_exception=False,
            ) as span:
                try:
                    return function(*args, **kwargs)
                except BaseException as exc:
                    kind = printable(type(exc).__name__)
                    span.set_attribute("exception.type", kind)
                    span.set_status(api.Status(api.StatusCode.ERROR, kind))
                    raise

        return spanned

    def call(
        self, hook: str, extensions: Sequence[str], caller: Callable[..., Any]
    ) -> Any:
        """A hook call's span: ``nailgun_hooks <hook>``."""
        attributes = {
            "nailgun_hooks.hook": hook,
            "nailgun_hooks.extensions": extensions,
        }
        return self.wrap(f"{INSTRUMENTATION} {hook}", attributes, caller)

    def extension(self, hook: str, extension: str, function: Any) -> Any:
        """One extension's part of a call: ``nailgun_hooks <hook> <extension>``."""
        attributes = {"nailgun_hooks.hook": hook, "nailgun_hooks.extension": extension}
        return self.wrap(f"{INSTRUMENTATION} {hook} {extension}", attributes, function)


def spans() -> Spans | None:
    """Spans on OpenTelemetry's global tracer provider, or None when its API
    is not installed (the ``otel`` extra) or no tracer provider is set.

    With no provider set, OpenTelemetry's API would drop every span, yet
    opening them still costs several times the traced call itself: so a
    provider must be set (as OpenTelemetry's SDK or auto-instrumentation does
    at process start) before the traced callers are built, at the first
    traced call.
    """
    try:
        api = importlib.import_module("opentelemetry.trace")
    except ImportError:
        return None
    provider = api.get_tracer_provider()
    if isinstance(provider, (api.ProxyTracerProvider, api.NoOpTracerProvider)):
        return None
    return Spans(api)
