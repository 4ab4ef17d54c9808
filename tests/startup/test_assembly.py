"""The checked extensions judged together (:mod:`nailgun_hooks.startup.assembly`):
names and objects taken twice, URL clashes among the sound ones, cycles
named, the sound extensions in call order, and nothing raised."""

from __future__ import annotations

from typing import Any

from nailgun_hooks.startup.assembly import Assembly, assemble
from nailgun_hooks.startup.checks import check_candidates
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import Candidate, description_of
from tests.support.startup import extension_class


def _candidates(*objects: object) -> list[Candidate]:
    return [Candidate(description_of(obj)) for obj in objects]


def _assemble(*objects: object, installed: tuple[str, ...] = ()) -> Assembly:
    candidates = _candidates(*objects)
    names = installed or tuple(c.record.name for c in candidates)
    checked = check_candidates(
        candidates, installed=names, plugin_manager=NailgunPluginManager()
    )
    return assemble(candidates, checked)


def _codes(assembly: Assembly) -> list[tuple[str, str]]:
    return [(p.extension, p.code) for p in assembly.problems]


def test_sound_extensions_come_out_checked_in_call_order() -> None:
    zulu = extension_class("zulu", before=("alpha",))()
    alpha = extension_class("alpha")()
    assembly = _assemble(alpha, zulu)
    assert assembly.problems == ()
    assert [r.name for r in assembly.extensions] == ["zulu", "alpha"]
    record = assembly.extensions[0]
    assert record.hooks == ("on_node_update",)
    assert [i.attribute for i in record.implementations] == ["on_node_update"]
    assert record.validation_seconds is not None


def test_one_name_taken_twice_rejects_both() -> None:
    first, second = extension_class("same")(), extension_class("same")()
    assembly = _assemble(first, second, extension_class("other")())
    assert _codes(assembly) == [("same", "duplicate-name"), ("same", "duplicate-name")]
    assert "the name 'same' is taken by 2 extensions" in assembly.problems[0].message
    assert [r.name for r in assembly.extensions] == ["other"]


def test_one_extension_class_given_twice_is_a_duplicate_object() -> None:
    cls = extension_class("twice")
    assembly = _assemble(cls(), cls())
    assert ("twice", "duplicate-object") in _codes(assembly)
    (duplicate,) = [p for p in assembly.problems if p.code == "duplicate-object"]
    assert duplicate.message == "the extension class 'Ext_twice' is given twice"


def test_url_clashes_are_judged_among_the_sound_extensions_only() -> None:
    class Handler:
        pass

    urls = [{"uri": r"/x/?$", "handler": Handler}]
    broken = extension_class("broken", urls=urls, version=5)()
    sound = extension_class("sound", urls=urls)()
    assert _codes(_assemble(broken, sound)) == [("broken", "bad-metadata-type")]
    clash = extension_class("clash", urls=urls)()
    assert sorted(_codes(_assemble(clash, sound))) == [
        ("clash", "url-conflict"),
        ("sound", "url-conflict"),
    ]


def test_a_cycle_is_named_and_leaves_its_members_out() -> None:
    one = extension_class("one", before=("two",))()
    two = extension_class("two", before=("one",))()
    assembly = _assemble(one, two, extension_class("three")())
    assert _codes(assembly) == [("one", "ordering-cycle"), ("two", "ordering-cycle")]
    assert "one -> two -> one" in assembly.problems[0].message
    assert "two -> one -> two" in assembly.problems[1].message
    assert [r.name for r in assembly.extensions] == ["three"]


def test_constraints_may_name_installed_extensions_that_did_not_load() -> None:
    late = extension_class("late", after=("gone",))()
    assert _assemble(late, installed=("late", "gone")).problems == ()
    (problem,) = _assemble(late, installed=("late",)).problems
    assert problem.extension == "late"


def test_an_eq_claiming_another_sound_extension_is_found_before_registering() -> None:
    class Jealous(extension_class("jealous")):  # type: ignore[misc]
        def __eq__(self, other: object) -> bool:
            return getattr(other, "name", None) == "victim"

        __hash__ = object.__hash__

    assembly = _assemble(Jealous(), extension_class("victim")())
    assert _codes(assembly) == [("jealous", "claims-equality")]
    assert "equals extension 'victim'" in assembly.problems[0].message
    assert [r.name for r in assembly.extensions] == ["victim"]


def test_a_rejected_extension_is_compared_with_no_other() -> None:
    class Jealous(extension_class("jealous", version=5)):  # type: ignore[misc]
        def __eq__(self, other: object) -> bool:
            return getattr(other, "name", None) == "victim"

        __hash__ = object.__hash__

    assembly = _assemble(Jealous(), extension_class("victim")())
    assert _codes(assembly) == [("jealous", "bad-metadata-type")]


def test_one_call_declared_with_two_signatures_rejects_both() -> None:
    def declaring(name: str, signature: str) -> Any:
        class Declaring(extension_class(name)):  # type: ignore[misc]
            provides = ("get_node_extras",)

            @classmethod
            def get_node_extras(cls, node: Any) -> Any: ...

        if signature == "two":

            def get_node_extras(cls: Any, node: Any, disk: str) -> Any: ...

            Declaring.get_node_extras = classmethod(get_node_extras)  # type: ignore[assignment]
        return Declaring()

    same = _assemble(declaring("one", "one"), declaring("also", "one"))
    assert same.problems == ()
    differ = _assemble(declaring("one", "one"), declaring("two", "two"))
    assert sorted(_codes(differ)) == [
        ("one", "conflicting-calls"),
        ("two", "conflicting-calls"),
    ]
    assert "one: get_node_extras(node: 'Any')" in differ.problems[0].message
    assert differ.extensions == ()
