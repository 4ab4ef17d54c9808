"""What importing the package (``nailgun_hooks/__init__.py``) imports."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_package_leaves_the_loading_machinery_for_later() -> None:
    """An extension module imports nailgun_hooks for BaseExtension and
    hookimpl: that must not pay for stevedore or importlib.metadata."""
    code = (
        "import sys, nailgun_hooks\n"
        "from nailgun_hooks import BaseExtension, hookimpl\n"
        "heavy = {'stevedore', 'importlib.metadata', 'nailgun_hooks.loading'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
        "nailgun_hooks.load_extensions\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "[]",
        "['importlib.metadata', 'nailgun_hooks.loading', 'stevedore']",
    ]
