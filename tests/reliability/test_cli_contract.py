"""The catalogue through ``nailgun-hooks list``, in fresh processes.

``list --json`` shows rejected extensions with their reasons, and
``list --no-import`` lists from entry-point metadata without importing
anything. These tests look for each extension's entry anywhere in the JSON document,
so they hold whatever its layout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import NAMESPACE
from tests.reliability.catalogue import CASES, FATAL, HEALTHY
from tests.reliability.installer import Installer, install_recorder
from tests.support.dists import DistFactory


@pytest.fixture
def site(tmp_path: Path) -> DistFactory:
    """Distributions in Nailgun's real namespace, on a path only the
    subprocesses see."""
    root = tmp_path / "site"
    root.mkdir()
    return DistFactory(root, NAMESPACE)


def run_cli(
    site: DistFactory, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nailgun_hooks", *args],
        env={
            **os.environ,
            **env,
            "PYTHONPATH": os.pathsep.join([str(site.root), *sys.path]),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def entries(document: Any, name: str) -> Iterator[dict[str, Any]]:
    """Every JSON object naming extension ``name`` (as name or extension)."""
    if isinstance(document, dict):
        if name in (document.get("name"), document.get("extension")):
            yield document
        for value in document.values():
            yield from entries(value, name)
    elif isinstance(document, list):
        for value in document:
            yield from entries(value, name)


def listed(document: Any, name: str) -> bool:
    """Is ``name`` listed: an object naming it, or the bare name itself?"""
    if document == name:
        return True
    if isinstance(document, dict):
        return any(entries(document, name)) or any(
            listed(value, name) for value in document.values()
        )
    if isinstance(document, list):
        return any(listed(value, name) for value in document)
    return False


def test_list_json_shows_every_rejected_extension_with_its_reason(
    site: DistFactory,
) -> None:
    installers = []
    for case in CASES:
        installer = Installer(site)
        installer.values["dist"] = case.distribution
        case.install(installer)
        installers.append((case, installer))
    healthy = Installer(site)
    for name in HEALTHY:
        install_recorder(healthy, name)

    process = run_cli(site, "list", "--json")
    assert process.stdout, process.stderr
    document = json.loads(process.stdout)
    for name in HEALTHY:
        assert listed(document, name), f"{name} is not listed"
    for case, installer in installers:
        for expected in case.expected:
            rendered = expected.render(installer.values)
            if expected.extension is None:  # a distribution's problem
                found = json.dumps(document["problems"])
            else:
                found = json.dumps(list(entries(document, expected.extension)))
            assert expected.code in found, (case.slug, expected.code)
            assert json.dumps(rendered["message"])[1:-1] in found, (
                case.slug,
                rendered["message"],
            )


def test_list_no_import_inspects_an_install_that_would_kill_the_process(
    site: DistFactory, tmp_path: Path
) -> None:
    """``os._exit`` at import cannot be survived in-process: ``--no-import``
    is how an operator inspects such an install. Nothing is imported: the
    spy extension's import side effect never happens."""
    marker = tmp_path / "imported"
    installer = Installer(site)
    (fatal,) = (case for case in FATAL if case.slug == "os-exit")
    module = installer.module("exiting")
    installer.install(
        "os-exit-dist", {"os-exit": f"{module}:Extension"}, {module: fatal.source}
    )
    spy = installer.module("spy")
    installer.install(
        "spy-dist",
        {"spy": f"{spy}:Extension"},
        {spy: f"open({str(marker)!r}, 'w').close()\nraise SystemExit(9)\n"},
    )
    for name in HEALTHY:
        install_recorder(installer, name)

    process = run_cli(site, "list", "--no-import", "--json")
    assert process.returncode == 0, process.stderr
    document = json.loads(process.stdout)
    for name in ("os-exit", "spy", *HEALTHY):
        assert listed(document, name), f"{name} is not listed"
    assert "os-exit-dist" in process.stdout
    assert not marker.exists()
