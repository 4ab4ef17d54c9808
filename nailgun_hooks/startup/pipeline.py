"""Startup's one entry point: a set of candidate extensions in, a pluggy
manager with the sound ones registered out.

``load_extensions``, ``build_manager``, the pytest plugin's
``assert_valid_extension`` and ``HookManager.register``/``unregister`` all
start extensions through :func:`assemble_and_register`, so that they accept
and reject the same ones for the same reasons. It always fills a new plugin
manager, and never returns one left half-registered by a failure.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ..errors import ExtensionValidationError, Problem
from .assembly import assemble
from .checks import check_candidates
from .plugin_manager import NailgunPluginManager
from .records import Candidate, ExtensionRecord
from .refusals import refused_together, register_or_refuse

__all__ = ["StartupResult", "assemble_and_register"]


@dataclass(frozen=True)
class StartupResult:
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
) -> StartupResult:
    """Validate and order ``candidates``, then register the sound ones into a
    new :class:`NailgunPluginManager`.

    ``problems`` are found before (discovery's); in strict mode any problem,
    theirs or ours, raises :class:`ExtensionValidationError` listing all of
    them, and nothing is registered.
    """
    found = list(problems)
    plugin_manager = NailgunPluginManager()
    checked = check_candidates(
        candidates, installed=installed, plugin_manager=plugin_manager
    )
    assembly = assemble(candidates, checked)
    found.extend(assembly.problems)
    if strict and found:
        # one report of everything: what pluggy would refuse of the rest too
        found.extend(refused_together(assembly.extensions))
        raise ExtensionValidationError(found)
    plugin_manager, extensions = register_or_refuse(
        plugin_manager, assembly.extensions, found, strict
    )
    return StartupResult(plugin_manager, extensions, tuple(found))
