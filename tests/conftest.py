from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.dists import DistFactory, dist_factory


@pytest.fixture
def dists(tmp_path: Path) -> Iterator[DistFactory]:
    """Install real distributions into a fresh sys.path entry for one test."""
    yield from dist_factory(tmp_path)
