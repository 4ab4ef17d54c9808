"""Extensions written for Nailgun's previous extension base class.

Nailgun's extensions were classes whose handlers were plain classmethods named
after the event (``on_node_update(cls, node)``), whose data pipelines were
classes listed in ``data_pipelines``, and whose first-result calls were the
classmethods named in ``provides``. None carried a marker.

They are recognised here, the way pytest recognises ``pytest_*``
functions: :func:`.implementations.implementation_opts`, the one function that
decides what is an implementation, asks :func:`hookimpl_opts` about every
attribute that carries no ``@hookimpl`` marker (whether one does is
:func:`~nailgun_hooks.markers.is_marked`'s answer, here too). What it accepts is
registered, validated, ordered and called exactly like a marked
implementation; there is no second dispatch path.

The rules (also in ``docs/integration.md``):

* An extension is *old-style* when none of its methods carries ``@hookimpl``.
  On an old-style extension, a method named exactly like an event is its
  handler; a first-result method (``get_node_volumes``...) only when it is
  also named in ``provides``, as Nailgun's ``node_extension_call`` required.
* Methods defined on a real base (ours, compat's, or Nailgun's own, known by
  identity: :mod:`.bases`) are never handlers: they are the base's defaults.
  A vendor's own class named ``BaseExtension`` is the vendor's code.
* ``data_pipelines`` are run by ``BaseExtension.process_*`` methods, which
  are registered only for the events some pipeline defines; this holds for
  new-style extensions too.
* A public method of an old-style extension or pipeline that starts like a
  handler (``on_``, ``before_``, ``after_``, ``process_``, ``get_``, ``set_``,
  ``setup_``) and is close to an event name, but is none, is reported as a
  misspelling. Helpers with other names are left alone, as Nailgun left them.
* On a new-style extension, an unmarked method named exactly like an event is
  reported: it would silently never run.
* Old-style handlers and pipeline methods are called by position, as Nailgun
  called them (:func:`bind_positionally`), so their parameter names are the
  author's own; :func:`~nailgun_hooks.startup.validation.check_positional` checks what
  a positional call needs.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import types
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ..errors import Problem
from ..extension import BaseExtension
from ..markers import is_marked
from ..spec.catalogue import HookSpec, specs
from .bases import REMOVED_PIPELINE_METHODS, BasePipeline, is_base, register_base
from .guard import is_class, is_extension, kind, static_mro, type_name
from .locations import function_location
from .provides import check_provides, provided_names
from .validation import (
    binds_by_position,
    call_signature,
    check_positional,
    default_hookimpl_opts,
    never_runs,
    resolve_hints,
)

if TYPE_CHECKING:
    from pluggy import HookImpl, HookimplOpts

    from .records import ExtensionRecord

__all__ = [
    "HANDLER_PREFIXES",
    "BasePipeline",
    "adopt",
    "bind_positionally",
    "check_extension",
    "hookimpl_opts",
    "idle_runners",
    "is_base",
    "is_old_style",
    "register_base",
    "style_of",
]

HANDLER_PREFIXES = ("on_", "before_", "after_", "process_", "get_", "set_", "setup_")
"""Name prefixes Nailgun reserved for handlers; see the misspelling rule."""

MISSPELLING_CUTOFF = 0.8
"""How close (difflib ratio) a handler-like name must be to an event to be
reported as its misspelling rather than taken for a helper."""


@functools.cache
def _pipeline_specs() -> dict[str, HookSpec]:
    return {name: spec for name, spec in specs().items() if spec.kind == "pipeline"}


# --- recognition -------------------------------------------------------------


def _definition(obj: object, name: str) -> tuple[type | None, object]:
    """The class in ``obj``'s MRO that defines ``name``, and the raw value.

    Instance attributes win, as they do for ``getattr``; their owner is None.
    """
    if not inspect.isclass(obj):
        instance_dict = getattr(obj, "__dict__", {})
        if name in instance_dict:
            return None, instance_dict[name]
    cls = obj if inspect.isclass(obj) else type(obj)
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass, vars(klass)[name]
    return None, None


_ROUTINES = (classmethod, staticmethod, types.FunctionType, types.MethodType)


def _is_routine(raw: object) -> bool:
    """What pluggy can bind: functions, class- and static methods."""
    return isinstance(raw, _ROUTINES)


def _from_base(owner: type | None) -> bool:
    return is_base(owner)


def _carries_marker(raw: object) -> bool:
    return is_marked(raw)


_old_style_cache: weakref.WeakKeyDictionary[type, bool] = weakref.WeakKeyDictionary()


def is_old_style(obj: object) -> bool:
    """A ``BaseExtension`` none of whose methods carries ``@hookimpl``."""
    if not is_extension(obj):
        return False
    cls = type(obj)
    cached = _old_style_cache.get(cls)
    if cached is None:
        cached = not any(
            _carries_marker(value)
            for klass in cls.__mro__
            for value in vars(klass).values()
        )
        _old_style_cache[cls] = cached
    return cached and not any(
        _carries_marker(value) for value in getattr(obj, "__dict__", {}).values()
    )


def style_of(obj: object) -> str:
    """``"old-style"`` for an extension recognised as written for Nailgun's
    old base (see :func:`is_old_style`), ``"hookimpl"`` for the rest, and
    ``"unknown"`` when an object raises on being looked at."""
    try:
        return "old-style" if is_old_style(obj) else "hookimpl"
    except Exception:
        return "unknown"


def pipelines_of(obj: object) -> tuple[object, ...]:
    """The extension's ``data_pipelines``, or () when it is not a list."""
    value = getattr(obj, "data_pipelines", ())
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return ()
    return tuple(value)


def pipeline_defines(pipeline: object, name: str) -> bool:
    """True when ``pipeline`` has its own ``name``, not a base's no-op."""
    owner, raw = _definition(pipeline, name)
    return _is_routine(raw) and not _from_base(owner)


def hookimpl_opts(plugin: object, name: str) -> HookimplOpts | None:
    """pluggy options for an unmarked attribute that is an old-style handler,
    or a pipeline runner some pipeline needs; None for everything else."""
    if not isinstance(plugin, BaseExtension):
        return None
    spec = specs().get(name)
    if spec is None:
        return None
    owner, raw = _definition(plugin, name)
    if not _is_routine(raw):
        return None
    if owner is BaseExtension:  # the pipeline runners
        if spec.kind == "pipeline" and any(
            pipeline_defines(p, name) for p in pipelines_of(plugin)
        ):
            return default_hookimpl_opts()
        return None
    if _from_base(owner) or not is_old_style(plugin):
        return None
    if spec.firstresult and name not in provided_names(plugin):
        return None
    return default_hookimpl_opts()


def idle_runners(plugin: object) -> frozenset[str]:
    """``BaseExtension``'s own pipeline runners on ``plugin`` when it has no
    ``data_pipelines``: names :func:`hookimpl_opts` (and pluggy's marker
    look-up before it) are sure to decline, so that nobody need ask.

    Every extension inherits the four runners and almost none has
    pipelines; asking about them was a sixth of validation. Only the plain
    case is answered (ordinary classes, where the static look-up, ``getattr``
    of ``__dict__`` and ``_definition`` all read the same ``__dict__`` mappings);
    anything else gets an empty set, and the runners are asked about as
    before.
    """
    if not isinstance(plugin, BaseExtension):
        return frozenset()
    mro = static_mro(plugin)
    if mro is None or type(plugin).__getattribute__ is not object.__getattribute__:
        return frozenset()
    try:
        own = object.__getattribute__(plugin, "__dict__")
    except AttributeError:
        return frozenset()
    if type(own) is not dict:
        return frozenset()
    idle = []
    for name in _pipeline_specs():
        if name in own:
            continue
        for klass in mro:
            namespace = vars(klass)
            if name in namespace:
                raw = namespace[name]
                if klass is BaseExtension and _is_routine(raw) and not is_marked(raw):
                    idle.append(name)
                break
    if not idle:
        return frozenset()
    try:
        if pipelines_of(plugin):
            return frozenset()
    except Exception:  # let the question be asked, and fail, where it did
        return frozenset()
    return frozenset(idle)


# --- positional binding --------------------------------------------------------


def positional_argnames(
    function: Callable[..., object], argnames: Sequence[str]
) -> tuple[str, ...]:
    """The event's argument names, one per positional parameter of
    ``function`` (all of them for ``*args``), in the event's order: passing
    their values in that order is Nailgun's positional call."""
    signature = call_signature(function)
    if signature is None:  # no code to read: pass everything, as Nailgun
        return tuple(argnames)
    parameters = signature.parameters.values()
    count = 0
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            return tuple(argnames)
        if parameter.kind in (
            inspect.Parameter.POSITIONAL_ONLY,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
        ):
            count += 1
    return tuple(argnames[:count])


def bind_positionally(hookimpl: HookImpl, argnames: Sequence[str]) -> None:
    """Make pluggy call an unmarked implementation the way Nailgun did.

    pluggy calls ``function(*[kwargs[name] for name in hookimpl.argnames])``,
    with the function's own parameter names; for an old-style handler those
    are replaced by the event's names, position by position, so that
    ``on_nodegroup_create(cls, ng)`` receives the node group as ``ng``.
    Marked implementations keep pluggy's binding by name.
    """
    if not binds_by_position(hookimpl.function):
        return
    # HookImpl's attributes are Final for pluggy's users; this module is the
    # one place that rebinds them, before pluggy verifies or calls anything.
    object.__setattr__(
        hookimpl, "argnames", positional_argnames(hookimpl.function, argnames)
    )
    object.__setattr__(hookimpl, "kwargnames", ())


# --- classes that only look like Nailgun's base ------------------------------

_adopted: weakref.WeakKeyDictionary[type, type] = weakref.WeakKeyDictionary()


def looks_like_old_extension(cls: type) -> bool:
    """A class with Nailgun's old base shape: string ``name`` and ``version``."""
    return isinstance(getattr(cls, "name", None), str) and isinstance(
        getattr(cls, "version", None), str
    )


def adopt(cls: type) -> type:
    """``cls`` itself if it is a ``BaseExtension``; for a class that only has
    Nailgun's old base shape, a subclass mixing ``BaseExtension`` in (once per
    class), so that every old-style extension is recognised the same way."""
    if issubclass(cls, BaseExtension) or not looks_like_old_extension(cls):
        return cls
    adopted = _adopted.get(cls)
    if adopted is None:
        namespace = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
        }
        adopted = type(cls.__name__, (cls, BaseExtension), namespace)
        _adopted[cls] = adopted
    return adopted


# --- validation ----------------------------------------------------------------


def _close_event(name: str, choices: Sequence[str]) -> str | None:
    if not name.startswith(HANDLER_PREFIXES):
        return None
    close = difflib.get_close_matches(name, choices, n=1, cutoff=MISSPELLING_CUTOFF)
    return close[0] if close else None


def _public_routines(
    obj: object, listed: Sequence[str] | None = None
) -> list[tuple[str, type | None, object]]:
    """The public functions of ``obj`` that are not the bases' own, in
    ``dir()`` order, with the class defining each (None: the instance).

    ``listed`` is ``dir(obj)`` when the caller already has it.
    """
    names = dir(obj) if listed is None else listed
    public = [name for name in names if not name.startswith("_")]
    if not public:
        return []
    found = []
    instance_dict: object = {}
    if not inspect.isclass(obj):
        instance_dict = getattr(obj, "__dict__", {})
    if type(instance_dict) is not dict:  # a __dict__ of its own kind: ask it
        for name in public:
            owner, raw = _definition(obj, name)
            if (
                _is_routine(raw)
                and not _from_base(owner)
                and owner is not BaseExtension
            ):
                found.append((name, owner, raw))
        return found
    cls = obj if inspect.isclass(obj) else type(obj)
    # What _definition finds, without a call and an MRO walk per name: the
    # answer for a name first defined on a base (most of a BaseExtension's
    # names) is always "not a routine of the extension's own".
    namespaces = [
        (klass, vars(klass), klass is BaseExtension or _from_base(klass))
        for klass in cls.__mro__
    ]
    for name in public:
        if name in instance_dict:
            raw = instance_dict[name]
            if isinstance(raw, _ROUTINES):
                found.append((name, None, raw))
            continue
        for klass, namespace, base in namespaces:
            if name in namespace:
                raw = namespace[name]
                if not base and isinstance(raw, _ROUTINES):
                    found.append((name, klass, raw))
                break
    return found


def _location(raw: object) -> str | None:
    function = getattr(raw, "__func__", raw)
    return function_location(function) if callable(function) else None


def check_extension(
    record: ExtensionRecord, *, listed: Sequence[str] | None = None
) -> list[Problem]:
    """Problems particular to old-style extensions, pipelines and ``provides``.

    ``listed`` is ``dir(record.obj)`` when the caller already has it.
    """
    obj = record.obj
    if not isinstance(obj, BaseExtension):
        return check_provides(record)
    problems: list[Problem] = []
    known = specs()
    events = list(known)
    old_style = is_old_style(obj)
    declared = provided_names(obj)  # its own calls are no misspellings
    for name, _owner, raw in _public_routines(obj, listed):
        if name in declared and name not in known:
            continue
        if name in known:
            if not old_style and not _carries_marker(raw):
                problems.append(
                    record.problem(
                        "unmarked-handler",
                        f"{name} is named like a Nailgun event but has no @hookimpl "
                        "while other methods of this extension do, so it would never "
                        "be called",
                        f"mark it @hookimpl, or rename it (e.g. _{name}) if it is "
                        "a helper",
                        hook=name,
                        location=_location(raw),
                    )
                )
            continue
        event = _close_event(name, events) if old_style else None
        if event is not None:
            problems.append(
                record.problem(
                    "unknown-hook",
                    f"{name} looks like a handler but {name!r} is not a Nailgun "
                    "event, so it would never be called",
                    f"did you mean {event!r}? (prefix helpers with '_')",
                    hook=name,
                    location=_location(raw),
                )
            )
    problems.extend(_not_handlers(record, obj, known, ""))
    problems.extend(_check_pipelines(record))
    problems.extend(check_provides(record))
    return problems


def _own_names(obj: object) -> set[str]:
    """Names ``obj`` or its classes define, the bases' (ours, Nailgun's)
    left out: the few an event name needs looking up for."""
    found: set[str] = set()
    if not inspect.isclass(obj):
        own = getattr(obj, "__dict__", {})
        if type(own) is dict:
            found.update(own)
    cls = obj if inspect.isclass(obj) else type(obj)
    for klass in cls.__mro__:
        if klass is not object and klass is not BaseExtension and not _from_base(klass):
            found.update(vars(klass))
    return found


def _not_handlers(
    record: ExtensionRecord, owner_obj: object, names: Iterable[str], label: str
) -> list[Problem]:
    """Attributes named like an event that no call can use as a handler (a
    property, a callable object, a value): Nailgun's positional call and
    pluggy's both pass them by, so each is reported rather than skipped."""
    problems = []
    present = _own_names(owner_obj)
    for name in names:
        if name not in present:
            continue
        owner, raw = _definition(owner_obj, name)
        if owner is None and raw is None:  # None on the instance
            continue
        if owner is BaseExtension or _from_base(owner):
            continue
        if _is_routine(raw) or _carries_marker(raw):
            continue  # judged as an implementation (or as a marked one)
        problems.append(
            record.problem(
                "not-a-handler",
                f"{label}{name} is named like a Nailgun event but is {kind(raw)}, "
                "which is never called as a handler: it would never run",
                f"define {name} as a classmethod (def {name}(cls, ...)), or rename "
                f"it (e.g. _{name}) if it is not a handler",
                hook=name,
            )
        )
    return problems


def _label(pipeline: object) -> str:
    """A pipeline by its class name, anything else by its type: an object
    listed by mistake (a settings dict) may hold secrets."""
    return type_name(pipeline) if is_class(pipeline) else kind(pipeline)


def _removed_method(
    record: ExtensionRecord, label: str, name: str, raw: object
) -> Problem:
    """Fuel 9's pipeline API on a pipeline that is not a ``BasePipeline``
    (which refuses it when the class is created), with Nailgun's hint."""
    return record.problem(
        "removed-pipeline-method",
        f"pipeline {label}.{name} is the pipeline API Nailgun removed "
        f"(BasePipeline.{name} was removed), so it would never run",
        REMOVED_PIPELINE_METHODS[name],
        hook=name,
        location=_location(raw),
    )


def _check_pipelines(record: ExtensionRecord) -> list[Problem]:
    obj = record.obj
    value = getattr(obj, "data_pipelines", ())
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return [
            record.problem(
                "bad-data-pipelines",
                f"data_pipelines is {type(value).__name__}, not a list of pipeline "
                "classes",
                "write data_pipelines = [SomePipeline, ...]",
            )
        ]
    problems: list[Problem] = []
    pipeline_events = _pipeline_specs()
    has_pipelines = False
    for pipeline in value:
        has_pipelines = True
        label = _label(pipeline)
        defined = [n for n in pipeline_events if pipeline_defines(pipeline, n)]
        for name, _owner, raw in _public_routines(pipeline):
            if name in pipeline_events:
                continue
            if name in REMOVED_PIPELINE_METHODS:
                problems.append(_removed_method(record, label, name, raw))
                continue
            event = _close_event(name, list(pipeline_events))
            if event is not None:
                problems.append(
                    record.problem(
                        "unknown-hook",
                        f"pipeline {label}.{name} looks like a pipeline step but "
                        f"{name!r} is not a pipeline event, so it would never run",
                        f"did you mean {event!r}? (prefix helpers with '_')",
                        hook=name,
                        location=_location(raw),
                    )
                )
        unusable = _not_handlers(
            record, pipeline, pipeline_events, f"pipeline {label}."
        )
        problems.extend(unusable)
        if not defined and not unusable:  # a step that cannot run says more
            problems.append(
                record.problem(
                    "empty-pipeline",
                    f"pipeline {label} defines none of {', '.join(pipeline_events)}",
                    "define at least one of them as a classmethod, or remove the "
                    "pipeline from data_pipelines",
                )
            )
        for name in defined:
            problems.extend(
                _check_pipeline_method(record, label, pipeline, pipeline_events[name])
            )
    if not has_pipelines:  # nothing to shadow
        return problems
    for name in pipeline_events:
        owner, raw = _definition(obj, name)
        needed = [_label(p) for p in value if pipeline_defines(p, name)]
        if needed and owner is not BaseExtension:
            problems.append(
                record.problem(
                    "pipeline-shadowed",
                    f"the extension defines {name} itself, so the {name} of its "
                    f"data_pipelines ({', '.join(needed)}) would never run",
                    f"call super().{name}(...) from it, or move the code into a "
                    "pipeline",
                    hook=name,
                    location=_location(raw),
                )
            )
    return problems


def _check_pipeline_method(
    record: ExtensionRecord, label: str, pipeline: object, spec: HookSpec
) -> list[Problem]:
    """Pipelines are called positionally, as Nailgun called them."""
    method: Callable[..., object] = getattr(pipeline, spec.name)
    where = {"hook": spec.name, "location": _location(method)}
    what = never_runs(method)
    if what is not None:
        return [
            record.problem(
                "bad-pipeline-method",
                f"pipeline {label}.{spec.name} is {what}: its body would never run",
                "make it a plain classmethod that edits the data in place",
                **where,
            )
        ]
    return check_positional(
        record, spec, method, f"pipeline {label}.{spec.name}", "bad-pipeline-method"
    )


def _hints(method: Callable[..., object]) -> dict[str, object]:
    return resolve_hints(method)
