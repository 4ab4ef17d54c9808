"""Call order is deterministic: constraints, then names, never install order."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import BaseExtension, build_manager, hookimpl, load_extensions
from nailgun_hooks.startup.ordering import resolve
from tests.support.dists import DistFactory


def make_extension(
    name: str,
    *,
    calls: list[str],
    before: tuple[str, ...] = (),
    after: tuple[str, ...] = (),
    tryfirst: bool = False,
    trylast: bool = False,
    result: object = None,
) -> BaseExtension:
    class Made(BaseExtension):
        version = "1.0"
        description = f"records calls as {name}"

        @hookimpl(tryfirst=tryfirst, trylast=trylast)
        def on_node_update(self, node: object) -> None:
            calls.append(self.name)

        @hookimpl(tryfirst=tryfirst, trylast=trylast)
        def get_node_volumes(self, node: object) -> object:
            calls.append(self.name)
            return result

    Made.name = name
    Made.before = before
    Made.after = after
    return Made()


def call_order(extensions: list[BaseExtension], calls: list[str]) -> list[str]:
    manager = build_manager(extensions)
    calls.clear()
    manager.hook.on_node_update(node=1)
    return list(calls)


def test_ties_are_broken_by_name_and_constraints_win() -> None:
    calls: list[str] = []
    exts = [
        make_extension("zeta", calls=calls),
        make_extension("alpha", calls=calls, after=("mid",)),
        make_extension("mid", calls=calls),
        make_extension("beta", calls=calls, before=("alpha",)),
    ]
    assert call_order(exts, calls) == ["beta", "mid", "alpha", "zeta"]


def test_tryfirst_and_trylast_move_one_implementation() -> None:
    calls: list[str] = []
    exts = [
        make_extension("a", calls=calls, trylast=True),
        make_extension("b", calls=calls),
        make_extension("c", calls=calls, tryfirst=True),
        make_extension("d", calls=calls),
    ]
    assert call_order(exts, calls) == ["c", "b", "d", "a"]


def test_raw_pluggy_order_depends_on_registration_order() -> None:
    """Why we order ourselves: pluggy calls the last registered first."""
    calls: list[str] = []
    a, b = make_extension("a", calls=calls), make_extension("b", calls=calls)
    orders = []
    for plugins in ([a, b], [b, a]):
        pm = pluggy.PluginManager("nailgun")
        for plugin in plugins:
            pm.register(plugin)
        calls.clear()
        pm.hook.on_node_update(node=1)
        orders.append(list(calls))
    assert orders[0] != orders[1]


names = st.lists(
    st.text("abcdefgh", min_size=1, max_size=3), min_size=1, max_size=7, unique=True
)


@st.composite
def extension_specs(draw: st.DrawFn) -> list[dict[str, object]]:
    chosen = draw(names)
    specs = []
    for name in chosen:
        others = [n for n in chosen if n != name]
        specs.append(
            {
                "name": name,
                "before": tuple(draw(st.lists(st.sampled_from(others), max_size=2)))
                if others
                else (),
                "tier": draw(
                    st.sampled_from(["plain", "plain", "tryfirst", "trylast"])
                ),
            }
        )
    return specs


@settings(max_examples=60, deadline=None)
@given(specs=extension_specs(), data=st.data())
def test_call_order_ignores_registration_order(
    specs: list[dict[str, object]], data: st.DataObject
) -> None:
    calls: list[str] = []

    def build(order: list[dict[str, object]]) -> list[str] | None:
        exts = [
            make_extension(
                str(s["name"]),
                calls=calls,
                before=s["before"],  # type: ignore[arg-type]
                tryfirst=s["tier"] == "tryfirst",
                trylast=s["tier"] == "trylast",
            )
            for s in order
        ]
        manager = build_manager(exts, strict=False)
        calls.clear()
        manager.hook.on_node_update(node=1)
        return list(calls)

    permuted = data.draw(st.permutations(specs))
    first = build(specs)
    assert first == build(permuted)
    # And the order honours every constraint between extensions of one tier.
    assert first is not None
    tier = {str(s["name"]): s["tier"] for s in specs}
    position = {name: i for i, name in enumerate(first)}
    for s in specs:
        for other in s["before"]:  # type: ignore[attr-defined]
            both = s["name"] in position and other in position
            if both and tier[str(s["name"])] == tier[other]:
                assert position[str(s["name"])] < position[other]


@settings(max_examples=60, deadline=None)
@given(
    results=st.lists(st.one_of(st.none(), st.integers()), min_size=1, max_size=8),
)
def test_firstresult_returns_first_non_none_in_call_order(
    results: list[int | None],
) -> None:
    calls: list[str] = []
    exts = [
        make_extension(f"e{i}", calls=calls, result=r) for i, r in enumerate(results)
    ]
    manager = build_manager(exts)
    calls.clear()
    answer = manager.hook.get_node_volumes(node=1)
    expected = next((r for r in results if r is not None), None)
    assert answer == expected
    # Nothing after the first answer is asked.
    stop = next((i for i, r in enumerate(results) if r is not None), len(results) - 1)
    assert calls == [f"e{i}" for i in range(stop + 1)]


def test_resolve_reports_cycles_and_orders_the_rest() -> None:
    ordering = resolve(
        ["a", "b", "c", "d", "e"],
        before={"a": ["b"], "b": ["a"], "c": ["d"]},
        after={"e": ["c"]},
    )
    assert ordering.cycles == (("a", "b", "a"), ("b", "a", "b"))  # one per member
    assert ordering.order == ("c", "d", "e")


def test_same_order_whatever_the_sys_path_order(tmp_path: Path) -> None:
    """Two site directories, installed into in either order and put on
    sys.path in either order: one call order."""
    orders = []
    for flip in (False, True):
        roots = [tmp_path / f"site{flip}{i}" for i in range(2)]
        for root in roots:
            root.mkdir()
        factories = [
            DistFactory(root, f"nailgun.extensions.order{flip}") for root in roots
        ]
        if flip:
            factories.reverse()
        record = "calls.append(self.name)"
        body = f"@hookimpl\ndef on_node_update(self, node):\n    {record}\n"
        for factory, name in zip(factories, ["zz", "aa"], strict=True):
            module = factory.extension(name, body)
            factory.modules.add(module)
        paths = [str(root) for root in (reversed(roots) if flip else roots)]
        sys.path[:0] = paths
        importlib.invalidate_caches()
        try:
            import builtins

            builtins.calls = []  # type: ignore[attr-defined]
            manager = load_extensions(namespace=f"nailgun.extensions.order{flip}")
            manager.hook.on_node_update(node=1)
            orders.append(builtins.calls)  # type: ignore[attr-defined]
        finally:
            for path in paths:
                sys.path.remove(path)
            for factory in factories:
                factory.cleanup()
            del builtins.calls  # type: ignore[attr-defined]
    assert orders == [["aa", "zz"], ["aa", "zz"]]


@pytest.mark.parametrize("flip", [False, True])
def test_rejected_extensions_leave_order_of_the_rest(flip: bool) -> None:
    calls: list[str] = []
    exts = [
        make_extension("a", calls=calls, before=("b",)),
        make_extension("b", calls=calls, before=("a",)),
        make_extension("c", calls=calls),
    ]
    if flip:
        exts.reverse()
    manager = build_manager(exts, strict=False)
    assert manager.names() == ("c",)
