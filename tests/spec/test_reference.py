"""nailgun_hooks.spec.reference: the hook reference generated from the
hookspecs, as plain text, markdown and JSON, spelled as hookspecs.py
spells the types."""

from __future__ import annotations

import ast
import inspect

from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.spec.codestyle import LINE_LENGTH
from nailgun_hooks.spec.reference import (
    plain_doc,
    render_json,
    render_markdown,
    render_text,
    signature,
    stub,
    type_imports,
)


def test_a_signature_is_spelled_as_in_hookspecs() -> None:
    assert signature(specs()["set_node_volumes"]) == (
        "set_node_volumes(node: Node, volumes: Volumes) -> bool | None"
    )
    assert signature(specs()["on_node_create"]) == "on_node_create(node: Node) -> None"


def test_a_stub_is_wrapped_as_code_is() -> None:
    spec = specs()["on_before_deployment_serialization"]
    assert stub(spec) == (
        "def on_before_deployment_serialization(\n"
        "    cluster: Cluster, nodes: Sequence[Node], ignore_customized: bool\n"
        ") -> None: ..."
    )
    for spec in specs().values():
        ast.parse(stub(spec))
        assert all(len(line) <= LINE_LENGTH for line in stub(spec).splitlines())


def test_the_imports_are_hookspecs_own_made_absolute() -> None:
    imports = type_imports()
    assert "from collections.abc import Mapping, Sequence" in imports
    assert all("__future__" not in line and "event" not in line for line in imports)
    (types_import,) = (line for line in imports if "nailgun_hooks.types" in line)
    assert types_import.startswith("from nailgun_hooks.types import (\n")
    namespace: dict[str, object] = {}
    exec("\n".join(imports), namespace)
    for spec in specs().values():  # every type in a signature is imported
        for annotation in inspect.get_annotations(spec.function).values():
            eval(annotation, dict(namespace))


def test_plain_text_has_no_markup_left() -> None:
    assert plain_doc("Use ``x``.\n:param node: the node") == "Use x.\nnode: the node"
    text = render_text([specs()["get_node_volumes"]])
    assert text.startswith(
        "get_node_volumes(node: Node) -> Volumes | None\n"
        "    [kind: first-result call; firstresult: yes; "
        "scope: the node's extensions, then its cluster's]\n"
    )
    assert "``" not in render_text() and ":param" not in render_text()


def test_json_holds_the_facts_of_the_text() -> None:
    (entry,) = render_json([specs()["set_node_volumes"]])
    assert entry["name"] == "set_node_volumes"
    assert entry["parameters"] == [
        {"name": "node", "type": "Node"},
        {"name": "volumes", "type": "Volumes"},
    ]
    assert (entry["returns"], entry["kind"], entry["scope"]) == (
        "bool | None",
        "first-result",
        "node",
    )
    assert (entry["firstresult"], entry["deprecated"]) == (True, None)
    assert [e["name"] for e in render_json()] == list(specs())


def test_markdown_has_a_section_and_a_table_row_per_hook() -> None:
    markdown = render_markdown([specs()["on_node_create"]])
    assert markdown.startswith("# Hook reference\n")
    assert "| [`on_node_create`](#on_node_create) | notification | all |" in markdown
    assert "## on_node_create\n\n```python\n" in markdown
    assert "def on_node_create(node: Node) -> None: ..." in markdown
    assert "- `node`: the new node." in markdown
    assert "## on_node_update" not in markdown
    full = render_markdown()
    assert all(f"\n## {name}\n" in full for name in specs())
