"""nailgun_hooks.nailgun.dbcheck: a database that cannot be used is a
DatabaseError saying why, before any extension's migration runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy

from nailgun_hooks.errors import DatabaseError
from nailgun_hooks.nailgun.dbcheck import (
    PROBE_TABLE,
    check_database,
    sqlite_file_missing,
)


def error_of(db_url: str, **options: bool) -> str:
    with pytest.raises(DatabaseError) as caught:
        check_database(db_url, **options)
    return str(caught.value)


def test_an_sqlite_file_yet_to_be_created_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "nailgun.db"
    assert sqlite_file_missing(f"sqlite:///{path}")
    path.touch()
    assert not sqlite_file_missing(f"sqlite:///{path}")
    assert not sqlite_file_missing("sqlite://")
    assert not sqlite_file_missing("postgresql://nailgun@db/nailgun")


def test_a_new_sqlite_file_in_an_existing_folder_is_usable_and_not_created(
    tmp_path: Path,
) -> None:
    path = tmp_path / "nailgun.db"
    check_database(f"sqlite:///{path}")
    assert not path.exists()


def test_an_existing_database_is_probed_and_left_unchanged(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nailgun.db'}"
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE kept (x INTEGER)")
    engine.dispose()
    check_database(url)
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        assert sqlalchemy.inspect(connection).get_table_names() == ["kept"]
        assert PROBE_TABLE not in sqlalchemy.inspect(connection).get_table_names()
    engine.dispose()


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "nailgun.db"
    assert error_of(f"sqlite:///{path}") == (
        f"cannot create the SQLite database {path}: "
        f"the folder {tmp_path / 'missing'} does not exist"
    )


def test_a_folder_where_the_file_should_be(tmp_path: Path) -> None:
    assert error_of(f"sqlite:///{tmp_path}") == (
        f"the SQLite database {tmp_path} is a folder"
    )


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are not the tables you are looking for\n" * 100)
    message = error_of(f"sqlite:///{path}")
    assert message.startswith(f"cannot use sqlite:///{path}: DatabaseError: ")
    assert message.endswith(
        "(is it the right file, and can it and its folder be written?)"
    )


def test_an_in_memory_database_keeps_nothing() -> None:
    assert error_of("sqlite://") == (
        "sqlite:// is an in-memory database, gone when the command ends: "
        "nothing would be kept; give a file, e.g. sqlite:///nailgun.db"
    )


def test_an_unknown_dialect_is_named_without_connecting() -> None:
    message = error_of("postgres://nailgun:s3cret@db/nailgun", connect=False)
    assert message == (
        "unknown database dialect 'postgres' (did you mean postgresql://?)"
    )


def test_without_connect_only_the_url_is_checked(tmp_path: Path) -> None:
    check_database("sqlite://", connect=False)
    check_database(f"sqlite:///{tmp_path / 'missing' / 'x.db'}", connect=False)


def test_a_missing_driver_names_its_package_and_never_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pg8000", None)
    message = error_of("postgresql+pg8000://nailgun:s3cret@db/nailgun")
    assert message.startswith("the driver for postgresql+pg8000 is not installed: ")
    assert message.endswith("; install it: pip install pg8000")
    assert "s3cret" not in message
