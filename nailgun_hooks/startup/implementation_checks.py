"""Checks of each implementation against its event's spec.

pluggy checks one thing at registration: that an implementation's argument
names are a subset of the spec's. Everything else that fails only at call
time (or never fails and silently does nothing) is checked here, once, at
startup, on the function pluggy will call (:mod:`.call_view`), and every
finding is returned so that one restart shows them all.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Mapping

from ..errors import Problem, did_you_mean
from ..spec.annotations import resolve_hints
from ..spec.catalogue import HookSpec, specs
from ..spec.typecompat import is_assignable, type_repr
from .call_view import (
    CallView,
    Parameter,
    binds_by_position,
    bound_signature,
    call_view,
    is_asynchronous,
)
from .guard import object_label
from .positional_checks import check_positional
from .records import ExtensionRecord, Implementation

__all__ = ["check_implementation", "check_implementations", "check_unhookable"]


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


_Finding = tuple[str, str, str]
"""A problem's code, message and hint, before it is located."""


def check_implementation(
    record: ExtensionRecord, impl: Implementation, spec: HookSpec
) -> list[Problem]:
    """Everything that would make ``impl`` fail or misbehave when ``spec`` fires."""

    def located(found: Iterable[_Finding]) -> list[Problem]:
        found = list(found)
        if not found:  # the location reads the source: only for a problem
            return []
        location = impl.location
        where = (
            {"hook": spec.name}
            if location is None
            else {"hook": spec.name, "location": location}
        )
        return [record.problem(*finding, **where) for finding in found]

    view = call_view(impl)
    if isinstance(view, str):
        return located([_not_a_function(impl, spec, view)])
    if is_asynchronous(view.outer) or is_asynchronous(view.inner):
        return located([_asynchronous(impl, view)])
    problems = located(_shape_findings(impl, view))
    if binds_by_position(impl.function):  # old-style: called as Nailgun called it
        problems.extend(check_positional(record, spec, impl.function, impl.attribute))
        parameters: list[Parameter] = []
    else:
        parameters = view.parameters
        if view.outer is not view.inner:
            problems.extend(_check_decorator(record, impl, spec, view))
    hints = resolve_hints(view.inner)
    problems.extend(located(_parameter_findings(spec, parameters, hints)))
    if not _is_wrapper(impl):  # a wrapper's return is its own business
        problems.extend(located(_return_findings(spec, hints)))
    return problems


def _not_a_function(impl: Implementation, spec: HookSpec, view: str) -> _Finding:
    """Of a callable object or a ``functools.partial`` pluggy reads no
    parameters, and calls it with no arguments at all."""
    return (
        "not-a-function",
        f"{impl.attribute} is {view}: pluggy reads the arguments to pass from "
        "a function's code, finds none there, and would call it without any",
        f"define {impl.attribute} as a plain method (def {impl.attribute}(self, "
        f"{', '.join(spec.argnames)}))",
    )


def _behind(view: CallView) -> str:
    return "" if view.outer is view.inner else " behind its decorator"


def _asynchronous(impl: Implementation, view: CallView) -> _Finding:
    """Nothing else is judged of an ``async def``: none of it would run."""
    return (
        "async-implementation",
        f"{impl.attribute} is 'async def'{_behind(view)}: Nailgun calls hooks "
        "synchronously, so the coroutine would never run",
        "make it a plain 'def'",
    )


def _is_wrapper(impl: Implementation) -> bool:
    return bool(impl.opts.get("wrapper") or impl.opts.get("hookwrapper"))


def _shape_findings(impl: Implementation, view: CallView) -> list[_Finding]:
    """The marker's options against each other and against the function's
    shape: a wrapper must be a generator, anything else must not be one."""
    opts = impl.opts
    found: list[_Finding] = []
    if opts.get("wrapper") and opts.get("hookwrapper"):
        found.append(
            (
                "bad-wrapper",
                "wrapper=True and hookwrapper=True are mutually exclusive",
                "use wrapper=True",
            )
        )
    if opts.get("tryfirst") and opts.get("trylast"):
        found.append(
            (
                "conflicting-order-marks",
                "tryfirst=True and trylast=True contradict each other (pluggy "
                "would silently apply trylast)",
                "keep one of them",
            )
        )
    # pluggy checks that an old-style hookwrapper is a generator itself; a
    # new-style wrapper (and a plain implementation) only gets what it returns
    generator = inspect.isgeneratorfunction(view.outer) or (
        not opts.get("hookwrapper") and inspect.isgeneratorfunction(view.inner)
    )
    is_wrapper = _is_wrapper(impl)
    if is_wrapper and not generator:
        found.append(
            (
                "wrapper-not-generator",
                f"{impl.attribute} is declared a wrapper but is not a generator",
                "a wrapper must 'yield' exactly once (result = yield), "
                "or drop wrapper=True",
            )
        )
    if not is_wrapper and generator:
        found.append(
            (
                "generator-not-wrapper",
                f"{impl.attribute} is a generator{_behind(view)} but not declared "
                "a wrapper: its body would never run",
                "remove the 'yield', or mark it @hookimpl(wrapper=True)",
            )
        )
    return found


def _parameter_findings(
    spec: HookSpec, parameters: list[Parameter], hints: Mapping[str, object]
) -> list[_Finding]:
    """Each parameter is one pluggy passes, and accepts what it passes."""
    unknown = [p.name for p in parameters if p.name not in spec.arg_types]
    declared = {p.name for p in parameters}
    missing = [name for name in spec.argnames if name not in declared]
    # one unknown and one missing: a misnamed argument
    renamed = missing[0] if len(unknown) == 1 and len(missing) == 1 else None
    found = []
    for param in parameters:
        finding = _parameter_finding(spec, param, hints, renamed)
        if finding is not None:
            found.append(finding)
    return found


def _parameter_finding(
    spec: HookSpec,
    param: Parameter,
    hints: Mapping[str, object],
    renamed: str | None,
) -> _Finding | None:
    """The first thing wrong with one parameter, if any."""
    if param.kind in _BAD_KINDS:
        code, message, hint = _BAD_KINDS[param.kind]
        return code, message.format(name=param.name), hint.format(name=param.name)
    if (
        param.kind is inspect.Parameter.POSITIONAL_ONLY
        and param.default is not inspect.Parameter.empty
    ):
        return (
            "positional-only-default",
            f"positional-only parameter {param.name!r} has a default: pluggy "
            "passes parameters with defaults by keyword, which fails",
            f"drop the default of {param.name!r}, or the '/' after it",
        )
    if param.name not in spec.arg_types:
        return _unknown_argument(spec, param, renamed)
    if param.name not in hints:
        return None
    passed = spec.arg_types[param.name]
    declared = hints[param.name]
    if is_assignable(passed, declared):
        return None
    return (
        "incompatible-argument-type",
        f"parameter {param.name!r} is annotated {type_repr(declared)} but "
        f"{spec.name} passes {type_repr(passed)}",
        f"annotate it {type_repr(passed)} (or a supertype), or drop the annotation",
    )


def _unknown_argument(
    spec: HookSpec, param: Parameter, renamed: str | None
) -> _Finding:
    """pluggy refuses a parameter the spec does not have, unless it has a
    default, which it then never passes: either way a mistake."""
    suggestion = did_you_mean(param.name, spec.argnames)
    default_note = (
        " (its default hides the mistake: it is never passed)"
        if param.default is not inspect.Parameter.empty
        else ""
    )
    if renamed is not None:
        suggestion = f"rename {param.name!r} to {renamed!r}"
    return (
        "unknown-argument",
        f"parameter {param.name!r} is not an argument of {spec.name}"
        f"{default_note}; the hook passes {', '.join(spec.argnames)}",
        suggestion or f"remove {param.name!r}",
    )


def _return_findings(spec: HookSpec, hints: Mapping[str, object]) -> list[_Finding]:
    """A declared return type must be one the event's callers expect."""
    if "return" not in hints:
        return []
    declared_return = hints["return"]
    if is_assignable(declared_return, spec.return_type):
        return []
    return [
        (
            "incompatible-return-type",
            f"it returns {type_repr(declared_return)} but {spec.name} expects "
            f"{type_repr(spec.return_type)}",
            f"return {type_repr(spec.return_type)}",
        )
    ]


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
    :func:`.implementations.marked_but_unhookable`): it would never be called."""
    return [
        record.problem(
            "unhookable-implementation",
            f"{name} is marked @hookimpl but is {object_label(value)}: pluggy "
            "registers only functions, class- and static methods, so it would "
            "never be called",
            f"define {name} as a method (def {name}(self, ...)) that calls it",
            hook=name,
        )
        for name, value in marked
    ]
