"""Golden tests: each case folder's seeds build to graphs isomorphic to its expected files.

A case holds ``seeds/`` and ``expected.ttl``; with ``expected.trig`` it also
checks the dataset, named graph by named graph (the ontology's graph aside:
it is the ontology file itself, not something the build derives).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import union
from irkg.corpus import Options
from irkg.layout import run_build
from irkg.terms import ONTOLOGY_GRAPH

CASES = sorted((Path(__file__).parent / "fixtures" / "golden").iterdir())


def assert_isomorphic(got: Graph, want: Graph, what: str) -> None:
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(
            f"{what} differs from the expected graph\n"
            + "\n".join(f"+ {s} {p} {o}" for s, p, o in sorted(only_got))
            + "\n"
            + "\n".join(f"- {s} {p} {o}" for s, p, o in sorted(only_want))
        )


def named_graphs(path: Path) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    return {str(g.identifier): g for g in dataset.graphs()
            if len(g) and g.identifier != ONTOLOGY_GRAPH}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_matches_golden_graph(case: Path, tmp_path: Path) -> None:
    with_dataset = (case / "expected.trig").is_file()
    run_build(case / "seeds", tmp_path / "out", dataset="trig" if with_dataset else None,
              options=Options(cache=tmp_path / "cache"))
    assert_isomorphic(union(tmp_path / "out"), Graph().parse(case / "expected.ttl"), "out/")
    if with_dataset:
        got = named_graphs(tmp_path / "out" / "irkg.trig")
        want = named_graphs(case / "expected.trig")
        assert sorted(got) == sorted(want)
        for name in want:
            assert_isomorphic(got[name], want[name], f"graph <{name}>")
