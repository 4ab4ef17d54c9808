"""Which extension an exception escaping a hook call came from.

On the fast path the generated code knows (it passes the function it
called); after pluggy's machinery ran, the traceback says: the first frame
below pluggy's own that belongs to an implementation.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from types import CodeType, TracebackType

import pluggy

from .policy import add_note, attribution

_PLUGGY_DIR = os.path.dirname(pluggy.__file__) + os.sep


def _codes(function: object) -> list[CodeType]:
    """Code objects whose frames mean "``function`` is running"."""
    found = []
    target = getattr(function, "__func__", function)
    while target is not None:
        code = getattr(target, "__code__", None)
        if isinstance(code, CodeType):
            found.append(code)
        target = getattr(target, "__wrapped__", None)
    if not found and callable(function):
        code = getattr(type(function).__call__, "__code__", None)
        if isinstance(code, CodeType):
            found.append(code)
    return found


class Attribution:
    """Which extension an exception escaping a call came from.

    On the fast path the generated code knows (it passes the function it
    called); after pluggy's machinery ran, the traceback says: the first frame
    below pluggy's own that belongs to an implementation.
    """

    def __init__(
        self,
        hook: str,
        impls: Sequence[pluggy.HookImpl],
        distributions: Mapping[str, str | None],
    ) -> None:
        self.hook = hook
        self._distributions = distributions
        self._notes: dict[int, str] = {}
        self._by_code: dict[CodeType, str | None] = {}
        for impl in impls:
            note = self.note_of(impl)
            for code in _codes(impl.function):
                # a code object shared by two extensions (a common decorator)
                # says nothing on its own: look further down the traceback
                self._by_code[code] = None if code in self._by_code else note

    def note_of(self, impl: pluggy.HookImpl) -> str:
        name = impl.plugin_name
        return attribution(self.hook, name, self._distributions.get(name))

    def bind(self, function: object, impl: pluggy.HookImpl) -> None:
        """Exceptions passed to :meth:`add` with ``function`` came from
        ``impl`` (``function`` is what the generated code calls)."""
        self._notes[id(function)] = self.note_of(impl)

    def note_for(self, function: object) -> str:
        return self._notes.get(id(function)) or attribution(self.hook, None, None)

    def add(self, exc: BaseException, function: object) -> None:
        add_note(exc, self.note_for(function))

    def add_from_traceback(self, exc: BaseException) -> None:
        add_note(exc, self._from_traceback(exc.__traceback__))

    def _from_traceback(self, tb: TracebackType | None) -> str:
        below: TracebackType | None = None
        while tb is not None:  # the last step from pluggy's frames into others
            nxt = tb.tb_next
            if (
                nxt is not None
                and tb.tb_frame.f_code.co_filename.startswith(_PLUGGY_DIR)
                and not nxt.tb_frame.f_code.co_filename.startswith(_PLUGGY_DIR)
            ):
                below = nxt
            tb = nxt
        while below is not None:
            note = self._by_code.get(below.tb_frame.f_code)
            if note is not None:
                return note
            below = below.tb_next
        return attribution(self.hook, None, None)
