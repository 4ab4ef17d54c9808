"""``nailgun-hooks migrate``: upgrade extensions' tables, show where they
are, or print the SQL of their upgrades.

Its input is checked before any extension is imported: a database URL that
cannot be used, a configuration file that is not there and an extension
name that is not installed are usage errors (exit 2), named as the user
typed them. Its output is for operators -- a line per revision as it runs --
or, with ``--json``, for machines (the schema is in docs/integration.md).
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import sys
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from ..errors import (
    DatabaseError,
    ExtensionValidationError,
    MigrationError,
    MigrationsPathError,
    NailgunHooksError,
    Problem,
    UsageError,
    did_you_mean,
)
from ..loading import load_extensions
from ..manager import HookManager
from ..markers import DISABLED_ENV, NAMESPACE
from ..nailgun.dbcheck import check_database, safe_url
from ..nailgun.history import extension_history
from ..nailgun.leftovers import left_behind
from ..nailgun.migrations import (
    MigrationFailure,
    MigrationInterrupted,
    MigrationResult,
    RevisionRun,
    downgrade_extensions,
    extension_status,
    require_db_extra,
    upgrade_extensions,
    write_offline_sql,
)
from ..nailgun.stamping import stamp_extensions
from ..startup.discovery import installed_entry_points
from ..startup.migration_checks import migrations_of
from ..startup.selection import parse_names
from .dbinput import add_db_arguments, database_url
from .exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks migrate``."""
    add_db_arguments(parser)
    parser.add_argument(
        "--extension",
        "-e",
        action="append",
        metavar="NAME",
        help="only this extension (repeatable); default: all loaded",
    )
    parser.add_argument(
        "--config-file",
        metavar="INI",
        help="alembic.ini for every extension's env.py (default: one with "
        "the logging configuration of Nailgun's alembic.ini)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--status",
        action="store_true",
        help="print each extension's current and head revisions, changing "
        "nothing (alembic current, alembic heads)",
    )
    mode.add_argument(
        "--history",
        action="store_true",
        help="print each extension's revisions, newest first, the current "
        "ones marked, changing nothing (alembic history)",
    )
    mode.add_argument(
        "--stamp",
        action="append",
        metavar="EXT@REV",
        help="set extension EXT's version table to revision REV ('base' empties "
        "it) without running any migration (repeatable; alembic stamp)",
    )
    mode.add_argument(
        "--down-to",
        action="append",
        metavar="EXT@REV",
        help="downgrade extension EXT to revision REV ('base', an id, or -1), "
        "running its revisions' downgrade() (repeatable; alembic downgrade)",
    )
    mode.add_argument(
        "--sql",
        action="store_true",
        help="print the SQL of each extension's upgrade from base instead of "
        "running it, without connecting (alembic upgrade heads --sql); with "
        "--to EXT@FROM:TO, of that range only",
    )
    parser.add_argument(
        "--to",
        action="append",
        metavar="EXT@REV",
        help="upgrade extension EXT to revision REV rather than its heads, "
        "and migrate only the extensions named (repeatable; alembic upgrade REV)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print JSON for machines instead of text (not with --sql)",
    )
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="go on with the sound extensions even if others have problems",
    )
    parser.add_argument(
        "--namespace",
        default=NAMESPACE,
        metavar="GROUP",
        help=f"entry-point group to load extensions from (default: {NAMESPACE})",
    )


# --- checking the input, before anything runs --------------------------------


def _check_config_file(path: str) -> None:
    if not Path(path).is_file():
        raise UsageError(f"--config-file {path}: no such file")
    parser = configparser.ConfigParser()
    try:
        with open(path, encoding="utf-8") as stream:
            parser.read_file(stream)
    except OSError as exc:
        raise UsageError(f"--config-file {path}: {exc.strerror or exc}") from exc
    except (configparser.Error, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0]
        raise UsageError(f"--config-file {path}: not an ini file: {first}") from exc


def _check_names(
    names: Collection[str], namespace: str, option: str = "-e/--extension"
) -> None:
    """Every name is installed and not disabled, or say which is not, named
    as the ``option`` it was given to."""
    installed = sorted({info.name for info in installed_entry_points(namespace)})
    denied = parse_names(os.environ.get(DISABLED_ENV)) or frozenset()
    for name in names:
        if name in denied:
            raise UsageError(
                f"{option} {name}: {name!r} is disabled by {DISABLED_ENV}; "
                f"remove it from {DISABLED_ENV} to migrate it"
            )
        if name not in installed:
            hint = did_you_mean(name, installed)
            listing = ", ".join(installed) if installed else "none"
            raise UsageError(
                f"{option} {name}: no extension named {name!r} is "
                f"installed in {namespace!r}"
                + (f"; {hint}" if hint else "")
                + f" (installed: {listing})"
            )


def _check_input(args: argparse.Namespace) -> None:
    if args.json and args.sql:
        raise UsageError("--json cannot be combined with --sql, which prints SQL")
    try:
        require_db_extra()
    except NailgunHooksError as exc:
        raise UsageError(str(exc)) from exc
    if args.config_file is not None:
        _check_config_file(args.config_file)
    args.db, source = database_url(args)
    try:
        check_database(
            args.db,
            connect=not args.sql,
            write=not (args.sql or args.status or args.history),
        )
    except DatabaseError as exc:
        raise UsageError(f"{source}: {exc}") from exc
    _check_targets(args)


def _parse_targets(given: Sequence[str] | None, option: str) -> dict[str, str]:
    """``EXT@REV`` values as ``{EXT: REV}``."""
    targets: dict[str, str] = {}
    for value in given or ():
        name, _, revision = value.partition("@")
        if not name or not revision:
            raise UsageError(
                f"{option} {value}: give EXTENSION@REVISION, e.g. {option} "
                "cluster_upgrade@3b5d115d7e49"
            )
        targets[name] = revision
    return targets


def _check_targets(args: argparse.Namespace) -> None:
    """``--to`` (an upgrade) and ``--stamp`` (a mode of its own), checked
    and named as typed; the extensions they name are those loaded."""
    modes = (args.status, args.history, args.stamp, args.down_to)
    if args.to and any(modes):
        raise UsageError(
            "--to upgrades: it cannot be combined with --status, --history, "
            "--stamp or --down-to (with --sql it prints the upgrade's SQL)"
        )
    args.targets = _parse_targets(args.to, "--to")
    ranged = [f"{n}@{r}" for n, r in args.targets.items() if ":" in r]
    if ranged and not args.sql:
        raise UsageError(
            f"--to {ranged[0]}: a range FROM:TO is for --sql, which prints its "
            "SQL; to upgrade, give the revision to reach (EXT@TO)"
        )
    args.stamps = _parse_targets(args.stamp, "--stamp")
    args.downs = _parse_targets(args.down_to, "--down-to")
    if args.extension:
        _check_names(args.extension, args.namespace)
    given = (("--to", args.targets), ("--stamp", args.stamps))
    for option, named in (*given, ("--down-to", args.downs)):
        if named:
            _check_names(list(named), args.namespace, option)
    names = [*(args.extension or ()), *args.targets, *args.stamps, *args.downs]
    args.selected = list(dict.fromkeys(names)) or None


# --- running -----------------------------------------------------------------


def _action(args: argparse.Namespace) -> str:
    for action in ("status", "history", "stamp"):
        if getattr(args, action):
            return action
    return "downgrade" if args.down_to else "upgrade"


def _report(
    args: argparse.Namespace,
    out: TextIO,
    entries: Sequence[Mapping[str, object]],
    problems: Sequence[Problem],
    ok: bool,
    extra: Mapping[str, object] | None = None,
) -> None:
    data = {
        "action": _action(args),
        "database": safe_url(args.db),
        "ok": ok,
        "extensions": list(entries),
        "problems": [problem.to_dict() for problem in problems],
        **(extra or {}),
    }
    json.dump(data, out, indent=2)
    out.write("\n")


def _in_order(
    manager: HookManager, entries: Mapping[str, Mapping[str, object]]
) -> list[Mapping[str, object]]:
    return [entries[name] for name in manager.names() if name in entries]


def _print_failures(failures: Sequence[MigrationFailure]) -> None:
    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)


def _upgrade(args: argparse.Namespace, out: TextIO, manager: HookManager) -> int:
    def progress(run: RevisionRun) -> None:
        out.write(f"{run}\n")
        out.flush()

    results: Sequence[MigrationResult]
    failures: Sequence[MigrationFailure] = ()
    report = None if args.json else progress
    try:
        if args.down_to:
            results = downgrade_extensions(
                manager,
                args.db,
                args.downs,
                config_file=args.config_file,
                on_revision=report,
            )
        else:
            results = upgrade_extensions(
                manager,
                args.db,
                config_file=args.config_file,
                on_revision=report,
                targets=args.targets,
            )
    except MigrationError as exc:
        results, failures = exc.results, exc.failures
    ok = not failures
    if args.json:
        entries = {r.extension: r.to_dict() for r in results}
        entries.update({f.extension: f.to_dict() for f in failures})
        _report(args, out, _in_order(manager, entries), manager.problems, ok)
    else:
        if not results and not failures:
            out.write("no loaded extension has migrations\n")
        for result in results:
            out.write(f"{result}\n")
        _print_failures(failures)
    return EXIT_OK if ok else EXIT_PROBLEMS


def _owned_tables(manager: HookManager, namespace: str) -> set[str]:
    """The version tables of installed extensions: the default name of each
    installed one, and the actual one of each loaded one."""
    owned = {f"{i.name}_alembic_version" for i in installed_entry_points(namespace)}
    for record in manager.extensions:
        try:
            found = migrations_of(record)
        except MigrationsPathError:
            continue
        if found is not None:
            owned.add(found.version_table)
    return owned


def _status(args: argparse.Namespace, out: TextIO, manager: HookManager) -> int:
    statuses, failures = extension_status(
        manager, args.db, config_file=args.config_file
    )
    leftovers = left_behind(args.db, _owned_tables(manager, args.namespace))
    if args.json:
        entries = {s.extension: s.to_dict() for s in statuses}
        entries.update({f.extension: f.to_dict() for f in failures})
        ok = not failures
        extra = {"left_behind": [left.to_dict() for left in leftovers]}
        _report(args, out, _in_order(manager, entries), manager.problems, ok, extra)
    else:
        if not statuses and not failures:
            out.write("no loaded extension has migrations\n")
        for status in statuses:
            out.write(f"{status}\n")
        for left in leftovers:
            out.write(f"{left}\n")
        _print_failures(failures)
    return EXIT_PROBLEMS if failures else EXIT_OK


def _history(args: argparse.Namespace, out: TextIO, manager: HookManager) -> int:
    histories, failures = extension_history(
        manager, args.db, config_file=args.config_file
    )
    if args.json:
        entries = {h.extension: h.to_dict() for h in histories}
        entries.update({f.extension: f.to_dict() for f in failures})
        _report(args, out, _in_order(manager, entries), manager.problems, not failures)
    else:
        if not histories and not failures:
            out.write("no loaded extension has migrations\n")
        for history in histories:
            out.write(f"{history}\n")
        _print_failures(failures)
    return EXIT_PROBLEMS if failures else EXIT_OK


def _stamp(args: argparse.Namespace, out: TextIO, manager: HookManager) -> int:
    results, failures = stamp_extensions(
        manager, args.db, args.stamps, config_file=args.config_file
    )
    if args.json:
        entries = {r.extension: r.to_dict() for r in results}
        entries.update({f.extension: f.to_dict() for f in failures})
        _report(args, out, _in_order(manager, entries), manager.problems, not failures)
    else:
        for result in results:
            out.write(f"{result}\n")
        _print_failures(failures)
    return EXIT_PROBLEMS if failures else EXIT_OK


def _sql(args: argparse.Namespace, out: TextIO, manager: HookManager) -> int:
    failures = write_offline_sql(
        manager,
        args.db,
        out,
        config_file=args.config_file,
        ranges=args.targets,
    )
    _print_failures(failures)
    return EXIT_PROBLEMS if failures else EXIT_OK


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Check the input, load the extensions, then upgrade, report or print
    SQL; the exit code."""
    _check_input(args)
    try:
        manager = load_extensions(
            strict=not args.lenient,
            enabled=args.selected,
            namespace=args.namespace,
        )
    except ExtensionValidationError as exc:
        if args.json:
            _report(args, out, [], exc.problems, ok=False)
        else:
            print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    if not args.json:
        for problem in manager.problems:
            print(f"skipped: {problem}", file=sys.stderr)
    try:
        if args.status:
            return _status(args, out, manager)
        if args.history:
            return _history(args, out, manager)
        if args.stamp:
            return _stamp(args, out, manager)
        if args.sql:
            return _sql(args, out, manager)
        return _upgrade(args, out, manager)
    except NailgunHooksError as exc:
        print(exc, file=sys.stderr)
        return EXIT_PROBLEMS
    except MigrationInterrupted as stop:
        print(f"nailgun-hooks: {stop}", file=sys.stderr)
        if args.json:
            _report(args, out, stop.to_dicts(), manager.problems, ok=False)
        return EXIT_INTERRUPTED
