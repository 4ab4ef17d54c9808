"""Registering an ordered set of checked extensions into pluggy's manager.

pluggy's own call order depends on registration order, and not even
uniformly: the last registered runs first among plain and tryfirst
implementations but last among trylast ones. Our order is the extensions'
(:mod:`.ordering`), inside the tiers of pluggy's documented layout of a hook
caller's implementations. Two strategies reach it:

* where pluggy's lists can be reached (``_pluggy_internals.REORDER``),
  register the extensions in turn and sort each hook's list by
  :func:`call_layout` (:func:`_register_then_sort`);
* with pluggy's public API only, register them in an order computed so that
  the lists come out right (:func:`_register_in_computed_order`).

Each extension is registered through pluggy's own ``register``; our manager
answers pluggy's "is this an implementation?" from what the checks found
(``ExtensionRecord.implementations``), so nothing is looked up twice. A
refusal leaves the manager as it was. pluggy's warnings about
implementations of deprecated hooks are issued again naming the extension
(:mod:`.deprecation`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence

import pluggy

from .. import _pluggy_internals
from .deprecation import naming_extensions
from .guard import object_label
from .implementations import implementations
from .ordering import resolve
from .plugin_manager import NailgunPluginManager
from .records import ExtensionRecord, Implementation

__all__ = ["Layout", "call_layout", "refuse_duplicate", "register_in_order"]

Layout = Callable[[pluggy.HookImpl], tuple[bool, int, int]]
"""A sort key putting a hook's implementations in pluggy's layout."""


def tier(opts: Mapping[str, object]) -> int:
    """Where pluggy puts an implementation among its hook's others:
    0 trylast, 1 plain, 2 tryfirst."""
    return 0 if opts.get("trylast") else 2 if opts.get("tryfirst") else 1


def _is_wrapper(opts: Mapping[str, object]) -> bool:
    return bool(opts.get("wrapper") or opts.get("hookwrapper"))


def call_layout(order: Sequence[str]) -> Layout:
    """The sort key that puts a hook's implementations in pluggy's layout
    (called from the last: trylast, plain, tryfirst non-wrappers, then the
    same tiers of wrappers) with the extensions' ``order`` inside each tier."""
    position = {name: index for index, name in enumerate(order)}

    def layout(impl: pluggy.HookImpl) -> tuple[bool, int, int]:
        opts = impl.opts
        return (_is_wrapper(opts), tier(opts), -position.get(impl.plugin_name, -1))

    return layout


def register_in_order(
    plugin_manager: pluggy.PluginManager, extensions: Sequence[ExtensionRecord]
) -> None:
    """Register ``extensions`` so that pluggy calls them in their order."""
    extensions = tuple(extensions)
    with naming_extensions(plugin_manager, extensions):
        if _pluggy_internals.REORDER:
            _register_then_sort(plugin_manager, extensions)
        else:
            _register_in_computed_order(plugin_manager, extensions)


def _register_then_sort(
    plugin_manager: pluggy.PluginManager, extensions: tuple[ExtensionRecord, ...]
) -> None:
    _register_each(plugin_manager, reversed(extensions))
    layout = call_layout([record.name for record in extensions])
    for caller in vars(plugin_manager.hook).values():
        if isinstance(caller, pluggy.HookCaller):
            _pluggy_internals.hookimpls(caller).sort(key=layout)


def _register_in_computed_order(
    plugin_manager: pluggy.PluginManager, extensions: tuple[ExtensionRecord, ...]
) -> None:
    _register_each(plugin_manager, registration_order(plugin_manager, extensions))


def registration_order(
    plugin_manager: pluggy.PluginManager, extensions: Sequence[ExtensionRecord]
) -> list[ExtensionRecord]:
    """An order to register ``extensions`` in so that pluggy's lists come out
    in :func:`call_layout` order, for when they cannot be sorted afterwards.

    Each pair of extensions that share a tier of a hook asks for one
    registration order (pluggy calls the last registered first, but among
    trylast ones last); :func:`.ordering.resolve` finds an order meeting
    every request. When the requests contradict each other (two extensions
    both trylast on one hook and both plain on another), or two extensions
    share a name (pluggy refuses the second: it must still be offered),
    extensions are registered in reverse.
    """
    in_reverse = list(reversed(extensions))
    if len({record.name for record in extensions}) < len(extensions):
        return in_reverse
    tiers: dict[tuple[str, bool, int], list[str]] = {}
    for record in extensions:
        for impl in _implementations_of(plugin_manager, record):
            key = (impl.hook, _is_wrapper(impl.opts), tier(impl.opts))
            tiers.setdefault(key, []).append(record.name)
    first: dict[str, set[str]] = {record.name: set() for record in extensions}
    for (_, _, place), names in tiers.items():
        ordered = list(dict.fromkeys(names))  # extensions' order, once each
        for earlier, later in itertools.pairwise(ordered):
            if place == 0:  # trylast: registered first, called first
                first[earlier].add(later)
            else:  # the others: registered last, called first
                first[later].add(earlier)
    ordering = resolve(
        [record.name for record in in_reverse],
        before=first,
        after={},
        ties=[record.name for record in in_reverse],
    )
    if ordering.cycles:
        return in_reverse
    by_name = {record.name: record for record in extensions}
    return [by_name[name] for name in ordering.order]


def _implementations_of(
    plugin_manager: pluggy.PluginManager, record: ExtensionRecord
) -> Sequence[Implementation]:
    """What the checks found on ``record``; for a record the checks did not
    build (one made by hand), what pluggy's ``register`` would find."""
    if record.implementations:
        return record.implementations
    return implementations(plugin_manager, record.obj)


def _register_each(
    plugin_manager: pluggy.PluginManager, records: Iterable[ExtensionRecord]
) -> None:
    """Register each of ``records`` in turn. With pluggy's own ``register``,
    a refusal undoes the ones before it, so that the manager is left as it
    was; a manager with a ``register`` of its own is left to it."""
    if type(plugin_manager).register not in _PLAIN_REGISTER:
        for record in records:
            plugin_manager.register(record.obj, name=record.name)
        return
    done: list[str] = []
    try:
        for record in records:
            refuse_duplicate(plugin_manager, record.obj, record.name)
            if isinstance(plugin_manager, NailgunPluginManager):
                plugin_manager.register_checked(record)
            else:
                plugin_manager.register(record.obj, name=record.name)
            done.append(record.name)
    except BaseException:
        for name in reversed(done):
            plugin_manager.unregister(name=name)
        raise


# ``register`` methods that do what pluggy's does, and nothing else.
_PLAIN_REGISTER = (pluggy.PluginManager.register, NailgunPluginManager.register)


def _names(registered: Mapping[str, object]) -> str:
    """The names registered, not the objects: pluggy's own message prints
    every plugin's ``repr()``, which may hold an extension's credentials."""
    return ", ".join(registered)


def refuse_duplicate(
    plugin_manager: pluggy.PluginManager, plugin: object, name: str
) -> None:
    """Raise pluggy's refusal of ``plugin`` under ``name`` before its own
    ``register`` does, in our words: pluggy's message prints every
    registered plugin's ``repr()``."""
    if plugin_manager.is_blocked(name):
        return  # pluggy registers nothing, and says nothing
    # the list of every plugin only for the message: built per extension, it
    # made registering N extensions quadratic
    if plugin_manager.has_plugin(name):
        raise ValueError(
            f"Plugin name already registered: {name}={object_label(plugin)}; "
            f"registered: {_names(dict(plugin_manager.list_name_plugin()))}"
        )
    if plugin_manager.is_registered(plugin):
        raise ValueError(
            "Plugin already registered under a different name: "
            f"{name}={object_label(plugin)}; registered: "
            f"{_names(dict(plugin_manager.list_name_plugin()))}"
        )
