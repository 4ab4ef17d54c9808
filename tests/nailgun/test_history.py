"""nailgun_hooks.nailgun.history: each extension's revisions, newest first,
its heads and the ones the database is at marked; nothing changed."""

from __future__ import annotations

from pathlib import Path

from nailgun_hooks import load_extensions
from nailgun_hooks.migrations import upgrade_extensions
from nailgun_hooks.nailgun.history import (
    ExtensionHistory,
    RevisionInfo,
    extension_history,
)
from tests.support.alembic_trees import create_table
from tests.support.dists import DistFactory
from tests.support.migrating import install_with_migrations


def test_revisions_newest_first_with_head_and_current_marked(
    dists: DistFactory, db_url: str
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    upgrade_extensions(manager, db_url)
    folder = install_with_migrations(dists, "beta", [("b1", create_table("t"))])
    (folder / "versions" / "001_b2.py").write_text(
        (folder / "versions" / "000_b1.py")
        .read_text()
        .replace("revision = 'b1'", "revision = 'b2'")
        .replace("down_revision = None", "down_revision = 'b1'")
        .replace('"""revision b1"""', '"""Add the disks table\n\nMore words."""')
    )
    manager = load_extensions(namespace=dists.namespace)
    histories, failures = extension_history(manager.extensions, db_url)
    assert failures == []
    assert histories == [
        ExtensionHistory("alpha", (RevisionInfo("a1", (), "revision a1", True, True),)),
        ExtensionHistory(
            "beta",
            (
                RevisionInfo("b2", ("b1",), "Add the disks table", True, False),
                RevisionInfo("b1", (), "revision b1", False, False),
            ),
        ),
    ]


def test_a_database_yet_to_be_created_stays_uncreated(
    dists: DistFactory, db_path: Path, db_url: str
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    (history,), _ = extension_history(manager.extensions, db_url)
    assert [r.current for r in history.revisions] == [False]
    assert not db_path.exists()


def test_each_revision_in_a_line_and_as_json() -> None:
    head = RevisionInfo("b2", ("b1",), "Add the disks table", True, True)
    first = RevisionInfo("b1", (), "", False, False)
    history = ExtensionHistory("beta", (head, first))
    assert str(history) == (
        "beta:\n  b1 -> b2 (head) (current), Add the disks table\n  <base> -> b1, "
    )
    assert history.to_dict() == {
        "name": "beta",
        "status": "ok",
        "revisions": [
            {
                "revision": "b2",
                "from": ["b1"],
                "message": "Add the disks table",
                "head": True,
                "current": True,
            },
            {
                "revision": "b1",
                "from": [],
                "message": "",
                "head": False,
                "current": False,
            },
        ],
        "error": None,
    }


def test_an_extensions_message_is_escaped() -> None:
    info = RevisionInfo("r1", (), "\x1b[2Jforged", True, False)
    assert "\x1b" not in str(info)
    assert "\x1b" not in str(ExtensionHistory("\x1b]0;title\x07", (info,)))
