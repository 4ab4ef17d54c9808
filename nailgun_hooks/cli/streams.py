"""Where a command's output goes: its stream, kept whatever extensions print
and whoever stops reading.

Two contracts of the command line are kept here, for every command:

* ``--json`` prints exactly one JSON object on stdout. Extensions are
  imported and called while it is produced, and may ``print()``: while a
  command runs with ``--json``, ``sys.stdout`` is stderr, and the command
  writes its JSON to the real stdout it is handed.
* A reader that goes away (``nailgun-hooks demo | head``) does not change
  the exit status: what is written after the pipe closed is dropped, the
  command runs to its end, and its own exit code is returned (``pipefail``
  sees a failure as a failure).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import TextIO, cast

__all__ = ["PipeGuard", "command_streams", "write_json"]


class PipeGuard(io.TextIOBase):
    """A text stream that stops writing, quietly, once its reader is gone."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        if not self.broken:
            try:
                self.stream.write(text)
            except BrokenPipeError:
                self.broken = True
        return len(text)

    def flush(self) -> None:
        if not self.broken:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self.broken = True

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        """Only this wrapper closes: the stream it wraps is not its own to
        flush or close, also when the wrapper is collected after the command
        (``io``'s finaliser closes, and would flush a stream closed since)."""
        self.broken = True
        super().close()

    def isatty(self) -> bool:
        return self.stream.isatty()


def _silence(stream: TextIO) -> None:
    """The interpreter flushes stdout at exit: a closed pipe would then
    print a warning and change the exit code. Point its descriptor at
    /dev/null instead (a stream without one is left alone)."""
    try:
        descriptor = stream.fileno()
        os.dup2(os.open(os.devnull, os.O_WRONLY), descriptor)
    except (OSError, ValueError):
        pass


@contextmanager
def command_streams(json_output: bool) -> Iterator[TextIO]:
    """The stream a command writes its output to, with ``sys.stdout`` set
    for what extensions print: stderr under ``--json``, else the same
    guarded stdout."""
    out = PipeGuard(sys.stdout)
    stream = cast("TextIO", out)
    try:
        with redirect_stdout(sys.stderr if json_output else stream):
            yield stream
    finally:
        out.flush()
        if out.broken:
            _silence(out.stream)


def write_json(data: object, out: TextIO) -> None:
    """The one JSON object a command prints under ``--json``."""
    json.dump(data, out, indent=2)
    out.write("\n")
