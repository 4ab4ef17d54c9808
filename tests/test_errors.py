"""The exceptions: one home, one base class, the import paths promised.

A user catches what the library raises by importing it from
``nailgun_hooks.errors`` (or the package, for the ones Nailgun's code
catches), and any of them as a ``NailgunHooksError``.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import nailgun_hooks
from nailgun_hooks import errors, migrations, testing
from nailgun_hooks.calls.policy import check_policy
from nailgun_hooks.errors import NailgunHooksError, counted
from nailgun_hooks.nailgun.dburl import parse_url

PACKAGE = Path(nailgun_hooks.__file__).resolve().parent

EXCEPTIONS = {
    "DatabaseError",
    "ExtensionNotFoundError",
    "ExtensionValidationError",
    "HookCallError",
    "InvalidExtensionError",
    "MigrationError",
    "MigrationsPathError",
    "NailgunHooksError",
    "PolicyError",
    "VersionTableError",
}
"""What ``nailgun_hooks.errors`` exports: ``UsageError`` is the command
line's own (it exits 2), defined here so that every layer can raise it."""

AT_THE_TOP = {
    "DatabaseError",
    "ExtensionNotFoundError",
    "ExtensionValidationError",
    "HookCallError",
    "MigrationError",
    "MigrationsPathError",
    "NailgunHooksError",
    "PolicyError",
}
"""What Nailgun's code catches, importable from the package itself."""

ELSEWHERE = {
    "_LoadFailed": "_pluggy_internals",
    "_OwnCannotFindExtension": "nailgun/compat_base",
    "MigrationInterrupted": "nailgun/migration_results",
    "ScaffoldError": "cli/new",
}
"""The exception classes defined outside ``errors``, each private to the
module that raises it or (``MigrationInterrupted``) a ``KeyboardInterrupt``
carrying that module's results."""


def _exported_exceptions() -> set[str]:
    return {
        name
        for name in errors.__all__
        if inspect.isclass(getattr(errors, name))
        and issubclass(getattr(errors, name), BaseException)
    }


def test_errors_exports_every_exception() -> None:
    assert _exported_exceptions() == EXCEPTIONS


@pytest.mark.parametrize("name", sorted(EXCEPTIONS | {"UsageError"}))
def test_each_is_a_nailgun_hooks_error(name: str) -> None:
    assert issubclass(getattr(errors, name), NailgunHooksError)


@pytest.mark.parametrize("name", sorted(AT_THE_TOP))
def test_the_package_exports_what_nailgun_catches(name: str) -> None:
    assert name in nailgun_hooks.__all__
    assert getattr(nailgun_hooks, name) is getattr(errors, name)


def test_the_package_exports_no_other_exception() -> None:
    exported = {
        name
        for name in nailgun_hooks.__all__
        if inspect.isclass(getattr(nailgun_hooks, name))
        and issubclass(getattr(nailgun_hooks, name), BaseException)
    }
    assert exported == AT_THE_TOP


def test_the_public_modules_that_raise_them_export_the_same_classes() -> None:
    assert migrations.DatabaseError is errors.DatabaseError
    assert migrations.MigrationError is errors.MigrationError
    assert testing.InvalidExtensionError is errors.InvalidExtensionError


@pytest.mark.parametrize(
    ("name", "builtin"),
    [
        ("ExtensionNotFoundError", LookupError),
        ("HookCallError", TypeError),
        ("PolicyError", ValueError),
        ("InvalidExtensionError", AssertionError),
    ],
)
def test_each_keeps_the_builtin_it_has_always_been(
    name: str, builtin: type[Exception]
) -> None:
    assert issubclass(getattr(errors, name), builtin)


def test_an_invalid_extension_is_a_failed_assertion_and_a_library_error() -> None:
    problem = errors.Problem("unknown-hook", "no such hook")
    with pytest.raises(AssertionError) as caught:
        raise errors.InvalidExtensionError("the extension", [problem])
    assert isinstance(caught.value, NailgunHooksError)
    assert caught.value.problems == (problem,)
    assert str(caught.value) == f"1 problem in the extension:\n{problem}"


def test_the_raising_code_raises_the_class_in_errors() -> None:
    with pytest.raises(errors.PolicyError):
        check_policy("ignore")
    with pytest.raises(errors.DatabaseError):
        parse_url("not a url")


def _exception_classes(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(
            (base.id if isinstance(base, ast.Name) else "").endswith(
                ("Error", "Exception", "Interrupt")
            )
            for base in node.bases
        )
    }


def test_no_other_module_defines_an_exception_but_the_private_ones() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for name in _exception_classes(path):
            found[name] = path.relative_to(PACKAGE).with_suffix("").as_posix()
    assert found == ELSEWHERE


def test_counted_says_one_thing_and_many_things() -> None:
    assert counted(0, "problem") == "0 problems"
    assert counted(1, "problem") == "1 problem"
    assert counted(2, "key") == "2 keys"
