"""The pytest plugin for extension authors, loaded the way pytest loads it."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

from nailgun_hooks import BaseExtension, hookimpl, testing
from nailgun_hooks.testing import (
    InvalidExtensionError,
    NailgunObjects,
    assert_extension_installed,
    assert_valid_extension,
)
from nailgun_hooks.types import Cluster, Node, NodeGroup
from tests.support.dists import DistFactory

pytest_plugins = ["pytester"]

# hypothesis's plugin costs ~0.5 s per in-process run and is not under test.
QUIET = ("-p", "no:hypothesispytest")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*QUIET, *args)


EXTENSION = """
from nailgun_hooks import BaseExtension, hookimpl


class Counter(BaseExtension):
    name = "counter"
    version = "1.0.0"
    description = "Counts node updates"

    def __init__(self):
        self.updates = []

    @hookimpl
    def on_node_update(self, node):
        self.updates.append(node.name)
"""


def test_the_plugin_is_registered_through_pytest11() -> None:
    (entry_point,) = [
        ep
        for ep in importlib.metadata.entry_points(group="pytest11")
        if ep.value == "nailgun_hooks.testing"
    ]
    assert entry_point.name == "nailgun_hooks"
    assert entry_point.load() is testing


def test_the_plugin_defines_no_pytest_hooks() -> None:
    """Only fixtures: a project that uses none runs exactly as before."""
    assert [name for name in vars(testing) if name.startswith("pytest_")] == []


def test_fixtures_reach_a_fresh_interpreter_and_can_be_disabled(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_uses="""
        def test_objects(nailgun_objects):
            cluster = nailgun_objects.cluster(extensions=["a"])
            assert nailgun_objects.node(cluster=cluster).cluster_id == cluster.id
        """
    )
    pytester.runpytest_subprocess(*QUIET).assert_outcomes(passed=1)
    disabled = pytester.runpytest_subprocess(*QUIET, "-p", "no:nailgun_hooks")
    disabled.assert_outcomes(errors=1)
    disabled.stdout.fnmatch_lines(["*fixture 'nailgun_objects' not found*"])


def test_a_project_that_uses_no_fixture_is_unaffected(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_plain="""
        def test_one():
            assert 1 + 1 == 2

        def test_two():
            assert False, "a plain failure"
        """
    )
    with_plugin = run(pytester)
    without = run(pytester, "-p", "no:nailgun_hooks")
    with_plugin.assert_outcomes(passed=1, failed=1)
    without.assert_outcomes(passed=1, failed=1)
    assert with_plugin.ret == without.ret


def test_nailgun_manager_is_built_from_the_overridden_extensions(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(counter_ext=EXTENSION)
    pytester.makepyfile(
        test_counter="""
        import pytest
        from counter_ext import Counter

        @pytest.fixture
        def nailgun_extensions():
            return [Counter]

        def test_counts(nailgun_manager, nailgun_objects):
            node = nailgun_objects.node(name="n1")
            nailgun_manager.hook.on_node_update(node=node)
            assert nailgun_manager.get("counter").obj.updates == ["n1"]

        def test_factory(make_nailgun_manager):
            manager = make_nailgun_manager(Counter)
            assert manager.names() == ("counter",)
        """
    )
    pytester.syspathinsert()
    run(pytester).assert_outcomes(passed=2)


def test_nailgun_manager_without_extensions_says_what_to_do(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_missing="""
        def test_needs_extensions(nailgun_manager):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*define a fixture named nailgun_extensions*",
            "    @pytest.fixture",
            "    def nailgun_extensions():",
            "        return [MyExtension]",
        ]
    )
    assert "\\n" not in result.stdout.str()


def test_the_helpers_import_and_work_without_pytest() -> None:
    """unittest and Nailgun's own tests use the helpers; pytest is not a
    dependency of nailgun-hooks."""
    script = (
        "import sys; sys.modules['pytest'] = None\n"
        "from nailgun_hooks.testing import make_cluster, make_node, "
        "assert_valid_extension, InvalidExtensionError\n"
        "cluster = make_cluster(extensions=['audit'])\n"
        "node = make_node(cluster=cluster)\n"
        "assert node.cluster is cluster and cluster.extensions == ['audit']\n"
        "try:\n"
        "    assert_valid_extension(object())\n"
        "except InvalidExtensionError as exc:\n"
        "    print('refused:', type(exc).__name__)\n"
        "print('pytest' in sys.modules and sys.modules['pytest'] is None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["refused: InvalidExtensionError", "True"]


def test_an_invalid_extension_fails_the_test_listing_every_problem(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_invalid="""
        import pytest
        from nailgun_hooks import BaseExtension, hookimpl

        class Sloppy(BaseExtension):
            name = "sloppy"
            version = "one"
            description = "Two mistakes"

            @hookimpl
            def on_node_updte(self, node):
                pass

        @pytest.fixture
        def nailgun_extensions():
            return [Sloppy]

        def test_it(nailgun_manager):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    output = result.stdout.str()
    assert "InvalidExtensionError: 2 problems in the extensions:" in output
    assert "[bad-version] extension 'sloppy'" in output
    assert "[unknown-hook] extension 'sloppy', hook 'on_node_updte'" in output
    assert "fix: did you mean 'on_node_update'?" in output
    # The plugin's own frames are hidden: the report starts at the test.
    assert "def _build(" not in output


def test_objects_satisfy_the_protocols_and_link_both_ways(
    nailgun_objects: NailgunObjects,
) -> None:
    cluster = nailgun_objects.cluster(extensions=["volume_manager"])
    first = nailgun_objects.node(cluster=cluster, roles=["controller"])
    second = nailgun_objects.node(cluster=cluster, extensions=["raid"])
    orphan = nailgun_objects.node()
    group = nailgun_objects.nodegroup(cluster=cluster, nodes=[first])
    assert (cluster.id, first.id, second.id, orphan.id, group.id) == (1, 2, 3, 4, 5)
    assert isinstance(cluster, Cluster)
    assert isinstance(first, Node)
    assert isinstance(group, NodeGroup)
    assert cluster.nodes == [first, second]
    assert first.cluster is cluster and first.cluster_id == cluster.id
    assert orphan.cluster is None and orphan.cluster_id is None
    assert group.cluster_id == cluster.id and group.nodes == [first]
    assert (first.name, cluster.name, first.status) == (
        "node-2",
        "cluster-1",
        "discover",
    )
    assert second.extensions == ["raid"] and first.roles == ["controller"]
    assert {first, second} == {second, first}  # hashable by identity
    assert repr(first).startswith("MemoryNode(id=2, name='node-2'")
    with pytest.raises(TypeError, match="not the string 'controller'"):
        nailgun_objects.node(roles="controller")
    with pytest.raises(ValueError, match=r"nodes \['node-4'\] are not in cluster"):
        nailgun_objects.nodegroup(cluster=cluster, nodes=[orphan])


class Fine(BaseExtension):
    name = "fine"
    version = "1.0.0"
    description = "Runs after volume_manager"
    after = ("volume_manager",)

    @hookimpl
    def on_node_create(self, node: Node) -> None:
        pass


def test_assert_valid_extension_returns_the_record() -> None:
    record = assert_valid_extension(Fine, others=["volume_manager"])
    assert (record.name, record.hooks) == ("fine", ("on_node_create",))


def test_assert_valid_extension_lists_every_problem() -> None:
    class Broken(BaseExtension):
        name = "broken"
        version = "1.0.0"
        description = ""
        after = ("volume_manager",)

        @hookimpl
        def on_node_create(self, node: Cluster) -> None:
            pass

    with pytest.raises(InvalidExtensionError) as caught:
        assert_valid_extension(Broken)
    assert sorted(p.code for p in caught.value.problems) == [
        "incompatible-argument-type",
        "missing-description",
        "unknown-ordering-reference",
    ]
    assert str(caught.value).startswith("3 problems in extension 'broken':\n")
    assert isinstance(caught.value, AssertionError)


def test_assert_extension_installed_checks_the_packaging(dists: DistFactory) -> None:
    dists.extension("packaged", "@hookimpl\ndef on_node_reset(self, node): pass\n")
    module = dists.unique("misnamed")
    dists.install(
        "misnamed-dist",
        entry_points={"misnamed": f"{module}:Extension"},
        modules={
            module: """
            from nailgun_hooks import BaseExtension

            class Extension(BaseExtension):
                name = "renamed"
                version = "1.0.0"
                description = "Its entry point has another name"
            """
        },
    )
    record = assert_extension_installed("packaged", namespace=dists.namespace)
    assert record.distribution is not None and record.hooks == ("on_node_reset",)
    with pytest.raises(InvalidExtensionError) as caught:
        assert_extension_installed("misnamed", namespace=dists.namespace)
    assert [p.code for p in caught.value.problems] == ["entry-point-name-mismatch"]
    with pytest.raises(InvalidExtensionError, match="not-installed"):
        assert_extension_installed("absent", namespace=dists.namespace)
