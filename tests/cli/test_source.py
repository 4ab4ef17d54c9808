"""Where nailgun-hooks was installed from (PEP 610), for the instructions
``nailgun-hooks new`` writes while the library is on no package index."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
from pathlib import Path

import pytest

from nailgun_hooks.cli import source
from nailgun_hooks.cli.source import PLACEHOLDER, install_argument, library_source


class _Distribution:
    def __init__(self, record: str | None) -> None:
        self.record = record

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return self.record


def _installed_with(monkeypatch: pytest.MonkeyPatch, record: object) -> None:
    text = record if record is None or isinstance(record, str) else json.dumps(record)
    monkeypatch.setattr(
        importlib.metadata, "distribution", lambda name: _Distribution(text)
    )


@pytest.mark.parametrize(
    ("record", "found"),
    [
        (
            {"url": "file:///src/nailgun-hooks", "dir_info": {"editable": True}},
            "/src/nailgun-hooks",
        ),
        (
            {
                "url": "file:///w/nailgun_hooks-0.1.0-py3-none-any.whl",
                "archive_info": {},
            },
            "/w/nailgun_hooks-0.1.0-py3-none-any.whl",
        ),
        ({"url": "file:///with%20space", "dir_info": {}}, "/with space"),
        (
            {"url": "https://example.invalid/nailgun_hooks.whl", "archive_info": {}},
            None,
        ),
        ({"url": "file://otherhost/share", "dir_info": {}}, None),
        ({"dir_info": {}}, None),
        ({"url": 3}, None),
        ("{not json", None),
        ("[]", None),
        (None, None),
    ],
)
def test_the_source_is_a_local_checkout_or_wheel(
    monkeypatch: pytest.MonkeyPatch, record: object, found: str | None
) -> None:
    _installed_with(monkeypatch, record)
    assert library_source() == found


def test_not_installed_there_is_no_source(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "distribution", missing)
    assert source.library_source() is None


def test_the_argument_is_quoted_for_the_shell(tmp_path: Path) -> None:
    odd = str(tmp_path / "it's $HOME")
    argument = install_argument(odd, "[db]")
    echoed = subprocess.run(
        ["sh", "-c", f"printf %s {argument}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert echoed.stdout == odd + "[db]"
    assert install_argument(None) == f"'{PLACEHOLDER}'"
