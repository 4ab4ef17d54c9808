"""Each implementation checked against its event's spec
(:mod:`nailgun_hooks.startup.implementation_checks`).

The verdict on a signature matches what actually happens when the hook is
called: the oracle calls a generated implementation exactly as pluggy 1.7 does
(parameters without defaults positionally, parameters with defaults by
keyword when the caller passes them) and says "works" only when the call
succeeds and every declared parameter received the argument of its name: a
parameter left at its default, an empty ``*args``/``**kwargs`` is a silent
failure, not a success.
"""

from __future__ import annotations

import functools
import inspect
import types
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.markers import PROJECT_NAME
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.startup.checks import check_candidates
from nailgun_hooks.startup.implementation_checks import check_implementation
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import Candidate, Implementation, description_of
from nailgun_hooks.types import Cluster, Node

P = inspect.Parameter
KINDS = [
    P.POSITIONAL_ONLY,
    P.POSITIONAL_OR_KEYWORD,
    P.VAR_POSITIONAL,
    P.KEYWORD_ONLY,
    P.VAR_KEYWORD,
]
MISSING = object()


@st.composite
def implementations(draw: st.DrawFn) -> tuple[str, inspect.Signature]:
    hook = draw(st.sampled_from(sorted(specs())))
    pool = [*specs()[hook].argnames, "extra", "force", "args", "kwargs"]
    names = draw(st.lists(st.sampled_from(pool), unique=True, max_size=4))
    params = []
    for name in names:
        kind = draw(st.sampled_from(KINDS))
        has_default = kind not in (P.VAR_POSITIONAL, P.VAR_KEYWORD) and draw(
            st.booleans()
        )
        params.append(P(name, kind, default=None if has_default else P.empty))
    # Python's own rules: one of each variadic, kinds in order, and no
    # positional parameter without a default after one with a default.
    seen: set[Any] = set()
    valid = []
    for param in sorted(params, key=lambda p: KINDS.index(p.kind)):
        if param.kind in (P.VAR_POSITIONAL, P.VAR_KEYWORD) and param.kind in seen:
            continue
        seen.add(param.kind)
        valid.append(param)
    positional_default = False
    fixed = []
    for param in valid:
        if param.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD):
            if param.default is not P.empty:
                positional_default = True
            elif positional_default:
                param = param.replace(default=None)
        fixed.append(param)
    return hook, inspect.Signature(fixed)


def build_function(hook: str, signature: inspect.Signature) -> Any:
    source = f"def {hook}{signature}:\n    return dict(locals())\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    return namespace[hook]


def oracle(function: Any, hook: str) -> bool:
    """Call it as pluggy 1.7 does; did every parameter get its argument?"""
    spec = specs()[hook]
    arguments = {name: object() for name in spec.argnames}
    signature = inspect.signature(function)
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
        and p.default is P.empty
    ]
    keywords = [
        p.name
        for p in signature.parameters.values()
        if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
        and p.default is not P.empty
    ]
    try:
        received = function(
            *[arguments[name] for name in positional],
            **{name: arguments[name] for name in keywords if name in arguments},
        )
    except (KeyError, TypeError):
        return False
    return all(
        name in arguments and received[name] is arguments[name]
        for name in signature.parameters
    )


@settings(max_examples=300, deadline=None)
@given(implementations())
def test_signature_accepted_exactly_when_the_call_works(
    impl: tuple[str, inspect.Signature],
) -> None:
    hook, signature = impl
    function = build_function(hook, signature)
    plugin = type("Generated", (), {hook: staticmethod(hookimpl(function))})()
    plugin.name = "generated"  # type: ignore[attr-defined]
    plugin.version = "1.0"  # type: ignore[attr-defined]
    plugin.description = "generated"  # type: ignore[attr-defined]
    checked = check_candidates(
        [Candidate(description_of(plugin))],
        installed={"generated"},
        plugin_manager=NailgunPluginManager(),
    )
    accepted = not checked.problems
    assert accepted == oracle(function, hook), (signature, checked.problems)


def test_accepted_implementations_really_receive_their_arguments() -> None:
    """The end-to-end version of the oracle for one accepted shape, through
    the manager: a default-valued spec argument is passed (pluggy >= 1.7)."""
    seen = {}

    class Ext(BaseExtension):
        name, version, description = "ext", "1.0", "records"

        @hookimpl
        def on_cluster_create(self, data, /, cluster=None):
            seen.update(data=data, cluster=cluster)

    build_manager([Ext]).hook.on_cluster_create(cluster="c", data="d")
    assert seen == {"data": "d", "cluster": "c"}


# --- one implementation, every finding in order ---------------------------------


class Owner(BaseExtension):
    name, version, description = "owner", "1.0", "owns the functions checked"


def _check(
    function: Any, hook: str = "on_node_update", **opts: object
) -> list[tuple[str, str, str]]:
    """(code, message, hint) of each problem, in the order reported."""
    bound = types.MethodType(function, Owner())
    marked = {PROJECT_NAME + "_impl": {}}
    bound.__func__.__dict__.update(marked)
    impl = Implementation(function.__name__, hook, bound, opts)
    problems = check_implementation(description_of(Owner()), impl, specs()[hook])
    assert all(p.hook == hook and p.extension == "owner" for p in problems)
    return [(p.code, p.message, p.hint) for p in problems]


def _codes(function: Any, hook: str = "on_node_update", **opts: object) -> list[str]:
    return [code for code, _, _ in _check(function, hook, **opts)]


def test_every_finding_in_the_order_of_the_checks() -> None:
    def on_node_update(self, nod: Cluster, *args, node, **kw) -> int:
        return 1

    assert _codes(
        on_node_update, wrapper=True, hookwrapper=True, tryfirst=True, trylast=True
    ) == [
        "bad-wrapper",
        "conflicting-order-marks",
        "wrapper-not-generator",
        "unknown-argument",
        "variadic-argument",
        "keyword-only-argument",
        "variadic-argument",
    ]


def test_a_plain_implementation_is_judged_by_its_return_too() -> None:
    def on_node_update(self, node: Cluster, extra=None) -> int:
        return 1

    found = _check(on_node_update)
    assert [code for code, _, _ in found] == [
        "incompatible-argument-type",
        "unknown-argument",
        "incompatible-return-type",
    ]
    assert found[0][1] == (
        "parameter 'node' is annotated Cluster but on_node_update passes Node"
    )
    assert found[0][2] == "annotate it Node (or a supertype), or drop the annotation"
    assert "(its default hides the mistake: it is never passed)" in found[1][1]
    assert found[2] == (
        "incompatible-return-type",
        "it returns int but on_node_update expects None",
        "return None",
    )


def test_a_wrapper_return_is_its_own_business() -> None:
    def on_node_update(self, node: Node) -> int:
        yield
        return 1

    assert _codes(on_node_update, wrapper=True) == []
    assert _codes(on_node_update, hookwrapper=True) == []
    assert _codes(on_node_update) == [
        "generator-not-wrapper",
        "incompatible-return-type",
    ]


def test_one_unknown_and_one_missing_is_a_rename() -> None:
    def on_cluster_create(self, cluster, date):
        pass

    def on_cluster_create_two(self, clustr, date):
        pass

    (found,) = _check(on_cluster_create, "on_cluster_create")
    assert found[2] == "rename 'date' to 'data'"
    assert [
        hint for _, _, hint in _check(on_cluster_create_two, "on_cluster_create")
    ] == [
        "did you mean 'cluster'?",
        "did you mean 'data'?",
    ]


def test_an_unknown_argument_far_from_any_is_to_be_removed() -> None:
    def on_node_update(self, node, zzz=1):
        pass

    assert _check(on_node_update)[0][2] == "remove 'zzz'"


def test_a_positional_only_default_fails_by_keyword() -> None:
    def on_node_update(self, node=None, /):
        pass

    assert _codes(on_node_update) == ["positional-only-default"]


def test_async_stops_the_checks_even_behind_a_decorator() -> None:
    async def on_node_update(self, nod: int, *args) -> int:
        return 1

    @functools.wraps(on_node_update)
    def wrapper(*args, **kwargs):
        pass

    assert _check(on_node_update, trylast=True, tryfirst=True) == [
        (
            "async-implementation",
            "on_node_update is 'async def': Nailgun calls hooks synchronously, "
            "so the coroutine would never run",
            "make it a plain 'def'",
        )
    ]
    assert "'async def' behind its decorator" in _check(wrapper)[0][1]


def test_what_pluggy_cannot_read_is_the_only_finding() -> None:
    def on_node_update(self, nod: int) -> int:
        return 1

    record = description_of(Owner())
    partial = functools.partial(on_node_update, None)
    impl = Implementation("on_node_update", "on_node_update", partial, {})
    (problem,) = check_implementation(record, impl, specs()["on_node_update"])
    assert problem.code == "not-a-function"
    assert (
        problem.hint
        == "define on_node_update as a plain method (def on_node_update(self, node))"
    )
    assert problem.location == record.problem("x", "y").location  # the class's


def test_the_source_is_read_only_for_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    """An implementation's location reads its source file: a clean one is
    never located; one with a problem still is, at its ``def``."""
    from nailgun_hooks.startup import records

    located: list[object] = []
    real = records.function_location

    def counted(function: object) -> str | None:
        located.append(function)
        return real(function)

    monkeypatch.setattr(records, "function_location", counted)
    record = description_of(Owner())

    @hookimpl
    def on_node_update(self: object, node: Node) -> None: ...

    @hookimpl
    def misnamed(self: object, nod: Node) -> None: ...

    for function, expected in ((on_node_update, 0), (misnamed, 1)):
        located.clear()
        impl = Implementation(
            "on_node_update",
            "on_node_update",
            types.MethodType(function, Owner()),
            {},
        )
        problems = check_implementation(record, impl, specs()["on_node_update"])
        assert len(problems) == expected
        assert bool(located) == bool(expected)
        for problem in problems:
            assert problem.location == real(function)
