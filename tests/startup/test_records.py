"""Describing an extension object (:mod:`nailgun_hooks.startup.records`)."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import types
from pathlib import Path

import pytest

from nailgun_hooks import (
    BaseExtension,
    ExtensionValidationError,
    build_manager,
    hookimpl,
)
from nailgun_hooks.errors import Problem
from nailgun_hooks.startup.discovery import EntryPointInfo
from nailgun_hooks.startup.records import (
    Candidate,
    describe,
    description_of,
    names_in,
)

SECRET = "s3cr3t"


def _object_with_raising_class() -> object:
    class Hostile:
        name = "hostile"
        version = "1.0.0"
        description = "d"
        password = SECRET

        @property
        def __class__(self) -> type:  # type: ignore[override]
            raise SystemExit("no class")

        @property
        def before(self) -> list[str]:
            raise GeneratorExit("not now")

        @hookimpl
        def on_node_update(self, node: object) -> None: ...

        def __repr__(self) -> str:
            return f"<password={self.password}>"

    return Hostile()


def test_objects_given_directly_go_through_the_guard_too() -> None:
    """build_manager and the pytest plugin read objects as startup does."""
    from nailgun_hooks.testing import InvalidExtensionError, assert_valid_extension

    class Healthy(BaseExtension):
        name = "healthy"
        version = "1.0.0"
        description = "d"

        @hookimpl
        def on_node_update(self, node: object) -> None: ...

    hostile = _object_with_raising_class()
    manager = build_manager([Healthy, hostile], strict=False)
    assert manager.names() == ("healthy",)
    (problem,) = manager.problems
    assert problem.code == "inspection-failed"
    assert problem.extension == "_object_with_raising_class.<locals>.Hostile"
    assert SECRET not in str(problem)
    with pytest.raises(InvalidExtensionError) as raised:
        assert_valid_extension(hostile)
    assert [p.code for p in raised.value.problems] == ["inspection-failed"]


def test_registering_at_run_time_goes_through_the_guard() -> None:
    class Healthy(BaseExtension):
        name = "healthy"
        version = "1.0.0"
        description = "d"

    manager = build_manager([Healthy])
    with pytest.raises(ExtensionValidationError) as raised:
        manager.register(_object_with_raising_class())
    assert [p.code for p in raised.value.problems] == ["inspection-failed"]
    assert manager.names() == ("healthy",)


# --- what an extension object is described as -------------------------------------


def _entry_point(
    name: str = "ep", dist: importlib.metadata.Distribution | None = None
) -> EntryPointInfo:
    return EntryPointInfo(
        name,
        "module:attribute",
        "a-dist",
        "2.5",
        importlib.metadata.EntryPoint(name, "module:attribute", "nailgun.extensions"),
        dist,
    )


def test_an_extension_is_described_by_its_own_attributes() -> None:
    class Ext(BaseExtension):
        name, version, description = "ext", "1.0", "own words"
        before = ("later",)
        after = ("earlier",)
        provides = ("a_call",)

    record = description_of(Ext(), _entry_point())
    assert (record.name, record.version, record.description) == (
        "ext",
        "1.0",
        "own words",
    )
    assert (record.before, record.after, record.provides) == (
        ("later",),
        ("earlier",),
        ("a_call",),
    )
    assert record.distribution == "a-dist"
    assert record.distribution_version == "2.5"
    assert record.entry_point == "ep = module:attribute"


def test_an_extension_whose_name_is_no_string_is_named_by_its_entry_point() -> None:
    class Ext(BaseExtension):
        name = 7  # type: ignore[assignment]
        version, description = "1.0", "d"

    assert description_of(Ext(), _entry_point("from-ep")).name == "from-ep"
    given = description_of(Ext())
    assert given.name.endswith(".<locals>.Ext")
    assert given.distribution is None and given.entry_point is None


def test_a_plain_object_falls_back_to_its_entry_point_and_distribution(
    tmp_path: Path,
) -> None:
    (tmp_path / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: a-dist\nVersion: 2.5\nSummary: from the dist\n"
    )
    dist = importlib.metadata.PathDistribution(tmp_path)
    module = types.ModuleType("plugin_module")
    record = description_of(module, _entry_point("from-ep", dist))
    assert (record.name, record.version, record.description) == (
        "from-ep",
        "2.5",
        "from the dist",
    )
    given = description_of(module)
    assert (given.name, given.version, given.description) == (
        "plugin_module",
        "",
        "",
    )


def test_a_plain_objects_own_metadata_wins_and_odd_values_are_dropped() -> None:
    plugin = types.SimpleNamespace(
        name="own",
        version="3.0",
        description=b"bytes are no text",
        before="ab",  # a string would otherwise read as the names 'a', 'b'
        after=["x", 1],
        provides=("call",),
    )
    record = description_of(plugin, _entry_point())
    assert (record.name, record.version, record.description) == ("own", "3.0", "")
    assert (record.before, record.after, record.provides) == ((), (), ("call",))


@pytest.mark.parametrize(
    ("value", "names"),
    [
        (["a", "b"], ("a", "b")),
        (("a",), ("a",)),
        (frozenset({"a"}), ("a",)),
        ("ab", ()),
        (["a", 1], ()),
        (None, ()),
    ],
)
def test_names_in_reads_only_lists_of_strings(
    value: object, names: tuple[str, ...]
) -> None:
    assert names_in(value) == names


def test_describe_names_a_raising_object_by_its_entry_point_or_its_type() -> None:
    hostile = _object_with_raising_class()
    problem = describe(hostile, _entry_point("from-ep"))
    assert isinstance(problem, Problem) and problem.code == "inspection-failed"
    assert problem.extension == "from-ep"
    assert problem.entry_point == "from-ep = module:attribute"
    given = describe(hostile)
    assert isinstance(given, Problem)
    assert given.extension == "_object_with_raising_class.<locals>.Hostile"
    assert SECRET not in str(given)


def test_a_candidate_is_a_record_and_the_entry_points_name() -> None:
    record = description_of(types.ModuleType("m"))
    assert Candidate(record).entry_point_name is None
    assert Candidate(record, "ep") == Candidate(record, "ep")
    assert Candidate(record, "ep") != Candidate(record, "other")
    with pytest.raises(dataclasses.FrozenInstanceError):
        Candidate(record).record = record  # type: ignore[misc]
