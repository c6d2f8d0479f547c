"""The hand-written ontology documents every term and publishes no blank nodes; its
alignment maps the claim model to GRaSP, FactBank, CAMEO and PROV-O with declared terms only."""

from __future__ import annotations

import re
from itertools import product

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from irkg.ontology import load_ontology, ontology_dir
from irkg.terms import BASE, CERTAINTY, IRKG, MODALITY, POLARITY, STANCE, VOCAB


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


# ---------------------------------------------------------------------------
# The alignment with the anchor models of the claim model (ontology/alignment.ttl)
# ---------------------------------------------------------------------------

GAF = Namespace("http://groundedannotationframework.org/gaf#")
GRASP = Namespace("http://groundedannotationframework.org/grasp#")
GRASPF = Namespace("http://groundedannotationframework.org/grasp/factuality#")
GRASPS = Namespace("http://groundedannotationframework.org/grasp/sentiment#")
FACTBANK = Namespace(VOCAB + "factbank/")
QUADCLASS = Namespace(VOCAB + "quadclass/")

#: The terms the GRaSP and GAF ontology files declare (grasp_original.rdf and
#: gaf_original.rdf, github.com/leolani/cltl-knowledgerepresentation,
#: src/cltl/brain/ontologies/): a mapping to anything else in their namespaces is a typo.
GRASP_DECLARED = {
    GAF.Instance, GAF.Mention, GAF.denotedBy, GAF.denotedIn, GAF.denotes,
    GAF.containsDenotation,
    GRASP.Attribution, GRASP.AttributionValue, GRASP.CertaintyValue, GRASP.EmotionValue,
    GRASP.FactualityValue, GRASP.PolarityValue, GRASP.SentimentValue, GRASP.Source,
    GRASP.TemporalValue, GRASP.hasAttribution, GRASP.wasAttributedTo,
    GRASPF.certain, GRASPF.probable, GRASPF.possible, GRASPF.underspecified,
    GRASPF.positive, GRASPF.negative, GRASPF.future, GRASPF["non-future"],
    GRASPS.positive, GRASPS.negative,
}
GRASP_CERTAINTY = {GRASPF.certain, GRASPF.probable, GRASPF.possible, GRASPF.underspecified}
GRASP_POLARITY = {GRASPF.positive, GRASPF.negative}
GRASP_TEMPORAL = {GRASPF.future, GRASPF["non-future"]}

SKOS_MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
                 SKOS.relatedMatch)
#: Every property that states a mapping; their subjects are irkg terms.
MAPPINGS = (*SKOS_MAPPINGS, IRKG.cameoRootCode, IRKG.quadClass, IRKG.unmatchedIn, SKOS.note)
#: Properties the alignment may use without declaring them.
STANDARD = {RDF.type, RDFS.label, RDFS.comment, OWL.imports, SKOS.prefLabel, SKOS.inScheme}


@pytest.fixture(scope="module")
def alignment() -> Graph:
    return Graph().parse(ontology_dir() / "alignment.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology().graph


def in_scheme(graph: Graph, scheme: URIRef) -> set[URIRef]:
    return {c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)}


def declared(graph: Graph, term: Node) -> bool:
    return (term, RDF.type, None) in graph


def test_no_mapping_uses_an_undeclared_term(alignment: Graph, ontology: Graph) -> None:
    undeclared = []
    for s, p, o in alignment:
        if p not in STANDARD and not declared(alignment, p):
            undeclared.append(f"property {p}")
        for term in (s, o):
            if not isinstance(term, URIRef):
                continue
            own = str(term).startswith(BASE)
            if own and not (declared(ontology, term) or declared(alignment, term)):
                undeclared.append(f"irkg term {term}")
            if str(term).startswith(str(GAF)[:-4]) and term not in GRASP_DECLARED:
                undeclared.append(f"GRaSP/GAF term {term}")
    for p in MAPPINGS:
        for s in alignment.subjects(p, None):
            # The subject of a mapping is irkg's own: a term of irkg.ttl, or one of the
            # alignment's own concepts (the FactBank and quad-class renderings).
            if not (declared(ontology, s) or (str(s).startswith(BASE) and declared(alignment, s))):
                undeclared.append(f"mapped term {s}")
    assert not undeclared, sorted(set(undeclared))


def test_alignment_terms_have_a_label_and_a_comment(alignment: Graph) -> None:
    own = {s for s in alignment.subjects(RDF.type, None)
           if isinstance(s, URIRef) and str(s).startswith(BASE)}
    assert {IRKG.cameoRootCode, IRKG.quadClass, IRKG.FactBankValues, IRKG.QuadClasses} <= own
    assert not [t for t in own if alignment.value(t, RDFS.label) is None
                or alignment.value(t, RDFS.comment) is None]


def test_every_stance_type_has_its_cameo_mapping(alignment: Graph, ontology: Graph) -> None:
    stances = in_scheme(ontology, IRKG.StanceTypes)
    relations = in_scheme(ontology, IRKG.RelationTypes)
    assert {STANCE.offer, STANCE.endorsement, STANCE.rejection, STANCE.delay} <= stances
    quad_of = {str(code): quad for quad in in_scheme(alignment, IRKG.QuadClasses)
               for code in alignment.objects(quad, IRKG.cameoRootCode)}
    assert sorted(quad_of) == [f"{n:02d}" for n in range(1, 21)]
    problems = []
    for term in sorted(stances | relations):
        codes = {str(c) for c in alignment.objects(term, IRKG.cameoRootCode)}
        unmatched = {str(m) for m in alignment.objects(term, IRKG.unmatchedIn)}
        notes = [str(n) for n in alignment.objects(term, SKOS.note)]
        if bool(codes) == ("CAMEO" in unmatched):
            problems.append(f"{term}: needs root codes or irkg:unmatchedIn 'CAMEO', not both")
        if not all(re.fullmatch(r"0[1-9]|1[0-9]|20", c) for c in codes):
            problems.append(f"{term}: not a CAMEO root code in {codes}")
        if set(alignment.objects(term, IRKG.quadClass)) != {quad_of.get(c) for c in codes}:
            problems.append(f"{term}: quad class does not follow from root codes {codes}")
        if not any(n.startswith("CAMEO: ") for n in notes):
            problems.append(f"{term}: no skos:note on its CAMEO reading")
    assert not problems, problems
    # What CAMEO has no counterpart of is said so, not left out.
    for term in (STANCE.assessment, STANCE.expectation):
        assert (term, IRKG.unmatchedIn, Literal("CAMEO")) in alignment
    assert set(alignment.objects(STANCE.demand, IRKG.cameoRootCode)) == {Literal("10")}


def test_every_certainty_and_polarity_pair_has_one_factbank_value(
        alignment: Graph, ontology: Graph) -> None:
    values = in_scheme(alignment, IRKG.FactBankValues)
    notations = {str(alignment.value(v, SKOS.notation)) for v in values}
    assert notations == {"CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "CTu", "Uu"}
    letters = {CERTAINTY.asserted: "CT", CERTAINTY.hedged: "PR", CERTAINTY.speculative: "PS"}
    signs = {POLARITY.affirmed: "+", POLARITY.negated: "-"}
    certainties, polarities = (in_scheme(ontology, IRKG.Certainties),
                               in_scheme(ontology, IRKG.Polarities))
    assert certainties == set(letters) and polarities == set(signs)
    for certainty, polarity in product(certainties, polarities):
        matches = [v for v in values if (v, IRKG.fromCertainty, certainty) in alignment
                   and (v, IRKG.fromPolarity, polarity) in alignment]
        assert len(matches) == 1, (certainty, polarity, matches)
        notation = str(alignment.value(matches[0], SKOS.notation))
        assert notation == letters[certainty] + signs[polarity]
    # CTu and Uu combine nothing: irkg always has a polarity.
    for value in (FACTBANK.CTu, FACTBANK.Uu):
        assert (value, IRKG.fromCertainty, None) not in alignment
        assert (value, SKOS.note, None) in alignment


def test_claim_axes_have_their_grasp_mapping(alignment: Graph, ontology: Graph) -> None:
    def grasp(term: URIRef) -> set[URIRef]:
        return {o for p in SKOS_MAPPINGS for o in alignment.objects(term, p)
                if isinstance(o, URIRef) and str(o).startswith(str(GRASPF))}

    for term in in_scheme(ontology, IRKG.Certainties):
        assert len(grasp(term)) == 1 and grasp(term) <= GRASP_CERTAINTY, term
    for term in in_scheme(ontology, IRKG.Polarities):
        assert len(grasp(term)) == 1 and grasp(term) <= GRASP_POLARITY, term
    assert (POLARITY.affirmed, SKOS.exactMatch, GRASPF.positive) in alignment
    for term in in_scheme(ontology, IRKG.Modalities):
        assert bool(grasp(term)) != ((term, IRKG.unmatchedIn, Literal("GRaSP")) in alignment), term
    assert grasp(MODALITY.predicted) <= GRASP_TEMPORAL
    assert (IRKG.Attribution, SKOS.relatedMatch, GRASP.Attribution) in alignment
    assert (IRKG.evidence, SKOS.closeMatch, GAF.denotedBy) in alignment


def test_alignment_entails_nothing(alignment: Graph) -> None:
    """Annotations only: no axiom ties an irkg term to another model's."""
    axioms = (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass,
              OWL.equivalentProperty, OWL.sameAs, RDFS.domain, RDFS.range)
    assert not [t for p in axioms for t in alignment.triples((None, p, None))]
    properties = {p for _, p, _ in alignment} - STANDARD
    assert all((p, RDF.type, OWL.AnnotationProperty) in alignment for p in properties)
