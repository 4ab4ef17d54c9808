"""A cache of facts about extension classes that never runs their code.

A ``weakref.WeakKeyDictionary`` (or any ``dict``) looks a class up with its
metaclass's ``__hash__`` and ``__eq__``: an extension's own code, which may
raise, and raise only from the second look-up on, when an entry exists to
compare with. A cache would then accept a class in one build and reject it
in the next. :class:`IdentityCache` looks classes up by identity and holds
them weakly, so an entry goes when its class does and a new object that
reuses a dead one's ``id`` is never taken for it.
"""

from __future__ import annotations

import weakref
from typing import Generic, TypeVar

__all__ = ["IdentityCache"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class IdentityCache(Generic[_K, _V]):
    """A weak map from objects, compared by identity, to values."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[weakref.ref[_K], _V]] = {}

    def get(self, key: _K) -> _V | None:
        """The value stored for ``key`` itself, or None."""
        entry = self._entries.get(id(key))
        if entry is None or entry[0]() is not key:
            return None
        return entry[1]

    def set(self, key: _K, value: _V) -> None:
        """Keep ``value`` for as long as ``key`` lives; an object that
        cannot be referred to weakly is not kept (asked again, it is
        computed again)."""
        entries = self._entries
        ident = id(key)

        def forget(ref: weakref.ref[_K]) -> None:
            entry = entries.get(ident)
            if entry is not None and entry[0] is ref:
                entries.pop(ident, None)

        try:
            entries[ident] = (weakref.ref(key, forget), value)
        except TypeError:
            return

    def __len__(self) -> int:
        return len(self._entries)
