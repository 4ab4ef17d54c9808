"""Text from extensions made safe to print: the one place controls are escaped.

Names, versions, descriptions, distribution and entry-point names, exception
messages: all are written by whoever packaged an extension, and reach an
operator's terminal (``nailgun-hooks list``, ``check``, ``demo``) and
Nailgun's logs. An ESC there can rewrite the screen or hide a line, a CR can
overwrite one, a bidi override can make ``evil`` read as ``live``, a newline
can forge a line of its own. Every renderer passes such text through
:func:`printable` (JSON output needs nothing: ``json.dumps`` escapes
controls itself).
"""

from __future__ import annotations

import unicodedata

_CONTROLS = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""C0 and C1 controls and DEL; format characters (bidi overrides and
isolates, zero-width joiners, the BOM); lone surrogates (left by
``surrogateescape``, they cannot even be encoded); line and paragraph
separators."""

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: object, *, newlines: bool = False) -> str:
    """``str(text)`` with every control character escaped as Python would
    write it (``\\x1b``, ``\\r``, ``\\u202e``); ``newlines=True`` keeps
    ``\\n`` (a traceback's lines) and escapes the rest."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(
        _escape(char)
        if unicodedata.category(char) in _CONTROLS and not (newlines and char == "\n")
        else char
        for char in text
    )
