"""nailgun_hooks.cli.declared: ``nailgun-hooks specs --installed`` lists the
calls installed extensions declare themselves."""

from __future__ import annotations

import json

import pytest

from nailgun_hooks import cli
from nailgun_hooks.spec.catalogue import specs
from nailgun_hooks.spec.reference import render_markdown, render_text
from tests.support.dists import DistFactory

PARTITIONING = """
from nailgun_hooks.compat import BaseExtension

class Extension(BaseExtension):
    name = "{name}"
    version = "1.0.0"
    description = "Answers a call Nailgun never declared"
    provides = ["get_node_simple_volumes"]

    @classmethod
    def get_node_simple_volumes(cls, node, disk):
        return [disk]
"""


def _install(dists: DistFactory, name: str) -> None:
    module = dists.unique(name)
    dists.install(
        f"{name}-dist",
        entry_points={name: f"{module}:Extension"},
        modules={module: PARTITIONING.format(name=name)},
    )


def test_specs_installed_lists_each_call_with_its_extensions(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(dists, "parta")
    _install(dists, "partb")
    assert cli.main(["specs", "--installed", "--namespace", dists.namespace]) == 0
    out = capsys.readouterr().out
    assert out.startswith(render_text())
    assert out[len(render_text()) :] == (
        f"\nCalls declared by installed extensions ({dists.namespace!r}):\n"
        "  get_node_simple_volumes(node, disk)\n"
        "    parta, partb\n"
    )


def test_specs_installed_in_markdown_and_with_none(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["specs", "--markdown", "--installed", "--namespace", dists.namespace]
    assert cli.main(args) == 0
    assert capsys.readouterr().out == (
        render_markdown()
        + f"\n## Calls declared by installed extensions ({dists.namespace!r})\n"
        + "\nnone\n"
    )
    _install(dists, "parta")
    assert cli.main(args) == 0
    assert capsys.readouterr().out.endswith(
        "\n- `get_node_simple_volumes(node, disk)`: parta\n"
    )


def test_specs_without_installed_imports_no_extension(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(dists, "parta")
    assert cli.main(["specs", "--namespace", dists.namespace]) == 0
    assert capsys.readouterr().out == render_text()


def test_specs_installed_in_json_is_one_object(
    dists: DistFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    _install(dists, "parta")
    _install(dists, "partb")
    args = ["specs", "--json", "--installed", "--namespace", dists.namespace]
    assert cli.main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["installed_calls"] == [
        {
            "name": "get_node_simple_volumes",
            "signature": "(node, disk)",
            "extensions": ["parta", "partb"],
        }
    ]
    assert len(document["hooks"]) == len(specs())
    assert cli.main(["specs", "--json"]) == 0
    assert "installed_calls" not in json.loads(capsys.readouterr().out)
