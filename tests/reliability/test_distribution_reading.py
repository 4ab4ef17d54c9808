"""The reading of one distribution's files, function by function.

``test_broken_distributions`` installs broken distributions and watches
startup survive them; here each reader is held to exactly what it returns,
so that a reading that is wrong but harmless to startup is still caught.
"""

from __future__ import annotations

import dataclasses
import errno
import importlib.metadata
import os
from pathlib import Path

import pytest

from nailgun_hooks.startup.distributions import (
    DeclaringDistribution,
    _unique,
    metadata_text,
    name_and_version,
    read_text,
    section,
    summary,
)

GROUP = "nailgun.extensions"


def dist_info(tmp_path: Path, files: dict[str, bytes], name: str = "any-1.0") -> Path:
    info = tmp_path / f"{name}.dist-info"
    info.mkdir(parents=True)
    for filename, content in files.items():
        (info / filename).write_bytes(content)
    return info


def distribution(
    tmp_path: Path, files: dict[str, bytes], name: str = "any-1.0"
) -> importlib.metadata.Distribution:
    return importlib.metadata.PathDistribution(dist_info(tmp_path, files, name))


def test_section_reads_only_the_groups_lines_and_numbers_the_bad_ones() -> None:
    text = (
        "[console_scripts]\n"
        "tool = other:main\n"
        "no equals in another section\n"
        "\n"
        f"[{GROUP}]\n"
        "# a comment = not:read\n"
        "  audit =  audit.ext:Audit  \n"
        "\n"
        "backup=backup:Ext\n"
        "no equals here\n"
        f"caf\ufffd = m:x\n"
        "[other]\n"
        "late = other:x\n"
    )
    found, bad = section(text, GROUP)
    assert [(ep.name, ep.value, ep.group) for ep in found] == [
        ("audit", "audit.ext:Audit", GROUP),
        ("backup", "backup:Ext", GROUP),
    ]
    assert bad == [
        "line 10 has no '=' (write 'name = module:attribute')",
        "line 11 is not UTF-8",
    ]


def test_a_header_of_the_group_without_its_bracket_ends_the_section() -> None:
    text = f"[{GROUP}]\na = m:A\n[{GROUP}\nb = m:B\n[unrelated\n"
    found, bad = section(text, GROUP)
    assert [ep.name for ep in found] == ["a"]
    assert bad == ["line 3 is a section header without its ']'"]
    # another section's broken header, inside ours, is a line of ours
    found, bad = section(f"[{GROUP}]\n[unrelated\nc = m:C\n", GROUP)
    assert [ep.name for ep in found] == ["c"]
    assert bad == ["line 2 has no '=' (write 'name = module:attribute')"]


def test_a_section_named_like_ours_is_not_ours() -> None:
    assert section(f"[{GROUP}.more]\na = m:A\n", GROUP) == ([], [])
    assert section(f"[{GROUP}]\n", GROUP) == ([], [])


def test_name_and_version_read_the_headers() -> None:
    assert name_and_version("Metadata-Version: 2.1\nName: audit\nVersion: 1.2\n") == (
        "audit",
        "1.2",
    )
    assert name_and_version("name:   audit\nVERSION: 1.2\nName: other\n") == (
        "audit",
        "1.2",
    )
    assert name_and_version("") == ("", "")


def test_name_and_version_read_the_unusual_as_the_parser_does() -> None:
    # folded: the parser's reading, not the first line's
    folded = name_and_version("Name: audit\n  -ext\nVersion: 1.0\n")
    assert folded[1] == "1.0" and "audit" in folded[0] and "-ext" in folded[0]
    # a folded header that is neither name nor version changes nothing
    assert name_and_version("Summary: s\n  more\nName: a\nVersion: 2\n") == ("a", "2")
    # a missing header: the other is still read
    assert name_and_version("Metadata-Version: 2.1\nName: audit\n") == ("audit", "")
    assert name_and_version("Version: 3\n") == ("", "3")
    # the body is not headers
    assert name_and_version("Metadata-Version: 2.1\n\nName: x\nVersion: 1\n") == (
        "",
        "",
    )


def test_read_text_names_what_is_wrong(tmp_path: Path) -> None:
    dist = distribution(
        tmp_path, {"METADATA": b"Name: a\n", "bad.txt": b"ok\nline two \xff\n"}
    )
    assert read_text(dist, "METADATA") == ("Name: a\n", "")
    assert read_text(dist, "absent.txt") == (None, "")
    text, defect = read_text(dist, "bad.txt")
    assert text == "ok\nline two \ufffd\n"
    assert defect == "its bad.txt is not UTF-8 (line 2)"
    loop = tmp_path / "any-1.0.dist-info" / "loop.txt"
    loop.symlink_to(loop)
    assert read_text(dist, "loop.txt") == (
        None,
        f"its loop.txt cannot be read ({os.strerror(errno.ELOOP)})",
    )


def test_metadata_text_falls_back_to_pkg_info(tmp_path: Path) -> None:
    pkg_info = distribution(tmp_path / "a", {"PKG-INFO": b"Name: old\n"})
    assert metadata_text(pkg_info) == ("Name: old\n", "")
    both = distribution(
        tmp_path / "b", {"METADATA": b"Name: new\n", "PKG-INFO": b"Name: old\n"}
    )
    assert metadata_text(both) == ("Name: new\n", "")
    assert metadata_text(distribution(tmp_path / "c", {})) == ("", "it has no METADATA")
    empty = distribution(tmp_path / "d", {"METADATA": b"", "PKG-INFO": b"Name: x\n"})
    assert metadata_text(empty) == ("", "")
    garbled = distribution(tmp_path / "e", {"METADATA": b"Name: \xff\n"})
    assert metadata_text(garbled) == (
        "Name: \ufffd\n",
        "its METADATA is not UTF-8 (line 1)",
    )


def test_summary(tmp_path: Path) -> None:
    dist = distribution(tmp_path / "a", {"METADATA": b"Name: a\nSummary: does a\n"})
    assert summary(dist) == "does a"
    assert summary(distribution(tmp_path / "b", {"METADATA": b"Name: a\n"})) == ""
    assert summary(distribution(tmp_path / "c", {})) == ""


def test_an_offer_is_labelled_by_its_name_or_its_place(tmp_path: Path) -> None:
    dist = distribution(tmp_path, {})
    assert DeclaringDistribution(dist, "audit", "1.0", ()).label == "audit"
    with pytest.raises(dataclasses.FrozenInstanceError):  # what discovery reads
        DeclaringDistribution(dist, "audit", "1.0", ()).name = "other"  # type: ignore[misc]
    unnamed = DeclaringDistribution(dist, "", "1.0", ()).label
    assert unnamed == f"<distribution without a name in {dist.locate_file('')}>"

    class Nowhere(importlib.metadata.Distribution):
        def read_text(self, filename: str) -> str | None:
            return None

        def locate_file(self, path: str | os.PathLike[str]) -> Path:
            raise OSError("gone")

    assert (
        DeclaringDistribution(Nowhere(), "", "", ()).label
        == "<distribution without a name>"
    )


def test_the_first_install_of_each_distribution_counts(tmp_path: Path) -> None:
    first = distribution(tmp_path / "a", {}, "dup-1.0")
    second = distribution(tmp_path / "b", {}, "Dup-2.0")
    other = distribution(tmp_path / "c", {}, "other-1.0")

    class Unnamed(importlib.metadata.Distribution):
        def read_text(self, filename: str) -> str | None:
            return None

        def locate_file(self, path: str | os.PathLike[str]) -> Path:
            return Path(path)

    class Hostile(Unnamed):
        @property
        def _normalized_name(self) -> str:
            raise ValueError("no name")

    nameless = [Unnamed(), Unnamed(), Hostile(), Hostile()]
    kept = list(_unique(iter([first, second, other, *nameless])))
    assert kept == [first, other, *nameless]


@pytest.mark.parametrize("text", ["", "Name: a\n", "Version: 1\n"])
def test_name_and_version_never_raise_on_partial_metadata(text: str) -> None:
    name, version = name_and_version(text)
    assert isinstance(name, str) and isinstance(version, str)
