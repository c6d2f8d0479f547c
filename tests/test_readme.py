"""The README stays true: its example is the golden fixture, its tables name every term."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from irkg.kinds import FACT_KINDS
from irkg.ontology import load_ontology, local_name
from irkg.terms import IRKG

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
EXAMPLE = REPO / "tests" / "fixtures" / "golden" / "small-article" / "seeds"


def block_after(marker: str) -> str:
    start = README.index(marker)
    match = re.compile(r"```\w*\n(.*?)```", re.S).search(README, start)
    assert match, marker
    return match.group(1)


@pytest.mark.parametrize("name", ["registry.yaml", "talks.yaml"])
def test_readme_annotation_example_is_the_golden_fixture(name: str) -> None:
    assert block_after(f"`{name}` —") == (EXAMPLE / name).read_text(encoding="utf-8")


def test_readme_article_example_is_the_fixture_text_to_the_character() -> None:
    # A reader who copies the three blocks must get a corpus whose sha256 matches.
    assert block_after("`talks.txt` —") == (EXAMPLE / "talks.txt").read_text(encoding="utf-8")


def test_readme_names_every_ontology_term() -> None:
    graph = load_ontology().graph
    terms = {
        local_name(s)
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
        if str(s).startswith(str(IRKG))
    }
    missing = sorted(t for t in terms if f"irkg:{t}" not in README)
    assert not missing


def test_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert section.count("```sh") == 2


def test_readme_fact_kind_table_lists_every_kind() -> None:
    section = README.split("### Fact kinds", 1)[1].split("\n### ", 1)[0]
    rows = {line.split("|")[1].strip().strip("`") for line in section.splitlines()
            if line.startswith("| `")}
    assert rows == set(FACT_KINDS)
