"""``nailgun-hooks new``: a ready extension package for an author to start from.

The package it writes is the smallest one that is right in every way the
loader checks: a ``pyproject.toml`` whose entry point on
``nailgun.extensions`` is named like the extension, a ``BaseExtension``
subclass with its name, version and description and one typed hook
implementation, tests that use the pytest plugin's fixtures, a README and,
on request, an alembic tree shaped as ``nailgun-hooks migrate`` expects.
Installed as written, it passes ``nailgun-hooks check`` and its own tests.

Everything is checked before anything is written: an invalid name or a
target directory that is not empty is refused without touching the disk.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..errors import NailgunHooksError, UsageError
from ..markers import NAME_PATTERN, NAME_RULE, NAMESPACE
from .exits import EXIT_OK
from .package_templates import (
    ENV_PY,
    FIRST_REVISION,
    MIGRATION_TEST,
    MIGRATIONS_ATTRIBUTE,
    MIGRATIONS_SECTION,
    MODULE,
    PYPROJECT,
    README,
    TESTS,
)
from .source import PLACEHOLDER, install_argument, library_source

__all__ = [
    "PackageNames",
    "ScaffoldError",
    "add_arguments",
    "create",
    "names_for",
    "render",
    "run",
]


class ScaffoldError(NailgunHooksError):
    """The package cannot be created as asked; nothing was written."""


@dataclass(frozen=True)
class PackageNames:
    """The names the new package is made of, all derived from the extension's."""

    extension: str
    """The extension's ``name``: entry point name, table prefix, log channel."""
    distribution: str
    """What ``pip install`` and ``pip uninstall`` call the package."""
    module: str
    """The importable package."""
    class_name: str


def names_for(name: str) -> PackageNames:
    """Derive the package's names; a name the loader would reject is refused."""
    if not NAME_PATTERN.fullmatch(name):
        raise ScaffoldError(f"{name!r} is not a valid extension name: use {NAME_RULE}")
    words = [word for word in re.split(r"[-_]+", name) if word]
    snake = "_".join(word.lower() for word in words)
    return PackageNames(
        extension=name,
        distribution=f"nailgun-ext-{snake.replace('_', '-')}",
        module=f"nailgun_ext_{snake}",
        class_name="".join(word[0].upper() + word[1:] for word in words) + "Extension",
    )


def _library_requirement(with_migrations: bool) -> str:
    """This library, at least at the minor release that wrote the package."""
    extra = "[db]" if with_migrations else ""
    try:
        release = importlib.metadata.version("nailgun-hooks")
    except importlib.metadata.PackageNotFoundError:
        return f"nailgun-hooks{extra}"
    minor = ".".join(release.split(".")[:2])
    return f"nailgun-hooks{extra}>={minor}"


def _library_install(with_migrations: bool) -> dict[str, str]:
    """How the README installs nailgun-hooks in a new environment: from the
    checkout or wheel this one came from, while it is on no package index."""
    source = library_source()
    origin = (
        "the checkout or wheel this package was generated with"
        if source
        else f"a checkout of nailgun-hooks or a wheel built from it ({PLACEHOLDER})"
    )
    return {
        "library": install_argument(source, "[db]" if with_migrations else ""),
        "library_origin": origin,
    }


def render(names: PackageNames, *, with_migrations: bool = False) -> dict[str, str]:
    """The package's files: relative path (with ``/``) to contents."""
    description = f"The {names.extension} Nailgun extension"
    values: Mapping[str, str] = {
        "extension": names.extension,
        "distribution": names.distribution,
        "module": names.module,
        "class_name": names.class_name,
        "description": description,
        "namespace": NAMESPACE,
        "requirement": _library_requirement(with_migrations),
        **_library_install(with_migrations),
        "path_import": "from pathlib import Path\n" if with_migrations else "",
        "migrations_attribute": MIGRATIONS_ATTRIBUTE if with_migrations else "",
        "sqlalchemy_import": "\nimport sqlalchemy" if with_migrations else "",
        "upgrade_import": (
            "\nfrom nailgun_hooks.migrations import upgrade_extensions"
            if with_migrations
            else ""
        ),
    }
    migration_test = MIGRATION_TEST.substitute(values) if with_migrations else ""
    section = MIGRATIONS_SECTION.substitute(values) if with_migrations else ""
    files = {
        "pyproject.toml": PYPROJECT.substitute(values),
        "README.md": README.substitute(values, migrations_section=section),
        f"{names.module}/__init__.py": MODULE.substitute(values),
        f"tests/test_{names.module}.py": TESTS.substitute(
            values, migration_test=migration_test
        ),
    }
    if with_migrations:
        migrations = f"{names.module}/migrations"
        files[f"{migrations}/env.py"] = ENV_PY.substitute(values)
        files[f"{migrations}/versions/0001_first_table.py"] = FIRST_REVISION.substitute(
            values
        )
    return files


def _check_target(target: Path) -> None:
    if target.is_dir():
        try:
            empty = not any(target.iterdir())
        except OSError as exc:
            raise ScaffoldError(f"cannot read {target}: {exc.strerror}") from exc
        if not empty:
            raise ScaffoldError(
                f"{target} exists and is not empty; choose another --dir"
            )
    elif os.path.lexists(target):
        raise ScaffoldError(f"{target} exists and is not a directory")


def create(
    name: str, target: Path | None = None, *, with_migrations: bool = False
) -> tuple[Path, list[Path]]:
    """Write the package for extension ``name`` into ``target`` (default: a
    directory named like the distribution, in the current directory).

    Returns the directory and the files written. Raises
    :class:`ScaffoldError`, having written nothing, for an invalid name or a
    target that exists and is not an empty directory.
    """
    names = names_for(name)
    target = Path(names.distribution) if target is None else target
    # resolved first: "missing/.." is the current directory, whose contents
    # the check must see, and nothing is created on the way to it
    resolved = target.resolve()
    _check_target(resolved)
    files = render(names, with_migrations=with_migrations)
    written = []
    try:
        for relative, text in files.items():
            path = resolved.joinpath(*relative.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as file:  # never overwrite
                file.write(text)
            written.append(target.joinpath(*relative.split("/")))
    except FileExistsError as exc:
        raise ScaffoldError(
            f"{exc.filename} appeared while the package was written; it was "
            "left as it is"
        ) from exc
    except OSError as exc:
        raise ScaffoldError(
            f"cannot write {exc.filename or target}: {exc.strerror or exc}"
        ) from exc
    return target, written


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks new``."""
    parser.add_argument("name", metavar="NAME", help="the extension's name")
    parser.add_argument(
        "--dir",
        metavar="DIR",
        type=Path,
        help="where to write the package (default: ./nailgun-ext-NAME); it "
        "must not exist or be empty",
    )
    parser.add_argument(
        "--with-migrations",
        action="store_true",
        help="add an alembic tree for the extension's own tables",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Write the package and say what to do next; a package that cannot be
    written as asked is the user's to fix (a usage error)."""
    try:
        target, files = create(
            args.name, args.dir, with_migrations=args.with_migrations
        )
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from exc
    out.write(f"created the package of extension {args.name!r} in {target}:\n")
    out.writelines(f"  {path.relative_to(target).as_posix()}\n" for path in files)
    where = target.as_posix() if target.is_absolute() else f"./{target.as_posix()}"
    out.write(f"next: pip install -e '{where}[test]' && nailgun-hooks check\n")
    return EXIT_OK
