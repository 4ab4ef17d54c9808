"""The options several commands share, worded once."""

from __future__ import annotations

import argparse

from ..markers import NAMESPACE

__all__ = ["add_json_option", "add_namespace_option"]


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
