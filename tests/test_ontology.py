"""The hand-written ontology documents every term and publishes no blank nodes."""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.namespace import RDFS

from irkg.ontology import load_ontology, ontology_dir
from irkg.terms import BASE


def test_every_term_has_a_label_and_a_comment() -> None:
    graph = load_ontology().graph
    terms = {s for s in graph.subjects() if str(s).startswith(BASE)}
    assert len(terms) > 100
    unlabelled = sorted(str(t) for t in terms if graph.value(t, RDFS.label) is None)
    uncommented = sorted(str(t) for t in terms if graph.value(t, RDFS.comment) is None)
    assert not unlabelled and not uncommented


def test_ontology_files_have_no_blank_nodes() -> None:
    for name in ("irkg.ttl", "alignment.ttl"):
        graph = Graph().parse(ontology_dir() / name)
        assert not [t for t in graph if any(isinstance(n, BNode) for n in t)], name


def test_entity_classes_come_from_the_ontology() -> None:
    onto = load_ontology()
    assert {"State", "InternationalOrganisation", "Person", "InformalGrouping", "Treaty",
            "Election", "Protest", "Issue"} <= set(onto.classes)
    assert "Stance" not in onto.classes  # claims are not registry entities
