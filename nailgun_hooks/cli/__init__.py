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
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn, TextIO

from .._version import __version__
from ..calls.tracing import (
    BOOLEAN_WORDS,
    TRACE_ENV,
    trace_setting,
    tracing_from_env,
)
from ..errors import UsageError, printable
from . import check, completion, demo, listing, migrate, new
from . import revision as revision_command
from . import specs as specs_command
from .exits import (
    EXIT_CODES,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
)
from .groups import check_namespace
from .inventory import take_inventory
from .logs import library_logging
from .streams import command_streams, write_json

__all__ = ["COMMANDS", "Command", "main"]

PROG = "nailgun-hooks"


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


COMMANDS: dict[str, Command] = {
    "list": Command(
        "list installed extensions in call order, with status and a fingerprint",
        listing.add_arguments,
        # take_inventory is read here at each run: a test replaces it on
        # this module to make ``list`` fail as a bug would.
        lambda args, out: listing.run(args, out, take_inventory),
    ),
    "check": Command(
        "validate every installed extension strictly; exit 1 listing every problem",
        check.add_arguments,
        check.run,
        "problems with installed extensions (printed)",
    ),
    "specs": Command(
        "print the hook reference generated from the hookspecs",
        specs_command.add_arguments,
        specs_command.run,
    ),
    "demo": Command(
        "fire a scripted Nailgun lifecycle through the installed extensions",
        demo.add_arguments,
        demo.run,
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
        new.add_arguments,
        new.run,
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
