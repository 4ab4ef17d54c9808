"""The calls an extension provides: Nailgun's ``provides``, and the calls an
extension declares for itself.

Nailgun's ``node_extension_call(name, node, *args, **kwargs)`` dispatched
any name an extension listed in ``provides``; extensions did provide calls
no hookspec declares. Such a name is the extension's *own call*: the method
of that name is its declaration (its signature, annotations included, is
the call's), as pluggy's ``add_hookspecs`` takes a spec from a function.
A name that no spec declares is checked like a built-in call: the method
must exist and take the node first, annotated so that it accepts a
``Node`` if at all (without one, a name close to a built-in first-result
call is taken for its misspelling), and two extensions
declaring one call with different signatures is a problem naming both.

Only the extension that lists a call in ``provides`` answers it through
``node_extension_call``: another extension implementing the same event (an
observer that logs and returns None) never does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import Problem, did_you_mean
from ..spec.annotations import resolve_hints
from ..spec.catalogue import specs
from ..spec.typecompat import is_assignable, type_repr
from ..types import Node
from .guard import type_name
from .legacy import provided_names
from .records import Description, ExtensionRecord

__all__ = [
    "OwnCall",
    "check_provides",
    "declared_methods",
    "own_calls",
    "provides",
]


@dataclass(frozen=True)
class OwnCall:
    """A call an extension declares: its name and the signature its method
    gives it (the node first, then what the caller passes through)."""

    name: str
    signature: str
    extension: str


def provides(record: ExtensionRecord, call_name: str) -> bool:
    """``record``'s extension answers ``call_name``: it lists it in
    ``provides`` and implements it (a built-in call as a hook, its own as a
    method)."""
    if call_name not in provided_names(record.obj):
        return False
    return call_name in record.hooks or call_name not in specs()


def _first_result() -> list[str]:
    return [name for name, spec in specs().items() if spec.firstresult]


def _signature(method: object) -> inspect.Signature | None:
    """The call's signature as ``node_extension_call`` calls the bound
    method, or None when it cannot take the node first."""
    if not callable(method):
        return None
    try:
        signature = inspect.signature(method)
    except (TypeError, ValueError):
        return None
    positional = [
        p
        for p in signature.parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)
    ]
    return signature if positional else None


def declared_methods(obj: object) -> list[tuple[str, Callable[..., object]]]:
    """The calls ``obj`` declares (``provides`` names no spec declares), each
    with the method that declares and answers it."""
    return _declared(obj, provided_names(obj))


def _declared(
    obj: object, provided: Sequence[str]
) -> list[tuple[str, Callable[..., object]]]:
    """:func:`declared_methods` among the names ``obj`` is known to have
    ``provided`` (:func:`.legacy.provided_names`)."""
    found: list[tuple[str, Callable[..., object]]] = []
    for name in provided:
        if name in specs():
            continue
        method = getattr(obj, name, None)
        if callable(method) and _signature(method) is not None:
            found.append((name, method))
    return found


def own_calls(record: Description, provided: Sequence[str]) -> list[OwnCall]:
    """The calls ``record``'s extension declares, each with its signature,
    among the names it ``provided`` (read once, by the caller)."""
    return [
        OwnCall(name, str(_signature(method)), record.name)
        for name, method in _declared(record.obj, provided)
    ]


def check_provides(record: ExtensionRecord) -> list[Problem]:
    """``provides`` names first-result events the extension implements, or
    calls of its own, each a method taking the node first."""
    problems = []
    first_result = _first_result()
    for name in record.provided:
        if name in first_result:
            if name not in record.hooks:
                problems.append(_not_implemented(record, name))
        elif name in specs():
            problems.append(_unknown(record, name, first_result))
        elif _signature(getattr(record.obj, name, None)) is None:
            # no method: a typo of a built-in call, or a call left undefined
            if did_you_mean(name, first_result):
                problems.append(_unknown(record, name, first_result))
            else:
                problems.append(_bad_own_call(record, name))
        else:
            problems.extend(_check_node_type(record, name))
    return problems


def _check_node_type(record: ExtensionRecord, name: str) -> list[Problem]:
    """The node parameter of a declared call must accept a ``Node``, as a
    built-in call's handler must accept what its event passes."""
    method = getattr(record.obj, name)
    signature = _signature(method)
    assert signature is not None  # checked by the caller
    first = next(iter(signature.parameters.values()))
    declared = resolve_hints(getattr(method, "__func__", method)).get(first.name)
    if declared is None or is_assignable(Node, declared):
        return []
    return [
        record.problem(
            "incompatible-argument-type",
            f"own call {name}: parameter {first.name!r} is annotated "
            f"{type_repr(declared)} but receives {type_repr(Node)}",
            f"annotate it {type_repr(Node)}, or drop the annotation",
            hook=name,
        )
    ]


def _not_implemented(record: ExtensionRecord, name: str) -> Problem:
    return record.problem(
        "provides-not-implemented",
        f"provides names {name!r} but the extension does not implement it",
        f"define {name}(cls, node, ...) as a classmethod (or mark a method "
        f"@hookimpl), or remove {name!r} from provides",
        hook=name,
    )


def _unknown(record: ExtensionRecord, name: str, first_result: list[str]) -> Problem:
    return record.problem(
        "unknown-provides",
        f"provides names {name!r}, which is not a first-result call "
        f"(those are {', '.join(first_result)})",
        did_you_mean(name, first_result) or f"remove {name!r} from provides",
        hook=name,
    )


def _bad_own_call(record: ExtensionRecord, name: str) -> Problem:
    """A declared call whose method is missing or cannot take the node."""
    method = getattr(record.obj, name, None)
    what = "no method" if method is None else f"a {type_name(type(method))}"
    return record.problem(
        "provides-not-implemented",
        f"provides its own call {name!r} but has {what} of that name taking "
        "the node first",
        f"define {name}(cls, node, ...) as a classmethod, or remove {name!r} "
        "from provides",
        hook=name,
    )
