"""The version of nailgun-hooks that is running.

A literal, kept equal to ``version`` in ``pyproject.toml`` by a test
(``tests/test_hostversion.py``), rather than read from the installed
distribution's metadata: extensions are checked against the code that is
running, and a checkout ahead of an installed copy on ``sys.path`` would make
the metadata describe the other one.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
