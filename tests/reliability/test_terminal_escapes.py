"""Control characters from extensions never reach a terminal or a log raw.

A real installed distribution carries ESC, CR, BEL, a C1 control, a bidi
override and a line separator in every field it controls: distribution
name, version and summary, entry point names, the extension's description,
the messages of what it raises and logs. Every output path is run in a
fresh process -- ``list``, ``list --no-import``, ``check``, ``demo``, with
and without ``--debug`` -- and the lenient loader's log: no control
character but our own newlines comes out, and each hostile field comes out
escaped (so it is shown, not dropped). JSON carries the raw text, escaped
by ``json.dumps``.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nailgun_hooks import ExtensionValidationError, load_extensions
from nailgun_hooks.errors import printable
from tests.support.dists import DistFactory

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\r\x9b31m\u202eevil\u2028end"
"""ESC (clear screen, set title), BEL, CR, CSI (a C1 control), a right-to-left
override and a line separator."""
ESCAPED = "\\x1b[2J\\x1b]0;pwned\\x07\\r\\x9b31m\\u202eevil\\u2028end"
IN_FILE = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eevil\u200bend"
"""The same without line breaks, for fields of metadata files, which are
read line by line (a CR or a line separator there ends the line)."""
IN_FILE_ESCAPED = "\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202eevil\\u200bend"

LOGGING = """
import logging
from nailgun_hooks import BaseExtension, hookimpl

class Extension(BaseExtension):
    name = "chatty"
    version = "1.0.0"
    description = "says " + HOSTILE

    @hookimpl
    def on_cluster_create(self, cluster, data):
        logging.getLogger("nailgun.extensions.chatty").warning("hi " + HOSTILE)

    @hookimpl
    def on_node_create(self, node):
        raise RuntimeError("refused " + HOSTILE)
"""


def install_hostile(dists: DistFactory) -> None:
    """One distribution whose metadata is hostile, with a loading extension,
    an entry point whose name is hostile and one whose import fails."""
    chatty, failing = dists.unique("chatty"), dists.unique("failing")
    prelude = f"HOSTILE = {HOSTILE!r}\n"
    dists.install(
        "hostile-dist",
        entry_points={
            "chatty": f"{chatty}:Extension",
            f"bad{IN_FILE}": f"{chatty}:Extension",
            "failing": f"{failing}:Extension",
        },
        modules={
            chatty: prelude + LOGGING,
            failing: prelude + "raise ImportError('cannot ' + HOSTILE)\n",
        },
        summary=f"summary {IN_FILE}",
    )
    info = dists.info_dir("hostile-dist")
    metadata = (info / "METADATA").read_text()
    (info / "METADATA").write_text(
        metadata.replace("Name: hostile-dist", f"Name: hostile-dist{IN_FILE}").replace(
            "Version: 1.0.0", f"Version: 1.0.0{IN_FILE}"
        )
    )


def raw_controls(text: str) -> list[str]:
    """Control characters in ``text`` other than newlines."""
    return sorted(
        {
            repr(char)
            for char in text
            if char != "\n"
            and unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        }
    )


def run(dists: DistFactory, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nailgun_hooks", *args],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(dists.root), *sys.path]),
            "PYTHONIOENCODING": "utf-8",
        },
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


COMMANDS = {
    "list": (("list",), 4),
    "list --debug": (("--debug", "list"), 4),
    "list --no-import": (("list", "--no-import"), 3),
    "check": (("check",), 1),
    "check --debug": (("--debug", "check"), 1),
    "demo": (("demo",), 4),
    "demo --debug": (("--debug", "demo"), 4),
}
"""Command -> (arguments, how many hostile fields it shows at least)."""


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_prints_a_raw_control_character(
    dists: DistFactory, command: str
) -> None:
    install_hostile(dists)
    args, shown = COMMANDS[command]
    process = run(dists, *args, "--namespace", dists.namespace)
    assert process.returncode in (0, 1), process.stderr
    output = process.stdout + process.stderr
    assert raw_controls(output) == []
    assert output.count(IN_FILE_ESCAPED) >= shown, output
    if command != "list --no-import":
        assert ESCAPED in output, output


@pytest.mark.parametrize("extra", [(), ("--no-import",)], ids=["imported", "no-import"])
def test_json_carries_the_raw_text_escaped_by_json(
    dists: DistFactory, extra: tuple[str, ...]
) -> None:
    install_hostile(dists)
    process = run(dists, "list", "--json", *extra, "--namespace", dists.namespace)
    assert process.returncode == 0, process.stderr
    assert raw_controls(process.stdout) == []
    document = json.loads(process.stdout)
    names = {entry["name"] for entry in document["extensions"]}
    assert f"bad{IN_FILE}" in names
    distributions = {entry["distribution"] for entry in document["extensions"]}
    assert distributions == {f"hostile-dist{IN_FILE}"}


def test_the_loaders_log_and_error_are_escaped(
    dists: DistFactory, caplog: pytest.LogCaptureFixture
) -> None:
    install_hostile(dists)
    with caplog.at_level(logging.ERROR, logger="nailgun_hooks"):
        manager = load_extensions(namespace=dists.namespace, strict=False)
    assert manager.names() == ("chatty",)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert raw_controls(logged) == []
    assert logged.count(IN_FILE_ESCAPED) >= 4  # a name and a distribution, twice
    assert ESCAPED in logged  # the import error's message
    with pytest.raises(ExtensionValidationError) as raised:
        load_extensions(namespace=dists.namespace)
    assert raw_controls(str(raised.value)) == []
    assert ESCAPED in str(raised.value)


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("\x00", "\\x00"),
        ("\x1b", "\\x1b"),
        ("\r", "\\r"),
        ("\n", "\\n"),
        ("\t", "\\t"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),
        ("\x9b", "\\x9b"),
        ("\u200b", "\\u200b"),
        ("\u200f", "\\u200f"),
        ("\u202e", "\\u202e"),
        ("\u2066", "\\u2066"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        ("\ufeff", "\\ufeff"),
        ("\udcff", "\\udcff"),
        ("\U000e0001", "\\U000e0001"),
    ],
)
def test_printable_escapes_each_kind_of_control(char: str, escaped: str) -> None:
    assert printable(f"a{char}b") == f"a{escaped}b"


def test_printable_leaves_printable_text_and_optionally_newlines() -> None:
    text = "café — ünïcode ✓ 名前 \\x1b"
    assert printable(text) == text
    assert printable("one\ntwo\r", newlines=True) == "one\ntwo\\r"
    assert printable(None) == "None"


def test_every_control_character_is_escaped() -> None:
    """All of C0, DEL and C1, whatever the terminal would make of them."""
    controls = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))
    assert raw_controls(printable(controls)) == []
    assert printable(controls).isprintable()


@given(text=st.text())
def test_printable_output_never_holds_a_control(text: str) -> None:
    """Any text at all: nothing to interpret comes out, and text without
    controls comes out as it went in."""
    shown = printable(text)
    assert raw_controls(shown) == []
    assert "\n" not in shown
    assert (shown == text) is (raw_controls(text) == [] and "\n" not in text)
    kept = printable(text, newlines=True)
    assert raw_controls(kept) == []
    assert kept.count("\n") == text.count("\n")
