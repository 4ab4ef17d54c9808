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
  author's own; :func:`.positional_checks.check_positional` checks what a
  positional call needs.

What looks meant to be called but never will be (a misspelt handler, a
pipeline that defines no step...) is reported by :mod:`.legacy_checks`.
"""

from __future__ import annotations

import functools
import inspect
import types
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..extension import BaseExtension
from ..markers import is_marked
from ..spec.catalogue import HookSpec, specs
from .bases import BasePipeline, is_base, register_base
from .call_view import binds_by_position, call_signature, default_hookimpl_opts
from .guard import is_extension
from .identity import IdentityCache

if TYPE_CHECKING:
    from pluggy import HookImpl, HookimplOpts


__all__ = [
    "HANDLER_PREFIXES",
    "BasePipeline",
    "adopt",
    "bind_positionally",
    "hookimpl_opts",
    "is_base",
    "is_old_style",
    "is_pipeline_list",
    "register_base",
    "style_of",
]

HANDLER_PREFIXES = ("on_", "before_", "after_", "process_", "get_", "set_", "setup_")
"""Name prefixes Nailgun reserved for handlers; see the misspelling rule."""

MISSPELLING_CUTOFF = 0.8
"""How close (difflib ratio) a handler-like name must be to an event to be
reported as its misspelling rather than taken for a helper."""


@functools.cache
def pipeline_specs() -> dict[str, HookSpec]:
    """The pipeline events, the steps a ``data_pipelines`` class defines."""
    return {name: spec for name, spec in specs().items() if spec.kind == "pipeline"}


# --- recognition -------------------------------------------------------------


def definition(obj: object, name: str) -> tuple[type | None, object]:
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


ROUTINES = (classmethod, staticmethod, types.FunctionType, types.MethodType)
"""The raw values (as a class's ``__dict__`` holds them) pluggy can bind."""


def is_routine(raw: object) -> bool:
    """What pluggy can bind: functions, class- and static methods."""
    return isinstance(raw, ROUTINES)


def from_base(owner: type | None) -> bool:
    """Defined on a real base (:mod:`.bases`): a default, never a handler."""
    return is_base(owner)


def carries_marker(raw: object) -> bool:
    """Marked ``@hookimpl``, by the one test of it
    (:func:`~nailgun_hooks.markers.is_marked`)."""
    return is_marked(raw)


_old_style_cache: IdentityCache[type, bool] = IdentityCache()


def is_old_style(obj: object) -> bool:
    """A ``BaseExtension`` none of whose methods carries ``@hookimpl``."""
    if not is_extension(obj):
        return False
    cls = type(obj)
    cached = _old_style_cache.get(cls)
    if cached is None:
        cached = not any(
            carries_marker(value)
            for klass in cls.__mro__
            for value in vars(klass).values()
        )
        _old_style_cache.set(cls, cached)
    return cached and not any(
        carries_marker(value) for value in getattr(obj, "__dict__", {}).values()
    )


def style_of(obj: object) -> str:
    """``"old-style"`` for an extension recognised as written for Nailgun's
    old base (see :func:`is_old_style`), ``"hookimpl"`` for the rest. An
    object that raises on being looked at raises here (inside the guard:
    its problem)."""
    return "old-style" if is_old_style(obj) else "hookimpl"


def is_pipeline_list(value: object) -> bool:
    """What ``data_pipelines`` must be: a sequence, and not a string (whose
    letters would be taken for pipelines)."""
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def pipelines_of(obj: object) -> tuple[object, ...]:
    """The extension's ``data_pipelines``, or () when it is not a list."""
    value = getattr(obj, "data_pipelines", ())
    return tuple(value) if is_pipeline_list(value) else ()


def pipeline_defines(pipeline: object, name: str) -> bool:
    """True when ``pipeline`` has its own ``name``, not a base's no-op."""
    owner, raw = definition(pipeline, name)
    return is_routine(raw) and not from_base(owner)


def provided_names(obj: object) -> tuple[str, ...]:
    """The names ``obj`` lists in ``provides`` (a string counts as one)."""
    value = getattr(obj, "provides", ())
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence | set | frozenset):
        return tuple(str(item) for item in value)
    return ()


def hookimpl_opts(plugin: object, name: str) -> HookimplOpts | None:
    """pluggy options for an unmarked attribute that is an old-style handler,
    or a pipeline runner some pipeline needs; None for everything else."""
    if not isinstance(plugin, BaseExtension):
        return None
    spec = specs().get(name)
    if spec is None:
        return None
    owner, raw = definition(plugin, name)
    if not is_routine(raw):
        return None
    if owner is BaseExtension:  # the pipeline runners
        if spec.kind == "pipeline" and any(
            pipeline_defines(p, name) for p in pipelines_of(plugin)
        ):
            return default_hookimpl_opts()
        return None
    if from_base(owner) or not is_old_style(plugin):
        return None
    if spec.firstresult and name not in provided_names(plugin):
        return None
    return default_hookimpl_opts()


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

_adopted: IdentityCache[type, type] = IdentityCache()


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
        _adopted.set(cls, adopted)
    return adopted
