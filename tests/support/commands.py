"""Running the nailgun-hooks command in-process, and the extensions its tests
install."""

from __future__ import annotations

import json
from typing import Any

import pytest

from nailgun_hooks import cli
from tests.support.dists import DistFactory

UPDATE = """
@hookimpl
def on_node_update(self, node: Node) -> None:
    pass
"""


LOGGER_LINE = "[nailgun.extensions.logging] "


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run(capsys, *argv, "--json")
    assert err == ""
    return code, json.loads(out)


def install_logging_extension(dists: DistFactory) -> None:
    """The real example extension, as its own distribution declares it."""
    dists.install(
        "nailgun-example-logging-ext",
        entry_points={"logging": "nailgun_example_logging_ext:LoggingExtension"},
        summary="A Nailgun extension that logs one line for every event",
    )


def install_broken(dists: DistFactory, name: str = "broken") -> str:
    module = dists.unique(name)
    dists.install(
        f"{name}-dist",
        entry_points={name: f"{module}:Extension"},
        modules={module: "import no_such_module_for_nailgun\n"},
    )
    return module
