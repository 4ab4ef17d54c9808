"""One test per validation problem, through real installed distributions.

Each case installs a broken extension next to a healthy one and checks the
problem's code, that its text names the extension, the distribution and the
hook, and that lenient mode keeps the healthy extension running.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nailgun_hooks import ExtensionValidationError, load_extensions
from tests.support.dists import DistFactory

HEALTHY = """
received = []
@hookimpl
def on_node_update(self, node: Node) -> None:
    self.received.append(node)
"""


@dataclass(frozen=True)
class Case:
    code: str
    body: str
    hook: str | None = "on_node_update"
    extra: dict[str, object] | None = None
    needle: str = ""


CASES = {
    "misspelled hook": Case(
        "unknown-hook",
        "@hookimpl\ndef on_node_updte(self, node): pass\n",
        hook="on_node_updte",
        needle="did you mean 'on_node_update'?",
    ),
    "argument not in spec": Case(
        "unknown-argument",
        "@hookimpl\ndef on_node_update(self, nod): pass\n",
        needle="fix: rename 'nod' to 'node'",
    ),
    "unknown argument, none missing": Case(
        "unknown-argument",
        "@hookimpl\ndef on_node_update(self, node, nod): pass\n",
        needle="fix: did you mean 'node'?",
    ),
    "extra argument with default": Case(
        "unknown-argument",
        "@hookimpl\ndef on_node_update(self, node, force=False): pass\n",
        needle="default hides the mistake",
    ),
    "*args": Case(
        "variadic-argument", "@hookimpl\ndef on_node_update(self, *args): pass\n"
    ),
    "**kwargs": Case(
        "variadic-argument", "@hookimpl\ndef on_node_update(self, **kwargs): pass\n"
    ),
    "keyword-only": Case(
        "keyword-only-argument",
        "@hookimpl\ndef on_node_update(self, *, node): pass\n",
        needle="keyword-only parameter 'node'",
    ),
    "parameter annotated with the wrong protocol": Case(
        "incompatible-argument-type",
        "@hookimpl\ndef on_node_update(self, node: Cluster) -> None: pass\n",
        needle="annotated Cluster but on_node_update passes Node",
    ),
    "parameter narrower than what is passed": Case(
        "incompatible-argument-type",
        "@hookimpl\ndef on_node_collection_delete(self, node_ids: list[int]): pass\n",
        hook="on_node_collection_delete",
        needle="Sequence[int]",
    ),
    "return value on a notification": Case(
        "incompatible-return-type",
        "@hookimpl\ndef on_node_update(self, node) -> bool: return True\n",
    ),
    "firstresult with the wrong return type": Case(
        "incompatible-return-type",
        "@hookimpl\ndef get_node_volumes(self, node) -> str: return 'x'\n",
        hook="get_node_volumes",
        needle="expects list[dict[str, Any]] | None",
    ),
    "async def": Case(
        "async-implementation",
        "@hookimpl\nasync def on_node_update(self, node): pass\n",
    ),
    "wrapper that is not a generator": Case(
        "wrapper-not-generator",
        "@hookimpl(wrapper=True)\ndef on_node_update(self, node): return None\n",
    ),
    "generator that is not a wrapper": Case(
        "generator-not-wrapper",
        "@hookimpl\ndef on_node_update(self, node):\n    yield\n",
    ),
    "missing description": Case(
        "missing-description", HEALTHY, hook=None, extra={"description": ""}
    ),
    "multi-line description": Case(
        "multiline-description",
        HEALTHY,
        hook=None,
        extra={"description": "Does things.\nAnd more things."},
    ),
    "unparseable version": Case(
        "bad-version", HEALTHY, hook=None, extra={"version": "one point oh"}
    ),
    "before names an unknown extension": Case(
        "unknown-ordering-reference",
        HEALTHY,
        hook=None,
        extra={"before": ["healthi"]},
        needle="did you mean 'healthy'?",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_problem_names_extension_distribution_and_hook(
    dists: DistFactory, case: Case
) -> None:
    dists.extension("broken", case.body, dist="broken-dist", extra=case.extra)
    dists.extension("healthy", HEALTHY, dist="healthy-dist")
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    problems = raised.value.problems
    assert [p.code for p in problems] == [case.code]
    (problem,) = problems
    text = str(problem)
    assert "extension 'broken'" in text
    assert "distribution 'broken-dist'" in text
    if case.hook is not None:
        assert f"hook {case.hook!r}" in text
    assert problem.location and problem.location.split(":")[-1].isdigit()
    assert case.needle in text
    assert problem.hint

    lenient = load_extensions(namespace=dists.namespace, strict=False)
    assert lenient.names() == ("healthy",)
    assert [(p.code, p.extension) for p in lenient.problems] == [(case.code, "broken")]
    lenient.hook.on_node_update(node="n")
    assert lenient.get("healthy").obj.received == ["n"]  # type: ignore[attr-defined]


def test_strict_mode_reports_every_problem_at_once(dists: DistFactory) -> None:
    for name, case in CASES.items():
        slug = "x" + "".join(ch if ch.isalnum() else "_" for ch in name)[:40]
        dists.extension(slug, case.body, extra=case.extra)
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    assert sorted(p.code for p in raised.value.problems) == sorted(
        c.code for c in CASES.values()
    )
    assert f"{len(CASES)} problems with Nailgun extensions" in str(raised.value)


def test_ordering_cycle_is_named(dists: DistFactory) -> None:
    dists.extension("a", HEALTHY, extra={"before": ["b"]})
    dists.extension("b", HEALTHY, extra={"before": ["c"]})
    dists.extension("c", HEALTHY, extra={"before": ["a"]})
    dists.extension("d", HEALTHY, extra={"after": ["a"]})
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    assert "a -> b -> c -> a" in str(raised.value)
    lenient = load_extensions(namespace=dists.namespace, strict=False)
    assert lenient.names() == ("d",)
    assert sorted(p.extension for p in lenient.problems) == ["a", "b", "c"]


def test_constraint_on_a_rejected_extension_does_not_reject_its_dependent(
    dists: DistFactory,
) -> None:
    dists.extension("broken", "@hookimpl\ndef on_node_updte(self, node): pass\n")
    dists.extension("dependent", HEALTHY, extra={"after": ["broken"]})
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("dependent",)


def test_annotations_under_type_checking_are_resolved(dists: DistFactory) -> None:
    module = dists.unique("lazyann")
    dists.install(
        "lazy-dist",
        entry_points={"lazy": f"{module}:Lazy"},
        modules={
            module: """
            from __future__ import annotations
            from typing import TYPE_CHECKING
            from nailgun_hooks import BaseExtension, hookimpl
            if TYPE_CHECKING:
                from nailgun_hooks.types import Cluster, Node
            class Lazy(BaseExtension):
                name = "lazy"; version = "1.0"; description = "lazy annotations"
                @hookimpl
                def on_node_update(self, node: Node) -> None: pass
                @hookimpl
                def on_node_create(self, node: Cluster) -> None: pass
            """
        },
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert [(p.code, p.hook) for p in manager.problems] == [
        ("incompatible-argument-type", "on_node_create")
    ]


def test_accepted_shapes(dists: DistFactory) -> None:
    """What a careful author writes must pass: subsets of arguments, any
    order, supertypes, Optional returns, classmethods, specname, wrappers."""
    dists.extension(
        "careful",
        """
        @hookimpl
        def on_cluster_create(self, data: Mapping[str, object], cluster) -> None:
            pass
        @hookimpl
        def on_node_collection_delete(self, node_ids: Iterable[int]) -> None:
            pass
        @hookimpl
        def get_node_volumes(self, node: Node) -> list[dict[str, Any]] | None:
            return None
        @hookimpl
        def set_node_volumes(self) -> Literal[True]:
            return True
        @hookimpl
        @classmethod
        def on_node_reset(cls, node: object) -> None:
            pass
        @hookimpl(specname="on_node_delete")
        def forget(self, node: Node | None) -> None:
            pass
        @hookimpl(wrapper=True)
        def on_node_update(self, node):
            return (yield)
        @hookimpl(tryfirst=True)
        def on_node_create(self):
            pass
        """,
    )
    manager = load_extensions(namespace=dists.namespace)
    assert manager.get("careful").hooks == (
        "get_node_volumes",
        "on_cluster_create",
        "on_node_collection_delete",
        "on_node_create",
        "on_node_delete",
        "on_node_reset",
        "on_node_update",
        "set_node_volumes",
    )
