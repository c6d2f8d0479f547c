"""Benchmarks of the irkg build: a synthetic-corpus generator and a runner.

A package (not loose scripts) so that its modules keep distinct names from the
test suite's (``tests/conftest.py`` and ``bench/conftest.py`` would otherwise
clash for mypy); the scripts put ``tests/`` on ``sys.path`` when run directly.
"""
