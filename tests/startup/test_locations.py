"""The line of a class's definition, read once per file and text."""

from __future__ import annotations

import importlib.util
import inspect
import itertools
import linecache
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks.startup import locations
from nailgun_hooks.startup.locations import class_line, definition_location

_counter = itertools.count()


def _load(path: Path) -> types.ModuleType:
    """Import ``path`` as a new module (a unique name each time)."""
    name = f"_locations_case_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _classes(module: types.ModuleType) -> Iterator[type]:
    """Every class the module recorded in ``FOUND`` as it was executed."""
    yield from module.FOUND


# A statement tree: ("class", name, decorated, children), ("def", name,
# children), ("if", children); the module records each class it creates.
names = st.sampled_from(["A", "B", "C"])
trees = st.recursive(
    st.tuples(st.just("class"), names, st.booleans(), st.just(())),
    lambda inner: st.one_of(
        st.tuples(st.just("class"), names, st.booleans(), st.lists(inner, max_size=3)),
        st.tuples(st.just("def"), names, st.lists(inner, max_size=3)),
        st.tuples(st.just("if"), st.lists(inner, max_size=3)),
    ),
    max_leaves=8,
)


def _render(node: tuple, depth: int, out: list[str]) -> None:
    pad = "    " * depth
    kind = node[0]
    if kind == "class":
        _, name, decorated, children = node
        if decorated:
            out.append(f"{pad}@record")
        out.append(f"{pad}class {name}:")
        out.append(f"{pad}    pass")
        for child in children:
            _render(child, depth + 1, out)
        if not decorated:
            out.append(f"{pad}FOUND.append({name})")
    elif kind == "def":
        _, name, children = node
        out.append(f"{pad}def {name}():")
        out.append(f"{pad}    pass")
        for child in children:
            _render(child, depth + 1, out)
        out.append(f"{pad}{name}()")
    else:
        out.append(f"{pad}if True:")
        out.append(f"{pad}    pass")
        for child in node[1]:
            _render(child, depth + 1, out)


HEADER = "FOUND = []\ndef record(cls):\n    FOUND.append(cls)\n    return cls\n"


@settings(max_examples=60, deadline=None)
@given(st.lists(trees, min_size=1, max_size=4))
def test_class_line_is_inspects(tmp_path_factory: pytest.TempPathFactory, body):
    """Whatever the nesting (classes in functions, in ``if`` blocks, in
    classes; decorated or not; names defined twice), the line is the one
    ``inspect.getsourcelines`` gives."""
    out: list[str] = [HEADER]
    for node in body:
        _render(node, 0, out)
    path = tmp_path_factory.mktemp("src") / "case.py"
    path.write_text("\n".join(out) + "\n")
    module = _load(path)
    for cls in _classes(module):
        assert class_line(cls, str(path)) == inspect.getsourcelines(cls)[1]


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    """The map is kept with the text it was read from: an edit is seen."""
    path = tmp_path / "edited.py"
    path.write_text("class Shown:\n    pass\n")
    first = _load(path).Shown
    assert class_line(first, str(path)) == 1
    path.write_text("# moved\n\n\nclass Shown:\n    pass\n")
    second = _load(path).Shown
    assert class_line(second, str(path)) == 4


def test_a_file_is_parsed_once_per_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "once.py"
    path.write_text("class One:\n    pass\n\n\nclass Two:\n    pass\n")
    module = _load(path)
    parsed: list[str] = []
    real_parse = locations.ast.parse

    def counting_parse(text: str) -> object:
        parsed.append(text)
        return real_parse(text)

    monkeypatch.setattr(locations.ast, "parse", counting_parse)
    for _ in range(3):
        assert class_line(module.One, str(path)) == 1
        assert class_line(module.Two, str(path)) == 5
    assert len(parsed) <= 1


def test_a_class_made_by_type_has_no_line(tmp_path: Path) -> None:
    path = tmp_path / "dynamic.py"
    path.write_text("Made = type('Made', (), {})\n")
    module = _load(path)
    assert class_line(module.Made, str(path)) is None
    assert definition_location(module.Made) is None


def test_recorded_first_line_wins(tmp_path: Path) -> None:
    """Python 3.13 records the line on the class; it is read, not searched."""
    path = tmp_path / "recorded.py"
    path.write_text("class Here:\n    pass\n")
    cls = type("Here", (), {"__firstlineno__": 7})
    assert class_line(cls, str(path)) == 7


def test_definition_location_of_an_instance_and_a_module(tmp_path: Path) -> None:
    path = tmp_path / "placed.py"
    path.write_text("import os\n\n\nclass Placed:\n    pass\n")
    module = _load(path)
    assert definition_location(module.Placed()) == f"{path}:4"
    assert definition_location(module) == f"{path}:1"
    assert definition_location(42) is None


def test_a_file_that_vanished_is_no_location(tmp_path: Path) -> None:
    """Where the line must be searched for (no ``__firstlineno__``, as
    before Python 3.13), a source file that is gone tells nothing."""
    path = tmp_path / "gone.py"
    path.write_text("class Gone:\n    pass\n")
    cls = _load(path).Gone
    if "__firstlineno__" in vars(cls):
        del cls.__firstlineno__
    path.unlink()
    linecache.checkcache(str(path))
    assert definition_location(cls) is None
