"""Checks of functions called by position, as Nailgun called them.

Old-style handlers and data pipeline methods carry no ``@hookimpl``: they
receive the event's arguments by position, so their parameter names are the
author's own (:func:`.legacy.bind_positionally`). What matters is that the
positional call binds, that annotated parameters accept what they receive,
and that the body runs at all.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from ..errors import Problem
from ..spec.annotations import resolve_hints
from ..spec.catalogue import HookSpec
from ..spec.typecompat import is_assignable, type_repr
from .call_view import bound_signature, call_signature, is_asynchronous, plain_function
from .locations import function_location
from .records import ExtensionRecord

__all__ = ["check_positional", "never_runs"]


def _decorator_problem(
    record: ExtensionRecord,
    spec: HookSpec,
    method: Callable[..., object],
    label: str,
    arguments: list[str],
) -> Problem | None:
    """A decorator's function (``functools.wraps``) is what the positional
    call reaches, with every argument: it must take them, whatever the
    decorated function declares (the same rule as ``decorator-signature``
    of a marked implementation, see :func:`.implementation_checks._check_decorator`)."""
    outer, bound = plain_function(method)
    if outer is None or "__wrapped__" not in outer.__dict__:
        return None
    signature = bound_signature(outer, bound)
    try:
        signature.bind(*arguments)
    except TypeError as exc:
        return record.problem(
            "decorator-signature",
            f"{label}'s decorator replaced it with a function {signature} that "
            f"cannot take ({', '.join(spec.argnames)}) as Nailgun passes them: {exc}",
            "make the decorator's wrapper take (*args, **kwargs) and pass them on",
            hook=spec.name,
            location=function_location(method),
        )
    return None


def never_runs(method: object) -> str | None:
    """What makes a positionally called function's body never run: being a
    generator or a coroutine function, itself or behind its decorator (a
    plain wrapper returning the decorated function's generator or
    coroutine), as the catalogue judges a marked implementation."""
    outer, _ = plain_function(method)
    try:
        inner, _ = plain_function(inspect.unwrap(method))  # type: ignore[arg-type]
    except ValueError:  # a __wrapped__ cycle
        inner = None
    for function in (outer, inner):
        if function is None:
            continue
        behind = "" if function is outer else " behind its decorator"
        if is_asynchronous(function):
            return f"a coroutine function{behind}"
        if inspect.isgeneratorfunction(function):
            return f"a generator function{behind}"
    return None


def check_positional(
    record: ExtensionRecord,
    spec: HookSpec,
    method: Callable[..., object],
    label: str,
    code: str = "bad-handler-signature",
) -> list[Problem]:
    """What matters for a positional call ``method(*spec arguments)``: that
    it binds (arity, defaults, ``*args``) and that annotated parameters
    accept what they receive. Parameter names are the author's own."""
    where = {"hook": spec.name, "location": function_location(method)}
    signature = call_signature(method)
    if signature is None:
        return []
    arguments = [f"<{name}>" for name in spec.argnames]
    try:
        bound = signature.bind(*arguments)
    except TypeError as exc:
        return [
            record.problem(
                code,
                f"{label}{signature} cannot be called with "
                f"({', '.join(spec.argnames)}), as Nailgun calls it: {exc}",
                f"declare it as @classmethod def {spec.name}(cls, "
                f"{', '.join(spec.argnames)})",
                **where,
            )
        ]
    decorated = _decorator_problem(record, spec, method, label, arguments)
    if decorated is not None:
        return [decorated]
    problems = []
    hints = resolve_hints(method)
    for parameter, argument in bound.arguments.items():
        if parameter not in hints:
            continue
        values = argument if isinstance(argument, tuple) else (argument,)  # *args
        for value in values:
            if not isinstance(value, str):  # an empty **kwargs
                continue
            passed = spec.arg_types[value[1:-1]]
            declared = hints[parameter]
            if not is_assignable(passed, declared):
                problems.append(
                    record.problem(
                        "incompatible-argument-type",
                        f"{label}: parameter {parameter!r} is annotated "
                        f"{type_repr(declared)} but receives {type_repr(passed)}",
                        f"annotate it {type_repr(passed)}, or drop the annotation",
                        **where,
                    )
                )
    return problems
