"""What ``migrate`` prints and what ``--json`` holds, result by result.

The end-to-end tests run real migrations and see these through the command;
here each result's line and JSON entry are held exactly, for every status,
so that the text and the JSON cannot drift apart unnoticed.
"""

from __future__ import annotations

from nailgun_hooks.errors import MigrationError
from nailgun_hooks.nailgun.migration_results import (
    ExtensionStatus,
    MigrationFailure,
    MigrationResult,
    RevisionRun,
)

FIRST = RevisionRun("audit", "r1", (), 0.5)
SECOND = RevisionRun("audit", "r2", ("r1",), 1.23456)
MERGE = RevisionRun("audit", "m", ("b1", "b2"), 0.0)
BROKEN = RevisionRun("audit", "r3", ("r2",), 2.0, ok=False)


def test_a_revision_run_says_what_it_upgraded_from_and_how_long_it_took() -> None:
    assert str(FIRST) == "audit: upgrade <base> -> r1 (0.50s)"
    assert str(SECOND) == "audit: upgrade r1 -> r2 (1.23s)"
    assert str(MERGE) == "audit: upgrade b1, b2 -> m (0.00s)"
    assert str(BROKEN) == "audit: upgrade r2 -> r3 FAILED after 2.00s"


def test_a_revision_runs_json() -> None:
    assert FIRST.to_dict() == {
        "revision": "r1",
        "from": [],
        "seconds": 0.5,
        "status": "applied",
    }
    assert SECOND.to_dict() == {
        "revision": "r2",
        "from": ["r1"],
        "seconds": 1.235,
        "status": "applied",
    }
    assert BROKEN.to_dict()["status"] == "failed"
    assert RevisionRun("a", "r", (), 1.0).ok is True


def test_a_result_that_changed_nothing_is_already_there() -> None:
    same = MigrationResult("audit", ("r2",), ("r2",))
    assert not same.changed
    assert str(same) == "audit: already at r2"
    assert str(MigrationResult("audit", (), ())) == "audit: already at <base>"
    assert same.to_dict() == {
        "name": "audit",
        "status": "unchanged",
        "before": ["r2"],
        "after": ["r2"],
        "revisions": [],
        "error": None,
    }


def test_an_upgraded_result_names_both_ends_and_its_revisions() -> None:
    upgraded = MigrationResult("audit", (), ("r2",), (FIRST, SECOND))
    assert upgraded.changed
    assert str(upgraded) == "audit: upgraded <base> -> r2"
    assert upgraded.to_dict() == {
        "name": "audit",
        "status": "upgraded",
        "before": [],
        "after": ["r2"],
        "revisions": [FIRST.to_dict(), SECOND.to_dict()],
        "error": None,
    }
    assert str(MigrationResult("a", ("x", "y"), ("z",))) == "a: upgraded x, y -> z"


def test_a_failure_line_says_what_failed_where() -> None:
    full = MigrationFailure("audit", "r3", "versions/003.py:7", "boom")
    assert str(full) == (
        "audit: migration failed at revision r3 (versions/003.py:7): boom"
    )
    bare = MigrationFailure("audit", None, None, "no database")
    assert str(bare) == "audit: migration failed: no database"
    status = MigrationFailure("audit", None, None, "locked", action="status")
    assert str(status) == "audit: status failed: locked"


def test_a_failures_json_has_the_shape_of_its_action() -> None:
    failure = MigrationFailure(
        "audit",
        "r3",
        "versions/003.py:7",
        "boom",
        traceback="Traceback ...",
        revisions=(FIRST, BROKEN),
        before=(),
        after=("r1",),
    )
    assert failure.to_dict() == {
        "name": "audit",
        "status": "failed",
        "before": [],
        "after": ["r1"],
        "revisions": [FIRST.to_dict(), BROKEN.to_dict()],
        "error": {
            "message": "boom",
            "revision": "r3",
            "location": "versions/003.py:7",
            "traceback": "Traceback ...",
        },
    }
    unread = MigrationFailure("audit", None, None, "no database").to_dict()
    assert (unread["before"], unread["after"], unread["revisions"]) == (None, None, [])
    status = MigrationFailure("audit", None, None, "locked", action="status")
    assert status.to_dict() == {
        "name": "audit",
        "status": "failed",
        "current": None,
        "heads": None,
        "pending": None,
        "error": {
            "message": "locked",
            "revision": None,
            "location": None,
            "traceback": "",
        },
    }


def test_the_error_lists_failures_then_what_was_upgraded_meanwhile() -> None:
    failure = MigrationFailure("audit", None, None, "boom")
    upgraded = MigrationResult("backup", (), ("b1",))
    error = MigrationError([failure], [upgraded])
    assert error.failures == (failure,) and error.results == (upgraded,)
    assert str(error) == (
        "1 extension migration(s) failed:\n"
        "  audit: migration failed: boom\n"
        "upgraded meanwhile:\n"
        "  backup: upgraded <base> -> b1"
    )
    alone = MigrationError([failure, failure], [])
    assert str(alone) == (
        "2 extension migration(s) failed:\n"
        "  audit: migration failed: boom\n"
        "  audit: migration failed: boom"
    )


def test_a_status_says_whether_the_extension_is_behind() -> None:
    current = ExtensionStatus("audit", ("r2",), ("r2",), ())
    assert current.up_to_date
    assert str(current) == "audit: current r2 (head)"
    assert current.to_dict() == {
        "name": "audit",
        "status": "up-to-date",
        "current": ["r2"],
        "heads": ["r2"],
        "pending": [],
        "error": None,
    }
    behind = ExtensionStatus("audit", (), ("r2",), ("r1", "r2"))
    assert not behind.up_to_date
    assert str(behind) == ("audit: current <base>, head r2, 2 to upgrade: r1, r2")
    assert behind.to_dict() == {
        "name": "audit",
        "status": "behind",
        "current": [],
        "heads": ["r2"],
        "pending": ["r1", "r2"],
        "error": None,
    }


def test_a_failures_repr_leaves_its_traceback_out() -> None:
    failure = MigrationFailure("audit", "r1", None, "boom", traceback="Traceback: x")
    assert "Traceback" not in repr(failure) and "boom" in repr(failure)
