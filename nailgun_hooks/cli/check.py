"""``nailgun-hooks check``: every installed extension validated strictly,
whatever the allow- and deny-lists say; exit 1 listing every problem."""

from __future__ import annotations

import argparse
from typing import TextIO

from .exits import EXIT_OK, EXIT_PROBLEMS
from .groups import misspelled_groups
from .inventory import render_problems, render_warnings, take_inventory
from .options import add_json_option, add_namespace_option
from .streams import write_json

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks check``."""
    add_json_option(parser)
    add_namespace_option(parser)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Validate and report; the exit code says whether anything is wrong."""
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
