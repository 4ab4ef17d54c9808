"""The one object Nailgun holds: the hooks, the extensions and their problems.

Changing the set of extensions (``register`` / ``unregister``) re-validates,
re-orders and re-registers everything into the same pluggy manager under a
lock, then swaps each hook's caller: callers running meanwhile finish on the
set they started with.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import pluggy

from . import hookspecs
from .errors import ExtensionNotFoundError, ExtensionValidationError, Problem
from .markers import PROJECT_NAME
from .records import ExtensionRecord
from .relay import HookRelay


class NailgunPluginManager(pluggy.PluginManager):
    """pluggy's manager with Nailgun's hookspecs already added."""

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.add_hookspecs(hookspecs)


class HookManager:
    """Loaded extensions, in call order, and the hooks that reach them."""

    def __init__(
        self,
        plugin_manager: NailgunPluginManager,
        extensions: tuple[ExtensionRecord, ...],
        problems: tuple[Problem, ...],
        *,
        known: Collection[str] = (),
    ) -> None:
        self.plugin_manager = plugin_manager
        self._known = frozenset(known) | {record.name for record in extensions}
        self.hook = HookRelay()
        self._extensions = extensions
        self._problems = problems
        self._lock = threading.RLock()
        self._subsets: dict[frozenset[str], HookRelay] = {}
        self.hook._install(plugin_manager)

    @property
    def extensions(self) -> tuple[ExtensionRecord, ...]:
        """The loaded extensions, in call order."""
        return self._extensions

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What was rejected at startup and why (empty in strict mode)."""
        return self._problems

    def names(self) -> tuple[str, ...]:
        return tuple(record.name for record in self._extensions)

    def get(self, name: str) -> ExtensionRecord:
        """The loaded extension called ``name``."""
        for record in self._extensions:
            if record.name == name:
                return record
        raise ExtensionNotFoundError(
            f"no loaded extension is named {name!r}; loaded: "
            f"{', '.join(self.names()) or 'none'}"
        )

    def __contains__(self, name: object) -> bool:
        return any(record.name == name for record in self._extensions)

    def __iter__(self) -> Iterator[ExtensionRecord]:
        return iter(self._extensions)

    def __len__(self) -> int:
        return len(self._extensions)

    def to_dict(self) -> list[dict[str, Any]]:
        """Nailgun's ``GET /extensions`` payload, in call order."""
        return [record.to_dict() for record in self._extensions]

    def subset(self, names: Iterable[str]) -> HookRelay:
        """Hooks that reach only the named extensions, in the global order.

        Cached per set of names and rebuilt when extensions change. Names that
        are not loaded are simply not called; callers that must reject them
        (cluster scope) check first.
        """
        key = frozenset(names)
        relay = self._subsets.get(key)
        if relay is None:
            with self._lock:
                relay = HookRelay()
                relay._install(self.plugin_manager, only=key)
                self._subsets[key] = relay
        return relay

    def register(self, obj: object) -> ExtensionRecord:
        """Add an extension object at run time, validated like any other.

        Raises :class:`ExtensionValidationError` if it, or the set it joins
        (a duplicate name, an ordering cycle), has problems; the loaded set is
        then left as it was.
        """
        from .assembly import Candidate, assemble
        from .records import record_for_object

        if isinstance(obj, type):
            obj = obj()
        with self._lock:
            newcomer = record_for_object(obj)
            candidates = [Candidate(record) for record in self._extensions]
            candidates.append(Candidate(newcomer))
            assembly = assemble(
                candidates,
                installed={*self._known, newcomer.name},
                plugin_manager=self.plugin_manager,
            )
            if assembly.problems:
                raise ExtensionValidationError(assembly.problems)
            self._known = frozenset({*self._known, newcomer.name})
            self._rebuild(assembly.extensions)
            return self.get(newcomer.name)

    def unregister(self, name: str) -> ExtensionRecord:
        """Remove a loaded extension; its hooks stop being called."""
        with self._lock:
            record = self.get(name)
            self._rebuild(tuple(r for r in self._extensions if r.name != name))
            return record

    def _rebuild(self, extensions: tuple[ExtensionRecord, ...]) -> None:
        for plugin_name, _ in list(self.plugin_manager.list_name_plugin()):
            self.plugin_manager.unregister(name=plugin_name)
        register_in_order(self.plugin_manager, extensions)
        self._extensions = extensions
        self.hook._install(self.plugin_manager)
        for names, relay in list(self._subsets.items()):
            relay._install(self.plugin_manager, only=names)

    def __repr__(self) -> str:
        names, problems = list(self.names()), len(self._problems)
        return f"<HookManager extensions={names} problems={problems}>"


def register_in_order(
    plugin_manager: pluggy.PluginManager, extensions: tuple[ExtensionRecord, ...]
) -> None:
    """Register so that pluggy calls the extensions in ``extensions`` order.

    pluggy's own order depends on registration order, and not even uniformly:
    the last registered runs first among plain and tryfirst implementations
    but last among trylast ones. So after registering, each hook's list is
    put in the documented layout of ``HookCaller._hookimpls`` (called in
    reverse: trylast, plain, tryfirst non-wrappers, then the same tiers of
    wrappers) with our order inside each tier.
    """
    for record in reversed(extensions):
        plugin_manager.register(record.obj, name=record.name)
    position = {record.name: index for index, record in enumerate(extensions)}

    def layout(impl: pluggy.HookImpl) -> tuple[bool, int, int]:
        tier = 0 if impl.trylast else 2 if impl.tryfirst else 1
        wrapper = bool(impl.wrapper or impl.hookwrapper)
        return (wrapper, tier, -position.get(impl.plugin_name, -1))

    for caller in vars(plugin_manager.hook).values():
        if isinstance(caller, pluggy.HookCaller):
            caller._hookimpls.sort(key=layout)
