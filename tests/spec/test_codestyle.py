"""nailgun_hooks.spec.codestyle: generated Python wrapped as the formatter
wraps it, within the line length."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nailgun_hooks.spec.codestyle import LINE_LENGTH, wrap_call

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
