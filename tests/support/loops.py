"""Implementations that do every thing pluggy's call loop has a rule for,
and a runner that records all a loop's outcome; the oracle is pluggy's own
loop (a test-only look behind its back)."""

from __future__ import annotations

import gc
import sys
import warnings
from collections.abc import Callable
from typing import Any

import pluggy
import pytest
from hypothesis import strategies as st

try:  # what the public loop must equal; a test-only look behind pluggy's back
    from pluggy._callers import _multicall as pluggys_loop
except ImportError:  # pragma: no cover - a pluggy that moved it
    pluggys_loop = None

needs_pluggys_loop = pytest.mark.skipif(
    pluggys_loop is None, reason="this pluggy has no _multicall to compare with"
)


class Tagged(Exception):
    """An implementation's exception, equal to another with the same tag."""


class Fatal(BaseException):
    pass


# What one implementation does. Plain ones: answer, answer None, raise an
# Exception, a BaseException, or StopIteration. Wrappers: pass the outcome
# through, change the result, recover from an exception, raise after the
# yield, raise before it, never yield, yield twice.
PLAIN = ("answer", "none", "raise", "fatal", "stop")
WRAPPER = ("through", "change", "recover", "raise-after", "raise-before", "no-yield")
WRAPPER_ALL = (*WRAPPER, "yield-twice")
OLD_STYLE = (*WRAPPER_ALL, "force-exception")


def implementation(
    index: int, kind: str, does: str, log: list[str]
) -> Callable[..., Any]:
    tag = f"{kind}{index}"

    def plain(node: object) -> object:
        log.append(tag)
        if does == "raise":
            raise Tagged(tag)
        if does == "fatal":
            raise Fatal(tag)
        if does == "stop":
            raise StopIteration(tag)
        return None if does == "none" else tag

    def wrapper(node: object) -> Any:
        log.append(f"{tag} starts")
        if does == "raise-before":
            raise Tagged(f"{tag} before")
        if does == "no-yield":
            return "never"
        try:
            result = yield
        except Exception as exc:
            log.append(f"{tag} sees {type(exc).__name__}")
            if does == "recover":
                return f"{tag} recovered"
            raise
        log.append(f"{tag} sees {result!r}")
        if does == "raise-after":
            raise Tagged(f"{tag} after")
        if does == "yield-twice":
            try:
                yield
            finally:
                log.append(f"{tag} closed")
        if does == "change":
            return [tag] if not isinstance(result, list) else [*result, tag]
        return result

    def old_style(node: object) -> Any:
        log.append(f"{tag} starts")
        if does == "raise-before":
            raise Tagged(f"{tag} before")
        if does == "no-yield":
            return
        outcome = yield
        failed = outcome.exception
        log.append(f"{tag} sees {type(failed).__name__ if failed else 'a result'}")
        if does == "raise-after":
            raise Tagged(f"{tag} after")
        if does == "yield-twice":
            try:
                yield
            finally:
                log.append(f"{tag} closed")
        if does == "change" and failed is None:
            outcome.force_result([tag])
        if does == "recover" and failed is not None:
            outcome.force_result(f"{tag} recovered")
        if does == "force-exception":
            outcome.force_exception(Tagged(f"{tag} forced"))

    if kind == "plain":
        return plain
    if kind == "wrapper":
        return wrapper
    return old_style


def hook_impl(index: int, kind: str, does: str, log: list[str]) -> pluggy.HookImpl:
    opts = pluggy.HookimplOpts(
        wrapper=kind == "wrapper",
        hookwrapper=kind == "hookwrapper",
        optionalhook=False,
        tryfirst=False,
        trylast=False,
        specname=None,
    )
    return pluggy.HookImpl(
        None, f"p{index}", implementation(index, kind, does, log), opts
    )


impl_kinds = st.one_of(
    st.tuples(st.just("plain"), st.sampled_from(PLAIN)),
    st.tuples(st.just("wrapper"), st.sampled_from(WRAPPER_ALL)),
    st.tuples(st.just("hookwrapper"), st.sampled_from(OLD_STYLE)),
)


def run_loop(
    loop: Callable[..., Any], impls: list[pluggy.HookImpl], firstresult: bool
) -> tuple[Any, ...]:
    """What ``loop`` returned or raised, the warnings it gave, and what
    wrappers it left unfinished raised when collected (a wrapper that yields
    twice stops the call and leaves the wrappers around it suspended)."""
    unraisable: list[tuple[type[BaseException], str]] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda u: unraisable.append(
        (type(u.exc_value), str(u.exc_value))
    )
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                outcome: tuple[Any, ...] = (
                    "returned",
                    loop("hook", impls, {"node": 1}, firstresult),
                )
            except BaseException as exc:  # every outcome is compared
                outcome = ("raised", type(exc), str(exc), type(exc.__cause__))
                del exc
                # the traceback held the loop's frame, the frame the exception:
                # a cycle only the young generations' collection undoes
                gc.collect(1)
    finally:
        sys.unraisablehook = hook
    warned = [(w.category, str(w.message)) for w in caught]
    return (*outcome, warned, sorted(unraisable, key=str))
