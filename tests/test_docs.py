"""The docs are tested: every Python block runs, excerpts match the source,
the reference page is current, and the example packages install for real.

Block conventions, as HTML comments on the line before a fence:

* ``<!-- file: pkg/path.py -->``: the block is that file of an example
  package; the fast tests write it out (so other blocks can import it), the
  slow test pip-installs the package and runs its tests.
* ``<!-- excerpt: path/in/repo.py -->``: the block is copied verbatim from
  that file (at any indentation); it is checked and also run.
* ``<!-- demo-output -->``: the block appears verbatim in ``nailgun-hooks
  demo``'s output once the page's packages are installed (slow test).

Python blocks always run. Only shell (``sh``) and output (``text``) blocks do
not; ``toml`` is allowed only as a file of an example package.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nailgun_hooks import cli
from nailgun_hooks.spec.reference import render_markdown
from tests.support.venv import ROOT, Venv

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
NOT_RUN = {"sh", "text"}
FENCE = re.compile(r"^```(\S*)\s*$")
MARKER = re.compile(r"^<!-- (file|excerpt): (\S+) -->$|^<!-- (demo-output) -->$")


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int
    language: str
    code: str
    marker: str | None = None
    target: str | None = None

    def __str__(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def blocks(doc: Path) -> list[Block]:
    """Fenced blocks of a markdown page, with the marker comment above each."""
    found = []
    lines = doc.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            index += 1
            continue
        end = lines.index("```", index + 1)
        above = next((ln for ln in reversed(lines[:index]) if ln.strip()), "")
        mark = MARKER.match(above)
        marker = target = None
        if mark:
            marker = mark[1] or mark[3]
            target = mark[2]
        code = "\n".join(lines[index + 1 : end]) + "\n"
        found.append(Block(doc, index + 1, fence[1], code, marker, target))
        index = end + 1
    return found


def doc_id(doc: Path) -> str:
    return str(doc.relative_to(ROOT))


def write_files(doc: Path, root: Path) -> list[Path]:
    """Write the page's ``file:`` blocks under ``root``; return the packages."""
    packages = []
    for block in blocks(doc):
        if block.marker != "file" or block.target is None:
            continue
        path = root / block.target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block.code, encoding="utf-8")
        package = root / Path(block.target).parts[0]
        if package not in packages:
            packages.append(package)
    return packages


def test_reference_page_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        "docs/reference.md is stale: run "
        "'nailgun-hooks specs --markdown --output docs/reference.md'"
    )


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_every_block_is_run_or_is_shell_or_output(doc: Path) -> None:
    for block in blocks(doc):
        if block.language == "python" or block.language in NOT_RUN:
            continue
        assert block.language == "toml" and block.marker in {"file", "excerpt"}, (
            f"{block}: a {block.language or 'untagged'} block is never run; tag it "
            "python (it will run), sh or text, or make it a file of a package"
        )


def _python_blocks(doc: Path) -> list[Block]:
    return [block for block in blocks(doc) if block.language == "python"]


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_python_blocks_run(
    doc: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run the page's Python blocks in order, in one namespace, as a reader
    would paste them into one module; then let pytest run the test functions
    they define, with real fixtures (the pytest plugin's included)."""
    packages = write_files(doc, tmp_path / "packages")
    for package in packages:
        monkeypatch.syspath_prepend(str(package))
    namespace: dict[str, Any] = {
        "__name__": f"docs_{doc.stem}",
        "__file__": str(tmp_path / f"{doc.stem}.py"),
    }
    modules_before = set(sys.modules)
    try:
        for block in _python_blocks(doc):
            try:
                exec(compile(block.code, str(block), "exec"), namespace)
            except Exception:
                pytest.fail(f"the block at {block} raised:\n{traceback.format_exc()}")
    finally:
        for name in set(sys.modules) - modules_before:
            origin = getattr(sys.modules[name], "__file__", None) or ""
            if origin.startswith(str(tmp_path)):
                del sys.modules[name]
    # Blocks that are files of an example package hold that package's own
    # tests; they run where the package is installed (the slow test below).
    module_source = "\n\n".join(
        block.code for block in _python_blocks(doc) if block.marker != "file"
    )
    # test functions, and the test methods of unittest classes
    tests = re.findall(r"^(?:    )?def (test_\w+)\(", module_source, flags=re.MULTILINE)
    if not tests:
        return
    # A separate pytest process: fixtures resolve for real (the pytest
    # plugin's included) and this process's modules are left alone.
    run_dir = tmp_path / "pytest-run"
    run_dir.mkdir()
    module = run_dir / f"test_doc_{doc.stem}.py"
    module.write_text(module_source)
    search_path = [*map(str, packages), str(ROOT), os.environ.get("PYTHONPATH", "")]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", module.name],
        cwd=run_dir,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(search_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"{doc_id(doc)}'s tests failed:\n{result.stdout}"
    assert f"{len(tests)} passed" in result.stdout, result.stdout


@pytest.mark.parametrize("doc", DOCS, ids=doc_id)
def test_excerpts_are_verbatim_copies_of_the_source(doc: Path) -> None:
    for block in blocks(doc):
        if block.marker != "excerpt" or block.target is None:
            continue
        source = (ROOT / block.target).read_text(encoding="utf-8")
        assert any(
            textwrap.indent(block.code, " " * indent) in source for indent in (0, 4, 8)
        ), f"the excerpt at {block} is not in {block.target} any more: copy it again"


def test_exit_codes_are_documented_as_the_command_defines_them() -> None:
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    rows = cli.EXIT_CODES.splitlines()[1:]
    assert len(rows) == 4
    for row in rows:
        code, meaning = row.strip().split(None, 1)
        assert f"| {code} | {meaning} |" in guide


def test_readme_test_command_is_the_one_ci_runs() -> None:
    command = 'python -m pip install -q "tox>=4" && python -m tox p'
    readme_shell = [b.code.strip() for b in blocks(ROOT / "README.md")]
    assert command in readme_shell
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in ci


# --- slow: the examples, installed for real -----------------------------------

DOCS_WITH_PACKAGES = [
    doc for doc in DOCS if any(block.marker == "file" for block in blocks(doc))
]


@pytest.fixture(scope="module")
def docs_venv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    env = Venv.create(tmp_path_factory.mktemp("docs") / "venv")
    env.pip("install", "pytest>=8")
    yield env
    print(f"\ndocs venv: {env.report_timings()}")


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS_WITH_PACKAGES, ids=doc_id)
def test_example_packages_install_list_check_demo_and_test(
    doc: Path, docs_venv: Venv, tmp_path: Path
) -> None:
    packages = write_files(doc, tmp_path)
    projects = [
        tomllib.loads((package / "pyproject.toml").read_text())["project"]
        for package in packages
    ]
    names = [n for p in projects for n in p["entry-points"]["nailgun.extensions"]]
    for package in packages:
        docs_venv.install(package)
    try:
        loaded = docs_venv.loaded()
        assert sorted(loaded) == sorted(names)
        for project in projects:
            (name,) = project["entry-points"]["nailgun.extensions"]
            assert loaded[name]["version"] == project["version"]
            assert loaded[name]["description"] == project["description"]
        docs_venv.run("nailgun-hooks", "check")
        demo = docs_venv.run("nailgun-hooks", "demo").stdout
        for name in names:
            assert f"[nailgun.extensions.{name}] " in demo
        for block in blocks(doc):
            if block.marker == "demo-output":
                assert block.code in demo, f"{block} is not what the demo prints"
        for package in packages:
            if (package / "tests").is_dir():
                docs_venv.run("pytest", "-q", "-p", "no:cacheprovider", str(package))
    finally:
        docs_venv.pip("uninstall", "--yes", *(project["name"] for project in projects))


IGNORED_IN_COPY = shutil.ignore_patterns(
    ".git",
    ".tox",
    ".venv",
    "venv",
    "__pycache__",
    "*.egg-info",
    ".*_cache",
    ".hypothesis",
    "build",
    "dist",
)


@pytest.mark.slow
def test_readme_demo_command_on_a_fresh_checkout(tmp_path: Path) -> None:
    """The README's first command, verbatim, in a copy of the checkout."""
    command = next(
        b.code.strip() for b in blocks(ROOT / "README.md") if "demo" in b.code
    )
    assert command.startswith("python -m venv .venv && ")
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT, checkout, ignore=IGNORED_IN_COPY)
    env = Venv(tmp_path / "unused").env
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "in call order: logging 1.0.0" in done.stdout
    assert "[nailgun.extensions.logging] on_node_create: node 1 'node-1'" in done.stdout
