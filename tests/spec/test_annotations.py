"""Annotations resolved as ``typing`` would
(:mod:`nailgun_hooks.spec.annotations`), the usual case without recompiling
each string."""

from __future__ import annotations

import sys
import typing
from typing import Any

import pytest

from nailgun_hooks.spec.annotations import resolve_hints, simple_hints
from nailgun_hooks.types import Cluster, Node, NodeGroup

# --- annotations resolved without recompiling each string -----------------------

ANNOTATED_SOURCE = """
from __future__ import annotations
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional
from nailgun_hooks.types import Cluster, Node, NodeData
if TYPE_CHECKING:
    from nailgun_hooks.types import NodeGroup

def plain(self, node: Node, node_data: NodeData) -> None: ...
def callables(hook: Callable[[Node], None], more: Callable[..., Any]) -> None: ...
def unions(cluster: Cluster | None, public_map: Mapping[int, bool] | None) -> None: ...
def optional_default(node: Optional[Node] = None) -> Any: ...
def literal(mode: Literal["a", "b"], nodes: Sequence[Node]) -> list[Node]: ...
def nested_string(nodes: list["Node"]) -> None: ...
def annotated(node: Annotated[Node, "meta"]) -> None: ...
def type_checking_only(nodegroup: NodeGroup) -> None: ...
def not_a_type(node: 5) -> None: ...
def none(node) -> None: ...
@functools.wraps(plain)
def wrapped(*args, **kwargs): ...
"""


def annotated_functions() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "annotated_functions"}
    exec(ANNOTATED_SOURCE, namespace)
    return {
        k: v for k, v in namespace.items() if callable(v) and hasattr(v, "__code__")
    }


@pytest.mark.parametrize("name", sorted(annotated_functions()))
def test_simple_hints_are_get_type_hints_or_nothing(name: str) -> None:
    function = annotated_functions()[name]
    simple = simple_hints(function)
    try:
        expected = typing.get_type_hints(function)
    except Exception:
        assert simple is None  # validation's own fallback takes over
        return
    assert simple is None or simple == expected


def test_simple_hints_handle_the_usual_case() -> None:
    functions = annotated_functions()
    if sys.version_info < (3, 11):
        assert simple_hints(functions["plain"]) is None
        return
    usual = ("plain", "unions", "optional_default", "literal", "wrapped", "none")
    for name in (*usual, "callables"):
        assert simple_hints(functions[name]) is not None, name
    for name in ("nested_string", "annotated", "type_checking_only", "not_a_type"):
        assert simple_hints(functions[name]) is None, name


# --- what simple_hints leaves to the full resolution ------------------------------


def test_a_name_imported_only_for_type_checking_is_found_among_the_types() -> None:
    hints = resolve_hints(annotated_functions()["type_checking_only"])
    assert hints == {"nodegroup": NodeGroup, "return": type(None)}


def test_an_unresolvable_annotation_is_left_out_and_the_rest_kept() -> None:
    namespace: dict[str, Any] = {}
    exec(
        "from __future__ import annotations\n"
        "def f(node: Node, other: Missing, n: 5) -> None: ...\n",
        namespace,
    )
    hints = resolve_hints(namespace["f"])
    assert hints == {"node": Node, "n": 5, "return": type(None)}


def test_quoted_names_nested_in_generics_are_resolved() -> None:
    hints = resolve_hints(annotated_functions()["nested_string"])
    assert hints["nodes"] == list[Node]
    assert resolve_hints(annotated_functions()["unions"])["cluster"] == Cluster | None
