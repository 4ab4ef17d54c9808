"""nailgun_hooks.sphinxext, used as docs/sphinx.md shows it: a tiny Sphinx
project of its own, built in a new process over installed extensions."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.dists import DistFactory
from tests.support.venv import ROOT
from tests.test_docs import blocks

pytest.importorskip("sphinx")

PAGE = ROOT / "docs" / "sphinx.md"
EXTENSIONS_WITH_AUTODOC = "extensions=nailgun_hooks.sphinxext,sphinx.ext.autodoc"

GREETER = '''
__doc__ = """Greets every node.

    It logs one line per node, at INFO.
    """

@hookimpl
def on_node_create(self, node: Node) -> None:
    pass
'''


def _page_blocks() -> tuple[str, str]:
    """The page's conf.py line and its reStructuredText, as written."""
    conf, directives = (
        block.code for block in blocks(PAGE) if block.language == "text"
    )
    return conf, directives


def _build(
    tmp_path: Path, dists: DistFactory, rst: str, *extra: str
) -> tuple[str, str]:
    """Build the project; return its index page's text and the build's stderr."""
    source = tmp_path / "project"
    source.mkdir()
    conf, _ = _page_blocks()
    (source / "conf.py").write_text(conf, encoding="utf-8")
    (source / "index.rst").write_text(
        "Extensions\n==========\n\n" + rst, encoding="utf-8"
    )
    paths = [str(dists.root), str(ROOT), os.environ.get("PYTHONPATH", "")]
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            *extra,
            str(source),
            str(out),
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        capture_output=True,
        text=True,
        check=False,
    )
    page = out / "index.html"
    assert page.exists(), done.stderr
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    return " ".join(text.split()), done.stderr


def _in_namespace(directives: str, namespace: str) -> str:
    return directives.replace(
        ".. nailgun-extensions::", f".. nailgun-extensions:: {namespace}"
    )


def test_the_installed_extensions_are_listed_in_call_order(
    tmp_path: Path, dists: DistFactory
) -> None:
    dists.extension(
        "greeter",
        GREETER,
        version="2.1.0",
        description="Says hello",
        extra={"before": ["auditor"]},
    )
    dists.extension("auditor", description="Audits")
    _, directives = _page_blocks()
    text, stderr = _build(tmp_path, dists, _in_namespace(directives, dists.namespace))
    assert stderr == ""
    assert text.index("greeter 2.1.0 Says hello") < text.index("auditor 1.0.0 Audits")
    fields = text.replace(" ", "")
    assert "hooks:on_node_createstyle:hookimpl" in fields
    assert "distribution:dist-ext_greeter" in fields
    # :detailed: shows the class's own docstring, never BaseExtension's
    assert "Greets every node. It logs one line per node, at INFO." in text
    assert text.count("Base class") == 0


def test_without_detailed_no_docstring(tmp_path: Path, dists: DistFactory) -> None:
    dists.extension("greeter", GREETER)
    text, _ = _build(tmp_path, dists, f".. nailgun-extensions:: {dists.namespace}\n")
    assert "greeter 1.0.0" in text and "Greets every node" not in text


def test_a_rejected_extension_is_a_warning_that_fails_w(
    tmp_path: Path, dists: DistFactory
) -> None:
    dists.extension("typo", "@hookimpl\ndef on_node_craete(self, node):\n    pass\n")
    rst = f".. nailgun-extensions:: {dists.namespace}\n"
    _, stderr = _build(tmp_path, dists, rst, "-W")
    assert "WARNING: nailgun-extensions: [unknown-hook] extension 'typo'" in stderr
    assert "index.rst" in stderr.split("WARNING")[0]  # located at the directive


def test_no_extension_installed_says_so(tmp_path: Path, dists: DistFactory) -> None:
    text, stderr = _build(
        tmp_path, dists, f".. nailgun-extensions:: {dists.namespace}\n"
    )
    assert "No Nailgun extension is installed." in text and stderr == ""


def test_the_hook_reference_documents_every_event(
    tmp_path: Path, dists: DistFactory
) -> None:
    from nailgun_hooks import specs
    from nailgun_hooks.spec.reference import signature

    rst = ".. nailgun-hooks-reference::\n\n"
    rst += "See :py:func:`nailgun_hooks.hookspecs.on_node_create`.\n"
    text, stderr = _build(tmp_path, dists, rst, "-W")
    assert stderr == ""
    for spec in specs().values():
        shown = signature(spec).replace(" ", "").replace("->", "→")
        assert shown in text.replace(" ", ""), spec.name
    assert "kind: first-result call · first result: yes" in text
    linked = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="#nailgun_hooks.hookspecs.on_node_create"' in linked


def test_no_index_lets_autodoc_document_the_hookspecs_too(
    tmp_path: Path, dists: DistFactory
) -> None:
    rst = ".. automodule:: nailgun_hooks.hookspecs\n   :members:\n\n"
    rst += ".. nailgun-hooks-reference::\n   :no-index:\n"
    text, stderr = _build(tmp_path, dists, rst, "-W", "-D", EXTENSIONS_WITH_AUTODOC)
    assert stderr == ""
    # autodoc's entry, and the directive's
    assert len(re.findall(r"on_cluster_create \(", text)) == 2


def test_a_module_extension_shows_its_module_docstring(
    tmp_path: Path, dists: DistFactory
) -> None:
    module = dists.unique("counter")
    dists.install(
        "counter-dist",
        entry_points={"counter": module},
        modules={
            module: '"""Counts clusters, for the capacity report."""\n'
            "from nailgun_hooks import hookimpl\n\n"
            "@hookimpl\ndef on_cluster_create(cluster):\n    pass\n"
        },
        version="0.3.0",
        summary="Counts clusters",
    )
    rst = f".. nailgun-extensions:: {dists.namespace}\n   :detailed:\n"
    text, stderr = _build(tmp_path, dists, rst)
    assert stderr == ""
    assert "counter 0.3.0 Counts clusters" in text
    assert "Counts clusters, for the capacity report." in text


def test_the_default_group_is_the_one_the_page_names() -> None:
    from nailgun_hooks.markers import NAMESPACE

    assert f"the default is\n`{NAMESPACE}`" in PAGE.read_text(encoding="utf-8")
