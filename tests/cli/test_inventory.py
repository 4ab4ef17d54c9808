"""nailgun_hooks.cli.inventory: the fingerprint that tells whether two hosts
run the same extensions in the same order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from nailgun_hooks.cli.inventory import fingerprint
from tests.support.commands import UPDATE, run_json
from tests.support.dists import DistFactory


def test_fingerprint_is_stable_and_sensitive_to_order_version_distribution() -> None:
    from nailgun_hooks.startup.records import ExtensionRecord

    def record(name: str, version: str = "1.0", dist: str = "d") -> ExtensionRecord:
        return ExtensionRecord(name, version, "x", object(), dist, "1.0")

    a, b = record("a"), record("b")
    assert fingerprint([a, b]) == fingerprint([record("a"), record("b")])
    variants = {
        fingerprint([a, b]),
        fingerprint([b, a]),
        fingerprint([record("a", "1.1"), b]),
        fingerprint([record("a", dist="other"), b]),
        fingerprint([a]),
    }
    assert len(variants) == 5


def test_fingerprint_is_the_same_in_a_new_process(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("alpha", UPDATE, dist="alpha-dist")
    dists.extension("beta", UPDATE, dist="beta-dist")
    _, here = run_json(capsys, "list", "--namespace", dists.namespace)
    there = subprocess.run(
        [
            sys.executable,
            "-m",
            "nailgun_hooks",
            "list",
            "--json",
            "--namespace",
            dists.namespace,
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(dists.root), *sys.path])},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(there.stdout)["fingerprint"] == here["fingerprint"]
