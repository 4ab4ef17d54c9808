"""Validated, ordered extensions from candidates
(:mod:`nailgun_hooks.startup.assembly`): every check run inside the guard,
each problem named, the sound extensions in call order, and nothing raised."""

from __future__ import annotations

import types
from typing import Any

from nailgun_hooks import BaseExtension, compat, hookimpl
from nailgun_hooks.startup.assembly import Assembly, _found, assemble
from nailgun_hooks.startup.legacy import provided_names
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import Candidate, description_of


def _extension(name: str, **attributes: Any) -> type[BaseExtension]:
    def on_node_update(self: Any, node: Any) -> None: ...

    namespace: dict[str, Any] = {
        "name": name,
        "version": "1.0",
        "description": f"the {name} extension",
        "on_node_update": hookimpl(on_node_update),
        **attributes,
    }
    return type(f"Ext_{name}", (BaseExtension,), namespace)


def _candidates(*objects: object) -> list[Candidate]:
    return [Candidate(description_of(obj)) for obj in objects]


def _assemble(*objects: object, installed: tuple[str, ...] = ()) -> Assembly:
    candidates = _candidates(*objects)
    names = installed or tuple(c.record.name for c in candidates)
    return assemble(candidates, installed=names, plugin_manager=NailgunPluginManager())


def _codes(assembly: Assembly) -> list[tuple[str, str]]:
    return [(p.extension, p.code) for p in assembly.problems]


def test_sound_extensions_come_out_checked_in_call_order() -> None:
    zulu = _extension("zulu", before=("alpha",))()
    alpha = _extension("alpha")()
    assembly = _assemble(alpha, zulu)
    assert assembly.problems == ()
    assert [r.name for r in assembly.extensions] == ["zulu", "alpha"]
    record = assembly.extensions[0]
    assert record.hooks == ("on_node_update",)
    assert [i.attribute for i in record.implementations] == ["on_node_update"]
    assert record.validation_seconds is not None


def test_an_object_with_no_hooks_that_is_no_extension_is_refused() -> None:
    empty = types.ModuleType("empty")
    empty.version, empty.description = "1.0", "d"  # type: ignore[attr-defined]
    assembly = _assemble(empty, _extension("fine")())
    assert _codes(assembly) == [("empty", "not-an-extension")]
    assert assembly.problems[0].message == (
        "module 'empty' is neither a BaseExtension nor carries any @hookimpl function"
    )
    assert [r.name for r in assembly.extensions] == ["fine"]


def test_one_name_taken_twice_rejects_both() -> None:
    first, second = _extension("same")(), _extension("same")()
    assembly = _assemble(first, second, _extension("other")())
    assert _codes(assembly) == [("same", "duplicate-name"), ("same", "duplicate-name")]
    assert "the name 'same' is taken by 2 extensions" in assembly.problems[0].message
    assert [r.name for r in assembly.extensions] == ["other"]


def test_one_extension_class_given_twice_is_a_duplicate_object() -> None:
    cls = _extension("twice")
    assembly = _assemble(cls(), cls())
    assert ("twice", "duplicate-object") in _codes(assembly)
    (duplicate,) = [p for p in assembly.problems if p.code == "duplicate-object"]
    assert duplicate.message == "the extension class 'Ext_twice' is given twice"


def test_a_hostile_object_becomes_its_own_problem() -> None:
    class Hostile:
        name, version, description = "hostile", "1.0", "d"

        def __dir__(self) -> list[str]:
            raise SystemExit("no dir")

    assembly = _assemble(Hostile(), _extension("fine")())
    assert _codes(assembly) == [("hostile", "inspection-failed")]
    assert [r.name for r in assembly.extensions] == ["fine"]


def test_url_clashes_are_judged_among_the_sound_extensions_only() -> None:
    class Handler:
        pass

    urls = [{"uri": r"/x/?$", "handler": Handler}]
    broken = _extension("broken", urls=urls, version=5)()
    sound = _extension("sound", urls=urls)()
    assert _codes(_assemble(broken, sound)) == [("broken", "bad-metadata-type")]
    clash = _extension("clash", urls=urls)()
    assert sorted(_codes(_assemble(clash, sound))) == [
        ("clash", "url-conflict"),
        ("sound", "url-conflict"),
    ]


def test_a_cycle_is_named_and_leaves_its_members_out() -> None:
    one = _extension("one", before=("two",))()
    two = _extension("two", before=("one",))()
    assembly = _assemble(one, two, _extension("three")())
    assert _codes(assembly) == [("one", "ordering-cycle"), ("two", "ordering-cycle")]
    assert "one -> two -> one" in assembly.problems[0].message
    assert "two -> one -> two" in assembly.problems[1].message
    assert [r.name for r in assembly.extensions] == ["three"]


def test_constraints_may_name_installed_extensions_that_did_not_load() -> None:
    late = _extension("late", after=("gone",))()
    assert _assemble(late, installed=("late", "gone")).problems == ()
    (problem,) = _assemble(late, installed=("late",)).problems
    assert problem.extension == "late"


def test_the_record_carries_provided_names_as_the_old_style_rules_read_them() -> None:
    class Typed(compat.BaseExtension):
        name, version, description = "typed", "1.0", "provides a string"
        provides = "get_node_volumes"

        @classmethod
        def get_node_volumes(cls, node: Any) -> Any: ...

    obj = Typed()
    record = _found(description_of(obj), NailgunPluginManager(), dir(obj))
    assert record.provided == provided_names(obj) == ("get_node_volumes",)
    assert record.provides == ()  # the metadata's reading refuses a string
    assert record.style == "old-style"
    assert record.hooks == ("get_node_volumes",)
