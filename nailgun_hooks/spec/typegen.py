"""Writes :mod:`nailgun_hooks.calls.hookcalls`, the typed calling interface, from
``hookspecs.py``.

pluggy's ``pm.hook.x(...)`` is ``Any`` to a type checker (pluggy issue #191).
Hook callers are built at run time, so their static types have to be written
down somewhere; writing them by hand would let them drift from the specs.
This module derives them: keyword-only parameters with the spec's
annotations, ``list[R]`` for a normal hook and ``R | None`` for a first-result
hook, where ``R`` is the spec's return annotation, spelled as in the spec and
imported from where the spec imports it.

    python -m nailgun_hooks.spec.typegen           # rewrite hookcalls.py
    python -m nailgun_hooks.spec.typegen --check   # exit 1 if it is out of date

The test suite runs the check, so a spec changed without regenerating fails.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import sys
import types
import typing
from collections.abc import Sequence
from pathlib import Path

from .. import hookspecs
from .catalogue import HookSpec, specs
from .codestyle import LINE_LENGTH, wrap_call

TARGET = Path(__file__).parent.parent / "calls" / "hookcalls.py"

_HEADER = '''\
"""Typed calls of every Nailgun event: what ``manager.hook.<event>(...)``
accepts and returns, for mypy and for readers.

GENERATED from ``nailgun_hooks/hookspecs.py`` by ``python -m
nailgun_hooks.spec.typegen``: do not edit. The tests regenerate it and fail if it
differs, so it cannot drift from the specs.
"""

from __future__ import annotations

{imports}

if TYPE_CHECKING:
    import pluggy

    from ..spec.catalogue import HookSpec
    from .policy import Policy


class BoundHook(Protocol):
    """What every hook caller offers besides being called."""

    @property
    def name(self) -> str: ...
    @property
    def spec(self) -> HookSpec: ...
    @property
    def policy(self) -> Policy:
        """What happens when an implementation raises."""
        ...

    @property
    def fast(self) -> bool:
        """False when every call goes through pluggy's loop (an old-style
        hookwrapper, a wrapper under the collect policy, tracing on)."""
        ...

    @property
    def implementations(self) -> tuple[pluggy.HookImpl, ...]:
        """The implementations, in call order (wrappers first)."""
        ...

    @property
    def extension_names(self) -> tuple[str, ...]:
        """Names of the extensions implementing the hook, in call order."""
        ...
'''


def _spec_imports() -> dict[str, str]:
    """Name -> ``from`` module, for every name ``hookspecs.py`` imports."""
    tree = ast.parse(inspect.getsource(hookspecs))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            # hookspecs.py is at the top of the package, hookcalls.py one down
            level = node.level + 1 if node.level else 0
            module = "." * level + (node.module or "")
            for alias in node.names:
                found[alias.asname or alias.name] = module
    return found


def _annotation(function: object, name: str) -> str:
    raw = inspect.get_annotations(function)[name]  # type: ignore[arg-type]
    return raw if isinstance(raw, str) else inspect.formatannotation(raw)


def _includes_none(tp: object) -> bool:
    if tp is None or tp is type(None):
        return True
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return any(_includes_none(arg) for arg in typing.get_args(tp))
    return False


def return_annotation(spec: HookSpec) -> str:
    """``list[R]``, or ``R | None`` for a first-result hook."""
    written = _annotation(spec.function, "return")
    if not spec.firstresult:
        return f"list[{written}]"
    return written if _includes_none(spec.return_type) else f"{written} | None"


def class_name(hook: str) -> str:
    return "".join(part.capitalize() for part in hook.split("_")) + "Hook"


def _def(params: Sequence[str], returns: str) -> list[str]:
    """``def __call__``, wrapped the way ``ruff format`` wraps it."""
    return wrap_call("def __call__", params, f" -> {returns}: ...", indent="    ")


def _summary(spec: HookSpec) -> str:
    first = spec.doc.split("\n\n")[0].replace("\n", " ")
    return f"``{spec.name}``: {first}"


def _docstring(text: str) -> list[str]:
    """A class docstring, wrapped to the line length."""
    words = text.replace('"""', "'''").split()
    lines, line = [], '    """'
    for word in words:
        if len(line) + 1 + len(word) > LINE_LENGTH and line.strip() != '"""':
            lines.append(line)
            line = "    " + word
        else:
            line += word if line.endswith('"""') else " " + word
    if len(line) + 3 > LINE_LENGTH:
        lines += [line, '    """']
    else:
        lines.append(line + '"""')
    return lines


def render() -> str:
    """The full text of ``hookcalls.py``."""
    imports = _spec_imports()
    needed: dict[str, set[str]] = {"typing": {"TYPE_CHECKING", "Protocol"}}
    classes: list[str] = []
    attributes: list[str] = []
    for spec in specs().values():
        params = ["self", "*"]
        written = [_annotation(spec.function, a) for a in spec.argnames]
        params += [f"{a}: {t}" for a, t in zip(spec.argnames, written, strict=True)]
        returns = return_annotation(spec)
        for text in [*written, returns]:
            for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
                if word in imports:
                    needed.setdefault(imports[word], set()).add(word)
        name = class_name(spec.name)
        classes += [
            "",
            "",
            f"class {name}(BoundHook, Protocol):",
            *_docstring(_summary(spec)),
            "",
            *_def(params, returns),
        ]
        attributes.append(f"    {spec.name}: {name}")
    stdlib = sorted(m for m in needed if not m.startswith("."))
    local = sorted(m for m in needed if m.startswith("."))
    import_lines = [_from(module, needed[module]) for module in stdlib]
    if local:
        import_lines.append("")
        import_lines += [_from(module, needed[module]) for module in local]
    body = [
        _HEADER.format(imports="\n".join(import_lines)).rstrip("\n"),
        *classes,
        "",
        "",
        "class Hooks:",
        '    """One typed caller per event, filled in at run time by',
        "    :class:`~nailgun_hooks.calls.relay.HookRelay` (declarations only: nothing",
        '    here exists at run time until a relay is installed)."""',
        "",
        *attributes,
    ]
    return "\n".join(body) + "\n"


def _from(module: str, names: set[str]) -> str:
    line = f"from {module} import {', '.join(sorted(names, key=_isort_key))}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = "\n".join(f"    {name}," for name in sorted(names, key=_isort_key))
    return f"from {module} import (\n{inner}\n)"


def _isort_key(name: str) -> tuple[int, str]:
    """isort's order: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    return (1 if name[:1].isupper() else 2, name)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nailgun_hooks.spec.typegen")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if hookcalls.py is out of date"
    )
    args = parser.parse_args(argv)
    text = render()
    current = TARGET.read_text() if TARGET.exists() else ""
    if args.check:
        if current != text:
            print(f"{TARGET} is out of date: run python -m nailgun_hooks.spec.typegen")
            return 1
        return 0
    if current != text:
        TARGET.write_text(text)
        print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
