"""The cache of facts about classes (:mod:`nailgun_hooks.startup.identity`):
looked up by identity, never running a class's ``__hash__`` or ``__eq__``,
and never answering for a class that died."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from nailgun_hooks.startup.identity import IdentityCache


class _Hostile(type):
    def __eq__(cls, other: object) -> bool:
        raise RuntimeError("__eq__ ran")

    def __hash__(cls) -> int:
        raise RuntimeError("__hash__ ran")


def test_a_value_is_found_for_its_key_only() -> None:
    cache: IdentityCache[type, str] = IdentityCache()
    one, two = type("One", (), {}), type("Two", (), {})
    assert cache.get(one) is None
    cache.set(one, "one")
    assert cache.get(one) == "one"
    assert cache.get(two) is None


def test_a_class_whose_hash_and_eq_raise_is_kept_and_found() -> None:
    cache: IdentityCache[type, str] = IdentityCache()
    hostile: Any = _Hostile("Hostile", (), {})
    with pytest.raises(RuntimeError):
        hash(hostile)
    cache.set(hostile, "kept")
    assert cache.get(hostile) == "kept"
    assert cache.get(hostile) == "kept"  # the second look-up too


def test_an_entry_goes_with_its_class() -> None:
    cache: IdentityCache[type, str] = IdentityCache()
    cache.set(type("Gone", (), {}), "gone")
    gc.collect()
    assert len(cache) == 0


def test_an_object_reusing_a_dead_ones_id_is_not_taken_for_it() -> None:
    cache: IdentityCache[object, str] = IdentityCache()

    class Weak:
        pass

    first = Weak()
    ident = id(first)
    cache.set(first, "first")
    entry = cache._entries[ident]
    del first
    gc.collect()
    assert cache._entries.get(ident) is None
    cache._entries[ident] = entry  # a dead entry left behind under a reused id
    second = Weak()
    cache._entries[id(second)] = entry
    assert cache.get(second) is None


def test_an_object_that_cannot_be_referred_to_weakly_is_not_kept() -> None:
    cache: IdentityCache[object, str] = IdentityCache()
    value = (1, 2)
    cache.set(value, "tuple")
    assert cache.get(value) is None
    assert len(cache) == 0
