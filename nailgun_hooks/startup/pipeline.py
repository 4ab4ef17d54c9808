"""Startup's one entry point: a set of candidate extensions in, a pluggy
manager with the sound ones registered out.

``load_extensions``, ``build_manager`` and the pytest plugin's
``assert_valid_extension`` all start extensions through
:func:`assemble_and_register`, so that they accept and reject the same ones
for the same reasons.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import pluggy

from ..errors import ExtensionValidationError, Problem
from .assembly import Assembly, Candidate, assemble
from .plugin_manager import NailgunPluginManager, register_in_order
from .records import ExtensionRecord, guard

__all__ = ["Started", "assemble_and_register"]


@dataclass(frozen=True)
class Started:
    """The registered extensions, in call order, and what was rejected."""

    plugin_manager: NailgunPluginManager
    extensions: tuple[ExtensionRecord, ...]
    problems: tuple[Problem, ...]


def assemble_and_register(
    candidates: Sequence[Candidate],
    *,
    installed: Collection[str],
    strict: bool,
    problems: Iterable[Problem] = (),
) -> Started:
    """Validate and order ``candidates``, then register the sound ones into a
    new :class:`NailgunPluginManager`.

    ``problems`` are found before (discovery's); in strict mode any problem,
    theirs or ours, raises :class:`ExtensionValidationError` listing all of
    them, and nothing is registered.
    """
    found = list(problems)
    plugin_manager = NailgunPluginManager()
    assembly = assemble(candidates, installed=installed, plugin_manager=plugin_manager)
    found.extend(assembly.problems)
    if strict and found:
        raise ExtensionValidationError(found)
    extensions = _register(plugin_manager, assembly, found, strict)
    return Started(plugin_manager, extensions, tuple(found))


def _register(
    plugin_manager: pluggy.PluginManager,
    assembly: Assembly,
    problems: list[Problem],
    strict: bool,
) -> tuple[ExtensionRecord, ...]:
    """Register into pluggy; anything pluggy still refuses becomes a problem.

    Validation has already done, inside the guard, everything registration
    does with an extension's objects; should one still raise here (an object
    that answers differently the second time), the extensions are tried one
    by one, each next to the ones already accepted, and the culprit is
    reported and left out.
    """
    extensions = assembly.extensions
    try:
        register_in_order(plugin_manager, extensions, assembly.found)
        return extensions
    except KeyboardInterrupt:
        raise
    except Warning:  # a deprecation under warnings-as-errors: raised once
        done = {name for name, _ in plugin_manager.list_name_plugin()}
        if done >= {record.name for record in extensions}:
            raise  # everything is registered (see startup/deprecation)
    except BaseException:  # pluggy's refusal, or an object that raises when read
        pass
    # Slow path, only when pluggy disagrees with our validation: find who.
    for name, _ in list(plugin_manager.list_name_plugin()):
        plugin_manager.unregister(name=name)
    kept: list[ExtensionRecord] = []
    for record in extensions:
        trial = guard(record, lambda: _trial(record, kept))  # noqa: B023
        if isinstance(trial, Problem):
            problems.append(trial)
        elif trial is not None:
            problems.append(record.problem("pluggy-rejected", trial))
        else:
            kept.append(record)
    if strict:
        raise ExtensionValidationError(problems)
    try:
        register_in_order(plugin_manager, tuple(kept))
        return tuple(kept)
    except KeyboardInterrupt:
        raise
    except BaseException:  # an object answering differently every time
        pass
    for name, _ in list(plugin_manager.list_name_plugin()):
        plugin_manager.unregister(name=name)
    registered = []
    for record in reversed(kept):  # pluggy calls the last registered first
        failed = guard(
            record,
            lambda: plugin_manager.register(record.obj, name=record.name),  # noqa: B023
        )
        if isinstance(failed, Problem):
            problems.append(failed)
        else:
            registered.append(record)
    return tuple(reversed(registered))


def _trial(record: ExtensionRecord, kept: Sequence[ExtensionRecord]) -> str | None:
    """pluggy's refusal of ``record`` next to ``kept``, or None."""
    probe = NailgunPluginManager()
    register_in_order(probe, tuple(kept))
    try:
        probe.register(record.obj, name=record.name)
    except pluggy.PluginValidationError as exc:
        return str(exc)
    return None
