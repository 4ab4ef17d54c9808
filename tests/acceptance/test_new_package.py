"""``nailgun-hooks new`` as an author meets it: generate, pip install, check,
test, migrate; in a fresh virtual environment, each command a new process."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.venv import Venv

pytestmark = pytest.mark.slow


def test_a_new_package_installs_checks_passes_its_tests_and_migrates(
    tmp_path: Path,
) -> None:
    venv = Venv.create(tmp_path / "venv")
    try:
        plain = tmp_path / "src" / "greeter"
        tables = tmp_path / "src" / "quotas"
        venv.run("nailgun-hooks", "new", "greeter", "--dir", str(plain))
        venv.run(
            "nailgun-hooks", "new", "quotas", "--dir", str(tables), "--with-migrations"
        )
        # What the command tells the author to do next (pip install -e with
        # the test extra); the other one as a wheel, so that its tests and
        # migrations run from what the wheel ships.
        venv.pip("install", "--no-build-isolation", "-e", f"{plain}[test]")
        venv.pip("install", "--no-build-isolation", f"{tables}[test]")

        assert list(venv.loaded()) == ["greeter", "quotas"]
        check = venv.run("nailgun-hooks", "check")
        assert "greeter" in check.stdout and "quotas" in check.stdout

        for package, count in ((plain, 3), (tables, 4)):
            done = venv.run("pytest", "-q", "-p", "no:cacheprovider", str(package))
            assert f"{count} passed" in done.stdout, done.stdout

        db = tmp_path / "nailgun.db"
        migrate = venv.run("nailgun-hooks", "migrate", "--db", f"sqlite:///{db}")
        assert "quotas: upgraded <base> -> 0001" in migrate.stdout
        with contextlib.closing(sqlite3.connect(db)) as connection:
            found = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        assert {"quotas_items", "quotas_alembic_version"} <= found
        again = venv.run("nailgun-hooks", "migrate", "--db", f"sqlite:///{db}")
        assert "quotas: already at 0001" in again.stdout
    finally:
        print(f"\nnew-package venv: {venv.report_timings()}")


def test_its_readme_works_as_written_in_a_new_environment(tmp_path: Path) -> None:
    """The generated README's commands, verbatim, in the package's own new
    virtual environment: nailgun-hooks comes from where the generating one
    was installed from (the checkout here), not from a package index."""
    venv = Venv.create(tmp_path / "venv")
    try:
        package = tmp_path / "greeter"
        venv.run("nailgun-hooks", "new", "greeter", "--dir", str(package))
        readme = (package / "README.md").read_text(encoding="utf-8")
        commands = readme.split("```sh\n", 1)[1].split("```", 1)[0]
        env = dict(venv.env)
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
        done = subprocess.run(
            ["bash", "-ec", commands],
            cwd=package,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "3 passed" in done.stdout
        assert "status: loaded" in done.stdout
    finally:
        print(f"\nnew-package venv: {venv.report_timings()}")
