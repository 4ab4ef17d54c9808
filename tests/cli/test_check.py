"""nailgun_hooks.cli.check: ``nailgun-hooks check`` over real installed
distributions."""

from __future__ import annotations

import pytest

from tests.support.commands import (
    UPDATE,
    install_broken,
    install_logging_extension,
    run,
    run_json,
)
from tests.support.dists import DistFactory


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
