"""One call order for the extensions, the same on every machine.

The rule: an extension runs before every extension it names in ``before`` and
after every extension it names in ``after``; among extensions free to go in
either order, the one whose name sorts first runs first. Within one hook,
pluggy's ``tryfirst`` / ``trylast`` then move a single implementation to the
front or the back, keeping this order among equals. Install order, ``sys.path``
and filesystem order play no part (in raw pluggy they decide everything:
the last-registered plugin is called first).

Extensions caught in a cycle (``a`` before ``b`` before ``a``) cannot be
ordered; they are reported with the cycle spelled out, and the others are
ordered without them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ordering:
    order: tuple[str, ...]
    cycles: tuple[tuple[str, ...], ...]
    """One closed walk per extension caught in a cycle, starting from it:
    every member of a group that depends on itself has its own."""


def _edges(
    names: Iterable[str],
    before: Mapping[str, Iterable[str]],
    after: Mapping[str, Iterable[str]],
) -> dict[str, set[str]]:
    """``successors[a]`` holds every extension that must run after ``a``."""
    successors: dict[str, set[str]] = {name: set() for name in names}
    for name in successors:
        for other in before.get(name, ()):
            if other in successors and other != name:
                successors[name].add(other)
        for other in after.get(name, ()):
            if other in successors and other != name:
                successors[other].add(name)
    return successors


def _cycles(successors: Mapping[str, set[str]]) -> list[tuple[str, ...]]:
    """For each member of a strongly connected group of more than one
    extension, the shortest cycle through it.

    Every member is reported, not just those on one cycle of the group: with
    ``a <-> b`` and ``a <-> c`` the cycle ``a -> b -> a`` alone would leave
    ``c`` loaded or not depending on which names sort first.

    Tarjan's algorithm, iterative so that a long chain cannot hit the
    recursion limit; each group is reported as a path that closes on itself.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(successors):
        if root in index:
            continue
        work = [(root, iter(sorted(successors[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(successors[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return [
        _as_path(start, group, successors)
        for group in groups
        for start in sorted(group)
    ]


def _as_path(
    start: str, group: list[str], successors: Mapping[str, set[str]]
) -> tuple[str, ...]:
    """The shortest closed walk through the group from ``start``: ``a, b, a``."""
    members = set(group)
    # breadth-first search for the shortest way back to start
    paths: dict[str, tuple[str, ...]] = {start: (start,)}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child in sorted(successors[node] & members):
                if child == start:
                    return (*paths[node], start)
                if child not in paths:
                    paths[child] = (*paths[node], child)
                    nxt.append(child)
        frontier = nxt
    return (*group, start)  # unreachable for a strongly connected group


def resolve(
    names: Iterable[str],
    before: Mapping[str, Iterable[str]],
    after: Mapping[str, Iterable[str]],
    ties: Sequence[str] | None = None,
) -> Ordering:
    """Order ``names`` by the constraints, ties broken by name (or, given
    ``ties``, by position in it).

    Constraints naming an extension outside ``names`` are ignored here:
    whether such a name is a mistake is validation's question.
    """
    rank: dict[str, int] = {}
    if ties is not None:
        rank = {name: index for index, name in enumerate(ties)}
    successors = _edges(names, before, after)
    cycles = _cycles(successors)
    in_cycle = {name for cycle in cycles for name in cycle}
    remaining = {
        name: targets - in_cycle
        for name, targets in successors.items()
        if name not in in_cycle
    }
    indegree = dict.fromkeys(remaining, 0)
    for targets in remaining.values():
        for target in targets:
            indegree[target] += 1
    ready = [
        (rank.get(name, 0), name) for name, degree in indegree.items() if degree == 0
    ]
    heapq.heapify(ready)
    order = []
    while ready:
        _, name = heapq.heappop(ready)
        order.append(name)
        for target in remaining[name]:
            indegree[target] -= 1
            if indegree[target] == 0:
                heapq.heappush(ready, (rank.get(target, 0), target))
    return Ordering(order=tuple(order), cycles=tuple(cycles))
