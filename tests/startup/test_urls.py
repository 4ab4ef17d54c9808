"""An extension's ``urls`` (:mod:`nailgun_hooks.startup.urls`): each entry
one Nailgun could serve, and no pattern or handler name claimed twice."""

from __future__ import annotations

import types
from typing import Any

import pytest

from nailgun_hooks.startup.records import ExtensionRecord
from nailgun_hooks.startup.urls import (
    Route,
    check_url_conflicts,
    check_urls,
    normalise_pattern,
    qualified,
    routes,
    servable,
)


class Handler:
    pass


class OtherHandler:
    pass


def _record(name: str, urls: Any) -> ExtensionRecord:
    return ExtensionRecord(name, "1.0", "d", types.SimpleNamespace(urls=urls))


def _problems(urls: Any) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in check_urls(_record("ext", urls))]


def test_well_formed_urls_are_no_problem() -> None:
    assert _problems([{"uri": r"/x/(?P<id>\d+)/?$", "handler": Handler}]) == []
    assert _problems(()) == []


@pytest.mark.parametrize("value", ["/x", {"uri": "/x"}, 5])
def test_urls_must_be_a_list_of_entries(value: object) -> None:
    ((code, message),) = _problems(value)
    assert code == "bad-urls"
    assert message.startswith(f"urls is {type(value).__name__}, not a list")


def test_each_bad_entry_is_named_by_its_index() -> None:
    found = _problems(
        [
            "/x",
            {"handler": Handler},
            {"uri": "(", "handler": Handler},
            {"uri": "/y", "handler": Handler()},
        ]
    )
    assert [code for code, _ in found] == ["bad-url"] * 4
    assert found[0][1] == "urls[0] is str, not a mapping"
    assert found[1][1] == "urls[1] has no 'uri' string (found a NoneType object)"
    assert found[2][1].startswith("urls[2] 'uri' '(' is not a valid regular expression")
    assert found[3][1].startswith("urls[3] 'handler' is a Handler object, which")


def test_servable_handlers() -> None:
    def application() -> None: ...

    class Raising:
        @property
        def __name__(self) -> str:  # type: ignore[override]
            raise SystemExit("no name")

    assert servable(Handler)
    assert not servable(Handler())  # an instance: __name__ is no attribute of it
    assert not servable(application)  # __name__ is a string, yet no class
    assert not servable(Raising())
    app = types.SimpleNamespace()
    app.__name__ = app  # an application web.py is given itself
    assert not servable(app)  # neither callable, a class nor an application
    app.handle_with_processors = lambda: None
    assert servable(app)


def test_patterns_are_compared_as_web_py_anchors_them() -> None:
    assert normalise_pattern("^/x/?$") == "/x/?" == normalise_pattern("/x/?")


def test_handlers_are_named_by_their_qualified_name() -> None:
    assert qualified(Handler) == f"{__name__}.Handler"
    assert qualified(Handler()) == f"{__name__}.Handler instance"


def test_routes_keep_the_well_formed_entries_in_order() -> None:
    records = [
        _record("a", [{"uri": "/a", "handler": Handler}, "junk"]),
        _record("b", "not a list"),
        _record("c", [{"uri": "/c", "handler": OtherHandler}]),
    ]
    assert routes(records) == (
        Route("/a", Handler, "a"),
        Route("/c", OtherHandler, "c"),
    )
    assert routes(records)[0].to_dict() == {
        "uri": "/a",
        "handler": f"{__name__}.Handler",
        "extension": "a",
    }


def test_a_pattern_claimed_twice_names_both_extensions() -> None:
    one = _record("one", [{"uri": "^/x$", "handler": Handler}])
    two = _record("two", [{"uri": "/x", "handler": Handler}])
    problems = check_url_conflicts([one, two])
    assert [(p.extension, p.code) for p in problems] == [
        ("one", "url-conflict"),
        ("two", "url-conflict"),
    ]
    assert problems[0].message.startswith(
        "the URL pattern '/x' is claimed 2 times: 'one' ('^/x$' -> "
    )


def test_two_handler_classes_of_one_name_clash() -> None:
    def handler_named(name: str) -> type:
        return type(name, (), {})

    one = _record("one", [{"uri": "/a", "handler": handler_named("H")}])
    two = _record("two", [{"uri": "/b", "handler": handler_named("H")}])
    problems = check_url_conflicts([one, two])
    assert [(p.extension, p.code) for p in problems] == [
        ("one", "handler-name-conflict"),
        ("two", "handler-name-conflict"),
    ]
    same = _record("same", [{"uri": "/a", "handler": Handler}])
    again = _record("again", [{"uri": "/b", "handler": Handler}])
    assert check_url_conflicts([same, again]) == []  # one class, two URLs
