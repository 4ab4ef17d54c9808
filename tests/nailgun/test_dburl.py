"""nailgun_hooks.nailgun.dburl: a database URL as a person typed it, parsed,
judged, and shown with no credential in it."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from nailgun_hooks.errors import DatabaseError
from nailgun_hooks.nailgun.dburl import (
    EXAMPLE,
    driver_hint,
    in_memory,
    parse_url,
    safe_url,
    scrub,
    sqlite_path_text,
    unknown_dialect,
)


def test_a_url_parses_into_its_parts() -> None:
    url = parse_url("postgresql://nailgun:s3cret@db:5433/nailgun")
    assert (url.drivername, url.username, url.password) == (
        "postgresql",
        "nailgun",
        "s3cret",
    )
    assert (url.host, url.port, url.database) == ("db", 5433, "nailgun")


@pytest.mark.parametrize(
    "typed",
    ["not a url", "postgresql://nailgun:s3cret@db:port/nailgun"],
    ids=["no-scheme", "bad-port"],
)
def test_what_does_not_parse_is_a_database_error_that_never_repeats_it(
    typed: str,
) -> None:
    with pytest.raises(DatabaseError) as caught:
        parse_url(typed)
    assert str(caught.value) == f"not a database URL ({EXAMPLE})"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "s3cret" not in str(caught.value)


def test_an_sqlite_url_with_two_slashes_says_how_to_name_the_file() -> None:
    with pytest.raises(DatabaseError) as caught:
        parse_url("sqlite://name.db")
    assert str(caught.value) == (
        "sqlite://name.db: an SQLite URL has no host; for the file name.db "
        "write sqlite:///name.db (relative) or sqlite:////absolute/path/name.db"
    )


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            "postgresql://nailgun:s3cret@db/nailgun",
            "postgresql://nailgun:***@db/nailgun",
        ),
        (
            "postgresql://nailgun:p@ss@db/nailgun",
            "postgresql://nailgun:***@db/nailgun",
        ),
        (
            "postgresql://nailgun@db/nailgun?password=s3cret&sslmode=require",
            "postgresql://nailgun@db/nailgun?password=***&sslmode=require",
        ),
        (
            "postgresql://nailgun@db/nailgun?api_token=s3cret",
            "postgresql://nailgun@db/nailgun?api_token=***",
        ),
        ("postgresql://nailgun@db/nailgun", "postgresql://nailgun@db/nailgun"),
        ("sqlite:///relative/nailgun.db", "sqlite:///relative/nailgun.db"),
        ("postgresql://nailgun:s3cret@db:port/nailgun", "<not a database URL>"),
    ],
    ids=[
        "password",
        "unescaped-at",
        "query-password",
        "query-token",
        "no-password",
        "sqlite",
        "unparsable",
    ],
)
def test_a_url_is_shown_with_every_credential_hidden(typed: str, shown: str) -> None:
    assert safe_url(typed) == shown


def test_a_drivers_message_is_scrubbed_of_the_urls_secrets() -> None:
    url = "postgresql://nailgun:p@ss@db/nailgun?auth_key=k3y&sslmode=require"
    message = "password p@ss refused; key k3y; mode require"
    assert scrub(message, url) == "password *** refused; key ***; mode require"


def test_a_url_that_does_not_parse_leaves_the_message_as_it_was() -> None:
    assert scrub("connection refused", "::::") == "connection refused"


def test_an_unknown_dialect_suggests_the_name_sqlalchemy_knows() -> None:
    assert str(unknown_dialect(make_url("postgres://db/nailgun"))) == (
        "unknown database dialect 'postgres' (did you mean postgresql://?)"
    )
    assert str(unknown_dialect(make_url("mongodb://db/nailgun"))) == (
        f"unknown database dialect 'mongodb' ({EXAMPLE})"
    )


def test_a_missing_driver_module_names_the_package_to_install() -> None:
    assert driver_hint("psycopg2.extensions") == (
        "; install it: pip install psycopg2-binary"
    )
    assert driver_hint("MySQLdb") == "; install it: pip install mysqlclient"
    assert driver_hint("not_a_driver") == ""
    assert driver_hint(None) == ""


@pytest.mark.parametrize(
    ("typed", "memory", "path"),
    [
        ("sqlite://", True, None),
        ("sqlite:///:memory:", True, None),
        ("sqlite:///file::memory:?uri=true", True, None),
        ("sqlite:///relative/nailgun.db", False, "relative/nailgun.db"),
        ("sqlite:////absolute/nailgun.db", False, "/absolute/nailgun.db"),
        ("postgresql://nailgun:s3cret@db/nailgun", False, None),
    ],
)
def test_the_file_an_sqlite_url_names_unless_it_lives_in_memory(
    typed: str, memory: bool, path: str | None
) -> None:
    url = make_url(typed)
    assert in_memory(url) is memory
    assert sqlite_path_text(url) == path
