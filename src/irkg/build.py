"""Build stage: anchored records → RDF, one graph per article.

Each article is turned into its own graph, depending on nothing but the
registry, so articles can later be built in parallel, cached, and loaded into
their own named graphs. Alongside each graph the builder records where every
node came from, which is how SHACL results are reported as ``file:line``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from irkg.errors import Location
from irkg.kinds import Kind, kind_of
from irkg.model import Article, Claim, DateSpec, Evidence, Registry
from irkg.ontology import load_ontology
from irkg.terms import (
    IRKG,
    OA,
    REGISTRY_GRAPH,
    article_graph_iri,
    article_iri,
    claim_iri,
    entity_iri,
    evidence_iri,
    wikidata_iri,
)

_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
_DATE_PREDICATES = {"date": IRKG.date, "start": IRKG.startDate, "end": IRKG.endDate}


@dataclass(frozen=True)
class Origin:
    """Where a published node came from, for messages an annotator can act on."""

    where: Location
    quote: str | None = None


@dataclass
class Part:
    """One independently built piece of the corpus: the registry, or one article."""

    name: URIRef
    graph: Graph = field(default_factory=Graph)
    origins: dict[URIRef, Origin] = field(default_factory=dict)


def date_literal(spec: DateSpec) -> Literal:
    return Literal(spec.value, datatype=_DATE_TYPES[len(spec.value)])


def _add_date(g: Graph, node: URIRef, predicate: URIRef, spec: DateSpec) -> None:
    g.add((node, predicate, date_literal(spec)))
    if spec.approximate:
        g.add((node, IRKG.dateApproximate, Literal(True)))
    if spec.resolved_from:
        g.add((node, IRKG.dateResolvedFrom, Literal(spec.resolved_from)))


def build_registry(registry: Registry) -> Part:
    part = Part(REGISTRY_GRAPH)
    g = part.graph
    for e in registry.entities.values():
        node = entity_iri(e.id)
        part.origins[node] = Origin(e.where)
        g.add((node, RDF.type, e.cls))
        g.add((node, RDFS.label, Literal(e.label, lang="en")))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="en")))
        if e.wikidata:
            g.add((node, OWL.sameAs, wikidata_iri(e.wikidata)))
        if e.note:
            g.add((node, SKOS.editorialNote, Literal(e.note, lang="en")))
    return part


def _selectors(part: Part, ann: URIRef, source: URIRef, ev: Evidence) -> None:
    g = part.graph
    target, quote, position = (URIRef(f"{ann}/{s}") for s in ("target", "quote", "position"))
    g.add((ann, RDF.type, OA.Annotation))
    g.add((ann, OA.hasTarget, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, source))
    g.add((target, OA.hasSelector, quote))
    g.add((target, OA.hasSelector, position))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(ev.anchor.exact)))
    g.add((quote, OA.prefix, Literal(ev.anchor.prefix)))
    g.add((quote, OA.suffix, Literal(ev.anchor.suffix)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(ev.anchor.start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(ev.anchor.end, datatype=XSD.nonNegativeInteger)))
    for node in (ann, target, quote, position):
        part.origins[node] = Origin(ev.spec.where, ev.anchor.exact)


def _concept(key: str, value: str) -> URIRef:
    """The concept's IRI as the ontology declares it (the loader checked it exists)."""
    return load_ontology().concepts[key][value]


def _objects(claim: Claim, key: str) -> list[URIRef | Literal]:
    if key == "date":
        return [date_literal(claim.dates["date"])] if "date" in claim.dates else []
    if key in claim.concepts:
        return [_concept(key, claim.concepts[key])]
    return [entity_iri(e) for e in claim.refs.get(key, ())]


def _claim(part: Part, article: URIRef, article_id: str, claim: Claim, kind: Kind) -> None:
    g = part.graph
    node = claim_iri(article_id, claim.section, claim.id)
    part.origins[node] = Origin(claim.where, claim.evidence[0].anchor.exact)
    g.add((node, RDF.type, kind.cls))
    g.add((node, PROV.wasDerivedFrom, article))
    for key, role in kind.roles.items():
        for eid in claim.refs.get(key, ()):
            g.add((node, role.predicate, entity_iri(eid)))
    for key, concept in kind.concepts.items():
        if key in claim.concepts:
            g.add((node, concept.predicate, _concept(key, claim.concepts[key])))
    for key, spec in claim.dates.items():
        _add_date(g, node, _DATE_PREDICATES[key], spec)
    if claim.note:
        g.add((node, RDFS.comment, Literal(claim.note, lang="en")))
    for subj_key, predicate, obj_key in kind.plain:
        for s in _objects(claim, subj_key):
            for o in _objects(claim, obj_key):
                g.add((s, predicate, o))
    for n, ev in enumerate(claim.evidence, start=1):
        ann = evidence_iri(node, n)
        g.add((node, IRKG.evidence, ann))
        g.add((ann, OA.hasBody, node))
        g.add((ann, OA.motivatedBy, OA.describing))
        _selectors(part, ann, article, ev)


def build_article(article: Article) -> Part:
    part = Part(article_graph_iri(article.id))
    g = part.graph
    node = article_iri(article.id)
    meta = article.meta
    part.origins[node] = Origin(meta.where)
    g.add((node, RDF.type, IRKG.Article))
    g.add((node, DCTERMS.title, Literal(meta.title, lang=meta.language)))
    g.add((node, DCTERMS.language, Literal(meta.language)))
    g.add((node, IRKG.sha256, Literal(meta.sha256)))
    g.add((node, IRKG.textLength, Literal(len(article.text), datatype=XSD.nonNegativeInteger)))
    if meta.publisher:
        g.add((node, DCTERMS.publisher, entity_iri(meta.publisher)))
    if meta.original_publisher:
        g.add((node, IRKG.originalPublisher, entity_iri(meta.original_publisher)))
    if meta.author:
        g.add((node, DCTERMS.creator, entity_iri(meta.author)))
    if meta.url:
        g.add((node, IRKG.url, Literal(meta.url, datatype=XSD.anyURI)))
    if meta.date:
        _add_date(g, node, DCTERMS.date, meta.date)
    for claim in article.claims:
        kind = kind_of(claim.section, claim.kind)
        _claim(part, node, article.id, claim, kind)
    for mention in article.mentions:
        ann = claim_iri(article.id, "mention", mention.id)
        g.add((ann, OA.hasBody, entity_iri(mention.entity)))
        g.add((ann, OA.motivatedBy, OA.identifying))
        _selectors(part, ann, node, mention.evidence)
    return part
