"""Fixtures shared by the tests of ``startup/``."""

from tests.support.startup import deprecated_event

__all__ = ["deprecated_event"]
