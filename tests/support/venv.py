"""Fresh virtual environments with nailgun-hooks pip-installed from the checkout.

What a newcomer or an operator does, for real: ``python -m venv``, ``pip
install``, then the ``nailgun-hooks`` command in a new process each time (a
"restart" of Nailgun). Each process runs outside the checkout, with a private
cache directory, so nothing leaks in from the test run itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
"""The checkout: what ``pip install <checkout>`` installs."""

# Builds run without isolation (one flit_core install instead of one per
# build); every project here builds with flit_core.
BUILD_REQUIREMENT = "flit_core>=3.11,<5"


class Venv:
    """A virtual environment and the commands run in it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bin = path / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / "python"
        self.cwd = path.parent / "cwd"
        self.cwd.mkdir(exist_ok=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}
        }
        # stevedore's entry-point cache lives under XDG_CACHE_HOME: keep it
        # private so a test sees only what it did itself.
        self.env["XDG_CACHE_HOME"] = str(path.parent / "cache")
        self.env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        self.timings: list[tuple[str, float]] = []

    @classmethod
    def create(cls, path: Path) -> Venv:
        """``python -m venv``, flit_core, then nailgun-hooks from the checkout.

        The environment gets no pip of its own: seeding one (ensurepip) cost
        more than everything else a test does in it. The running pip installs
        into it instead (``pip --python``), running as the environment's own
        interpreter, so what it installs and builds is the environment's.
        """
        venv = cls(path)
        venv._timed("venv", [sys.executable, "-m", "venv", "--without-pip", str(path)])
        venv.pip("install", BUILD_REQUIREMENT)
        venv.install(ROOT)
        return venv

    def _timed(self, label: str, argv: list[str], **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return subprocess.run(
                argv,
                env=self.env,
                cwd=self.cwd,
                capture_output=True,
                text=True,
                **kwargs,
            )
        finally:
            self.timings.append((label, time.perf_counter() - start))

    def pip(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = self._timed(
            f"pip {args[0]}",
            [sys.executable, "-m", "pip", "--python", str(self.python), *args],
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(
                f"pip {' '.join(args)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr}"
            )
        return done  # type: ignore[no-any-return]

    def install(self, project: Path, *extra: str) -> None:
        """``pip install <project>`` (a directory), non-editable."""
        self.pip("install", "--no-build-isolation", *extra, str(project))

    def run(self, *argv: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        """Run a command from the environment's bin directory, in a new process."""
        done = self._timed(argv[0], [str(self.bin / argv[0]), *argv[1:]], check=False)
        if done.returncode != expect:
            raise AssertionError(
                f"{' '.join(argv)} exited {done.returncode}, expected {expect}:\n"
                f"{done.stdout}\n{done.stderr}"
            )
        return done  # type: ignore[no-any-return]

    def listing(self) -> dict[str, Any]:
        """``nailgun-hooks list --json``, as a new process."""
        return json.loads(self.run("nailgun-hooks", "list", "--json").stdout)  # type: ignore[no-any-return]

    def loaded(self) -> dict[str, dict[str, Any]]:
        """The loaded extensions of a fresh listing, by name, in call order."""
        return {
            entry["name"]: entry
            for entry in self.listing()["extensions"]
            if entry["status"] == "loaded"
        }

    def report_timings(self) -> str:
        total = sum(seconds for _, seconds in self.timings)
        steps = ", ".join(f"{label} {seconds:.1f}s" for label, seconds in self.timings)
        return f"{total:.1f}s in {len(self.timings)} processes: {steps}"
