"""The hook reference, generated from the hookspecs.

``hookspecs.py`` is the only place an event is declared; the reference page of
the docs and ``nailgun-hooks specs`` are both rendered from it here, so they
cannot drift from the code (a test compares the committed page with this
output).
"""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterable, Mapping

from .. import hookspecs
from .catalogue import HookSpec, specs
from .codestyle import LINE_LENGTH, wrap_call
from .typecompat import type_repr

__all__ = [
    "plain_doc",
    "render_json",
    "render_markdown",
    "render_text",
    "signature",
    "stub",
]


KIND_LABELS = {
    "notification": "notification",
    "pipeline": "data pipeline (edit in place)",
    "first-result": "first-result call",
}
SCOPE_LABELS = {
    "all": "every loaded extension",
    "cluster": "the extensions enabled on the cluster",
    "node": "the node's extensions, then its cluster's",
}


def _annotation(value: object) -> str:
    # hookspecs.py uses postponed annotations: the text is as written there,
    # aliases such as ClusterData included.
    return value if isinstance(value, str) else type_repr(value)


def _parameters(spec: HookSpec) -> list[str]:
    return [
        f"{p.name}: {_annotation(p.annotation)}"
        if p.annotation is not inspect.Parameter.empty
        else p.name
        for p in inspect.signature(spec.function).parameters.values()
    ]


def _returns(spec: HookSpec) -> str:
    return _annotation(inspect.signature(spec.function).return_annotation)


def signature(spec: HookSpec) -> str:
    """``name(arg: Type, ...) -> Return``, spelled as in ``hookspecs.py``."""
    return f"{spec.name}({', '.join(_parameters(spec))}) -> {_returns(spec)}"


def _wrap(head: str, items: list[str], tail: str) -> str:
    """``head(items)tail``, wrapped as code is (code blocks in the docs are
    formatted like code)."""
    return "\n".join(wrap_call(head, items, tail))


def stub(spec: HookSpec) -> str:
    """The spec as a Python stub: ``def name(...) -> Return: ...``."""
    return _wrap(f"def {spec.name}", _parameters(spec), f" -> {_returns(spec)}: ...")


def type_imports() -> list[str]:
    """The imports ``hookspecs.py`` makes for its annotations, made absolute.

    Read from its source, so the reference shows exactly where each type in
    a signature comes from.
    """
    tree = ast.parse(inspect.getsource(hookspecs))
    lines = []
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
            continue
        module = node.module or ""
        if node.level:
            module = f"{hookspecs.__package__}.{module}"
        names = [alias.name for alias in node.names if alias.name != "event"]
        if not names:
            continue
        line = f"from {module} import {', '.join(names)}"
        if len(line) > LINE_LENGTH:
            line = (
                f"from {module} import (\n"
                + "".join(f"    {name},\n" for name in names)
                + ")"
            )
        lines.append(line)
    return lines


def _facts(spec: HookSpec) -> list[tuple[str, str]]:
    return [
        ("kind", KIND_LABELS[spec.kind]),
        ("firstresult", "yes" if spec.firstresult else "no"),
        ("scope", SCOPE_LABELS[spec.scope]),
    ]


def plain_doc(doc: str) -> str:
    """Docstring -> plain text for a terminal: no reST markup left
    (````code```` is ``code``, ``:param x:`` is ``x:``)."""
    text = doc.replace("``", "")
    return re.sub(r"^:param (\w+):", r"\1:", text, flags=re.MULTILINE)


def render_text(hooks: Iterable[HookSpec] | None = None) -> str:
    """Plain text for a terminal: one block per hook."""
    blocks = []
    for spec in _all(hooks):
        facts = "; ".join(f"{key}: {value}" for key, value in _facts(spec))
        doc = "\n".join(
            f"    {line}".rstrip() for line in plain_doc(spec.doc).splitlines()
        )
        blocks.append(f"{signature(spec)}\n    [{facts}]\n{doc}\n")
    return "\n".join(blocks)


def _parameter_objects(spec: HookSpec) -> list[dict[str, str | None]]:
    return [
        {
            "name": p.name,
            "type": None
            if p.annotation is inspect.Parameter.empty
            else _annotation(p.annotation),
        }
        for p in inspect.signature(spec.function).parameters.values()
    ]


def render_json(hooks: Iterable[HookSpec] | None = None) -> list[dict[str, object]]:
    """The hooks for machines: an object per hook, the facts of the text as
    values (the schema is in docs/guide.md)."""
    return [
        {
            "name": spec.name,
            "signature": signature(spec),
            "parameters": _parameter_objects(spec),
            "returns": _returns(spec),
            "kind": spec.kind,
            "firstresult": spec.firstresult,
            "scope": spec.scope,
            "deprecated": spec.deprecated,
            "doc": plain_doc(spec.doc),
        }
        for spec in _all(hooks)
    ]


_PARAM = re.compile(r"^:param (\w+):\s*(.*)$")


def _markdown_doc(doc: str) -> str:
    """Docstring -> markdown: ``code`` to `code`, ``:param x:`` to a list."""
    out: list[str] = []
    for line in doc.replace("``", "`").splitlines():
        match = _PARAM.match(line)
        if match:
            out.append(f"- `{match[1]}`: {match[2]}")
        elif line.startswith("    ") and out and out[-1].startswith("- `"):
            out[-1] += f" {line.strip()}"  # continuation of a :param: line
        elif line.startswith("Return value:"):
            if out and out[-1].startswith("- `"):
                out.append("")
            out.append(f"**{line[: len('Return value:')]}**{line[13:]}")
        else:
            out.append(line)
    return "\n".join(out).strip()


def render_markdown(hooks: Iterable[HookSpec] | None = None) -> str:
    """The docs' reference page (``docs/reference.md``)."""
    hooks = _all(hooks)
    lines = [
        "# Hook reference",
        "",
        "<!-- Generated by `nailgun-hooks specs --markdown --output "
        "docs/reference.md`; do not edit by hand. -->",
        "",
        "Every event Nailgun fires at its extensions, as declared in "
        "`nailgun_hooks/hookspecs.py`.",
        "Implement one with an `@hookimpl` method of the same name that takes "
        "any subset of the",
        "event's arguments, by name; annotations, if you write them, must match "
        "the ones below",
        "(`nailgun-hooks check` verifies both). The types are the Protocols of "
        "`nailgun_hooks.types`.",
        "",
        "```python",
        *type_imports(),
        "```",
        "",
        "| hook | kind | scope |",
        "|---|---|---|",
    ]
    lines += [
        f"| [`{spec.name}`](#{spec.name}) | {spec.kind} | {spec.scope} |"
        for spec in hooks
    ]
    for spec in hooks:
        lines += [
            "",
            f"## {spec.name}",
            "",
            "```python",
            stub(spec),
            "```",
            "",
            " · ".join(f"**{key}:** {value}" for key, value in _facts(spec)),
            "",
            _markdown_doc(spec.doc),
        ]
    return "\n".join(lines) + "\n"


def _all(hooks: Iterable[HookSpec] | None) -> list[HookSpec]:
    chosen: Mapping[str, HookSpec] | list[HookSpec]
    chosen = specs() if hooks is None else list(hooks)
    return list(chosen.values() if isinstance(chosen, Mapping) else chosen)
