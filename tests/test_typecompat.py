"""The annotation checker agrees with mypy on the shapes extensions write."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import (
    Annotated,
    Any,
    Literal,
    NewType,
    Optional,
    Protocol,
    TypeVar,
    Union,
)

import pytest

from nailgun_hooks.spec.typecompat import _judge, is_assignable, type_repr
from nailgun_hooks.types import Cluster, ClusterData, Node, NodeGroup, Volumes

NodeId = NewType("NodeId", int)


class OrmNode:
    """Shaped like Nailgun's model: plain class attributes."""

    id = 1
    name = "n"
    status = "ready"
    roles: Sequence[str] = ()
    pending_roles: Sequence[str] = ()
    cluster_id = None
    cluster = None
    extensions: Sequence[str] = ()


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (Node, Node, True),
        (Node, Cluster, False),
        (Cluster, Node, False),
        (Node, NodeGroup, False),
        (Node, object, True),
        (Node, Any, True),
        (Any, Node, True),
        (Node, Optional[Node], True),  # noqa: UP045 - the spelling under test
        (Optional[Node], Node, False),  # noqa: UP045
        (Union[int, str], Union[str, int, None], True),  # noqa: UP007
        (int, float, True),
        (bool, int, True),
        (str, int, False),
        (None, None, True),
        (NodeId, int, True),
        (Literal[True], bool, True),
        (Literal[True, None], bool | None, True),
        (bool, Literal[True], False),
        (list[int], Sequence[int], True),
        (Sequence[int], list[int], False),
        (Sequence[int], Iterable[int], True),
        (list[bool], list[int], False),  # list is invariant
        (Sequence[bool], Sequence[int], True),  # Sequence is covariant
        (dict[str, Any], Mapping[str, Any], True),
        (ClusterData, dict[str, Any], False),
        (dict[str, Any], MutableMapping[str, object], True),
        (Volumes, list[dict[str, Any]], True),
        (OrmNode, Node, True),
        (Node, OrmNode, False),
        ("UnresolvedName", Node, True),
    ],
)
def test_is_assignable(source: object, target: object, expected: bool) -> None:
    assert is_assignable(source, target) is expected


class _NeverEqual(type):
    """A metaclass whose classes are not even equal to themselves."""

    def __eq__(cls, other: object) -> bool:
        return False

    __hash__ = type.__hash__


class Odd(metaclass=_NeverEqual):
    pass


class NotRuntime(Protocol):
    def method(self) -> None: ...


_T = TypeVar("_T")


@pytest.mark.parametrize(
    "tp",
    [
        Node,
        None,
        type(None),
        int,
        Any,
        object,
        NodeId,
        Odd,
        NotRuntime,
        _T,
        "Unresolved",
        Optional[Node],  # noqa: UP045
        Node | Cluster | None,
        Literal[True, None],
        list[Odd],
        dict[str, list[Node]],
        Mapping[str, Any],
        ClusterData,
        Volumes,
        tuple[int, ...],
        Callable[[Node], None],
        Annotated[Node, "meta"],
    ],
)
def test_a_type_is_assignable_to_itself_without_the_shortcut(tp: object) -> None:
    """``is_assignable`` answers True at once for ``source is target``: the
    full judgement must agree."""
    assert _judge(tp, tp) is True
    assert is_assignable(tp, tp) is True


def test_type_repr_is_short() -> None:
    assert type_repr(Node) == "Node"
    assert type_repr(None) == "None"
    assert type_repr(Sequence[int]) == "Sequence[int]"
    assert type_repr(Volumes | None) == "list[dict[str, Any]] | None"
