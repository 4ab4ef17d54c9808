"""nailgun_hooks.cli.revision: ``nailgun-hooks revision EXT -m MESSAGE``
writes the next revision of an extension's migrations, or says why not."""

from __future__ import annotations

import pytest

from nailgun_hooks import cli
from tests.support.alembic_trees import create_table
from tests.support.dists import DistFactory
from tests.support.migrating import install_with_migrations, migrate


def test_revision_writes_the_next_revision_of_an_extension(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    argv = ["revision", "alpha", "-m", "Add the disks table", "--namespace"]
    assert cli.main([*argv, dists.namespace]) == 0
    out = capsys.readouterr().out
    (written,) = (folder / "versions").glob("*_add_the_disks_table.py")
    assert out == f"wrote {written}\n"
    text = written.read_text()
    assert text.startswith('"""Add the disks table"""\n')
    assert "down_revision = 'a1'\n" in text
    revision = written.name.split("_", 1)[0]
    # It is a revision alembic runs, after a1.
    code, out, _ = migrate(capsys, dists, "--db", db_url)
    assert code == 0
    assert out.splitlines()[-1] == f"alpha: upgraded <base> -> {revision}"


def test_revision_refuses_what_it_cannot_do(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    dists.extension("plain")
    ns = ["--namespace", dists.namespace]
    assert cli.main(["revision", "alpah", "-m", "x", *ns]) == 2
    assert "did you mean 'alpha'?" in capsys.readouterr().err
    assert cli.main(["revision", "plain", "-m", "x", *ns]) == 1
    assert "plain has no migrations" in capsys.readouterr().err
    second_head = (folder / "versions" / "000_a1.py").read_text().replace("a1", "b1")
    (folder / "versions" / "001_b1.py").write_text(second_head)
    assert cli.main(["revision", "alpha", "-m", "x", *ns]) == 1
    assert "alpha has 2 heads (a1, b1): merge them first" in capsys.readouterr().err
    assert sorted(p.name for p in (folder / "versions").glob("*.py")) == [
        "000_a1.py",
        "001_b1.py",
    ]
