"""The documentation site's own pages: what Sphinx builds beside the pages
that tests/test_docs.py runs (the build itself is ``tox -e docs``)."""

from __future__ import annotations

import html
import importlib
import inspect
import posixpath
import re
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

import pytest

from tests.support.venv import ROOT
from tests.test_architecture import PUBLIC_MODULES

pytestmark = pytest.mark.once

API_PAGE = ROOT / "docs" / "api.rst"


def _automodules() -> dict[str, list[str]]:
    """Each automodule of the API page, with its excluded members."""
    text = API_PAGE.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for match in re.finditer(
        r"^\.\. automodule:: (\S+)\n((?:   .*\n|      .*\n)*)", text, re.MULTILINE
    ):
        options = match[2]
        excluded = re.search(r":exclude-members:(.*(?:\n      .*)*)", options)
        names = excluded[1].replace("\n", " ").split(",") if excluded else []
        found[match[1]] = [name.strip() for name in names if name.strip()]
    return found


# Public names that no __all__ lists: compat's own functions (its __all__ is
# exactly Nailgun's) and what manager.hook and for_node hand out.
EXTRA_NAMES = {
    "nailgun_hooks.compat": ["use_manager", "get_manager"],
    "nailgun_hooks.manager.HookManager": ["hook", "for_node", "for_cluster"],
}


def test_the_api_page_documents_the_public_modules() -> None:
    assert sorted(_automodules()) == sorted(PUBLIC_MODULES)


def test_every_excluded_name_is_documented_in_another_section() -> None:
    """A name left out of a section (to avoid documenting it twice) is
    public there and documented with another public module holding it."""
    modules = _automodules()
    for module, excluded in modules.items():
        holder = importlib.import_module(module)
        for name in excluded:
            assert name in holder.__all__, f"{module}.{name}"
            value = getattr(holder, name)
            elsewhere = [
                other
                for other, left_out in modules.items()
                if other != module
                and getattr(importlib.import_module(other), name, None) is value
                and name in importlib.import_module(other).__all__
                and name not in left_out
            ]
            assert elsewhere, f"{module}.{name} is documented nowhere"


def test_the_index_lists_every_page() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    toctree = index.split(":::{toctree}", 1)[1].split(":::", 1)[0]
    listed = {line.strip() for line in toctree.splitlines()[1:] if line.strip()}
    listed.discard(":maxdepth: 2")
    pages = {
        path.stem
        for path in (ROOT / "docs").iterdir()
        if path.suffix in {".md", ".rst"} and path.stem != "index"
    }
    assert listed == pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built as ``tox -e docs`` builds it (any warning fails)."""
    pytest.importorskip("sphinx")
    pytest.importorskip("reno")
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-E",
            "-b",
            "html",
            str(ROOT / "docs"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    return out


def _inventory(site: Path) -> set[str]:
    """Every Python object the built site has an entry for (objects.inv)."""
    from sphinx.util.inventory import InventoryFile

    with (site / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", posixpath.join)
    return {
        name
        for kind, entries in inventory.items()
        if kind.startswith("py:")
        for name in entries
    }


def _public_names() -> list[tuple[str, str]]:
    """(module, name) for every name a user may import."""
    names = [
        (module, name)
        for module in PUBLIC_MODULES
        for name in importlib.import_module(module).__all__
    ]
    names += [(owner, name) for owner, extra in EXTRA_NAMES.items() for name in extra]
    return names


def _documented_as(module: str, name: str, documented: set[str]) -> str | None:
    """Where the site documents ``module.name``: there, or (left out of that
    section with :exclude-members:) under another public module holding the
    very same object."""
    if f"{module}.{name}" in documented:
        return f"{module}.{name}"
    if name not in _automodules().get(module, []):
        return None
    value = getattr(importlib.import_module(module), name)
    for other in PUBLIC_MODULES:
        holder = importlib.import_module(other)
        if getattr(holder, name, None) is value and f"{other}.{name}" in documented:
            return f"{other}.{name}"
    return None


def test_every_public_name_has_an_entry_on_the_site(site: Path) -> None:
    documented = _inventory(site)
    missing = [
        f"{module}.{name}"
        for module, name in _public_names()
        if _documented_as(module, name, documented) is None
    ]
    assert not missing


def _signature_shown(page: str, target: str) -> bool:
    entry = re.search(rf'<dt[^>]*id="{re.escape(target)}"[^>]*>(.*?)</dt>', page, re.S)
    assert entry, target
    return "sig-paren" in entry[1]


def _takes_arguments(value: object) -> bool:
    """A function, or a class built with arguments: what has a signature to
    show (a class without its own ``__init__`` shows none)."""
    if not (inspect.isfunction(value) or inspect.isclass(value)):
        return False
    try:
        parameters = inspect.signature(value).parameters.values()
    except (TypeError, ValueError):
        return inspect.isfunction(value)
    return inspect.isfunction(value) or any(
        item.kind not in {item.VAR_POSITIONAL, item.VAR_KEYWORD} for item in parameters
    )


def _owner(path: str) -> object:
    """The module or class that ``path`` names."""
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError:
        module, _, attribute = path.rpartition(".")
        return getattr(importlib.import_module(module), attribute)


def test_every_public_function_and_class_shows_its_signature(site: Path) -> None:
    page = (site / "api.html").read_text(encoding="utf-8")
    documented = _inventory(site)
    unsigned = []
    for module, name in _public_names():
        value = inspect.getattr_static(_owner(module), name, None)
        if not _takes_arguments(value):
            continue
        target = _documented_as(module, name, documented)
        if target and not _signature_shown(page, target):
            unsigned.append(target)
    assert not unsigned, unsigned


def test_the_site_check_bites() -> None:
    """A name with no entry is reported (what the site test relies on)."""
    assert _documented_as("nailgun_hooks.markers", "hookimpl", set()) is None
    assert (
        _documented_as(
            "nailgun_hooks.testing", "MemoryNode", {"nailgun_hooks.inmemory.MemoryNode"}
        )
        == "nailgun_hooks.inmemory.MemoryNode"
    )


def _visible_text(site: Path, page: str) -> str:
    """A built page's body as a reader sees it (no markup, no sidebar)."""
    markup = (site / f"{page}.html").read_text(encoding="utf-8")
    body = markup.split('<div class="body"', 1)[1].split('class="sphinxsidebar"')[0]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


# What only a contributor touches: the layer folders, pluggy's internals, the
# manager's private state, how this site's pages are made.
CONTRIBUTOR_WORDS = re.compile(
    r"nailgun_hooks\.(startup|calls|spec|nailgun)\.|_pluggy_internals|_State\b"
    r"|assemble_and_register|style_of\("
    r"|This page is reStructuredText|because autodoc"
)


def test_user_pages_speak_of_what_users_touch(site: Path) -> None:
    pages = [
        path.stem
        for path in (ROOT / "docs").iterdir()
        if path.suffix in {".md", ".rst"}
    ]
    leaks = {
        page: CONTRIBUTOR_WORDS.findall(_visible_text(site, page)) for page in pages
    }
    assert not {page: found for page, found in leaks.items() if found}


def test_the_release_notes_carry_the_version_being_released(site: Path) -> None:
    """Untagged notes are listed under pyproject's version, as the site's
    title says it; never under reno's placeholder 0.0.0."""
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"
    ]["version"]
    notes = (site / "release-notes.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2>(.*?)<a", notes)
    assert headings[0] in {version, "Unreleased"}
    for page in site.glob("*.html"):
        assert ">0.0.0<" not in page.read_text(encoding="utf-8"), page.name
    assert f"<title>Release notes &#8212; nailgun-hooks {version}</title>" in notes
