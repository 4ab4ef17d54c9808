"""Registering a whole ordered set of extensions into pluggy in one pass.

pluggy's ``register`` takes one plugin at a time: it lists ``dir(plugin)``,
asks ``parse_hookimpl_opts`` about each name, and inserts each implementation
into its hook's list, scanning the list to find the place. With many
extensions that scan is quadratic (it dominates startup with many extensions),
and :func:`~.plugin_manager.register_in_order` re-sorts every list into
our order afterwards anyway. Validation has already asked the manager's own
``parse_hookimpl_opts`` about every name (:func:`~.recognition.found_for`), so here the
same ``HookImpl`` objects pluggy would build are built from that answer,
checked with pluggy's own spec check before anything changes, and
installed with one sort per hook. The resulting state (the name map, each
hook caller's list of implementations in pluggy's documented layout) is the
one registering one by one and sorting gives; ``tests/test_registration.py``
compares the two on random sets of extensions. It needs pluggy's private
bookkeeping, reached through :mod:`nailgun_hooks._pluggy_internals` and used
only when that finds all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import pluggy

from .. import _pluggy_internals as door
from .guard import kind
from .markscan import static_hook_attr
from .recognition import Found

if TYPE_CHECKING:
    from .records import ExtensionRecord

Layout = Callable[[pluggy.HookImpl], tuple[bool, int, int]]


def _bind(plugin: object, attribute: str) -> Callable[..., object]:
    """The function pluggy's ``register`` binds for ``attribute``."""
    bound = static_hook_attr(plugin, attribute)
    # As in pluggy: only a parse_hookimpl_opts that claims an attribute
    # pluggy cannot bind gets here.
    assert bound is not None, f"{attribute} is not a hookable attribute"
    return bound[1]


def _already_registered(
    plugin: object, values: list[Any], ids: set[int], plain: bool
) -> bool:
    """``plugin in values``, as pluggy asks it, without comparing ``plugin``
    with every registered plugin when no ``__eq__`` can say yes (``plain``:
    no value in ``values`` has one of its own)."""
    if id(plugin) in ids:
        return True
    if plain and _plain_eq(plugin):
        return False
    return plugin in values


_OBJECT_EQ: object = object.__eq__


def _plain_eq(value: object) -> bool:
    """``value == other`` is ``value is other`` for any ``other`` whose
    ``__eq__`` is plain too. Read from the classes' own namespaces: asking
    ``type(value).__eq__`` would run a metaclass's ``__getattribute__``."""
    for klass in type.__getattribute__(type(value), "__mro__"):
        own = type.__getattribute__(klass, "__dict__")
        if "__eq__" in own:
            return own["__eq__"] is _OBJECT_EQ
    return False


def _names(*registered: Mapping[str, object]) -> str:
    """The names registered, not the objects: pluggy's own message prints
    every plugin's ``repr()``, which may hold an extension's credentials."""
    return ", ".join(name for names in registered for name in names)


_Planned = tuple[str, object, list[tuple[str, pluggy.HookImpl, bool]]]


def _plan(
    plugin_manager: pluggy.PluginManager,
    extensions: Sequence[ExtensionRecord],
    found: Sequence[Found],
) -> list[_Planned]:
    """Everything ``register`` would check, in its order (``extensions``
    reversed), before any state changes: a refusal leaves the manager as it
    was, as a refused ``register`` does."""
    pm = plugin_manager
    name2plugin = door.registered_plugins(pm)
    values = list(name2plugin.values())
    ids = {id(value) for value in values}
    plain = all(_plain_eq(value) for value in values)
    batch: dict[str, object] = {}
    planned: list[_Planned] = []
    for record, accepted in reversed(list(zip(extensions, found, strict=True))):
        plugin = record.obj
        if plugin is None:
            continue
        plugin_name = record.name or plugin_manager.get_canonical_name(plugin)
        if plugin_name in name2plugin or plugin_name in batch:
            if name2plugin.get(plugin_name, -1) is None:
                continue  # blocked: pluggy registers nothing
            raise ValueError(
                "Plugin name already registered: "
                f"{plugin_name}={kind(plugin)}; registered: "
                f"{_names(name2plugin, batch)}"
            )
        if _already_registered(plugin, values, ids, plain):
            raise ValueError(
                "Plugin already registered under a different name: "
                f"{plugin_name}={kind(plugin)}; registered: "
                f"{_names(name2plugin, batch)}"
            )
        impls = []
        for attribute, found_opts in accepted:
            opts = cast(pluggy.HookimplOpts, found_opts)  # parse_hookimpl_opts'
            assert door.complete_hookimpl_opts is not None  # ONE_PASS_REGISTRATION
            door.complete_hookimpl_opts(opts)
            hookimpl = pluggy.HookImpl(
                plugin, plugin_name, _bind(plugin, attribute), opts
            )
            hook_name = opts.get("specname") or attribute
            hook: pluggy.HookCaller | None = getattr(pm.hook, hook_name, None)
            verified = False
            if hook is not None and hook.has_spec():
                door.verify_hook(pm, hook, hookimpl)
                verified = True
            impls.append((hook_name, hookimpl, verified))
        batch[plugin_name] = plugin
        values.append(plugin)
        ids.add(id(plugin))
        plain = plain and _plain_eq(plugin)
        planned.append((plugin_name, plugin, impls))
    return planned


def register_all(
    plugin_manager: pluggy.PluginManager,
    extensions: Sequence[ExtensionRecord],
    found: Sequence[Found],
    layout: Layout,
) -> None:
    """Register ``extensions`` (``found``: what each has, see
    :func:`~.recognition.found_for`) as ``register`` would, in reverse, then put every
    hook's list in ``layout`` order.

    Ties in ``layout`` (one plugin's implementations of one hook in one tier)
    keep the order pluggy's insertions give them: trylast ones go to the
    front of their tier, the others to its end.
    """
    pm = plugin_manager
    planned = _plan(plugin_manager, extensions, found)
    added: dict[str, list[pluggy.HookImpl]] = {}
    name2plugin = door.registered_plugins(pm)
    for plugin_name, plugin, impls in planned:
        name2plugin[plugin_name] = plugin
        for hook_name, hookimpl, verified in impls:
            hook: pluggy.HookCaller | None = getattr(pm.hook, hook_name, None)
            if hook is None:
                hook = door.new_caller(pm, hook_name)
                setattr(pm.hook, hook_name, hook)
            elif not verified and hook.has_spec():
                door.verify_hook(pm, hook, hookimpl)
            door.apply_history(hook, hookimpl)
            added.setdefault(hook.name, []).append(hookimpl)
    for caller in vars(pm.hook).values():
        if not isinstance(caller, pluggy.HookCaller):
            continue
        new = added.get(caller.name, ())
        current = door.hookimpls(caller)
        ranked = [(*layout(impl), 0, index) for index, impl in enumerate(current)]
        entries = list(current)
        for index, impl in enumerate(new):
            tie = (-1, -index) if impl.trylast else (1, index)
            ranked.append((*layout(impl), *tie))
            entries.append(impl)
        order = sorted(range(len(entries)), key=ranked.__getitem__)
        current[:] = [entries[i] for i in order]
