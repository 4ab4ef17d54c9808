"""Property tests: validation against an oracle, deterministic order, first
result, and the version check against ``packaging``.

The validation oracle does not look at our validator at all: it registers
the generated implementation in a *raw* pluggy manager, fires the hook with
real argument values of every shape the spec admits, and watches what
happens. An implementation is sound when pluggy accepts it, no call raises,
its body runs, every parameter it declares receives the value the spec
passes under that name, every value fits its annotation (``isinstance``), and
every value it is declared to return fits the spec's return type. The
validator must say "no problems" exactly for the sound ones.
"""

from __future__ import annotations

import collections
import inspect
import itertools
import os
import types
import typing
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import pluggy
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from packaging.version import InvalidVersion, Version

from nailgun_hooks import BaseExtension, build_manager, hookimpl, specs
from nailgun_hooks import hookspecs as nailgun_hookspecs
from nailgun_hooks.markers import PROJECT_NAME
from nailgun_hooks.startup.metadata_checks import VERSION_PATTERN
from nailgun_hooks.types import Cluster, Node, NodeGroup

PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("NAILGUN_HOOKS_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# --- values of every shape a spec type admits ----------------------------------


class NodeSample:
    id = 1
    name = "node-1"
    status = "ready"
    roles: Sequence[str] = ("controller",)
    pending_roles: Sequence[str] = ()
    cluster_id = 1
    cluster = None
    extensions: Sequence[str] = ()


class ClusterSample:
    id = 1
    name = "env-1"
    status = "new"
    extensions: Sequence[str] = ()
    nodes: Sequence[Any] = ()


class NodeGroupSample:
    id = 1
    name = "default"
    cluster_id = 1
    is_default = True
    nodes: Sequence[Any] = ()


def samples(tp: object) -> list[object]:
    """Values covering every runtime shape of the spec type ``tp``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return [value for member in typing.get_args(tp) for value in samples(member)]
    if tp is type(None) or tp is None:
        return [None]
    if tp is Node:
        return [NodeSample()]
    if tp is Cluster:
        return [ClusterSample()]
    if tp is NodeGroup:
        return [NodeGroupSample()]
    if tp is bool:
        return [True, False]
    if tp is int:
        return [7]
    if origin is collections.abc.Sequence:
        (item,) = typing.get_args(tp)
        first = samples(item)[0]
        return [[first], (first,)]
    if origin is collections.abc.Mapping:
        return [{"k": 1}, types.MappingProxyType({"k": 1})]
    if origin is collections.abc.MutableMapping:
        return [{"k": 1}, collections.UserDict({"k": 1})]
    if origin is list:
        return [[{"id": "sda"}]]
    raise AssertionError(f"no samples for {tp!r}")


def runtime_form(tp: object) -> tuple[type, ...]:
    """The classes ``isinstance`` can check for an annotation."""
    if tp is Any or tp is object:
        return (object,)
    if tp is None or tp is type(None):
        return (type(None),)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return tuple(c for member in typing.get_args(tp) for c in runtime_form(member))
    if origin is not None:
        return (origin,)
    assert isinstance(tp, type), tp
    return (tp,)


# Annotations an implementation may declare; each is runtime-checkable.
ARGUMENT_ANNOTATIONS: list[object] = [
    Any,
    object,
    Node,
    Cluster,
    NodeGroup,
    Node | None,
    int,
    str,
    bool,
    bytes,
    list,
    tuple,
    dict,
    Sequence,
    Mapping,
    MutableMapping,
    Mapping | None,
]
RETURN_ANNOTATIONS: list[object] = [None, bool, int, str, list, tuple, dict, Sequence]
RETURN_SAMPLES: dict[object, list[object]] = {
    None: [None],
    bool: [True, False],
    int: [1],
    str: ["x"],
    list: [[]],
    tuple: [()],
    dict: [{}],
    Sequence: [[], ()],
}
EXTRA_NAMES = ["extra", "nod", "cluster", "node", "data", "retries"]
KINDS = ["positional_only", "keyword_only", *["positional"] * 8]


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    default: bool
    annotation: int | None  # index into ARGUMENT_ANNOTATIONS; "spec" = -1


@dataclass(frozen=True)
class Impl:
    hook: str
    params: tuple[Param, ...]
    var_positional: bool
    var_keyword: bool
    returns: int | None  # index into RETURN_ANNOTATIONS, -1 for the spec's own
    flavour: str  # "plain", "async", "generator", "wrapper", "wrapper-plain"

    def source(self) -> str:
        """The implementation as code, normalised to a legal signature."""
        parts: list[str] = ["self"]
        positional_only = [p for p in self.params if p.kind == "positional_only"]
        positional = [p for p in self.params if p.kind == "positional"]
        keyword_only = [p for p in self.params if p.kind == "keyword_only"]
        seen_default = False
        for group in (positional_only, positional):
            for param in group:
                seen_default = seen_default or param.default
                parts.append(self._render(param, default=seen_default))
            if group is positional_only and positional_only:
                parts.append("/")
        if self.var_positional:
            parts.append("*args")
        elif keyword_only:
            parts.append("*")
        parts.extend(self._render(p, default=p.default) for p in keyword_only)
        if self.var_keyword:
            parts.append("**kwargs")
        names = [p.name for p in self.params]
        record = ", ".join(f"{name!r}: {name}" for name in names)
        capture = f"RECEIVED.append(({{{record}}}, "
        capture += "args, " if self.var_positional else "(), "
        capture += "kwargs))" if self.var_keyword else "{}))"
        returns = "" if self.returns is None else " -> RETURN"
        prefix = "async def" if self.flavour == "async" else "def"
        body = ["    RAN.append(True)", f"    {capture}"]
        if self.flavour in ("wrapper", "generator"):
            body.append("    result = yield")
            body.append("    return result")
        else:
            body.append("    return RESULTS.pop(0) if RESULTS else None")
        return f"{prefix} {self.hook}({', '.join(parts)}){returns}:\n" + "\n".join(body)

    @staticmethod
    def _render(param: Param, *, default: bool) -> str:
        text = param.name
        if param.annotation is not None:
            text += (
                f": A{param.annotation}"
                if param.annotation >= 0
                else ": SPEC_" + param.name
            )
        if default:
            text += "=DEFAULT"
        return text

    @property
    def marks(self) -> dict[str, bool]:
        return {"wrapper": True} if self.flavour in ("wrapper", "wrapper-plain") else {}


DEFAULT = object()


def build(impl: Impl) -> tuple[type, dict[str, Any]]:
    """The implementation as a BaseExtension subclass, and its namespace."""
    spec = specs()[impl.hook]
    namespace: dict[str, Any] = {
        "RAN": [],
        "RECEIVED": [],
        "RESULTS": [],
        "DEFAULT": DEFAULT,
        **{f"A{index}": tp for index, tp in enumerate(ARGUMENT_ANNOTATIONS)},
        **{f"SPEC_{name}": tp for name, tp in spec.arg_types.items()},
    }
    if impl.returns is not None:
        namespace["RETURN"] = (
            spec.return_type if impl.returns < 0 else RETURN_ANNOTATIONS[impl.returns]
        )
    exec(impl.source(), namespace)  # the generated implementation
    function = hookimpl(**impl.marks)(namespace[impl.hook])
    cls = type(
        "Generated",
        (BaseExtension,),
        {
            "name": "generated",
            "version": "1.0",
            "description": "generated implementation",
            impl.hook: function,
        },
    )
    return cls, namespace


def oracle(impl: Impl) -> bool:
    """Is the implementation sound? Decided by running it through raw pluggy."""
    spec = specs()[impl.hook]
    cls, namespace = build(impl)
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(nailgun_hookspecs)
    try:
        manager.register(cls())
    except pluggy.PluginValidationError:
        return False
    shapes = {name: samples(tp) for name, tp in spec.arg_types.items()}
    rounds = max(len(values) for values in shapes.values())
    declared_return = namespace.get("RETURN", None)
    return_values = RETURN_SAMPLES.get(declared_return)
    if return_values is None:  # the spec's own return type
        return_values = samples(declared_return)
    sound = True
    for index in range(max(rounds, len(return_values))):
        kwargs = {name: values[index % len(values)] for name, values in shapes.items()}
        namespace["RESULTS"][:] = [return_values[index % len(return_values)]]
        namespace["RAN"].clear()
        namespace["RECEIVED"].clear()
        try:
            result = getattr(manager.hook, impl.hook)(**kwargs)
        except Exception:
            return False
        for value in result if isinstance(result, list) else [result]:
            if inspect.iscoroutine(value):
                value.close()  # never awaited: that is the point
        if not namespace["RAN"]:
            sound = False
            continue
        ((named, _args, _extra),) = namespace["RECEIVED"]
        if impl.var_positional or impl.var_keyword:
            sound = False  # a variadic parameter never receives a value
        for param in impl.params:
            if param.name not in kwargs or named[param.name] is not kwargs[param.name]:
                sound = False  # never passed: it got its default
                continue
            if param.annotation is not None:
                annotation = (
                    spec.arg_types[param.name]
                    if param.annotation < 0
                    else ARGUMENT_ANNOTATIONS[param.annotation]
                )
                if not isinstance(kwargs[param.name], runtime_form(annotation)):
                    sound = False
        if (
            impl.flavour not in ("wrapper", "wrapper-plain")
            and impl.returns is not None
        ):
            returned = return_values[index % len(return_values)]
            if not isinstance(returned, runtime_form(spec.return_type)):
                sound = False
    return sound


@st.composite
def implementations(draw: st.DrawFn) -> Impl:
    hook = draw(st.sampled_from(sorted(specs())))
    argnames = list(specs()[hook].argnames)
    chosen = draw(st.lists(st.sampled_from(argnames), unique=True))
    extras = (
        [draw(st.sampled_from([n for n in EXTRA_NAMES if n not in argnames]))]
        if draw(st.integers(0, 4)) == 0
        else []
    )
    names = draw(st.permutations(chosen + extras))
    params = tuple(
        Param(
            name,
            draw(st.sampled_from(KINDS)),
            draw(st.booleans()),
            draw(
                st.one_of(
                    st.just(-1) if name in argnames else st.nothing(),
                    st.integers(0, len(ARGUMENT_ANNOTATIONS) - 1),
                )
                if draw(st.booleans())
                else st.none()
            ),
        )
        for name in names
    )
    return Impl(
        hook=hook,
        params=params,
        var_positional=draw(st.integers(0, 9)) == 0,
        var_keyword=draw(st.integers(0, 9)) == 0,
        returns=draw(
            st.one_of(
                st.none(), st.just(-1), st.integers(0, len(RETURN_ANNOTATIONS) - 1)
            )
            if draw(st.booleans())
            else st.none()
        ),
        flavour=draw(
            st.sampled_from(
                ["plain"] * 12 + ["async", "generator", "wrapper", "wrapper-plain"]
            )
        ),
    )


def verdict(impl: Impl) -> tuple[bool, tuple[str, ...]]:
    cls, _ = build(impl)
    manager = build_manager([cls], strict=False)
    return manager.problems == (), tuple(p.code for p in manager.problems)


@PROPERTY_SETTINGS
@given(impl=implementations())
@example(
    impl=Impl(
        "on_node_update",
        (Param("node", "positional_only", True, None),),
        False,
        False,
        None,
        "plain",
    )
)
def test_validation_verdict_matches_the_oracle(impl: Impl) -> None:
    sound = oracle(impl)
    valid, codes = verdict(impl)
    event(f"sound={sound}")
    for code in sorted(set(codes)):
        event(f"problem {code}")
    assert valid == sound, (
        f"validator says {'valid' if valid else codes}, the oracle says "
        f"{'sound' if sound else 'unsound'}:\n{impl.source()}"
    )


# --- order ---------------------------------------------------------------------

MARKS = [
    "plain",
    "tryfirst",
    "trylast",
    "wrapper",
    "wrapper-tryfirst",
    "wrapper-trylast",
]


@dataclass(frozen=True)
class Planned:
    name: str
    mark: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    answer: int | None = None


def planned_class(plan: Planned, trace: list[str]) -> type:
    wrapper = plan.mark.startswith("wrapper")
    marks: dict[str, bool] = {"wrapper": True} if wrapper else {}
    if plan.mark.endswith("tryfirst"):
        marks["tryfirst"] = True
    if plan.mark.endswith("trylast"):
        marks["trylast"] = True
    name = plan.name

    if wrapper:

        def on_node_update(self: Any, node: Any) -> Any:
            trace.append(name)
            return (yield)

        def get_node_volumes(self: Any, node: Any) -> Any:
            trace.append(name)
            return (yield)

    else:

        def on_node_update(self: Any, node: Any) -> Any:
            trace.append(name)

        def get_node_volumes(self: Any, node: Any) -> Any:
            trace.append(name)
            return None if plan.answer is None else [{"by": name, "n": plan.answer}]

    return type(
        f"P_{name}",
        (BaseExtension,),
        {
            "name": name,
            "version": "1.0",
            "description": "planned",
            "before": list(plan.before),
            "after": list(plan.after),
            "on_node_update": hookimpl(**marks)(on_node_update),
            "get_node_volumes": hookimpl(**marks)(get_node_volumes),
        },
    )


@st.composite
def plans(draw: st.DrawFn) -> list[Planned]:
    """Up to 6 extensions with random marks, answers and constraints; each
    constraint "a runs before b" is written as ``a.before`` or ``b.after``."""
    names = draw(
        st.lists(
            st.text("abcdefgh", min_size=1, max_size=2),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    pairs = [(a, b) for a in names for b in names if a != b]
    edges = (
        draw(st.lists(st.sampled_from(pairs), unique=True, max_size=6)) if pairs else []
    )
    before: dict[str, list[str]] = {name: [] for name in names}
    after: dict[str, list[str]] = {name: [] for name in names}
    for a, b in edges:
        if draw(st.booleans()):
            before[a].append(b)
        else:
            after[b].append(a)
    return [
        Planned(
            name,
            draw(st.sampled_from(MARKS)),
            tuple(before[name]),
            tuple(after[name]),
            draw(st.one_of(st.none(), st.integers(0, 3))),
        )
        for name in names
    ]


def constraint_edges(plans: list[Planned]) -> set[tuple[str, str]]:
    """``(a, b)``: a must run before b."""
    edges = set()
    for plan in plans:
        edges.update((plan.name, other) for other in plan.before)
        edges.update((other, plan.name) for other in plan.after)
    return edges


def in_cycles(names: list[str], edges: set[tuple[str, str]]) -> set[str]:
    """Names on a cycle: those that can reach themselves."""
    reach = {(a, b) for a, b in edges}
    for k, i, j in itertools.product(names, repeat=3):
        if (i, k) in reach and (k, j) in reach:
            reach.add((i, j))
    return {name for name in names if (name, name) in reach}


def smallest_valid_order(names: list[str], edges: set[tuple[str, str]]) -> list[str]:
    """The lexicographically smallest permutation respecting every edge,
    by brute force (at most 6! candidates)."""
    valid = [
        list(order)
        for order in itertools.permutations(sorted(names))
        if all(
            order.index(a) < order.index(b)
            for a, b in edges
            if a in order and b in order
        )
    ]
    return min(valid)


def expected_calls(plans: list[Planned], order: list[str]) -> list[str]:
    tier = {
        "wrapper-tryfirst": 0,
        "wrapper": 1,
        "wrapper-trylast": 2,
        "tryfirst": 3,
        "plain": 4,
        "trylast": 5,
    }
    by_name = {plan.name: plan for plan in plans}
    return sorted(order, key=lambda name: (tier[by_name[name].mark], order.index(name)))


@PROPERTY_SETTINGS
@given(plan=plans(), data=st.data())
def test_call_order_is_deterministic_and_right(
    plan: list[Planned], data: st.DataObject
) -> None:
    names = [p.name for p in plan]
    edges = constraint_edges(plan)
    cyclic = in_cycles(names, edges)
    kept = [name for name in names if name not in cyclic]
    order = smallest_valid_order(kept, edges) if kept else []
    calls = expected_calls(plan, order)

    results = []
    for _ in range(3):
        install_order = data.draw(st.permutations(plan))
        trace: list[str] = []
        manager = build_manager(
            [planned_class(p, trace) for p in install_order], strict=False
        )
        manager.hook.on_node_update(node=object())
        results.append((manager.names(), tuple(trace)))
        assert {p.extension for p in manager.problems} == cyclic
        assert {p.code for p in manager.problems} <= {"ordering-cycle"}
    assert results[0] == results[1] == results[2]
    assert list(results[0][0]) == order
    assert list(results[0][1]) == calls


@PROPERTY_SETTINGS
@given(plan=plans())
def test_first_result_is_the_first_answer_in_call_order(plan: list[Planned]) -> None:
    trace: list[str] = []
    plan = [Planned(p.name, p.mark, (), (), p.answer) for p in plan]  # no cycles
    manager = build_manager([planned_class(p, trace) for p in plan])
    order = expected_calls(plan, sorted(p.name for p in plan))
    by_name = {p.name: p for p in plan}
    answering = [
        name
        for name in order
        if not by_name[name].mark.startswith("wrapper")
        and by_name[name].answer is not None
    ]
    result = manager.hook.get_node_volumes(node=object())
    if answering:
        first = answering[0]
        assert result == [{"by": first, "n": by_name[first].answer}]
        assert trace == order[: order.index(first) + 1]  # nobody after it ran
    else:
        assert result is None
        assert trace == order


# --- versions ------------------------------------------------------------------

VERSION_PIECES = st.lists(
    st.sampled_from(
        [
            "1",
            "0",
            "10",
            ".",
            "-",
            "_",
            "+",
            "!",
            "v",
            "a",
            "b",
            "rc",
            "c",
            "pre",
            "preview",
            "alpha",
            "beta",
            "post",
            "rev",
            "r",
            "dev",
            "local",
            "x",
            " ",
        ]
    ),
    min_size=1,
    max_size=9,
).map("".join)


@PROPERTY_SETTINGS
@given(text=st.one_of(VERSION_PIECES, st.text(max_size=8)))
def test_version_check_agrees_with_packaging(text: str) -> None:
    try:
        Version(text)
        valid = True
    except InvalidVersion:
        valid = False
    assert bool(VERSION_PATTERN.fullmatch(text.strip())) == valid, text


@pytest.mark.parametrize("text", ["1.0.0-rc.1", "2!1.0.post2.dev3+local.7", "v1.2"])
def test_semver_and_pep440_versions_are_accepted(text: str) -> None:
    assert VERSION_PATTERN.fullmatch(text)
    Version(text)
