"""The output contracts of the command line (issue 16): the one JSON schema
of ``list`` and ``check``, field by field, and one JSON object on stdout
whatever extensions print."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import cli
from tests.support.dists import DistFactory
from tests.support.venv import ROOT

GUIDE = ROOT / "docs" / "guide.md"
UPDATE = "@hookimpl\ndef on_node_update(self, node):\n    pass\n"
TYPO = "@hookimpl\ndef on_node_updte(self, node):\n    pass\n"
PRINTS = "print('hello from the module')\n"


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _documented(heading: str, table: int) -> list[str]:
    """The keys of the ``table``-th table under ``heading`` in the guide."""
    section = GUIDE.read_text(encoding="utf-8").split(heading, 1)[1]
    tables = re.findall(r"\| key \| value \|\n\|---\|---\|\n((?:\|.*\n)+)", section)
    keys: list[str] = []
    for row in tables[table].splitlines():
        keys += re.findall(r"`(\w+)`", row.split("|")[1])
    return keys


@pytest.fixture
def installed(dists: DistFactory, monkeypatch: pytest.MonkeyPatch) -> DistFactory:
    """A loaded, a rejected (imported) and a disabled extension, and an
    allow-list naming one that is not installed."""
    dists.extension("good", UPDATE, description="Good one")
    dists.extension("typo", TYPO)
    dists.extension("off", UPDATE)
    monkeypatch.setenv("NAILGUN_EXTENSIONS", "good,typo,ghost")
    return dists


@pytest.mark.parametrize("command", ["list", "check"])
def test_list_and_check_share_one_documented_schema(
    installed: DistFactory, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    heading = "### The JSON of `list` and `check`"
    code, report, _ = _json(
        capsys, command, "--json", "--namespace", installed.namespace
    )
    assert list(report) == _documented(heading, 0)
    by_name = {entry["name"]: entry for entry in report["extensions"]}
    for entry in report["extensions"]:
        assert sorted(entry) == sorted(_documented(heading, 1))
    assert report["command"] == command
    assert report["namespace"] == installed.namespace
    assert report["ok"] is False
    assert report["imported"] is True
    assert report["fingerprint"].startswith("sha256:")
    assert report["extensions"][0]["name"] == "good"  # loaded first
    good, typo = by_name["good"], by_name["typo"]
    assert (good["status"], good["version"], good["description"]) == (
        "loaded",
        "1.0.0",
        "Good one",
    )
    assert (good["hooks"], good["style"], good["problems"]) == (
        ["on_node_update"],
        "hookimpl",
        [],
    )
    assert good["import_seconds"] >= 0 and good["validation_seconds"] >= 0
    assert good["distribution"].startswith("dist-") and good["distribution_version"]
    assert good["entry_point"].startswith("good = ")
    assert typo["status"] == "rejected"
    assert typo["version"] == typo["distribution_version"] == "1.0.0"
    assert typo["description"] is not None  # its distribution's summary
    assert [p["code"] for p in typo["problems"]] == ["unknown-hook"]
    # Every problem at the top, each naming its extension; the extension's
    # own are there too.
    assert typo["problems"][0] in report["problems"]
    codes = sorted(p["code"] for p in report["problems"])
    if command == "list":  # the allow-list is honoured: 'off' left out
        assert by_name["off"]["status"] == "disabled"
        assert by_name["off"]["version"] == "1.0.0"  # its distribution's
        assert codes == ["not-installed", "unknown-hook"]
        assert code == 0
    else:  # check loads everything, whatever the lists say
        assert by_name["off"]["status"] == "loaded"
        assert codes == ["unknown-hook"]
        assert code == 1
    assert report["warnings"] == []


@pytest.mark.parametrize(
    "argv",
    [["list", "--json"], ["check", "--json"], ["list", "--json", "--no-import"]],
)
def test_json_is_one_object_even_when_an_extension_prints(
    dists: DistFactory, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    module = dists.unique("chatty")
    dists.install(
        f"dist-{module}",
        entry_points={"chatty": f"{module}:Extension"},
        modules={
            module: PRINTS + "from nailgun_hooks import BaseExtension\n\n"
            "class Extension(BaseExtension):\n"
            "    name = 'chatty'\n    version = '1.0'\n    description = 'x'\n"
        },
    )
    code, report, err = _json(capsys, *argv, "--namespace", dists.namespace)
    assert code == 0
    assert report["extensions"][0]["name"] == "chatty"
    if "--no-import" not in argv:
        assert "hello from the module" in err


def test_a_problems_location_is_the_def_not_its_decorator(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension(
        "typo",
        "@hookimpl(tryfirst=True,\n          trylast=False)\n"
        "def on_node_updte(self, node):\n    pass\n",
    )
    code, report, _ = _json(capsys, "check", "--json", "--namespace", dists.namespace)
    assert code == 1
    (problem,) = report["problems"]
    path, line = problem["location"].rsplit(":", 1)
    source = Path(path).read_text(encoding="utf-8").splitlines()
    assert source[int(line) - 1].strip() == "def on_node_updte(self, node):"


# --- an entry-point group one typo away ----------------------------------------


def test_extensions_in_a_group_one_typo_away_are_a_problem(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    dists.extension("good", UPDATE)
    typo_group = dists.namespace.replace("extensions", "extension")
    module = dists.unique("lost")
    dists.install(
        "dist-lost",
        entry_points={"lost": f"{module}:Extension"},
        modules={module: "raise SystemExit('never imported')\n"},
        namespace=typo_group,
    )
    code, report, _ = _json(capsys, "check", "--json", "--namespace", dists.namespace)
    assert code == 1
    (problem,) = report["problems"]
    assert problem["code"] == "misspelled-group"
    assert problem["distribution"] == "dist-lost"
    assert f"in the group {typo_group!r}, which is never read" in problem["message"]
    assert f"did you mean {dists.namespace!r}?" in problem["message"]
    code, report, _ = _json(capsys, "list", "--json", "--namespace", dists.namespace)
    assert code == 0
    assert [p["code"] for p in report["problems"]] == ["misspelled-group"]


@pytest.mark.parametrize("command", ["list", "check", "demo"])
def test_a_namespace_one_typo_away_is_a_usage_error(
    dists: DistFactory, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    dists.extension("good", UPDATE)
    typo = dists.namespace[:-1] + "x" + dists.namespace[-1]
    code = cli.main([command, "--namespace", typo])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (
        f"nailgun-hooks: error: --namespace {typo}: no entry point is installed "
        f"in this group; did you mean {dists.namespace!r}?\n"
    )


# --- NAILGUN_HOOKS_TRACE --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "traced"),
    [("false", False), ("no", False), ("OFF", False), ("on", True), ("yes", True)],
)
def test_the_trace_variable_takes_the_usual_booleans(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    traced: bool,
) -> None:
    dists.extension("good", UPDATE)
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", value)
    assert cli.main(["demo", "--namespace", dists.namespace]) == 0
    assert ("[trace]" in capsys.readouterr().err) is traced


def test_a_trace_variable_that_is_not_a_boolean_is_a_usage_error(
    dists: DistFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NAILGUN_HOOKS_TRACE", "enabled\x1b")
    assert cli.main(["list", "--namespace", dists.namespace]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "nailgun-hooks: error: NAILGUN_HOOKS_TRACE='enabled\\x1b' is not a "
        "boolean: use 1, true, yes or on to trace; 0, false, no, off or nothing "
        "not to\n"
    )


# --- specs -----------------------------------------------------------------------


def test_specs_of_named_hooks_in_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["specs", "get_node_volumes", "on_node_create"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("get_node_volumes(node: Node) -> Volumes | None\n")
    assert "\non_node_create(" in out and "on_node_update(" not in out
    assert "``" not in out and ":param" not in out
    assert "    node: the node" in out


def test_specs_of_an_unknown_hook_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["specs", "get_node_volums"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(
        "nailgun-hooks: error: specs get_node_volums: no such hook; did you mean "
        "'get_node_volumes'?"
    )


def test_specs_json_has_the_documented_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report, _ = _json(capsys, "specs", "--json", "get_node_volumes")
    assert code == 0
    (hook,) = report["hooks"]
    row = GUIDE.read_text(encoding="utf-8").split("`nailgun-hooks specs", 1)[1]
    documented = row.split("an object per hook:", 1)[1].split("|", 1)[0]
    # the parameters' own keys, `name` and `type`, are named inside the list
    keys = [k for k in dict.fromkeys(re.findall(r"`(\w+)`", documented))]
    keys.remove("type")
    assert list(hook) == keys
    assert hook == {
        "name": "get_node_volumes",
        "signature": "get_node_volumes(node: Node) -> Volumes | None",
        "parameters": [{"name": "node", "type": "Node"}],
        "returns": "Volumes | None",
        "kind": "first-result",
        "firstresult": True,
        "scope": "node",
        "deprecated": None,
        "doc": hook["doc"],
    }
    assert "``" not in hook["doc"] and hook["doc"]


# --- each command's help and usage errors ----------------------------------------


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_each_commands_help_lists_its_own_exit_codes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([command, "--help"]) == 0
    help_text = capsys.readouterr().out
    codes = re.findall(r"^  (\d+)  (.*)$", help_text.split("exit codes:")[1], re.M)
    row = re.search(
        rf"^\| `{command}` \| (.*) \|$", GUIDE.read_text(encoding="utf-8"), re.M
    )
    assert row is not None
    documented = row[1]
    if documented == "never":
        assert [code for code, _ in codes] == ["0", "2", "3", "130"]
    else:
        assert [code for code, _ in codes] == ["0", "1", "2", "3", "130"]
        assert dict(codes)["1"] == documented


@pytest.mark.parametrize("command", sorted(cli.COMMANDS))
def test_a_mistake_in_a_commands_arguments_points_at_its_help(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([command, "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith(f"(see 'nailgun-hooks {command} --help')")
