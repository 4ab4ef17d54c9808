"""Strict checks of extensions against the hookspecs; problems, not exceptions.

pluggy checks one thing at registration: that an implementation's argument
names are a subset of the spec's. Everything else that fails only at call time
(or never fails and silently does nothing) is checked here, once, at startup,
and every finding is returned so that one restart shows them all.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import operator
import re
import sys
import types
import typing
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from types import CodeType

import pluggy

from .. import types as nailgun_types
from ..errors import Problem, did_you_mean
from ..extension import BaseExtension
from ..markers import NAME_PATTERN, NAME_RULE, is_marked
from ..spec.catalogue import HookSpec, specs
from ..spec.typecompat import is_assignable, type_repr
from .guard import is_extension, kind, type_name
from .locations import function_location
from .records import LISTS, ExtensionRecord, Implementation

# PEP 440, as ``packaging`` spells it (which also accepts semver's 1.0.0-rc.1).
VERSION_PATTERN = re.compile(
    r"v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?"
    r"(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?"
    r"(?:[-_.]?dev[-_.]?[0-9]*)?"
    r"(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?",
    re.IGNORECASE,
)


def check_metadata(
    record: ExtensionRecord, entry_point_name: str | None
) -> list[Problem]:
    """Name, version and description are what Nailgun lists and keys on."""
    problems = check_metadata_types(record)
    mistyped = {p.message.split(" ", 1)[0] for p in problems}
    if not record.name.strip():
        problems.append(
            record.problem(
                "empty-name", "the extension has no name", "set name = '...'"
            )
        )
    elif not NAME_PATTERN.fullmatch(record.name):
        problems.append(
            record.problem(
                "bad-name",
                f"the name {record.name!r} is not a valid extension name",
                f"use {NAME_RULE}: "
                "the name is a table prefix and an item of comma-separated lists",
            )
        )
    if entry_point_name is not None and record.name and entry_point_name != record.name:
        problems.append(
            record.problem(
                "entry-point-name-mismatch",
                f"the entry point is named {entry_point_name!r} but the extension "
                f"calls itself {record.name!r}",
                f"rename the entry point to {record.name!r}: allow- and deny-lists "
                "match entry point names before anything is imported",
            )
        )
    if "version" not in mistyped and not VERSION_PATTERN.fullmatch(
        record.version.strip()
    ):
        problems.append(
            record.problem(
                "bad-version",
                f"the version {record.version!r} is not a valid version",
                "set version = '1.0.0' (PEP 440; semver fits)",
            )
        )
    description = record.description.strip()
    if "description" in mistyped:
        pass
    elif not description:
        problems.append(
            record.problem(
                "missing-description",
                "the extension has no description",
                "set description = '<one line saying what it does>'"
                + (
                    ""
                    if isinstance(record.obj, BaseExtension)
                    else " in the module, or give the distribution a summary "
                    "(description in pyproject.toml's [project] table)"
                ),
            )
        )
    elif "\n" in description:
        problems.append(
            record.problem(
                "multiline-description",
                "the description spans several lines",
                "keep the description to one line; it is shown in listings",
            )
        )
    return problems


_TEXT_FIELDS = ("name", "version", "description")
_LIST_FIELDS = {
    "provides": ("first-result event names", "['get_node_volumes']"),
    "before": ("extension names", "['other-extension']"),
    "after": ("extension names", "['other-extension']"),
}


_NONE = object()


def _what(value: object) -> str:
    return "None" if value is None else kind(value)


def check_metadata_types(record: ExtensionRecord) -> list[Problem]:
    """Each metadata attribute is of the type Nailgun reads it as.

    Otherwise it is misread, not refused: a string ``provides`` would be
    listed as its letters, a dict or generator ``before`` ignored. Values
    are described by type, never printed.
    """
    obj = record.obj
    strict = is_extension(obj)  # other objects may leave these to the dist
    problems = []
    for field_name in _TEXT_FIELDS:
        value = getattr(obj, field_name, None)
        if type(value) is str or (value is None and not strict):
            continue
        problems.append(
            record.problem(
                "bad-metadata-type",
                f"{field_name} is {_what(value)}, not a string",
                f"set {field_name} = '...' (a plain string)",
            )
        )
    for field_name, (what, example) in _LIST_FIELDS.items():
        value = getattr(obj, field_name, ())
        if isinstance(value, str) and field_name != "provides":
            problems.append(
                record.problem(
                    "bad-ordering-field",
                    f"{field_name} is a string, not a list of {what}",
                    f"write {field_name} = [{value!r}]",
                )
            )
            continue
        if isinstance(value, str):
            message = f"{field_name} is a string, not a list of {what}"
            hint = f"write {field_name} = [{value!r}]"
        elif not isinstance(value, LISTS):
            message = f"{field_name} is {_what(value)}, not a list of {what}"
            hint = f"write {field_name} = {example}"
        else:
            odd = next((item for item in value if type(item) is not str), _NONE)
            if odd is _NONE:
                continue
            message = f"{field_name} holds {_what(odd)}, not only {what}"
            hint = f"write {field_name} = {example} (strings only)"
        problems.append(record.problem("bad-metadata-type", message, hint))
    return problems


@functools.lru_cache(maxsize=1024)
def _annotation_code(text: str) -> CodeType:
    return compile(text, "<annotation>", "eval")


_UNRESOLVED = (str, typing.ForwardRef)
_ATOMS = (type, typing.TypeVar)


def _plain(tp: object) -> bool:
    """A type ``typing.get_type_hints`` would return as it is: no forward
    reference left inside, no ``Annotated``, nothing it would reject."""
    if isinstance(tp, type):  # a class (even Generic: it has no arguments)
        return True
    if isinstance(tp, _UNRESOLVED):
        return False
    origin = typing.get_origin(tp)
    if origin is None:
        return isinstance(tp, _ATOMS) or tp is typing.Any or tp is None
    if origin in (typing.ClassVar, typing.Final):
        return False
    if origin is typing.Literal:
        return True
    if origin is typing.Annotated:
        return False
    return all(
        _plain(arg)
        for arg in typing.get_args(tp)
        if arg is not Ellipsis and not isinstance(arg, list)  # Callable[[...], R]
    )


def simple_hints(function: Callable[..., object]) -> dict[str, object] | None:
    """``typing.get_type_hints(function)`` for the usual case, or None.

    ``get_type_hints`` compiles every string annotation anew (``from
    __future__ import annotations`` makes them all strings), a tenth of
    validation's time with many extensions. The few strings extensions
    write (``Node``, ``Cluster``...) are compiled once per process here. None
    whenever the result might differ: Python 3.10 (whose ``get_type_hints``
    adds ``Optional`` for ``None`` defaults), type parameters, an annotation
    that does not evaluate, or anything left to resolve inside the result.
    """
    if sys.version_info < (3, 11) or getattr(function, "__type_params__", ()):
        return None
    annotations = getattr(function, "__annotations__", None)
    if not isinstance(annotations, dict):
        return None
    target: object = function
    while hasattr(target, "__wrapped__"):
        target = target.__wrapped__
    namespace = getattr(target, "__globals__", {})
    hints: dict[str, object] = {}
    for name, value in annotations.items():
        if isinstance(value, str):
            try:
                value = eval(_annotation_code(value), namespace)  # an annotation
            except Exception:  # e.g. a name imported under TYPE_CHECKING
                return None
        if value is None:
            value = type(None)
        if not _plain(value):
            return None
        hints[name] = value
    return hints


def resolve_hints(function: Callable[..., object]) -> dict[str, object]:
    """The function's annotations, resolved where possible.

    An extension may import Node only under ``TYPE_CHECKING``; such names are
    looked up among ``nailgun_hooks.types`` and otherwise left unchecked.
    """
    simple = simple_hints(function)
    if simple is not None:
        return simple
    namespace = {**vars(nailgun_types), **getattr(function, "__globals__", {})}
    try:
        found = typing.get_type_hints(function)
    except Exception:  # any resolution failure: fall back per annotation
        pass
    else:
        return {name: _nested_resolved(hint, namespace) for name, hint in found.items()}
    raw = getattr(inspect.unwrap(function), "__annotations__", {})
    hints: dict[str, object] = {}
    for name, annotation in raw.items():
        try:
            # typing resolves the quoted names nested inside too
            # (``Mapping[int, 'Cluster'] | None``), as eval() would not
            holder = types.SimpleNamespace(__annotations__={name: annotation})
            hint = typing.get_type_hints(holder, globalns=namespace)[name]
            hints[name] = _nested_resolved(hint, namespace)
            continue
        except Exception:  # one name in it unresolvable: as it is, or by eval
            pass
        if not isinstance(annotation, str):
            hints[name] = annotation
            continue
        try:
            hints[name] = eval(annotation, namespace)  # an annotation
        except Exception:  # unresolvable: leave unchecked
            continue
    return hints


def _nested_resolved(hint: object, namespace: Mapping[str, object]) -> object:
    """``hint`` with the quoted names nested in its generics resolved.

    Python 3.11's ``get_type_hints`` resolves them itself; 3.10's leaves a
    string or ``ForwardRef`` inside ``collections.abc`` generics and ``X |
    Y`` unions (``Mapping[int, 'Cluster'] | None``), which would go
    unjudged. A name that does not resolve stays as it is (left unchecked).
    """
    if sys.version_info >= (3, 11):
        return hint
    if isinstance(hint, _UNRESOLVED):
        text = hint if isinstance(hint, str) else hint.__forward_arg__
        try:
            return eval(text, dict(namespace))  # an annotation
        except Exception:  # unresolvable: leave it unchecked
            return hint
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if not args or origin in (typing.Literal, typing.Annotated):
        return hint
    resolved = tuple(
        arg
        if isinstance(arg, list) or arg is Ellipsis
        else _nested_resolved(arg, namespace)
        for arg in args
    )
    if all(new is old for new, old in zip(resolved, args, strict=True)):
        return hint
    if isinstance(hint, types.UnionType):  # as written: X | Y
        with contextlib.suppress(TypeError):  # a member left unresolved
            return functools.reduce(operator.or_, resolved)
    if isinstance(hint, types.UnionType) or origin is typing.Union:
        return typing.Union[resolved]  # noqa: UP007 - built from a tuple
    if isinstance(hint, types.GenericAlias):
        return types.GenericAlias(origin, resolved)  # type: ignore[arg-type]
    copy_with = getattr(hint, "copy_with", None)
    return hint if copy_with is None else copy_with(resolved)


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


def _asynchronous(function: object) -> bool:
    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


def _plain_function(value: object) -> tuple[types.FunctionType | None, bool]:
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
    inner, bound = _plain_function(unwrapped)
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
    outer, outer_bound = _plain_function(impl.function)
    if outer is None:
        return kind(impl.function)
    if outer_bound and "__wrapped__" not in outer.__dict__:
        return _plain_method_view(outer)
    unwrapped = inspect.unwrap(impl.function)
    inner, _ = _plain_function(unwrapped)
    if inner is None:
        return f"a function wrapping {kind(unwrapped)}"
    opts = {**default_hookimpl_opts(), **impl.opts}
    hookimpl = pluggy.HookImpl(None, "", impl.function, opts)  # type: ignore[arg-type]
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


def _plain_method_view(function: types.FunctionType) -> CallView:
    """:func:`call_view` of a bound method of a plain function (nothing to
    unwrap), most implementations: pluggy's ``varnames`` then splits the
    positional parameters at the first default and leaves the bound one out
    of those without, which is read here from the code without building a
    ``HookImpl`` (``tests/test_recognition.py`` compares the two)."""
    parameters = code_parameters(function)
    positional = [p for p in parameters if p.kind in _POSITIONAL]
    args = [p.name for p in positional if p.default is _P.empty]
    kwargnames = tuple(p.name for p in positional if p.default is not _P.empty)
    if args:  # as pluggy: the bound one is stripped from those without default
        args = args[1:]
        parameters = parameters[1:]
    return CallView(function, True, function, tuple(args), kwargnames, parameters)


def _check_decorator(
    record: ExtensionRecord, impl: Implementation, spec: HookSpec, view: CallView
) -> list[Problem]:
    """A decorator's function (``functools.wraps``) is what pluggy calls,
    with the names it read from the decorated function: it must take them."""
    signature = bound_signature(view.outer, view.outer_bound)
    passed = [name for name in view.kwargnames if name in spec.arg_types]
    try:
        signature.bind(*view.argnames, **dict.fromkeys(passed))
    except TypeError as exc:
        return [
            record.problem(
                "decorator-signature",
                f"{impl.attribute}'s decorator replaced it with a function "
                f"{signature} that cannot take ({', '.join(view.argnames)}) as "
                f"pluggy passes them: {exc}",
                "make the decorator's wrapper take (*args, **kwargs) and pass them on",
                hook=spec.name,
                location=impl.location,
            )
        ]
    return []


_BAD_KINDS = {
    inspect.Parameter.VAR_POSITIONAL: (
        "variadic-argument",
        "*{name} receives nothing: hook arguments are passed by name",
        "name each argument you need, e.g. (self, node)",
    ),
    inspect.Parameter.VAR_KEYWORD: (
        "variadic-argument",
        "**{name} receives nothing: only named parameters are passed",
        "name each argument you need, e.g. (self, node)",
    ),
    inspect.Parameter.KEYWORD_ONLY: (
        "keyword-only-argument",
        "keyword-only parameter {name!r} is never passed (only parameters before "
        "'*' receive arguments): without a default the call fails, with one it "
        "silently keeps the default",
        "move {name!r} before any '*' in the signature",
    ),
}


def check_implementation(
    record: ExtensionRecord, impl: Implementation, spec: HookSpec
) -> list[Problem]:
    """Everything that would make ``impl`` fail or misbehave when ``spec`` fires."""
    problems: list[Problem] = []

    location = impl.location
    where = (
        {"hook": spec.name}
        if location is None
        else {"hook": spec.name, "location": location}
    )

    def report(code: str, message: str, hint: str) -> None:
        problems.append(record.problem(code, message, hint, **where))

    view = call_view(impl)
    if isinstance(view, str):
        report(
            "not-a-function",
            f"{impl.attribute} is {view}: pluggy reads the arguments to pass from "
            "a function's code, finds none there, and would call it without any",
            f"define {impl.attribute} as a plain method (def {impl.attribute}(self, "
            f"{', '.join(spec.argnames)}))",
        )
        return problems
    outer, function = view.outer, view.inner
    is_wrapper = bool(impl.opts.get("wrapper") or impl.opts.get("hookwrapper"))
    behind = "" if outer is function else " behind its decorator"
    if any(_asynchronous(f) for f in (outer, function)):
        report(
            "async-implementation",
            f"{impl.attribute} is 'async def'{behind}: Nailgun calls hooks "
            "synchronously, so the coroutine would never run",
            "make it a plain 'def'",
        )
        return problems
    if impl.opts.get("wrapper") and impl.opts.get("hookwrapper"):
        report(
            "bad-wrapper",
            "wrapper=True and hookwrapper=True are mutually exclusive",
            "use wrapper=True",
        )
    if impl.opts.get("tryfirst") and impl.opts.get("trylast"):
        report(
            "conflicting-order-marks",
            "tryfirst=True and trylast=True contradict each other (pluggy would "
            "silently apply trylast)",
            "keep one of them",
        )
    # pluggy checks that an old-style hookwrapper is a generator itself; a
    # new-style wrapper (and a plain implementation) only gets what it returns
    generator = inspect.isgeneratorfunction(outer) or (
        not impl.opts.get("hookwrapper") and inspect.isgeneratorfunction(function)
    )
    if is_wrapper and not generator:
        report(
            "wrapper-not-generator",
            f"{impl.attribute} is declared a wrapper but is not a generator",
            "a wrapper must 'yield' exactly once (result = yield), "
            "or drop wrapper=True",
        )
    if not is_wrapper and generator:
        report(
            "generator-not-wrapper",
            f"{impl.attribute} is a generator{behind} but not declared a wrapper: "
            "its body would never run",
            "remove the 'yield', or mark it @hookimpl(wrapper=True)",
        )
    if binds_by_position(impl.function):  # old-style: called as Nailgun called it
        problems.extend(check_positional(record, spec, impl.function, impl.attribute))
        parameters: list[Parameter] = []
    else:
        parameters = view.parameters
        if outer is not function:
            problems.extend(_check_decorator(record, impl, spec, view))
    hints = resolve_hints(function)
    unknown = [p.name for p in parameters if p.name not in spec.arg_types]
    missing = [
        name for name in spec.argnames if name not in {p.name for p in parameters}
    ]
    for param in parameters:
        if param.kind in _BAD_KINDS:
            code, message, hint = _BAD_KINDS[param.kind]
            report(code, message.format(name=param.name), hint.format(name=param.name))
            continue
        if (
            param.kind is inspect.Parameter.POSITIONAL_ONLY
            and param.default is not inspect.Parameter.empty
        ):
            report(
                "positional-only-default",
                f"positional-only parameter {param.name!r} has a default: pluggy "
                "passes parameters with defaults by keyword, which fails",
                f"drop the default of {param.name!r}, or the '/' after it",
            )
            continue
        if param.name not in spec.arg_types:
            suggestion = did_you_mean(param.name, spec.argnames)
            default_note = (
                " (its default hides the mistake: it is never passed)"
                if param.default is not inspect.Parameter.empty
                else ""
            )
            if len(unknown) == 1 and len(missing) == 1:  # a misnamed argument
                suggestion = f"rename {param.name!r} to {missing[0]!r}"
            report(
                "unknown-argument",
                f"parameter {param.name!r} is not an argument of {spec.name}"
                f"{default_note}; the hook passes {', '.join(spec.argnames)}",
                suggestion or f"remove {param.name!r}",
            )
            continue
        if param.name in hints:
            passed = spec.arg_types[param.name]
            declared = hints[param.name]
            if not is_assignable(passed, declared):
                report(
                    "incompatible-argument-type",
                    f"parameter {param.name!r} is annotated {type_repr(declared)} but "
                    f"{spec.name} passes {type_repr(passed)}",
                    f"annotate it {type_repr(passed)} (or a supertype), or drop the "
                    "annotation",
                )
    if not is_wrapper and "return" in hints:
        declared_return = hints["return"]
        if not is_assignable(declared_return, spec.return_type):
            report(
                "incompatible-return-type",
                f"it returns {type_repr(declared_return)} but {spec.name} expects "
                f"{type_repr(spec.return_type)}",
                f"return {type_repr(spec.return_type)}",
            )
    return problems


def check_implementations(
    record: ExtensionRecord, impls: Iterable[Implementation]
) -> list[Problem]:
    known = specs()
    problems: list[Problem] = []
    for impl in impls:
        spec = known.get(impl.hook)
        if spec is None:
            # the events are fixed (an extension cannot add one), so an
            # optional hook naming none is a typo that optionalhook hides
            optional = (
                " (optionalhook=True only hides that it would never be called)"
                if impl.opts.get("optionalhook")
                else ""
            )
            suggestion = did_you_mean(impl.hook, known)
            problems.append(
                record.problem(
                    "unknown-hook",
                    f"{impl.attribute} implements {impl.hook!r}, which is not "
                    f"a Nailgun event{optional}",
                    suggestion or "see 'nailgun-hooks specs' for the list of events",
                    hook=impl.hook,
                    location=impl.location,
                )
            )
            continue
        problems.extend(check_implementation(record, impl, spec))
    return problems


def check_unhookable(
    record: ExtensionRecord, marked: Iterable[tuple[str, object]]
) -> list[Problem]:
    """``@hookimpl`` on something pluggy does not register (see
    :func:`.recognition.marked_but_unhookable`): it would never be called."""
    return [
        record.problem(
            "unhookable-implementation",
            f"{name} is marked @hookimpl but is {kind(value)}: pluggy registers "
            "only functions, class- and static methods, so it would never be called",
            f"define {name} as a method (def {name}(self, ...)) that calls it",
            hook=name,
        )
        for name, value in marked
    ]


EQ_HINT = (
    "pluggy compares extension objects with ==: an extension's __eq__ must "
    "be True only for the object itself (or remove __eq__)"
)
_OBJECT_EQ: object = object.__eq__


def _own_eq(cls: type) -> object:
    """``cls.__eq__`` from the classes' own namespaces: asking the class
    would run its metaclass's ``__getattribute__``."""
    for klass in type.__getattribute__(cls, "__mro__"):
        namespace = type.__getattribute__(klass, "__dict__")
        if "__eq__" in namespace:
            return namespace["__eq__"]
    return _OBJECT_EQ


def equality_claim(
    record: ExtensionRecord, others: Iterable[ExtensionRecord] = ()
) -> str | None:
    """Why ``record``'s own ``__eq__`` makes it equal another extension in
    pluggy's eyes (pluggy asks ``plugin in registered`` before it registers
    one), or None when it does not. An object of no interest is asked first,
    so that the answer does not depend on who else is loaded."""
    eq = _own_eq(type(record.obj))
    if eq is _OBJECT_EQ:
        return None
    unrelated = [("another object", object())]
    named = [(f"extension {o.name!r}", o.obj) for o in others if o is not record]
    for what, other in [*unrelated, *named]:
        try:
            claim = eq(record.obj, other)  # type: ignore[operator]
            if claim is not NotImplemented and bool(claim):
                return (
                    f"its __eq__ says it equals {what}, so pluggy would take "
                    "it for another extension"
                )
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raised = type_name(type(exc))
            return f"its __eq__ raised {raised} when compared with {what}"
    return None


def check_equality(record: ExtensionRecord) -> list[Problem]:
    """:func:`equality_claim` at startup, inside the guard: an ``__eq__``
    answering True to anything would make pluggy refuse every extension
    registered after it."""
    claim = equality_claim(record)
    return [] if claim is None else [record.problem("claims-equality", claim, EQ_HINT)]


def check_references(
    record: ExtensionRecord, installed: Collection[str]
) -> list[Problem]:
    """``before``/``after`` must name extensions that are installed."""
    problems = []
    for field_name in ("before", "after"):
        for name in getattr(record, field_name):
            if name == record.name:
                problems.append(
                    record.problem(
                        "ordering-self-reference",
                        f"{field_name} names the extension itself",
                        f"remove {name!r} from {field_name}",
                    )
                )
            elif name not in installed:
                suggestion = did_you_mean(name, installed)
                problems.append(
                    record.problem(
                        "unknown-ordering-reference",
                        f"{field_name} names {name!r}, which is not installed",
                        suggestion
                        or f"remove {name!r} from {field_name}, or install it",
                    )
                )
    return problems


# --- old-style implementations: called by position ---------------------------


def binds_by_position(function: object) -> bool:
    """Old-style handlers and pipeline runners carry no ``@hookimpl``:
    Nailgun called them positionally (``extension.on_nodegroup_create(ng)``),
    so their parameter names are the author's own choice."""
    return not is_marked(function)


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
    of a marked implementation, see :func:`_check_decorator`)."""
    outer, bound = _plain_function(method)
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
    outer, _ = _plain_function(method)
    try:
        inner, _ = _plain_function(inspect.unwrap(method))  # type: ignore[arg-type]
    except ValueError:  # a __wrapped__ cycle
        inner = None
    for function in (outer, inner):
        if function is None:
            continue
        behind = "" if function is outer else " behind its decorator"
        if _asynchronous(function):
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
