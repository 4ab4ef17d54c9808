"""An extension's own ``__eq__``, judged before pluggy compares it with the
others (:mod:`nailgun_hooks.startup.equality`)."""

from __future__ import annotations

import dataclasses

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.startup.equality import equality_claim
from nailgun_hooks.startup.records import description_of

SECRET = "s3cr3t"


def test_an_eq_claiming_everything_is_reported_and_a_dataclass_eq_is_not() -> None:
    class Greedy(BaseExtension):
        name = "greedy"

        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    @dataclasses.dataclass(eq=True)
    class Fair(BaseExtension):
        name: str = "fair"

    assert equality_claim(description_of(Greedy())) is not None
    assert equality_claim(description_of(Fair())) is None


def test_an_eq_claiming_everything_cannot_take_the_others_down() -> None:
    class Healthy(BaseExtension):
        name = "healthy"
        version = "1.0.0"
        description = "d"

        @hookimpl
        def on_node_update(self, node: object) -> None:
            self.seen = node

    class Greedy(Healthy):
        name = "greedy"
        password = SECRET

        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

        def __repr__(self) -> str:
            return f"<password={self.password}>"

    manager = build_manager([Healthy, Greedy], strict=False)
    assert manager.names() == ("healthy",)
    assert [p.code for p in manager.problems] == ["claims-equality"]
    assert SECRET not in str(manager.problems[0])
    manager.hook.on_node_update(node="n")
    assert manager.get("healthy").obj.seen == "n"  # type: ignore[attr-defined]


class Named(BaseExtension):
    name = "named"


class Other(BaseExtension):
    name = "other"


def test_no_eq_of_its_own_claims_nothing() -> None:
    assert equality_claim(description_of(Named())) is None


def test_an_unrelated_object_is_asked_first() -> None:
    class Greedy(BaseExtension):
        name = "greedy"

        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = object.__hash__

    record = description_of(Greedy())
    others = [record, description_of(Other())]
    assert equality_claim(record, others) == (
        "its __eq__ says it equals another object, so pluggy would take it for "
        "another extension"
    )


def test_the_others_are_named_and_itself_is_not_asked() -> None:
    class Jealous(BaseExtension):
        name = "jealous"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, BaseExtension)

        __hash__ = object.__hash__

    record = description_of(Jealous())
    assert equality_claim(record, [record]) is None
    assert equality_claim(record, [record, description_of(Other())]) == (
        "its __eq__ says it equals extension 'other', so pluggy would take it "
        "for another extension"
    )


def test_not_implemented_is_no_claim_and_raising_is_one() -> None:
    class Modest(BaseExtension):
        name = "modest"

        def __eq__(self, other: object) -> bool:
            return NotImplemented

        __hash__ = object.__hash__

    class Touchy(BaseExtension):
        name = "touchy"

        def __eq__(self, other: object) -> bool:
            raise LookupError(SECRET)

        __hash__ = object.__hash__

    assert equality_claim(description_of(Modest())) is None
    assert equality_claim(description_of(Touchy())) == (
        "its __eq__ raised LookupError when compared with another object"
    )
