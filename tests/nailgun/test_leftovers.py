"""nailgun_hooks.nailgun.leftovers: the tables an uninstalled extension left
behind, found by their version table and read, never dropped."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy

from nailgun_hooks.nailgun.leftovers import LeftBehind, left_behind
from tests.support.migrating import tables


def create(db_url: str, *tables: str, versions: dict[str, list[str]]) -> None:
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as connection:
        for table in tables:
            connection.exec_driver_sql(f"CREATE TABLE {table} (x INTEGER)")
        for table, revisions in versions.items():
            connection.exec_driver_sql(
                f"CREATE TABLE {table} (version_num VARCHAR(32) NOT NULL)"
            )
            for revision in revisions:
                connection.exec_driver_sql(f"INSERT INTO {table} VALUES ('{revision}')")
    engine.dispose()


def test_version_tables_nobody_owns_are_reported_with_their_tables(
    db_url: str,
) -> None:
    create(
        db_url,
        "audit_events",
        "audit_users",
        "quota_limits",
        "nodes",
        versions={
            "audit_alembic_version": ["a2"],
            "quota_alembic_version": ["q1"],
            "old_alembic_version": [],
            "alembic_version": ["nailgun9"],  # Nailgun's own
        },
    )
    found = left_behind(db_url, owned={"quota_alembic_version"})
    assert found == [
        LeftBehind(
            "audit", "audit_alembic_version", ("a2",), ("audit_events", "audit_users")
        ),
        LeftBehind("old", "old_alembic_version", (), ()),
    ]
    assert "audit_events" in tables(db_url)  # reported, not dropped


def test_each_is_said_in_a_line_and_given_as_json() -> None:
    left = LeftBehind("audit", "audit_alembic_version", ("a2",), ("audit_events",))
    assert str(left) == (
        "audit: not installed; left audit_alembic_version at a2 "
        "and tables: audit_events"
    )
    assert str(LeftBehind("old", "old_alembic_version", (), ())) == (
        "old: not installed; left old_alembic_version at <base> and tables: none"
    )
    assert left.to_dict() == {
        "name": "audit",
        "version_table": "audit_alembic_version",
        "revisions": ["a2"],
        "tables": ["audit_events"],
    }


def test_a_name_from_the_database_is_escaped_when_said() -> None:
    left = LeftBehind("\x1b[2Jevil", "\x1b[2Jevil_alembic_version", (), ())
    assert "\x1b" not in str(left)


def test_a_database_file_yet_to_be_created_is_neither_read_nor_created(
    db_path: Path, db_url: str
) -> None:
    assert left_behind(db_url, owned=()) == []
    assert not db_path.exists()
