"""What an extension says about itself: name, version, description and the
lists Nailgun reads (:mod:`nailgun_hooks.startup.metadata_checks`)."""

from __future__ import annotations

import pytest

from nailgun_hooks import BaseExtension, Problem, load_extensions
from nailgun_hooks.startup.metadata_checks import (
    VERSION_PATTERN,
    check_metadata,
    check_metadata_types,
    check_references,
)
from nailgun_hooks.startup.records import ExtensionRecord, description_of
from tests.support.dists import DistFactory

HEALTHY = """
@hookimpl
def on_node_update(self, node: Node) -> None:
    pass
"""


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"name": ""}, "empty-name"),
        ({"name": "has space"}, "bad-name"),
    ],
)
def test_bad_names(dists: DistFactory, extra: dict[str, object], code: str) -> None:
    dists.extension("named", HEALTHY, extra=extra)
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert code in [p.code for p in manager.problems]
    assert manager.names() == ()


def test_entry_point_name_must_match_extension_name(dists: DistFactory) -> None:
    module = dists.extension("real", HEALTHY)
    dists.install("alias-dist", entry_points={"alias": f"{module}:Extension"})
    manager = load_extensions(
        namespace=dists.namespace, strict=False, enabled=["alias"]
    )
    (problem,) = manager.problems
    assert problem.code == "entry-point-name-mismatch"
    assert "rename the entry point to 'real'" in problem.hint


def _record(**attributes: object) -> ExtensionRecord:
    cls = type(
        "Described",
        (BaseExtension,),
        {"name": "described", "version": "1.0", "description": "d", **attributes},
    )
    return description_of(cls())


def _found(problems: list[Problem]) -> list[tuple[str, str, str]]:
    return [(p.code, p.message, p.hint) for p in problems]


@pytest.mark.parametrize(
    "version", ["1.0", "1.0.0-rc.1", "v2", "1!2.0.post1.dev3+local.7", "2.0b1"]
)
def test_versions_as_packaging_reads_them(version: str) -> None:
    assert VERSION_PATTERN.fullmatch(version)


@pytest.mark.parametrize("version", ["", "one point oh", "1.0 beta", "1..0"])
def test_not_a_version(version: str) -> None:
    assert not VERSION_PATTERN.fullmatch(version)


def test_a_mistyped_field_is_reported_once_by_type() -> None:
    record = _record(version=1.0, description=None)
    assert _found(check_metadata(record, None)) == [
        (
            "bad-metadata-type",
            "version is a float object, not a string",
            "set version = '...' (a plain string)",
        ),
        (
            "bad-metadata-type",
            "description is None, not a string",
            "set description = '...' (a plain string)",
        ),
    ]


def test_lists_of_the_wrong_shape() -> None:
    record = _record(provides="get_node_volumes", before={"a": 1}, after=["a", 2])
    assert _found(check_metadata_types(record)) == [
        (
            "bad-metadata-type",
            "provides is a string, not a list of first-result event names",
            "write provides = ['get_node_volumes']",
        ),
        (
            "bad-metadata-type",
            "before is a dict object, not a list of extension names",
            "write before = ['other-extension']",
        ),
        (
            "bad-metadata-type",
            "after holds an int object, not only extension names",
            "write after = ['other-extension'] (strings only)",
        ),
    ]


def test_an_ordering_field_given_as_a_string() -> None:
    record = _record(before="other")
    assert _found(check_metadata_types(record)) == [
        (
            "bad-ordering-field",
            "before is a string, not a list of extension names",
            "write before = ['other']",
        )
    ]


def test_references_name_installed_extensions_other_than_itself() -> None:
    record = _record(before=["described", "othr"], after=["gone"])
    assert _found(check_references(record, {"other", "described"})) == [
        (
            "ordering-self-reference",
            "before names the extension itself",
            "remove 'described' from before",
        ),
        (
            "unknown-ordering-reference",
            "before names 'othr', which is not installed",
            "did you mean 'other'?",
        ),
        (
            "unknown-ordering-reference",
            "after names 'gone', which is not installed",
            "remove 'gone' from after, or install it",
        ),
    ]


def test_a_clean_extension_has_no_metadata_problem() -> None:
    record = _record()
    assert check_metadata(record, "described") == []
    assert check_references(record, {"described"}) == []
