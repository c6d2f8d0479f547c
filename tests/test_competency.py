"""Every competency question gives its expected answer over the built graph (rdflib)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from competency import expected, query_files, question, rdflib_rows
from conftest import union
from irkg.ontology import load_ontology

QUERIES = query_files()


@pytest.fixture(scope="module")
def graph(seed_out: Path) -> Graph:
    g = union(seed_out)
    g += load_ontology().graph
    return g


def test_there_are_at_least_twelve_questions() -> None:
    assert len(QUERIES) >= 12
    assert all(question(q) for q in QUERIES)


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_competency_question_answer(query: Path, graph: Graph) -> None:
    names, rows = rdflib_rows(graph, query)
    want_names, want_rows = expected(query)
    assert names == want_names
    assert rows == want_rows
    assert rows, "a competency question must have an answer"
