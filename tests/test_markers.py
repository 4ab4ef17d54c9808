"""nailgun_hooks.markers: the names that tie extensions, specs and entry
points together, the rule for an extension's name, and the hookspec marker
that carries an event's scope and kind."""

from __future__ import annotations

from typing import Any

import pluggy
import pytest

from nailgun_hooks.markers import (
    EVENT_ATTR,
    IMPL_MARKER,
    NAME_MAX,
    NAME_PATTERN,
    EventInfo,
    event,
    hookimpl,
    is_marked,
    list_name,
    marker_opts,
)


def test_the_version_table_of_the_longest_name_fits_postgresql() -> None:
    longest = "a" * NAME_MAX
    assert NAME_PATTERN.fullmatch(longest)
    assert len(f"{longest}_alembic_version") == 63
    assert not NAME_PATTERN.fullmatch(longest + "a")


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("audit", True),
        ("audit-log_2", True),
        ("a", True),
        ("Audit", False),
        ("2audit", False),
        ("_audit", False),
        ("audit.log", False),
        ("", False),
    ],
)
def test_a_name_is_a_lowercase_table_prefix(name: str, valid: bool) -> None:
    assert bool(NAME_PATTERN.fullmatch(name)) is valid


def test_a_listed_name_compares_without_case_or_spaces() -> None:
    assert list_name("  AUDIT ") == "audit"
    assert list_name("Volume_Manager") == "volume_manager"


def test_hookimpl_marks_under_the_attribute_the_manager_reads() -> None:
    class Ext:
        @hookimpl(tryfirst=True)
        def on_node_create(self, node: object) -> None:
            pass

        def helper(self) -> None:
            pass

    assert IMPL_MARKER == "nailgun_impl"
    assert is_marked(Ext.on_node_create)
    assert is_marked(Ext().on_node_create)  # a bound method: its __func__
    assert not is_marked(Ext.helper)
    opts = marker_opts(Ext().on_node_create)
    assert opts is not None and opts["tryfirst"] is True


def test_options_that_are_not_a_dict_are_no_marker() -> None:
    class Odd:
        nailgun_impl = "not options"

    def plain() -> None:
        pass

    assert marker_opts(Odd()) is None
    assert marker_opts(plain) is None
    assert not is_marked(Odd())


def test_event_records_scope_and_kind_and_makes_first_result_calls() -> None:
    @event(scope="node", kind="first-result")
    def get_thing(node: object) -> object: ...

    @event()
    def on_thing(node: object) -> None: ...

    assert getattr(get_thing, EVENT_ATTR) == EventInfo("node", "first-result")
    assert getattr(on_thing, EVENT_ATTR) == EventInfo("all", "notification")
    first, plain = (f.nailgun_spec for f in (get_thing, on_thing))
    assert (first["firstresult"], plain["firstresult"]) == (True, False)
    assert first["warn_on_impl"] is None


def test_a_deprecated_event_warns_when_implemented() -> None:
    class Specs:
        @event(deprecated="implement on_new instead")
        def on_old(self, node: object) -> None: ...

    class Ext:
        @hookimpl
        def on_old(self, node: object) -> None:
            pass

    info = getattr(Specs.on_old, EVENT_ATTR)
    assert info.deprecated == "implement on_new instead"
    pm = pluggy.PluginManager("nailgun")
    pm.add_hookspecs(Specs)
    with pytest.warns(
        DeprecationWarning,
        match="^the hook 'on_old' is deprecated: implement on_new instead$",
    ):
        pm.register(Ext())


MARKER = "nailgun_impl"


def test_is_marked_follows_pluggy() -> None:
    @hookimpl
    def marked() -> None: ...

    class Mocked:
        def __getattr__(self, name: str) -> Any:
            return "anything"  # not options: pluggy ignores it

    assert is_marked(marked, MARKER)
    assert is_marked(classmethod(marked), MARKER)
    assert not is_marked(lambda: None, MARKER)
    assert not is_marked(Mocked(), MARKER)
