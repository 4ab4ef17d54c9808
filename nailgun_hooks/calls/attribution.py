"""Which extension an exception escaping a hook call came from.

An implementation is an extension's function *and* the extension object it
is bound to: two extensions sharing a handler through a mixin run the same
function object's code. So the answer is taken where the implementation is
called, never guessed from the code alone: on the fast path the generated
code knows which implementation it called; on pluggy's path every plain
implementation is called through a copy whose function notes what escapes
it (:meth:`Attribution.shielded`). Only what no implementation let out of
its own call (a wrapper's exception) is attributed from the traceback, and
there a code object shared by several implementations is told apart by the
object its frame runs on (``self``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from types import CodeType, FrameType, TracebackType
from typing import Any

import pluggy

from .. import _pluggy_internals
from .policy import add_note, attribution, has_any_note


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


def _bound_to(function: object) -> object:
    """The object a bound method runs on, or None for a plain function."""
    return getattr(function, "__self__", None)


def _runs_on(frame: FrameType, target: object) -> bool:
    """Whether ``frame``'s first argument (``self``) is ``target``."""
    code = frame.f_code
    if target is None or code.co_argcount == 0:
        return False
    return frame.f_locals.get(code.co_varnames[0], None) is target


class Attribution:
    """Which extension an exception escaping a call of one hook came from
    (see the module's docstring)."""

    def __init__(
        self,
        hook: str,
        impls: Sequence[pluggy.HookImpl],
        distributions: Mapping[str, str | None],
    ) -> None:
        self.hook = hook
        self._distributions = distributions
        self._notes: dict[int, str] = {}
        self._by_code: dict[CodeType, list[tuple[object, str]]] = {}
        self._shield_notes: frozenset[str] = frozenset()
        for impl in impls:
            note = self.note_of(impl)
            for code in _codes(impl.function):
                entry = (_bound_to(impl.function), note)
                self._by_code.setdefault(code, []).append(entry)

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

    def shielded(self, impls: Sequence[pluggy.HookImpl]) -> tuple[pluggy.HookImpl, ...]:
        """``impls`` for pluggy's loop, each plain one a copy whose function
        adds its extension's note to whatever escapes it (wrappers are
        generators whose protocol is pluggy's: they are left as they are)."""
        shielded = []
        notes = set(self._shield_notes)
        for impl in impls:
            if impl.wrapper or impl.hookwrapper:
                shielded.append(impl)
                continue
            note = self.note_of(impl)
            notes.add(note)
            shielded.append(_noting(impl, note))
        self._shield_notes = frozenset(notes)
        return tuple(shielded)

    def add_from_traceback(self, exc: BaseException) -> None:
        """Note ``exc`` after pluggy's loop raised it, unless a shielded
        implementation of this hook already did (it let ``exc`` out)."""
        if has_any_note(exc, self._shield_notes):
            return
        add_note(exc, self._from_traceback(exc.__traceback__))

    def _from_traceback(self, tb: TracebackType | None) -> str:
        below: TracebackType | None = None
        while tb is not None:  # the last step from pluggy's frames into others
            nxt = tb.tb_next
            if (
                nxt is not None
                and tb.tb_frame.f_code.co_filename.startswith(
                    _pluggy_internals.LOOP_FILES
                )
                and not nxt.tb_frame.f_code.co_filename.startswith(
                    _pluggy_internals.LOOP_FILES
                )
            ):
                below = nxt
            tb = nxt
        while below is not None:
            note = self._note_of_frame(below.tb_frame)
            if note is not None:
                return note
            below = below.tb_next
        return attribution(self.hook, None, None)

    def _note_of_frame(self, frame: FrameType) -> str | None:
        """The note of the implementation ``frame`` runs, if it runs one
        and it can be told which (a shared decorator's frame cannot)."""
        entries = self._by_code.get(frame.f_code, ())
        notes = {note for _, note in entries}
        if len(notes) == 1:
            return notes.pop()
        running = {note for bound, note in entries if _runs_on(frame, bound)}
        return running.pop() if len(running) == 1 else None


def _noting(impl: pluggy.HookImpl, note: str) -> pluggy.HookImpl:
    """A copy of ``impl`` whose function adds ``note`` to what escapes it."""
    function = impl.function

    def noting(*args: Any, **kwargs: Any) -> object:
        try:
            return function(*args, **kwargs)
        except BaseException as exc:
            add_note(exc, note)
            raise

    clone = copy.copy(impl)
    object.__setattr__(clone, "function", noting)
    return clone
