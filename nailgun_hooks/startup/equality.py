"""An extension's own ``__eq__``, judged before pluggy is asked to register it.

pluggy asks ``plugin in registered`` before it registers an extension; an
``__eq__`` that answers True for another object (or raises) makes pluggy
refuse that extension and every one registered after it. The question is
asked of every checked extension before registration (by
:mod:`.assembly`, inside the guard), so that pluggy never has to refuse.
"""

from __future__ import annotations

from collections.abc import Iterable

from .guard import OBJECT_EQ, attempt, own_eq, type_name
from .records import ExtensionRecord

__all__ = ["EQ_HINT", "equality_claim"]


EQ_HINT = (
    "pluggy compares extension objects with ==: an extension's __eq__ must "
    "be True only for the object itself (or remove __eq__)"
)


def equality_claim(
    record: ExtensionRecord, others: Iterable[ExtensionRecord] = ()
) -> str | None:
    """Why ``record``'s own ``__eq__`` makes it equal another extension in
    pluggy's eyes (pluggy asks ``plugin in registered`` before it registers
    one), or None when it does not. An object of no interest is asked first,
    so that the answer does not depend on who else is loaded."""
    eq = own_eq(type(record.obj))
    if eq is OBJECT_EQ:
        return None
    unrelated = [("another object", object())]
    named = [(f"extension {o.name!r}", o.obj) for o in others if o is not record]
    for what, other in [*unrelated, *named]:
        claim = attempt(
            lambda: _claims(eq, record.obj, other, what),  # noqa: B023
            lambda exc: (
                f"its __eq__ raised {type_name(type(exc))} when compared with {what}"  # noqa: B023
            ),
        )
        if claim is not None:
            return claim
    return None


def _claims(eq: object, obj: object, other: object, what: str) -> str | None:
    claim = eq(obj, other)  # type: ignore[operator]
    if claim is not NotImplemented and bool(claim):
        return (
            f"its __eq__ says it equals {what}, so pluggy would take it for "
            "another extension"
        )
    return None
