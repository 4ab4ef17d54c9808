"""Security: what an excluded or hostile extension cannot do, and what the
library never prints.

Enforced and tested here: an excluded extension's code never runs; a name
cannot be taken from another extension (the collision names both
distributions and neither wins); the hookspecs cannot be replaced or extended
by an extension; ``manager.hook`` cannot be reached through the raw pluggy
manager; errors and logs never contain hook argument values unless pluggy's
tracing (the debug switch) is turned on.

Not enforceable, and so only documented in ``docs/reliability.md``: an
extension is Python code running in Nailgun's process; once imported it can
monkeypatch anything, this library included.
"""

from __future__ import annotations

import dataclasses
import logging
import traceback
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    HookCallError,
    build_manager,
    hookimpl,
    load_extensions,
    specs,
)
from tests.support.dists import DistFactory

SECRET = "s3cr3t-password"

SPY = """
import os, pathlib
pathlib.Path(os.environ["NAILGUN_SPY_DIR"], {name!r}).write_text("imported")
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = {name!r}; version = "1.0"; description = "writes a file when imported"
    @hookimpl
    def on_node_update(self, node):
        pass
"""
UPDATE = "@hookimpl\ndef on_node_update(self, node):\n    pass\n"


@pytest.fixture
def spy_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "imported"
    path.mkdir()
    monkeypatch.setenv("NAILGUN_SPY_DIR", str(path))
    monkeypatch.delenv("NAILGUN_EXTENSIONS", raising=False)
    monkeypatch.delenv("NAILGUN_EXTENSIONS_DISABLED", raising=False)
    return path


def install_spy(dists: DistFactory, name: str, dist: str | None = None) -> None:
    module = dists.unique(name.replace("-", "_"))
    dists.install(
        dist or f"{name}-dist",
        entry_points={name: f"{module}:Extension"},
        modules={module: SPY.format(name=name)},
    )


def imported(spy_dir: Path) -> list[str]:
    return sorted(path.name for path in spy_dir.iterdir())


EXCLUSIONS = {
    "deny-list argument": ({"disabled": ["spy"]}, {}),
    "deny-list variable": ({}, {"NAILGUN_EXTENSIONS_DISABLED": "spy"}),
    "allow-list argument": ({"enabled": ["healthy"]}, {}),
    "allow-list variable": ({}, {"NAILGUN_EXTENSIONS": "healthy"}),
    "deny beats allow": ({"enabled": ["healthy", "spy"], "disabled": ["spy"]}, {}),
    "both variables": (
        {},
        {"NAILGUN_EXTENSIONS": "healthy,spy", "NAILGUN_EXTENSIONS_DISABLED": " spy "},
    ),
}


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lenient"])
@pytest.mark.parametrize("how", sorted(EXCLUSIONS))
def test_an_excluded_extension_is_never_imported(
    dists: DistFactory,
    spy_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    strict: bool,
) -> None:
    install_spy(dists, "spy")
    install_spy(dists, "healthy")
    arguments, variables = EXCLUSIONS[how]
    for variable, value in variables.items():
        monkeypatch.setenv(variable, value)
    manager = load_extensions(namespace=dists.namespace, strict=strict, **arguments)
    assert manager.names() == ("healthy",)
    assert manager.problems == ()
    assert imported(spy_dir) == ["healthy"]


def test_an_empty_allow_list_variable_allows_nothing(
    dists: DistFactory, spy_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``NAILGUN_EXTENSIONS=`` (set, empty) fails closed: nothing is imported.
    Unset it to load every installed extension."""
    install_spy(dists, "spy")
    monkeypatch.setenv("NAILGUN_EXTENSIONS", "")
    assert load_extensions(namespace=dists.namespace).names() == ()
    assert imported(spy_dir) == []


def test_claimants_of_a_contested_name_are_never_imported(
    dists: DistFactory, spy_dir: Path
) -> None:
    """Neither the original nor the impostor runs: picking one would let the
    one installed last (or sorting first) impersonate the other."""
    install_spy(dists, "shared", dist="original-dist")
    install_spy(dists, "shared", dist="impostor-dist")
    install_spy(dists, "healthy")
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("healthy",)
    (problem,) = manager.problems
    assert problem.code == "duplicate-name"
    assert "original-dist" in problem.message and "impostor-dist" in problem.message
    assert imported(spy_dir) == ["healthy"]


def test_exclusion_is_per_entry_point_module_not_per_package(
    dists: DistFactory, spy_dir: Path
) -> None:
    """Documented limit: excluding ``denied`` keeps its module from running,
    but a package ``__init__`` shared with an allowed extension still runs."""
    marker = (
        "import os, pathlib\n"
        "pathlib.Path(os.environ['NAILGUN_SPY_DIR'], {!r}).write_text('x')\n"
    )
    package = dists.unique("bundle")
    allowed = marker.format("allowed") + (
        "from nailgun_hooks import hookimpl\n"
        "@hookimpl\n"
        "def on_node_update(node):\n"
        "    pass\n"
    )
    dists.install(
        "bundle-dist",
        entry_points={"allowed": f"{package}.allowed", "denied": f"{package}.denied"},
        modules={
            f"{package}.__init__": marker.format("package"),
            f"{package}.allowed": allowed,
            f"{package}.denied": marker.format("denied") + "raise SystemExit(1)\n",
        },
    )
    manager = load_extensions(namespace=dists.namespace, disabled=["denied"])
    assert manager.names() == ("allowed",)
    assert imported(spy_dir) == ["allowed", "package"]


# --- names ------------------------------------------------------------------------


class Original(BaseExtension):
    name = "original"
    version = "1.0"
    description = "the real one"

    def __init__(self) -> None:
        self.calls = 0

    @hookimpl
    def on_node_update(self, node: object) -> None:
        self.calls += 1


class Impostor(Original):
    description = "claims the same name"


def test_registering_a_taken_name_at_run_time_fails_and_changes_nothing(
    dists: DistFactory,
) -> None:
    dists.extension("original", UPDATE, dist="original-dist")
    manager = load_extensions(namespace=dists.namespace)
    before = (manager.extensions, manager.hook.on_node_update.implementations)
    with pytest.raises(ExtensionValidationError) as raised:
        manager.register(Impostor())
    text = str(raised.value)
    assert "duplicate-name" in text
    assert "original-dist" in text and "<no distribution> (an Impostor object)" in text
    assert (manager.extensions, manager.hook.on_node_update.implementations) == before


# --- hookspecs --------------------------------------------------------------------

SMUGGLER = """
from nailgun_hooks import BaseExtension, hookimpl
from nailgun_hooks.markers import hookspec

class Extension(BaseExtension):
    name = "smuggler"; version = "1.0"; description = "brings its own specs"

    @hookspec
    def on_node_update(self, node, password):
        '''a replacement spec asking for more arguments'''

    @hookspec(firstresult=True)
    def on_secret_event(self, payload):
        '''a new event'''
{impl}
"""


@pytest.mark.parametrize("implements_new_event", [False, True])
def test_an_extension_cannot_replace_or_add_hookspecs(
    dists: DistFactory, implements_new_event: bool
) -> None:
    impl = (
        "    @hookimpl\n    def on_secret_event(self, payload):\n        return 1\n"
        if implements_new_event
        else "    @hookimpl\n    def on_node_update(self, node):\n        pass\n"
    )
    module = dists.unique("smuggler")
    dists.install(
        "smuggler-dist",
        entry_points={"smuggler": f"{module}:Extension"},
        modules={module: SMUGGLER.format(impl=impl)},
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    if implements_new_event:
        found = {(p.code, p.hook) for p in manager.problems}
        assert ("unknown-hook", "on_secret_event") in found
        assert manager.names() == ()
    else:
        assert manager.problems == ()
        assert manager.names() == ("smuggler",)
    spec = manager.plugin_manager.hook.on_node_update.spec
    assert spec is not None and spec.argnames == ("node",)
    assert specs()["on_node_update"].argnames == ("node",)
    assert "on_secret_event" not in specs()
    assert not hasattr(manager.hook, "on_secret_event")
    with pytest.raises(TypeError, match=r"on_node_update.*'password'"):
        manager.hook.on_node_update(node=1, password=SECRET)  # type: ignore[call-arg]


def test_the_spec_catalogue_is_read_only() -> None:
    catalogue = specs()
    with pytest.raises(TypeError):
        catalogue["on_evil"] = catalogue["on_node_update"]  # type: ignore[index]
    spec = catalogue["on_node_update"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.argnames = ("node", "password")  # type: ignore[misc]
    with pytest.raises(TypeError):
        spec.arg_types["password"] = str  # type: ignore[index]


def test_raw_pluggy_tampering_does_not_reach_manager_hook() -> None:
    """``manager.hook`` calls a snapshot taken when the set last changed
    through the manager; registering or unregistering behind its back through
    ``manager.plugin_manager`` changes nothing, and the next change through
    the manager rebuilds from its own list."""
    calls: list[str] = []

    class Evil:
        @hookimpl(tryfirst=True)
        def on_node_update(self, node: object) -> None:
            calls.append("evil")

    manager = build_manager([Original])
    original = manager.get("original").obj
    manager.plugin_manager.register(Evil(), name="evil")
    manager.plugin_manager.unregister(name="original")
    manager.hook.on_node_update(node=object())
    assert calls == [] and original.calls == 1  # type: ignore[attr-defined]
    manager.register(
        type("Late", (Original,), {"name": "late", "description": "added later"})
    )
    calls.clear()
    manager.hook.on_node_update(node=object())
    assert calls == []
    assert manager.hook.on_node_update.extension_names == ("late", "original")


def test_records_are_immutable() -> None:
    manager = build_manager([Original])
    record = manager.get("original")
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.hooks = ()  # type: ignore[misc]
    assert isinstance(manager.extensions, tuple)


# --- argument values never printed -------------------------------------------------


class Secret:
    def __repr__(self) -> str:
        return f"<Secret {SECRET}>"

    __str__ = __repr__


class Failing(BaseExtension):
    name = "failing"
    version = "1.0"
    description = "raises without mentioning its arguments"

    @hookimpl
    def on_cluster_create(self, cluster: Any, data: Any) -> None:
        raise RuntimeError("cluster rejected")


def test_bad_calls_name_arguments_but_never_their_values() -> None:
    manager = build_manager([Original])
    # An unknown keyword is refused by the generated caller's own signature
    # (Python's TypeError, free at call time); a missing one by our check.
    with pytest.raises(TypeError) as unknown:
        manager.hook.on_node_update(node=Secret(), password=SECRET)  # type: ignore[call-arg]
    with pytest.raises(HookCallError) as missing:
        manager.hook.on_cluster_create(cluster=Secret())  # type: ignore[call-arg]
    assert str(unknown.value) == (
        "on_node_update() got an unexpected keyword argument 'password'"
    )
    assert str(missing.value) == (
        "hook 'on_cluster_create' called without argument(s) 'data'; "
        "it takes cluster, data (by keyword)"
    )


def test_failures_and_logs_do_not_print_argument_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    manager = build_manager([Original, Failing])
    with caplog.at_level(logging.DEBUG), pytest.raises(RuntimeError) as raised:
        manager.hook.on_cluster_create(cluster=Secret(), data={"password": SECRET})
    shown = "".join(
        traceback.format_exception(
            type(raised.value), raised.value, raised.value.__traceback__
        )
    )
    assert "cluster rejected" in shown
    assert SECRET not in shown
    assert SECRET not in caplog.text


def test_only_pluggy_tracing_the_debug_switch_prints_values() -> None:
    manager = build_manager([Original])
    written: list[str] = []
    manager.plugin_manager.trace.root.setwriter(written.append)
    manager.hook.on_node_update(node=Secret())
    assert written == []
    undo = manager.plugin_manager.enable_tracing()
    try:
        manager.hook.on_node_update(node=Secret())
    finally:
        undo()
    assert any(SECRET in line for line in written)
