"""``nailgun-hooks specs``: the hook reference, generated from the hookspecs,
as text for a terminal (no reST markup), markdown for the docs, or JSON;
for every hook or the ones named."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..errors import UsageError, did_you_mean
from ..markers import NAMESPACE
from ..spec.catalogue import HookSpec, specs
from ..spec.reference import render_json, render_markdown, render_text
from .declared import installed_calls_json, render_declared
from .exits import EXIT_OK

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``nailgun-hooks specs``."""
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="only these hooks (default: every hook)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--markdown",
        action="store_true",
        help="render the docs' reference page (docs/reference.md) instead of text",
    )
    output.add_argument(
        "--json", action="store_true", help="print JSON for machines instead of text"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout"
    )
    parser.add_argument(
        "--installed",
        action="store_true",
        help="also list the calls installed extensions declare themselves",
    )
    parser.add_argument(
        "--namespace",
        default=NAMESPACE,
        metavar="GROUP",
        help=f"entry-point group --installed reads (default: {NAMESPACE})",
    )


def _chosen_specs(names: Sequence[str]) -> list[HookSpec] | None:
    """The hooks named, or None for all; an unknown name is a usage error."""
    if not names:
        return None
    known = specs()
    for name in names:
        if name not in known:
            hint = did_you_mean(name, known)
            raise UsageError(
                f"specs {name}: no such hook" + (f"; {hint}" if hint else "")
            )
    return [known[name] for name in dict.fromkeys(names)]


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print or write the reference; under ``--json``, stdout holds one JSON
    object even when the reference goes to a file."""
    chosen = _chosen_specs(args.names)
    if args.json:
        document: dict[str, object] = {"hooks": render_json(chosen)}
        if args.installed:
            document["installed_calls"] = installed_calls_json(args.namespace)
        text = json.dumps(document, indent=2) + "\n"
    else:
        text = render_markdown(chosen) if args.markdown else render_text(chosen)
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
    if args.json:
        out.write(json.dumps({"ok": True, "wrote": str(path)}) + "\n")
    else:
        out.write(f"wrote {path}\n")
    return EXIT_OK
