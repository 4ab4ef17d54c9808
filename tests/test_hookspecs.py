"""The hookspecs are the contract: complete, typed and documented."""

from __future__ import annotations

import inspect

import pytest

from nailgun_hooks import hookspecs, specs
from nailgun_hooks.spec.catalogue import HookSpec
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager

NOTIFICATIONS = {
    "on_node_create": ("node",),
    "on_node_update": ("node",),
    "on_node_reset": ("node",),
    "on_node_delete": ("node",),
    "on_remove_node_from_cluster": ("node",),
    "on_node_collection_delete": ("node_ids",),
    "on_nodegroup_create": ("nodegroup",),
    "on_nodegroup_delete": ("nodegroup",),
    "on_cluster_create": ("cluster", "data"),
    "on_cluster_patch_attributes": ("cluster", "public_map"),
    "on_cluster_delete": ("cluster",),
    "before_cluster_delete": ("cluster",),
    "after_cluster_delete": ("cluster",),
    "setup_yaql_context": ("yaql_context",),
    "on_before_deployment_check": ("cluster", "nodes"),
    "on_before_deployment_serialization": ("cluster", "nodes", "ignore_customized"),
    "on_before_provisioning_serialization": ("cluster", "nodes", "ignore_customized"),
}
PIPELINES = {
    "process_deployment_for_cluster": ("cluster", "cluster_data"),
    "process_deployment_for_node": ("node", "node_data"),
    "process_provisioning_for_cluster": ("cluster", "cluster_data"),
    "process_provisioning_for_node": ("node", "node_data"),
}
FIRST_RESULT = {
    "get_node_volumes": ("node",),
    "set_node_volumes": ("node", "volumes"),
    "set_default_node_volumes": ("node",),
}
CLUSTER_SCOPE = {
    "on_before_deployment_check",
    "on_before_deployment_serialization",
    "on_before_provisioning_serialization",
    *PIPELINES,
}


def test_catalogue_is_exactly_nailguns_events() -> None:
    expected = {**NOTIFICATIONS, **PIPELINES, **FIRST_RESULT}
    assert {name: spec.argnames for name, spec in specs().items()} == expected


@pytest.mark.parametrize("spec", specs().values(), ids=lambda s: s.name)
def test_every_spec_is_typed_and_documented(spec: HookSpec) -> None:
    signature = inspect.signature(spec.function)
    assert all(
        p.annotation is not inspect.Parameter.empty
        for p in signature.parameters.values()
    )
    assert signature.return_annotation is not inspect.Signature.empty
    for argname in spec.argnames:
        assert f":param {argname}:" in spec.doc, (
            f"{spec.name} does not document {argname}"
        )
    assert "Return value" in spec.doc
    assert "Rais" in spec.doc or spec.firstresult


@pytest.mark.parametrize("spec", specs().values(), ids=lambda s: s.name)
def test_kind_scope_and_firstresult(spec: HookSpec) -> None:
    pluggy_spec = getattr(NailgunPluginManager().hook, spec.name).spec
    assert pluggy_spec is not None
    assert pluggy_spec.opts["firstresult"] is (spec.name in FIRST_RESULT)
    if spec.name in FIRST_RESULT:
        assert (spec.kind, spec.scope) == ("first-result", "node")
    elif spec.name in PIPELINES:
        assert (spec.kind, spec.scope) == ("pipeline", "cluster")
    else:
        assert spec.kind == "notification"
        assert spec.scope == ("cluster" if spec.name in CLUSTER_SCOPE else "all")


def test_pluggy_sees_the_same_arguments() -> None:
    manager = NailgunPluginManager()
    for name, spec in specs().items():
        assert getattr(manager.hook, name).spec.argnames == spec.argnames
    assert hookspecs.__doc__
