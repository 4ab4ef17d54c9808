"""Extensions' alembic migrations against a real SQLite database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    NailgunHooksError,
    build_manager,
    load_extensions,
)
from nailgun_hooks.migrations import MigrationError, upgrade_extensions
from nailgun_hooks.nailgun.migrations import INSTALL_HINT
from tests.support.alembic_trees import create_table
from tests.support.dists import DistFactory
from tests.support.migrating import (
    BROKEN_SQL,
    install_with_migrations,
    tables,
    version,
)
from tests.support.shapes import install_cluster_upgrade


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nailgun.db'}"


def test_two_extensions_upgrade_into_their_own_tables_idempotently(
    dists: DistFactory, db_url: str
) -> None:
    install_cluster_upgrade(dists)
    install_with_migrations(
        dists,
        "volume_manager",
        [("a1", create_table("volumes")), ("a2", create_table("disks"))],
    )
    dists.extension("no_tables")
    manager = load_extensions(namespace=dists.namespace)

    results = upgrade_extensions(manager, db_url)
    assert [str(r) for r in results] == [
        "cluster_upgrade: upgraded <base> -> 3b5d115d7e49",
        "volume_manager: upgraded <base> -> a2",
    ]
    assert tables(db_url) == {
        "cluster_upgrade_alembic_version",
        "cluster_upgrade_relations",
        "volume_manager_alembic_version",
        "volume_manager_volumes",
        "volume_manager_disks",
    }
    assert version(db_url, "volume_manager_alembic_version") == ["a2"]

    again = upgrade_extensions(manager, db_url)
    assert [(r.extension, r.changed, r.after) for r in again] == [
        ("cluster_upgrade", False, ("3b5d115d7e49",)),
        ("volume_manager", False, ("a2",)),
    ]
    assert str(again[1]) == "volume_manager: already at a2"


def test_a_broken_migration_names_extension_and_revision_and_spares_the_rest(
    dists: DistFactory, db_url: str
) -> None:
    broken = install_with_migrations(
        dists, "aaa_broken", [("b1", create_table("kept")), ("b2", BROKEN_SQL)]
    )
    install_with_migrations(dists, "zzz_fine", [("z1", create_table("things"))])
    manager = load_extensions(namespace=dists.namespace)

    with pytest.raises(MigrationError) as caught:
        upgrade_extensions(manager, db_url)
    (failure,) = caught.value.failures
    assert (failure.extension, failure.revision) == ("aaa_broken", "b2")
    assert failure.location is not None
    assert failure.location.startswith(str(broken / "versions" / "001_b2.py"))
    assert "OperationalError" in failure.message
    assert "OperationalError" in failure.traceback
    message = str(caught.value)
    assert "aaa_broken: migration failed at revision b2" in message
    assert "zzz_fine: upgraded <base> -> z1" in message

    assert {"zzz_fine_things", "zzz_fine_alembic_version"} <= tables(db_url)
    assert version(db_url, "zzz_fine_alembic_version") == ["z1"]
    assert version(db_url, "aaa_broken_alembic_version") == ["b1"]


def test_a_revision_that_cannot_be_imported_is_reported(
    dists: DistFactory, db_url: str
) -> None:
    folder = install_with_migrations(dists, "syntax", [("s1", create_table("x"))])
    (folder / "versions" / "000_s1.py").write_text(
        "revision = 's1'\nthis is not python\n"
    )
    manager = load_extensions(namespace=dists.namespace)
    with pytest.raises(MigrationError) as caught:
        upgrade_extensions(manager, db_url)
    (failure,) = caught.value.failures
    assert failure.extension == "syntax"
    assert failure.location == f"{folder / 'versions' / '000_s1.py'}:2"


def test_a_failing_env_py_blames_no_revision(dists: DistFactory, db_url: str) -> None:
    folder = install_with_migrations(dists, "envfail", [("e1", create_table("x"))])
    env = folder / "env.py"
    env.write_text(
        "from alembic import context\n"
        "raise RuntimeError('no ' + context.config.get_main_option('nope', 'option'))\n"
    )
    manager = load_extensions(namespace=dists.namespace)
    with pytest.raises(MigrationError) as caught:
        upgrade_extensions(manager, db_url)
    (failure,) = caught.value.failures
    assert (failure.revision, failure.location) == (None, f"{env}:2")
    assert failure.message == "RuntimeError: no option"
    assert (
        str(failure) == f"envfail: migration failed ({env}:2): RuntimeError: no option"
    )


def test_a_path_with_percent_signs_works(dists: DistFactory, tmp_path: Path) -> None:
    install_with_migrations(dists, "pct", [("p1", create_table("rows"))])
    url = f"sqlite:///{tmp_path / 'odd%name.db'}"
    manager = load_extensions(namespace=dists.namespace)
    assert [r.after for r in upgrade_extensions(manager, url)] == [("p1",)]
    assert "pct_rows" in tables(url)


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda root: root / "missing", "does not exist"),
        (lambda root: root, "has no env.py"),
    ],
    ids=["missing", "no-env"],
)
def test_a_bad_migrations_path_is_a_startup_problem(
    tmp_path: Path, make: object, needle: str
) -> None:
    class Ext(BaseExtension):
        name = "ext"
        version = "1.0.0"
        description = "Ships no migrations folder"
        migrations_path = str(make(tmp_path))  # type: ignore[operator]

    with pytest.raises(ExtensionValidationError) as caught:
        build_manager([Ext])
    (problem,) = caught.value.problems
    assert problem.code == "bad-migrations-path"
    assert needle in problem.message


def test_missing_alembic_is_a_clear_error(
    dists: DistFactory, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_with_migrations(dists, "alpha", [("r1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    for module in ("alembic", "alembic.command", "alembic.config"):
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(NailgunHooksError, match="alembic is not installed") as info:
        upgrade_extensions(manager, db_url)
    assert str(info.value).endswith(INSTALL_HINT)


def test_an_error_of_the_progress_callback_is_the_callers_not_the_extensions(
    dists: DistFactory, db_url: str
) -> None:
    install_with_migrations(dists, "alpha", [("r1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)

    def progress(run: object) -> None:
        raise BrokenPipeError("the reader went away")

    with pytest.raises(BrokenPipeError, match="the reader went away"):
        upgrade_extensions(manager, db_url, on_revision=progress)
