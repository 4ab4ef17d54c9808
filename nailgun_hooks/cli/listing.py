"""``nailgun-hooks list``: every installed extension, in call order, with
its status; from entry-point metadata alone with ``--no-import``."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TextIO

from ..markers import DISABLED_ENV, ENABLED_ENV
from ..startup.selection import parse_names
from .exits import EXIT_OK
from .groups import misspelled_groups
from .inventory import Inventory, inspect_installed, render_inventory, take_inventory
from .options import add_json_option, add_namespace_option
from .streams import write_json

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks list``."""
    add_json_option(parser)
    parser.add_argument(
        "--no-import",
        action="store_true",
        help="list from entry-point metadata alone, importing no extension "
        "(for a broken or untrusted install)",
    )
    add_namespace_option(parser)


def run(
    args: argparse.Namespace,
    out: TextIO,
    take: Callable[[str], Inventory] = take_inventory,
) -> int:
    """List the extensions; rejected ones are reported, not a failure
    (``check`` is the command that fails). ``take`` loads them: the
    dispatcher hands its own, so that a test can make it fail."""
    if args.no_import:
        inventory = inspect_installed(
            args.namespace,
            enabled=parse_names(os.environ.get(ENABLED_ENV)),
            disabled=parse_names(os.environ.get(DISABLED_ENV)) or frozenset(),
        )
    else:
        inventory = take(args.namespace)
    inventory.problems += misspelled_groups(args.namespace)
    if args.json:
        write_json(inventory.to_dict("list"), out)
    else:
        out.write(render_inventory(inventory, debug=args.debug))
    return EXIT_OK
