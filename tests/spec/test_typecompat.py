"""The annotation checker agrees with mypy on the shapes extensions write."""

from __future__ import annotations

import dataclasses
from collections.abc import (
    Callable,
    Iterable,
    Mapping,
    MutableMapping,
    MutableSequence,
    MutableSet,
    Sequence,
)
from typing import (
    Annotated,
    Any,
    ClassVar,
    ForwardRef,
    Literal,
    NewType,
    Optional,
    Protocol,
    TypeGuard,
    TypeVar,
    Union,
)

import pytest

from nailgun_hooks import load_extensions
from nailgun_hooks.spec.typecompat import (
    _judge,
    is_assignable,
    protocol_members,
    type_repr,
)
from nailgun_hooks.types import Cluster, ClusterData, Node, NodeGroup, Volumes
from tests.support.dists import DistFactory

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


class _RefusingChecks(_NeverEqual):
    """Not equal to itself, and refusing issubclass() altogether."""

    def __subclasscheck__(cls, other: type) -> bool:
        raise TypeError("no subclass checks")


class Refusing(metaclass=_RefusingChecks):
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
        Refusing,
        list[Refusing],
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


# --- the shapes mutation testing found unpinned ----------------------------------

UserId = NewType("UserId", str)


@dataclasses.dataclass
class NodeRecord:
    """Every member of ``Node`` as an annotation only (no defaults): a
    dataclass built from a database row."""

    id: int
    name: str
    status: str
    roles: Sequence[str]
    pending_roles: Sequence[str]
    cluster_id: int | None
    cluster: Cluster | None
    extensions: Sequence[str]


@dataclasses.dataclass
class HalfNode:
    id: int
    name: str


class Named(Protocol):
    """A Protocol whose members are annotations only."""

    id: int
    name: str


class NamedAndStatus(Named, Protocol):
    status: str


class Answering:
    def __call__(self) -> int:
        return 42


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # NewType: judged as its supertype, both ways (a NewType is its
        # supertype at run time)
        (NodeId, str, False),
        (str, NodeId, False),
        (int, NodeId, True),
        (UserId, NodeId, False),
        (UserId, str, True),
        # Annotated: judged as the type it annotates
        (Annotated[Node, "meta"], Cluster, False),
        (Cluster, Annotated[Node, "meta"], False),
        (Annotated[Node, "a"], Annotated[Node, "b"], True),
        (Annotated[bool, "a"], int, True),
        # None
        (None, Node, False),
        (Node, None, False),
        (None, Optional[Node], True),  # noqa: UP045
        # Literal against Literal, and Literals of several values
        (Literal[1], Literal[1, 2], True),
        (Literal[1, 2], Literal[1], False),
        (Literal[1, 2], Literal[1, 2, 3], True),
        (Literal["a", "b"], str, True),
        (Literal[1, "a"], int, False),
        (Literal[1, "a"], int | str, True),
        (Literal[True], Literal[1], False),  # True == 1, but not the same literal
        (Literal[1], Literal[True], False),
        (Literal[1], Literal[1] | None, True),
        (Literal[1], Literal[2] | None, False),
        (Literal[None], None, True),
        (Literal["a"], Optional[str], True),  # noqa: UP045
        (int, Literal[1], False),
        # callables are left unjudged, as the docstring promises
        (Callable[[Node], None], Callable[[Cluster], int], True),
        (Callable[..., Any], Node, True),
        (Node, Callable[[Node], None], True),
        (Node, Callable, True),
        (Callable, Node, True),
        (Answering, Callable[[], str], True),
        # bare generics mean "any parameters"; their class is still judged
        (Sequence, Sequence[Node], True),
        (Sequence[Node], Sequence, True),
        (list, Sequence[Node], True),
        (Sequence, list[Node], False),
        (Mapping, Sequence[Node], False),
        (dict, Mapping[str, int], True),
        # invariance of every mutable container; covariance of the rest
        (dict[str, bool], dict[str, int], False),
        (dict[str, int], dict[str, int], True),
        (set[bool], set[int], False),
        (MutableSequence[bool], MutableSequence[int], False),
        (MutableMapping[str, bool], MutableMapping[str, int], False),
        (MutableSet[bool], MutableSet[int], False),
        (frozenset[bool], frozenset[int], True),
        (Mapping[str, bool], Mapping[str, int], True),
        (Mapping[str, str], Mapping[str, int], False),
        # tuples: the element type of a variadic tuple is judged
        (tuple[bool, ...], tuple[int, ...], True),
        (tuple[str, ...], tuple[int, ...], False),
        (tuple[int, str], tuple[int, str], True),
        (tuple[int, str], tuple[int, int], False),
        (tuple[int, bool], tuple[int, ...], True),
        (tuple[int, str], tuple[int, ...], False),
        (tuple[str, ...], tuple[int, int], True),  # its length unknown: unjudged
        (tuple[int], tuple[int, int], True),  # lengths differ: unjudged
        (tuple, tuple[int, ...], True),
        # numeric promotions
        (int, complex, True),
        (float, complex, True),
        (float, int, False),
        (complex, float, False),
        (bool, float, True),
        # unions on either side
        (Node | Cluster, Node, False),
        (Node | Cluster, Node | Cluster | None, True),
        (Node, Cluster | NodeGroup, False),
        # protocols: members that are annotations only count
        (NodeRecord, Node, True),
        (HalfNode, Node, False),
        (HalfNode, Named, True),
        (Named, HalfNode, False),
        (NamedAndStatus, Named, True),
        (Named, NamedAndStatus, False),
        (OrmNode, Named, True),
        # forms we do not judge
        (object, Node, True),  # like Any: says nothing of what is passed
        (ForwardRef("Node"), Literal[1], True),  # a reference left unresolved
        (Literal[1], ForwardRef("Node"), True),
        (TypeGuard[Node], bool, True),  # a special form, not a class
        (bool, TypeGuard[Node], True),
        (_T, Node, True),
        (Node, _T, True),
        ("Node", Cluster, True),
        (ClassVar[int], str, True),
    ],
)
def test_pinned_judgements(source: object, target: object, expected: bool) -> None:
    assert is_assignable(source, target) is expected
    assert _judge(source, target) is expected


def test_protocol_members_are_methods_properties_and_annotations() -> None:
    assert protocol_members(Named) == {"id", "name"}
    assert protocol_members(NamedAndStatus) == {"id", "name", "status"}
    assert protocol_members(Node) == {
        "id",
        "name",
        "status",
        "roles",
        "pending_roles",
        "cluster_id",
        "cluster",
        "extensions",
    }


def test_type_repr_spells_the_forms_extensions_write() -> None:
    assert type_repr(NodeId) == "int"
    assert type_repr(Annotated[Node, "meta"]) == "Node"
    assert type_repr(list[Node]) == "list[Node]"
    assert type_repr(Mapping[int, Cluster] | None) == "Mapping[int, Cluster] | None"
    assert type_repr(Literal["a", 1]) == "Literal['a', 1]"
    assert type_repr(int) == "int"
    assert type_repr(_T) == "~_T"
    assert type_repr("Unresolved") == "'Unresolved'"


FORWARD = """\
{future}
from collections.abc import Mapping
from typing import TYPE_CHECKING
from nailgun_hooks import BaseExtension, hookimpl
if TYPE_CHECKING:
    from nailgun_hooks.types import Cluster

class Extension(BaseExtension):
    name = {name!r}
    version = "1.0.0"
    description = "annotates with names imported for type checkers only"

    @hookimpl
    def on_cluster_patch_attributes(self, cluster, public_map: {annotation}):
        pass
"""


@pytest.mark.parametrize("future", [True, False], ids=["future", "evaluated"])
@pytest.mark.parametrize(
    ("annotation", "sound"),
    [
        ("Mapping[int, 'Cluster'] | None", False),
        ("'Mapping[int, Cluster] | None'", False),
        ("Mapping[int, 'bool'] | None", True),
        ("Mapping['int', 'bool'] | None", True),
    ],
)
def test_quoted_names_nested_in_a_generic_are_resolved(
    dists: DistFactory, annotation: str, sound: bool, future: bool
) -> None:
    """``Cluster`` imported under TYPE_CHECKING only: typing cannot resolve
    the function's hints, so each annotation is resolved on its own against
    ``nailgun_hooks.types``, the names quoted inside a generic included."""
    module = dists.unique("forward")
    source = FORWARD.format(
        future="from __future__ import annotations" if future else "",
        name="forward",
        annotation=annotation,
    )
    dists.install(
        "forward-dist",
        entry_points={"forward": f"{module}:Extension"},
        modules={module: source},
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    codes = [problem.code for problem in manager.problems]
    assert codes == ([] if sound else ["incompatible-argument-type"])
    if not sound:
        assert "annotated Mapping[int, Cluster] | None" in manager.problems[0].message
