"""A pytest plugin for extension authors: managers, test objects, checks.

Registered through the ``pytest11`` entry point, so it is active wherever
nailgun-hooks is installed; it only *offers* fixtures and defines no pytest
hook, so a project that uses none of them runs exactly as before. Disable it
with ``-p no:nailgun_hooks``.

Fixtures: ``nailgun_manager`` (built from the ``nailgun_extensions`` fixture
you override), ``make_nailgun_manager`` (build one from objects you pass) and
``nailgun_objects`` (fresh Node/Cluster/NodeGroup factories per test).
Helpers: :func:`assert_valid_extension`, :func:`assert_extension_installed`,
:func:`make_cluster`, :func:`make_node`, :func:`make_nodegroup`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from .errors import ExtensionValidationError, InvalidExtensionError
from .inmemory import MemoryCluster, MemoryNode, MemoryNodeGroup
from .markers import NAMESPACE

_F = TypeVar("_F")


def _plain_function(function: _F) -> _F:
    return function


def _no_pytest(message: str, pytrace: bool = True) -> None:
    raise AssertionError(message)


if TYPE_CHECKING:
    from pytest import fail, fixture

    from .manager import HookManager
    from .startup.records import ExtensionRecord
else:
    # The helpers serve any test runner (unittest, Nailgun's own): without
    # pytest they import all the same, and the fixtures are plain functions.
    try:
        from pytest import fail, fixture
    except ModuleNotFoundError:
        fixture = _plain_function
        fail = _no_pytest

__all__ = [
    "InvalidExtensionError",
    "MemoryCluster",
    "MemoryNode",
    "MemoryNodeGroup",
    "NailgunObjects",
    "assert_extension_installed",
    "assert_valid_extension",
    "make_cluster",
    "make_nailgun_manager",
    "make_node",
    "make_nodegroup",
    "nailgun_extensions",
    "nailgun_manager",
    "nailgun_objects",
]


# --- test objects ----------------------------------------------------------------
#
# The in-memory objects of :mod:`nailgun_hooks.inmemory`, the same the demo
# uses: mutable like ORM rows, compared by identity, with the node <-> cluster
# links kept consistent.


class NailgunObjects:
    """Builds linked test objects with fresh ids (1, 2, 3...) per instance."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    def _id(self, given: int | None) -> int:
        return next(self._ids) if given is None else given

    def cluster(
        self,
        *,
        extensions: Iterable[str] = (),
        name: str | None = None,
        status: str = "new",
        id: int | None = None,
    ) -> MemoryCluster:
        """A cluster enabling ``extensions`` (in that order), with no nodes."""
        _check_names(extensions, "extensions")
        ident = self._id(id)
        return MemoryCluster(
            id=ident,
            name=name or f"cluster-{ident}",
            status=status,
            extensions=list(extensions),
        )

    def node(
        self,
        *,
        cluster: MemoryCluster | None = None,
        extensions: Iterable[str] = (),
        roles: Iterable[str] = (),
        pending_roles: Iterable[str] = (),
        status: str = "discover",
        name: str | None = None,
        id: int | None = None,
    ) -> MemoryNode:
        """A node, appended to ``cluster.nodes`` when a cluster is given."""
        _check_names(extensions, "extensions")
        _check_names(roles, "roles")
        _check_names(pending_roles, "pending_roles")
        ident = self._id(id)
        return MemoryNode(  # joins cluster.nodes itself
            id=ident,
            name=name or f"node-{ident}",
            status=status,
            roles=list(roles),
            pending_roles=list(pending_roles),
            cluster=cluster,
            extensions=list(extensions),
        )

    def nodegroup(
        self,
        *,
        cluster: MemoryCluster,
        nodes: Iterable[MemoryNode] = (),
        name: str = "default",
        is_default: bool = True,
        id: int | None = None,
    ) -> MemoryNodeGroup:
        """A node group of ``cluster`` holding ``nodes``."""
        members = list(nodes)
        strangers = [n.name for n in members if n.cluster is not cluster]
        if strangers:
            raise ValueError(
                f"nodes {strangers} are not in cluster {cluster.name!r}; create them "
                "with node(cluster=...) first"
            )
        return MemoryNodeGroup(
            id=self._id(id),
            name=name,
            cluster_id=cluster.id,
            is_default=is_default,
            nodes=members,
        )


def _check_names(value: Iterable[str], what: str) -> None:
    """A bare string would become a tuple of letters: refuse it by name."""
    if isinstance(value, str):
        raise TypeError(f"{what} must be a list of names, not the string {value!r}")


_default_objects = NailgunObjects()
make_cluster = _default_objects.cluster
make_node = _default_objects.node
make_nodegroup = _default_objects.nodegroup


# --- checks ----------------------------------------------------------------------


def assert_valid_extension(
    extension: object, *, others: Collection[str] = ()
) -> ExtensionRecord:
    """Validate one extension exactly as startup would; return its record.

    ``extension`` is a ``BaseExtension`` subclass or instance, or a module or
    object with ``@hookimpl`` functions. ``others`` names extensions assumed
    installed alongside (those its ``before``/``after`` refer to). Raises
    :class:`InvalidExtensionError` listing every problem.
    """
    __tracebackhide__ = True
    from .startup.instantiation import candidate
    from .startup.pipeline import assemble_and_register
    from .startup.records import Candidate

    made = candidate(extension)
    if not isinstance(made, Candidate):  # cannot even be instantiated or read
        name = made.extension or "?"
        raise InvalidExtensionError(f"extension {name!r}", [made])
    record = made.record
    try:
        started = assemble_and_register(
            [made], installed={record.name, *others}, strict=True
        )
    except ExtensionValidationError as exc:
        raise InvalidExtensionError(f"extension {record.name!r}", exc.problems) from exc
    (checked,) = started.extensions
    return checked


def assert_extension_installed(
    name: str, *, namespace: str = NAMESPACE
) -> ExtensionRecord:
    """Load the installed extension ``name`` through its entry point, as
    Nailgun would; return its record. Checks the packaging too: the entry
    point exists, imports, and is named like the extension."""
    __tracebackhide__ = True
    from .loading import load_extensions

    try:
        manager = load_extensions(strict=True, enabled=[name], namespace=namespace)
    except ExtensionValidationError as exc:
        raise InvalidExtensionError(
            f"installed extension {name!r}", exc.problems
        ) from exc
    return manager.get(name)


# --- fixtures --------------------------------------------------------------------


@fixture
def nailgun_objects() -> NailgunObjects:
    """Factories for linked Node/Cluster/NodeGroup test objects, ids from 1."""
    return NailgunObjects()


@fixture
def nailgun_extensions() -> Sequence[object]:
    """The extensions ``nailgun_manager`` is built from: override it."""
    fail(
        "the nailgun_manager fixture needs the extensions to load: define a "
        "fixture named nailgun_extensions returning them, e.g.\n\n"
        "    @pytest.fixture\n"
        "    def nailgun_extensions():\n"
        "        return [MyExtension]\n",
        pytrace=False,
    )


@fixture
def nailgun_manager(nailgun_extensions: Sequence[object]) -> HookManager:
    """A manager over ``nailgun_extensions``, strictly validated, nothing
    installed: a problem fails the test with every problem listed."""
    __tracebackhide__ = True
    return _build(nailgun_extensions)


@fixture
def make_nailgun_manager() -> Callable[..., HookManager]:
    """``make_nailgun_manager(ExtA, ExtB)``: a strictly validated manager."""

    def make(*extensions: object) -> HookManager:
        __tracebackhide__ = True
        return _build(extensions)

    return make


def _build(extensions: Iterable[object]) -> HookManager:
    __tracebackhide__ = True
    from .loading import build_manager

    try:
        return build_manager(extensions, strict=True)
    except ExtensionValidationError as exc:
        raise InvalidExtensionError("the extensions", exc.problems) from None
