"""Keep pytest out of the benchmarks: they run for minutes and are not tests.

``python tests/bench/run.py`` runs them; ``pytest`` must never collect them,
even when pointed at this folder or when a module here looks like a test.
"""

collect_ignore_glob = ["*"]
