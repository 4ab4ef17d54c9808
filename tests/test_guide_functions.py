"""guide.md, "Functions instead of a class": the module of ``@hookimpl``
functions runs as written, and its metadata comes from where the table says."""

from __future__ import annotations

import logging
import sys
import types

import pytest

from nailgun_hooks import ExtensionValidationError, build_manager, load_extensions
from nailgun_hooks.inmemory import MemoryCluster
from tests.support.dists import DistFactory
from tests.test_docs import ROOT, blocks

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

GUIDE = ROOT / "docs" / "guide.md"


def _package() -> tuple[dict[str, str], str]:
    """The guide's cluster-counter package: its ``[project]`` table (name,
    version, description, entry point) and its module's source."""
    files = {
        block.target: block.code
        for block in blocks(GUIDE)
        if block.marker == "file"
        and (block.target or "").startswith("cluster-counter/")
    }
    project = tomllib.loads(files["cluster-counter/pyproject.toml"])["project"]
    return project, files["cluster-counter/cluster_counter.py"]


def _install(dists: DistFactory, source: str, project: dict[str, str]) -> str:
    """Install the module as the guide's distribution; return its entry point."""
    module = dists.unique("cluster_counter")
    ((entry_point, target),) = project["entry-points"]["nailgun.extensions"].items()
    assert target == "cluster_counter"  # the module itself, no ":ClassName"
    dists.install(
        project["name"],
        entry_points={entry_point: module},
        modules={module: source},
        version=project["version"],
        summary=project["description"],
    )
    return entry_point


def test_a_module_of_functions_is_an_extension(
    dists: DistFactory, caplog: pytest.LogCaptureFixture
) -> None:
    project, source = _package()
    name = _install(dists, source, project)
    manager = load_extensions(namespace=dists.namespace)
    with caplog.at_level(logging.INFO, logger=f"nailgun.extensions.{name}"):
        manager.hook.on_cluster_create(cluster=MemoryCluster(1, name="prod"), data={})
        manager.hook.on_cluster_create(cluster=MemoryCluster(2, name="lab"), data={})
    assert caplog.messages == ["cluster prod is number 1", "cluster lab is number 2"]


def test_its_metadata_comes_from_the_distribution(dists: DistFactory) -> None:
    project, source = _package()
    name = _install(dists, source, project)
    record = load_extensions(namespace=dists.namespace).get(name)
    assert (record.name, record.version, record.description) == (
        "cluster-counter",
        project["version"],
        project["description"],
    )


def test_its_own_names_win_and_order_it(dists: DistFactory) -> None:
    project, source = _package()
    source += '\nversion = "9.9"\ndescription = "Mine"\nbefore = ["alpha"]\n'
    name = _install(dists, source, project)
    dists.extension("alpha")  # sorts first, unless ordered
    manager = load_extensions(namespace=dists.namespace)
    record = manager.get(name)
    assert (record.version, record.description) == ("9.9", "Mine")
    assert manager.names() == (name, "alpha")


def test_given_directly_a_module_must_say_its_version_and_description() -> None:
    bare = types.ModuleType("bare_counter")
    exec(_package()[1], bare.__dict__)
    with pytest.raises(ExtensionValidationError) as raised:
        build_manager([bare])
    codes = {problem.code for problem in raised.value.problems}
    assert {"bad-version", "missing-description"} <= codes
    bare.version, bare.description = "1.0", "Counts"  # type: ignore[attr-defined]
    assert build_manager([bare]).names() == ("bare_counter",)
