"""Dispatch: the cost of firing one event at N implementations.

Four ways to call the same bound methods of the same N extension objects:

* ours: ``manager.hook.on_node_update(node=n)`` (the generated caller);
* pluggy: ``plugin_manager.hook.on_node_update(node=n)`` on the very plugin
  manager ours was built from (same implementations, same order);
* stevedore: ``ExtensionManager.map_method("on_node_update", n)`` over the
  same objects (``make_test_instance``);
* loop: a hand-written loop over the bound methods collecting non-None
  results, i.e. what a caller could not do any faster in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import stevedore
from stevedore.extension import Extension

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.manager import HookManager

from .harness import Samples, ratio, table, time_calls, us

ANSWER = [{"id": "vda", "size": 10240}]


class Node:
    id, name, status = 1, "node-1", "ready"


def _extension(index: int, answers: bool) -> BaseExtension:
    @hookimpl
    def on_node_update(self: BaseExtension, node: Any) -> None:
        return None

    @hookimpl
    def get_node_volumes(self: BaseExtension, node: Any) -> Any:
        return ANSWER if answers else None

    cls = type(
        f"Ext{index:04d}",
        (BaseExtension,),
        {
            "name": f"ext{index:04d}",
            "version": "1.0.0",
            "description": "benchmark extension",
            "on_node_update": on_node_update,
            "get_node_volumes": get_node_volumes,
        },
    )
    return cls()  # type: ignore[no-any-return]


class Wrapper(BaseExtension):
    name, version, description = "aaa-wrapper", "1.0.0", "one wrapper"

    @hookimpl(wrapper=True)
    def on_node_update(self, node: Any) -> Iterator[None]:
        return (yield)  # type: ignore[misc]


@dataclass
class Setup:
    """The same extension objects, reachable the four ways."""

    manager: HookManager
    objects: list[BaseExtension]
    stevedore: stevedore.ExtensionManager  # type: ignore[type-arg]

    @property
    def pluggy(self) -> Any:
        return self.manager.plugin_manager


def setup(n: int, *, answer_at: int | None = None, wrapper: bool = False) -> Setup:
    objects = [_extension(i, i == answer_at) for i in range(n)]
    manager = build_manager([Wrapper(), *objects] if wrapper else objects)
    extensions = [Extension(o.name, None, type(o), o) for o in objects]  # type: ignore[arg-type]
    return Setup(
        manager, objects, stevedore.ExtensionManager.make_test_instance(extensions)
    )


def hand_loop(
    methods: Sequence[Callable[..., object]],
) -> Callable[[object], list[object]]:
    def loop(node: object) -> list[object]:
        results = []
        for method in methods:
            result = method(node)
            if result is not None:
                results.append(result)
        return results

    return loop


def first_result_loop(
    methods: Sequence[Callable[..., object]],
) -> Callable[[object], object]:
    def loop(node: object) -> object:
        for method in methods:
            result = method(node)
            if result is not None:
                return result
        return None

    return loop


@dataclass
class Row:
    case: str
    n: int
    samples: Samples
    baseline: str
    target: float | None


def _check(results: dict[str, object]) -> None:
    """Every variant must compute the same thing, or the timing means nothing."""
    values = list(results.values())
    if any(v != values[0] for v in values[1:]):
        raise AssertionError(f"variants disagree: {results}")


def notify(n: int, rounds: int, batch: float) -> Row:
    s = setup(n)
    node = Node()
    loop = hand_loop([o.on_node_update for o in s.objects])  # type: ignore[attr-defined]
    _check(
        {
            "ours": s.manager.hook.on_node_update(node=node),
            "pluggy": s.pluggy.hook.on_node_update(node=node),
            "loop": loop(node),
        },
    )
    g = {
        "manager": s.manager,
        "pm": s.pluggy,
        "mgr": s.stevedore,
        "loop": loop,
        "n": node,
    }
    samples = time_calls(
        {
            "ours": ("manager.hook.on_node_update(node=n)", g),
            "pluggy": ("pm.hook.on_node_update(node=n)", g),
            "stevedore": ("mgr.map_method('on_node_update', n)", g),
            "loop": ("loop(n)", g),
        },
        rounds=rounds,
        batch_seconds=batch,
    )
    return Row("notification", n, samples, "loop", 3.0 if n == 1 else 1.5)


def first_result(n: int, where: str, rounds: int, batch: float) -> Row:
    answer_at = 0 if where == "first" else n - 1
    s = setup(n, answer_at=answer_at)
    node = Node()
    methods = [o.get_node_volumes for o in s.objects]  # type: ignore[attr-defined]
    plain = methods[answer_at]
    loop = first_result_loop(methods)
    _check(
        {
            "ours": s.manager.hook.get_node_volumes(node=node),
            "pluggy": s.pluggy.hook.get_node_volumes(node=node),
            "loop": loop(node),
            "plain": plain(node),
        },
    )
    g = {"manager": s.manager, "pm": s.pluggy, "loop": loop, "plain": plain, "n": node}
    variants = {
        "ours": ("manager.hook.get_node_volumes(node=n)", g),
        "pluggy": ("pm.hook.get_node_volumes(node=n)", g),
        "loop": ("loop(n)", g),
    }
    if where == "first":
        variants["plain"] = ("plain(n)", g)
        return Row(
            "first-result, first answers",
            n,
            time_calls(variants, rounds=rounds, batch_seconds=batch),
            "plain",
            3.0,
        )
    return Row(
        "first-result, last answers",
        n,
        time_calls(variants, rounds=rounds, batch_seconds=batch),
        "loop",
        None,
    )


def with_wrapper(n: int, rounds: int, batch: float) -> Row:
    s = setup(n, wrapper=True)
    node = Node()
    loop = hand_loop([o.on_node_update for o in s.objects])  # type: ignore[attr-defined]
    assert s.manager.hook.on_node_update.fast  # the generated wrapper chain
    g = {"manager": s.manager, "pm": s.pluggy, "loop": loop, "n": node}
    ours = "manager.hook.on_node_update(node=n)"
    pluggy = "pm.hook.on_node_update(node=n)"
    samples = _against_pluggy_and_loop(g, ours, pluggy, rounds, batch)
    return Row("one wrapper", n, samples, "loop", None)


def kept(n: int, rounds: int, batch: float) -> Row:
    """The caller kept by the host before its first call
    (``update = manager.hook.on_node_update``), as pluggy's hook callers
    are often kept: it must cost what the relay's does."""
    s = setup(n)
    node = Node()
    loop = hand_loop([o.on_node_update for o in s.objects])  # type: ignore[attr-defined]
    ours = s.manager.hook.on_node_update  # taken before any call
    theirs = s.pluggy.hook.on_node_update
    _check({"ours": ours(node=node), "pluggy": theirs(node=node), "loop": loop(node)})
    g = {"ours": ours, "theirs": theirs, "loop": loop, "n": node}
    samples = _against_pluggy_and_loop(
        g, "ours(node=n)", "theirs(node=n)", rounds, batch
    )
    return Row("notification, caller kept", n, samples, "loop", None)


def collect(n: int, rounds: int, batch: float) -> Row:
    s = setup(n)
    node = Node()
    loop = hand_loop([o.on_node_update for o in s.objects])  # type: ignore[attr-defined]
    relay = s.manager.with_policy("collect")
    g = {"relay": relay, "pm": s.pluggy, "loop": loop, "n": node}
    ours = "relay.on_node_update(node=n)"
    pluggy = "pm.hook.on_node_update(node=n)"
    samples = _against_pluggy_and_loop(g, ours, pluggy, rounds, batch)
    return Row("policy 'collect'", n, samples, "loop", None)


def _against_pluggy_and_loop(
    g: dict[str, object], ours: str, pluggy: str, rounds: int, batch: float
) -> Samples:
    """The statements ``ours`` and ``pluggy`` over ``g`` timed beside
    ``loop(n)``: what the wrapper, kept-caller and policy rows compare."""
    variants = {"ours": (ours, g), "pluggy": (pluggy, g), "loop": ("loop(n)", g)}
    return time_calls(variants, rounds=rounds, batch_seconds=batch)


def run(
    *, sizes: Sequence[int] = (1, 10, 100), rounds: int = 300, batch: float = 0.002
) -> list[Row]:
    rows = [notify(n, rounds, batch) for n in sizes]
    big = [n for n in sizes if n > 1] or list(sizes)
    rows += [first_result(n, "first", rounds, batch) for n in big]
    rows += [first_result(n, "last", rounds, batch) for n in big]
    rows += [with_wrapper(n, rounds, batch) for n in sizes]
    rows += [kept(n, rounds, batch) for n in sizes]
    rows += [collect(n, rounds, batch) for n in big]
    return rows


def render(rows: Sequence[Row]) -> str:
    headers = [
        "case",
        "N",
        "ours µs",
        "pluggy µs",
        "stevedore µs",
        "loop µs",
        "plain call µs",
        "ours / baseline",
        "ours / pluggy",
    ]
    body = []
    for row in rows:
        medians = {
            name: us(row.samples.median(name))
            for name in ("ours", "pluggy", "stevedore", "loop", "plain")
            if name in row.samples.values
        }
        body.append(
            [
                row.case,
                row.n,
                *(
                    medians.get(name, "-")
                    for name in ("ours", "pluggy", "stevedore", "loop", "plain")
                ),
                f"{ratio(row.samples.ratio('ours', row.baseline), row.target)} "
                f"vs {row.baseline}",
                ratio(row.samples.ratio("ours", "pluggy"), 1.0),
            ]
        )
    return table(headers, body)
