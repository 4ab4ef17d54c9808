"""One measurement in a fresh interpreter; prints one JSON line.

Run by :mod:`benchmarks.startup` as ``python _child.py <variant> <namespace>``
with the benchmark site directory on ``PYTHONPATH``. Libraries are imported
before the clock starts (their cost is measured on its own, by the
``import-*`` variants), so that every variant pays for exactly its own work.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_cost(variant: str) -> dict[str, float]:
    start = time.perf_counter()
    if variant == "import-ours":
        import nailgun_hooks
    elif variant == "import-ours-full":
        import nailgun_hooks

        nailgun_hooks.load_extensions  # noqa: B018 - imports the loading machinery
    elif variant == "import-theirs":
        import pluggy  # noqa: F401
        import stevedore  # noqa: F401
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    return {"seconds": time.perf_counter() - start, "rss_mib": _rss_mib()}


def startup(variant: str, namespace: str) -> dict[str, float]:
    import importlib.metadata

    import pluggy
    import stevedore

    import nailgun_hooks
    from nailgun_hooks import hookspecs

    phases: dict[str, float] = {}
    if variant.startswith(WITHOUT):
        for piece in variant.removeprefix(WITHOUT).split("+"):
            switch_off(piece)
        variant = "ours"
    if variant == "ours":  # imports the loading machinery before the clock
        _time_phases(phases)
    before = _rss_mib()
    start = time.perf_counter()
    if variant == "floor":
        loaded = [ep.load() for ep in importlib.metadata.entry_points(group=namespace)]
        count = len(loaded)
    elif variant == "ours":
        count = len(nailgun_hooks.load_extensions(namespace=namespace))
    elif variant.startswith("stevedore"):
        manager = stevedore.ExtensionManager(namespace, invoke_on_load=True)
        count = len(manager.extensions)
    elif variant == "pluggy":
        pm = pluggy.PluginManager("nailgun")
        pm.add_hookspecs(hookspecs)
        count = pm.load_setuptools_entrypoints(namespace)
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "count": count,
        "rss_mib": _rss_mib(),
        "rss_before_mib": before,
        **phases,
    }


WITHOUT = "ours-without-"
"""``ours-without-<piece>[+<piece>...]``: ours with pieces of its startup
machinery switched off (benchmark-only switches, see :func:`switch_off`)."""


def switch_off(piece: str) -> None:
    """Replace one piece of startup machinery by the general path it
    short-cuts (same answers, only slower), so that the same run measures
    what the piece buys."""
    from nailgun_hooks.spec import annotations
    from nailgun_hooks.startup import implementations, instantiation

    for module, name in [
        (implementations, "candidate_names"),
        (annotations, "simple_hints"),
        (instantiation, "_default_constructor"),
    ]:  # a switch that patched nothing would measure nothing
        if not hasattr(module, name):
            raise SystemExit(f"{module.__name__}.{name} is gone: fix switch_off")

    if piece == "markscan":  # ask parse_hookimpl_opts about every name in dir()
        implementations.candidate_names = (  # type: ignore[assignment]
            lambda plugin, also=frozenset(): dict.fromkeys(dir(plugin), True)
        )
    elif piece == "hints":  # typing.get_type_hints for every implementation
        annotations.simple_hints = lambda function: None  # type: ignore[assignment]
    elif piece == "constructor":  # inspect.signature for every extension class
        instantiation._default_constructor = lambda cls: False  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown piece {piece!r}")


def _time_phases(phases: dict[str, float]) -> None:
    """Wrap the stages of ``load_extensions`` to see where its time goes."""
    from nailgun_hooks import loading
    from nailgun_hooks.startup import pipeline

    def timed(name: str, function: object) -> object:
        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)  # type: ignore[operator]
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    loading.discover = timed("discover", loading.discover)  # type: ignore[assignment]
    pipeline.check_candidates = timed("validate", pipeline.check_candidates)  # type: ignore[assignment]
    pipeline.assemble = timed("validate", pipeline.assemble)  # type: ignore[assignment]
    pipeline.register_or_refuse = timed("register", pipeline.register_or_refuse)  # type: ignore[assignment]
    loading.HookManager = timed("relay", loading.HookManager)  # type: ignore[assignment]


def main() -> None:
    variant = sys.argv[1]
    if variant.startswith("import-"):
        result = import_cost(variant)
    else:
        result = startup(variant, sys.argv[2])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
