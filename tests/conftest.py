from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.dists import DistFactory, dist_factory


@pytest.fixture
def dists(tmp_path: Path) -> Iterator[DistFactory]:
    """Install real distributions into a fresh sys.path entry for one test."""
    yield from dist_factory(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's SQLite database goes (not created)."""
    return tmp_path / "nailgun.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"
