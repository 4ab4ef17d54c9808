"""nailgun_hooks.cli.streams: the guarded stream a command writes to."""

from __future__ import annotations

import gc
import io
import sys

from nailgun_hooks.cli.streams import PipeGuard, command_streams


class Closed(io.StringIO):
    """A stream its owner closed, as pytest's capture closes its own."""


def test_a_collected_guard_leaves_a_closed_stream_alone() -> None:
    """Collected after its stream was closed, the guard raises nothing
    (io's finaliser would flush the closed stream: an unraisable error)."""
    seen: list[object] = []
    hook, sys.unraisablehook = sys.unraisablehook, seen.append
    try:
        stream = Closed()
        guard = PipeGuard(stream)
        guard.write("kept")
        assert stream.getvalue() == "kept"
        stream.close()
        del guard
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert seen == []


def test_closing_the_guard_does_not_close_the_stream() -> None:
    stream = io.StringIO()
    guard = PipeGuard(stream)
    guard.close()
    assert guard.closed and not stream.closed
    guard.write("dropped")
    assert stream.getvalue() == ""


class Broken(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError


def test_a_reader_gone_is_quietly_dropped() -> None:
    guard = PipeGuard(Broken())
    assert guard.write("lost") == 4
    assert guard.broken
    guard.flush()


def test_under_json_what_extensions_print_goes_to_stderr(capsys) -> None:  # type: ignore[no-untyped-def]
    with command_streams(json_output=True) as out:
        print("from an extension")
        out.write("{}\n")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("{}\n", "from an extension\n")
