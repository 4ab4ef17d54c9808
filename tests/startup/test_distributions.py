"""Reading one installed distribution's metadata and its section of
``entry_points.txt`` (:mod:`nailgun_hooks.startup.distributions`), so that
no broken file elsewhere can stop the reading."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from nailgun_hooks.startup.distributions import (
    DeclaringDistribution,
    metadata_file,
    name_and_version,
    read_text,
    section,
    summary,
)

GROUP = "nailgun.extensions"


def _dist(folder: Path, **files: bytes) -> importlib.metadata.Distribution:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name.replace("_", "-")).write_bytes(content)
    return importlib.metadata.PathDistribution(folder)


def test_section_reads_only_our_group_and_names_each_bad_line() -> None:
    text = (
        "[console_scripts]\n"
        "no equals sign here\n"
        "# a comment\n"
        f"[{GROUP}]\n"
        "audit = audit.ext:Audit\n"
        "\n"
        "broken line\n"
        "odd = \ufffd\n"
        "[other]\n"
        "x = y:z\n"
    )
    found, bad = section(text, GROUP)
    assert [(ep.name, ep.value, ep.group) for ep in found] == [
        ("audit", "audit.ext:Audit", GROUP)
    ]
    assert bad == [
        "line 7 has no '=' (write 'name = module:attribute')",
        "line 8 is not UTF-8",
    ]


def test_a_header_missing_its_bracket_ends_our_section() -> None:
    found, bad = section(f"[{GROUP}\naudit = a:b\n", GROUP)
    assert found == []
    assert bad == ["line 1 is a section header without its ']'"]


def test_name_and_version_read_as_importlib_metadata_reads_them() -> None:
    text = "Metadata-Version: 2.1\nName: audit\nVersion: 1.2\n"
    assert name_and_version(text) == ("audit", "1.2")
    assert name_and_version("Summary: nothing else\n") == ("", "")


def test_metadata_is_read_from_metadata_then_pkg_info(tmp_path: Path) -> None:
    wheel = _dist(tmp_path / "a", METADATA=b"Name: a\nSummary: the a\n")
    assert metadata_file(wheel) == ("METADATA", "Name: a\nSummary: the a\n", "")
    assert summary(wheel) == "the a"
    egg = _dist(tmp_path / "b", PKG_INFO=b"Name: b\n")
    assert metadata_file(egg) == ("PKG-INFO", "Name: b\n", "")
    assert summary(egg) == ""
    bare = _dist(tmp_path / "c")
    assert metadata_file(bare) == (None, "", "it has no METADATA")
    assert summary(bare) == ""


def test_a_file_that_is_not_utf8_is_read_with_its_bad_bytes_replaced(
    tmp_path: Path,
) -> None:
    dist = _dist(tmp_path / "d", METADATA=b"Name: d\nSummary: caf\xe9\n")
    text, defect = read_text(dist, "METADATA")
    assert text == "Name: d\nSummary: caf\ufffd\n"
    assert defect == "its METADATA is not UTF-8 (line 2)"
    assert read_text(dist, "absent.txt") == (None, "")


def test_a_distribution_without_a_name_is_labelled_by_where_it_lies(
    tmp_path: Path,
) -> None:
    dist = _dist(tmp_path / "e")
    named = DeclaringDistribution(dist, "audit", "1.0", ())
    assert named.label == "audit"
    unnamed = DeclaringDistribution(dist, "", "", ())
    assert unnamed.label == f"<distribution without a name in {tmp_path}>"
