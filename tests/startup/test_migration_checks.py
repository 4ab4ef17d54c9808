"""Where an extension's migrations live
(:mod:`nailgun_hooks.startup.migration_checks`): read without letting its
code escape, and checked at startup to be a folder alembic can run."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import BaseExtension
from nailgun_hooks.errors import MigrationsPathError
from nailgun_hooks.startup.migration_checks import (
    ExtensionMigrations,
    check_migrations,
    migrations_of,
)
from nailgun_hooks.startup.records import ExtensionRecord, description_of


def _extension(path: Any) -> ExtensionRecord:
    class Ext(BaseExtension):
        name, version, description = "audit", "1.0", "d"

        def alembic_migrations_path(self) -> Any:
            if isinstance(path, BaseException):
                raise path
            return path

    return description_of(Ext())


def _folder(tmp_path: Path, env: bool = True) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir()
    if env:
        (folder / "env.py").write_text("")
    return folder


def test_an_extension_owns_its_prefixed_tables(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert migrations_of(_extension(folder)) == ExtensionMigrations(
        "audit", str(folder), "audit_alembic_version", "audit_"
    )
    assert check_migrations(_extension(folder)) == []


def test_no_path_no_migrations() -> None:
    assert migrations_of(_extension(None)) is None
    assert check_migrations(_extension(None)) == []


def test_a_plain_object_gives_migrations_path_and_is_named_by_its_record(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path)
    obj = types.SimpleNamespace(migrations_path=str(folder))
    record = ExtensionRecord("plain", "1.0", "d", obj)
    assert migrations_of(record) == ExtensionMigrations(
        "plain", str(folder), "plain_alembic_version", "plain_"
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            5,
            "extension 'audit': its migrations path is an int object, "
            "not a folder path",
        ),
        (
            SystemExit("bye"),
            "extension 'audit': alembic_migrations_path() raised SystemExit: bye",
        ),
    ],
    ids=["not-a-path", "raises"],
)
def test_a_path_that_is_none_or_raises_is_a_problem(path: Any, message: str) -> None:
    with pytest.raises(MigrationsPathError) as raised:
        migrations_of(_extension(path))
    assert str(raised.value) == message
    (problem,) = check_migrations(_extension(path))
    assert problem.code == "bad-migrations-path"
    assert problem.message == message


def test_a_folder_alembic_cannot_run_is_a_problem(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    (problem,) = check_migrations(_extension(missing))
    assert problem.message == f"its migrations folder {str(missing)!r} does not exist"
    folder = _folder(tmp_path, env=False)
    (problem,) = check_migrations(_extension(folder))
    assert problem.message == f"its migrations folder {str(folder)!r} has no env.py"


def test_a_package_resource_location_is_left_to_alembic() -> None:
    assert check_migrations(_extension("some_package:migrations")) == []
