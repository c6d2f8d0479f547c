"""``irkg docs``: the ontology's HTML documentation names every term with its label and comment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from irkg.cli import main
from irkg.ontodoc import documented_terms, ontology_graph, undocumented, write_ontology_docs
from irkg.ontology import ontology_dir
from irkg.terms import BASE, IRKG, STANCE

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
              SKOS.Concept, SKOS.ConceptScheme)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    index = write_ontology_docs(tmp_path_factory.mktemp("docs"))
    assert index.name == "index.html"
    return index.read_text(encoding="utf-8")


def own_terms(graph: Graph) -> set[URIRef]:
    return {t for cls in TERM_TYPES for t in graph.subjects(RDF.type, cls)
            if isinstance(t, URIRef) and str(t).startswith(BASE)}


def test_every_term_has_its_label_and_comment_in_the_docs(page: str) -> None:
    graph = ontology_graph()
    entries = documented_terms(page)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 30 and concepts <= set(map(URIRef, entries))
    for term in own_terms(graph):
        entry = entries[str(term)]
        label = graph.value(term, RDFS.label) or graph.value(term, SKOS.prefLabel)
        comment = graph.value(term, RDFS.comment) or graph.value(term, SKOS.definition)
        assert (entry.title, entry.description) == (str(label), " ".join(str(comment).split()))
    assert undocumented(page, graph) == []


def test_docs_show_the_wikidata_alignment(page: str) -> None:
    alignment = Graph().parse(ontology_dir() / "alignment.ttl")
    targets = {o for p in (IRKG.wikidataClass, IRKG.wikidataProperty)
               for s, o in alignment.subject_objects(p) if str(s).startswith(BASE)}
    assert targets
    for target in targets:
        assert f'href="{target}"' in page
    assert "Wikidata Class" in page and 'href="#concepts"' in page


def test_docs_show_the_anchor_model_alignment(page: str) -> None:
    alignment = Graph().parse(ontology_dir() / "alignment.ttl")
    mappings = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.relatedMatch)
    targets = {o for p in (*mappings, IRKG.quadClass) for o in alignment.objects(None, p)}
    assert any("groundedannotationframework.org" in str(t) for t in targets)
    for target in targets:
        assert f'href="{target}"' in page
    entries = documented_terms(page)
    for concept in alignment.subjects(SKOS.inScheme, IRKG.FactBankValues):
        assert str(concept) in entries  # irkg's rendering of FactBank is documented too
    assert "Cameo Root Code" in page and "Has Close Match" in page
    # Other vocabularies' terms, declared in the alignment only to keep it OWL DL,
    # are not listed as if they were irkg's annotation properties.
    assert str(SKOS.closeMatch) not in entries


def test_comments_are_shown_verbatim_not_as_markdown(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder)
    graph = Graph().parse(folder / "irkg.ttl")
    text = "Demanded *of Lukashenko* that he sign [the] <b>road map</b> #1 (snake_case)."
    graph.set((IRKG.State, RDFS.comment, Literal(text, lang="en")))
    graph.serialize(folder / "irkg.ttl", format="turtle")
    html = write_ontology_docs(tmp_path / "docs", folder).read_text(encoding="utf-8")
    assert documented_terms(html)[str(IRKG.State)].description == text
    assert "<b>road map</b>" not in html


def without(triples: list[tuple[URIRef, URIRef]], folder: Path) -> Path:
    """A copy of the ontology folder with the given (term, property) statements removed."""
    shutil.copytree(ontology_dir(), folder)
    graph = Graph().parse(folder / "irkg.ttl")
    for term, prop in triples:
        assert (term, prop, None) in graph
        graph.remove((term, prop, None))
    graph.serialize(folder / "irkg.ttl", format="turtle")
    return folder


@pytest.mark.parametrize(("removed", "problem"), [
    ([(IRKG.State, RDFS.comment)], f"{IRKG.State}: no comment"),
    ([(IRKG.holder, RDFS.label)], f"{IRKG.holder}: no label"),
    ([(STANCE.support, RDFS.label), (STANCE.support, SKOS.prefLabel)],
     f"{STANCE.support}: no label"),
    ([(STANCE.support, RDFS.comment)], f"{STANCE.support}: no comment"),
    ([(IRKG.StanceTypes, RDFS.comment)], f"{IRKG.StanceTypes}: no comment"),
], ids=["class comment", "property label", "concept label", "concept comment", "scheme comment"])
def test_a_term_without_label_or_comment_fails_the_check(
        tmp_path: Path, removed: list[tuple[URIRef, URIRef]], problem: str) -> None:
    source = without(removed, tmp_path / "ontology")
    html = write_ontology_docs(tmp_path / "docs", source).read_text(encoding="utf-8")
    problems = undocumented(html, ontology_graph(source))
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_the_command_fails_after_writing_when_a_term_is_undocumented(tmp_path: Path) -> None:
    source = without([(IRKG.State, RDFS.comment)], tmp_path / "ontology")
    result = CliRunner().invoke(main, ["docs", "--ontology", str(source),
                                       "--out", str(tmp_path / "docs")])
    assert result.exit_code == 1 and (tmp_path / "docs" / "index.html").is_file()
    assert result.output.splitlines()[-1] == (
        f"1 term(s) undocumented: {IRKG.State}: no comment (rdfs:comment or skos:definition); "
        "give each term an rdfs:label and an rdfs:comment in the ontology")


def test_the_command_writes_the_page(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["docs", "--out", str(tmp_path / "site" / "ontology")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "ontology" / "index.html").is_file()


def test_docs_are_byte_identical_across_runs_and_hash_seeds(page: str, tmp_path: Path) -> None:
    assert write_ontology_docs(tmp_path / "again").read_text(encoding="utf-8") == page
    code = ("import sys; from pathlib import Path; from irkg.ontodoc import write_ontology_docs; "
            "write_ontology_docs(Path(sys.argv[1]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "seeded")], check=True, env=env)
    assert (tmp_path / "seeded" / "index.html").read_text(encoding="utf-8") == page
