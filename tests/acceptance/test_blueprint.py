"""The blueprint's acceptance test: install, restart, list, demo, uninstall.

Every step is what an operator does on a Nailgun host: pip in a fresh virtual
environment, then the ``nailgun-hooks`` command as a new process each time,
which is what "after Nailgun is restarted" means for discovery.
"""

from __future__ import annotations

import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nailgun_hooks import specs
from tests.support.venv import ROOT, Venv

pytestmark = pytest.mark.slow

LOGGING_DIST = "nailgun-example-logging-ext"


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    """One environment for every step of the module's test (CI time)."""
    env = Venv.create(tmp_path_factory.mktemp("blueprint") / "venv")
    yield env
    print(f"\nacceptance venv: {env.report_timings()}")


def write_second_extension(root: Path, target: str) -> Path:
    """A second extension package, its entry point naming class ``target``."""
    root.mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [build-system]
            requires = ["flit_core>=3.9,<5"]
            build-backend = "flit_core.buildapi"

            [project]
            name = "second-extension"
            version = "1.0.0"
            description = "The acceptance test's second extension"
            dependencies = ["nailgun-hooks"]

            [project.entry-points."nailgun.extensions"]
            second = "second_extension:{target}"

            [tool.flit.module]
            name = "second_extension"
            """
        )
    )
    (root / "second_extension.py").write_text(
        textwrap.dedent(
            """\
            import logging

            from nailgun_hooks import BaseExtension, hookimpl

            log = logging.getLogger("nailgun.extensions.second")


            class Old(BaseExtension):
                name = "second"
                version = "1.0.0"
                description = "old entry point target"

                @hookimpl
                def on_node_create(self, node):
                    log.info("%s saw node %s", self.description, node.id)


            class New(Old):
                description = "new entry point target"
            """
        )
    )
    return root


def test_blueprint_install_restart_list_demo_uninstall(
    venv: Venv, tmp_path: Path
) -> None:
    # 1-2. nailgun-hooks alone: nothing is listed.
    listing = venv.listing()
    assert listing["extensions"] == [] and listing["problems"] == []

    # 3. The logging extension is installed ...
    venv.install(ROOT / "example_logging_ext")

    # 4. ... and after a restart it is there, with its metadata.
    loaded = venv.loaded()
    assert list(loaded) == ["logging"]
    logging_ext = loaded["logging"]
    assert logging_ext["version"] == "1.0.0"
    assert logging_ext["description"] == (
        "Logs one line for every Nailgun event it receives"
    )
    assert logging_ext["distribution"] == LOGGING_DIST
    assert sorted(logging_ext["hooks"]) == sorted(specs())
    venv.run("nailgun-hooks", "check")
    demo = venv.run("nailgun-hooks", "demo").stdout
    for event in specs():
        assert f"[nailgun.extensions.logging] {event}: " in demo, event
    assert "[nailgun.extensions.logging] on_node_create: node 1 'node-1'" in demo

    # 5. A second extension package: both listed; uninstall the first.
    second = write_second_extension(tmp_path / "second", target="Old")
    venv.install(second)
    assert list(venv.loaded()) == ["logging", "second"]
    venv.pip("uninstall", "--yes", LOGGING_DIST)
    loaded = venv.loaded()
    assert list(loaded) == ["second"]
    assert loaded["second"]["entry_point"] == "second = second_extension:Old"

    # 6. Re-install with a changed entry point, within seconds, after a naive
    # stevedore user has filled stevedore's own entry-point cache.
    venv.run(
        "python",
        "-c",
        "import stevedore; stevedore.ExtensionManager('nailgun.extensions')",
    )
    started = time.monotonic()
    write_second_extension(second, target="New")
    venv.install(second, "--force-reinstall", "--no-deps")
    loaded = venv.loaded()
    elapsed = time.monotonic() - started
    assert loaded["second"]["entry_point"] == "second = second_extension:New"
    assert loaded["second"]["description"] == "new entry point target"
    demo = venv.run("nailgun-hooks", "demo").stdout
    assert "[nailgun.extensions.second] new entry point target saw node 1" in demo
    # stevedore's cache resolution is ~128 s: the change must not wait for it.
    assert elapsed < 60, f"re-install and restart took {elapsed:.0f}s"


def test_python_m_and_no_import_in_the_installed_environment(venv: Venv) -> None:
    listing = venv.run("python", "-m", "nailgun_hooks", "list", "--no-import", "--json")
    assert '"imported": false' in listing.stdout
    help_text = venv.run("nailgun-hooks", "--help").stdout
    assert "exit codes:" in help_text
    venv.run("nailgun-hooks", "bogus", expect=2)
