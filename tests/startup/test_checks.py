"""Every check of one extension (:mod:`nailgun_hooks.startup.checks`): what
it implements found once and carried by its record, each check run inside
the guard, each problem named, and nothing raised."""

from __future__ import annotations

import functools
import types
from typing import Any

from nailgun_hooks import BaseExtension, compat, hookimpl
from nailgun_hooks.errors import Problem
from nailgun_hooks.startup.checks import Checked, check_candidates, recognised
from nailgun_hooks.startup.legacy import provided_names
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import Candidate, description_of
from nailgun_hooks.types import Node
from tests.support.startup import extension_class


def _check(*objects: object) -> Checked:
    candidates = [Candidate(description_of(obj)) for obj in objects]
    names = {c.record.name for c in candidates}
    return check_candidates(
        candidates, installed=names, plugin_manager=NailgunPluginManager()
    )


def _codes(problems: tuple[Problem, ...]) -> list[tuple[str, str]]:
    return [(p.extension, p.code) for p in problems]


def test_a_sound_extension_comes_out_with_what_it_implements() -> None:
    checked = _check(extension_class("alpha")())
    assert checked.problems == ()
    (record,) = checked.records
    assert record.hooks == ("on_node_update",)
    assert [i.attribute for i in record.implementations] == ["on_node_update"]
    assert record.validation_seconds is not None


def test_every_candidate_read_is_kept_in_order_problems_or_not() -> None:
    broken = extension_class("broken", version=5)()
    checked = _check(extension_class("zulu")(), broken, extension_class("alpha")())
    assert [r.name for r in checked.records] == ["zulu", "broken", "alpha"]
    assert _codes(checked.problems) == [("broken", "bad-metadata-type")]


def test_an_object_with_no_hooks_that_is_no_extension_is_refused() -> None:
    empty = types.ModuleType("empty")
    empty.version, empty.description = "1.0", "d"  # type: ignore[attr-defined]
    checked = _check(empty, extension_class("fine")())
    assert _codes(checked.problems) == [("empty", "not-an-extension")]
    assert checked.problems[0].message == (
        "module 'empty' is neither a BaseExtension nor carries any @hookimpl function"
    )


def test_a_hostile_object_becomes_its_own_problem() -> None:
    class Hostile:
        name, version, description = "hostile", "1.0", "d"

        def __dir__(self) -> list[str]:
            raise SystemExit("no dir")

    checked = _check(Hostile(), extension_class("fine")())
    assert _codes(checked.problems) == [("hostile", "inspection-failed")]
    assert [r.name for r in checked.records] == ["fine"]


def test_the_record_carries_provided_names_as_the_old_style_rules_read_them() -> None:
    class Typed(compat.BaseExtension):
        name, version, description = "typed", "1.0", "provides a string"
        provides = "get_node_volumes"

        @classmethod
        def get_node_volumes(cls, node: Any) -> Any: ...

    obj = Typed()
    record = recognised(description_of(obj), NailgunPluginManager(), dir(obj))
    assert record.provided == provided_names(obj) == ("get_node_volumes",)
    assert record.provides == ()  # the metadata's reading refuses a string
    assert record.style == "old-style"
    assert record.hooks == ("get_node_volumes",)


def _update(self: Any, node: Any) -> None: ...


def test_the_record_carries_what_it_marks_that_pluggy_would_skip() -> None:
    partial = hookimpl(functools.partial(_update))
    obj = extension_class("skipped", on_node_create=partial)()
    record = recognised(description_of(obj), NailgunPluginManager(), dir(obj))
    assert record.unhookable == (("on_node_create", partial),)
    assert [i.attribute for i in record.implementations] == ["on_node_update"]
    (problem,) = _check(obj).problems
    assert (problem.code, problem.hook) == (
        "unhookable-implementation",
        "on_node_create",
    )


def test_problems_of_one_extension_come_in_the_order_of_its_checks() -> None:
    @hookimpl
    def on_node_update(self: Any, cluster: Any) -> None: ...

    obj = extension_class(
        "many", version=5, on_node_update=on_node_update, after=("nowhere",)
    )()
    assert [p.code for p in _check(obj).problems] == [
        "bad-metadata-type",
        "unknown-ordering-reference",
        "unknown-argument",
    ]


def test_the_checks_list_an_extension_once_and_all_read_that_listing() -> None:
    """pluggy's ``register`` lists the object with ``dir()``; the checks list
    it once too, and every check reads that listing: a ``__dir__`` that
    would raise when asked again is not asked again."""

    class ListedOnce(BaseExtension):
        name, version, description = "once", "1.0", "d"
        listings = 0

        @hookimpl
        def on_node_update(self, node: Node) -> None: ...

        def __dir__(self) -> list[str]:
            type(self).listings += 1
            if type(self).listings > 1:
                raise RuntimeError("listed again")
            return list(super().__dir__())

    checked = _check(ListedOnce())
    assert checked.problems == ()
    assert [r.name for r in checked.records] == ["once"]


def test_the_record_carries_a_notice_per_deprecated_hook_it_implements(
    deprecated_event: None,
) -> None:
    def touch(self: Any, node: Node) -> None: ...

    obj = extension_class("toucher", on_node_touch=hookimpl(touch))()
    checked = _check(obj)
    assert checked.problems == ()
    (record,) = checked.records
    assert [(n.code, n.hook, n.extension) for n in record.warnings] == [
        ("deprecated-hook", "on_node_touch", "toucher")
    ]
    assert _check(extension_class("plain")()).records[0].warnings == ()
