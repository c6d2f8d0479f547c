"""Golden tests: each case folder's seeds build to a graph isomorphic to expected.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from irkg.pipeline import run_build

CASES = sorted((Path(__file__).parent / "fixtures" / "golden").iterdir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_matches_golden_graph(case: Path, tmp_path: Path) -> None:
    run_build(case / "seeds", tmp_path)
    got = Graph().parse(tmp_path / "irkg.ttl")
    want = Graph().parse(case / "expected.ttl")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(
            "graph differs from expected.ttl\n"
            + "\n".join(f"+ {s} {p} {o}" for s, p, o in sorted(only_got))
            + "\n"
            + "\n".join(f"- {s} {p} {o}" for s, p, o in sorted(only_want))
        )
