"""Namespaces, fixed prefixes and the minting of every IRI irkg publishes.

IRIs are persistent HTTP IRIs derived only from registry and annotation ids,
never from counters or hashes of content, so that an edit to one claim does not
rename any other node and diffs between builds stay small.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/irkg/"
IRKG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
ENTITY = Namespace(BASE + "id/entity/")
VOCAB = BASE + "vocab/"
STANCE = Namespace(VOCAB + "stance/")
CERTAINTY = Namespace(VOCAB + "certainty/")
ATTRIBUTION = Namespace(VOCAB + "attribution/")
STATUS = Namespace(VOCAB + "status/")
RELATION = Namespace(VOCAB + "relation/")
LAYER = Namespace(VOCAB + "layer/")
POLARITY = Namespace(VOCAB + "polarity/")
MODALITY = Namespace(VOCAB + "modality/")
SCOPE = Namespace(VOCAB + "scope/")
TREND = Namespace(VOCAB + "trend/")
UNIT = Namespace(VOCAB + "unit/")
COMPARATOR = Namespace(VOCAB + "comparator/")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")

#: The prefixes of published Turtle, in the order they are written.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("irkg", str(IRKG)),
    ("entity", str(ENTITY)),
    ("stance", str(STANCE)),
    ("certainty", str(CERTAINTY)),
    ("attribution", str(ATTRIBUTION)),
    ("status", str(STATUS)),
    ("relation", str(RELATION)),
    ("layer", str(LAYER)),
    ("polarity", str(POLARITY)),
    ("modality", str(MODALITY)),
    ("scope", str(SCOPE)),
    ("trend", str(TREND)),
    ("unit", str(UNIT)),
    ("comparator", str(COMPARATOR)),
    ("dcterms", str(DCTERMS)),
    ("foaf", str(FOAF)),
    ("oa", str(OA)),
    ("org", str(ORG)),
    ("owl", str(OWL)),
    ("prov", str(PROV)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("skos", str(SKOS)),
    ("wd", str(WD)),
    ("xsd", str(XSD)),
)

@lru_cache(maxsize=1 << 16)
def entity_iri(entity_id: str) -> URIRef:
    """One object per entity: sets and dicts then compare entities by identity, not in Python."""
    return ENTITY[entity_id]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{article_id}"]


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph holding one article's claims in a dataset."""
    return ID[f"graph/article/{article_id}"]


REGISTRY_GRAPH = ID["graph/registry"]
ONTOLOGY_GRAPH = ID["graph/ontology"]


def claim_iri(article_id: str, kind: str, claim_id: str) -> URIRef:
    """``kind`` is ``fact``, ``stance`` or ``mention``."""
    return ID[f"article/{article_id}/{kind}/{claim_id}"]


def boilerplate_iri(article_id: str, n: int) -> URIRef:
    return ID[f"article/{article_id}/boilerplate/{n}"]


def layer_iri(article_id: str, n: int) -> URIRef:
    return ID[f"article/{article_id}/layer/{n}"]


def evidence_iri(claim: URIRef, n: int) -> URIRef:
    return URIRef(f"{claim}/evidence/{n}")


def wikidata_iri(qid: str) -> URIRef:
    return WD[qid]
