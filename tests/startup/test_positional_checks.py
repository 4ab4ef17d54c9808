"""Functions called by position, as Nailgun called them
(:mod:`nailgun_hooks.startup.positional_checks`)."""

from __future__ import annotations

import functools
from typing import Any

from nailgun_hooks import BaseExtension
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.startup.positional_checks import check_positional
from nailgun_hooks.startup.records import description_of
from nailgun_hooks.types import Cluster, Node


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
