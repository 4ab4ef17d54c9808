"""Hook calls from many threads, and changes of the extension set meanwhile.

Nailgun serves requests on threads. Each call must reach exactly the
extensions of one consistent set (all of the old set or all of the new one,
in that set's order), exactly once each; changing the set must not crash a
call in flight. ``test_under_python_dev_mode`` runs this file again in a
``python -X dev`` subprocess (debug allocator, faulthandler, every warning an
error through the project's pytest settings).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionNotFoundError,
    HookManager,
    build_manager,
    hookimpl,
)
from nailgun_hooks.inmemory import MemoryCluster, MemoryNode

THREADS = 8
CALLS_PER_THREAD = 10_000
CHANGES = 50  # register + unregister cycles while callers run
SCOPE_CHANGES = 100  # the same, while scoped callers run
ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def busy_switching() -> Iterator[None]:
    """Switch threads far more often than CPython's default 5 ms, so that
    calls and changes interleave at many more points."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def run_threads(targets: list[Callable[[], None]], timeout: float = 60) -> None:
    """Start all targets together; re-raise the first failure of any."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                barrier.wait()
                target()
            except BaseException as exc:  # reported below, in the test thread
                errors.append(exc)

        return run

    threads = [threading.Thread(target=wrap(t)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if errors:
        raise errors[0]


class Counting(BaseExtension):
    """Records every (hook, token) it receives; list.append is atomic."""

    version = "1.0"
    description = "counts what it receives"
    answer: Any = None

    def __init__(self) -> None:
        self.received: list[tuple[str, object]] = []

    @hookimpl
    def on_node_update(self, node: object) -> None:
        self.received.append(("on_node_update", node))

    @hookimpl
    def on_node_create(self, node: object) -> None:
        self.received.append(("on_node_create", node))

    @hookimpl
    def process_deployment_for_node(self, node: object, node_data: Any) -> None:
        self.received.append(("process_deployment_for_node", node))
        node_data["visits"] = node_data.get("visits", 0) + 1

    @hookimpl
    def get_node_volumes(self, node: object) -> Any:
        self.received.append(("get_node_volumes", node))
        return self.answer


def counting(name: str, answer: Any = None) -> type[Counting]:
    return type(name.title(), (Counting,), {"name": name, "answer": answer})


def test_many_threads_deliver_every_call_exactly_once() -> None:
    # "charlie" answers get_node_volumes, so "delta" never receives it.
    manager = build_manager(
        [
            counting("alpha"),
            counting("bravo"),
            counting("charlie", answer=[{"id": "sda"}]),
            counting("delta"),
        ]
    )
    hooks = manager.hook
    wrong: list[tuple[int, int, object]] = []

    def caller(thread: int) -> Callable[[], None]:
        def run() -> None:
            for call in range(CALLS_PER_THREAD):
                token = (thread, call)
                kind = (thread + call) % 4
                if kind == 0:
                    result: object = hooks.on_node_update(node=token)
                    expected: object = []
                elif kind == 1:
                    result = hooks.on_node_create(node=token)
                    expected = []
                elif kind == 2:
                    data: dict[str, int] = {}
                    result = hooks.process_deployment_for_node(
                        node=token, node_data=data
                    )
                    result, expected = (result, data), ([], {"visits": 4})
                else:
                    result = hooks.get_node_volumes(node=token)
                    expected = [{"id": "sda"}]
                if result != expected:
                    wrong.append((thread, call, result))

        return run

    with busy_switching():
        run_threads([caller(thread) for thread in range(THREADS)])
    assert wrong == []

    total = THREADS * CALLS_PER_THREAD
    hook_names = [
        "on_node_update",
        "on_node_create",
        "process_deployment_for_node",
        "get_node_volumes",
    ]
    expected_tokens = {
        hook: {
            (thread, call)
            for thread in range(THREADS)
            for call in range(CALLS_PER_THREAD)
            if (thread + call) % 4 == index
        }
        for index, hook in enumerate(hook_names)
    }
    assert sum(len(tokens) for tokens in expected_tokens.values()) == total
    for record in manager.extensions:
        received = record.obj.received  # type: ignore[attr-defined]
        counts = Counter(received)
        assert max(counts.values()) == 1, f"{record.name} received a call twice"
        for hook in hook_names:
            got = {token for name, token in received if name == hook}
            if record.name == "delta" and hook == "get_node_volumes":
                assert got == set()  # charlie answered first, every time
            else:
                assert got == expected_tokens[hook], (record.name, hook)


class Appending(BaseExtension):
    """Appends its name to the node it receives: each call's node is then
    exactly the list of extensions that call reached, in order."""

    version = "1.0"
    description = "appends its name to the node"

    @hookimpl
    def on_node_update(self, node: Any) -> None:
        node.append(self.name)


class EarlyAppending(Appending):
    @hookimpl(tryfirst=True)
    def on_node_update(self, node: Any) -> None:
        node.append(self.name)


def appending(name: str, base: type[Appending] = Appending) -> type[Appending]:
    return type(name.title(), (base,), {"name": name})


def test_register_and_unregister_while_threads_call() -> None:
    """Every call reaches all of the old set or all of the new one, in its
    order, never a mix; scoped relays (``subset``) too."""
    manager = build_manager([appending("alpha"), appending("mike")])
    toggled = appending("kilo", EarlyAppending)  # tryfirst: changes the order
    valid_all = {("alpha", "mike"), ("kilo", "alpha", "mike")}
    valid_subset = {("alpha",), ("kilo", "alpha")}
    subset_names = {"alpha", "kilo"}
    stop = threading.Event()
    seen: list[tuple[bool, Counter[tuple[str, ...]]]] = []

    def caller(use_subset: bool) -> Callable[[], None]:
        def run() -> None:
            observed: Counter[tuple[str, ...]] = Counter()
            valid = valid_subset if use_subset else valid_all
            while not stop.is_set():
                node: list[str] = []
                if use_subset:
                    manager.subset(subset_names).on_node_update(node=node)
                else:
                    manager.hook.on_node_update(node=node)
                receivers = tuple(node)
                assert receivers in valid, receivers
                observed[receivers] += 1
            seen.append((use_subset, observed))

        return run

    def toggler() -> None:
        try:
            for _ in range(CHANGES):
                manager.register(toggled)
                assert manager.names() == ("alpha", "kilo", "mike")
                manager.unregister("kilo")
                assert manager.names() == ("alpha", "mike")
        finally:
            stop.set()

    with busy_switching():
        run_threads([toggler, *(caller(index % 2 == 1) for index in range(6))])
    assert len(seen) == 6
    for use_subset, observed in seen:
        assert set(observed) <= (valid_subset if use_subset else valid_all)
    total = sum((observed for _, observed in seen), Counter())
    # both states were really observed, by plain and scoped calls alike
    assert all(total[receivers] > 0 for receivers in valid_all | valid_subset), total


def test_concurrent_registrations_are_not_lost() -> None:
    """Register and unregister serialise on the manager's lock: four threads
    adding 6 extensions each end with all 24; removing them ends with none.
    (Kept small: each register re-validates every loaded extension.)"""
    manager = build_manager([appending("base")])
    groups = [
        [appending(f"t{thread}-{index}") for index in range(6)] for thread in range(4)
    ]

    def adder(group: list[type[Appending]]) -> Callable[[], None]:
        def run() -> None:
            for cls in group:
                manager.register(cls)

        return run

    def remover(group: list[type[Appending]]) -> Callable[[], None]:
        def run() -> None:
            for cls in group:
                manager.unregister(cls.name)

        return run

    with busy_switching():
        run_threads([adder(group) for group in groups])
    expected = sorted(["base", *(cls.name for group in groups for cls in group)])
    assert manager.names() == tuple(expected)
    node: list[str] = []
    manager.hook.on_node_update(node=node)
    assert node == expected
    with busy_switching():
        run_threads([remover(group) for group in groups])
    assert manager.names() == ("base",)


class Answering(BaseExtension):
    """Answers ``get_node_volumes`` with its own name."""

    version = "1.0"
    description = "answers with its name"

    @hookimpl
    def get_node_volumes(self, node: object) -> Any:
        return self.name


def toggling(
    manager: HookManager, name: str, stop: threading.Event
) -> Callable[[], None]:
    """Unregister ``name`` and register it again, ``SCOPE_CHANGES`` times."""
    obj = manager.get(name).obj

    def run() -> None:
        try:
            for _ in range(SCOPE_CHANGES):
                manager.unregister(name)
                manager.register(obj)
        finally:
            stop.set()

    return run


def test_a_cluster_scope_never_skips_an_enabled_extension_during_changes() -> None:
    """While 'mike', enabled on the cluster, is unregistered and registered
    again and again, every scoped call either reaches both enabled
    extensions or raises ExtensionNotFoundError naming 'mike': through a
    relay taken anew for each call and through one taken before it all."""
    manager = build_manager([appending("alpha"), appending("mike")])
    cluster = MemoryCluster(id=1, name="c", extensions=["alpha", "mike"])
    stale = manager.for_cluster(cluster)
    stop = threading.Event()
    outcomes: Counter[str] = Counter()

    def caller(use_stale: bool) -> Callable[[], None]:
        def run() -> None:
            while not stop.is_set():
                node: list[str] = []
                try:
                    relay = stale if use_stale else manager.for_cluster(cluster)
                    relay.on_node_update(node=node)
                except ExtensionNotFoundError as exc:
                    assert "'mike'" in str(exc), str(exc)
                    assert node == []  # refused before anything ran
                    outcomes["refused"] += 1
                    continue
                assert node == ["alpha", "mike"], node
                outcomes["reached both"] += 1

        return run

    with busy_switching():
        run_threads(
            [toggling(manager, "mike", stop), *(caller(i % 2 == 0) for i in range(4))]
        )
    assert outcomes["reached both"] > 0, outcomes
    assert outcomes["refused"] > 0, outcomes


def test_a_node_scope_never_answers_from_the_cluster_for_its_own_extension() -> None:
    """The node enables 'own', its cluster 'inherited': while 'own' comes
    and goes, the answer is 'own' or an ExtensionNotFoundError naming it,
    never the cluster's."""
    manager = build_manager(
        [
            type("Own", (Answering,), {"name": "own"}),
            type("Inherited", (Answering,), {"name": "inherited"}),
        ]
    )
    cluster = MemoryCluster(id=1, name="c", extensions=["inherited"])
    node = cluster.add(MemoryNode(id=2, extensions=["own"]))
    calls = manager.for_node(node)
    stop = threading.Event()
    outcomes: Counter[str] = Counter()

    def caller() -> None:
        while not stop.is_set():
            try:
                answer = calls.get_node_volumes()
            except ExtensionNotFoundError as exc:
                assert "'own'" in str(exc), str(exc)
                outcomes["refused"] += 1
                continue
            assert answer == "own", answer
            outcomes["answered"] += 1

    with busy_switching():
        run_threads([toggling(manager, "own", stop), *([caller] * 4)])
    assert outcomes["answered"] > 0, outcomes
    assert outcomes["refused"] > 0, outcomes


@pytest.mark.skipif(sys.flags.dev_mode, reason="already running under -X dev")
def test_under_python_dev_mode() -> None:
    """The same tests in ``python -X dev`` (tox runs this too, as part of the
    suite)."""
    process = subprocess.run(
        [
            sys.executable,
            "-X",
            "dev",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(Path(__file__).relative_to(ROOT)),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert "1 skipped" in process.stdout  # this test, inside the subprocess
