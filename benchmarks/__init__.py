"""Benchmarks of nailgun-hooks against raw pluggy, raw stevedore and plain Python.

Run everything with ``python -m benchmarks`` from the repository root; see
``benchmarks/README.md`` for what is measured, how, and the latest results.
Not part of the test suite: ``tests/test_fastpath_benchmarks.py`` only runs
the harness with tiny sizes so that it cannot rot.
"""
