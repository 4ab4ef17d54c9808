"""The ``compat_extensions`` pytest fixture: Nailgun's own code under test,
served by the extensions a test chooses.

Registered through its own ``pytest11`` entry point (``nailgun_hooks_compat``)
and, like the authors' plugin, cheap to import for every pytest run: compat
is imported only when a test asks for the fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ..manager import HookManager

__all__ = ["compat_extensions"]


@pytest.fixture
def compat_extensions() -> Iterator[Callable[..., HookManager]]:
    """Install extensions into compat: call it with extension classes (built
    strictly into a manager) or with one manager; what compat served before
    comes back when the test ends, however often it was called."""
    from .compat_state import installed

    with ExitStack() as stack:

        def install(*extensions: object) -> HookManager:
            return stack.enter_context(installed(*extensions))

        yield install
