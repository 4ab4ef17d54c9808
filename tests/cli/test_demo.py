"""nailgun_hooks.cli.demo: ``nailgun-hooks demo`` over real installed
distributions."""

from __future__ import annotations

import logging

import pytest

from nailgun_hooks import specs
from tests.support.commands import (
    LOGGER_LINE,
    install_broken,
    install_logging_extension,
    run,
)
from tests.support.dists import DistFactory


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
