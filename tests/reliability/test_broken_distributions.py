"""No installed distribution, however broken, stops discovery.

A distribution that offers nothing in the extensions' group cannot change
what Nailgun runs, so nothing it holds may stop startup, strict or lenient,
nor ``nailgun-hooks list`` (with or without ``--no-import``) or ``check``:
it is skipped. One that offers the group but is broken is a
``broken-distribution`` problem naming it (the catalogue's cases); here, the
distributions that offer nothing, and bytes hypothesis makes up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nailgun_hooks import ExtensionValidationError, load_extensions
from nailgun_hooks.startup.distributions import section
from tests.reliability.catalogue import HEALTHY
from tests.reliability.installer import Installer, install_recorder
from tests.support.dists import DistFactory

GOOD_METADATA = b"Metadata-Version: 2.1\nName: unrelated\nVersion: 1.0\n"
CONSOLE = b"[console_scripts]\nunrelated = unrelated:main\n"


def _files(metadata: bytes | None, entry_points: bytes | None) -> dict[str, bytes]:
    files = {}
    if metadata is not None:
        files["METADATA"] = metadata
    if entry_points is not None:
        files["entry_points.txt"] = entry_points
    return files


def _symlink_loop(info: Path, name: str) -> None:
    (info / name).unlink(missing_ok=True)
    (info / name).symlink_to(info / name)


def _directory(info: Path, name: str) -> None:
    (info / name).unlink(missing_ok=True)
    (info / name).mkdir()


UNRELATED: dict[str, tuple[dict[str, bytes], Callable[[Path], None] | None]] = {
    "metadata not UTF-8": (
        _files(GOOD_METADATA + b"Summary: \xff\xfe\n", CONSOLE),
        None,
    ),
    "entry point line without '='": (
        _files(GOOD_METADATA, b"[console_scripts]\nunrelated\n"),
        None,
    ),
    "entry_points.txt not UTF-8": (
        _files(GOOD_METADATA, b"[console_scripts]\ncaf\xe9 = m:f\n"),
        None,
    ),
    "bad section header": (
        _files(GOOD_METADATA, b"[console_scripts\nunrelated = m:f\n"),
        None,
    ),
    "no METADATA": (_files(None, CONSOLE), None),
    "nothing at all": (_files(None, None), None),
    "METADATA without Name": (_files(b"Version: 1\n", CONSOLE), None),
    "Name with control characters": (
        _files(b"Name: evil\x1b[2J\r\nVersion: 1\x07\n", CONSOLE),
        None,
    ),
    "NUL bytes": (_files(b"Name: nul\x00\nVersion: 1\n", b"\x00[\x00=\n"), None),
    "huge entry_points.txt": (
        _files(GOOD_METADATA, b"[console_scripts]\n" + b"x" * 4_000_000 + b"\n"),
        None,
    ),
    "entry_points.txt a symlink loop": (
        _files(GOOD_METADATA, None),
        lambda info: _symlink_loop(info, "entry_points.txt"),
    ),
    "METADATA a symlink loop": (
        _files(None, CONSOLE),
        lambda info: _symlink_loop(info, "METADATA"),
    ),
    "entry_points.txt a directory": (
        _files(GOOD_METADATA, None),
        lambda info: _directory(info, "entry_points.txt"),
    ),
    "METADATA a directory": (
        _files(None, CONSOLE),
        lambda info: _directory(info, "METADATA"),
    ),
}


def install_unrelated(dists: DistFactory, slug: str) -> Path:
    files, then = UNRELATED[slug]
    info = dists.write_raw(f"unrelated-{abs(hash(slug))}", files)
    if then is not None:
        then(info)
    return info


def install_healthy(dists: DistFactory) -> None:
    installer = Installer(dists)
    for name in HEALTHY:
        install_recorder(installer, name)


@pytest.mark.parametrize("slug", sorted(UNRELATED))
def test_a_broken_distribution_offering_nothing_stops_nothing(
    dists: DistFactory, slug: str
) -> None:
    install_unrelated(dists, slug)
    install_healthy(dists)
    assert load_extensions(namespace=dists.namespace).names() == HEALTHY
    lenient = load_extensions(namespace=dists.namespace, strict=False)
    assert lenient.names() == HEALTHY
    assert lenient.problems == ()


def test_an_unreadable_entry_points_file_is_skipped_with_a_warning(
    dists: DistFactory, caplog: pytest.LogCaptureFixture
) -> None:
    install_unrelated(dists, "entry_points.txt a symlink loop")
    install_healthy(dists)
    assert load_extensions(namespace=dists.namespace).names() == HEALTHY
    (warning,) = [r for r in caplog.records if "skipped" in r.getMessage()]
    assert "'unrelated'" in warning.getMessage()
    assert "entry_points.txt cannot be read" in warning.getMessage()


def test_every_broken_distribution_at_once(dists: DistFactory) -> None:
    for slug in UNRELATED:
        install_unrelated(dists, slug)
    install_healthy(dists)
    assert load_extensions(namespace=dists.namespace).names() == HEALTHY


def test_the_first_of_two_installs_of_one_distribution_counts(
    dists: DistFactory, tmp_path: Path
) -> None:
    """As importlib.metadata decides: an upgrade installed in a directory
    earlier on sys.path shadows the old one, which then offers nothing."""
    installer = Installer(dists)
    install_recorder(installer, "shadowed")
    later = tmp_path / "later"
    later.mkdir()
    old = DistFactory(later, dists.namespace)
    Installer(old).install("shadowed-dist", {"old": "nowhere:Extension"})
    sys.path.append(str(later))
    try:
        assert load_extensions(namespace=dists.namespace).names() == ("shadowed",)
    finally:
        sys.path.remove(str(later))


# --- the command line, in fresh processes ---------------------------------------


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nailgun_hooks", *args],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [("list",), ("list", "--no-import"), ("list", "--json"), ("check",)],
    ids=" ".join,
)
def test_the_commands_survive_every_broken_distribution(
    dists: DistFactory, args: tuple[str, ...]
) -> None:
    for slug in UNRELATED:
        install_unrelated(dists, slug)
    install_healthy(dists)
    process = run_cli(dists.root, *args, "--namespace", dists.namespace)
    assert process.returncode == 0, process.stderr
    for name in HEALTHY:
        assert name in process.stdout
    if "--json" in args:
        json.loads(process.stdout)


# --- hypothesis: bytes nobody here wrote --------------------------------------


def _with_header(group: str) -> st.SearchStrategy[bytes]:
    """Random bytes, sometimes around our group's section header."""
    noise = st.binary(max_size=200)
    lines = st.lists(
        st.sampled_from(
            [b"", b"#", b"=", b"[", b"]", b"a = b", b"\xff", b"\r", b"\x00", b" x"]
        ),
        max_size=6,
    ).map(b"\n".join)
    header = st.just(f"[{group}]".encode())
    return st.one_of(
        noise, st.tuples(noise, header, lines).map(lambda t: b"\n".join(t))
    )


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_distribution_files_never_stop_lenient_startup(
    dists: DistFactory, data: st.DataObject
) -> None:
    group = dists.namespace
    metadata = data.draw(st.one_of(st.none(), st.binary(max_size=200)), "METADATA")
    entry_points = data.draw(_with_header(group), "entry_points.txt")
    info = dists.write_raw("random-dist", _files(metadata, entry_points))
    try:
        if not any(p.name.startswith("healthy") for p in dists.root.iterdir()):
            install_healthy(dists)
        manager = load_extensions(namespace=group, strict=False)
        assert set(HEALTHY) <= set(manager.names())
        try:
            load_extensions(namespace=group)
        except ExtensionValidationError as exc:
            assert exc.problems
            assert f"[{group}]".encode() in entry_points
    finally:
        dists.uninstall(info)


@given(text=st.text(max_size=300))
def test_section_reads_any_text(text: str) -> None:
    """Every line of the section is an entry point or a bad line, never an
    exception, whatever the text."""
    found, bad = section("[g]\n" + text, "g")
    assert len(found) + len(bad) <= len(("[g]\n" + text).splitlines())


def test_an_unreadable_metadata_rejects_the_extensions_it_offers(
    dists: DistFactory,
) -> None:
    """The catalogue's cases cover a METADATA missing, not UTF-8 or without
    a Name; one that cannot be read at all is the same problem."""
    installer = Installer(dists)
    install_recorder(installer, "unreadable")  # a sound extension...
    info = dists.info_dir("unreadable-dist")
    _symlink_loop(info, "METADATA")  # ...in a distribution that is not
    install_healthy(dists)
    manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == HEALTHY
    (problem,) = manager.problems
    assert (problem.code, problem.extension) == ("broken-distribution", "unreadable")
    assert problem.message.startswith(
        "its distribution is broken: its METADATA cannot be read ("
    )
    assert problem.distribution == f"<distribution without a name in {dists.root}>"
