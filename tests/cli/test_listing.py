"""nailgun_hooks.cli.listing: ``nailgun-hooks list`` over real installed
distributions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from nailgun_hooks import build_manager, specs
from tests.support.commands import (
    UPDATE,
    install_broken,
    install_logging_extension,
    run,
    run_json,
)
from tests.support.dists import DistFactory


def test_list_json_shows_loaded_in_call_order_and_rejected_with_reasons(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("zeta", UPDATE, version="2.0.0", dist="zeta-dist")
    dists.extension("alpha", UPDATE, extra={"after": ["zeta"]}, dist="alpha-dist")
    module = install_broken(dists)

    code, listing = run_json(capsys, "list", "--namespace", dists.namespace)

    assert code == 0
    assert listing["namespace"] == dists.namespace and listing["imported"] is True
    entries = {e["name"]: e for e in listing["extensions"]}
    assert [e["name"] for e in listing["extensions"]] == ["zeta", "alpha", "broken"]
    timings = {key: entries["zeta"].pop(key) for key in TIMINGS}
    assert all(type(value) is float and value >= 0 for value in timings.values())
    assert entries["zeta"] | {"entry_point": None} == {
        "name": "zeta",
        "version": "2.0.0",
        "description": "A test extension",
        "distribution": "zeta-dist",
        "distribution_version": "1.0.0",
        "entry_point": None,
        "hooks": ["on_node_update"],
        "calls": [],
        "style": "hookimpl",
        "status": "loaded",
        "problems": [],
        "warnings": [],
    }
    broken = entries["broken"]
    assert broken["status"] == "rejected"
    assert [broken[key] for key in TIMINGS] == [None, None]
    assert broken["entry_point"] == f"broken = {module}:Extension"
    assert broken["distribution"] == "broken-dist"
    (problem,) = broken["problems"]
    assert problem["code"] == "import-failed"
    assert "no_such_module_for_nailgun" in problem["message"]
    assert listing["fingerprint"].startswith("sha256:")


TIMINGS = ("import_seconds", "validation_seconds")


SLOW_IMPORT = """
import pathlib, time
time.sleep(0.2)
with open({log!r}, "a") as log:
    log.write("imported\\n")

from nailgun_hooks import BaseExtension, hookimpl

class Extension(BaseExtension):
    name, version, description = "slow-import", "1.0.0", "imports slowly"

    @hookimpl
    def on_node_update(self, node):
        pass
"""


SLOW_VALIDATION = """
@hookimpl
def on_node_update(self, node: Node) -> None:
    pass

def __dir__(self):
    import time
    time.sleep(0.2)
    return object.__dir__(self)
"""


def test_list_json_times_each_import_and_validation_once(
    dists: DistFactory, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = tmp_path / "imports.log"
    module = dists.unique("slow_import")
    dists.install(
        "slow-import-dist",
        entry_points={"slow-import": f"{module}:Extension"},
        modules={module: SLOW_IMPORT.format(log=str(log))},
    )
    dists.extension("slow-validation", SLOW_VALIDATION)
    dists.extension("quick", UPDATE)

    code, listing = run_json(capsys, "list", "--namespace", dists.namespace)

    assert code == 0
    seconds = {
        e["name"]: (e["import_seconds"], e["validation_seconds"])
        for e in listing["extensions"]
    }
    assert seconds.keys() == {"slow-import", "slow-validation", "quick"}
    assert seconds["slow-import"][0] >= 0.2 > seconds["slow-import"][1]
    assert seconds["slow-validation"][1] >= 0.2 > seconds["slow-validation"][0]
    assert max(seconds["quick"]) < 0.2
    assert log.read_text() == "imported\n"  # measured at the one import


def test_list_text_names_status_and_fingerprint(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("alpha", UPDATE, dist="alpha-dist")
    install_broken(dists)
    code, out, err = run(capsys, "list", "--namespace", dists.namespace)
    assert (code, err) == (0, "")
    assert "  1. alpha 1.0.0\n      A test extension\n" in out
    assert "distribution: alpha-dist 1.0.0" in out
    assert "hooks (1): on_node_update" in out
    assert "status: loaded" in out
    assert "  - broken\n" in out and "status: rejected" in out
    assert "[import-failed]" in out and "fix: " in out
    assert "Traceback" not in out  # only with --debug
    assert "fingerprint of the 1 loaded: sha256:" in out

    code, debug_out, _ = run(capsys, "--debug", "list", "--namespace", dists.namespace)
    assert code == 0 and "Traceback" in debug_out


SIDE_EFFECT = """
import os, pathlib
pathlib.Path(os.environ["NAILGUN_HOOKS_TEST_MARKER"], {name!r}).write_text("imported")
from nailgun_hooks import BaseExtension, hookimpl
class Extension(BaseExtension):
    name = {name!r}; version = "1.0"; description = "writes a file when imported"
    @hookimpl
    def on_node_update(self, node):
        pass
"""


def install_side_effect(dists: DistFactory, name: str, dist: str | None = None) -> str:
    module = dists.unique(name)
    dists.install(
        dist or f"{name}-dist",
        version="3.1",
        summary=f"{name} from its metadata",
        entry_points={name: f"{module}:Extension"},
        modules={module: SIDE_EFFECT.format(name=name)},
    )
    return module


@pytest.fixture
def marker_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "markers"
    path.mkdir()
    monkeypatch.setenv("NAILGUN_HOOKS_TEST_MARKER", str(path))
    return path


def test_list_no_import_reads_metadata_and_imports_nothing(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    marker_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modules = [
        install_side_effect(dists, "quiet"),
        install_side_effect(dists, "twin", dist="twin-one"),
        install_side_effect(dists, "twin", dist="twin-two"),
        install_side_effect(dists, "off"),
    ]
    monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", "off")

    code, listing = run_json(
        capsys, "list", "--no-import", "--namespace", dists.namespace
    )

    assert list(marker_dir.iterdir()) == []
    assert not any(module in sys.modules for module in modules)
    assert code == 0 and listing["imported"] is False
    assert listing["fingerprint"] is None
    by_dist = {e["distribution"]: e for e in listing["extensions"]}
    assert by_dist["quiet-dist"] | {"entry_point": None} == {
        "name": "quiet",
        "version": "3.1",  # its distribution's: its code is not read
        "description": "quiet from its metadata",
        "distribution": "quiet-dist",
        "distribution_version": "3.1",
        "entry_point": None,
        "hooks": [],
        "calls": [],
        "style": None,
        "status": "not imported",
        "problems": [],
        "warnings": [],
        "import_seconds": None,
        "validation_seconds": None,
    }
    assert by_dist["off-dist"]["status"] == "disabled"
    for dist in ("twin-one", "twin-two"):
        assert by_dist[dist]["status"] == "rejected"
        assert by_dist[dist]["problems"][0]["code"] == "duplicate-name"

    code, text, _ = run(capsys, "list", "--no-import", "--namespace", dists.namespace)
    assert code == 0 and "by name, not imported" in text
    assert list(marker_dir.iterdir()) == []

    # Without --no-import the same listing does import (the marker proves it).
    run(capsys, "list", "--namespace", dists.namespace)
    assert sorted(p.name for p in marker_dir.iterdir()) == ["quiet"]


def test_list_shows_disabled_extensions_without_importing_them(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    marker_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_side_effect(dists, "kept")
    install_side_effect(dists, "dropped")
    monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", "dropped")
    code, listing = run_json(capsys, "list", "--namespace", dists.namespace)
    assert code == 0
    assert {e["name"]: e["status"] for e in listing["extensions"]} == {
        "kept": "loaded",
        "dropped": "disabled",
    }
    assert sorted(p.name for p in marker_dir.iterdir()) == ["kept"]


def test_logging_extension_from_build_manager_matches_the_listing(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """The installed entry point and the class loaded directly agree."""
    from nailgun_example_logging_ext import LoggingExtension

    install_logging_extension(dists)
    _, listing = run_json(capsys, "list", "--namespace", dists.namespace)
    (entry,) = listing["extensions"]
    record = build_manager([LoggingExtension]).get("logging")
    assert (entry["name"], entry["version"], entry["description"]) == (
        record.name,
        record.version,
        record.description,
    )
    assert entry["hooks"] == list(record.hooks)
    assert len(entry["hooks"]) == len(specs())
