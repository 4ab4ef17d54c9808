"""What a built wheel tells an operator: its licence, as PEP 639 writes it.

The wheels are built for real, by pip with the build backend the project
declares (in pip's isolated build environment), because what goes missing
is decided there: a flit_core too old for PEP 639 drops the licence from
the metadata without a word.
"""

from __future__ import annotations

import email.parser
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.venv import ROOT
from tests.test_doc_install import WHEEL

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest depends on tomli before 3.11
    import tomli as tomllib

PROJECTS = {
    "nailgun-hooks": ROOT,
    "nailgun-example-logging-ext": ROOT / "example_logging_ext",
}

pytestmark = pytest.mark.once


def test_license_is_the_standard_apache_2_text() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text
    assert (ROOT / "example_logging_ext" / "LICENSE").read_text() == text


@pytest.mark.parametrize("project", PROJECTS.values(), ids=PROJECTS)
def test_pyproject_declares_the_license_as_pep_639_does(project: Path) -> None:
    data = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["license"] == "Apache-2.0"
    assert data["project"]["license-files"] == ["LICENSE"]
    # PEP 639 forbids a licence classifier beside a licence expression.
    assert not any(
        c.startswith("License ::") for c in data["project"].get("classifiers", [])
    )


def _build_wheel(project: Path, out: Path) -> Path:
    pip = [sys.executable, "-m", "pip"]
    done = subprocess.run(
        [*pip, "wheel", "--no-deps", "-q", "--wheel-dir", str(out), str(project)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = out.glob("*.whl")
    return wheel


@pytest.mark.slow
@pytest.mark.parametrize("name", PROJECTS)
def test_built_wheel_carries_the_license_expression_and_file(
    name: str, tmp_path: Path
) -> None:
    wheel = _build_wheel(PROJECTS[name], tmp_path)
    if name == "nailgun-hooks":  # the file the docs tell to install
        assert wheel.name == WHEEL
    with zipfile.ZipFile(wheel) as archive:
        (dist_info,) = {
            n.split("/")[0] for n in archive.namelist() if ".dist-info/" in n
        }
        metadata = email.parser.Parser().parsestr(
            archive.read(f"{dist_info}/METADATA").decode("utf-8")
        )
        shipped = archive.read(f"{dist_info}/licenses/LICENSE").decode("utf-8")
    assert metadata["Name"] == name
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["License"] is None  # the deprecated free-text field
    assert shipped == (PROJECTS[name] / "LICENSE").read_text(encoding="utf-8")
