"""``manager.hook``: one typed, strict, fast caller per event.

A relay holds one caller per event (see :mod:`nailgun_hooks.fastpath`), each
over a snapshot of the implementations taken when the set of extensions
changed. Installing a new set replaces every caller in one dictionary update,
so a call that is already running keeps the set it started with and every
call sees all of the old set or all of the new one, never a mix.

Statically, a relay is a :class:`~nailgun_hooks.hookcalls.Hooks`: mypy knows
each event's keyword arguments and return type.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pluggy

from .catalogue import specs
from .fastpath import build_caller
from .hookcalls import BoundHook, Hooks
from .policy import DEFAULT_POLICY, Policy

Hook = BoundHook
"""The type every caller has besides its event-specific ``__call__``."""


class HookRelay(Hooks):
    """Holds one caller per event, as attributes named after it."""

    def _install(
        self,
        plugin_manager: pluggy.PluginManager,
        only: frozenset[str] | None = None,
        *,
        policy: Policy | None = None,
        policies: Mapping[str, Policy] | None = None,
        distributions: Mapping[str, str | None] | None = None,
    ) -> None:
        """Snapshot every event's implementations from ``plugin_manager``.

        :param only: keep only the extensions with these names.
        :param policy: the policy of every hook of this relay; when None,
            each hook's entry in ``policies``, else ``propagate``.
        :param distributions: extension name -> distribution, for the notes
            exceptions carry.
        """
        policies = policies or {}
        callers = {}
        for name, spec in specs().items():
            caller: pluggy.HookCaller = getattr(plugin_manager.hook, name)
            impls = caller.get_hookimpls()
            if only is not None:
                impls = [impl for impl in impls if impl.plugin_name in only]
            callers[name] = build_caller(
                spec,
                impls,
                plugin_manager,
                policy=policy or policies.get(name, DEFAULT_POLICY),
                distributions=distributions,
            )
        vars(self).update(callers)

    def __iter__(self) -> Iterator[BoundHook]:
        """Every caller, in the order the events are declared."""
        hooks = vars(self)
        return iter([hooks[name] for name in specs() if name in hooks])

    def __repr__(self) -> str:
        busy = [hook.name for hook in self if hook.extension_names]
        return f"<HookRelay implemented={busy}>"
