"""How pluggy reads and calls a function: the *call view* validation judges.

pluggy takes the names to pass from the code of the function behind
``functools.wraps`` and ignores ``__signature__``; old-style handlers carry
no marker and are called by position, as Nailgun called them. Recognition,
positional binding and every check ask this module, so that what is
judged is exactly what will be called.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from dataclasses import dataclass

import pluggy

from ..markers import is_marked
from .guard import object_label
from .records import Implementation

__all__ = [
    "CallView",
    "Parameter",
    "binds_by_position",
    "bound_signature",
    "call_signature",
    "call_view",
    "code_parameters",
    "default_hookimpl_opts",
    "is_asynchronous",
    "plain_function",
    "signature_parameters",
]


@dataclass(frozen=True)
class Parameter:
    """What validation needs of an ``inspect.Parameter``."""

    name: str
    kind: inspect._ParameterKind
    default: object = inspect.Parameter.empty


_P = inspect.Parameter


def signature_parameters(function: Callable[..., object]) -> list[Parameter]:
    """``inspect.signature(function).parameters``, read from the code object
    when that is sure to give the same answer.

    ``inspect.signature`` is most of the cost of validating an implementation; for a
    plain function or method (no ``__wrapped__``, no ``__signature__``) the
    code object says the same in a fraction of the time. Anything else goes
    to ``inspect.signature``.
    """
    bound = isinstance(function, types.MethodType)
    target = function.__func__ if bound else function  # type: ignore[attr-defined]
    if (
        type(target) is not types.FunctionType
        or hasattr(target, "__wrapped__")
        or hasattr(target, "__signature__")
        or (bound and hasattr(function, "__signature__"))
    ):
        return [
            Parameter(p.name, p.kind, p.default)
            for p in inspect.signature(function).parameters.values()
        ]
    if bound and target.__code__.co_argcount == 0:  # *args absorbs self
        return [
            Parameter(p.name, p.kind, p.default)
            for p in inspect.signature(function).parameters.values()
        ]
    found = code_parameters(target)
    return found[1:] if bound else found


def default_hookimpl_opts() -> pluggy.HookimplOpts:
    """The options pluggy gives an implementation marked with a bare
    ``@hookimpl`` (what old-style handlers are registered with, and what a
    marker's own options complete)."""
    return {
        "wrapper": False,
        "hookwrapper": False,
        "optionalhook": False,
        "tryfirst": False,
        "trylast": False,
        "specname": None,
    }


@dataclass(frozen=True)
class CallView:
    """How pluggy calls an implementation: ``outer`` (the function it
    bound) with the values of ``argnames`` by position and of
    ``kwargnames`` (those the hook passes) by keyword, names it read from
    ``inner``'s code (``outer`` unwrapped, as pluggy unwraps it)."""

    outer: types.FunctionType
    outer_bound: bool
    inner: types.FunctionType
    argnames: tuple[str, ...]
    kwargnames: tuple[str, ...]
    parameters: list[Parameter]
    """``inner``'s parameters as pluggy reads them, the bound one left out."""


def is_asynchronous(function: object) -> bool:
    """A coroutine or async generator function: calling it runs nothing of
    its body, and Nailgun calls hooks synchronously."""
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


def plain_function(value: object) -> tuple[types.FunctionType | None, bool]:
    """The plain function behind ``value`` (a method's ``__func__``), or None
    when it is no function whose code can be read; and whether it was bound."""
    if isinstance(value, types.MethodType):
        inner = value.__func__
        return (inner if type(inner) is types.FunctionType else None), True
    return (value if type(value) is types.FunctionType else None), False


def code_parameters(function: types.FunctionType) -> list[Parameter]:
    """The parameters Python binds a call of ``function`` to: read from its
    code, whatever ``__signature__`` or ``__wrapped__`` claim."""
    code = function.__code__
    names = code.co_varnames
    count, posonly, kwonly = (
        code.co_argcount,
        code.co_posonlyargcount,
        code.co_kwonlyargcount,
    )
    defaults = function.__defaults__ or ()
    kwdefaults = function.__kwdefaults__ or {}
    first_default = count - len(defaults)
    found = []
    for index in range(count):
        kind = _P.POSITIONAL_ONLY if index < posonly else _P.POSITIONAL_OR_KEYWORD
        default = (
            defaults[index - first_default] if index >= first_default else _P.empty
        )
        found.append(Parameter(names[index], kind, default))
    position = count + kwonly
    if code.co_flags & inspect.CO_VARARGS:
        found.append(Parameter(names[position], _P.VAR_POSITIONAL))
        position += 1
    for index in range(count, count + kwonly):
        found.append(
            Parameter(
                names[index], _P.KEYWORD_ONLY, kwdefaults.get(names[index], _P.empty)
            )
        )
    if code.co_flags & inspect.CO_VARKEYWORDS:
        found.append(Parameter(names[position], _P.VAR_KEYWORD))
    return found


def call_signature(function: object) -> inspect.Signature | None:
    """The parameters a call of ``function`` binds, read from code as pluggy
    reads them: behind ``functools.wraps``, never from ``__signature__``;
    the bound argument of a method left out. None when there is no
    function's code to read."""
    try:
        unwrapped = inspect.unwrap(function)  # type: ignore[arg-type]
    except ValueError:  # a __wrapped__ cycle
        return None
    inner, bound = plain_function(unwrapped)
    if inner is None:
        return None
    return bound_signature(inner, bound or isinstance(function, types.MethodType))


def bound_signature(function: types.FunctionType, bound: bool) -> inspect.Signature:
    """The parameters a call of ``function`` binds, read from its code; a
    ``bound`` method's first positional one (given by the binding) left out,
    a ``*args`` that would absorb it kept."""
    parameters = code_parameters(function)
    if bound and parameters and parameters[0].kind in _POSITIONAL:
        parameters = parameters[1:]
    return inspect.Signature(
        [inspect.Parameter(p.name, p.kind, default=p.default) for p in parameters]
    )


def call_view(impl: Implementation) -> CallView | str:
    """What pluggy will call for ``impl`` and how, or (a description by type)
    what it cannot read: pluggy takes the names to pass from the code of
    the function behind ``functools.wraps`` and ignores ``__signature__``;
    of a ``functools.partial`` or a callable object it reads nothing, and
    calls it with no arguments at all."""
    outer, outer_bound = plain_function(impl.function)
    if outer is None:
        return object_label(impl.function)
    # a bound method forwards __wrapped__ to its function: unwrapping that
    # reaches the same function, without the method's slower failed look-up
    unwrapped = inspect.unwrap(outer)
    inner, _ = plain_function(unwrapped)
    if inner is None:
        return f"a function wrapping {object_label(unwrapped)}"
    hookimpl = pluggy.HookImpl(None, "", impl.function, _READING_OPTS)
    argnames, kwargnames = tuple(hookimpl.argnames), tuple(hookimpl.kwargnames)
    parameters = code_parameters(inner)
    positional = [p for p in parameters if p.kind in _POSITIONAL]
    skipped = len(positional) - len(argnames) - len(kwargnames)
    if skipped in (0, 1) and [p.name for p in positional[skipped:]] == [
        *argnames,
        *kwargnames,
    ]:
        parameters = parameters[skipped:]
    return CallView(outer, outer_bound, inner, argnames, kwargnames, parameters)


_POSITIONAL = (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)

_READING_OPTS = default_hookimpl_opts()
"""What :func:`call_view` hands pluggy's ``HookImpl`` to read a function's
names: they come from the function alone, so one set of options serves
every implementation (the ``HookImpl`` is dropped once read)."""


def binds_by_position(function: object) -> bool:
    """Old-style handlers and pipeline runners carry no ``@hookimpl``:
    Nailgun called them positionally (``extension.on_nodegroup_create(ng)``),
    so their parameter names are the author's own choice."""
    return not is_marked(function)
