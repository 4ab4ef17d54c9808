"""Startup's one entry point: a set of candidate extensions in, a pluggy
manager with the sound ones registered out.

``load_extensions``, ``build_manager``, the pytest plugin's
``assert_valid_extension`` and ``HookManager.register``/``unregister`` all
start extensions through :func:`assemble_and_register`, so that they accept
and reject the same ones for the same reasons. It always fills a new plugin
manager, and never returns one left half-registered by a failure.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

import pluggy

from ..errors import ExtensionValidationError, Problem
from .assembly import Assembly, Candidate, assemble
from .plugin_manager import NailgunPluginManager, register_in_order
from .records import ExtensionRecord, inspection_failed

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
        # one report of everything: what pluggy would refuse of the rest too
        found.extend(_refused_together(assembly))
        raise ExtensionValidationError(found)
    plugin_manager, extensions = _register(plugin_manager, assembly, found, strict)
    return Started(plugin_manager, extensions, tuple(found))


def _register(
    plugin_manager: NailgunPluginManager,
    assembly: Assembly,
    problems: list[Problem],
    strict: bool,
) -> tuple[NailgunPluginManager, tuple[ExtensionRecord, ...]]:
    """Register into pluggy; anything pluggy still refuses becomes a problem
    naming the extension, and nothing half-registered is ever returned."""
    extensions = assembly.extensions
    try:
        register_in_order(plugin_manager, extensions, assembly.found)
        return plugin_manager, extensions
    except Warning:  # a deprecation under warnings-as-errors: raised once
        raise  # everything is registered (see startup/deprecation)
    except Exception:  # pluggy's refusal, or an object that raises when read
        pass
    # Slow path, only when pluggy disagrees with our validation: find who,
    # then start over in a manager the failure cannot have touched.
    for _ in range(_ATTEMPTS):
        kept, refused = _refused(extensions)
        problems.extend(refused)
        if strict and problems:
            raise ExtensionValidationError(problems)
        fresh = NailgunPluginManager()
        try:
            register_in_order(fresh, kept)
            return fresh, kept
        except Warning:  # as above: raised once everything is registered
            raise
        except Exception:  # each passed alone and in turn, yet not together
            extensions = kept
    problems.extend(
        record.problem(
            "registration-failed",
            "registering it failed, then passed when retried: the extension "
            "object answers differently each time it is read",
            _STABLE_HINT,
        )
        for record in extensions
    )
    if strict:
        raise ExtensionValidationError(problems)
    return NailgunPluginManager(), ()


def _refused_together(assembly: Assembly) -> list[Problem]:
    """What pluggy refuses of the sound extensions, found by registering
    them into a manager thrown away afterwards."""
    try:
        with _quietly():
            register_in_order(
                NailgunPluginManager(), assembly.extensions, assembly.found
            )
    except Exception:
        return _refused(assembly.extensions)[1]
    return []


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """Registering into a manager that is thrown away: its warnings (a
    deprecated hook) are the real registration's to give, once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


_ATTEMPTS = 2
_STABLE_HINT = (
    "an extension object must answer the same each time it is read: make "
    "its hooks plain methods and its attributes plain class attributes"
)
_EQ_HINT = (
    "pluggy compares extension objects with ==: an extension's __eq__ must "
    "be True only for the object itself (or remove __eq__)"
)
_OBJECT_EQ: object = object.__eq__


def _refused(
    extensions: tuple[ExtensionRecord, ...],
) -> tuple[tuple[ExtensionRecord, ...], list[Problem]]:
    """The extensions pluggy accepts, and a problem for each it refuses:
    refused alone, claiming to equal another extension (pluggy then takes
    the two for one plugin), or refused next to the ones before it."""
    problems: list[Problem] = []
    alone: list[ExtensionRecord] = []
    for record in extensions:
        try:
            with _quietly():
                NailgunPluginManager().register(record.obj, name=record.name)
        except pluggy.PluginValidationError as exc:
            problems.append(record.problem("pluggy-rejected", str(exc)))
        except Exception as exc:
            problems.append(inspection_failed(record, exc))
        else:
            alone.append(record)
    unequal = []
    for record in alone:
        claimed = _claims_equality(record, alone)
        if claimed is None:
            unequal.append(record)
        else:
            problems.append(record.problem("claims-equality", claimed, _EQ_HINT))
    kept = []
    together = NailgunPluginManager()
    for record in unequal:
        try:
            with _quietly():
                together.register(record.obj, name=record.name)
        except Exception as exc:  # described by type: pluggy's text has reprs
            problems.append(
                record.problem(
                    "registration-failed",
                    f"pluggy refused it next to the extensions before it "
                    f"({type(exc).__name__}), though it accepts it alone",
                    _STABLE_HINT,
                )
            )
        else:
            kept.append(record)
    return tuple(kept), problems


def _claims_equality(
    record: ExtensionRecord, others: Iterable[ExtensionRecord]
) -> str | None:
    """Why ``record``'s own ``__eq__`` makes it equal another extension in
    pluggy's eyes, or None when it does not. An object of no interest is
    asked first, so that the answer does not depend on who else is loaded."""
    eq: Callable[[object, object], object] = type(record.obj).__eq__
    if eq is _OBJECT_EQ:
        return None
    unrelated = [("another object", object())]
    named = [(f"extension {o.name!r}", o.obj) for o in others if o is not record]
    for what, other in [*unrelated, *named]:
        try:
            claim = eq(record.obj, other)
            if claim is not NotImplemented and bool(claim):
                return (
                    f"its __eq__ says it equals {what}, so pluggy would take "
                    "it for another extension"
                )
        except Exception as exc:
            return f"its __eq__ raised {type(exc).__name__} when compared with {what}"
    return None
