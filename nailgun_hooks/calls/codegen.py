"""The source code of hook callers, generated from their shape.

A caller's code depends only on its :class:`Shape`: the hook's arguments,
first-result or not, the policy, the mode, and how its implementations
group into runs sharing a call pattern. Code is compiled once per shape and
process; :mod:`nailgun_hooks.calls.fastpath` gives each caller its own globals.
"""

from __future__ import annotations

import functools
import itertools
import linecache
from dataclasses import dataclass
from types import CodeType
from typing import Literal

from .._pluggy_internals import STATE_ATTRIBUTE, WRAPPER_CHAIN_FILES
from .policy import Policy

_counter = itertools.count()

# A call pattern: the parameters an implementation takes positionally, and
# the spec arguments it declares with a default (pluggy passes those by name).
Pattern = tuple[tuple[str, ...], tuple[str, ...]]

UNROLL = 64
"""The first implementations of a run are called one by one, the rest in a
loop. A call site of its own keeps Python's specialisation of the call for
the one function it calls, where a loop's single site sees a different
function each time and falls back to the generic call: written out, every
call is cheaper than in any loop. The price is compiling about one site per
implementation, once per shape and process, at the hook's first call: the
loop is for sets of extensions far larger than an installation holds."""

Mode = Literal["direct", "checked", "pluggy"]
"""``direct``: the generated loop, nothing checked per call; ``checked``: the
generated loop unless the function calls run through was replaced since
(monitoring switched on); ``pluggy``: always the manager's own machinery."""


@dataclass(frozen=True)
class Shape:
    """Everything the generated source depends on, and nothing else."""

    argnames: tuple[str, ...]
    firstresult: bool
    policy: Policy
    mode: Mode
    runs: tuple[tuple[Pattern, int, bool], ...]
    """Per run of consecutive implementations sharing a pattern: the pattern,
    how many are called one by one, and whether the rest are looped over."""
    wrappers: tuple[Pattern, ...] = ()
    """The call patterns of the new-style wrappers, in call order. With any,
    the caller drives them around the calls of the plain implementations
    (``runs``), under the ``propagate`` policy only."""


def _call_site(callee: str, pattern: Pattern, shape: Shape, indent: str) -> list[str]:
    """Call one implementation and deal with its result or exception."""
    positional, keywords = pattern
    arguments = ", ".join([*positional, *(f"{name}={name}" for name in keywords)])
    lines = [
        "try:",
        f"    _result = {callee}({arguments})",
    ]
    if shape.policy == "collect":
        lines += [
            "except Exception as _exc:",
            f"    _errors = _failed(_errors, _exc, {callee})",
        ]
    lines += [
        "except BaseException as _exc:",
        f"    _note(_exc, {callee})",
        "    raise",
        "else:",
        "    if _result is not None:",
    ]
    if not shape.firstresult:
        lines.append("        _results.append(_result)")
    elif shape.policy == "collect":
        lines += [
            "        if _errors:",
            "            raise _group(_errors)",
            "        return _result",
        ]
    else:
        lines.append("        return _result")
    return [indent + line for line in lines]


def source(shape: Shape) -> str:
    """The source of a caller of ``shape``.

    Everything the caller uses besides its arguments is a global of its own
    namespace (see :func:`nailgun_hooks.calls.fastpath.build_caller`): a global
    costs nothing until it is read, while closure cells are copied into every
    call's frame. Names the
    generated code uses for itself start with ``_``; spec arguments never do
    (checked in :func:`compile_shape`), so they cannot clash.
    """
    args = shape.argnames
    runs = [f"_run{i}" for i in range(len(shape.runs))]
    signature = ", ".join(["*", *(f"{a}=_MISSING" for a in args)])
    missing = " or ".join(f"{a} is _MISSING" for a in args)
    given = ", ".join(f"{a}={a}" for a in args)
    as_dict = "{" + ", ".join(f"{a!r}: {a}" for a in args) + "}"
    lines = [f"def _caller({signature}):"]
    if missing:
        lines += [f"    if {missing}:", f"        raise _bad_call({given})"]
    # pluggy's loop: inline for "propagate" (one frame fewer than pluggy's
    # own HookCaller), through a helper that collects for "collect"
    if shape.policy == "propagate":
        via_pluggy = [
            "try:",
            f"    return _pluggy_call(_name, [*_impls], {as_dict}, _firstresult)",
            "except BaseException as _exc:",
            "    _from_traceback(_exc)",
            "    raise",
        ]
    else:
        via_pluggy = [f"return _fallback({as_dict})"]
    if shape.mode == "pluggy":
        lines += [" " * 4 + line for line in via_pluggy]
        return "\n".join(lines) + "\n"
    if shape.mode == "checked":
        lines.append(f"    if _pm.{STATE_ATTRIBUTE} is not _pluggy_loop:")
        lines += [" " * 8 + line for line in via_pluggy]
    if shape.wrappers:
        return "\n".join(lines + _wrapper_chain(shape)) + "\n"
    if not shape.firstresult:
        lines.append("    _results = []")
    if shape.policy == "collect":
        lines.append("    _errors = None")
    for run, (pattern, unrolled, looped) in zip(runs, shape.runs, strict=True):
        for i in range(unrolled):
            lines += _call_site(f"{run}_{i}", pattern, shape, " " * 4)
        if looped:
            lines.append(f"    for _impl in {run}_rest:")
            lines += _call_site("_impl", pattern, shape, " " * 8)
    if shape.policy == "collect":
        lines += ["    if _errors:", "        raise _group(_errors)"]
    lines.append("    return None" if shape.firstresult else "    return _results")
    return "\n".join(lines) + "\n"


def _wrapper_chain(shape: Shape) -> list[str]:
    """Start each new-style wrapper, call the plain implementations, then
    finish the wrappers innermost first, as pluggy's loop does.

    The common steps are written out: starting a wrapper (``next``), and
    finishing it with the result (``send``, whose ``StopIteration`` carries
    what the wrapper returns). The rare ones are the loop's own
    (:mod:`nailgun_hooks._pluggy_loop`): a wrapper that does not yield, or
    yields twice, and throwing an exception into a wrapper. Whatever
    escapes is attributed from its traceback, as on pluggy's path (an
    implementation's own exception already carries its note); the file name
    of this code makes its frames count as the loop's there
    (:data:`~nailgun_hooks._pluggy_internals.WRAPPER_CHAIN_FILES`), as the
    loop's helpers it stands for would.
    """
    if shape.policy != "propagate":
        raise ValueError("wrappers are driven by generated code only for 'propagate'")
    lines = ["    _started = 0", "    try:"]
    for index, (positional, keywords) in enumerate(shape.wrappers):
        arguments = ", ".join([*positional, *(f"{k}={k}" for k in keywords)])
        teardown = f"_teardown{index}"
        lines += [
            f"        {teardown} = _wrap{index}({arguments})",
            "        try:",
            f"            next({teardown})",
            "        except StopIteration:",
            f"            raise _did_not_yield({teardown}) from None",
            f"        _started = {index + 1}",
        ]
    lines += _plain_calls(shape, " " * 8)
    lines += [
        "        _failure = None",
        "    except BaseException as _exc:",
        "        _result, _failure = None, _exc",
        "    try:",
    ]
    for index in reversed(range(len(shape.wrappers))):
        lines += _finish_one(f"_teardown{index}", index, " " * 8)
    lines += [
        "        if _failure is not None:",
        "            raise _failure",
        "    except BaseException as _exc:",
        "        _from_traceback(_exc)",
        "        raise",
        "    return _result",
    ]
    return lines


def _finish_one(teardown: str, index: int, indent: str) -> list[str]:
    """Resume one started wrapper with the outcome so far (what the loop's
    ``finish_wrapper`` does, its common case written out)."""
    lines = [
        f"if _started > {index}:",
        "    if _failure is None:",
        "        try:",
        f"            {teardown}.send(_result)",
        "        except StopIteration as _returned:",
        "            _result = _returned.value",
        "        except BaseException as _exc:",
        "            _failure = _exc",
        "        else:",
        f"            _result, _failure = _yielded_again({teardown}, _result)",
        "    else:",
        f"        _result, _failure = _finish({teardown}, _result, _failure)",
    ]
    return [indent + line for line in lines]


def _plain_calls(shape: Shape, indent: str) -> list[str]:
    """The plain implementations' calls inside a wrapper chain, leaving the
    outcome in ``_result``: the list of answers, or the first answer (each
    call of a first-result hook runs only while there is none)."""
    first = shape.firstresult
    lines = ["_result = None" if first else "_results = []"]
    for index, (pattern, unrolled, looped) in enumerate(shape.runs):
        run = f"_run{index}"
        blocks = [_plain_site(f"{run}_{i}", pattern, first) for i in range(unrolled)]
        if looped:
            stop = ["    if _result is not None:", "        break"] if first else []
            site = ["    " + line for line in _plain_site("_impl", pattern, first)]
            blocks.append([f"for _impl in {run}_rest:", *site, *stop])
        for block in blocks:
            if first:
                lines += ["if _result is None:", *("    " + line for line in block)]
            else:
                lines += block
    if not first:
        lines.append("_result = _results")
    return [indent + line for line in lines]


def _plain_site(callee: str, pattern: Pattern, firstresult: bool) -> list[str]:
    """One plain implementation called inside a wrapper chain: its exception
    gets its note and goes on to the wrappers."""
    positional, keywords = pattern
    arguments = ", ".join([*positional, *(f"{name}={name}" for name in keywords)])
    lines = [
        "try:",
        f"    _result = {callee}({arguments})",
        "except BaseException as _exc:",
        f"    _note(_exc, {callee})",
        "    raise",
    ]
    if not firstresult:
        lines += ["if _result is not None:", "    _results.append(_result)"]
    return lines


@functools.lru_cache(maxsize=512)
def compile_shape(shape: Shape) -> CodeType:
    """The code of a caller of ``shape``, compiled once per process.

    The source is registered with :mod:`linecache` (as ``attrs`` does) so
    that tracebacks through a caller show its lines.
    """
    if any(name.startswith("_") for name in shape.argnames):
        raise ValueError(f"hook arguments must not start with '_': {shape.argnames}")
    text = source(shape)
    prefix = WRAPPER_CHAIN_FILES if shape.wrappers else "<nailgun-hooks caller "
    filename = f"{prefix}{next(_counter)}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    module = compile(text, filename, "exec")
    (code,) = (c for c in module.co_consts if isinstance(c, CodeType))
    return code
