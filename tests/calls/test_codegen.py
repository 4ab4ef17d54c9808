"""nailgun_hooks.calls.codegen: the source of a caller for each shape, and
its compilation once per shape."""

from __future__ import annotations

import dataclasses
import linecache
import sys
import types
from typing import Any

import pytest

from nailgun_hooks._pluggy_internals import STATE_ATTRIBUTE, WRAPPER_CHAIN_FILES
from nailgun_hooks.calls.codegen import Shape, compile_shape, source
from nailgun_hooks.calls.policy import add_note

if sys.version_info < (3, 11):
    from exceptiongroup import ExceptionGroup

MISSING = object()
NODE: Any = (("node",), ())  # the call pattern of an implementation taking ``node``


class Refused(Exception):
    pass


def caller(shape: Shape, **names: object) -> Any:
    """The compiled caller of ``shape`` over the globals ``names`` (what
    the fast path provides), with what every shape uses filled in."""
    namespace: dict[str, object] = {
        "_MISSING": MISSING,
        "_bad_call": lambda **given: TypeError(sorted(given.items())),
        "_note": lambda exc, impl: add_note(exc, f"by {impl.__name__}"),
        **names,
    }
    function = types.FunctionType(compile_shape(shape), namespace)
    function.__kwdefaults__ = dict.fromkeys(shape.argnames, MISSING)
    return function


def answering(name: str, answer: object, calls: list[str]) -> Any:
    def implementation(node: object) -> object:
        calls.append(name)
        if answer is Refused:
            raise Refused(name)
        return answer

    implementation.__name__ = name
    return implementation


def shape(**changes: Any) -> Shape:
    base = Shape(
        argnames=("node",),
        firstresult=False,
        policy="propagate",
        mode="direct",
        runs=((NODE, 2, True),),
    )
    return dataclasses.replace(base, **changes)


def test_a_notification_calls_every_implementation_and_lists_the_answers() -> None:
    calls: list[str] = []
    run = caller(
        shape(),
        _run0_0=answering("a", 1, calls),
        _run0_1=answering("b", None, calls),
        _run0_rest=[answering("c", 3, calls), answering("d", None, calls)],
    )
    assert run(node="n") == [1, 3]
    assert calls == ["a", "b", "c", "d"]


def test_a_first_result_call_stops_at_the_first_answer() -> None:
    calls: list[str] = []
    run = caller(
        shape(firstresult=True),
        _run0_0=answering("a", None, calls),
        _run0_1=answering("b", None, calls),
        _run0_rest=[answering("c", "C", calls), answering("d", "D", calls)],
    )
    assert run(node="n") == "C"
    assert calls == ["a", "b", "c"]
    calls.clear()
    nobody = caller(
        shape(firstresult=True, runs=((NODE, 1, False),)),
        _run0_0=answering("a", None, calls),
    )
    assert nobody(node="n") is None


def test_propagate_stops_at_the_first_exception_and_notes_it() -> None:
    calls: list[str] = []
    run = caller(
        shape(runs=((NODE, 3, False),)),
        _run0_0=answering("a", None, calls),
        _run0_1=answering("b", Refused, calls),
        _run0_2=answering("c", None, calls),
    )
    with pytest.raises(Refused) as info:
        run(node="n")
    assert calls == ["a", "b"]
    assert info.value.__notes__ == ["by b"]


@pytest.mark.parametrize("firstresult", [False, True])
def test_collect_calls_everyone_and_raises_the_failures_together(
    firstresult: bool,
) -> None:
    calls: list[str] = []
    collected: list[tuple[object, str]] = []

    def failed(errors: list[Exception] | None, exc: Exception, impl: Any) -> list[Any]:
        collected.append((exc.args, impl.__name__))
        return [*(errors or []), exc]

    run = caller(
        shape(policy="collect", firstresult=firstresult, runs=((NODE, 3, False),)),
        _run0_0=answering("a", Refused, calls),
        _run0_1=answering("b", None, calls),
        _run0_2=answering("c", Refused, calls),
        _failed=failed,
        _group=lambda errors: ExceptionGroup("failed", errors),
    )
    with pytest.raises(ExceptionGroup) as info:
        run(node="n")
    assert calls == ["a", "b", "c"]
    assert collected == [(("a",), "a"), (("c",), "c")]
    assert [e.args for e in info.value.exceptions] == [("a",), ("c",)]


def test_collect_first_result_raises_the_failures_before_the_answer() -> None:
    calls: list[str] = []
    run = caller(
        shape(policy="collect", firstresult=True, runs=((NODE, 3, False),)),
        _run0_0=answering("a", Refused, calls),
        _run0_1=answering("b", "B", calls),
        _run0_2=answering("c", "C", calls),
        _failed=lambda errors, exc, impl: [*(errors or []), exc],
        _group=lambda errors: ExceptionGroup("failed", errors),
    )
    with pytest.raises(ExceptionGroup):
        run(node="n")
    assert calls == ["a", "b"]


def test_a_missing_argument_raises_what_bad_call_makes_of_the_call() -> None:
    run = caller(
        shape(argnames=("node", "volumes"), runs=()),
    )
    with pytest.raises(TypeError) as info:
        run(node="n")
    assert info.value.args == ([("node", "n"), ("volumes", MISSING)],)
    assert run(node="n", volumes=[]) == []


def test_defaulted_parameters_are_passed_by_name() -> None:
    seen: list[tuple[object, object]] = []

    def implementation(volumes: object, node: object = None) -> None:
        seen.append((volumes, node))

    run = caller(
        shape(
            argnames=("node", "volumes"), runs=(((("volumes",), ("node",)), 1, False),)
        ),
        _run0_0=implementation,
    )
    assert run(volumes="v", node="n") == []
    assert seen == [("v", "n")]


@pytest.mark.parametrize("policy", ["propagate", "collect"])
def test_the_pluggy_mode_only_hands_the_call_over(policy: Any) -> None:
    text = source(shape(mode="pluggy", policy=policy))
    assert "_run0" not in text
    if policy == "propagate":
        assert (
            "return _pluggy_call(_name, [*_impls], {'node': node}, _firstresult)"
            in text
        )
        assert "_from_traceback(_exc)" in text
    else:
        assert "return _fallback({'node': node})" in text
        assert "_pluggy_call" not in text


def test_the_checked_mode_hands_over_only_once_the_call_loop_was_replaced() -> None:
    class Manager:
        pass

    loop = object()
    pm = Manager()
    setattr(pm, STATE_ATTRIBUTE, loop)
    handed: list[object] = []
    run = caller(
        shape(mode="checked", runs=((NODE, 1, False),)),
        _run0_0=lambda node: "generated",
        _pm=pm,
        _pluggy_loop=loop,
        _pluggy_call=lambda *args: handed.append(args) or ["pluggy"],
        _name="on_node_update",
        _impls=("impl",),
        _firstresult=False,
        _from_traceback=lambda exc: None,
    )
    assert run(node="n") == ["generated"]
    setattr(pm, STATE_ATTRIBUTE, object())  # monitoring switched on
    assert run(node="n") == ["pluggy"]
    assert handed == [("on_node_update", ["impl"], {"node": "n"}, False)]


def test_a_shape_is_compiled_once_and_its_lines_are_readable() -> None:
    plain = shape(argnames=("node", "cluster"))
    assert compile_shape(plain) is compile_shape(dataclasses.replace(plain))
    code = compile_shape(plain)
    assert code.co_filename.startswith("<nailgun-hooks caller ")
    assert "".join(linecache.getlines(code.co_filename)) == source(plain)
    chained = shape(argnames=("node", "cluster"), wrappers=(NODE,))
    assert compile_shape(chained).co_filename.startswith(WRAPPER_CHAIN_FILES)


def test_an_argument_named_like_the_generated_codes_own_names_is_refused() -> None:
    with pytest.raises(ValueError, match="must not start with '_'"):
        compile_shape(shape(argnames=("_result",)))


def test_generated_source_is_specialised() -> None:
    shape = Shape(
        argnames=("node", "volumes"),
        firstresult=True,
        policy="propagate",
        mode="direct",
        runs=(
            ((("node", "volumes"), ()), 2, False),
            ((("volumes",), ("node",)), 1, True),
        ),
    )
    text = source(shape)
    assert "_run0_0(node, volumes)" in text
    assert "_run0_1(node, volumes)" in text
    assert "_run1_0(volumes, node=node)" in text
    assert "for _impl in _run1_rest:" in text
    assert "_impl(volumes, node=node)" in text
    assert "return _result" in text
    assert "_results" not in text  # first-result: no list is built
    assert "_errors" not in text  # propagate: nothing is collected
    assert "_inner_hookexec" not in text  # direct: rebuilt when it changes
    checked = source(dataclasses.replace(shape, mode="checked"))
    assert f"if _pm.{STATE_ATTRIBUTE} is not _pluggy_loop:" in checked


def test_the_wrapper_chain_source_starts_calls_and_finishes() -> None:
    shape = Shape(
        argnames=("node", "volumes"),
        firstresult=False,
        policy="propagate",
        mode="checked",
        runs=(((("node",), ()), 1, True),),
        wrappers=((("node",), ()), (("volumes",), ("node",))),
    )
    text = source(shape)
    steps = [
        f"_pm.{STATE_ATTRIBUTE}",
        "_started = 0",
        "_teardown0 = _wrap0(node)",
        "next(_teardown0)",
        "_started = 1",
        "_teardown1 = _wrap1(volumes, node=node)",
        "next(_teardown1)",
        "_started = 2",
        "_result = _run0_0(node)",
        "for _impl in _run0_rest:",
        "_result = _impl(node)",
        "_result = _results",
        "if _started > 1:",
        "_teardown1.send(_result)",
        "_finish(_teardown1, _result, _failure)",
        "if _started > 0:",
        "_teardown0.send(_result)",
        "_finish(_teardown0, _result, _failure)",
        "raise _failure",
    ]
    where = [text.index(step) for step in steps]
    assert where == sorted(where)
    with pytest.raises(ValueError, match="propagate"):
        source(dataclasses.replace(shape, policy="collect"))
