"""``nailgun-hooks migrate`` as an operator runs it: nailgun-hooks[db] and an
extension pip-installed into a fresh virtual environment, the command in a
new process, no flags beyond the database. Proves the alembic.ini that
env.py files in the published style need ships with the package."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.support.alembic_trees import PUBLISHED_ENV_PY, create_table, write_migrations
from tests.support.venv import ROOT, Venv

pytestmark = pytest.mark.slow

PYPROJECT = """
[build-system]
requires = ["flit_core>=3.9,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "quotas-ext"
version = "1.0.0"
description = "Per-cluster node quotas"

[project.entry-points."nailgun.extensions"]
quotas = "quotas_ext:Quotas"

[tool.flit.module]
name = "quotas_ext"
"""

MODULE = """
from pathlib import Path

from nailgun_hooks import BaseExtension


class Quotas(BaseExtension):
    name = "quotas"
    version = "1.0.0"
    description = "Per-cluster node quotas"
    migrations_path = str(Path(__file__).with_name("migrations"))
"""


def test_an_installed_extension_migrates_with_no_flags(tmp_path: Path) -> None:
    project = tmp_path / "quotas-ext"
    package = project / "quotas_ext"
    package.mkdir(parents=True)
    (project / "pyproject.toml").write_text(textwrap.dedent(PYPROJECT))
    (package / "__init__.py").write_text(textwrap.dedent(MODULE))
    write_migrations(
        package / "migrations",
        [("q1", create_table("limits")), ("q2", create_table("usage"))],
        env=PUBLISHED_ENV_PY,
    )
    venv = Venv.create(tmp_path / "venv")
    venv.pip("install", "--no-build-isolation", f"{ROOT}[db]")
    venv.install(project)
    db = f"sqlite:///{tmp_path / 'nailgun.db'}"

    done = venv.run("nailgun-hooks", "migrate", "--db", db)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("quotas: upgrade <base> -> q1 (")
    assert lines[1].startswith("quotas: upgrade q1 -> q2 (")
    assert lines[2] == "quotas: upgraded <base> -> q2"
    assert "INFO  [alembic.runtime.migration] Running upgrade q1 -> q2" in done.stderr

    status = venv.run("nailgun-hooks", "migrate", "--db", db, "--status", "--json")
    (entry,) = json.loads(status.stdout)["extensions"]
    assert (entry["status"], entry["current"]) == ("up-to-date", ["q2"])
