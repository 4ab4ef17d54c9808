"""Helpers that several modules share (one owner each)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nailgun_hooks.errors import counted
from nailgun_hooks.extension import BaseExtension, payload
from nailgun_hooks.spec.codestyle import LINE_LENGTH, wrap_call
from nailgun_hooks.startup.records import record_for_object


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(0, "problem") == "0 problems"
    assert counted(1, "problem") == "1 problem"
    assert counted(2, "key") == "2 keys"


names = st.from_regex(r"[a-z_][a-z0-9_]{0,30}: int", fullmatch=True)


@given(st.lists(names, max_size=12), st.sampled_from(["", "    "]))
def test_wrap_call_keeps_every_item_and_the_line_length(
    items: list[str], indent: str
) -> None:
    lines = wrap_call("def __call__", items, " -> None: ...", indent=indent)
    joined = " ".join(line.strip() for line in lines)
    for item in items:
        assert item in joined
    assert all(line.startswith(indent) for line in lines)
    assert all(len(line) <= LINE_LENGTH for line in lines)
    if len(lines) == 1:
        assert lines[0] == f"{indent}def __call__({', '.join(items)}) -> None: ..."
    else:
        assert lines[0] == f"{indent}def __call__("
        assert lines[-1] == f"{indent}) -> None: ..."


def test_wrap_call_puts_one_item_a_line_when_they_do_not_fit_on_one() -> None:
    items = [f"argument_{i}: int" for i in range(8)]
    assert wrap_call("f", items, "") == ["f(", *(f"    {i}," for i in items), ")"]


def test_records_and_extensions_share_the_rest_payload() -> None:
    class Ext(BaseExtension):
        name = "ext"
        version = "1.0"
        description = "d"
        provides = ("a",)

    module_like = type("Plain", (), {})()
    record = record_for_object(Ext())
    assert record.to_dict() == payload("ext", "1.0", "d", ["a"])
    plain = record_for_object(module_like)
    assert plain.to_dict() == payload(
        plain.name, plain.version, plain.description, plain.provides
    )
