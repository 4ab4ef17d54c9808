"""The six extensions published for Fuel, unmodified, under nailgun-hooks.

Their shapes (tests/support/fuel) are installed as real distributions and
loaded strictly; every event they implement is then fired twice, through
``nailgun_hooks.compat`` and through a model of Nailgun's own manager
(tests/support/nailgun_model.py), and the two runs must agree on every call
made into the extensions' code (function and arguments), the data they
leave behind, what the call returned and what it raised.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from nailgun_hooks import compat, load_extensions
from nailgun_hooks.manager import HookManager
from nailgun_hooks.rest import webpy_mapping
from tests.support import fuel
from tests.support.fuel.world import World, fresh_world
from tests.support.nailgun_model import NailgunModel

PUBLISHED = [
    "cluster_upgrade",
    "converted_serializers",
    "fuel_external_git",
    "network_manager",
    "tuning_box",
    "volume_manager",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield from fuel.install(tmp_path_factory.mktemp("fuel") / "site")


@pytest.fixture
def manager(site: Path) -> Iterator[HookManager]:
    """All six, loaded strictly, serving ``nailgun_hooks.compat``."""
    loaded = load_extensions(namespace=fuel.NAMESPACE, strict=True)
    compat.use_manager(loaded)
    try:
        yield loaded
    finally:
        compat.use_manager(None)


def nailgun_model(manager: HookManager) -> NailgunModel:
    """Nailgun's manager over the same classes, imported from the entry
    points as stevedore imported them, in the order ours calls them (any
    order is one stevedore could have given)."""
    classes = {ep.name: ep.load() for ep in entry_points(group=fuel.NAMESPACE)}
    ordered = [classes[name] for name in manager.names()]
    return NailgunModel(ordered, importlib.import_module("nailgun.errors"))


# --- one run, observed ------------


@dataclass
class Run:
    calls: list[tuple[str, tuple[tuple[str, str], ...]]]
    journal: list[tuple[object, ...]]
    result: object
    error: tuple[type[BaseException], str] | None
    volumes: dict[int, object]


_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _tracer(root: str, calls: list[Any]) -> Callable[[FrameType, str, Any], None]:
    """Every call of a function of the site (comprehensions aside), with
    its arguments' reprs (memory addresses removed)."""

    def trace(frame: FrameType, event: str, arg: Any) -> None:
        code = frame.f_code
        if (
            event != "call"
            or not code.co_filename.startswith(root)
            or code.co_name.startswith("<")
        ):
            return
        names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
        arguments = tuple(
            (n, _ADDRESS.sub("", repr(frame.f_locals.get(n)))) for n in names
        )
        calls.append((code.co_qualname, arguments))

    return trace


def observe(site: Path, api: Any, scenario: Callable[[Any, World], object]) -> Run:
    world = fresh_world()
    calls: list[Any] = []
    result: object = None
    error = None
    sys.setprofile(_tracer(str(site), calls))
    try:
        result = scenario(api, world)
    except Exception as exc:
        error = (type(exc), str(exc))
    finally:
        sys.setprofile(None)
    journal = list(importlib.import_module("fuel_journal").CALLS)
    store = importlib.import_module("nailgun.extensions.volume_manager.objects.volumes")
    return Run(calls, journal, result, error, dict(store.STORE))


# --- the events they implement ------------

Scenario = Callable[[Any, World], object]
SCENARIOS: dict[str, Scenario] = {}


def scenario(function: Scenario) -> Scenario:
    SCENARIOS[function.__name__] = function
    return function


@scenario
def node_create(api: Any, w: World) -> object:
    api.fire_callback_on_node_create(w.default.nodes[0])
    return None


@scenario
def node_create_without_disks(api: Any, w: World) -> object:
    node = w.default.nodes[0]
    node.disks = []
    api.fire_callback_on_node_create(node)  # volume_manager notifies, no raise
    return None


@scenario
def node_update(api: Any, w: World) -> object:
    api.fire_callback_on_node_update(w.default.nodes[1])
    return None


@scenario
def node_delete(api: Any, w: World) -> object:
    node = w.default.nodes[0]
    api.fire_callback_on_node_create(node)
    api.fire_callback_on_node_delete(node)
    return None


@scenario
def node_collection_delete(api: Any, w: World) -> object:
    for node in w.default.nodes:
        api.fire_callback_on_node_create(node)
    api.fire_callback_on_node_collection_delete([n.id for n in w.default.nodes])
    return None


@scenario
def node_reset(api: Any, w: World) -> object:
    api.fire_callback_on_node_reset(w.default.nodes[0])
    return None


@scenario
def remove_node_from_cluster(api: Any, w: World) -> object:
    api.fire_callback_on_remove_node_from_cluster(w.default.nodes[0])
    return None


@scenario
def nodegroup_create(api: Any, w: World) -> object:
    api.fire_callback_on_nodegroup_create(w.upgraded.node_groups[1])
    return None


@scenario
def nodegroup_delete(api: Any, w: World) -> object:
    api.fire_callback_on_nodegroup_delete(w.default.node_groups[0])
    return None


@scenario
def cluster_create(api: Any, w: World) -> object:
    api.fire_callback_on_cluster_create(w.default, {"net_provider": "neutron"})
    return None


@scenario
def cluster_patch_attributes(api: Any, w: World) -> object:
    api.fire_callback_on_cluster_patch_attributes(w.default, {"public": True})
    return None


@scenario
def cluster_delete(api: Any, w: World) -> object:
    api.fire_callback_on_cluster_delete(w.upgraded)
    return None


@scenario
def cluster_delete_wrapped(api: Any, w: World) -> object:
    """Nailgun's ``Cluster.delete`` is wrapped by ``callback_wrapper``:
    network_manager's ``after_cluster_delete`` runs after it."""

    class Cluster:
        @classmethod
        @api.callback_wrapper("cluster_delete", ["instance"])
        def delete(cls, instance: Any) -> str:
            importlib.import_module("fuel_journal").record("delete", repr(instance))
            return "deleted"

    return Cluster.delete(w.upgraded)


@scenario
def deployment_check_release_defaults(api: Any, w: World) -> object:
    for node in w.default.nodes:
        api.fire_callback_on_node_create(node)
    api.fire_callback_on_before_deployment_check(w.default)
    return None


@scenario
def deployment_check_fails(api: Any, w: World) -> object:
    api.fire_callback_on_node_create(w.default.nodes[0])  # node 12: no volumes
    api.fire_callback_on_before_deployment_check(w.default)
    return None


@scenario
def deployment_check_empty_nodes_means_all(api: Any, w: World) -> object:
    api.fire_callback_on_node_create(w.default.nodes[0])
    api.fire_callback_on_before_deployment_check(w.default, [])
    return None


@scenario
def deployment_check_some_nodes(api: Any, w: World) -> object:
    api.fire_callback_on_node_create(w.default.nodes[0])
    api.fire_callback_on_before_deployment_check(w.default, w.default.nodes[:1])
    return None


@scenario
def deployment_check_unknown_extension(api: Any, w: World) -> object:
    w.default.extensions = ["volume_manager", "not_installed", "network_manager"]
    api.fire_callback_on_before_deployment_check(w.default)
    return None


@scenario
def before_deployment_serialization(api: Any, w: World) -> object:
    api.fire_callback_on_before_deployment_serialization(w.default, None, False)
    return None


@scenario
def before_provisioning_serialization(api: Any, w: World) -> object:
    api.fire_callback_on_before_provisioning_serialization(
        w.upgraded, w.upgraded.nodes, True
    )
    return None


def _cluster_data(cluster: Any) -> dict[str, Any]:
    return {
        "cluster": {"id": cluster.id},
        "nodes": [{"uid": n.uid, "roles": n.roles} for n in cluster.nodes],
        "storage": {"osd_pool_size": "2"},
    }


@scenario
def deployment_serialization_release_defaults(api: Any, w: World) -> object:
    for node in w.default.nodes:
        api.fire_callback_on_node_create(node)
    data = _cluster_data(w.default)
    api.fire_callback_on_cluster_serialization_for_deployment(w.default, data)
    nodes = []
    for node in w.default.nodes:
        node_data: dict[str, Any] = {"uid": node.uid, "roles": node.roles}
        api.fire_callback_on_node_serialization_for_deployment(node, node_data)
        nodes.append(node_data)
    return data, nodes


@scenario
def deployment_serialization_upgrade(api: Any, w: World) -> object:
    w.upgraded.extensions.append("converted_serializers")
    data = _cluster_data(w.upgraded)
    api.fire_callback_on_cluster_serialization_for_deployment(w.upgraded, data)
    node = w.upgraded.nodes[0]
    node_data: dict[str, Any] = {"uid": node.uid, "roles": node.roles}
    api.fire_callback_on_node_serialization_for_deployment(node, node_data)
    return data, node_data


@scenario
def provisioning_serialization(api: Any, w: World) -> object:
    node = w.default.nodes[0]
    api.fire_callback_on_node_create(node)
    data: dict[str, Any] = {"cluster": w.default.id}
    api.fire_callback_on_cluster_serialization_for_provisioning(w.default, data)
    node_data: dict[str, Any] = {"uid": node.uid}
    api.fire_callback_on_node_serialization_for_provisioning(node, node_data)
    return data, node_data


@scenario
def get_node_volumes(api: Any, w: World) -> object:
    node = w.default.nodes[0]
    before = api.node_extension_call("get_node_volumes", node)  # None, returned
    api.fire_callback_on_node_create(node)
    return before, api.node_extension_call("get_node_volumes", node)


@scenario
def node_extension_call_skips_names_not_installed(api: Any, w: World) -> object:
    node = w.default.nodes[0]
    node.extensions = ["not_installed", "network_manager", "volume_manager"]
    volumes = [{"id": "sdb"}]
    stored = api.node_extension_call("set_node_volumes", node, volumes)
    return stored, api.node_extension_call("get_node_volumes", node)


@scenario
def set_default_node_volumes(api: Any, w: World) -> object:
    return api.node_extension_call("set_default_node_volumes", w.default.nodes[1])


@scenario
def node_extension_call_nobody_provides(api: Any, w: World) -> object:
    return api.node_extension_call("get_node_networks", w.default.nodes[0])


@scenario
def node_extension_call_without_cluster(api: Any, w: World) -> object:
    node = w.default.nodes[0]
    node.cluster = None
    return api.node_extension_call("get_node_volumes", node)


@scenario
def get_extension(api: Any, w: World) -> object:
    found = api.get_extension("network_manager")
    return found.name, found.provides, api.get_extension("nope")


@scenario
def extensions_listing(api: Any, w: World) -> object:
    payload = [ext().to_dict() for ext in api.get_all_extensions()]
    return sorted(payload, key=lambda entry: entry["name"])


@scenario
def setup_yaql_context(api: Any, w: World) -> object:
    api.setup_yaql_context({"context": "yaql"})
    return None


@pytest.mark.parametrize("name", SCENARIOS)
def test_compat_behaves_as_nailguns_own_manager(
    site: Path, manager: HookManager, name: str
) -> None:
    scenario = SCENARIOS[name]
    theirs = observe(site, nailgun_model(manager), scenario)
    ours = observe(site, compat, scenario)
    assert ours.error == theirs.error
    assert ours.calls == theirs.calls
    assert ours.journal == theirs.journal
    assert ours.result == theirs.result
    assert ours.volumes == theirs.volumes
    assert theirs.calls or theirs.error or theirs.result or name == "setup_yaql_context"


def test_every_published_event_is_exercised(manager: HookManager) -> None:
    """The scenarios above reach every event the six implement."""
    implemented = {hook for record in manager.extensions for hook in record.hooks}
    assert implemented == {
        "after_cluster_delete",
        "get_node_volumes",
        "on_before_deployment_check",
        "on_before_deployment_serialization",
        "on_before_provisioning_serialization",
        "on_cluster_create",
        "on_cluster_delete",
        "on_cluster_patch_attributes",
        "on_node_collection_delete",
        "on_node_create",
        "on_node_delete",
        "on_node_reset",
        "on_node_update",
        "on_nodegroup_create",
        "on_nodegroup_delete",
        "on_remove_node_from_cluster",
        "process_deployment_for_cluster",
        "process_deployment_for_node",
        "process_provisioning_for_node",
        "set_default_node_volumes",
        "set_node_volumes",
    }


# --- loading ------------


def test_all_six_load_in_strict_mode(manager: HookManager) -> None:
    assert sorted(manager.names()) == PUBLISHED
    assert manager.problems == ()
    by_name = {record.name: record for record in manager.extensions}
    assert by_name["volume_manager"].provides == (
        "get_node_volumes",
        "set_node_volumes",
        "set_default_node_volumes",
    )
    assert by_name["volume_manager"].distribution == "nailgun"
    assert by_name["tuning_box"].distribution == "tuning-box"


def test_their_urls_are_served_as_nailgun_served_them(manager: HookManager) -> None:
    theirs_urls, theirs_handlers = nailgun_model(manager).extensions_urls()
    urls, handlers = webpy_mapping(manager.urls())
    assert list(urls) == theirs_urls
    assert handlers == {k: v for k, v in theirs_handlers.items() if isinstance(k, str)}
    tuning = importlib.import_module("tuning_box.nailgun").Extension
    (application,) = (entry["handler"] for entry in tuning.urls)
    assert urls[urls.index("/config") + 1] is application


def test_release_defaults_through_the_typed_api(manager: HookManager) -> None:
    """The typed API reaches the same handlers: the release defaults no
    longer fail their deployment check with ExtensionNotFoundError."""
    world = fresh_world()
    for node in world.default.nodes:
        manager.hook.on_node_create(node=node)
    scoped = manager.for_cluster(world.default)
    scoped.on_before_deployment_check(cluster=world.default, nodes=world.default.nodes)
    node = world.default.nodes[0]
    node_data: dict[str, Any] = {}
    scoped.process_deployment_for_node(node=node, node_data=node_data)
    volumes = manager.for_node(node).get_node_volumes()
    assert volumes is not None and node_data["node_volumes"] == volumes
    assert node_data["glance"] == {"image_cache_max_size": "10"}


# --- Nailgun's error ------------


def test_unknown_names_raise_nailguns_own_error(manager: HookManager) -> None:
    errors = importlib.import_module("nailgun.errors")
    assert compat.CannotFindExtension is errors.CannotFindExtension
    with pytest.raises(errors.CannotFindExtension) as caught:
        compat.get_extension("nope")
    assert caught.value.message == "Cannot find extension with name 'nope'"


def test_without_nailgun_the_error_is_ours(
    manager: HookManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    nailguns = importlib.import_module("nailgun.errors").CannotFindExtension
    monkeypatch.setitem(sys.modules, "nailgun.errors", None)  # not importable
    own = compat.CannotFindExtension
    assert own.__name__ == "CannotFindExtension"
    assert own is not nailguns
    with pytest.raises(own) as caught:
        compat.node_extension_call("get_node_networks", fresh_world().default.nodes[0])
    assert (
        str(caught.value)
        == "Cannot find extension which provides 'get_node_networks' call"
    )
    from nailgun_hooks import ExtensionNotFoundError

    assert isinstance(caught.value, ExtensionNotFoundError)


# --- the extensions' own imports ------------


def test_base_defaults_nailguns_call_sites_rely_on(manager: HookManager) -> None:
    network = importlib.import_module(
        "nailgun.extensions.network_manager.extension"
    ).NetworkManagerExtension
    world = fresh_world()
    assert network.on_node_create(world.default.nodes[0]) is None  # the base's no-op
    assert network.setup_yaql_context({}) is None
    assert network.provides == [] and isinstance(network.data_pipelines, list)
    assert network.full_name() == "network_manager-1.0.0"
    assert network.alembic_table_version() == "network_manager_alembic_version"


def test_objects_extensions_are_updated_and_flushed(manager: HookManager) -> None:
    world = fresh_world()
    handlers = importlib.import_module("cluster_upgrade.handlers")
    handlers.enable_upgrade(world.default)  # via nailgun.extensions.manager
    assert sorted(world.default.extensions) == [
        "cluster_upgrade",
        "network_manager",
        "volume_manager",
    ]
    compat.remove_extensions_from_object(world.default, ["cluster_upgrade"])
    assert sorted(world.default.extensions) == ["network_manager", "volume_manager"]
    journal = importlib.import_module("fuel_journal").CALLS
    assert journal == [("db.flush",), ("db.flush",)]


# --- the command line --------------------------------------------------------------


def test_check_and_list_accept_them_and_show_their_style(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nailgun_hooks import cli

    code = cli.main(["check", "--namespace", fuel.NAMESPACE, "--json"])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["ok"], report["problems"]) == (0, True, [])
    styles = {entry["name"]: entry["style"] for entry in report["extensions"]}
    assert styles == dict.fromkeys(PUBLISHED, "old-style")
    code = cli.main(["check", "--namespace", fuel.NAMESPACE])
    assert "volume_manager [old-style]" in capsys.readouterr().out
    code = cli.main(["list", "--namespace", fuel.NAMESPACE])
    text = capsys.readouterr().out
    assert code == 0
    assert text.count("style: old-style (no @hookimpl anywhere") == len(PUBLISHED)


# --- their migrations ----------------------------------------------------------------

GUARDED_ENV = ["fuel_external_git", "tuning_box"]
"""Their env.py only reads an ini file when there is one."""
UNGUARDED_ENV = ["cluster_upgrade", "volume_manager"]
"""Their env.py calls ``fileConfig(config.config_file_name)`` unconditionally."""


def _upgrade(manager: HookManager, names: list[str], tmp_path: Path) -> set[str]:
    sqlalchemy = pytest.importorskip("sqlalchemy")
    from nailgun_hooks.migrations import upgrade_extensions

    db_url = f"sqlite:///{tmp_path / 'nailgun.db'}"
    upgrade_extensions([manager.get(name) for name in names], db_url)
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        tables = set(sqlalchemy.inspect(connection).get_table_names())
    engine.dispose()
    return tables


def test_migrations_with_the_guarded_env_py_run(
    manager: HookManager, tmp_path: Path
) -> None:
    assert _upgrade(manager, GUARDED_ENV, tmp_path) == {
        "fuel_external_git_alembic_version",
        "fuel_external_git_repos",
        "tuning_box_alembic_version",
        "tuning_box_components",
    }


def test_migrations_with_the_unguarded_env_py_run(
    manager: HookManager, tmp_path: Path
) -> None:
    assert _upgrade(manager, UNGUARDED_ENV, tmp_path) == {
        "cluster_upgrade_alembic_version",
        "cluster_upgrade_relations",
        "volume_manager_alembic_version",
        "volume_manager_node_volumes",
    }
