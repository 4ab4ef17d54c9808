"""pluggy's call loop and call monitoring, rebuilt from what pluggy documents.

When pluggy's private call loop is out of reach (see
:mod:`nailgun_hooks._pluggy_internals`), relays still have to run a list of
implementations exactly as a pluggy ``HookCaller`` would, wrappers and
monitors included, and to run lists pluggy never sees (a snapshot, a subset,
implementations swapped for the ``collect`` policy). Everything here uses
only pluggy's public surface: a ``HookImpl``'s attributes, the documented
wrapper protocols, ``pluggy.Result`` and ``PluggyTeardownRaisedWarning``,
and the ``before``/``after`` contract of ``add_hookcall_monitoring``.

The protocols, as pluggy documents them: implementations are called from the
end of the list to its start, each with the call's arguments it names; a
first-result call stops at the first answer that is not None. A new-style
wrapper (``wrapper=True``) is a generator that yields once; what it yields
to receives the result (or has the exception thrown in at the ``yield``),
and what it returns replaces the result (what it raises replaces it with
that exception). An old-style wrapper (``hookwrapper=True``) yields once and
receives a ``pluggy.Result``, which it may change with ``force_result`` or
``force_exception``. Wrappers finish in the reverse of the order they started.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Generator, Mapping, Sequence
from typing import Any, cast

import pluggy

__all__ = [
    "CallChain",
    "call_loop",
    "did_not_yield",
    "finish_wrapper",
    "outcome_of",
    "start_wrapper",
    "yielded_again",
]

HookExec = Callable[[str, Sequence[pluggy.HookImpl], Mapping[str, object], bool], Any]
Teardown = Generator[None, object, object]


def outcome_of(call: Callable[[], object]) -> pluggy.Result[object]:
    """What ``call()`` returned or raised, as the ``pluggy.Result`` that
    old-style wrappers and monitors receive."""
    try:
        value = call()
    except BaseException as exc:
        return pluggy.Result(None, exc)
    return pluggy.Result(value, None)


def _arguments(
    impl: pluggy.HookImpl, given: Mapping[str, object]
) -> tuple[list[object], dict[str, object] | None]:
    """The positional arguments ``impl`` asks for, and those it declares
    with a default (passed by name, when the call has them)."""
    try:
        args = [given[name] for name in impl.argnames]
    except KeyError as missing:
        raise pluggy.HookCallError(
            f"hook call must provide argument {missing.args[0]!r}"
        ) from missing
    named = {name: given[name] for name in impl.kwargnames if name in given}
    return args, named or None


def _call(
    impl: pluggy.HookImpl, args: list[object], named: dict[str, object] | None
) -> Any:
    return impl.function(*args) if named is None else impl.function(*args, **named)


def _misbehaved(generator: Any, what: str) -> RuntimeError:
    """The error a wrapper that does not yield exactly once causes."""
    code = generator.gi_code
    return RuntimeError(
        f"wrap_controller at {code.co_name!r} "
        f"{code.co_filename}:{code.co_firstlineno} {what}"
    )


def did_not_yield(generator: Any) -> RuntimeError:
    """The error a wrapper that returned before its ``yield`` causes."""
    return _misbehaved(generator, "did not yield")


def start_wrapper(generator: Any) -> Teardown:
    """``generator`` run to its one ``yield``: a new-style wrapper started."""
    try:
        next(generator)
    except StopIteration:
        raise did_not_yield(generator) from None
    return cast(Teardown, generator)


def _old_style(
    impl: pluggy.HookImpl,
    hook_name: str,
    args: list[object],
    named: dict[str, object] | None,
) -> Teardown:
    """An old-style wrapper seen as a new-style one: it is handed a
    ``pluggy.Result`` and its changes to it become the call's outcome."""
    wrapped = start_wrapper(_call(impl, args, named))
    try:
        value = yield
        outcome = pluggy.Result(value, None)
    except BaseException as exc:
        outcome = pluggy.Result(None, exc)
    try:
        wrapped.send(outcome)
    except StopIteration:
        pass
    except BaseException as exc:
        warnings.warn(
            pluggy.PluggyTeardownRaisedWarning(
                "A plugin raised an exception during an old-style hookwrapper "
                f"teardown.\nPlugin: {impl.plugin_name}, Hook: {hook_name}\n"
                f"{type(exc).__name__}: {exc}\nFor more information see "
                "https://pluggy.readthedocs.io/en/stable/api_reference.html"
                "#pluggy.PluggyTeardownRaisedWarning"
            ),
            stacklevel=6,  # the frame that called the hook
        )
        raise
    else:
        raise _misbehaved(wrapped, "has second yield")
    finally:
        wrapped.close()
    return outcome.get_result()


def finish_wrapper(
    teardown: Teardown, result: object, failure: BaseException | None
) -> tuple[object, BaseException | None]:
    """Resume one wrapper with the call's outcome so far; its own outcome.

    A wrapper that yields a second time ends the call at once with a
    ``RuntimeError``, the wrappers outside it left unfinished, as pluggy does.
    """
    try:
        if failure is None:
            teardown.send(result)
        else:
            try:
                teardown.throw(failure)
            except RuntimeError as error:
                # a StopIteration thrown into a generator comes out as a
                # RuntimeError caused by it: the wrapper let it through
                if isinstance(failure, StopIteration) and error.__cause__ is failure:
                    return result, failure
                raise
    except StopIteration as returned:
        return returned.value, None
    except BaseException as exc:
        return result, exc
    return yielded_again(teardown, result)


def yielded_again(
    teardown: Teardown, result: object
) -> tuple[object, BaseException | None]:
    """The end of a wrapper that yielded a second time: it is closed, and the
    call ends with a ``RuntimeError`` (unless closing it raised: that is
    then the call's outcome)."""
    try:
        teardown.close()
    except StopIteration as returned:
        return returned.value, None
    except BaseException as exc:
        return result, exc
    raise _misbehaved(teardown, "has second yield")


def call_loop(
    hook_name: str,
    impls: Sequence[pluggy.HookImpl],
    kwargs: Mapping[str, object],
    firstresult: bool,
) -> Any:
    """Call ``impls`` (in pluggy's layout: the last is called first) with
    ``kwargs``, as pluggy's own loop does."""
    results: list[object] = []
    failure: BaseException | None = None
    teardowns: list[Teardown] = []
    try:
        for impl in reversed(impls):
            args, named = _arguments(impl, kwargs)
            if impl.hookwrapper:
                teardown = _old_style(impl, hook_name, args, named)
                next(teardown)
                teardowns.append(teardown)
            elif impl.wrapper:
                teardowns.append(start_wrapper(_call(impl, args, named)))
            else:
                answer = _call(impl, args, named)
                if answer is not None:
                    results.append(answer)
                    if firstresult:
                        break
    except BaseException as exc:
        failure = exc
    result: object = (results[0] if results else None) if firstresult else results
    for teardown in reversed(teardowns):
        result, failure = finish_wrapper(teardown, result, failure)
    if failure is not None:
        raise failure
    return result


class CallChain:
    """What a plugin manager runs hook calls through: the call loop, inside
    every monitor added with ``add_hookcall_monitoring`` (``enable_tracing``
    adds one), the last added outermost.

    :attr:`inner_hookexec` is the current outermost function, as pluggy's
    manager keeps its own; undoing a monitor puts back the function that was
    current when it was added, as pluggy's undo does (monitors added after
    it go too).
    """

    def __init__(self) -> None:
        self.inner_hookexec: HookExec = call_loop

    def __call__(
        self,
        hook_name: str,
        impls: Sequence[pluggy.HookImpl],
        kwargs: Mapping[str, object],
        firstresult: bool,
    ) -> Any:
        return self.inner_hookexec(hook_name, impls, kwargs, firstresult)

    def monitor(
        self, before: Callable[..., object], after: Callable[..., object]
    ) -> Callable[[], None]:
        """Call ``before(hook_name, impls, kwargs)`` ahead of every call and
        ``after(outcome, hook_name, impls, kwargs)`` after it; the function
        returned undoes that."""
        inner = self.inner_hookexec

        def monitored(
            hook_name: str,
            impls: Sequence[pluggy.HookImpl],
            kwargs: Mapping[str, object],
            firstresult: bool,
        ) -> Any:
            before(hook_name, impls, kwargs)
            outcome = outcome_of(lambda: inner(hook_name, impls, kwargs, firstresult))
            after(outcome, hook_name, impls, kwargs)
            return outcome.get_result()

        self.inner_hookexec = monitored

        def undo() -> None:
            self.inner_hookexec = inner

        return undo
