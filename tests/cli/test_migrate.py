"""``nailgun-hooks migrate`` end to end: real installed distributions, real
SQLite, the real command."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy

from nailgun_hooks import cli
from nailgun_hooks.cli import migrate as migrate_module
from nailgun_hooks.cli.migrate import add_arguments, run
from tests.support.alembic_trees import create_table
from tests.support.dists import DistFactory
from tests.support.migrating import (
    BROKEN_SQL,
    fingerprint,
    install_with_migrations,
    migrate,
    tables,
    version,
)


def timings(out: str) -> list[str]:
    """The lines of ``out``, durations replaced by ``<t>``."""
    return [re.sub(r"\d+\.\d\ds", "<t>s", line) for line in out.splitlines()]


# --- whatever an extension raises is a failure, never a success -------------


def exit_at_import(folder: Path) -> None:
    revision = folder / "versions" / "000_a1.py"
    revision.write_text(revision.read_text() + "\nimport sys\nsys.exit()\n")


def exit_in_upgrade(folder: Path) -> None:
    revision = folder / "versions" / "000_a1.py"
    revision.write_text(
        revision.read_text().replace("def upgrade():", "def upgrade():\n    exit(0)")
    )


def exit_in_env_py(folder: Path) -> None:
    (folder / "env.py").write_text("raise SystemExit('env.py gave up')\n")


def raise_base_exception(folder: Path) -> None:
    revision = folder / "versions" / "000_a1.py"
    revision.write_text(
        revision.read_text().replace(
            "def upgrade():",
            "class Stop(BaseException):\n    pass\n\n\n"
            "def upgrade():\n    raise Stop()",
        )
    )


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (exit_at_import, "): SystemExit\n"),
        (exit_in_upgrade, "SystemExit: 0"),
        (exit_in_env_py, "SystemExit: env.py gave up"),
        (raise_base_exception, "Stop"),
    ],
    ids=["sys.exit-at-import", "exit-in-upgrade", "exit-in-env.py", "BaseException"],
)
def test_an_extension_that_exits_fails_and_the_others_migrate(
    dists: DistFactory,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    break_it: object,
    message: str,
) -> None:
    folder = install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    break_it(folder)  # type: ignore[operator]
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])

    code, out, err = migrate(capsys, dists, "--db", db_url)

    assert code == 1
    assert "FAILED aaa: migration failed" in err
    assert message in err
    assert "zzz: upgraded <base> -> z1" in out
    assert "aaa_t" not in tables(db_url)
    assert version(db_url, "zzz_alembic_version") == ["z1"]


def test_a_revision_calling_sys_exit_fails_the_real_process(
    dists: DistFactory, db_url: str
) -> None:
    """The report of issue 10, as automation runs it: a process, an exit code."""
    exit_at_import(install_with_migrations(dists, "aaa", [("a1", create_table("t"))]))
    env = {**os.environ, "PYTHONPATH": str(dists.root)}
    argv = ["migrate", "--db", db_url, "--namespace", dists.namespace]
    done = subprocess.run(
        [sys.executable, "-m", "nailgun_hooks", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "FAILED aaa: migration failed" in done.stderr


def test_a_failing_revision_is_the_one_that_ran_last(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(
        dists,
        "steps",
        [("s1", create_table("one")), ("s2", "exit(3)"), ("s3", create_table("x"))],
    )
    code, out, err = migrate(capsys, dists, "--db", db_url)
    assert code == 1
    assert timings(out) == [
        "steps: upgrade <base> -> s1 (<t>s)",
        "steps: upgrade s1 -> s2 FAILED after <t>s",
    ]
    location = f"{folder / 'versions' / '001_s2.py'}:"
    assert f"FAILED steps: migration failed at revision s2 ({location}" in err
    assert version(db_url, "steps_alembic_version") == ["s1"]


def test_keyboard_interrupt_stops_the_command(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "aaa", [("a1", "raise KeyboardInterrupt")])
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    code, _, _ = migrate(capsys, dists, "--db", db_url)
    assert code == 130
    assert "zzz_t" not in tables(db_url)


def test_a_migrations_path_that_exits_is_a_problem(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension(
        "exits",
        "@classmethod\ndef alembic_migrations_path(cls):\n    raise SystemExit(0)\n",
    )
    code, _, err = migrate(capsys, dists, "--db", db_url)
    assert code == 1
    assert "[bad-migrations-path] extension 'exits'" in err
    assert "raised SystemExit: 0" in err


# --- usage errors: exit 2 before any extension is imported --------------------


def not_an_ini(tmp_path: Path) -> str:
    path = tmp_path / "alembic.ini"
    path.write_text("this is not an ini file\n")
    return str(path)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--db", "notaurl"], "--db: not a database URL (e.g. postgresql://"),
        (["--db", "nosuch://x/y"], "--db: unknown database dialect 'nosuch'"),
        (
            ["--db", "sqlite:///{tmp}/missing/nailgun.db"],
            "--db: cannot create the SQLite database {tmp}/missing/nailgun.db: "
            "the folder {tmp}/missing does not exist",
        ),
        (["--db", "sqlite:///{tmp}"], "--db: the SQLite database {tmp} is a folder"),
        (
            ["--db", "mysql://nailgun@localhost/nailgun"],
            "--db: the driver for mysql is not installed: No module named 'MySQLdb'",
        ),
        (
            ["--config-file", "{tmp}/nonexistent.ini"],
            "--config-file {tmp}/nonexistent.ini: no such file",
        ),
        (
            ["--config-file", "{tmp}/alembic.ini"],
            "--config-file {tmp}/alembic.ini: not an ini file: File contains no "
            "section headers.",
        ),
        (
            ["-e", "nosuch"],
            "-e/--extension nosuch: no extension named 'nosuch' is installed in ",
        ),
        (["--json", "--sql"], "--json cannot be combined with --sql"),
        (["--status", "--sql"], "argument --sql: not allowed with argument --status"),
    ],
    ids=[
        "not-a-url",
        "unknown-dialect",
        "no-folder",
        "a-folder",
        "no-driver",
        "no-config-file",
        "not-ini",
        "unknown-extension",
        "json-sql",
        "status-sql",
    ],
)
def test_usage_errors_exit_2_before_anything_runs(
    dists: DistFactory,
    tmp_path: Path,
    db_url: str,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    module = dists.unique("never_imported")
    dists.install(
        f"dist-{module}",
        entry_points={"owner": f"{module}:Extension"},
        modules={module: "raise SystemExit('imported')\n"},
    )
    not_an_ini(tmp_path)
    argv = [arg.format(tmp=tmp_path) for arg in argv]
    if "--db" not in argv:
        argv += ["--db", db_url]

    code, out, err = migrate(capsys, dists, *argv)

    assert code == 2
    if "--json" in argv:  # the error is also the one JSON object on stdout
        error = json.loads(out)["error"]
        assert (error["kind"], error["exit_code"]) == ("usage", 2)
        assert error["message"].startswith(message.format(tmp=tmp_path))
    else:
        assert out == ""
    assert err.startswith(f"nailgun-hooks: error: {message.format(tmp=tmp_path)}")
    assert len(err.splitlines()) == 1
    assert module not in sys.modules
    assert not db_path.exists()


def test_a_database_that_cannot_be_connected_to_is_a_usage_error(
    dists: DistFactory, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    # Read-only SQLite, through a URI: opening a missing file fails.
    db = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    for argv in ([], ["--status"]):
        code, out, err = migrate(capsys, dists, "--db", db, *argv)
        assert (code, out) == (2, "")
        assert err.startswith("nailgun-hooks: error: --db: cannot connect to sqlite")
        assert err.endswith(": OperationalError: unable to open database file\n")
    code, out, _ = migrate(capsys, dists, "--db", db, "--sql")  # connects to nothing
    assert code == 0
    assert "CREATE TABLE alpha_t" in out
    assert not db_path.exists()


def test_status_creates_no_sqlite_file(
    dists: DistFactory, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    code, out, _ = migrate(capsys, dists, "--db", f"sqlite:///{db_path}", "--status")
    assert (code, out) == (0, "alpha: current <base>, head a1, 1 to upgrade: a1\n")
    assert not db_path.exists()


def test_status_in_a_folder_that_does_not_exist_is_the_databases_fault(
    dists: DistFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    nowhere = tmp_path / "missing" / "nailgun.db"
    code, out, err = migrate(capsys, dists, "--db", f"sqlite:///{nowhere}", "--status")
    assert (code, out) == (2, "")
    assert err == (
        f"nailgun-hooks: error: --db: cannot create the SQLite database {nowhere}: "
        f"the folder {nowhere.parent} does not exist\n"
    )
    assert not nowhere.parent.exists()


def test_status_runs_no_env_py(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    exit_in_env_py(folder)
    code, out, err = migrate(capsys, dists, "--db", db_url, "--status")
    assert (code, out, err) == (
        0,
        "alpha: current <base>, head a1, 1 to upgrade: a1\n",
        "",
    )


def test_lenient_migrates_the_sound_extensions_and_exits_0(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    dists.extension("typo", "@classmethod\ndef on_node_updte(cls, node): pass\n")
    code, out, err = migrate(capsys, dists, "--db", db_url, "--lenient")
    assert code == 0
    assert "alpha: upgraded <base> -> a1" in out
    assert err.startswith("skipped: [unknown-hook] extension 'typo'")
    assert migrate(capsys, dists, "--db", db_url)[0] == 1  # strict: refused


def test_a_version_table_that_cannot_be_read(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    engine = sqlalchemy.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(
            sqlalchemy.text("CREATE TABLE alpha_alembic_version (x INT)")
        )
    engine.dispose()
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--json")
    assert code == 1
    (entry,) = json.loads(out)["extensions"]
    assert "no such column" in entry["error"]["message"]
    assert (entry["before"], entry["after"], entry["revisions"]) == (None, None, [])
    assert (entry["error"]["revision"], entry["error"]["location"]) == (None, None)


@pytest.mark.parametrize("missing", ["alembic", "sqlalchemy"])
def test_without_the_db_extra_migrate_is_a_usage_error(
    dists: DistFactory,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    missing: str,
) -> None:
    module = dists.extension("alpha")
    for name in list(sys.modules):
        if name == missing or name.startswith(f"{missing}."):
            monkeypatch.setitem(sys.modules, name, None)
    code, out, err = migrate(capsys, dists, "--db", db_url)
    assert (code, out) == (2, "")
    assert err.startswith(
        f"nailgun-hooks: error: {missing} is not installed; install what the db "
        "extra of nailgun-hooks holds: pip install 'alembic>=1.7' 'SQLAlchemy>=1.4'"
    )
    assert module not in sys.modules


def test_a_bad_url_is_a_usage_error_when_no_extension_has_migrations(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("plain")
    code, out, err = migrate(capsys, dists, "--db", "notaurl")
    assert (code, out) == (2, "")
    assert "--db: not a database URL" in err


def test_a_sqlite_file_that_cannot_be_written(
    dists: DistFactory,
    db_url: str,
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Tests may run as root, whom file modes do not stop: ask os.access.
    db_path.write_bytes(b"")
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != db_path)
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    code, _, err = migrate(capsys, dists, "--db", db_url)
    assert code == 2
    assert f"--db: the SQLite database {db_path} cannot be written" in err
    assert db_path.read_bytes() == b""


@pytest.mark.parametrize(
    "db",
    [
        "postgresql://nailgun:s3cret@127.0.0.1:1/nailgun",
        "postgres ql://nailgun:s3cret@localhost/nailgun",
    ],
    ids=["no-driver", "unparsable"],
)
def test_a_password_in_the_url_is_never_printed(
    dists: DistFactory, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = migrate(capsys, dists, "--db", db, "--debug")
    assert code == 2
    assert "s3cret" not in out + err


def test_an_unknown_extension_name_is_suggested_and_named_as_typed(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("cluster_upgrade")
    code, _, err = migrate(capsys, dists, "--db", db_url, "-e", "cluster_upgrad")
    assert code == 2
    assert (
        "-e/--extension cluster_upgrad: no extension named 'cluster_upgrad' is "
        f"installed in '{dists.namespace}'; did you mean 'cluster_upgrade'? "
        "(installed: cluster_upgrade)"
    ) in err
    assert "NAILGUN_EXTENSIONS" not in err


def test_names_from_the_environment_are_blamed_on_the_environment(
    dists: DistFactory,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    monkeypatch.setenv("NAILGUN_EXTENSIONS", "nosuch")
    code, _, err = migrate(capsys, dists, "--db", db_url)
    assert code == 1
    assert "remove 'nosuch' from the allow-list (NAILGUN_EXTENSIONS)" in err
    assert "-e/--extension" not in err

    monkeypatch.delenv("NAILGUN_EXTENSIONS")
    monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", "alpha")
    code, _, err = migrate(capsys, dists, "--db", db_url, "-e", "alpha")
    assert code == 2
    assert (
        "-e/--extension alpha: 'alpha' is disabled by NAILGUN_EXTENSIONS_DISABLED"
    ) in err
    assert not Path(db_url.removeprefix("sqlite:///")).exists()


# --- for operators: progress, JSON, status, SQL -----------------------------


class Events:
    """An output stream that records writes and flushes in one event list,
    where the revisions record when they run."""

    def __init__(self, log: Path) -> None:
        self.log = log

    def write(self, text: str) -> int:
        with self.log.open("a") as stream:
            stream.write(f"wrote {text!r}\n")
        return len(text)

    def flush(self) -> None:
        with self.log.open("a") as stream:
            stream.write("flushed\n")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nailgun-hooks migrate")
    add_arguments(parser)
    return parser.parse_args(argv)


def test_each_revision_is_printed_as_it_runs(
    dists: DistFactory, db_url: str, tmp_path: Path
) -> None:
    log = tmp_path / "events.log"

    def running(revision: str) -> str:
        return (
            f"with open({str(log)!r}, 'a') as events:\n"
            f"    events.write('running {revision}\\n')"
        )

    install_with_migrations(
        dists, "alpha", [(rev, running(rev)) for rev in ("r1", "r2", "r3")]
    )
    args = parse("--db", db_url, "--namespace", dists.namespace)
    assert run(args, Events(log)) == 0  # type: ignore[arg-type]
    events = [
        re.sub(r"\d+\.\d\ds", "<t>s", line) for line in log.read_text().splitlines()
    ]
    assert events == [
        "running r1",
        r"wrote 'alpha: upgrade <base> -> r1 (<t>s)\n'",
        "flushed",
        "running r2",
        r"wrote 'alpha: upgrade r1 -> r2 (<t>s)\n'",
        "flushed",
        "running r3",
        r"wrote 'alpha: upgrade r2 -> r3 (<t>s)\n'",
        "flushed",
        r"wrote 'alpha: upgraded <base> -> r3\n'",
    ]


def rounded(data: object) -> object:
    """``data`` with every ``seconds`` checked to be a number and set to 0."""
    if isinstance(data, dict):
        if "seconds" in data:
            assert isinstance(data["seconds"], float) and data["seconds"] >= 0
            data = {**data, "seconds": 0}
        return {key: rounded(value) for key, value in data.items()}
    if isinstance(data, list):
        return [rounded(item) for item in data]
    return data


def test_json_reports_every_extension_revision_and_error(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(
        dists, "alpha", [("a1", create_table("t")), ("a2", create_table("u"))]
    )
    folder = install_with_migrations(
        dists, "beta", [("b1", create_table("t")), ("b2", "raise ValueError('x')")]
    )
    dists.extension("typo", "@classmethod\ndef on_node_updte(cls, node): pass\n")
    dists.extension("owns_no_tables")

    code, out, _ = migrate(capsys, dists, "--db", db_url, "--json", "--lenient")

    assert code == 1
    report = rounded(json.loads(out))
    assert isinstance(report, dict)
    (problem,) = report.pop("problems")
    assert (problem["code"], problem["extension"]) == ("unknown-hook", "typo")
    assert set(problem) == {
        "code",
        "message",
        "hint",
        "extension",
        "distribution",
        "entry_point",
        "hook",
        "location",
        "traceback",
    }
    beta_error = report["extensions"][1]["error"]
    assert "ValueError: x" in beta_error.pop("traceback")
    assert report == {
        "action": "upgrade",
        "database": db_url,
        "ok": False,
        "extensions": [
            {
                "name": "alpha",
                "status": "upgraded",
                "before": [],
                "after": ["a2"],
                "revisions": [
                    {"revision": "a1", "from": [], "seconds": 0, "status": "applied"},
                    {
                        "revision": "a2",
                        "from": ["a1"],
                        "seconds": 0,
                        "status": "applied",
                    },
                ],
                "error": None,
            },
            {
                "name": "beta",
                "status": "failed",
                "before": [],
                "after": ["b1"],
                "revisions": [
                    {"revision": "b1", "from": [], "seconds": 0, "status": "applied"},
                    {
                        "revision": "b2",
                        "from": ["b1"],
                        "seconds": 0,
                        "status": "failed",
                    },
                ],
                "error": {
                    "message": "ValueError: x",
                    "revision": "b2",
                    "location": f"{folder / 'versions' / '001_b2.py'}:14",
                },
            },
        ],
    }

    code, out, _ = migrate(capsys, dists, "--db", db_url, "--json", "-e", "alpha")
    report = rounded(json.loads(out))
    assert code == 0
    assert report == {
        "action": "upgrade",
        "database": db_url,
        "ok": True,
        "extensions": [
            {
                "name": "alpha",
                "status": "unchanged",
                "before": ["a2"],
                "after": ["a2"],
                "revisions": [],
                "error": None,
            }
        ],
        "problems": [],
    }


def test_json_hides_the_password_and_reports_strict_problems(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dists.extension("typo", "@classmethod\ndef on_node_updte(cls, node): pass\n")
    db = "postgresql://nailgun:s3cret@127.0.0.1:1/nailgun"
    code, out, _ = migrate(capsys, dists, "--db", db, "--json", "--status")
    assert code == 2  # no driver: checked before loading
    assert "s3cret" not in out
    assert json.loads(out)["ok"] is False
    # Past that check, the extensions' problems are reported, in JSON.
    monkeypatch.setattr(
        "nailgun_hooks.cli.migrate.check_database", lambda *a, **k: None
    )
    code, out, _ = migrate(capsys, dists, "--db", db, "--json", "--status")
    report = json.loads(out)
    assert code == 1
    assert report["database"] == "postgresql://nailgun:***@127.0.0.1:1/nailgun"
    assert (report["ok"], report["extensions"]) == (False, [])
    assert [p["code"] for p in report["problems"]] == ["unknown-hook"]


def test_status_changes_nothing(
    dists: DistFactory, db_url: str, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alpha = install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    install_with_migrations(dists, "beta", [("b1", create_table("t"))])

    # No database yet: every extension is at base, and no file is created.
    code, out, err = migrate(capsys, dists, "--db", db_url, "--status")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "alpha: current <base>, head a1, 1 to upgrade: a1",
        "beta: current <base>, head b1, 1 to upgrade: b1",
    ]
    assert not db_path.exists()

    assert migrate(capsys, dists, "--db", db_url)[0] == 0
    (alpha / "versions" / "001_a2.py").write_text(
        (alpha / "versions" / "000_a1.py")
        .read_text()
        .replace("'a1'", "'a2'")
        .replace("down_revision = None", "down_revision = 'a1'")
        .replace("'t'", "'u'")
    )
    before = fingerprint(db_path), tables(db_url)

    code, out, err = migrate(capsys, dists, "--db", db_url, "--status")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "alpha: current a1, head a2, 1 to upgrade: a2",
        "beta: current b1 (head)",
    ]
    code, out, _ = migrate(capsys, dists, "--db", db_url, "--status", "--json")
    assert code == 0
    assert json.loads(out) == {
        "action": "status",
        "database": db_url,
        "ok": True,
        "extensions": [
            {
                "name": "alpha",
                "status": "behind",
                "current": ["a1"],
                "heads": ["a2"],
                "pending": ["a2"],
                "error": None,
            },
            {
                "name": "beta",
                "status": "up-to-date",
                "current": ["b1"],
                "heads": ["b1"],
                "pending": [],
                "error": None,
            },
        ],
        "problems": [],
        "left_behind": [],
    }
    assert (fingerprint(db_path), tables(db_url)) == before


def test_status_reports_an_extension_whose_revisions_cannot_be_read(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = install_with_migrations(dists, "aaa", [("a1", create_table("t"))])
    exit_at_import(folder)
    install_with_migrations(dists, "zzz", [("z1", create_table("t"))])
    code, out, err = migrate(capsys, dists, "--db", db_url, "--status")
    assert code == 1
    assert out == "zzz: current <base>, head z1, 1 to upgrade: z1\n"
    location = f"{folder / 'versions' / '000_a1.py'}:"
    assert f"FAILED aaa: status failed ({location}" in err

    code, out, _ = migrate(capsys, dists, "--db", db_url, "--status", "--json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    failed = report["extensions"][0]
    assert failed["error"]["location"].startswith(location)
    del failed["error"]
    assert failed == {
        "name": "aaa",
        "status": "failed",
        "current": None,
        "heads": None,
        "pending": None,
    }


def test_sql_prints_alembics_offline_sql_and_connects_to_nothing(
    dists: DistFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("t"))])
    install_with_migrations(dists, "beta", [("b1", "raise RuntimeError('no SQL')")])
    nowhere = tmp_path / "missing" / "nailgun.db"

    code, out, err = migrate(capsys, dists, "--db", f"sqlite:///{nowhere}", "--sql")

    assert code == 1
    alpha, beta = out.split("-- extension beta: upgrade")
    assert alpha.startswith(
        "-- extension alpha: upgrade <base> -> heads "
        "(version table alpha_alembic_version)\n"
    )
    assert "CREATE TABLE alpha_alembic_version" in alpha
    assert "-- Running upgrade  -> a1" in alpha
    assert "CREATE TABLE alpha_t" in alpha
    assert "INSERT INTO alpha_alembic_version (version_num) VALUES ('a1')" in alpha
    assert beta.endswith("-- extension beta: FAILED, its SQL is incomplete\n")
    assert "FAILED beta: offline SQL failed at revision b1" in err
    assert not nowhere.parent.exists()

    # The URL chooses the dialect; no driver is needed, no server is asked.
    db = "postgresql://nailgun:s3cret@127.0.0.1:1/nailgun"
    code, out, _ = migrate(capsys, dists, "--db", db, "--sql", "-e", "alpha")
    assert code == 0
    assert "id SERIAL NOT NULL" in out  # PostgreSQL's, not SQLite's


def test_a_config_file_that_cannot_be_read_is_a_usage_error(
    dists: DistFactory,
    tmp_path: Path,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # There, but unreadable (root reads any file: the refusal is simulated).
    ini = tmp_path / "alembic.ini"
    ini.write_text("[alembic]\n")

    def refuse(path: str, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(migrate_module, "open", refuse, raising=False)
    code, out, err = migrate(capsys, dists, "--db", db_url, "--config-file", str(ini))
    assert (code, out) == (2, "")
    assert err == f"nailgun-hooks: error: --config-file {ini}: Permission denied\n"


def test_without_migrations_each_action_says_so(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("no_tables")
    for action in ([], ["--status"]):
        code, out, err = migrate(capsys, dists, "--db", db_url, *action)
        assert (code, out, err) == (0, "no loaded extension has migrations\n", "")
    code, out, err = migrate(capsys, dists, "--db", db_url, "--status", "--json")
    assert code == 0 and json.loads(out)["extensions"] == []


def test_the_usage_names_each_options_value_and_defaults() -> None:
    parser = argparse.ArgumentParser(prog="nailgun-hooks migrate")
    add_arguments(parser)
    # one line per option group, however argparse wraps them
    usage = " ".join(parser.format_usage().split())
    for shown in ("[--db URL | --db-file FILE]", "[--extension NAME]"):
        assert shown in usage
    assert "[--namespace GROUP]" in usage
    modes = "[--status | --history | --stamp EXT@REV | --down-to EXT@REV | --sql]"
    assert modes in usage
    for action in parser._actions:  # every option says what it does
        assert action.help and len(action.help) > len(action.dest)
    args = parse("--db", "sqlite://")
    assert (args.extension, args.config_file, args.namespace) == (
        None,
        None,
        "nailgun.extensions",
    )
    assert not (args.status or args.sql or args.json or args.lenient)
    assert parse("--db", "x", "-e", "a", "-e", "b").extension == ["a", "b"]
    assert "[--config-file INI]" in usage
    # --db may come from a file or the environment: checked when run.
    assert (parse().db, parse().db_file) == (None, None)


def test_sql_of_a_range_prints_only_that_range(
    dists: DistFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--sql --to EXT@FROM:TO``: alembic's ``upgrade FROM:TO --sql`` for
    that extension alone; the others are not touched."""
    install_with_migrations(
        dists,
        "alpha",
        [
            ("a1", create_table("one")),
            ("a2", create_table("two")),
            ("a3", create_table("three")),
        ],
    )
    install_with_migrations(dists, "beta", [("b1", create_table("t"))])
    db = f"sqlite:///{tmp_path / 'nailgun.db'}"

    code, out, err = migrate(capsys, dists, "--db", db, "--sql", "--to", "alpha@a1:a3")

    assert code == 0
    assert "FAILED" not in err
    assert out.startswith(
        "-- extension alpha: upgrade a1 -> a3 (version table alpha_alembic_version)\n"
    )
    assert "CREATE TABLE alpha_one" not in out
    assert "CREATE TABLE alpha_two" in out and "CREATE TABLE alpha_three" in out
    assert "UPDATE alpha_alembic_version SET version_num='a3'" in out
    assert "beta" not in out
    assert not (tmp_path / "nailgun.db").exists()  # connects to nothing

    code, out, _ = migrate(capsys, dists, "--db", db, "--sql", "--to", "alpha@a2")
    assert code == 0
    assert "upgrade <base> -> a2" in out and "CREATE TABLE alpha_three" not in out


def test_a_range_without_sql_is_a_usage_error(
    dists: DistFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("a1", create_table("one"))])
    db = f"sqlite:///{tmp_path / 'nailgun.db'}"
    code, out, err = migrate(capsys, dists, "--db", db, "--to", "alpha@base:a1")
    assert (code, out) == (2, "")
    assert "a range FROM:TO is for --sql" in err
    assert not (tmp_path / "nailgun.db").exists()


def run_cmd(args: argparse.Namespace) -> int:
    return run(args, sys.stdout)


def test_the_migrate_command(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("r1", create_table("t"))])
    install_with_migrations(dists, "beta", [("q1", create_table("t"))])

    argv = ["migrate", "--db", db_url, "--namespace", dists.namespace, "-e", "beta"]
    assert cli.main(argv) == 0  # through the nailgun-hooks command itself
    assert timings(capsys.readouterr().out) == [
        "beta: upgrade <base> -> q1 (<t>s)",
        "beta: upgraded <base> -> q1",
    ]
    assert "alpha_t" not in tables(db_url)

    assert run_cmd(parse("--db", db_url, "--namespace", dists.namespace)) == 0
    assert timings(capsys.readouterr().out) == [
        "alpha: upgrade <base> -> r1 (<t>s)",
        "alpha: upgraded <base> -> r1",
        "beta: already at q1",
    ]


def test_the_migrate_command_reports_failures_and_problems(
    dists: DistFactory, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    install_with_migrations(dists, "alpha", [("r1", BROKEN_SQL)])
    dists.extension("typo", "@classmethod\ndef on_node_updte(cls, node): pass\n")

    assert run_cmd(parse("--db", db_url, "--namespace", dists.namespace)) == 1
    err = capsys.readouterr().err
    assert "[unknown-hook] extension 'typo'" in err

    args = parse("--db", db_url, "--namespace", dists.namespace, "--lenient")
    assert run_cmd(args) == 1
    out, err = capsys.readouterr()
    assert timings(out) == ["alpha: upgrade <base> -> r1 FAILED after <t>s"]
    assert "skipped: [unknown-hook] extension 'typo'" in err
    assert "FAILED alpha: migration failed at revision r1" in err
