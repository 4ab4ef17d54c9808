"""The package's layers, read from its import graph (see ARCHITECTURE.md).

Every ``from ... import`` in the package is read from the source, at any
depth (inside functions and ``if TYPE_CHECKING:`` blocks too, since a
type-only import is still a dependency a reader has to follow). Imports
must go one way, down the layer order below, and no group of modules may
import each other in a circle.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.once

PACKAGE = Path(__file__).resolve().parent.parent / "nailgun_hooks"

# Lowest first: a module may import from its own layer and the layers above
# it in this list, never from one below. The key is the first name under
# nailgun_hooks (a top-level module or a layer folder).
LAYERS: list[tuple[str, frozenset[str]]] = [
    (
        "base",
        frozenset(
            {"types", "errors", "markers", "extension", "hookspecs", "inmemory"}
            | {"_pluggy_internals", "_pluggy_loop", "_version"}
        ),
    ),
    ("spec", frozenset({"spec"})),
    ("startup", frozenset({"startup", "legacy"})),
    ("calls", frozenset({"calls"})),
    ("manager", frozenset({"manager"})),
    ("loading", frozenset({"loading"})),
    ("testing", frozenset({"testing"})),
    ("nailgun", frozenset({"nailgun", "migrations", "rest", "compat"})),
    ("cli", frozenset({"cli", "__main__", "sphinxext"})),
]

# Imports inside a function are allowed only where they keep something cheap
# to import, never to get round a cycle: the pytest plugin is imported by every
# pytest run of every project that installs nailgun-hooks.
LAZY_IMPORTERS = frozenset(
    {"nailgun_hooks.testing", "nailgun_hooks.nailgun.compat_fixture"}
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_module(name: str) -> bool:
    return name in modules()


def imports(name: str, path: Path) -> Iterator[tuple[str, bool]]:
    """(imported module, inside a function) for every package-internal import."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    functions: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions |= {id(inner) for inner in ast.walk(node)}
    for node in ast.walk(tree):
        lazy = id(node) in functions
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "nailgun_hooks":
                    yield alias.name, lazy
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "nailgun_hooks":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield (sub if is_module(sub) else target), lazy


def graph() -> dict[str, set[str]]:
    return {
        name: {target for target, _ in imports(name, path)}
        for name, path in modules().items()
    }


def layer_of(module: str) -> int:
    key = module.split(".")[1]
    for rank, (_, members) in enumerate(LAYERS):
        if key in members:
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def test_every_module_is_in_a_layer() -> None:
    for name in modules():
        if name != "nailgun_hooks":
            layer_of(name)


def test_imports_go_down_the_layers() -> None:
    upward = []
    for source, targets in graph().items():
        if source == "nailgun_hooks":
            continue  # the package facade, which loads names lazily
        for target in targets:
            if target == "nailgun_hooks":
                upward.append(f"{source} imports the package facade")
            elif layer_of(target) > layer_of(source):
                upward.append(
                    f"{source} ({LAYERS[layer_of(source)][0]}) imports "
                    f"{target} ({LAYERS[layer_of(target)][0]})"
                )
    assert not upward, "\n".join(sorted(upward))


# startup/'s modules in the order a candidate extension goes through them,
# earliest first: a module imports its own step's modules and earlier ones,
# never a later step's. The first step is what every step may use.
STARTUP_STEPS: list[tuple[str, frozenset[str]]] = [
    (
        "foundation",
        frozenset(
            {"guard", "identity", "locations", "bases", "selection", "ordering"}
            | {"distributions", "hostversion"}
        ),
    ),
    ("discovery", frozenset({"discovery"})),
    ("records", frozenset({"records"})),
    ("call view", frozenset({"call_view"})),
    ("legacy", frozenset({"legacy"})),
    ("implementations", frozenset({"implementations", "plugin_manager"})),
    ("instantiation", frozenset({"instantiation"})),
    (
        "checks",
        frozenset(
            {"metadata_checks", "implementation_checks", "positional_checks"}
            | {"equality", "legacy_checks", "provides", "urls"}
            | {"migration_checks", "deprecation"}
        ),
    ),
    ("checking", frozenset({"checks"})),
    ("assembly", frozenset({"assembly"})),
    ("registration", frozenset({"registration", "refusals"})),
    ("pipeline", frozenset({"pipeline"})),
]


def startup_step(module: str) -> int:
    short = module.removeprefix("nailgun_hooks.startup.")
    for rank, (_, members) in enumerate(STARTUP_STEPS):
        if short in members:
            return rank
    raise AssertionError(f"{module} is in no step: add it to STARTUP_STEPS")


def test_every_startup_module_is_in_a_step() -> None:
    for name in modules():
        if name.startswith("nailgun_hooks.startup."):
            startup_step(name)


def test_startup_imports_follow_the_pipeline() -> None:
    later = []
    for source, targets in graph().items():
        if not source.startswith("nailgun_hooks.startup."):
            continue
        for target in targets:
            if not target.startswith("nailgun_hooks.startup."):
                continue
            if startup_step(target) > startup_step(source):
                later.append(
                    f"{source} ({STARTUP_STEPS[startup_step(source)][0]}) imports "
                    f"{target} ({STARTUP_STEPS[startup_step(target)][0]})"
                )
    assert not later, "\n".join(sorted(later))


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: every group of modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    edges = graph()
    edges.pop("nailgun_hooks")
    cycles = [group for group in strongly_connected(edges) if len(group) > 1]
    cycles += [[name] for name, targets in edges.items() if name in targets]
    assert not cycles


def test_the_cycle_finder_finds_cycles() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [g for g in strongly_connected(edges) if len(g) > 1] == [["a", "b", "c"]]


def test_no_function_level_imports_outside_the_lazy_importers() -> None:
    lazy = sorted(
        f"{name} imports {target} inside a function"
        for name, path in modules().items()
        if name not in LAZY_IMPORTERS | {"nailgun_hooks"}
        for target, inside in imports(name, path)
        if inside
    )
    assert not lazy, "\n".join(lazy)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from ..errors import Problem", "nailgun_hooks.errors"),
        ("from .policy import Policy", "nailgun_hooks.calls.policy"),
        ("from .. import hookspecs", "nailgun_hooks.hookspecs"),
        ("from ..spec.catalogue import specs", "nailgun_hooks.spec.catalogue"),
        ("from . import relay", "nailgun_hooks.calls.relay"),
    ],
)
def test_relative_imports_are_resolved(
    source: str, expected: str, tmp_path: Path
) -> None:
    path = PACKAGE / "calls" / "scopes.py"
    fake = tmp_path / "scopes.py"
    fake.write_text(source + "\n")
    found = [t for t, _ in imports("nailgun_hooks.calls.scopes", fake)]
    assert found == [expected]
    assert path.exists()


# Private names of pluggy and stevedore: only nailgun_hooks._pluggy_internals
# may use them (see its docstring).
INTERNALS_MODULE = "nailgun_hooks._pluggy_internals"
PRIVATE_NAMES = frozenset(
    {
        "_hookexec",
        "_inner_hookexec",
        "_hookimpls",
        "_name2plugin",
        "_verify_hook",
        "_maybe_apply_history",
        "_multicall",
        "normalize_hookimpl_opts",
        "_static_hook_attr",
        "_load_one_plugin",
        "_plugin_distinfo",
        "_call_history",
        "_add_hookimpl",
        "_remove_plugin",
        "_get_marker_opts",
        "_HookCaller",
        "_HookRelay",
        "_SubsetHookCaller",
        "_on_load_failure_callback",
        "_extensions_by_name",
        "_load_plugins",
    }
)
PRIVATE_MODULES = ("pluggy._", "stevedore._")


def private_uses(source: str) -> list[str]:
    """Every use of a private pluggy/stevedore name in ``source``'s code
    (prose in docstrings and comments is not code)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.alias):
            names += [node.name, *node.name.split(".")]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.append(node.value)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(PRIVATE_MODULES):
                found.append(f"line {node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PRIVATE_MODULES):
                    found.append(f"line {node.lineno}: import {alias.name}")
        found += [
            f"line {getattr(node, 'lineno', '?')}: {name}"
            for name in names
            if name in PRIVATE_NAMES
        ]
    return found


def test_private_names_of_pluggy_and_stevedore_stay_in_pluggy_internals() -> None:
    leaks = {
        name: private_uses(path.read_text())
        for name, path in modules().items()
        if name != INTERNALS_MODULE
    }
    assert not {name: uses for name, uses in leaks.items() if uses}


@pytest.mark.parametrize(
    "source",
    [
        "pm._hookexec(name, impls, kwargs, False)",
        "getattr(pm, '_inner_hookexec', None)",
        "from pluggy._callers import _multicall",
        "import stevedore._cache",
        "class Loader:\n    def _load_one_plugin(self): ...",
        "from pluggy._hooks import normalize_hookimpl_opts",
    ],
)
def test_the_private_name_check_sees_code(source: str) -> None:
    assert private_uses(source)


def test_the_private_name_check_ignores_prose() -> None:
    assert not private_uses(
        '"""Hands the call to pluggy\'s ``_hookexec``."""\n# _hookimpls\n'
    )


def test_pluggy_internals_is_where_the_private_names_are() -> None:
    assert private_uses((PACKAGE / "_pluggy_internals.py").read_text())


PUBLIC_MODULES = [
    "nailgun_hooks",
    "nailgun_hooks.compat",
    "nailgun_hooks.errors",
    "nailgun_hooks.extension",
    "nailgun_hooks.hookspecs",
    "nailgun_hooks.inmemory",
    "nailgun_hooks.legacy",
    "nailgun_hooks.loading",
    "nailgun_hooks.manager",
    "nailgun_hooks.markers",
    "nailgun_hooks.migrations",
    "nailgun_hooks.rest",
    "nailgun_hooks.sphinxext",
    "nailgun_hooks.testing",
    "nailgun_hooks.types",
]


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_public_modules_say_what_they_export(name: str) -> None:
    module = importlib.import_module(name)
    exported = module.__all__
    assert exported, name
    missing = [item for item in exported if not hasattr(module, item)]
    assert not missing


def test_every_top_level_module_is_public_or_visibly_internal() -> None:
    top = {
        name.rpartition(".")[2]
        for name in modules()
        if name.count(".") == 1 and not (PACKAGE / name.rpartition(".")[2]).is_dir()
    }
    public = {name.rpartition(".")[2] for name in PUBLIC_MODULES}
    assert top - public == {"__main__", "_pluggy_internals", "_pluggy_loop", "_version"}
