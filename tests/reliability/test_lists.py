"""The deny-list is held to the allow-list's standard, and fails closed.

A deny-list entry that names no installed extension (a typo, ``a b`` or
``a;b`` written for ``a,b``) is a problem, as it is in the allow-list, and
the installed extensions it may mean are left out too, in lenient mode as
well: a mistake in the deny-list never imports the extension it was meant
to exclude. A bare string for ``enabled=``/``disabled=`` is a ``TypeError``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nailgun_hooks import ExtensionValidationError, load_extensions
from nailgun_hooks.startup.selection import parse_names, select
from tests.support.dists import DistFactory

UPDATE = """
@hookimpl
def on_node_update(self, node):
    pass
"""
NAMES = ("audit", "backup", "healthy")


@pytest.fixture
def installed(dists: DistFactory, tmp_path: Path) -> Iterator[Path]:
    """``audit``, ``backup`` and ``healthy``; each leaves a file named after
    it in the directory yielded when its module is imported."""
    markers = tmp_path / "imported"
    markers.mkdir()
    for name in NAMES:
        module = dists.unique(name)
        dists.install(
            f"{name}-dist",
            entry_points={name: f"{module}:Extension"},
            modules={
                module: f"open({str(markers / name)!r}, 'w').close()\n"
                "from nailgun_hooks import BaseExtension, hookimpl\n"
                "class Extension(BaseExtension):\n"
                f"    name = {name!r}\n    version = '1.0'\n"
                "    description = 'x'\n" + UPDATE.replace("\n", "\n    ")
            },
        )
    yield markers


def imported(markers: Path) -> list[str]:
    return sorted(path.name for path in markers.iterdir())


def _deny(value: str, via: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Deny-list ``value`` through the environment, or the keyword arguments
    of ``load_extensions`` that do."""
    if via == "environment":
        monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", value)
        return {}
    return {"disabled": [value]}


MISTAKES = {
    # deny-list value: (problem code, hint, names left out)
    "audti": ("not-installed", "did you mean 'audit'?", ["audit"]),
    "audit backup": (
        "bad-list-name",
        "separate names with commas: NAILGUN_EXTENSIONS_DISABLED=audit,backup",
        ["audit", "backup"],
    ),
    "audit;backup": (
        "bad-list-name",
        "separate names with commas: NAILGUN_EXTENSIONS_DISABLED=audit,backup",
        ["audit", "backup"],
    ),
}


@pytest.mark.parametrize("via", ["environment", "argument"])
@pytest.mark.parametrize("value", ["AUDIT", "Audit", " audit "])
def test_a_deny_list_entry_in_another_case_means_that_extension(
    dists: DistFactory,
    installed: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    via: str,
) -> None:
    """Names are lowercase: an operator's exclusion never fails open on case."""
    kwargs = _deny(value, via, monkeypatch)
    manager = load_extensions(namespace=dists.namespace, **kwargs)  # type: ignore[arg-type]
    assert "audit" not in manager.names()
    assert "audit" not in imported(installed)
    assert manager.problems == ()


def test_an_allow_list_entry_in_another_case_means_that_extension(
    dists: DistFactory, installed: Path
) -> None:
    manager = load_extensions(namespace=dists.namespace, enabled=["AUDIT"])
    assert manager.names() == ("audit",)
    assert imported(installed) == ["audit"]


@pytest.mark.parametrize("via", ["environment", "argument"])
@pytest.mark.parametrize("value", sorted(MISTAKES))
def test_a_deny_list_mistake_is_a_problem_and_fails_closed(
    dists: DistFactory,
    installed: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    via: str,
) -> None:
    code, hint, left_out = MISTAKES[value]
    kwargs = _deny(value, via, monkeypatch)
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace, **kwargs)  # type: ignore[arg-type]
    assert not set(left_out) & set(imported(installed))
    (problem,) = raised.value.problems
    assert (problem.code, problem.extension, problem.hint) == (code, value, hint)
    meant = ", ".join(map(repr, left_out))
    assert problem.message.endswith(
        f"; {meant}, which it may mean, {'is' if len(left_out) == 1 else 'are'} "
        "left out too"
    )

    manager = load_extensions(namespace=dists.namespace, strict=False, **kwargs)  # type: ignore[arg-type]
    kept = sorted(set(NAMES) - set(left_out))
    assert list(manager.names()) == kept
    assert imported(installed) == kept
    assert manager.problems == raised.value.problems


def test_a_deny_list_naming_nothing_close_leaves_out_nothing_else(
    dists: DistFactory, installed: Path
) -> None:
    manager = load_extensions(
        namespace=dists.namespace, strict=False, disabled=["zzz-gone"]
    )
    assert manager.names() == NAMES
    (problem,) = manager.problems
    assert problem.code == "not-installed"
    assert problem.message == (
        "'zzz-gone' is disabled but no installed distribution provides it"
    )
    assert problem.hint == (
        "install the extension, or remove 'zzz-gone' from the deny-list "
        "(NAILGUN_EXTENSIONS_DISABLED)"
    )


def test_the_allow_list_is_checked_by_the_same_rule(
    dists: DistFactory, installed: Path
) -> None:
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace, enabled=["audit;healthy"])
    (problem,) = raised.value.problems
    assert problem.code == "bad-list-name"
    assert problem.message == (
        "'audit;healthy' in the allow-list (NAILGUN_EXTENSIONS) is not an "
        "extension name"
    )
    assert problem.hint == (
        "separate names with commas: NAILGUN_EXTENSIONS=audit,healthy"
    )
    manager = load_extensions(
        namespace=dists.namespace, strict=False, enabled=["audti", "healthy"]
    )
    assert manager.names() == ("healthy",)
    assert [(p.code, p.hint) for p in manager.problems] == [
        ("not-installed", "did you mean 'audit'?")
    ]
    assert imported(installed) == ["healthy"]


def test_a_correct_deny_list_is_no_problem(
    dists: DistFactory, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NAILGUN_EXTENSIONS_DISABLED", " audit , backup ,")
    manager = load_extensions(namespace=dists.namespace)
    assert manager.names() == ("healthy",)
    assert imported(installed) == ["healthy"]


@pytest.mark.parametrize("parameter", ["enabled", "disabled"])
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("audit", "must be a list or set of extension names, not str: write "),
        (b"audit", "must be a list or set of extension names, not bytes"),
        (7, "must be a list or set of extension names, not int"),
        ([b"audit"], "must hold extension names (str), not bytes"),
        (["audit", None], "must hold extension names (str), not NoneType"),
    ],
)
def test_anything_but_a_collection_of_names_is_a_type_error(
    dists: DistFactory,
    installed: Path,
    parameter: str,
    value: object,
    message: str,
) -> None:
    with pytest.raises(TypeError) as raised:
        load_extensions(namespace=dists.namespace, **{parameter: value})  # type: ignore[arg-type]
    assert str(raised.value).startswith(f"{parameter} {message}")
    if isinstance(value, str):
        assert str(raised.value).endswith(f"{parameter}=['audit']")
    assert imported(installed) == []


@pytest.mark.parametrize(
    "value",
    [["audit"], ("audit",), {"audit"}, frozenset({"audit"}), {"audit": 1}.keys()],
)
def test_lists_tuples_and_sets_are_accepted(
    dists: DistFactory, installed: Path, value: object
) -> None:
    manager = load_extensions(namespace=dists.namespace, disabled=value)  # type: ignore[arg-type]
    assert manager.names() == ("backup", "healthy")


def test_list_and_list_no_import_show_the_mistake(
    dists: DistFactory, installed: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(dists.root), *sys.path]),
        "NAILGUN_EXTENSIONS_DISABLED": "audti",
    }
    for extra in ([], ["--no-import"]):
        process = subprocess.run(
            [
                sys.executable,
                "-m",
                "nailgun_hooks",
                "list",
                "--json",
                *extra,
                "--namespace",
                dists.namespace,
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert process.returncode == 0, process.stderr
        document = json.loads(process.stdout)
        status = {e["name"]: e["status"] for e in document["extensions"]}
        assert status["audit"] == "disabled", extra
        assert status["healthy"] in ("loaded", "not imported")
        assert [p["code"] for p in document["problems"]] == ["not-installed"]
    assert imported(installed) == ["backup", "healthy"]


# --- property: what the deny-list may mean is never imported ---------------------

name = st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    installed=st.sets(name, min_size=1, max_size=6),
    value=st.text(alphabet="abcdefgz0_-,; \t", max_size=30),
)
def test_every_installed_name_written_in_the_deny_list_is_left_out(
    installed: set[str], value: str
) -> None:
    """Whatever the operator typed, an installed name that appears in it as a
    whole word is excluded; every entry naming nothing is a problem."""
    denied = parse_names(value) or frozenset()
    selection = select(None, denied, installed)
    for entry in denied:
        for word in entry.replace(";", " ").replace("\t", " ").split():
            if word in installed:
                assert selection.excludes(word), (value, word)
    assert {p.extension for p in selection.problems} == denied - installed
