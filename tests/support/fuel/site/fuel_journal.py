"""What the stand-ins for Nailgun's internals were asked to do, in order.

Test instrumentation, not part of Nailgun: the fake ``nailgun`` modules
append here, so that a run under Nailgun's own manager and a run under
``nailgun_hooks.compat`` can be compared call for call.
"""

CALLS: list[tuple[object, ...]] = []


def record(*entry: object) -> None:
    CALLS.append(entry)


def reset() -> None:
    CALLS.clear()
