"""Pieces of the public-API fallback (see nailgun_hooks._pluggy_internals)
that can be checked whichever pluggy internals are in reach."""

from __future__ import annotations

from typing import Any

import pluggy

from nailgun_hooks import (
    hookimpl,
)
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import ExtensionRecord
from nailgun_hooks.startup.registration import call_layout, registration_order


def _extension(name: str, **opts: Any) -> ExtensionRecord:
    class Ext:
        @hookimpl(**opts)
        def on_node_update(self, node: object) -> None:
            pass

    return ExtensionRecord(name, "1.0", "", Ext())


def _called(pm: pluggy.PluginManager, hook: str) -> list[str]:
    impls = getattr(pm.hook, hook).get_hookimpls()
    return [impl.plugin_name for impl in reversed(impls)]


def test_registration_order_gives_the_call_order_in_every_tier() -> None:
    extensions = (
        _extension("alpha", trylast=True),
        _extension("bravo", trylast=True),
        _extension("charlie"),
        _extension("delta", tryfirst=True),
        _extension("echo", trylast=True),
    )
    pm = NailgunPluginManager()
    for record in registration_order(pm, extensions):
        pm.register(record.obj, name=record.name)
    assert _called(pm, "on_node_update") == [
        "delta",
        "charlie",
        "alpha",
        "bravo",
        "echo",
    ]


def test_contradicting_requests_fall_back_to_reverse_order() -> None:
    def make(name: str) -> ExtensionRecord:
        class Ext:
            @hookimpl(trylast=True)
            def on_node_update(self, node: object) -> None:
                pass

            @hookimpl
            def on_node_create(self, node: object) -> None:
                pass

        return ExtensionRecord(name, "1.0", "", Ext())

    first, second = make("first"), make("second")
    # on_node_update asks for first to be registered first, on_node_create
    # for second: no order meets both, so the plain tiers win (reverse)
    order = registration_order(NailgunPluginManager(), (first, second))
    assert order == [second, first]
    pm = NailgunPluginManager()
    for record in order:
        pm.register(record.obj, name=record.name)
    assert _called(pm, "on_node_create") == ["first", "second"]
    assert _called(pm, "on_node_update") == ["second", "first"]  # the known gap


def test_call_layout_sorts_tiers_then_extension_order() -> None:
    pm = NailgunPluginManager()
    records = [
        _extension("a", trylast=True),
        _extension("b", tryfirst=True),
        _extension("c"),
    ]
    for record in records:
        pm.register(record.obj, name=record.name)
    impls = pm.hook.on_node_update.get_hookimpls()
    ordered = sorted(impls, key=call_layout(["c", "b", "a"]))
    assert [impl.plugin_name for impl in reversed(ordered)] == ["b", "c", "a"]
