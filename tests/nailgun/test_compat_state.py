"""nailgun_hooks.nailgun.compat_state: the seam Nailgun's tests patch, the
explicit start and its remembered verdict, and the test helpers.

The seam tests are shaped like Nailgun's own: ``mock.patch`` of
``nailgun.extensions.manager.get_all_extensions`` returning ``MagicMock``
extensions, after the documented move (that module star-imports compat).
"""

from __future__ import annotations

import re
import subprocess
import sys
import types
import unittest
from collections.abc import Iterator
from typing import Any, ClassVar
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nailgun_hooks import ExtensionValidationError, build_manager, compat, hookimpl
from nailgun_hooks.manager import HookManager
from nailgun_hooks.nailgun import compat_state
from tests.support.venv import ROOT

pytest_plugins = ["pytester"]

SEAM = "nailgun.extensions.manager.get_all_extensions"


def doubles(*names: str) -> list[mock.MagicMock]:
    """Extensions as Nailgun's tests make them: mocks providing one call."""
    made = []
    for name in names:
        double = mock.MagicMock()
        double.name = name
        double.provides = ["method_call"]
        made.append(double)
    return made


def _moved_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec("from nailgun_hooks.compat import *", module.__dict__)
    return module


@pytest.fixture
def moved() -> Iterator[None]:
    """Nailgun after the move: its package and manager module are the line."""
    package = _moved_module("nailgun.extensions")
    manager = _moved_module("nailgun.extensions.manager")
    root = types.ModuleType("nailgun")
    # as an import leaves them: each package holds its submodules (mock's
    # look-up walks attributes on some Pythons, sys.modules on others)
    root.extensions = package  # type: ignore[attr-defined]
    package.manager = manager  # type: ignore[attr-defined]
    with mock.patch.dict(
        sys.modules,
        {
            "nailgun": root,
            "nailgun.extensions": package,
            SEAM.rsplit(".", 1)[0]: manager,
        },
    ):
        yield


class Real(compat.BaseExtension):
    name = "real"
    version = "1.0.0"
    description = "The installed extension a test's doubles replace"
    seen: ClassVar[list[object]] = []

    @classmethod
    def on_node_create(cls, node: Any) -> None:
        cls.seen.append(node)


@pytest.fixture
def real() -> Iterator[HookManager]:
    Real.seen = []
    with compat.installed(Real) as manager:
        yield manager


GLOBAL_CALLBACKS = [
    ("fire_callback_on_node_create", "on_node_create", 1),
    ("fire_callback_on_node_update", "on_node_update", 1),
    ("fire_callback_on_node_reset", "on_node_reset", 1),
    ("fire_callback_on_node_delete", "on_node_delete", 1),
    ("fire_callback_on_remove_node_from_cluster", "on_remove_node_from_cluster", 1),
    ("fire_callback_on_node_collection_delete", "on_node_collection_delete", 1),
    ("fire_callback_on_nodegroup_create", "on_nodegroup_create", 1),
    ("fire_callback_on_nodegroup_delete", "on_nodegroup_delete", 1),
    ("fire_callback_on_cluster_create", "on_cluster_create", 2),
    ("fire_callback_on_cluster_patch_attributes", "on_cluster_patch_attributes", 2),
    ("fire_callback_on_cluster_delete", "on_cluster_delete", 1),
    ("setup_yaql_context", "setup_yaql_context", 1),
]


@pytest.mark.parametrize(("function", "event", "arity"), GLOBAL_CALLBACKS)
def test_every_global_callback_reaches_each_double(
    moved: None, real: HookManager, function: str, event: str, arity: int
) -> None:
    args = [mock.sentinel.first, mock.sentinel.second][:arity]
    with mock.patch(SEAM, return_value=doubles("ex1", "ex2")) as get_m:
        getattr(compat, function)(*args)
    for double in get_m.return_value:
        getattr(double, event).assert_called_once_with(*args)
    assert Real.seen == []  # the installed extension was not asked


def test_get_extension_answers_from_the_doubles(moved: None, real: HookManager) -> None:
    with mock.patch(SEAM, return_value=doubles("ex1", "ex2")) as get_m:
        assert compat.get_extension("ex2") is get_m.return_value[1]
        with pytest.raises(compat.CannotFindExtension, match="name 'real'"):
            compat.get_extension("real")


def test_node_extension_call_passes_arguments_through_to_the_first_provider(
    moved: None, real: HookManager
) -> None:
    node = mock.MagicMock()
    node.extensions = ["ex2"]
    node.cluster.extensions = ["ex1"]
    with mock.patch(SEAM, return_value=doubles("ex1", "ex2")) as get_m:
        answer = compat.node_extension_call("method_call", node, 1, disk="sda")
    ex1, ex2 = get_m.return_value
    ex2.method_call.assert_called_once_with(node, 1, disk="sda")
    assert answer is ex2.method_call.return_value
    assert not ex1.method_call.called


def test_node_extension_call_without_a_provider_raises_nailguns_message(
    moved: None, real: HookManager
) -> None:
    node = mock.MagicMock()
    node.extensions = ["ex1"]
    node.cluster = None
    with (
        mock.patch(SEAM, return_value=doubles("ex1")),
        pytest.raises(compat.CannotFindExtension, match="provides 'other_call' call"),
    ):
        compat.node_extension_call("other_call", node)


def test_cluster_callbacks_and_pipelines_ask_only_the_enabled_doubles(
    moved: None, real: HookManager
) -> None:
    cluster = mock.MagicMock()
    cluster.extensions = ["ex2"]
    node = mock.MagicMock()
    node.cluster = cluster
    with mock.patch(SEAM, return_value=doubles("ex1", "ex2")) as get_m:
        ex1, ex2 = get_m.return_value
        pipeline = mock.MagicMock()
        ex2.data_pipelines = [pipeline]
        compat.fire_callback_on_before_deployment_check(cluster, mock.sentinel.nodes)
        compat.fire_callback_on_node_serialization_for_deployment(node, {})
        compat.fire_callback_on_cluster_serialization_for_provisioning(cluster, {})
    ex2.on_before_deployment_check.assert_called_once_with(cluster, mock.sentinel.nodes)
    assert not ex1.on_before_deployment_check.called
    pipeline.process_deployment_for_node.assert_called_once_with(node, {})
    pipeline.process_provisioning_for_cluster.assert_called_once_with(cluster, {})


def test_callback_wrapper_fires_on_the_doubles(moved: None, real: HookManager) -> None:
    @compat.callback_wrapper("cluster_delete", ["cluster"])
    def delete(cluster: Any) -> None:
        pass

    with mock.patch(SEAM, return_value=doubles("ex1")) as get_m:
        delete(mock.sentinel.cluster)
    (ex1,) = get_m.return_value
    ex1.before_cluster_delete.assert_called_once_with(mock.sentinel.cluster)
    ex1.after_cluster_delete.assert_called_once_with(mock.sentinel.cluster)


def test_the_seam_is_consulted_at_each_call(moved: None, real: HookManager) -> None:
    with mock.patch(SEAM, return_value=doubles("ex1")):
        compat.fire_callback_on_node_create("during")
    compat.fire_callback_on_node_create("after")
    assert Real.seen == ["after"]


def test_our_public_module_is_a_seam_too(real: HookManager) -> None:
    with mock.patch(
        "nailgun_hooks.compat.get_all_extensions", return_value=doubles("ex1")
    ) as get_m:
        compat.fire_callback_on_node_create("n")
    get_m.return_value[0].on_node_create.assert_called_once_with("n")
    assert Real.seen == []


def test_nailguns_own_module_not_moved_is_no_seam(real: HookManager) -> None:
    """Nailgun's manager module, before the move, has a real function of that
    name: compat must not take it for a test's replacement."""
    own = types.ModuleType("nailgun.extensions.manager")
    own.get_all_extensions = lambda: doubles("ex1")  # type: ignore[attr-defined]
    with mock.patch.dict(sys.modules, {"nailgun.extensions.manager": own}):
        compat.fire_callback_on_node_create("n")
    assert Real.seen == ["n"]


@given(
    names=st.lists(st.sampled_from("abcdef"), unique=True, min_size=1),
    data=st.data(),
)
def test_cluster_callbacks_follow_the_clusters_order_over_any_doubles(
    names: list[str], data: st.DataObject
) -> None:
    """Nailgun's rule, over whatever the test substitutes: each name the
    cluster enables, once, in the cluster's order; no other."""
    enabled = data.draw(st.permutations(names))[: data.draw(st.integers(0, len(names)))]
    order: list[str] = []
    made = doubles(*names)
    for double in made:
        double.on_before_deployment_serialization.side_effect = (
            lambda *a, n=double.name: order.append(n)
        )
    cluster = mock.MagicMock()
    cluster.extensions = enabled
    with mock.patch("nailgun_hooks.compat.get_all_extensions", return_value=made):
        compat.fire_callback_on_before_deployment_serialization(cluster, [], False)
    assert order == enabled


# --- start, once, and its verdict -------------------------------------------------


class Typo(compat.BaseExtension):
    name = "typo"
    version = "1.0.0"
    description = "A marked handler of no event"

    @hookimpl
    def on_node_updte(self, node: Any) -> None:
        pass


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Each load_extensions() compat_state makes, strict or not, over Typo."""
    made: list[bool] = []

    def load_extensions(*, strict: bool = True) -> HookManager:
        made.append(strict)
        return build_manager([Typo], strict=strict)

    monkeypatch.setattr(compat_state, "load_extensions", load_extensions)
    compat.use_manager(None)
    try:
        yield made
    finally:
        compat.use_manager(None)


def test_a_strict_failure_is_remembered_not_reloaded(loads: list[bool]) -> None:
    with pytest.raises(ExtensionValidationError) as first:
        compat.get_extension("typo")
    with pytest.raises(ExtensionValidationError) as again:
        compat.fire_callback_on_node_create("n")
    assert again.value is first.value
    assert loads == [True]


def test_start_chooses_strictness_and_loads_again(loads: list[bool]) -> None:
    with pytest.raises(ExtensionValidationError):
        compat.start()
    with pytest.raises(ExtensionValidationError):
        compat.get_manager()
    lenient = compat.start(strict=False)
    assert compat.get_manager() is lenient and lenient.names() == ()
    assert [p.code for p in lenient.problems] == ["unknown-hook"]
    assert loads == [True, False]


def test_installed_restores_the_previous_manager_and_verdict(loads: list[bool]) -> None:
    with pytest.raises(ExtensionValidationError):
        compat.start()
    with compat.installed(Real) as outer:
        assert compat.get_manager() is outer
        with compat.installed(outer) as inner:
            assert inner is outer
        assert compat.get_extension("real") is Real
    with pytest.raises(ExtensionValidationError):
        compat.get_manager()
    assert loads == [True]


def test_installed_for_test_restores_in_the_tests_cleanup() -> None:
    before = build_manager([])
    compat.use_manager(before)
    seen: ClassVar[list[object]] = []

    class NailgunStyle(unittest.TestCase):
        def setUp(self) -> None:
            self.manager = compat.installed_for_test(self, Real)

        def test_it(self) -> None:
            seen.append(compat.get_manager())
            seen.append(self.manager)

    try:
        result = unittest.TextTestRunner(stream=None, verbosity=0).run(
            unittest.defaultTestLoader.loadTestsFromTestCase(NailgunStyle)
        )
        assert result.wasSuccessful()
        assert seen[0] is seen[1] and seen[0] is not before
        assert compat.get_manager() is before
    finally:
        compat.use_manager(None)


def test_the_compat_extensions_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_nailgun="""
        from nailgun_hooks import compat
        from nailgun_hooks.nailgun import compat_state

        class Vm(compat.BaseExtension):
            name = "vm"
            version = "1.0.0"
            description = "d"

        def test_installed(compat_extensions):
            manager = compat_extensions(Vm)
            assert compat.get_manager() is manager
            assert compat.get_extension("vm") is Vm

        def test_restored():
            assert compat_state._manager is None
        """
    )
    compat.use_manager(None)
    result = pytester.runpytest_inprocess("-p", "no:randomly")
    result.assert_outcomes(passed=2)


def test_the_fixture_plugin_can_be_turned_off(pytester: pytest.Pytester) -> None:
    """testing.md: "turn it off with `pytest -p no:nailgun_hooks_compat`"."""
    pytester.makepyfile(test_off="def test_it(compat_extensions):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:nailgun_hooks_compat")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'compat_extensions' not found*"])


def test_the_fixture_plugin_imports_compat_only_when_used() -> None:
    """testing.md: "it imports compat only when a test asks for the fixture"."""
    code = (
        "import sys, nailgun_hooks.nailgun.compat_fixture\n"
        "print(sorted(m for m in sys.modules if m.startswith('nailgun_hooks')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "compat_state" not in shown and "nailgun_hooks.manager" not in shown


def test_the_seam_modules_are_the_ones_the_docs_name() -> None:
    """integration.md: the modules of `compat.SEAM_MODULES`."""
    page = " ".join((ROOT / "docs" / "integration.md").read_text().split())
    named = page.split("in the modules of `compat.SEAM_MODULES` — ", 1)[1]
    named = named.split(" among", 1)[0]
    assert re.findall(r"`([\w.]+)`", named) == list(compat.SEAM_MODULES)


def test_the_docs_name_the_mirrored_revision_and_python() -> None:
    """integration.md: "`compat.MIRRORED_REVISION`", "Python 3.10 or newer"."""
    page = (ROOT / "docs" / "integration.md").read_text()
    assert "`compat.MIRRORED_REVISION`" in page
    assert re.fullmatch(r"[0-9a-f]{40}", compat.MIRRORED_REVISION)
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.10"' in pyproject
    assert "needs Python 3.10 or newer" in " ".join(page.split())
