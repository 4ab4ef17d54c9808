"""``load_extensions``: entry points -> a validated, ordered HookManager.

This is where strict and lenient part ways. Both run every check and collect
every problem; strict raises them together, lenient logs each once, keeps the
sound extensions and exposes the rest as ``manager.problems``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Iterable

from .errors import Problem
from .manager import HookManager
from .markers import DISABLED_ENV, ENABLED_ENV, NAMESPACE
from .startup.discovery import discover
from .startup.instantiation import candidate
from .startup.pipeline import assemble_and_register
from .startup.records import Candidate
from .startup.selection import Names, names_argument, parse_names

__all__ = [
    "build_manager",
    "load_extensions",
]

log = logging.getLogger("nailgun_hooks")


def _names_from(
    argument: object, parameter: str, variable: str
) -> frozenset[str] | None:
    if argument is not None:
        return names_argument(argument, parameter)
    return parse_names(os.environ.get(variable))


def load_extensions(
    *,
    strict: bool = True,
    enabled: Names | None = None,
    disabled: Names | None = None,
    namespace: str = NAMESPACE,
    trace: bool | None = None,
) -> HookManager:
    """Discover, validate, order and register every installed extension.

    :param strict: raise :class:`ExtensionValidationError` listing every
        problem (True), or load the sound extensions and report the rest in
        ``manager.problems`` (False).
    :param enabled: allow-list of extension names; None reads the
        ``NAILGUN_EXTENSIONS`` environment variable, and if that is unset too,
        every installed extension is enabled.
    :param disabled: deny-list; None reads ``NAILGUN_EXTENSIONS_DISABLED``.
    :param trace: log every hook call to the ``nailgun_hooks.trace`` logger;
        None reads ``NAILGUN_HOOKS_TRACE``.

    Extensions left out by either list are never imported. Either list is a
    list, tuple or set of names: a string is a ``TypeError``. A name in
    either that is not installed is a problem.
    """
    allowed = _names_from(enabled, "enabled", ENABLED_ENV)
    denied = _names_from(disabled, "disabled", DISABLED_ENV) or frozenset()
    found = discover(namespace, enabled=allowed, disabled=denied)
    problems = list(found.problems)
    installed = {info.name for info in found.installed}
    candidates = []
    for loaded in found.loaded:
        made = candidate(loaded.target, loaded.entry_point, loaded.seconds)
        if isinstance(made, Candidate):
            candidates.append(made)
        else:
            problems.append(made)
    return _finish(
        candidates, problems, installed=installed, strict=strict, trace=trace
    )


def build_manager(
    extensions: Iterable[object], *, strict: bool = True, trace: bool | None = None
) -> HookManager:
    """A manager over extension objects given directly, with no discovery.

    For tests and embedding: ``BaseExtension`` subclasses are instantiated,
    anything else is used as it is; validation and ordering are the same as
    for installed extensions.
    """
    candidates = []
    problems: list[Problem] = []
    installed: set[str] = set()
    for given in extensions:
        made = candidate(given)
        if isinstance(made, Candidate):
            candidates.append(made)
        else:
            problems.append(made)
            installed.add(made.extension or "")
    installed.update(candidate.record.name for candidate in candidates)
    return _finish(
        candidates, problems, installed=installed, strict=strict, trace=trace
    )


def _finish(
    candidates: list[Candidate],
    problems: list[Problem],
    *,
    installed: Collection[str],
    strict: bool,
    trace: bool | None = None,
) -> HookManager:
    started = assemble_and_register(
        candidates, installed=installed, strict=strict, problems=problems
    )
    for problem in started.problems:
        log.error("extension rejected: %s%s", problem, _traceback_suffix(problem))
    for record in started.extensions:
        for notice in record.warnings:
            log.warning("extension loaded with a warning: %s", notice)
    return HookManager(
        started.plugin_manager,
        started.extensions,
        started.problems,
        known=installed,
        trace=trace,
    )


def _traceback_suffix(problem: Problem) -> str:
    return f"\n{problem.printable_traceback()}" if problem.traceback else ""
