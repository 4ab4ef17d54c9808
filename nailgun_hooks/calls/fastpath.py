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
form a run whose first few are called one by one and the rest in a loop, so
the code stays small and is compiled once per shape (see
:mod:`nailgun_hooks.calls.codegen`), and only when a hook is first called (see
:func:`lazy_caller`). Where pluggy's own machinery matters the caller hands
the call to the manager's (:func:`nailgun_hooks._pluggy_internals.hookexec`:
pluggy's ``_hookexec``, or the loop standing in for it): hooks with wrappers
(their protocol is pluggy's to define), and plugin managers with tracing or
monitoring on (``enable_tracing`` / ``add_hookcall_monitoring`` replace the
function calls run through). A
:class:`~nailgun_hooks.startup.plugin_manager.NailgunPluginManager` reports that
replacement and its relays rebuild their callers (mode ``direct``); on any
other plugin manager the generated code compares that function on every
call (mode ``checked``).

Every caller is strict: keyword-only parameters, so an unknown keyword is
Python's own ``TypeError`` naming the hook and the keyword, and a missing one
a :class:`~nailgun_hooks.errors.HookCallError` naming all that are missing
(a ``**kwargs`` catch-all to turn the former into a ``HookCallError`` too
would cost a dict on every call, which is much of a cheap call's time).
Exceptions are attributed to the extension that raised them (see
:mod:`nailgun_hooks.calls.attribution` and :mod:`nailgun_hooks.calls.policy`).
"""

from __future__ import annotations

import builtins
import copy
import functools
import inspect
import itertools
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pluggy

from .. import _pluggy_internals
from .._pluggy_loop import did_not_yield, finish_wrapper, yielded_again
from ..errors import ExtensionNotFoundError, HookCallError
from ..spec.catalogue import HookSpec
from . import codegen
from .attribution import Attribution
from .codegen import Mode, Pattern, Shape
from .policy import Policy, add_note, failure_group
from .tracing import timed_implementations, traced

Caller = Callable[..., Any]


class _Missing:
    """The default of every keyword of a caller: "not passed"."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<not passed>"


MISSING = _Missing()


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
    hookexec = _pluggy_internals.hookexec(plugin_manager)
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
    trace: bool = False,
) -> Caller:
    """The caller of ``spec`` over ``impls`` (in pluggy's order: last called
    first), as a plain function with the hook's keywords.

    :param watched: the caller will be rebuilt whenever
        tracing is switched on ``plugin_manager``, so it need not check.
    :param trace: log each call and each implementation's duration (see
        :mod:`nailgun_hooks.calls.tracing`); the untraced caller is built
        over timed copies of ``impls`` and wrapped, and over ``impls``
        themselves for the calls whose records would be dropped.

    The function also carries ``name``, ``spec``, ``policy``,
    ``implementations`` and ``extension_names`` (call order), and ``fast``
    (False when every call goes through pluggy).
    """
    impls = tuple(impls)
    in_order = tuple(reversed(impls))
    if trace:
        inner = build_caller(
            spec,
            timed_implementations(spec.name, impls),
            plugin_manager,
            policy=policy,
            distributions=distributions,
            watched=watched,
        )
        quiet = build_caller(
            spec,
            impls,
            plugin_manager,
            policy=policy,
            distributions=distributions,
            watched=watched,
        )
        names = [impl.plugin_name for impl in in_order]
        outer = traced(spec.name, inner, names, quiet=quiet)
        _name_caller(outer, spec, policy, vars(inner)["mode"], in_order)
        outer.traced = True  # type: ignore[attr-defined]
        return outer
    mode = choose_mode(impls, plugin_manager, watched=watched, policy=policy)
    caller = _generated(spec, impls, plugin_manager, policy, distributions or {}, mode)
    _name_caller(caller, spec, policy, mode, in_order)
    return caller


def _generated(
    spec: HookSpec,
    impls: tuple[pluggy.HookImpl, ...],
    plugin_manager: pluggy.PluginManager,
    policy: Policy,
    distributions: Mapping[str, str | None],
    mode: Mode,
) -> Caller:
    """The generated caller of ``impls`` in ``mode``.

    Outside ``pluggy`` mode, new-style wrappers are driven by the caller
    around the calls of the plain implementations.
    """
    in_order = tuple(reversed(impls))
    notes = Attribution(spec.name, in_order, distributions)
    wrappers = tuple(i for i in in_order if i.wrapper) if mode != "pluggy" else ()
    plain = tuple(i for i in in_order if not i.wrapper)
    runs = _runs(plain, spec.argnames, notes) if mode != "pluggy" else []
    shape = Shape(
        argnames=spec.argnames,
        firstresult=spec.firstresult,
        policy=policy,
        mode=mode,
        runs=tuple(
            (
                pattern,
                min(len(functions), codegen.UNROLL),
                len(functions) > codegen.UNROLL,
            )
            for pattern, functions in runs
        ),
        wrappers=tuple(_pattern(w, spec.argnames) for w in wrappers),
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
        "_pm": _pluggy_internals.call_state(plugin_manager),
        "_pluggy_loop": _pluggy_internals.plain_loop,
        "_pluggy_call": _pluggy_internals.hookexec(plugin_manager),
        "_name": name,
        "_impls": notes.shielded(impls),
        "_firstresult": spec.firstresult,
        "_from_traceback": notes.add_from_traceback,
        "_fallback": _pluggy_fallback(spec, impls, plugin_manager, notes),
        "_note": notes.add,
        "_failed": failed,
        "_group": lambda errors: failure_group(name, errors),
        "_did_not_yield": did_not_yield,
        "_finish": finish_wrapper,
        "_yielded_again": yielded_again,
    }
    namespace.update({f"_wrap{i}": w.function for i, w in enumerate(wrappers)})
    unroll = codegen.UNROLL
    for index, (_, functions) in enumerate(runs):
        namespace.update(
            {f"_run{index}_{i}": f for i, f in enumerate(functions[:unroll])}
        )
        namespace[f"_run{index}_rest"] = functions[unroll:]
    code = codegen.compile_shape(shape)
    if sys.version_info >= (3, 11):
        code = code.replace(co_name=name, co_qualname=name)
    else:  # pragma: no cover - Python 3.10
        code = code.replace(co_name=name)
    caller = types.FunctionType(code, namespace, name)
    caller.__kwdefaults__ = dict.fromkeys(spec.argnames, MISSING)
    return caller


def choose_mode(
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    *,
    watched: bool,
    policy: Policy = "propagate",
) -> Mode:
    """How a caller of ``impls`` runs them (see :data:`.codegen.Mode`).

    Old-style hookwrappers, and wrappers under the ``collect`` policy (whose
    group is raised inside pluggy's loop), always go through pluggy's loop;
    so do wrappers in a list that does not call them all first (pluggy's
    own lists always do).
    """
    if any(impl.hookwrapper for impl in impls):
        return "pluggy"
    wrapped = [impl.wrapper for impl in impls]
    if any(wrapped) and (policy != "propagate" or wrapped != sorted(wrapped)):
        return "pluggy"
    inner = _pluggy_internals.inner_hookexec(plugin_manager)
    if inner is None:
        return "pluggy"
    if not watched:
        return "checked"
    return "direct" if inner is _pluggy_internals.plain_loop else "pluggy"


@functools.lru_cache(maxsize=64)
def _doc(function: Callable[..., object]) -> str | None:
    return inspect.getdoc(function)


def _name_caller(
    caller: Caller,
    spec: HookSpec,
    policy: Policy,
    mode: Mode,
    in_order: tuple[pluggy.HookImpl, ...],
) -> None:
    """Give ``caller`` its hook's name and doc, and the attributes a hook
    caller answers with (its spec, policy, implementations...)."""
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
        traced=False,
    )


def lazy_caller(
    spec: HookSpec,
    impls: Sequence[pluggy.HookImpl],
    plugin_manager: pluggy.PluginManager,
    *,
    policy: Policy = "propagate",
    distributions: Mapping[str, str | None] | None = None,
    watched: bool = False,
    trace: bool = False,
    install: Callable[[Caller, Caller], None],
) -> Caller:
    """A stand-in that builds the real caller at its first call.

    Most of Nailgun's 24 events have no implementation in a given
    installation and many relays (one per set of cluster extensions) never
    fire most of them; building every caller up front cost more than a
    millisecond of each start, mostly compiling code never run. The stand-in
    carries the same attributes; at its first call it builds the caller over
    its own snapshot, calls ``install(stand_in, caller)`` so the relay can
    swap it in (unless the relay moved on meanwhile), and calls it. A host
    that kept the stand-in itself (``update = manager.hook.on_node_update``
    before any call) keeps calling the caller built then, never building
    another: each build compiles nothing new but costs far more than a call.
    """
    impls = tuple(impls)
    built: list[Caller] = []

    def build() -> Caller:
        return build_caller(
            spec,
            impls,
            plugin_manager,
            policy=policy,
            distributions=distributions,
            watched=watched,
            trace=trace,
        )

    def stand_in(**kwargs: object) -> Any:
        if built:
            return built[0](**kwargs)
        caller = build()
        built.append(caller)  # two threads may both build: either will do
        install(stand_in, caller)
        return caller(**kwargs)

    mode = choose_mode(impls, plugin_manager, watched=watched, policy=policy)
    _name_caller(stand_in, spec, policy, mode, tuple(reversed(impls)))
    stand_in.traced = trace  # type: ignore[attr-defined]
    return stand_in


def unavailable_caller(spec: HookSpec, message: str) -> Caller:
    """A caller that calls nothing and raises
    :class:`~nailgun_hooks.errors.ExtensionNotFoundError` with ``message``.

    It stands where a scoped relay's caller was when an extension its scope
    requires stopped being loaded: running the others without it would
    skip it silently (a deployment check passing that should fail).
    """

    def unavailable(**kwargs: object) -> Any:
        raise ExtensionNotFoundError(message)

    _name_caller(unavailable, spec, "propagate", "pluggy", ())
    return unavailable
