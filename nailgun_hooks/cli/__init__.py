"""The ``nailgun-hooks`` command (also ``python -m nailgun_hooks``).

Every command is one entry of :data:`COMMANDS`: a help line, a function that
adds its options to its sub-parser, and a function that runs it, writes to the
given stream and returns the exit code. Adding a command is adding an entry;
``main`` owns parsing, logging and error handling for all of them.

Exit codes (each command's ``--help`` lists those it exits with):

* 0 -- done, nothing wrong;
* 1 -- problems found with installed extensions (they are printed), or their
  migrations failed; ``list`` reports rejected extensions but exits 0:
  ``check`` is the command that fails; implementations of deprecated hooks
  are warnings, not problems; ``demo`` with no extension loaded says what to
  install and exits 0 (1 if some were rejected);
* 2 -- usage error: bad arguments, or a file or database that cannot be used;
* 3 -- nailgun-hooks itself failed (a bug: please report it with the
  output of ``--debug``);
* 130 -- interrupted (Ctrl-C).

Errors are one line on stderr; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from .._version import __version__
from ..calls.tracing import (
    BOOLEAN_WORDS,
    TRACE_ENV,
    trace_setting,
    tracing_from_env,
)
from ..errors import ExtensionValidationError, UsageError, printable
from ..loading import load_extensions
from ..markers import DISABLED_ENV, ENABLED_ENV, NAMESPACE
from ..startup.selection import parse_names
from . import completion, migrate
from . import revision as revision_command
from . import specs as specs_command
from .demo import INSTALL_HINT, run_demo
from .groups import check_namespace, misspelled_groups
from .inventory import (
    inspect_installed,
    render_inventory,
    render_problems,
    render_warnings,
    take_inventory,
)
from .logs import library_logging
from .new import ScaffoldError, create
from .streams import command_streams

__all__ = ["COMMANDS", "Command", "main"]

PROG = "nailgun-hooks"
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}  done, nothing wrong
  {EXIT_PROBLEMS}  problems with installed extensions or their migrations (printed)
  {EXIT_USAGE}  usage error: bad arguments, or a file or database that cannot be used
  {EXIT_INTERNAL}  nailgun-hooks itself failed (rerun with --debug and report it)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C)
"""


@dataclass(frozen=True)
class Command:
    """One sub-command: its help line, its options and what it does."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]
    fails: str | None = None
    """What exit code 1 means for it; None: it never exits 1."""

    def exit_codes(self) -> str:
        """The epilog of its ``--help``: only the codes it exits with."""
        lines = EXIT_CODES.splitlines()
        codes = [lines[0], lines[1]]
        if self.fails is not None:
            codes.append(f"  {EXIT_PROBLEMS}  {self.fails}")
        return "\n".join([*codes, *lines[3:]]) + "\n"


def add_namespace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--namespace",
        default=NAMESPACE,
        metavar="GROUP",
        help=f"entry-point group to read (default: {NAMESPACE})",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print JSON for machines instead of text"
    )


def write_json(data: object, out: TextIO) -> None:
    json.dump(data, out, indent=2)
    out.write("\n")


# --- list --------------------------------------------------------------------


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    add_json_option(parser)
    parser.add_argument(
        "--no-import",
        action="store_true",
        help="list from entry-point metadata alone, importing no extension "
        "(for a broken or untrusted install)",
    )
    add_namespace_option(parser)


def _run_list(args: argparse.Namespace, out: TextIO) -> int:
    if args.no_import:
        inventory = inspect_installed(
            args.namespace,
            enabled=parse_names(os.environ.get(ENABLED_ENV)),
            disabled=parse_names(os.environ.get(DISABLED_ENV)) or frozenset(),
        )
    else:
        inventory = take_inventory(args.namespace)
    inventory.problems += misspelled_groups(args.namespace)
    if args.json:
        write_json(inventory.to_dict("list"), out)
    else:
        out.write(render_inventory(inventory, debug=args.debug))
    return EXIT_OK


# --- check -------------------------------------------------------------------


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    add_json_option(parser)
    add_namespace_option(parser)


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    # Every installed extension, whatever the allow- and deny-lists say:
    # an extension disabled today may be enabled tomorrow.
    inventory = take_inventory(args.namespace, everything=True)
    inventory.problems += misspelled_groups(args.namespace)
    problems = inventory.all_problems
    if args.json:
        write_json(inventory.to_dict("check"), out)
        return EXIT_PROBLEMS if problems else EXIT_OK
    loaded = inventory.loaded
    styles = {entry.name: entry.style or "" for entry in loaded}
    checked = (
        sorted(entry.name for entry in inventory.entries)
        if problems
        else [entry.name for entry in loaded]
    )
    out.write(render_problems(args.namespace, checked, problems, args.debug, styles))
    out.write(render_warnings(inventory.all_warnings, args.debug))
    return EXIT_PROBLEMS if problems else EXIT_OK


# --- demo --------------------------------------------------------------------


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse to run if any installed extension has a problem "
        "(default: run the sound ones, print the problems, exit 1)",
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help=f"log every hook call, each extension it reaches and how long it "
        f"took, to stderr (as {TRACE_ENV}=1 does)",
    )
    add_namespace_option(parser)


def _run_demo(args: argparse.Namespace, out: TextIO) -> int:
    try:
        manager = load_extensions(strict=args.strict, namespace=args.namespace)
    except ExtensionValidationError as exc:
        out.write(render_problems(args.namespace, [], exc.problems, args.debug))
        out.write("not running the demo (--strict); fix the problems above\n")
        return EXIT_PROBLEMS
    loaded = printable(", ".join(f"{r.name} {r.version}" for r in manager.extensions))
    out.write(
        "nailgun-hooks demo: a Nailgun cluster's life, from creation to deletion,\n"
        "over in-memory objects, fired through the installed extensions.\n"
        f"loaded from {args.namespace!r}, in call order: {loaded or 'none'}\n"
    )
    if manager.problems:
        out.write(
            f"rejected ({len(manager.problems)} problem(s); these extensions are "
            "not called):\n"
        )
        for problem in manager.problems:
            out.write(f"  {problem}\n")
    if not manager.extensions:
        out.write(
            f"\nno extension is loaded from {args.namespace!r}: nothing would "
            "receive the events,\nso the demo stops here. " + INSTALL_HINT
        )
        return EXIT_PROBLEMS if manager.problems else EXIT_OK
    result = run_demo(manager, out)
    failed = manager.problems or result.raised or result.oddities
    return EXIT_PROBLEMS if failed else EXIT_OK


# --- new ---------------------------------------------------------------------


def _new_arguments(parser: argparse.ArgumentParser) -> None:
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


def _run_new(args: argparse.Namespace, out: TextIO) -> int:
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


COMMANDS: dict[str, Command] = {
    "list": Command(
        "list installed extensions in call order, with status and a fingerprint",
        _list_arguments,
        _run_list,
    ),
    "check": Command(
        "validate every installed extension strictly; exit 1 listing every problem",
        _check_arguments,
        _run_check,
        "problems with installed extensions (printed)",
    ),
    "specs": Command(
        "print the hook reference generated from the hookspecs",
        specs_command.add_arguments,
        specs_command.run,
    ),
    "demo": Command(
        "fire a scripted Nailgun lifecycle through the installed extensions",
        _demo_arguments,
        _run_demo,
        "extensions were rejected, raised or answered oddly (printed)",
    ),
    "migrate": Command(
        "upgrade every loaded extension's alembic migrations, or show their "
        "status, history or SQL, stamp or downgrade them (nailgun-hooks[db])",
        migrate.add_arguments,
        migrate.run,
        "problems with extensions or their migrations (printed)",
    ),
    "new": Command(
        "write a ready extension package to start from",
        _new_arguments,
        _run_new,
    ),
    "completion": Command(
        "print a bash or zsh completion script for nailgun-hooks",
        completion.add_arguments,
        lambda args, out: completion.run(args, out, build_parser()),
    ),
    "revision": Command(
        "write a new, empty revision file in an extension's migrations, after "
        "its head (nailgun-hooks[db])",
        revision_command.add_arguments,
        revision_command.run,
        "the extension has no migrations, several heads, or they cannot be read",
    ),
}


# --- parsing and running -----------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Inspect, check and exercise Nailgun extensions.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks and internal logging"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        sub = subparsers.add_parser(
            name,
            help=command.help,
            description=command.help,
            epilog=command.exit_codes(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        # SUPPRESS: a --debug given before the command is not reset here.
        sub.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show tracebacks and internal logging",
        )
        command.add_arguments(sub)
    return parser


def _fail(message: str, code: int, debug: bool, json_output: bool = False) -> int:
    """The error on stderr; under ``--json`` also as the one JSON object on
    stdout, so that a machine reading it always gets one."""
    if debug:
        traceback.print_exc(file=sys.stderr)
    print(f"{PROG}: error: {message}", file=sys.stderr)
    if json_output:
        kind = {
            EXIT_USAGE: "usage",
            EXIT_INTERNAL: "internal",
            EXIT_INTERRUPTED: "interrupted",
        }.get(code, "error")
        error = {"kind": kind, "exit_code": code, "message": message}
        with command_streams(json_output=True) as out:
            write_json({"ok": False, "error": error}, out)
    return code


def _trace_from_env() -> bool:
    """The variable, or a usage error for a value that is not a boolean."""
    value = os.environ.get(TRACE_ENV, "")
    if trace_setting(value) is None:
        raise UsageError(
            f"{TRACE_ENV}={printable(repr(value))} is not a boolean: use "
            f"{BOOLEAN_WORDS}"
        )
    return tracing_from_env()


def _with_help(message: str, argv: Sequence[str] | None) -> str:
    """Point a parsing error at the help of the command it was made in
    (argparse reports unknown arguments from the top-level parser)."""
    given = sys.argv[1:] if argv is None else argv
    command = next((arg for arg in given if arg in COMMANDS), None)
    if command is None:
        return message
    return message.replace(f"(see '{PROG} --help')", f"(see '{PROG} {command} --help')")


def _asks_json(argv: Sequence[str] | None) -> bool:
    """``--json`` among the arguments, for errors found before they parse."""
    return "--json" in (sys.argv[1:] if argv is None else argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises SystemExit)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        return _fail(_with_help(str(exc), argv), EXIT_USAGE, False, _asks_json(argv))
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if args.command is None:
        choices = ", ".join(COMMANDS)
        return _fail(
            f"choose a command: {choices} (see '{PROG} --help')", EXIT_USAGE, False
        )
    json_output = bool(getattr(args, "json", False))
    try:
        if hasattr(args, "namespace"):
            check_namespace(args.namespace)
        trace = getattr(args, "trace", False) or _trace_from_env()
        with library_logging(args.debug, trace), command_streams(json_output) as out:
            return COMMANDS[args.command].run(args, out)
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE, args.debug, json_output)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED, False, json_output)
    except Exception as exc:
        hint = "" if args.debug else "; rerun with --debug for the traceback"
        return _fail(
            printable(f"internal error: {type(exc).__name__}: {exc}{hint}"),
            EXIT_INTERNAL,
            args.debug,
            json_output,
        )
