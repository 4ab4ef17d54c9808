"""nailgun_hooks.cli.dbinput: the database URL from ``--db``, ``--db-file``
or the environment, the first given; a usage error naming the source when
it cannot be used."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from nailgun_hooks.cli.dbinput import DB_URL_ENV, add_db_arguments, database_url
from nailgun_hooks.errors import UsageError

URL = "postgresql://nailgun:s3cret@db/nailgun"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nailgun-hooks migrate")
    add_db_arguments(parser)
    return parser.parse_args(argv)


@pytest.fixture(autouse=True)
def no_url_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DB_URL_ENV, raising=False)


def test_the_command_line_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_URL_ENV, "sqlite:///from-env.db")
    assert database_url(parse("--db", URL)) == (URL, "--db")


def test_a_file_gives_its_first_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_URL_ENV, "sqlite:///from-env.db")
    path = tmp_path / "db-url"
    path.write_text(f"\n  {URL}  \nsecond line\n")
    assert database_url(parse("--db-file", str(path))) == (URL, "--db-file")


def test_the_environment_is_read_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DB_URL_ENV, f"  {URL}\n")
    assert database_url(parse()) == (URL, DB_URL_ENV)


@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_no_source_is_a_usage_error_listing_all_three(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is not None:
        monkeypatch.setenv(DB_URL_ENV, value)
    with pytest.raises(UsageError) as caught:
        database_url(parse())
    assert str(caught.value) == (
        "no database given: use --db URL, --db-file FILE or set NAILGUN_HOOKS_DB_URL"
    )


def test_a_file_that_cannot_be_used_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    empty = tmp_path / "empty"
    empty.write_text("\n  \n")
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00")
    for path, reason in [
        (missing, "no such file"),
        (empty, "the file is empty"),
        (binary, "cannot be read: UnicodeDecodeError"),
        (tmp_path, "cannot be read: Is a directory"),
    ]:
        with pytest.raises(UsageError) as caught:
            database_url(parse("--db-file", str(path)))
        assert str(caught.value) == f"--db-file {path}: {reason}"
        assert caught.value.__cause__ is None


def test_db_and_db_file_are_one_or_the_other(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        parse("--db", URL, "--db-file", "x")
    assert "not allowed with argument" in capsys.readouterr().err
