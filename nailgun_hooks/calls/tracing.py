"""Tracing hook calls: which extensions each call reached, and how long each
took, logged to the ``nailgun_hooks.trace`` logger, or written to stderr when
no logging handler is configured at all.

Tracing is chosen when a relay's callers are built, never checked per call:
with it off the callers are exactly the untraced ones (see
:mod:`nailgun_hooks.calls.fastpath`). With it on, a caller is built over
copies of the implementations whose functions time themselves, and is
wrapped by a function that logs the call; everything else (order, policies,
first results, the attribution of exceptions) is the untraced caller's.
A call whose records would all be dropped (see :func:`recording`) and that
opens no span runs the untraced caller instead: tracing left on while the
logger is above INFO costs a level check per call, not the building of
records nobody receives.

Records name the hook, the extensions and the types of the arguments, plus
the ``id`` of an argument that has an integer one (a node, a cluster):
never a value, which may come from deployment data and hold credentials.
An exception is named by its type only, for the same reason. Type names are
escaped (:func:`~nailgun_hooks.errors.printable`): an extension names its
own exception classes.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pluggy

from ..errors import printable
from .spans import spans

__all__ = [
    "TRACE_ENV",
    "TRACE_LOGGER",
    "describe_arguments",
    "recording",
    "timed_implementations",
    "trace_setting",
    "traced",
    "tracing_from_env",
]

TRACE_ENV = "NAILGUN_HOOKS_TRACE"
"""Set to ``1``, ``true``, ``yes`` or ``on`` to trace every hook call."""

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "y", "t"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off", "n", "f"})
BOOLEAN_WORDS = "1, true, yes or on to trace; 0, false, no, off or nothing not to"

TRACE_LOGGER = "nailgun_hooks.trace"

log = logging.getLogger(TRACE_LOGGER)

Caller = Callable[..., Any]


def trace_setting(value: str) -> bool | None:
    """The usual boolean spellings, any case; None for anything else
    (``false`` must never turn tracing on)."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def tracing_from_env(environ: Mapping[str, str] | None = None) -> bool:
    """Whether :data:`TRACE_ENV` asks for tracing. A value that is not a
    boolean leaves tracing off, with a warning: a typo in Nailgun's
    environment must not stop it (the command line refuses it instead)."""
    value = (os.environ if environ is None else environ).get(TRACE_ENV, "")
    setting = trace_setting(value)
    if setting is None:
        log.warning(
            "%s=%s is not a boolean (%s): tracing stays off",
            TRACE_ENV,
            printable(repr(value)),
            BOOLEAN_WORDS,
        )
        return False
    return setting


def _label_argument(value: object) -> str:
    """An argument as its type, plus its ``id`` when that is a plain int."""
    kind = printable(type(value).__name__)
    try:
        ident = getattr(value, "id", None)
    except Exception:  # a hostile property: the type is enough
        ident = None
    if type(ident) is int:
        return f"{kind}#{ident}"
    return kind


def describe_arguments(kwargs: Mapping[str, object]) -> str:
    """``node=MemoryNode#1, data=dict``: names, types and ids, no values."""
    return ", ".join(
        f"{name}={_label_argument(value)}" for name, value in kwargs.items()
    )


def recording() -> bool:
    """Whether :func:`_record` would pass a record made now anywhere: the
    logger would take it at INFO (when any handler could receive it), or,
    with no handler anywhere, the trace logger's own level lets it through
    to stderr. A level above INFO on the trace logger rules out both."""
    if log.level > logging.INFO:
        return False
    if log.hasHandlers():
        return log.isEnabledFor(logging.INFO)
    return True


def _record(message: str, *args: object, extra: Mapping[str, object]) -> None:
    """One trace line: to the logger, or, when no handler anywhere would
    receive it (nobody configured logging), to stderr as pluggy's tracer
    writes, so that ``NAILGUN_HOOKS_TRACE=1`` shows something in any process.
    A level set on the trace logger itself above INFO silences it."""
    if log.hasHandlers():
        log.info(message, *args, extra=extra)
    elif log.level <= logging.INFO:
        sys.stderr.write(f"[trace] {message % args}\n")


def _timed(hook: str, extension: str, function: Callable[..., object]) -> Any:
    """``function``, logging how long each call of it took."""

    @functools.wraps(function)
    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        except BaseException as exc:
            seconds = time.perf_counter() - start
            _record(
                "  %s: %s raised %s after %.6f s",
                hook,
                extension,
                printable(type(exc).__name__),
                seconds,
                extra={
                    "hook": hook,
                    "extension": extension,
                    "seconds": seconds,
                    "raised": printable(type(exc).__name__),
                },
            )
            raise
        seconds = time.perf_counter() - start
        _record(
            "  %s: %s returned in %.6f s",
            hook,
            extension,
            seconds,
            extra={
                "hook": hook,
                "extension": extension,
                "seconds": seconds,
                "raised": None,
            },
        )
        return result

    return timed


def timed_implementations(
    hook: str, impls: Sequence[pluggy.HookImpl]
) -> tuple[pluggy.HookImpl, ...]:
    """Copies of ``impls`` whose functions log their own duration (and
    open a span each, with OpenTelemetry installed).

    Wrappers are left as they are: calling one only starts a generator, so
    its time says nothing.
    """
    timed = []
    opened = spans()
    for impl in impls:
        if impl.wrapper or impl.hookwrapper:
            timed.append(impl)
            continue
        clone = copy.copy(impl)
        function = impl.function
        if opened is not None:
            function = opened.extension(hook, impl.plugin_name, function)
        function = _timed(hook, impl.plugin_name, function)
        object.__setattr__(clone, "function", function)
        timed.append(clone)
    return tuple(timed)


def traced(
    name: str,
    caller: Caller,
    extensions: Sequence[str],
    *,
    quiet: Caller | None = None,
) -> Caller:
    """``caller``, logging each call: its arguments' types, the extensions
    that implement the hook, and how long the whole call took; with
    OpenTelemetry installed, inside a span (:mod:`.spans`).

    :param quiet: the untraced caller of the same implementations, called
        instead when no span is opened and the records would be dropped
        (see :func:`recording`).
    """
    reaches = ", ".join(extensions) or "no extension"
    opened = spans()
    if opened is not None:
        caller = opened.call(name, tuple(extensions), caller)
        quiet = None  # the spans are wanted whatever the logger's level

    @functools.wraps(caller)
    def call(**kwargs: object) -> Any:
        if quiet is not None and not recording():
            return quiet(**kwargs)
        _record(
            "call %s(%s) -> %s",
            name,
            describe_arguments(kwargs),
            reaches,
            extra={"hook": name},
        )
        start = time.perf_counter()
        try:
            result = caller(**kwargs)
        except BaseException as exc:
            seconds = time.perf_counter() - start
            _record(
                "%s raised %s after %.6f s",
                name,
                printable(type(exc).__name__),
                seconds,
                extra={"hook": name, "seconds": seconds},
            )
            raise
        seconds = time.perf_counter() - start
        _record(
            "%s done in %.6f s", name, seconds, extra={"hook": name, "seconds": seconds}
        )
        return result

    return call
