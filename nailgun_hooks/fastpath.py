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
``_inner_hookexec``). A :class:`~nailgun_hooks.manager.NailgunPluginManager`
reports that replacement and its relays rebuild their callers (mode
``direct``); on any other plugin manager the generated code compares
``_inner_hookexec`` on every call (mode ``checked``).

Every caller is strict: keyword-only parameters, so an unknown keyword is
Python's own ``TypeError`` naming the hook and the keyword, and a missing one
a :class:`~nailgun_hooks.errors.HookCallError` naming all that are missing
(a ``**kwargs`` catch-all to turn the former into a ``HookCallError`` too
would cost a dict per call, a quarter of a one-implementation call).
Exceptions are attributed to the extension that raised them (see
:mod:`nailgun_hooks.policy`).
"""

from __future__ import annotations

import builtins
import copy
import functools
import inspect
import itertools
import linecache
import os
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import CodeType, TracebackType
from typing import Any, Literal

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

UNROLL = 8
"""The first implementations of a run are called one by one, the rest in a
loop: for one or two implementations a loop costs as much as the calls, and
a first-result hook usually stops at the first."""

Mode = Literal["direct", "checked", "pluggy"]
"""``direct``: the generated loop, nothing checked per call; ``checked``: the
generated loop unless ``_inner_hookexec`` was replaced since; ``pluggy``:
always pluggy's ``_hookexec``."""


@dataclass(frozen=True)
class Shape:
    """Everything the generated source depends on, and nothing else."""

    argnames: tuple[str, ...]
    firstresult: bool
    policy: Policy
    mode: Mode
    runs: tuple[tuple[Pattern, int, bool], ...]
    """Per run of consecutive implementations sharing a pattern: the pattern,
    how many are called one by one, and whether the rest are looped over."""


def _call_site(callee: str, pattern: Pattern, shape: Shape, indent: str) -> list[str]:
    """Call one implementation and deal with its result or exception."""
    positional, keywords = pattern
    arguments = ", ".join([*positional, *(f"{name}={name}" for name in keywords)])
    lines = [
        "try:",
        f"    _result = {callee}({arguments})",
    ]
    if shape.policy == "collect":
        lines += [
            "except Exception as _exc:",
            f"    _errors = _failed(_errors, _exc, {callee})",
        ]
    lines += [
        "except BaseException as _exc:",
        f"    _note(_exc, {callee})",
        "    raise",
        "else:",
        "    if _result is not None:",
    ]
    if not shape.firstresult:
        lines.append("        _results.append(_result)")
    elif shape.policy == "collect":
        lines += [
            "        if _errors:",
            "            raise _group(_errors)",
            "        return _result",
        ]
    else:
        lines.append("        return _result")
    return [indent + line for line in lines]


def _source(shape: Shape) -> str:
    """The source of a caller of ``shape``.

    Everything the caller uses besides its arguments is a global of its own
    namespace (see :func:`build_caller`): a global costs nothing until it is
    read, while closure cells are copied into every call's frame. Names the
    generated code uses for itself start with ``_``; spec arguments never do
    (checked in :func:`_compile`), so they cannot clash.
    """
    args = shape.argnames
    runs = [f"_run{i}" for i in range(len(shape.runs))]
    signature = ", ".join(["*", *(f"{a}=_MISSING" for a in args)])
    missing = " or ".join(f"{a} is _MISSING" for a in args)
    given = ", ".join(f"{a}={a}" for a in args)
    as_dict = "{" + ", ".join(f"{a!r}: {a}" for a in args) + "}"
    lines = [f"def _caller({signature}):"]
    if missing:
        lines += [f"    if {missing}:", f"        raise _bad_call({given})"]
    # pluggy's loop: inline for "propagate" (one frame fewer than pluggy's
    # own HookCaller), through a helper that collects for "collect"
    if shape.policy == "propagate":
        via_pluggy = [
            "try:",
            f"    return _hookexec(_name, [*_impls], {as_dict}, _firstresult)",
            "except BaseException as _exc:",
            "    _from_traceback(_exc)",
            "    raise",
        ]
    else:
        via_pluggy = [f"return _fallback({as_dict})"]
    if shape.mode == "pluggy":
        lines += [" " * 4 + line for line in via_pluggy]
        return "\n".join(lines) + "\n"
    if shape.mode == "checked":
        lines.append("    if _pm._inner_hookexec is not _multicall:")
        lines += [" " * 8 + line for line in via_pluggy]
    if not shape.firstresult:
        lines.append("    _results = []")
    if shape.policy == "collect":
        lines.append("    _errors = None")
    for run, (pattern, unrolled, looped) in zip(runs, shape.runs, strict=True):
        for i in range(unrolled):
            lines += _call_site(f"{run}_{i}", pattern, shape, " " * 4)
        if looped:
            lines.append(f"    for _impl in {run}_rest:")
            lines += _call_site("_impl", pattern, shape, " " * 8)
    if shape.policy == "collect":
        lines += ["    if _errors:", "        raise _group(_errors)"]
    lines.append("    return None" if shape.firstresult else "    return _results")
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=512)
def _compile(shape: Shape) -> CodeType:
    """The code of a caller of ``shape``, compiled once per process.

    The source is registered with :mod:`linecache` (as ``attrs`` does) so
    that tracebacks through a caller show its lines.
    """
    if any(name.startswith("_") for name in shape.argnames):
        raise ValueError(f"hook arguments must not start with '_': {shape.argnames}")
    source = _source(shape)
    filename = f"<nailgun-hooks caller {next(_counter)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    module = compile(source, filename, "exec")
    (code,) = (c for c in module.co_consts if isinstance(c, CodeType))
    return code


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
    def bad_call(**given: object) -> HookCallError:
        # names only: the values may be credentials from deployment data
        missing = [name for name, value in given.items() if value is MISSING]
        return HookCallError(
            f"hook {spec.name!r} called without argument(s) "
            f"{', '.join(map(repr, missing))}; it takes "
            f"{', '.join(spec.argnames)} (by keyword)"
        )

    return bad_call


def _pluggy_fallback(
    spec: HookSpec,
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    notes: Attribution,
) -> Callable[[dict[str, object]], Any]:
    """A call through pluggy's ``_hookexec`` under the ``collect`` policy
    (``propagate`` calls ``_hookexec`` from the generated code itself)."""
    name, firstresult = spec.name, spec.firstresult
    hookexec = plugin_manager._hookexec
    plain = [impl for impl in impls if not (impl.wrapper or impl.hookwrapper)]

    def collect(kwargs: dict[str, object]) -> Any:
        errors: list[Exception] = []
        raised: list[Exception] = []
        last = plain[0] if plain else None  # pluggy's list runs backwards
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
    watched: bool = False,
) -> Caller:
    """The caller of ``spec`` over ``impls`` (in pluggy's order: last called
    first), as a plain function with the hook's keywords.

    :param watched: the caller will be rebuilt whenever
        ``plugin_manager._inner_hookexec`` is replaced, so it need not check.

    The function also carries ``name``, ``spec``, ``policy``,
    ``implementations`` and ``extension_names`` (call order), and ``fast``
    (False when every call goes through pluggy).
    """
    impls = tuple(impls)
    in_order = tuple(reversed(impls))
    notes = Attribution(spec.name, in_order, distributions or {})
    mode = choose_mode(impls, plugin_manager, watched=watched)
    runs = _runs(in_order, spec.argnames, notes) if mode != "pluggy" else []
    shape = Shape(
        argnames=spec.argnames,
        firstresult=spec.firstresult,
        policy=policy,
        mode=mode,
        runs=tuple(
            (pattern, min(len(functions), UNROLL), len(functions) > UNROLL)
            for pattern, functions in runs
        ),
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

    namespace: dict[str, Any] = {
        "__builtins__": builtins,
        "_MISSING": MISSING,
        "_bad_call": _bad_call_factory(spec),
        "_pm": plugin_manager,
        "_multicall": _multicall,
        "_hookexec": plugin_manager._hookexec,
        "_name": name,
        "_impls": impls,
        "_firstresult": spec.firstresult,
        "_from_traceback": notes.add_from_traceback,
        "_fallback": _pluggy_fallback(spec, impls, plugin_manager, notes),
        "_note": notes.add,
        "_failed": failed,
        "_group": lambda errors: failure_group(name, errors),
    }
    for index, (_, functions) in enumerate(runs):
        namespace.update(
            {f"_run{index}_{i}": f for i, f in enumerate(functions[:UNROLL])}
        )
        namespace[f"_run{index}_rest"] = functions[UNROLL:]
    code = _compile(shape)
    if sys.version_info >= (3, 11):
        code = code.replace(co_name=name, co_qualname=name)
    else:  # pragma: no cover - Python 3.10
        code = code.replace(co_name=name)
    caller = types.FunctionType(code, namespace, name)
    caller.__kwdefaults__ = dict.fromkeys(spec.argnames, MISSING)
    _describe(caller, spec, policy, mode, in_order)
    return caller


def choose_mode(
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    *,
    watched: bool,
) -> Mode:
    inner = getattr(plugin_manager, "_inner_hookexec", None)
    if inner is None or any(impl.wrapper or impl.hookwrapper for impl in impls):
        return "pluggy"
    if not watched:
        return "checked"
    return "direct" if inner is _multicall else "pluggy"


@functools.lru_cache(maxsize=64)
def _doc(function: Callable[..., object]) -> str | None:
    return inspect.getdoc(function)


def _describe(
    caller: Caller,
    spec: HookSpec,
    policy: Policy,
    mode: Mode,
    in_order: tuple[pluggy.HookImpl, ...],
) -> None:
    caller.__name__ = caller.__qualname__ = spec.name
    caller.__doc__ = _doc(spec.function)
    vars(caller).update(
        name=spec.name,
        spec=spec,
        policy=policy,
        fast=mode != "pluggy",
        mode=mode,
        implementations=in_order,
        extension_names=tuple(impl.plugin_name for impl in in_order),
    )


def lazy_caller(
    spec: HookSpec,
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    *,
    policy: Policy = "propagate",
    distributions: Mapping[str, str | None] | None = None,
    watched: bool = False,
    install: Callable[[Caller, Caller], None],
) -> Caller:
    """A stand-in that builds the real caller at its first call.

    Most of Nailgun's 24 events have no implementation in a given
    installation and many relays (one per set of cluster extensions) never
    fire most of them; building every caller up front cost more than a
    millisecond of each start, mostly compiling code never run. The stand-in
    carries the same attributes; at its first call it builds the caller over
    its own snapshot, calls ``install(stand_in, caller)`` so the relay can
    swap it in (unless the relay moved on meanwhile), and calls it.
    """
    impls = tuple(impls)

    def build() -> Caller:
        return build_caller(
            spec,
            impls,
            plugin_manager,
            policy=policy,
            distributions=distributions,
            watched=watched,
        )

    def stand_in(**kwargs: object) -> Any:
        caller = build()
        install(stand_in, caller)
        return caller(**kwargs)

    mode = choose_mode(impls, plugin_manager, watched=watched)
    _describe(stand_in, spec, policy, mode, tuple(reversed(impls)))
    return stand_in
