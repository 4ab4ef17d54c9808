"""Imports that cannot be survived in-process, and how to live with them.

``sys.exit()`` at import is caught (it is in the catalogue). ``os._exit()``
ends the process with no exception to catch: tested in a subprocess, which
dies with the extension's status; deny-listing the extension (its module is
then never imported) lets the rest load. ``KeyboardInterrupt`` is let through
on purpose.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from nailgun_hooks import load_extensions
from tests.reliability.catalogue import FATAL, HEALTHY, FatalCase
from tests.reliability.installer import Installer, install_recorder
from tests.support.dists import DistFactory

BY_SLUG = {case.slug: case for case in FATAL}

STARTUP = textwrap.dedent(
    """
    import json, sys
    from nailgun_hooks import load_extensions
    manager = load_extensions(namespace=sys.argv[1], strict=False)
    print(json.dumps({"loaded": manager.names(),
                      "problems": [p.code for p in manager.problems]}))
    """
)


def install(dists: DistFactory, case: FatalCase) -> None:
    installer = Installer(dists)
    module = installer.module(case.slug)
    installer.install(
        f"{case.slug}-dist",
        {case.slug: f"{module}:Extension"},
        {module: case.source},
    )
    for name in HEALTHY:
        install_recorder(installer, name)


def start(dists: DistFactory, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh Nailgun-like process loading the namespace leniently."""
    return subprocess.run(
        [sys.executable, "-c", STARTUP, dists.namespace],
        env={
            **os.environ,
            **env,
            "PYTHONPATH": os.pathsep.join([str(dists.root), *sys.path]),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_os_exit_at_import_ends_the_process(dists: DistFactory) -> None:
    install(dists, BY_SLUG["os-exit"])
    process = start(dists)
    assert process.returncode == 17
    assert process.stdout == ""  # nothing after the import ran, not even logging
    assert "(17)" in BY_SLUG["os-exit"].outcome


def test_deny_listing_the_exiting_extension_lets_the_rest_load(
    dists: DistFactory,
) -> None:
    install(dists, BY_SLUG["os-exit"])
    process = start(dists, NAILGUN_EXTENSIONS_DISABLED="os-exit")
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout) == {"loaded": list(HEALTHY), "problems": []}


def test_keyboard_interrupt_at_import_is_not_swallowed(dists: DistFactory) -> None:
    install(dists, BY_SLUG["keyboard-interrupt"])
    with pytest.raises(KeyboardInterrupt):
        load_extensions(namespace=dists.namespace, strict=False)
    manager = load_extensions(
        namespace=dists.namespace, strict=False, disabled=["keyboard-interrupt"]
    )
    assert manager.names() == HEALTHY
    assert manager.problems == ()
