"""``nailgun-hooks migrate`` as operators and CI run it (issue 16): the
mistakes people make, and extensions nobody here wrote. Each test runs the
real command against a real SQLite database."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy

from nailgun_hooks.migrations import DatabaseError, upgrade_extensions
from tests.support.alembic_trees import create_table
from tests.support.dists import DistFactory
from tests.support.migrating import (
    install_with_migrations,
    migrate,
    tables,
    version,
)

# What `alembic init` writes: no version_table, so alembic's default.
ALEMBIC_INIT_ENV_PY = """
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(
    config.get_section(config.config_ini_section),
    prefix='sqlalchemy.',
    poolclass=pool.NullPool,
)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
"""

UNSAYABLE = """
class Unsayable(Exception):
    def __str__(self):
        raise RuntimeError('no words')

raise Unsayable()
"""


def nailgun_history(db_url: str, revisions: list[str]) -> None:
    """Nailgun's own alembic_version, holding ``revisions``."""
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        )
        for revision in revisions:
            connection.execute(
                sqlalchemy.text("INSERT INTO alembic_version VALUES (:r)"),
                {"r": revision},
            )
    engine.dispose()


# --- an extension's history, in its own version table only -------------------


def test_an_env_py_without_version_table_never_writes_nailguns_table(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nailgun_history(db_url, ["nailgun_head"])
    install_with_migrations(
        dists, "aaa", [("a1", create_table("t"))], env=ALEMBIC_INIT_ENV_PY
    )
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])

    code, out, err = migrate(capsys, dists, "--db", db_url)

    assert code == 1
    assert "FAILED aaa: migration failed" in err
    assert (
        "env.py configures the version table 'alembic_version' (alembic's "
        "default: Nailgun's own), not the extension's own 'aaa_alembic_version'"
    ) in err
    assert "zzz: upgraded <base> -> z1" in out
    assert version(db_url, "alembic_version") == ["nailgun_head"]
    assert "aaa_t" not in tables(db_url)
    assert "aaa_alembic_version" not in tables(db_url)


def test_a_history_left_in_nailguns_table_is_that_extensions_failure(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    nailgun_history(db_url, ["nailgun_head", "a1"])
    install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    for argv in (["--status"], []):
        code, out, err = migrate(capsys, dists, "--db", db_url, *argv)
        assert code == 1
        assert "FAILED aaa: " in err
        assert (
            "its revision(s) a1 are recorded in Nailgun's own version table "
            "'alembic_version', not in 'aaa_alembic_version'"
        ) in err
        assert "zzz: " in out
    assert "aaa_t" not in tables(db_url)
    assert version(db_url, "alembic_version") == ["a1", "nailgun_head"]


def test_an_env_py_that_runs_no_migration_does_not_pass_for_up_to_date(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    (folder / "env.py").write_text("from alembic import context\n")
    code, out, err = migrate(capsys, dists, "--db", db_url, "--json")
    assert code == 1
    (entry,) = json.loads(out)["extensions"]
    assert entry["status"] == "failed"
    assert "holds no revision, not its heads a1" in entry["error"]["message"]
    assert "already at" not in err


# --- whatever an extension raises is its own failure -------------------------


def test_an_exception_whose_str_raises_fails_its_extension_only(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "aaa", [("a1", UNSAYABLE)])
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    code, out, err = migrate(capsys, dists, "--db", db_url)
    assert code == 1
    assert "FAILED aaa: migration failed at revision a1 " in err.replace("\n", " ")
    assert "Unsayable: <its str() raised RuntimeError>" in err
    assert "zzz: upgraded <base> -> z1" in out
    assert version(db_url, "zzz_alembic_version") == ["z1"]


def test_an_extensions_message_cannot_forge_a_line(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "raise ValueError('boom\\nzzz: upgraded <base> -> z9\\x1b[2J\\r')"
    install_with_migrations(dists, "aaa", [("a1", forged)])
    code, out, err = migrate(capsys, dists, "--db", db_url)
    assert code == 1
    assert "\x1b" not in out + err
    assert "\r" not in out + err
    assert not any(line.startswith("zzz:") for line in err.splitlines())
    assert "ValueError: boom\\nzzz: upgraded <base> -> z9\\x1b[2J" in err


# --- the database's fault: once, exit 2, before anything runs ----------------


def _never_runs(dists: DistFactory) -> None:
    install_with_migrations(dists, "aaa", [("a1", "raise SystemExit('ran')")])


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("sqlite:///{tmp}/notdb.txt", "cannot use sqlite:///{tmp}/notdb.txt: "),
        (
            "sqlite:///file:{tmp}/ro.db?mode=ro&uri=true",
            "attempt to write a readonly database",
        ),
        ("sqlite://", "sqlite:// is an in-memory database"),
        ("sqlite:///:memory:", "is an in-memory database, gone when the command"),
        ("sqlite://nailgun.db", "write sqlite:///nailgun.db (relative) or"),
        ("postgresql://nailgun@localhost:54x2/nailgun", "not a database URL (e.g."),
        ("postgres://nailgun@localhost/nailgun", "did you mean postgresql://?"),
        ("mysql://nailgun@localhost/nailgun", "pip install mysqlclient"),
    ],
    ids=[
        "not-a-database",
        "read-only",
        "memory",
        "memory-file",
        "two-slashes",
        "bad-port",
        "postgres",
        "missing-driver",
    ],
)
def test_a_database_problem_is_reported_once_as_the_databases(
    dists: DistFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    db: str,
    message: str,
) -> None:
    (tmp_path / "notdb.txt").write_text("hello, not a database\n" * 100)
    engine = sqlalchemy.create_engine(f"sqlite:///{tmp_path}/ro.db")
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("CREATE TABLE t (x INT)"))
    engine.dispose()
    _never_runs(dists)
    db = db.format(tmp=tmp_path)
    for argv in ([], ["--status"]):
        code, out, err = migrate(capsys, dists, "--db", db, *argv)
        if "readonly" in message and argv:
            assert code == 0  # reading is fine
            continue
        assert (code, out) == (2, "")
        assert err.startswith("nailgun-hooks: error: --db: ")
        assert message.format(tmp=tmp_path) in err
        assert len(err.splitlines()) == 1
        assert "FAILED" not in err


def test_the_api_raises_database_error_for_a_typo(dists: DistFactory) -> None:
    with pytest.raises(DatabaseError, match="not a database URL"):
        upgrade_extensions([], "postgresql://u:pw@localhost:54x2/nailgun")


@pytest.mark.parametrize(
    "db",
    [
        "postgresql://nailgun:p@ss@127.0.0.1:1/nailgun",
        "postgresql://nailgun@127.0.0.1:1/nailgun?password=p@ss",
        "postgres://nailgun:p@ss@127.0.0.1:1/nailgun",
        "postgresql://nailgun:p@ss@127.0.0.1:54x2/nailgun",
    ],
    ids=["unescaped-at", "query", "bad-dialect", "bad-port"],
)
def test_no_credential_is_ever_printed(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
) -> None:
    for argv in ([], ["--json"], ["--json", "--status"]):
        _, out, err = migrate(capsys, dists, "--db", db, "--debug", *argv)
        assert "p@ss" not in out + err
        assert "ss@" not in out + err
    # Past the database check, the URL is in the JSON report.
    monkeypatch.setattr(
        "nailgun_hooks.cli.migrate.check_database", lambda *a, **k: None
    )
    dists.extension("typo", "@classmethod\ndef on_node_updte(cls, node): pass\n")
    _, out, _ = migrate(capsys, dists, "--db", db, "--json", "--status")
    if "54x2" not in db:
        assert "***" in json.loads(out)["database"]
    assert "p@ss" not in out


# --- interrupted -------------------------------------------------------------


def test_ctrl_c_says_what_was_committed_and_exits_130(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    install_with_migrations(
        dists, "bbb", [("b1", create_table("t")), ("b2", "raise KeyboardInterrupt")]
    )
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    code, _, err = migrate(capsys, dists, "--db", db_url)
    assert code == 130
    said = err[err.index("nailgun-hooks: interrupted") :]
    assert said.splitlines() == [
        "nailgun-hooks: interrupted while migrating bbb: it is at b1 (was <base>)",
        "  committed before: aaa: upgraded <base> -> a1",
        "  not started: zzz",
        "run the same command again to go on from there",
    ]
    assert version(db_url, "bbb_alembic_version") == ["b1"]
    assert "zzz_t" not in tables(db_url)


# --- output contracts of the process -----------------------------------------


def _run(dists: DistFactory, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(dists.root)}
    return subprocess.run(
        [sys.executable, "-m", "nailgun_hooks", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_json_is_one_object_even_when_extensions_print(
    dists: DistFactory, db_url: str
) -> None:
    folder = install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    revision = folder / "versions" / "000_a1.py"  # imported by both
    revision.write_text("print('hello from a1')\n" + revision.read_text())
    for argv in ([], ["--status"]):
        done = _run(
            dists,
            "migrate",
            "--db",
            db_url,
            "--json",
            "--namespace",
            dists.namespace,
            *argv,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ok"] is True
        assert "hello from a1" in done.stderr


def test_a_closed_pipe_keeps_the_exit_status(dists: DistFactory, db_url: str) -> None:
    install_with_migrations(dists, "aaa", [("a1", "exit(3)")])
    for index in range(30):
        install_with_migrations(dists, f"ok{index}", [(f"r{index}", "pass")])
    env = {**os.environ, "PYTHONPATH": str(dists.root)}
    argv = ["migrate", "--db", db_url, "--namespace", dists.namespace]
    done = subprocess.run(
        [
            "bash",
            "-o",
            "pipefail",
            "-c",
            f"{sys.executable} -m nailgun_hooks {' '.join(argv)} | head -1",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "BrokenPipeError" not in done.stderr
    assert "FAILED aaa: migration failed" in done.stderr


# --- the URL without the command line ----------------------------------------


def test_the_url_from_a_file_or_the_environment(
    dists: DistFactory,
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    url_file = tmp_path / "db-url"
    url_file.write_text(f"{db_url}\n")
    monkeypatch.delenv("NAILGUN_HOOKS_DB_URL", raising=False)
    code, out, _ = migrate(capsys, dists, "--db-file", str(url_file), "--status")
    assert (code, out) == (0, "aaa: current <base>, head a1, 1 to upgrade: a1\n")
    monkeypatch.setenv("NAILGUN_HOOKS_DB_URL", db_url)
    code, out, _ = migrate(capsys, dists)
    assert (code, out.splitlines()[-1]) == (0, "aaa: upgraded <base> -> a1")
    assert version(db_url, "aaa_alembic_version") == ["a1"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "no database given: use --db URL, --db-file FILE or set "),
        (["--db-file", "{tmp}/nosuch"], "--db-file {tmp}/nosuch: no such file"),
        (["--db-file", "{tmp}/empty"], "--db-file {tmp}/empty: the file is empty"),
        (["--db-file", "{tmp}/bad"], "--db-file: not a database URL"),
        (["--db", "x", "--db-file", "y"], "argument --db-file: not allowed with"),
    ],
    ids=["none", "no-file", "empty-file", "bad-url-in-file", "both"],
)
def test_where_the_url_comes_from_is_checked_first(
    dists: DistFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.delenv("NAILGUN_HOOKS_DB_URL", raising=False)
    (tmp_path / "empty").write_text("\n")
    (tmp_path / "bad").write_text("postgresql://u:s3cret@h:54x2/db\n")
    _never_runs(dists)
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    code, out, err = migrate(capsys, dists, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"nailgun-hooks: error: {message.format(tmp=tmp_path)}")
    assert "s3cret" not in err


def test_the_api_says_what_ctrl_c_left(dists: DistFactory, db_url: str) -> None:
    """integration.md: "Ctrl-C raises `MigrationInterrupted`"."""
    from nailgun_hooks.loading import load_extensions
    from nailgun_hooks.migrations import MigrationInterrupted

    install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    install_with_migrations(dists, "bbb", [("b1", "raise KeyboardInterrupt")])
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    with pytest.raises(MigrationInterrupted) as stopped:
        upgrade_extensions(manager, db_url)
    stop = stopped.value
    assert isinstance(stop, KeyboardInterrupt)
    assert (stop.extension, stop.at, stop.not_started) == ("bbb", (), ("zzz",))
    assert [result.extension for result in stop.results] == ["aaa"]


def test_a_read_only_folder_is_the_databases_fault(
    dists: DistFactory,
    db_url: str,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tests may run as root, whom file modes do not stop: ask os.access.
    db_path.write_bytes(b"")
    folder = db_path.parent
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != folder)
    _never_runs(dists)
    code, out, err = migrate(capsys, dists, "--db", db_url)
    assert (code, out) == (2, "")
    assert err == (
        f"nailgun-hooks: error: --db: the SQLite database {db_path} cannot be "
        f"written: its folder {folder} is read-only (SQLite keeps its journal "
        "there)\n"
    )


def test_ctrl_c_under_json_is_still_one_json_object(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    install_with_migrations(dists, "bbb", [("b1", "raise KeyboardInterrupt")])
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--json")
    assert code == 130
    report = json.loads(out)
    assert report["ok"] is False
    statuses = [(e["name"], e["status"]) for e in report["extensions"]]
    assert statuses == [
        ("aaa", "upgraded"),
        ("bbb", "interrupted"),
        ("zzz", "not-started"),
    ]
    assert report["extensions"][1]["after"] == []


# --- what uninstalled extensions left ----------------------------------------


def test_status_lists_what_an_uninstalled_extension_left(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    install_with_migrations(dists, "gone", [("g1", create_table("data"))])
    assert migrate(capsys, dists, "--db", db_url)[0] == 0
    # Uninstalled: its package is gone, its tables are not.
    (info,) = dists.root.glob("*gone*.dist-info")
    dists.uninstall(info)
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--status")
    assert code == 0
    assert out.splitlines() == [
        "aaa: current a1 (head)",
        "gone: not installed; left gone_alembic_version at g1 and tables: gone_data",
    ]
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--status", "--json")
    assert json.loads(out)["left_behind"] == [
        {
            "name": "gone",
            "version_table": "gone_alembic_version",
            "revisions": ["g1"],
            "tables": ["gone_data"],
        }
    ]


# --- alembic history, per extension ------------------------------------------


def test_history_shows_each_extensions_revisions_newest_first(
    dists: DistFactory, db_url: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alpha = install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    assert migrate(capsys, dists, "--db", db_url)[0] == 0
    (alpha / "versions" / "001_a2.py").write_text(
        (alpha / "versions" / "000_a1.py")
        .read_text()
        .replace("a1", "a2")
        .replace("down_revision = None", "down_revision = 'a1'")
    )
    (alpha / "env.py").write_text("raise SystemExit('env.py must not run')\n")
    before = db_path.read_bytes()
    code, out, err = migrate(capsys, dists, "--db", db_url, "--history")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "alpha:",
        "  a1 -> a2 (head), revision a2",
        "  <base> -> a1 (current), revision a1",
    ]
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--history", "--json")
    report = json.loads(out)
    assert (code, report["action"], report["ok"]) == (0, "history", True)
    (entry,) = report["extensions"]
    assert entry["revisions"] == [
        {
            "revision": "a2",
            "from": ["a1"],
            "message": "revision a2",
            "head": True,
            "current": False,
        },
        {
            "revision": "a1",
            "from": [],
            "message": "revision a1",
            "head": False,
            "current": True,
        },
    ]
    assert db_path.read_bytes() == before


# --- upgrade EXT@REV ---------------------------------------------------------


def test_to_upgrades_one_extension_to_a_revision(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(
        dists, "alpha", [("a1", create_table("t")), ("a2", create_table("u"))]
    )
    install_with_migrations(dists, "beta", [("b1", create_table("t"))])
    code, out, err = migrate(capsys, dists, "--db", db_url, "--to", "alpha@a1")
    assert (code, out.splitlines()[-1]) == (0, "alpha: upgraded <base> -> a1"), err
    assert version(db_url, "alpha_alembic_version") == ["a1"]
    assert "beta_alembic_version" not in tables(db_url)  # only those named
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--to", "alpha@a2")
    assert (code, out.splitlines()[-1]) == (0, "alpha: upgraded a1 -> a2")
    # Below the current revision: a downgrade, which is not an upgrade.
    code, _, err = migrate(capsys, dists, "--db", db_url, "--to", "alpha@a1")
    assert code == 1
    assert "FAILED alpha: migration failed" in err
    assert version(db_url, "alpha_alembic_version") == ["a2"]
    code, _, err = migrate(capsys, dists, "--db", db_url, "--to", "alpha@nosuch")
    assert code == 1
    assert "FAILED alpha: migration failed" in err
    assert "No such revision or branch 'nosuch'" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "alpha"], "--to alpha: give EXTENSION@REVISION"),
        (["--to", "alpah@a1"], "--to alpah: no extension named 'alpah'"),
        (["--to", "alpha@a1", "--status"], "--to upgrades: it cannot be combined"),
    ],
    ids=["no-revision", "unknown-extension", "with-status"],
)
def test_to_is_checked_before_anything_runs(
    dists: DistFactory,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    install_with_migrations(dists, "alpha", [("a1", "raise SystemExit('ran')")])
    code, out, err = migrate(capsys, dists, "--db", db_url, *argv)
    assert (code, out) == (2, "")
    assert err.startswith(f"nailgun-hooks: error: {message}")


# --- stamp EXT@REV -----------------------------------------------------------


def test_stamp_sets_an_extensions_version_table_and_runs_nothing(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(
        dists, "alpha", [("a1", create_table("t")), ("a2", create_table("u"))]
    )
    (folder / "env.py").write_text("raise SystemExit('env.py must not run')\n")
    nailgun_history(db_url, ["nailgun_head"])
    code, out, err = migrate(capsys, dists, "--db", db_url, "--stamp", "alpha@a1")
    assert (code, out) == (0, "alpha: stamped <base> -> a1\n"), err
    assert version(db_url, "alpha_alembic_version") == ["a1"]
    assert "alpha_t" not in tables(db_url)  # nothing ran
    assert version(db_url, "alembic_version") == ["nailgun_head"]
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--stamp", "alpha@base")
    assert (code, out) == (0, "alpha: stamped a1 -> <base>\n")
    assert version(db_url, "alpha_alembic_version") == []
    code, out, err = migrate(
        capsys, dists, "--db", db_url, "--stamp", "alpha@nosuch", "--json"
    )
    assert code == 1
    report = json.loads(out)
    assert report["action"] == "stamp"
    assert (
        "Can't locate revision identified by 'nosuch'"
        in (report["extensions"][0]["error"]["message"])
    )


def test_stamp_and_to_together_is_a_usage_error(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    argv = ["--stamp", "alpha@a1", "--to", "alpha@a1"]
    code, out, err = migrate(capsys, dists, "--db", db_url, *argv)
    assert (code, out) == (2, "")
    assert "--to upgrades: it cannot be combined with" in err


def test_history_and_stamp_from_python(dists: DistFactory, db_url: str) -> None:
    """integration.md: `extension_history` and `stamp_extensions` from
    `nailgun_hooks.migrations`."""
    from nailgun_hooks.loading import load_extensions
    from nailgun_hooks.migrations import extension_history, stamp_extensions

    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    manager = load_extensions(namespace=dists.namespace)
    results, failures = stamp_extensions(manager, db_url, {"alpha": "a1"})
    assert failures == [] and [str(r) for r in results] == [
        "alpha: stamped <base> -> a1"
    ]
    histories, failures = extension_history(manager, db_url)
    assert failures == []
    assert [str(h) for h in histories] == [
        "alpha:\n  <base> -> a1 (head) (current), revision a1"
    ]
    _, failures = stamp_extensions(manager, db_url, {"ghost": "a1"})
    assert [f.message for f in failures] == [
        "no loaded extension with migrations is named 'ghost'"
    ]


# --- downgrade EXT@REV --------------------------------------------------------


def test_down_to_runs_an_extensions_downgrades(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(
        dists, "alpha", [("a1", create_table("t")), ("a2", create_table("u"))]
    )
    a2 = folder / "versions" / "001_a2.py"
    a2.write_text(
        a2.read_text().replace(
            "def downgrade():\n    pass",
            "def downgrade():\n    op.drop_table('alpha_u')",
        )
    )
    install_with_migrations(dists, "beta", [("b1", create_table("t"))])
    assert migrate(capsys, dists, "--db", db_url)[0] == 0
    code, out, err = migrate(capsys, dists, "--db", db_url, "--down-to", "alpha@-1")
    assert code == 0, err
    assert [re.sub(r"\d+\.\d\ds", "<t>s", line) for line in out.splitlines()] == [
        "alpha: downgrade a2 -> a1 (<t>s)",
        "alpha: downgraded a2 -> a1",
    ]
    assert version(db_url, "alpha_alembic_version") == ["a1"]
    assert "alpha_u" not in tables(db_url)
    assert version(db_url, "beta_alembic_version") == ["b1"]  # not named
    code, out, _ = migrate(
        capsys, dists, "--db", db_url, "--down-to", "alpha@base", "--json"
    )
    report = json.loads(out)
    assert (code, report["action"]) == (0, "downgrade")
    (entry,) = report["extensions"]
    assert (entry["status"], entry["before"], entry["after"]) == (
        "downgraded",
        ["a1"],
        [],
    )
    assert [r["status"] for r in entry["revisions"]] == ["reverted"]
    assert version(db_url, "alpha_alembic_version") == []


def test_downgrade_from_python(dists: DistFactory, db_url: str) -> None:
    """integration.md: `downgrade_extensions(manager, db_url, {"alpha": "-1"})`."""
    from nailgun_hooks.loading import load_extensions
    from nailgun_hooks.migrations import downgrade_extensions

    install_with_migrations(dists, "alpha", [("a1", "pass"), ("a2", "pass")])
    manager = load_extensions(namespace=dists.namespace)
    upgrade_extensions(manager, db_url)
    (result,) = downgrade_extensions(manager, db_url, {"alpha": "-1"})
    assert str(result) == "alpha: downgraded a2 -> a1"
    assert version(db_url, "alpha_alembic_version") == ["a1"]
