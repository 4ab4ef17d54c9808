"""What pluggy calls and how, as :mod:`nailgun_hooks.startup.call_view` reads
it: names from the code behind ``functools.wraps``, never ``__signature__``,
and the same parameters as ``inspect`` where both can answer."""

from __future__ import annotations

import functools
import inspect
import types
from typing import Any

import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import hookimpl
from nailgun_hooks.startup.call_view import (
    binds_by_position,
    bound_signature,
    call_signature,
    call_view,
    is_asynchronous,
    plain_function,
    signature_parameters,
)
from nailgun_hooks.startup.records import Implementation

# --- what pluggy calls, as validation reads it ------------------------------------


def _impl(function: Any, **opts: object) -> Implementation:
    return Implementation("on_node_update", "on_node_update", function, opts)


def test_a_lying_signature_is_ignored_as_pluggy_ignores_it() -> None:
    def on_node_update(self: object, *args: object) -> None: ...

    on_node_update.__signature__ = inspect.signature(  # type: ignore[attr-defined]
        lambda self, node: None
    )
    bound = types.MethodType(on_node_update, object())
    view = call_view(_impl(bound))
    assert not isinstance(view, str)
    assert [p.kind for p in view.parameters] == [inspect.Parameter.VAR_POSITIONAL]
    signature = call_signature(bound)
    assert signature is not None and list(signature.parameters) == ["args"]


def test_pluggys_names_come_from_behind_the_decorator() -> None:
    def update(self: object, node: object) -> None: ...

    @functools.wraps(update)
    def wrapper(*args: object, **kwargs: object) -> None: ...

    view = call_view(_impl(types.MethodType(wrapper, object())))
    assert not isinstance(view, str)
    assert view.argnames == ("node",)
    assert view.inner is update and view.outer is wrapper


def test_a_partial_is_no_function_to_pluggy() -> None:
    def update(node: object) -> None: ...

    assert call_view(_impl(functools.partial(update))) == "a partial object"


class _Methods:
    def plain(self, node): ...
    def defaults(self, node, data=None): ...
    def all_defaults(self=None, node=None): ...
    def star(*args): ...
    def star_self(self, *args, **kwargs): ...
    def kwonly(self, node, *, data): ...
    def posonly(self, node, /, data=1): ...
    def only_self(self): ...


@pytest.mark.parametrize("name", [n for n in vars(_Methods) if not n.startswith("__")])
def test_a_bound_methods_view_is_pluggys(name: str) -> None:
    """call_view gives pluggy's own names for bound methods."""
    bound = getattr(_Methods(), name)
    view = call_view(_impl(bound))
    assert not isinstance(view, str)
    opts = dict.fromkeys(["wrapper", "hookwrapper", "optionalhook"], False)
    opts.update(tryfirst=False, trylast=False, specname=None)
    expected = pluggy.HookImpl(None, "", bound, opts)  # type: ignore[arg-type]
    assert (view.argnames, view.kwargnames) == (
        tuple(expected.argnames),
        tuple(expected.kwargnames),
    )


_OPTION_NAMES = ["wrapper", "hookwrapper", "optionalhook", "tryfirst", "trylast"]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from([n for n in vars(_Methods) if not n.startswith("__")]),
    flags=st.fixed_dictionaries({key: st.booleans() for key in _OPTION_NAMES}),
    specname=st.none() | st.just("on_node_create"),
)
def test_the_names_pluggy_reads_do_not_depend_on_the_options(
    name: str, flags: dict[str, bool], specname: str | None
) -> None:
    """call_view reads the names once with default options: pluggy reads
    the same names whatever options the implementation carries."""
    bound = getattr(_Methods(), name)
    opts: dict[str, object] = {**flags, "specname": specname}
    view = call_view(_impl(bound, **opts))
    assert not isinstance(view, str)
    expected = pluggy.HookImpl(None, "", bound, opts)  # type: ignore[arg-type]
    assert (view.argnames, view.kwargnames) == (
        tuple(expected.argnames),
        tuple(expected.kwargnames),
    )


def test_a_bound_method_of_a_decorated_function_is_unwrapped_to_its_code() -> None:
    """The function behind ``functools.wraps``, reached through the bound
    method's own function, is what pluggy reads."""

    def update(self: object, node: object, data: object = None) -> None: ...

    @functools.wraps(update)
    def wrapper(*args: object, **kwargs: object) -> None: ...

    twice = functools.wraps(wrapper)(lambda *args, **kwargs: None)
    for outer in (wrapper, twice):
        view = call_view(_impl(types.MethodType(outer, object())))
        assert not isinstance(view, str)
        assert view.inner is update and view.outer is outer and view.outer_bound
        assert (view.argnames, view.kwargnames) == (("node",), ("data",))


def test_a_wrapped_cycle_is_refused_as_inspect_refuses_it() -> None:
    def update(self: object, node: object) -> None: ...

    update.__wrapped__ = update  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="wrapper loop"):
        call_view(_impl(types.MethodType(update, object())))


# --- parameters read from code objects ------------------------------------------


class Shapes:
    def method(self, node, data=None): ...
    def only_self(self): ...
    def star_self(*args): ...
    def everything(self, a, /, b, c=1, *rest, d, e=2, **options): ...
    def kwonly(self, *, node, cluster=None): ...

    @classmethod
    def klass(cls, node): ...

    @staticmethod
    def static(node, data): ...

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs): ...


def signature_cases() -> dict[str, Any]:
    shapes = Shapes()
    cases: dict[str, Any] = {
        name: getattr(shapes, name)
        for name in vars(Shapes)
        if not name.startswith("__")
    }
    cases["unbound"] = Shapes.everything
    cases["lambda"] = lambda node, *, x=3: None
    cases["posonly-defaults"] = eval("lambda a, b=1, /, c=2: None")
    cases["partial"] = functools.partial(Shapes.method, shapes)
    cases["builtin"] = len
    return cases


@pytest.mark.parametrize("name", sorted(signature_cases()))
def test_signature_parameters_match_inspect(name: str) -> None:
    function = signature_cases()[name]
    expected = [
        (p.name, p.kind, p.default)
        for p in inspect.signature(function).parameters.values()
    ]
    actual = [(p.name, p.kind, p.default) for p in signature_parameters(function)]
    assert actual == expected


# --- the small questions the checks ask -----------------------------------------


def test_only_what_carries_no_marker_binds_by_position() -> None:
    class Handlers:
        def on_node_update(self, ng: object) -> None: ...

        @hookimpl
        def on_node_delete(self, node: object) -> None: ...

    assert binds_by_position(Handlers().on_node_update)
    assert not binds_by_position(Handlers().on_node_delete)


def test_plain_function_sees_through_a_method_only() -> None:
    def update(self: object, node: object) -> None: ...

    assert plain_function(update) == (update, False)
    assert plain_function(types.MethodType(update, object())) == (update, True)
    assert plain_function(types.MethodType(len, object())) == (None, True)
    assert plain_function(functools.partial(update, None)) == (None, False)


def test_async_generators_and_coroutines_never_run_their_body() -> None:
    async def coroutine() -> None: ...

    async def generator() -> Any:
        yield

    def plain() -> None: ...

    assert is_asynchronous(coroutine) and is_asynchronous(generator)
    assert not is_asynchronous(plain)


def test_a_bound_signature_leaves_the_bound_argument_out_but_not_args() -> None:
    def method(self, node, *rest, data=None): ...

    def star(*args): ...

    assert str(bound_signature(method, True)) == "(node, *rest, data=None)"
    assert str(bound_signature(method, False)) == "(self, node, *rest, data=None)"
    assert str(bound_signature(star, True)) == "(*args)"
