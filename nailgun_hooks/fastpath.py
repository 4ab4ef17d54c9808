"""One specialised caller per hook, generated once the implementations are known.

pluggy's generic call loop rebuilds each implementation's argument list from a
dict on every call and walks a wrapper protocol most hooks never use. Once
startup is over Nailgun's set of implementations is fixed, so, as
``dataclasses`` and ``attrs`` do for ``__init__``, we generate a function per
hook that takes exactly the hook's keyword arguments and passes each
implementation exactly the ones it asks for, in the manager's order, stopping
at the first answer of a first-result hook.

Semantics are pluggy's: same order, same results (``None`` skipped), same
exception objects. Implementations that run in a row with the same parameters
are called in one loop, so the code is small and its compilation is shared by
every hook of the same shape. Where pluggy's own machinery matters the caller
hands the call to pluggy's ``_hookexec``: hooks with wrappers (their protocol
is pluggy's to define), and plugin managers with tracing or monitoring on
(``enable_tracing`` / ``add_hookcall_monitoring`` replace
``_inner_hookexec``, which the generated code checks on every call).

Every caller is strict (a missing or unknown keyword is a
:class:`~nailgun_hooks.errors.HookCallError`) and attributes exceptions to
the extension that raised them (see :mod:`nailgun_hooks.policy`).
"""

from __future__ import annotations

import copy
import functools
import inspect
import itertools
import linecache
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import CodeType, TracebackType
from typing import Any

import pluggy
from pluggy._callers import _multicall

from .catalogue import HookSpec
from .errors import HookCallError
from .policy import Policy, add_note, attribution, failure_group

Caller = Callable[..., Any]

_PLUGGY_DIR = os.path.dirname(pluggy.__file__) + os.sep
_counter = itertools.count()


class _Missing:
    """The default of every keyword of a caller: "not passed"."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<not passed>"


MISSING = _Missing()

# A call pattern: the parameters an implementation takes positionally, and
# the spec arguments it declares with a default (pluggy passes those by name).
Pattern = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Shape:
    """Everything the generated source depends on, and nothing else."""

    argnames: tuple[str, ...]
    firstresult: bool
    policy: Policy
    fast: bool
    """False: every call goes to pluggy's ``_hookexec``."""
    runs: tuple[Pattern, ...]
    """One pattern per run of consecutive implementations that share it."""


def _call_expression(pattern: Pattern) -> str:
    positional, keywords = pattern
    parts = [*positional, *(f"{name}={name}" for name in keywords)]
    return f"_impl({', '.join(parts)})"


def _source(shape: Shape) -> str:
    """The factory that builds a caller of ``shape``.

    Names the generated code uses for itself start with ``_``; spec
    arguments never do (checked in :func:`_compile`), so they cannot clash.
    """
    args = shape.argnames
    runs = [f"_run{i}" for i in range(len(shape.runs))]
    signature = ", ".join(["*", *(f"{a}=_MISSING" for a in args), "**_unknown"])
    missing = " or ".join(["_unknown", *(f"{a} is _MISSING" for a in args)])
    given = ", ".join(f"{a}={a}" for a in args)
    as_dict = "{" + ", ".join(f"{a!r}: {a}" for a in args) + "}"
    collect = shape.policy == "collect"
    lines = [
        "def _make(_MISSING, _bad_call, _pm, _multicall, _fallback, _note,"
        f" _failed, _group{''.join(', ' + r for r in runs)}):",
        f"    def _caller({signature}):",
        f"        if {missing}:",
        f"            raise _bad_call(_unknown, {given})",
    ]
    if not shape.fast:
        lines += [f"        return _fallback({as_dict})", "    return _caller"]
        return "\n".join(lines) + "\n"
    lines += [
        "        if _pm._inner_hookexec is not _multicall:",
        f"            return _fallback({as_dict})",
    ]
    if not shape.firstresult:
        lines.append("        _results = []")
    if collect:
        lines.append("        _errors = None")
    for run, pattern in zip(runs, shape.runs, strict=True):
        lines += [
            f"        for _impl in {run}:",
            "            try:",
            f"                _result = {_call_expression(pattern)}",
        ]
        if collect:
            lines += [
                "            except Exception as _exc:",
                "                _errors = _failed(_errors, _exc, _impl)",
                "                continue",
            ]
        lines += [
            "            except BaseException as _exc:",
            "                _note(_exc, _impl)",
            "                raise",
            "            if _result is not None:",
        ]
        if not shape.firstresult:
            lines.append("                _results.append(_result)")
        elif collect:
            lines += [
                "                if _errors:",
                "                    raise _group(_errors)",
                "                return _result",
            ]
        else:
            lines.append("                return _result")
    if collect:
        lines += ["        if _errors:", "            raise _group(_errors)"]
    lines.append(
        "        return None" if shape.firstresult else "        return _results"
    )
    lines.append("    return _caller")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=512)
def _compile(shape: Shape) -> Callable[..., Caller]:
    """The factory for ``shape``, compiled once per process.

    The source is registered with :mod:`linecache` (as ``attrs`` does) so
    that tracebacks through a caller show its lines.
    """
    if any(name.startswith("_") for name in shape.argnames):
        raise ValueError(f"hook arguments must not start with '_': {shape.argnames}")
    source = _source(shape)
    filename = f"<nailgun-hooks caller {next(_counter)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {}
    exec(compile(source, filename, "exec"), namespace)
    factory: Callable[..., Caller] = namespace["_make"]
    return factory


def _pattern(impl: pluggy.HookImpl, argnames: Sequence[str]) -> Pattern:
    return tuple(impl.argnames), tuple(a for a in impl.kwargnames if a in argnames)


def _runs(
    impls: Sequence[pluggy.HookImpl], argnames: Sequence[str], notes: Attribution
) -> list[tuple[Pattern, tuple[Callable[..., object], ...]]]:
    """Consecutive implementations with the same call pattern, grouped.

    A function object that implements the hook twice (one plain function
    exported by two extension modules) is wrapped in a ``partial`` so that
    each call site is a distinct object an exception can be attributed to.
    """
    runs: list[tuple[Pattern, tuple[Callable[..., object], ...]]] = []
    seen: set[int] = set()
    for pattern, group in itertools.groupby(impls, lambda i: _pattern(i, argnames)):
        functions = []
        for impl in group:
            function: Callable[..., object] = impl.function
            if id(function) in seen:
                function = functools.partial(function)
            seen.add(id(function))
            notes.bind(function, impl)
            functions.append(function)
        runs.append((pattern, tuple(functions)))
    return runs


def _codes(function: object) -> list[CodeType]:
    """Code objects whose frames mean "``function`` is running"."""
    found = []
    target = getattr(function, "__func__", function)
    while target is not None:
        code = getattr(target, "__code__", None)
        if isinstance(code, CodeType):
            found.append(code)
        target = getattr(target, "__wrapped__", None)
    if not found and callable(function):
        code = getattr(type(function).__call__, "__code__", None)
        if isinstance(code, CodeType):
            found.append(code)
    return found


class Attribution:
    """Which extension an exception escaping a call came from.

    On the fast path the generated code knows (it passes the function it
    called); after pluggy's machinery ran, the traceback says: the first frame
    below pluggy's own that belongs to an implementation.
    """

    def __init__(
        self,
        hook: str,
        impls: Sequence[pluggy.HookImpl],
        distributions: Mapping[str, str | None],
    ) -> None:
        self.hook = hook
        self._distributions = distributions
        self._notes: dict[int, str] = {}
        self._by_code: dict[CodeType, str | None] = {}
        for impl in impls:
            note = self.note_of(impl)
            for code in _codes(impl.function):
                # a code object shared by two extensions (a common decorator)
                # says nothing on its own: look further down the traceback
                self._by_code[code] = None if code in self._by_code else note

    def note_of(self, impl: pluggy.HookImpl) -> str:
        name = impl.plugin_name
        return attribution(self.hook, name, self._distributions.get(name))

    def bind(self, function: object, impl: pluggy.HookImpl) -> None:
        """Exceptions passed to :meth:`add` with ``function`` came from
        ``impl`` (``function`` is what the generated code calls)."""
        self._notes[id(function)] = self.note_of(impl)

    def note_for(self, function: object) -> str:
        return self._notes.get(id(function)) or attribution(self.hook, None, None)

    def add(self, exc: BaseException, function: object) -> None:
        add_note(exc, self.note_for(function))

    def add_from_traceback(self, exc: BaseException) -> None:
        add_note(exc, self._from_traceback(exc.__traceback__))

    def _from_traceback(self, tb: TracebackType | None) -> str:
        below: TracebackType | None = None
        while tb is not None:  # the last step from pluggy's frames into others
            nxt = tb.tb_next
            if (
                nxt is not None
                and tb.tb_frame.f_code.co_filename.startswith(_PLUGGY_DIR)
                and not nxt.tb_frame.f_code.co_filename.startswith(_PLUGGY_DIR)
            ):
                below = nxt
            tb = nxt
        while below is not None:
            note = self._by_code.get(below.tb_frame.f_code)
            if note is not None:
                return note
            below = below.tb_next
        return attribution(self.hook, None, None)


def _bad_call_factory(spec: HookSpec) -> Callable[..., HookCallError]:
    def bad_call(unknown: Mapping[str, object], **given: object) -> HookCallError:
        # names only: the values may be credentials from deployment data
        missing = [name for name, value in given.items() if value is MISSING]
        parts = []
        if missing:
            parts.append(f"missing argument(s) {', '.join(map(repr, missing))}")
        if unknown:
            parts.append(f"unknown argument(s) {', '.join(map(repr, sorted(unknown)))}")
        return HookCallError(
            f"hook {spec.name!r} called with {' and '.join(parts)}; "
            f"it takes {', '.join(spec.argnames)} (by keyword)"
        )

    return bad_call


def _pluggy_fallback(
    spec: HookSpec,
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    policy: Policy,
    notes: Attribution,
) -> Callable[[dict[str, object]], Any]:
    """A call through pluggy's ``_hookexec``, with notes (and collection)."""
    name, firstresult = spec.name, spec.firstresult
    hookexec = plugin_manager._hookexec

    def propagate(kwargs: dict[str, object]) -> Any:
        try:
            return hookexec(name, list(impls), kwargs, firstresult)
        except BaseException as exc:
            notes.add_from_traceback(exc)
            raise

    if policy == "propagate":
        return propagate
    plain = [impl for impl in impls if not (impl.wrapper or impl.hookwrapper)]
    if not plain:
        return propagate
    last = plain[0]  # pluggy's list runs backwards: plain[0] is called last

    def collect(kwargs: dict[str, object]) -> Any:
        errors: list[Exception] = []
        raised: list[Exception] = []
        swapped = {
            id(impl): _collecting(
                impl, impl is last, firstresult, errors, raised, notes
            )
            for impl in plain
        }
        call_list = [swapped.get(id(impl), impl) for impl in impls]
        try:
            return hookexec(name, call_list, kwargs, firstresult)
        except BaseException as exc:
            if not any(exc is group for group in raised):
                notes.add_from_traceback(exc)
            raise

    return collect


def _collecting(
    impl: pluggy.HookImpl,
    last: bool,
    firstresult: bool,
    errors: list[Exception],
    raised: list[Exception],
    notes: Attribution,
) -> pluggy.HookImpl:
    """A copy of ``impl`` whose function records an ``Exception`` and goes on.

    The group is raised where pluggy's loop would stop anyway (after the last
    implementation, or at a first result), so wrappers see it as the call's
    exception, exactly as they would see a single one.
    """
    function = impl.function
    note = notes.note_of(impl)

    def call(*args: object, **kwargs: object) -> object:
        try:
            result = function(*args, **kwargs)
        except Exception as exc:
            add_note(exc, note)
            errors.append(exc)
            result = None
        except BaseException as exc:
            add_note(exc, note)
            raise
        if errors and (last or (firstresult and result is not None)):
            raised.append(failure_group(notes.hook, errors))
            raise raised[-1]
        return result

    clone = copy.copy(impl)
    object.__setattr__(clone, "function", call)
    return clone


def build_caller(
    spec: HookSpec,
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    *,
    policy: Policy = "propagate",
    distributions: Mapping[str, str | None] | None = None,
) -> Caller:
    """The caller of ``spec`` over ``impls`` (in pluggy's order: last called
    first), as a plain function with the hook's keywords.

    The function also carries ``name``, ``spec``, ``policy``,
    ``implementations`` and ``extension_names`` (call order), and ``fast``
    (False when every call goes through pluggy).
    """
    impls = tuple(impls)
    in_order = tuple(reversed(impls))
    notes = Attribution(spec.name, in_order, distributions or {})
    fast = hasattr(plugin_manager, "_inner_hookexec") and not any(
        impl.wrapper or impl.hookwrapper for impl in impls
    )
    runs = _runs(in_order, spec.argnames, notes) if fast else []
    shape = Shape(
        argnames=spec.argnames,
        firstresult=spec.firstresult,
        policy=policy,
        fast=fast,
        runs=tuple(pattern for pattern, _ in runs),
    )
    name = spec.name

    def failed(
        errors: list[Exception] | None, exc: Exception, function: object
    ) -> list[Exception]:
        notes.add(exc, function)
        if errors is None:
            return [exc]
        errors.append(exc)
        return errors

    caller = _compile(shape)(
        MISSING,
        _bad_call_factory(spec),
        plugin_manager,
        _multicall,
        _pluggy_fallback(spec, impls, plugin_manager, policy, notes),
        notes.add,
        failed,
        lambda errors: failure_group(name, errors),
        *(functions for _, functions in runs),
    )
    caller.__code__ = caller.__code__.replace(co_name=name)
    caller.__name__ = caller.__qualname__ = name
    caller.__doc__ = inspect.getdoc(spec.function)
    vars(caller).update(
        name=name,
        spec=spec,
        policy=policy,
        fast=fast,
        implementations=in_order,
        extension_names=tuple(impl.plugin_name for impl in in_order),
    )
    return caller
