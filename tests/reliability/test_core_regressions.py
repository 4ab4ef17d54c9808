"""Regression tests for core bugs the reliability catalogue found.

Each test pins one fix in ``nailgun_hooks``; the catalogue
(``test_catalogue.py``) covers the same ground case by case, these say why.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    build_manager,
    hookimpl,
    load_extensions,
)
from tests.support.dists import DistFactory


def test_missing_module_is_not_blamed_on_importlib(dists: DistFactory) -> None:
    """``importlib.import_module`` was reported as the location of a missing
    module: an operator was sent to read the standard library."""
    dists.install("gone-dist", entry_points={"gone": "nailgun_gone_module_xyz:E"})
    (problem,) = load_extensions(namespace=dists.namespace, strict=False).problems
    assert problem.code == "import-failed"
    assert "No module named 'nailgun_gone_module_xyz'" in problem.message
    assert problem.location is None


def test_malformed_entry_point_value_is_named(dists: DistFactory) -> None:
    """A dash in the module name made ``EntryPoint.load`` fail with
    "'NoneType' object has no attribute 'group'"."""
    dists.install("dashed-dist", entry_points={"dashed": "dashed-ext:Extension"})
    (problem,) = load_extensions(namespace=dists.namespace, strict=False).problems
    assert problem.code == "bad-entry-point"
    assert problem.message == (
        "the entry point's value 'dashed-ext:Extension' is not "
        "'module' or 'module:attribute'"
    )
    assert problem.entry_point == "dashed = dashed-ext:Extension"
    assert problem.traceback is None


def test_entry_point_name_that_cannot_be_deny_listed_is_never_imported(
    dists: DistFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``audit,backup`` splits into two names in NAILGUN_EXTENSIONS_DISABLED,
    so an operator could not exclude it, yet it was imported (its code ran)
    before being rejected as a bad name."""
    marker = tmp_path / "imported"
    module = dists.unique("commas")
    dists.install(
        "commas-dist",
        entry_points={"audit,backup": f"{module}:E"},
        modules={module: f"open({str(marker)!r}, 'w').close()\nE = object()\n"},
    )
    monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", "audit,backup")
    problems = load_extensions(namespace=dists.namespace, strict=False).problems
    # the deny-list names two extensions that are not installed: problems too
    assert sorted((p.code, p.extension) for p in problems) == [
        ("bad-name", "audit,backup"),
        ("not-installed", "audit"),
        ("not-installed", "backup"),
    ]
    (problem,) = (p for p in problems if p.code == "bad-name")
    assert problem.message == (
        "the entry point name 'audit,backup' is not a valid extension name, "
        "so it is not imported"
    )
    assert not marker.exists()


def test_missing_attribute_is_not_blamed_on_the_module(dists: DistFactory) -> None:
    """The module imported fine, but the hint said "importing the extension's
    module raised; fix the module"; an AttributeError raised by the module's
    own code still gets that hint."""
    lookup, body = dists.unique("lookup"), dists.unique("body")
    dists.install(
        "attrs-dist",
        entry_points={"lookup": f"{lookup}:Extension", "body": f"{body}:E"},
        modules={lookup: "class Extention:\n    pass\n", body: "E = None.real\n"},
    )
    manager = load_extensions(namespace=dists.namespace, strict=False)
    found = {problem.extension: problem for problem in manager.problems}
    assert found["lookup"].hint == (
        "the module imports, but has no attribute of the name given in "
        f"'lookup = {lookup}:Extension'; correct the entry point or the module"
    )
    assert found["lookup"].location is None
    assert (
        found["body"].hint == "importing the extension's module raised; fix the module"
    )
    assert found["body"].location is not None
    assert found["body"].location.endswith(f"{body}.py:1")


def test_constructor_needing_arguments_is_reported_before_calling_it(
    dists: DistFactory,
) -> None:
    """The message was Python's TypeError, worded differently per version
    ("__init__() missing 1 required positional argument" on 3.10,
    "Extension.__init__() missing ..." later), and the constructor was
    called at all."""
    module = dists.unique("needs")
    dists.install(
        "needs-dist",
        entry_points={"needs": f"{module}:Extension"},
        modules={
            module: (
                "from nailgun_hooks import BaseExtension\n"
                "CALLED = []\n"
                "class Extension(BaseExtension):\n"
                "    name = 'needs'; version = '1.0'; description = 'd'\n"
                "    def __init__(self, config, *extra, retries=3, mode, **kw):\n"
                "        CALLED.append(config)\n"
            )
        },
    )
    (problem,) = load_extensions(namespace=dists.namespace, strict=False).problems
    assert problem.code == "constructor-failed"
    assert problem.message == (
        "Extension() needs argument(s) 'config', 'mode', but an extension class "
        "is instantiated with none"
    )
    assert problem.location is not None
    assert problem.location.endswith(f"{module}.py:5")
    assert sys.modules[module].CALLED == []


HOSTILE_REPR = """
class Settings(dict):
    def __repr__(self):
        raise RuntimeError("repr refused")
SETTINGS = Settings(password="s3cr3t")
"""


def test_non_extension_object_is_named_by_type_not_repr(dists: DistFactory) -> None:
    """The message embedded ``repr(obj)``: a raising ``__repr__`` crashed
    lenient loading (every healthy extension went down with it), and a plain
    settings dict printed its values, credentials included, into the log."""
    module = dists.unique("settings")
    dists.install(
        "settings-dist",
        entry_points={"settings": f"{module}:SETTINGS"},
        modules={module: HOSTILE_REPR},
    )
    dists.extension("healthy", "@hookimpl\ndef on_node_update(self, node):\n    pass\n")
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("healthy",)
    (problem,) = manager.problems
    assert problem.code == "not-an-extension"
    assert problem.message == (
        "a Settings object is neither a BaseExtension nor carries any @hookimpl "
        "function"
    )
    assert "s3cr3t" not in str(problem)


class Hostile:
    name = "hostile"
    version = "1.0"
    description = "repr refuses"

    def __repr__(self) -> str:
        raise RuntimeError("repr refused")

    @hookimpl
    def on_node_update(self, node: object) -> None:
        pass


def test_duplicate_objects_without_entry_points_are_named_by_type() -> None:
    with pytest.raises(ExtensionValidationError) as raised:
        build_manager([Hostile(), Hostile()])
    assert {p.code for p in raised.value.problems} == {"duplicate-name"}
    assert "<no distribution> (a Hostile object)" in str(raised.value)


HOSTILE_OBJECTS = {
    "getattr": (
        "class Hostile:\n"
        "    def __getattr__(self, name):\n"
        "        raise RuntimeError('no attributes here')\n"
        "Extension = Hostile()\n"
    ),
    "dir": (
        "class Hostile:\n"
        "    def __dir__(self):\n"
        "        raise RuntimeError('no listing here')\n"
        "Extension = Hostile()\n"
    ),
    "property": (
        "from nailgun_hooks import BaseExtension, hookimpl\n"
        "class Extension(BaseExtension):\n"
        "    name = 'property'; version = '1.0'; description = 'd'\n"
        "    @property\n"
        "    def before(self):\n"
        "        raise RuntimeError('computed lazily, badly')\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_OBJECTS))
def test_an_object_that_raises_when_read_is_a_problem_not_a_crash(
    dists: DistFactory, kind: str
) -> None:
    """Reading a hostile object's attributes (``__getattr__``, ``__dir__``, a
    property) raised out of ``load_extensions`` even in lenient mode, taking
    the healthy extensions down with it."""
    module = dists.unique(kind)
    dists.install(
        f"{kind}-dist",
        entry_points={kind: f"{module}:Extension"},
        modules={module: HOSTILE_OBJECTS[kind]},
    )
    dists.extension("healthy", "@hookimpl\ndef on_node_update(self, node):\n    pass\n")
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("healthy",)
    (problem,) = manager.problems
    assert problem.code == "inspection-failed"
    assert problem.extension == kind
    assert problem.distribution == f"{kind}-dist"
    assert problem.message.startswith(
        "reading the extension object raised RuntimeError"
    )
    assert problem.location is not None
    assert f"{module}.py:" in problem.location
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    assert [p.code for p in raised.value.problems] == ["inspection-failed"]


def test_tryfirst_and_trylast_together_are_reported() -> None:
    """pluggy accepts both marks and silently applies trylast."""

    class Both(BaseExtension):
        name = "both"
        version = "1.0"
        description = "asks to run first and last"

        @hookimpl(tryfirst=True, trylast=True)
        def on_node_update(self, node: object) -> None:
            pass

    with pytest.raises(ExtensionValidationError) as raised:
        build_manager([Both])
    (problem,) = raised.value.problems
    assert (problem.code, problem.hook) == ("conflicting-order-marks", "on_node_update")


def test_keyword_only_message_is_true_with_and_without_a_default() -> None:
    """The message said a keyword-only parameter "fails at call time"; with a
    default it never fails, it silently keeps the default (pluggy passes
    only parameters before '*')."""

    class KeywordOnly(BaseExtension):
        name = "kwonly"
        version = "1.0"
        description = "keyword-only parameters"

        @hookimpl
        def on_node_update(self, *, node: object = None) -> None:
            pass

        @hookimpl
        def on_node_create(self, *, node: object) -> None:
            pass

    manager = build_manager([KeywordOnly], strict=False)
    messages = {p.hook: p.message for p in manager.problems}
    expected = (
        "keyword-only parameter 'node' is never passed (only parameters before "
        "'*' receive arguments): without a default the call fails, with one it "
        "silently keeps the default"
    )
    assert messages == {"on_node_update": expected, "on_node_create": expected}


def test_syntax_error_hint_is_about_syntax(dists: DistFactory) -> None:
    """A SyntaxError got the ImportError hint ("check that the module and
    attribute exist and that the dependencies are installed")."""
    module = dists.unique("syntax")
    dists.install(
        "syntax-dist",
        entry_points={"syntax": f"{module}:E"},
        modules={module: "match = 1\nif match\n    pass\n"},
    )
    (problem,) = load_extensions(namespace=dists.namespace, strict=False).problems
    assert problem.message == (
        f"cannot be loaded: SyntaxError: expected ':' ({module}.py, line 2)"
    )
    assert problem.hint == (
        "fix the syntax error; if the code is valid, the distribution needs a "
        "newer Python than this one"
    )
    assert problem.location is not None
    assert problem.location.endswith(f"{module}.py:2")


def test_positional_only_parameter_with_a_default_is_reported() -> None:
    """pluggy passes a parameter with a default by keyword; a positional-only
    one refuses that, so every call raised TypeError, yet validation passed.
    Found by the validation oracle in test_properties.py."""

    class PositionalOnly(BaseExtension):
        name = "posonly"
        version = "1.0"
        description = "a positional-only parameter with a default"

        @hookimpl
        def on_node_update(self, node: object = None, /) -> None:
            pass

    with pytest.raises(ExtensionValidationError) as raised:
        build_manager([PositionalOnly])
    (problem,) = raised.value.problems
    assert problem.code == "positional-only-default"
    assert problem.message == (
        "positional-only parameter 'node' has a default: pluggy passes "
        "parameters with defaults by keyword, which fails"
    )


def _marked(name: str, calls: list[str], **marks: bool) -> type[BaseExtension]:
    if marks.get("wrapper"):

        def on_node_update(self: BaseExtension, node: object) -> Iterator[None]:
            calls.append(name)
            return (yield)

    else:

        def on_node_update(self: BaseExtension, node: object) -> None:  # type: ignore[misc]
            calls.append(name)

    return type(
        f"Marked_{name}",
        (BaseExtension,),
        {
            "name": name,
            "version": "1.0",
            "description": "records its calls",
            "on_node_update": hookimpl(**marks)(on_node_update),
        },
    )


@pytest.mark.parametrize("wrappers", [False, True])
def test_trylast_implementations_run_in_extension_order(wrappers: bool) -> None:
    """pluggy calls the last-registered trylast implementation last (not
    first, as in the other tiers), so registering in reverse gave trylast
    implementations the reverse of the documented order. Found by the
    ordering property test in test_properties.py."""
    calls: list[str] = []
    marks: dict[str, dict[str, bool]] = {
        "alpha": {"trylast": True},
        "bravo": {"trylast": True},
        "charlie": {},
        "delta": {"tryfirst": True},
    }
    if wrappers:
        marks["echo"] = {"wrapper": True, "trylast": True}
        marks["foxtrot"] = {"wrapper": True, "trylast": True}
    manager = build_manager([_marked(name, calls, **marks[name]) for name in marks])
    expected = ["delta", "charlie", "alpha", "bravo"]
    if wrappers:
        expected = ["echo", "foxtrot", *expected]
    assert manager.hook.on_node_update.extension_names == tuple(expected)
    manager.hook.on_node_update(node=object())
    assert calls == expected
    calls.clear()
    manager.plugin_manager.hook.on_node_update(node=object())  # raw pluggy agrees
    assert calls == expected


def test_every_extension_in_a_cycle_is_reported_with_a_cycle_through_it() -> None:
    """With a <-> b and a <-> c only the first cycle found (a -> b -> a) was
    reported; c, just as stuck, was loaded or not depending on how the names
    sorted. Found by the ordering property test in test_properties.py."""
    calls: list[str] = []
    a = _marked("a", calls)
    b = _marked("b", calls)
    c = _marked("c", calls)
    d = _marked("d", calls)
    a.after, b.after, c.after = ["b", "c"], ["a"], ["a"]  # type: ignore[attr-defined]
    manager = build_manager([a, b, c, d], strict=False)
    assert manager.names() == ("d",)
    messages = {p.extension: p.message for p in manager.problems}
    assert messages == {
        name: f"before/after constraints form a cycle: {path} (each runs before "
        "the next)"
        for name, path in (
            ("a", "a -> b -> a"),
            ("b", "b -> a -> b"),
            ("c", "c -> a -> c"),
        )
    }


def test_module_extension_without_description_is_told_about_the_summary(
    dists: DistFactory,
) -> None:
    """A module extension takes its description from its distribution's
    summary; the hint only said "set description = ...", which a module
    author may not connect with the package metadata."""
    module = dists.unique("nosummary")
    dists.install(
        "nosummary-dist",
        entry_points={"nosummary": module},
        modules={
            module: "from nailgun_hooks import hookimpl\n@hookimpl\n"
            "def on_node_update(node):\n    pass\n"
        },
        summary="",
    )
    (problem,) = load_extensions(namespace=dists.namespace, strict=False).problems
    assert problem.code == "missing-description"
    assert problem.hint == (
        "set description = '<one line saying what it does>' in the module, or "
        "give the distribution a summary (description in pyproject.toml's "
        "[project] table)"
    )


def test_one_class_under_two_entry_points_is_not_two_extensions(
    dists: DistFactory,
) -> None:
    """Two entry points naming one class were also reported as a name
    "taken by 2 extensions" (twice), although there is one extension; the
    precise problem is the duplicate entry point."""
    module = dists.unique("sameclass")
    dists.install(
        "sameclass-dist",
        entry_points={
            "sameclass": f"{module}:Extension",
            "sameclass-again": f"{module}:Extension",
        },
        modules={
            module: "from nailgun_hooks import BaseExtension, hookimpl\n"
            "class Extension(BaseExtension):\n"
            "    name = 'sameclass'; version = '1.0'; description = 'd'\n"
            "    @hookimpl\n"
            "    def on_node_update(self, node):\n"
            "        pass\n"
        },
    )
    problems = load_extensions(namespace=dists.namespace, strict=False).problems
    assert sorted(p.code for p in problems) == [
        "duplicate-object",
        "entry-point-name-mismatch",
    ]
    assert {p.entry_point for p in problems} == {
        f"sameclass-again = {module}:Extension"
    }


def test_registering_a_loaded_class_again_is_a_taken_name() -> None:
    """Registering an already loaded class at run time is first of all a
    taken name; the duplicate-object problem said "entry points None and
    None load the same extension code"."""
    calls: list[str] = []
    twice = _marked("twice", calls)
    manager = build_manager([twice])
    with pytest.raises(ExtensionValidationError) as raised:
        manager.register(twice)
    found = {p.code: p.message for p in raised.value.problems}
    assert set(found) == {"duplicate-name", "duplicate-object"}
    assert found["duplicate-object"] == (
        "the extension class 'Marked_twice' is given twice"
    )
    assert manager.names() == ("twice",)
