"""The nailgun-hooks command, over real installed distributions."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import build_manager, cli, specs
from nailgun_hooks.cli.inventory import fingerprint
from nailgun_hooks.spec.reference import render_markdown
from tests.support.dists import DistFactory

UPDATE = """
@hookimpl
def on_node_update(self, node: Node) -> None:
    pass
"""
LOGGER_LINE = "[nailgun.extensions.logging] "


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert err == ""
    return code, json.loads(out)


def install_logging_extension(dists: DistFactory) -> None:
    """The real example extension, as its own distribution declares it."""
    dists.install(
        "nailgun-example-logging-ext",
        entry_points={"logging": "nailgun_example_logging_ext:LoggingExtension"},
        summary="A Nailgun extension that logs one line for every event",
    )


def install_broken(dists: DistFactory, name: str = "broken") -> str:
    module = dists.unique(name)
    dists.install(
        f"{name}-dist",
        entry_points={name: f"{module}:Extension"},
        modules={module: "import no_such_module_for_nailgun\n"},
    )
    return module


# --- list --------------------------------------------------------------------


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


def test_fingerprint_is_stable_and_sensitive_to_order_version_distribution() -> None:
    from nailgun_hooks.startup.records import ExtensionRecord

    def record(name: str, version: str = "1.0", dist: str = "d") -> ExtensionRecord:
        return ExtensionRecord(name, version, "x", object(), dist, "1.0")

    a, b = record("a"), record("b")
    assert fingerprint([a, b]) == fingerprint([record("a"), record("b")])
    variants = {
        fingerprint([a, b]),
        fingerprint([b, a]),
        fingerprint([record("a", "1.1"), b]),
        fingerprint([record("a", dist="other"), b]),
        fingerprint([a]),
    }
    assert len(variants) == 5


def test_fingerprint_is_the_same_in_a_new_process(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("alpha", UPDATE, dist="alpha-dist")
    dists.extension("beta", UPDATE, dist="beta-dist")
    _, here = run_json(capsys, "list", "--namespace", dists.namespace)
    there = subprocess.run(
        [
            sys.executable,
            "-m",
            "nailgun_hooks",
            "list",
            "--json",
            "--namespace",
            dists.namespace,
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(dists.root), *sys.path])},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(there.stdout)["fingerprint"] == here["fingerprint"]


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


# --- check -------------------------------------------------------------------


def test_check_clean_exits_0(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_logging_extension(dists)
    dists.extension("alpha", UPDATE)
    code, out, err = run(capsys, "check", "--namespace", dists.namespace)
    assert (code, err) == (0, "")
    assert out == (
        f"ok: 2 extension(s) in {dists.namespace!r} are valid "
        "(alpha [hookimpl], logging [hookimpl])\n"
    )


def test_check_lists_every_problem_and_exits_1(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dists.extension("typo", "@hookimpl\ndef on_node_updte(self, node):\n    pass\n")
    dists.extension(
        "mistyped",
        "@hookimpl\ndef on_node_update(self, node: Cluster) -> None:\n    pass\n",
    )
    install_broken(dists)
    dists.extension("fine", UPDATE)
    # check validates everything installed, even what the deny-list leaves out.
    monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", "broken")

    code, out, err = run(capsys, "check", "--namespace", dists.namespace)
    assert (code, err) == (1, "")
    assert out.startswith(f"3 problems in {dists.namespace!r}:\n")
    for needle in (
        "[unknown-hook] extension 'typo'",
        "did you mean 'on_node_update'?",
        "[incompatible-argument-type] extension 'mistyped'",
        "[import-failed] extension 'broken'",
    ):
        assert needle in out

    code, report = run_json(capsys, "check", "--namespace", dists.namespace)
    assert code == 1 and report["ok"] is False
    assert sorted(p["code"] for p in report["problems"]) == [
        "import-failed",
        "incompatible-argument-type",
        "unknown-hook",
    ]
    assert sorted(e["name"] for e in report["extensions"]) == [
        "broken",
        "fine",
        "mistyped",
        "typo",
    ]


def test_check_with_nothing_installed_is_clean(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run_json(capsys, "check", "--namespace", dists.namespace)
    assert code == 0
    assert report == {
        "command": "check",
        "namespace": dists.namespace,
        "ok": True,
        "imported": True,
        "fingerprint": report["fingerprint"],
        "extensions": [],
        "problems": [],
        "warnings": [],
    }


# --- specs -------------------------------------------------------------------


def test_specs_text_documents_every_hook(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "specs")
    assert code == 0
    for spec in specs().values():
        assert f"\n{spec.name}(" in f"\n{out}"
    assert "get_node_volumes(node: Node) -> Volumes | None" in out
    assert "firstresult: yes" in out and "scope: the extensions enabled" in out


def test_specs_markdown_to_stdout_and_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "specs", "--markdown")
    assert code == 0 and out == render_markdown()
    target = tmp_path / "reference.md"
    code, out, _ = run(capsys, "specs", "--markdown", "--output", str(target))
    assert code == 0 and out == f"wrote {target}\n"
    assert target.read_text() == render_markdown()


def test_unwritable_output_is_a_one_line_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing-dir" / "reference.md"
    code, out, err = run(capsys, "specs", "--output", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"nailgun-hooks: error: cannot write {target}: No such file or directory\n"
    )
    code, _, err = run(capsys, "specs", "--output", str(target), "--debug")
    assert code == 2 and "Traceback" in err and "FileNotFoundError" in err


# --- demo --------------------------------------------------------------------


def test_demo_fires_every_event_and_shows_the_extensions_log_lines(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_logging_extension(dists)
    code, out, err = run(capsys, "demo", "--namespace", dists.namespace)
    assert (code, err) == (0, "")
    assert "in call order: logging 1.0.0" in out
    for name in specs():
        assert f"\n-> {name}(" in out, name
        assert f"{LOGGER_LINE}{name}: " in out, name
    assert f"{LOGGER_LINE}on_node_create: node 1 'node-1', cluster None" in out
    assert (
        f"{LOGGER_LINE}on_before_deployment_check: cluster 1 'demo', nodes [1, 2, 3]"
        in out
    )
    assert "not-shown" not in out  # the demo's fake credentials
    # The example extension edits no data: the demo says so in words.
    assert "     cluster data: unchanged\n" in out
    assert "     node 1 data: unchanged\n" in out
    # 24 events fired 32 times, each reaching the one extension once.
    assert out.rstrip().endswith(
        f"done: {len(specs())} events fired, 32 calls into extensions, 0 raised"
    )


PROVIDER = """
@hookimpl
def get_node_volumes(self, node: Node) -> Volumes | None:
    return [{"id": "os", "size": 1}]

@hookimpl
def process_deployment_for_cluster(self, cluster_data: ClusterData) -> None:
    cluster_data["ntp"] = ["pool.example"]
    del cluster_data["name"]

@hookimpl
def on_before_deployment_check(self, cluster: Cluster) -> None:
    raise RuntimeError(f"{cluster.name}: not enough controllers")
"""


def test_demo_shows_answers_edits_and_raising_extensions_and_goes_on(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_logging_extension(dists)
    dists.extension("storage", PROVIDER)
    install_broken(dists)

    code, out, _ = run(capsys, "demo", "--namespace", dists.namespace)

    assert code == 1
    assert "in call order: logging 1.0.0, storage 1.0.0" in out
    assert "rejected (1 problem(s)" in out and "[import-failed]" in out
    assert "reaches: logging, storage" in out
    assert "! raised RuntimeError: demo: not enough controllers at " in out
    assert "cluster data: added ntp; removed name" in out
    assert "= 1 volume(s) from an extension" in out
    assert "pool.example" not in out  # keys only, never values
    # It went on to the end, through every event.
    assert f"{LOGGER_LINE}after_cluster_delete: cluster 1 'demo'" in out
    # logging's 32 calls, and storage's three: the first-result call it
    # answers (after logging said None), the pipeline and the check it fails.
    assert (
        "35 calls into extensions, 1 raised; rejected, never called: broken\n"
        "  ! on_before_deployment_check: RuntimeError"
    ) in out


def test_demo_reports_an_extension_that_exits_and_goes_on(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension(
        "quitter", "@hookimpl\ndef on_node_reset(self):\n    raise SystemExit(4)\n"
    )
    code, out, _ = run(capsys, "demo", "--namespace", dists.namespace)
    assert code == 1
    assert "! raised SystemExit: 4 at " in out
    assert "-> after_cluster_delete(" in out


def test_demo_strict_refuses_to_run_with_problems(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_logging_extension(dists)
    install_broken(dists)
    code, out, _ = run(capsys, "demo", "--strict", "--namespace", dists.namespace)
    assert code == 1
    assert "[import-failed] extension 'broken'" in out
    assert "not running the demo (--strict)" in out
    assert "-> on_cluster_create" not in out


def test_demo_with_no_extensions_says_what_to_install_and_stops(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "demo", "--namespace", dists.namespace)
    assert (code, err) == (0, "")  # nothing is wrong: there is nothing to run
    assert "in call order: none" in out
    assert "so the demo stops here." in out
    assert "  pip install ./example_logging_ext " in out
    assert "  pip install nailgun-example-logging-ext   (from a package index" in out
    assert "->" not in out and "reaches:" not in out and "done:" not in out


def test_demo_with_only_rejected_extensions_shows_them_and_stops(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_broken(dists)
    code, out, _ = run(capsys, "demo", "--namespace", dists.namespace)
    assert code == 1
    assert "[import-failed] extension 'broken'" in out
    assert "pip install nailgun-example-logging-ext" in out
    assert "reaches:" not in out


def test_demo_trace_logs_each_call_to_stderr(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_logging_extension(dists)
    code, out, err = run(capsys, "demo", "--trace", "--namespace", dists.namespace)
    assert code == 0
    assert "[trace]" not in out
    assert "[trace] call on_node_create(node=MemoryNode#1) -> logging\n" in err
    assert "[trace]   on_node_create: logging returned in " in err
    # one line per call into an extension, as many as the demo counts
    assert err.count(": logging returned in ") == 32
    assert "not-shown" not in err and "node-1" not in err


def test_demo_without_trace_prints_no_trace(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install_logging_extension(dists)
    monkeypatch.delenv("NAILGUN_HOOKS_TRACE", raising=False)
    code, _, err = run(capsys, "demo", "--namespace", dists.namespace)
    assert (code, err) == (0, "")
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", "1")
    code, _, err = run(capsys, "demo", "--namespace", dists.namespace)
    assert code == 0 and err.count(": logging returned in ") == 32


def test_demo_restores_the_logging_configuration(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    install_logging_extension(dists)
    root = logging.getLogger()
    library = logging.getLogger("nailgun_hooks")
    tracer = logging.getLogger("nailgun_hooks.trace")

    def state() -> tuple[object, ...]:
        return (
            root.level,
            list(root.handlers),
            library.propagate,
            library.handlers[:],
            tracer.level,
            tracer.propagate,
            tracer.handlers[:],
        )

    before = state()
    run(capsys, "demo", "--trace", "--namespace", dists.namespace)
    assert state() == before


# --- usage and errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "choose a command: list, check, specs, demo"),
        (["lst"], "argument COMMAND: invalid choice: 'lst'"),
        (["list", "--jsn"], "unrecognized arguments: --jsn"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"nailgun-hooks: error: {message}")


def test_help_documents_commands_and_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in cli.COMMANDS:
        assert name in out
    assert "exit codes:" in out and "2  usage error" in out
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and "--json" in out and "exit codes:" in out


def test_a_bug_is_one_line_and_exit_3_unless_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(namespace: str) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cli, "take_inventory", explode)
    code, out, err = run(capsys, "list")
    assert (code, out) == (3, "")
    assert err == (
        "nailgun-hooks: error: internal error: RuntimeError: simulated bug; "
        "rerun with --debug for the traceback\n"
    )
    code, _, err = run(capsys, "list", "--debug")
    assert code == 3 and "Traceback" in err and "simulated bug" in err


def test_console_script_and_python_m_agree(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "nailgun-hooks"
    outputs = []
    for argv in ([str(script)], [sys.executable, "-m", "nailgun_hooks"]):
        done = subprocess.run(
            [*argv, "specs"], capture_output=True, text=True, check=True, cwd=tmp_path
        )
        outputs.append(done.stdout)
        failed = subprocess.run(
            [*argv, "bogus"], capture_output=True, text=True, cwd=tmp_path
        )
        assert failed.returncode == 2 and failed.stderr.count("\n") == 1
    assert outputs[0] == outputs[1] != ""


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


ODD = """
@hookimpl
def get_node_volumes(self, node):
    return False


@hookimpl
def set_node_volumes(self, node, volumes):
    return type('Unrepresentable', (), {'__repr__': lambda self: 1 / 0})()


@hookimpl
def setup_yaql_context(self, yaql_context):
    yaql_context[5] = 'five'
    yaql_context['\\x1b[2Jforged'] = 1


@hookimpl
def process_deployment_for_cluster(self, cluster, cluster_data):
    cluster_data[7] = 'seven'
"""


def test_demo_reports_odd_answers_escaped_and_goes_on(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16: False volumes, int keys and a repr() that raises were exit 3."""
    dists.extension("odd", ODD)
    code, out, _ = run(capsys, "demo", "--namespace", dists.namespace)
    assert code == 1
    assert "\x1b" not in out
    assert "? get_node_volumes returned a bool, not a list of volumes" in out
    assert "? the yaql context has key(s) that are not strings (int)" in out
    assert "yaql context now holds: 5, \\x1b[2Jforged, cluster_id" in out
    assert "? cluster data has key(s) that are not strings (int)" in out
    unshown = "set_node_volumes' answer cannot be shown: ZeroDivisionError"
    assert f"     ? {unshown} describing it\n" in out
    assert "-> after_cluster_delete(" in out  # it went on to the end
    assert "0 raised, 4 odd answers\n" in out
    assert f"\n  ? {unshown}" in out
