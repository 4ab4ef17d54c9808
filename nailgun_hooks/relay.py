"""``manager.hook``: one caller per event over a frozen list of implementations.

Each caller holds a snapshot of its implementations, taken when the set of
extensions changes. Swapping a caller is one attribute assignment, so a call
that is already running keeps the set it started with and every call sees all
of the old set or all of the new one, never a mix. Calls are strict: a missing
or an unknown keyword is a ``TypeError`` naming the hook and the argument,
where pluggy would ignore it or merely warn.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

from .catalogue import HookSpec, specs
from .errors import HookCallError

HookExec = Callable[[str, Sequence[pluggy.HookImpl], Mapping[str, object], bool], Any]


class Hook:
    """Calls every implementation of one event, in the manager's order."""

    __slots__ = ("_argnames", "_firstresult", "_hookexec", "_impls", "name", "spec")

    def __init__(
        self, spec: HookSpec, impls: Sequence[pluggy.HookImpl], hookexec: HookExec
    ) -> None:
        self.name = spec.name
        self.spec = spec
        self._argnames = frozenset(spec.argnames)
        self._firstresult = spec.firstresult
        self._impls = tuple(impls)
        self._hookexec = hookexec

    def __call__(self, **kwargs: object) -> Any:
        if kwargs.keys() != self._argnames:
            raise self._bad_call(kwargs)
        return self._hookexec(self.name, self._impls, kwargs, self._firstresult)

    def _bad_call(self, kwargs: Mapping[str, object]) -> HookCallError:
        missing = [name for name in self.spec.argnames if name not in kwargs]
        unknown = sorted(set(kwargs) - self._argnames)
        parts = []
        if missing:
            parts.append(f"missing argument(s) {', '.join(map(repr, missing))}")
        if unknown:
            parts.append(f"unknown argument(s) {', '.join(map(repr, unknown))}")
        return HookCallError(
            f"hook {self.name!r} called with {' and '.join(parts)}; "
            f"it takes {', '.join(self.spec.argnames)}"
        )

    @property
    def implementations(self) -> tuple[pluggy.HookImpl, ...]:
        """The implementations in the order they are called (wrappers first)."""
        return tuple(reversed(self._impls))

    @property
    def extension_names(self) -> tuple[str, ...]:
        """Names of the extensions that implement this event, in call order."""
        return tuple(impl.plugin_name for impl in self.implementations)

    def __repr__(self) -> str:
        return f"<Hook {self.name} {list(self.extension_names)}>"


class HookRelay:
    """Holds one :class:`Hook` per event, as attributes named after it."""

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Hook: ...

    def _install(
        self,
        plugin_manager: pluggy.PluginManager,
        only: frozenset[str] | None = None,
    ) -> None:
        """Snapshot every event's implementations from ``plugin_manager``,
        keeping only the extensions named in ``only`` when it is given."""
        hookexec = plugin_manager._hookexec
        for name, spec in specs().items():
            caller: pluggy.HookCaller = getattr(plugin_manager.hook, name)
            impls = caller.get_hookimpls()
            if only is not None:
                impls = [impl for impl in impls if impl.plugin_name in only]
            setattr(self, name, Hook(spec, impls, hookexec))

    def __iter__(self) -> Any:
        return iter(vars(self).values())
