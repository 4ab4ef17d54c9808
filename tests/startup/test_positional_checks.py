"""Functions called by position, as Nailgun called them
(:mod:`nailgun_hooks.startup.positional_checks`).

Old-style handlers and pipeline steps of every shape: strict startup
rejects exactly those whose body a call would never run, lenient startup
keeps every other extension working."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    build_manager,
    load_extensions,
)
from nailgun_hooks.legacy import BasePipeline
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.startup.positional_checks import check_positional, never_runs
from nailgun_hooks.startup.records import description_of
from nailgun_hooks.types import Cluster, Node
from tests.support.dists import DistFactory


class Handlers(BaseExtension):
    name, version, description = "handlers", "1.0", "old-style"

    @classmethod
    def any_names(cls, ng: Node) -> None: ...

    @classmethod
    def too_few(cls) -> None: ...

    @classmethod
    def mistyped(cls, *nodes: Cluster) -> None: ...

    @classmethod
    def untyped_rest(cls, node: Any, **extra: Any) -> None: ...


def _check(name: str, hook: str = "on_node_update") -> list[tuple[str, str, str]]:
    method = getattr(Handlers, name)
    problems = check_positional(
        description_of(Handlers()), specs()[hook], method, f"label.{name}"
    )
    return [(p.code, p.message, p.hint) for p in problems]


def test_names_are_the_authors_own() -> None:
    assert _check("any_names") == []
    assert _check("untyped_rest") == []


def test_a_call_that_does_not_bind() -> None:
    assert _check("too_few") == [
        (
            "bad-handler-signature",
            "label.too_few() cannot be called with (node), as Nailgun calls it: "
            "too many positional arguments",
            "declare it as @classmethod def on_node_update(cls, node)",
        )
    ]


def test_args_receive_each_argument_and_are_judged_on_each() -> None:
    assert _check("mistyped") == [
        (
            "incompatible-argument-type",
            "label.mistyped: parameter 'nodes' is annotated Cluster but receives Node",
            "annotate it Node, or drop the annotation",
        )
    ]


def test_a_decorator_that_cannot_take_the_arguments() -> None:
    def handler(cls: object, node: object) -> None: ...

    @functools.wraps(handler)
    def wrapper(cls: object) -> None: ...

    method = classmethod(wrapper).__get__(None, Handlers)
    (problem,) = check_positional(
        description_of(Handlers()), specs()["on_node_update"], method, "label"
    )
    assert problem.code == "decorator-signature"
    assert problem.message.startswith(
        "label's decorator replaced it with a function () that cannot take (node)"
    )


# --- old-style handlers and pipeline steps of every shape, installed ----------


RAN: list[str] = []


def _passing(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return wrapper


def _dropping(function: Callable[..., Any]) -> Callable[..., Any]:
    """A decorator whose function takes fewer arguments than the call."""

    @functools.wraps(function)
    def wrapper(cls: Any) -> Any:
        return function(cls)

    return wrapper


class _Callable:
    def __call__(self, *args: Any) -> None:
        RAN.append("never")


def _body(tag: str, shape: str, arity: int) -> Any:
    """The handler of shape ``shape``, recording ``tag`` when its body runs."""
    if arity == 1:

        def plain(cls: Any, node: Any) -> None:
            RAN.append(tag)

        def generator(cls: Any, node: Any) -> Any:
            RAN.append(tag)
            yield

        async def coroutine(cls: Any, node: Any) -> None:
            RAN.append(tag)

    else:

        def plain(cls: Any, node: Any, data: Any) -> None:  # type: ignore[misc]
            RAN.append(tag)

        def generator(cls: Any, node: Any, data: Any) -> Any:  # type: ignore[misc]
            RAN.append(tag)
            yield

        async def coroutine(cls: Any, node: Any, data: Any) -> None:  # type: ignore[misc]
            RAN.append(tag)

    return {
        "plain": classmethod(plain),
        "passing-decorator": classmethod(_passing(plain)),
        "dropping-decorator": classmethod(_dropping(plain)),
        "generator": classmethod(generator),
        "coroutine": classmethod(coroutine),
        "generator-behind-decorator": classmethod(_passing(generator)),
        "coroutine-behind-decorator": classmethod(_passing(coroutine)),
        "property": property(lambda self: None),
        "partial": functools.partial(plain, None),
        "callable-object": _Callable(),
    }[shape]


RUNS = {"plain", "passing-decorator"}


SHAPES = sorted(
    {
        "plain",
        "passing-decorator",
        "dropping-decorator",
        "generator",
        "coroutine",
        "generator-behind-decorator",
        "coroutine-behind-decorator",
        "property",
        "partial",
        "callable-object",
    }
)


def _extension(index: int, shape: str, place: str) -> type[BaseExtension]:
    """An old-style extension whose handler, or whose pipeline's step, has
    ``shape``."""
    name = f"ext{index}"
    namespace: dict[str, Any] = {
        "name": name,
        "version": "1.0.0",
        "description": "a shape",
    }
    if place == "handler":
        namespace["on_node_update"] = _body(name, shape, 1)
    else:
        step = _body(name, shape, 2)
        pipeline = type(
            f"Pipeline{index}", (BasePipeline,), {"process_deployment_for_node": step}
        )
        namespace["data_pipelines"] = [pipeline]
    return type(f"Ext{index}", (BaseExtension,), namespace)


class Healthy(BaseExtension):
    name, version, description = "healthy", "1.0.0", "runs"

    @classmethod
    def on_node_update(cls, node: Any) -> None:
        RAN.append("healthy")


def _fire(manager: Any) -> list[str]:
    RAN.clear()
    manager.hook.on_node_update(node="n")
    manager.hook.process_deployment_for_node(node="n", node_data={})
    return sorted(RAN)


cases = st.lists(
    st.tuples(st.sampled_from(SHAPES), st.sampled_from(["handler", "step"])),
    min_size=1,
    max_size=4,
)


@settings(max_examples=60, deadline=None)
@given(cases)
def test_strict_rejects_exactly_what_would_never_run(
    shapes: list[tuple[str, str]],
) -> None:
    extensions = [
        _extension(i, shape, place) for i, (shape, place) in enumerate(shapes)
    ]
    bad = {f"ext{i}" for i, (shape, _) in enumerate(shapes) if shape not in RUNS}
    if bad:
        with pytest.raises(ExtensionValidationError) as raised:
            build_manager([Healthy, *extensions])
        assert {p.extension for p in raised.value.problems} == bad
    else:
        build_manager([Healthy, *extensions])
    manager = build_manager([Healthy, *extensions], strict=False)
    good = sorted(f"ext{i}" for i, (shape, _) in enumerate(shapes) if shape in RUNS)
    assert set(manager.names()) == {"healthy", *good}
    assert _fire(manager) == sorted(["healthy", *good])


@pytest.mark.parametrize(
    ("shape", "said"),
    [
        ("generator", "a generator function"),
        ("coroutine", "a coroutine function"),
        ("generator-behind-decorator", "a generator function behind its decorator"),
        ("coroutine-behind-decorator", "a coroutine function behind its decorator"),
        ("plain", None),
        ("passing-decorator", None),
    ],
)
def test_never_runs_says_why(shape: str, said: str | None) -> None:
    method = _body("x", shape, 1).__get__(None, BaseExtension)
    assert never_runs(method) == said


def test_each_problem_says_what_to_do() -> None:
    by_shape = {}
    for index, shape in enumerate(SHAPES):
        if shape in RUNS:
            continue
        for place in ("handler", "step"):
            manager = build_manager([_extension(index, shape, place)], strict=False)
            (problem,) = manager.problems
            by_shape[shape, place] = problem
    dropping = by_shape["dropping-decorator", "handler"]
    assert dropping.code == "decorator-signature"
    assert "cannot take (node) as Nailgun passes them" in dropping.message
    assert "(*args, **kwargs)" in dropping.hint
    step = by_shape["generator-behind-decorator", "step"]
    assert step.code == "bad-pipeline-method"
    assert "is a generator function behind its decorator" in step.message
    for place in ("handler", "step"):
        for shape in ("property", "partial", "callable-object"):
            problem = by_shape[shape, place]
            assert problem.code == "not-a-handler", (shape, place)
            assert "is named like a Nailgun event but is" in problem.message
            assert "never run" in problem.message


def test_an_installed_decorated_handler_taking_fewer_arguments(
    dists: DistFactory,
) -> None:
    """The same through a real distribution: strict stops on it, lenient
    keeps the healthy extension."""
    dists.install(
        "dropping",
        entry_points={"dropping": "dropping_mod:Dropping"},
        modules={
            "dropping_mod": (
                "import functools\n"
                "from nailgun_hooks import BaseExtension\n\n"
                "def logged(function):\n"
                "    @functools.wraps(function)\n"
                "    def wrapper(cls):\n"
                "        return function(cls)\n"
                "    return wrapper\n\n"
                "class Dropping(BaseExtension):\n"
                "    name, version, description = 'dropping', '1.0', 'x'\n\n"
                "    @classmethod\n"
                "    @logged\n"
                "    def on_node_update(cls, node):\n"
                "        pass\n"
            )
        },
    )
    dists.extension(
        "healthy",
        "@classmethod\ndef on_node_update(cls, node):\n    pass\n",
    )
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    (problem,) = raised.value.problems
    assert (problem.code, problem.extension) == ("decorator-signature", "dropping")
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("healthy",)
