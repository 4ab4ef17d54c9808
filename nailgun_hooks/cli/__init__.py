"""The ``nailgun-hooks`` command (also ``python -m nailgun_hooks``).

Every command is one entry of :data:`COMMANDS`: a help line, a function that
adds its options to its sub-parser, and a function that runs it, writes to the
given stream and returns the exit code. Adding a command is adding an entry;
``main`` owns parsing, logging and error handling for all of them.

Exit codes, the same for every command:

* 0 -- done, nothing wrong;
* 1 -- problems found with installed extensions (they are printed), or their
  migrations failed; ``list`` reports rejected extensions but exits 0:
  ``check`` is the command that fails; implementations of deprecated hooks
  are warnings, not problems; ``demo`` with no extension loaded says what to
  install and exits 0 (1 if some were rejected);
* 2 -- usage error: bad arguments, or a file or database that cannot be used;
* 3 -- nailgun-hooks itself failed (a bug: please report it with the
  output of ``--debug``).

Errors are one line on stderr; ``--debug`` adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from .._version import __version__
from ..calls.tracing import TRACE_ENV, TRACE_LOGGER, tracing_from_env
from ..errors import ExtensionValidationError, Problem, UsageError, printable
from ..loading import load_extensions
from ..markers import DISABLED_ENV, ENABLED_ENV, NAMESPACE
from ..spec.reference import render_markdown, render_text
from ..startup.discovery import installed_entry_points
from ..startup.selection import parse_names
from . import completion, migrate
from .declared import render_declared
from .demo import INSTALL_HINT, run_demo
from .inventory import (
    inspect_installed,
    render_inventory,
    render_problems,
    render_warnings,
    take_inventory,
)
from .new import ScaffoldError, create

__all__ = ["COMMANDS", "Command", "main"]

PROG = "nailgun-hooks"
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

EXIT_CODES = f"""\
exit codes:
  {EXIT_OK}  done, nothing wrong
  {EXIT_PROBLEMS}  problems with installed extensions or their migrations (printed)
  {EXIT_USAGE}  usage error: bad arguments, or a file or database that cannot be used
  {EXIT_INTERNAL}  nailgun-hooks itself failed (rerun with --debug and report it)
"""


@dataclass(frozen=True)
class Command:
    """One sub-command: its help line, its options and what it does."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]


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
    if args.json:
        write_json(inventory.to_dict(), out)
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
    names = {info.name for info in installed_entry_points(args.namespace)}
    problems: Sequence[Problem] = ()
    styles: dict[str, str] = {}  # each valid extension's style, in call order
    notices: list[Problem] = []
    try:
        manager = load_extensions(
            strict=True, enabled=names, disabled=(), namespace=args.namespace
        )
    except ExtensionValidationError as exc:
        problems = exc.problems
    else:
        styles = {record.name: record.style for record in manager.extensions}
        notices = [
            notice for record in manager.extensions for notice in record.warnings
        ]
    checked = sorted(names) if problems else list(styles)
    if args.json:
        write_json(
            {
                "namespace": args.namespace,
                "ok": not problems,
                "extensions": checked,
                "styles": styles,
                "problems": [problem.to_dict() for problem in problems],
                "warnings": [notice.to_dict() for notice in notices],
            },
            out,
        )
    else:
        out.write(
            render_problems(args.namespace, checked, problems, args.debug, styles)
        )
        out.write(render_warnings(notices, args.debug))
    return EXIT_PROBLEMS if problems else EXIT_OK


# --- specs -------------------------------------------------------------------


def _specs_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="render the docs' reference page (docs/reference.md) instead of text",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout"
    )
    parser.add_argument(
        "--installed",
        action="store_true",
        help="also list the calls installed extensions declare themselves",
    )
    add_namespace_option(parser)


def _run_specs(args: argparse.Namespace, out: TextIO) -> int:
    text = render_markdown() if args.markdown else render_text()
    if args.installed:
        text += render_declared(args.namespace, markdown=args.markdown)
    if args.output is None:
        out.write(text)
        return EXIT_OK
    path = Path(args.output)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    out.write(f"wrote {path}\n")
    return EXIT_OK


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
    return EXIT_PROBLEMS if manager.problems or result.raised else EXIT_OK


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
    ),
    "specs": Command(
        "print the hook reference generated from the hookspecs",
        _specs_arguments,
        _run_specs,
    ),
    "demo": Command(
        "fire a scripted Nailgun lifecycle through the installed extensions",
        _demo_arguments,
        _run_demo,
    ),
    "migrate": Command(
        "upgrade every loaded extension's alembic migrations, or show their "
        "status or SQL (nailgun-hooks[db])",
        migrate.add_arguments,
        migrate.run,
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
            epilog=EXIT_CODES,
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


@contextmanager
def _library_logging(debug: bool, trace: bool) -> Iterator[None]:
    """Commands print problems themselves; the loader's own log lines about
    them go to stderr only with ``--debug``. Traced hook calls (``--trace``
    or ``NAILGUN_HOOKS_TRACE``) go to stderr, away from the command's output."""
    logger = logging.getLogger("nailgun_hooks")
    tracer = logging.getLogger(TRACE_LOGGER)
    handler: logging.Handler = (
        logging.StreamHandler(sys.stderr) if debug else logging.NullHandler()
    )
    traces: logging.Handler = (
        logging.StreamHandler(sys.stderr) if trace else logging.NullHandler()
    )
    traces.setFormatter(logging.Formatter("[trace] %(message)s"))
    saved = logger.propagate, logger.level
    saved_trace = tracer.propagate, tracer.level
    logger.addHandler(handler)
    tracer.addHandler(traces)
    logger.propagate = tracer.propagate = False
    if debug:
        logger.setLevel(logging.DEBUG)
    if trace:
        tracer.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        tracer.removeHandler(traces)
        logger.propagate, logger.level = saved
        tracer.propagate, tracer.level = saved_trace


def _fail(message: str, code: int, debug: bool) -> int:
    if debug:
        traceback.print_exc(file=sys.stderr)
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises SystemExit)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE, debug=False)
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if args.command is None:
        choices = ", ".join(COMMANDS)
        return _fail(
            f"choose a command: {choices} (see '{PROG} --help')", EXIT_USAGE, False
        )
    try:
        trace = getattr(args, "trace", False) or tracing_from_env()
        with _library_logging(args.debug, trace):
            return COMMANDS[args.command].run(args, sys.stdout)
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE, args.debug)
    except BrokenPipeError:
        # The reader went away (e.g. '| head'); stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        hint = "" if args.debug else "; rerun with --debug for the traceback"
        return _fail(
            printable(f"internal error: {type(exc).__name__}: {exc}{hint}"),
            EXIT_INTERNAL,
            args.debug,
        )
