"""Validation's verdict on a signature matches what actually happens when
the hook is called.

The oracle calls a generated implementation exactly as pluggy 1.7 does
(parameters without defaults positionally, parameters with defaults by
keyword when the caller passes them) and says "works" only when the call
succeeds and every declared parameter received the argument of its name: a
parameter left at its default, an empty ``*args``/``**kwargs`` is a silent
failure, not a success.
"""

from __future__ import annotations

import inspect
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from nailgun_hooks import BaseExtension, build_manager, hookimpl
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.startup.assembly import Candidate, assemble
from nailgun_hooks.startup.plugin_manager import NailgunPluginManager
from nailgun_hooks.startup.records import record_for_object

P = inspect.Parameter
KINDS = [
    P.POSITIONAL_ONLY,
    P.POSITIONAL_OR_KEYWORD,
    P.VAR_POSITIONAL,
    P.KEYWORD_ONLY,
    P.VAR_KEYWORD,
]
MISSING = object()


@st.composite
def implementations(draw: st.DrawFn) -> tuple[str, inspect.Signature]:
    hook = draw(st.sampled_from(sorted(specs())))
    pool = [*specs()[hook].argnames, "extra", "force", "args", "kwargs"]
    names = draw(st.lists(st.sampled_from(pool), unique=True, max_size=4))
    params = []
    for name in names:
        kind = draw(st.sampled_from(KINDS))
        has_default = kind not in (P.VAR_POSITIONAL, P.VAR_KEYWORD) and draw(
            st.booleans()
        )
        params.append(P(name, kind, default=None if has_default else P.empty))
    # Python's own rules: one of each variadic, kinds in order, and no
    # positional parameter without a default after one with a default.
    seen: set[Any] = set()
    valid = []
    for param in sorted(params, key=lambda p: KINDS.index(p.kind)):
        if param.kind in (P.VAR_POSITIONAL, P.VAR_KEYWORD) and param.kind in seen:
            continue
        seen.add(param.kind)
        valid.append(param)
    positional_default = False
    fixed = []
    for param in valid:
        if param.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD):
            if param.default is not P.empty:
                positional_default = True
            elif positional_default:
                param = param.replace(default=None)
        fixed.append(param)
    return hook, inspect.Signature(fixed)


def build_function(hook: str, signature: inspect.Signature) -> Any:
    source = f"def {hook}{signature}:\n    return dict(locals())\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)
    return namespace[hook]


def oracle(function: Any, hook: str) -> bool:
    """Call it as pluggy 1.7 does; did every parameter get its argument?"""
    spec = specs()[hook]
    arguments = {name: object() for name in spec.argnames}
    signature = inspect.signature(function)
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
        and p.default is P.empty
    ]
    keywords = [
        p.name
        for p in signature.parameters.values()
        if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)
        and p.default is not P.empty
    ]
    try:
        received = function(
            *[arguments[name] for name in positional],
            **{name: arguments[name] for name in keywords if name in arguments},
        )
    except (KeyError, TypeError):
        return False
    return all(
        name in arguments and received[name] is arguments[name]
        for name in signature.parameters
    )


@settings(max_examples=300, deadline=None)
@given(implementations())
def test_signature_accepted_exactly_when_the_call_works(
    impl: tuple[str, inspect.Signature],
) -> None:
    hook, signature = impl
    function = build_function(hook, signature)
    plugin = type("Generated", (), {hook: staticmethod(hookimpl(function))})()
    plugin.name = "generated"  # type: ignore[attr-defined]
    plugin.version = "1.0"  # type: ignore[attr-defined]
    plugin.description = "generated"  # type: ignore[attr-defined]
    assembly = assemble(
        [Candidate(record_for_object(plugin))],
        installed={"generated"},
        plugin_manager=NailgunPluginManager(),
    )
    accepted = not assembly.problems
    assert accepted == oracle(function, hook), (signature, assembly.problems)


def test_accepted_implementations_really_receive_their_arguments() -> None:
    """The end-to-end version of the oracle for one accepted shape, through
    the manager: a default-valued spec argument is passed (pluggy >= 1.7)."""
    seen = {}

    class Ext(BaseExtension):
        name, version, description = "ext", "1.0", "records"

        @hookimpl
        def on_cluster_create(self, data, /, cluster=None):  # type: ignore[no-untyped-def]
            seen.update(data=data, cluster=cluster)

    build_manager([Ext]).hook.on_cluster_create(cluster="c", data="d")
    assert seen == {"data": "d", "cluster": "c"}
