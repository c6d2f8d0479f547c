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
from rdflib.term import Node

from irkg.anchor import CONTEXT
from irkg.errors import Location
from irkg.kinds import UNNAMED, Kind, kind_of, plain_eligible
from irkg.model import Anchor, Article, ArticleMeta, Claim, DateSpec, Registry
from irkg.ontology import load_ontology
from irkg.terms import (
    IRKG,
    LAYER,
    OA,
    REGISTRY_GRAPH,
    article_graph_iri,
    article_iri,
    boilerplate_iri,
    claim_iri,
    entity_iri,
    evidence_iri,
    layer_iri,
    wikidata_iri,
)

_DATE_TYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
_DATE_PREDICATES = {"date": IRKG.date, "start": IRKG.startDate, "end": IRKG.endDate}


@dataclass(frozen=True)
class Origin:
    """Where a published node came from, for messages an annotator can act on."""

    where: Location
    quote: str | None = None


Triple = tuple[Node, Node, Node]


@dataclass
class Part:
    """One independently built piece of the corpus: the registry, or one article.

    Its triples are a plain set rather than an rdflib Graph: a graph's indexes
    cost more than the whole build of an article, and every later stage
    (serialising, validating, loading) works from sorted triples anyway.
    """

    name: URIRef
    triples: set[Triple] = field(default_factory=set)
    origins: dict[URIRef, Origin] = field(default_factory=dict)

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, for callers that query them."""
        g = Graph()
        for triple in self.triples:
            g.add(triple)
        return g


def date_literal(spec: DateSpec) -> Literal:
    return Literal(spec.value, datatype=_DATE_TYPES[len(spec.value)])


def _add_date(g: set[Triple], node: URIRef, predicate: URIRef, spec: DateSpec) -> None:
    g.add((node, predicate, date_literal(spec)))
    if spec.approximate:
        g.add((node, IRKG.dateApproximate, Literal(True)))
    if spec.resolved_from:
        g.add((node, IRKG.dateResolvedFrom, Literal(spec.resolved_from)))


def build_registry(registry: Registry) -> Part:
    part = Part(REGISTRY_GRAPH)
    g = part.triples
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
        for other in e.about:
            g.add((node, IRKG.about, entity_iri(other)))
    return part


# Bound once: an rdflib namespace attribute is a lookup and a new URIRef on every use,
# and these run for every quote of every article.
_TYPE, _NNI = RDF.type, XSD.nonNegativeInteger
_ANNOTATION, _SPECIFIC, _QUOTE, _POSITION = (
    OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector)
_HAS_TARGET, _HAS_SOURCE, _HAS_SELECTOR = OA.hasTarget, OA.hasSource, OA.hasSelector
_EXACT, _PREFIX, _SUFFIX, _START, _END = OA.exact, OA.prefix, OA.suffix, OA.start, OA.end
_DERIVED_FROM, _EVIDENCE = PROV.wasDerivedFrom, IRKG.evidence
_HAS_BODY, _MOTIVATED_BY, _DESCRIBING, _IDENTIFYING, _CLASSIFYING = (
    OA.hasBody, OA.motivatedBy, OA.describing, OA.identifying, OA.classifying)
_BOILERPLATE = LAYER.boilerplate


def _selectors(part: Part, ann: URIRef, source: URIRef, anchor: Anchor, where: Location) -> None:
    g = part.triples
    target, quote, position = (URIRef(f"{ann}/{s}") for s in ("target", "quote", "position"))
    g.update((
        (ann, _TYPE, _ANNOTATION),
        (ann, _HAS_TARGET, target),
        (target, _TYPE, _SPECIFIC),
        (target, _HAS_SOURCE, source),
        (target, _HAS_SELECTOR, quote),
        (target, _HAS_SELECTOR, position),
        (quote, _TYPE, _QUOTE),
        (quote, _EXACT, Literal(anchor.exact)),
        (quote, _PREFIX, Literal(anchor.prefix)),
        (quote, _SUFFIX, Literal(anchor.suffix)),
        (position, _TYPE, _POSITION),
        (position, _START, Literal(str(anchor.start), datatype=_NNI)),
        (position, _END, Literal(str(anchor.end), datatype=_NNI)),
    ))
    origin = Origin(where, anchor.exact)
    for node in (ann, target, quote, position):
        part.origins[node] = origin


def _concept(key: str, value: str) -> URIRef:
    """The concept's IRI as the ontology declares it (the loader checked it exists)."""
    return load_ontology().concepts[key][value]


def _objects(claim: Claim, key: str) -> list[URIRef | Literal]:
    if key == "date":
        return [date_literal(claim.dates["date"])] if "date" in claim.dates else []
    if key in claim.concepts:
        return [_concept(key, claim.concepts[key])]
    return [entity_iri(e) for e in claim.refs.get(key, ())]


def _claim(part: Part, article: URIRef, article_id: str, claim: Claim, kind: Kind,
           sections: dict[str, str], meta: ArticleMeta) -> None:
    g = part.triples
    node = claim_iri(article_id, claim.section, claim.id)
    part.origins[node] = Origin(claim.where, claim.evidence[0].anchor.exact)
    g.add((node, _TYPE, kind.cls))
    g.add((node, _DERIVED_FROM, article))
    for key, role in kind.roles.items():
        for eid in claim.refs.get(key, ()):
            if eid != UNNAMED:
                g.add((node, role.predicate, entity_iri(eid)))
    for key, concept in kind.concepts.items():
        if key in claim.concepts:
            g.add((node, concept.predicate, _concept(key, claim.concepts[key])))
    for key, targets in claim.links.items():
        for target in targets:
            g.add((node, kind.links[key].predicate,
                   claim_iri(article_id, sections[target], target)))
    for key, spec in claim.dates.items():
        _add_date(g, node, _DATE_PREDICATES[key], spec)
    if claim.note:
        g.add((node, RDFS.comment, Literal(claim.note, lang="en")))
    if plain_eligible(claim.concepts, claim.refs, claim.links):
        for subj_key, predicate, obj_key in kind.plain:
            for s in _objects(claim, subj_key):
                for o in _objects(claim, obj_key):
                    g.add((s, predicate, o))
    first = claim.evidence[0].anchor
    placed = meta.layer_at(first.start, first.end)
    speaker = meta.author
    if placed is not None:
        g.add((node, IRKG.inLayer, layer_iri(article_id, placed[0])))
        speaker = placed[1].speaker
    _attribution(part, node, (speaker or UNNAMED, *claim.refs.get("according_to", ())),
                 claim)
    for n, ev in enumerate(claim.evidence, start=1):
        _evidence(part, evidence_iri(node, n), node, article, ev.anchor, ev.spec.where)
        g.add((node, _EVIDENCE, evidence_iri(node, n)))
    for n, q in enumerate(claim.quantities, start=1):
        qnode = URIRef(f"{node}/quantity/{n}")
        part.origins[qnode] = Origin(q.where, q.evidence.anchor.exact)
        g.update(((node, IRKG.quantity, qnode), (qnode, _TYPE, IRKG.Quantity),
                  (qnode, RDF.value, Literal(q.value, datatype=XSD.decimal)),
                  (qnode, IRKG.unit, _concept("unit", q.unit)),
                  (qnode, IRKG.comparator, _concept("comparator", q.comparator))))
        ann = evidence_iri(qnode, 1)
        g.add((qnode, _EVIDENCE, ann))
        _evidence(part, ann, qnode, article, q.evidence.anchor, q.where)


def _evidence(part: Part, ann: URIRef, body: URIRef, article: URIRef, anchor: Anchor,
              where: Location) -> None:
    part.triples.add((ann, _HAS_BODY, body))
    part.triples.add((ann, _MOTIVATED_BY, _DESCRIBING))
    _selectors(part, ann, article, anchor, where)


def _attribution(part: Part, node: URIRef, chain: tuple[str, ...], claim: Claim) -> None:
    """Who says so, as a chain from the text's speaker inwards (PROV qualified attribution).

    Link 0 is whoever speaks the passage (the author, or a layer's speaker);
    each further link is a source that speaker reports. The claim is attributed
    to the innermost link, so "observers believe X" and "the author asserts X"
    are different nodes with the same content.
    """
    g = part.triples
    outer: URIRef | None = None
    for level, source in enumerate(chain):
        link = URIRef(f"{node}/source/{level}")
        part.origins[link] = Origin(claim.where)
        g.add((link, _TYPE, IRKG.Attribution))
        g.add((link, IRKG.attributionLevel, Literal(str(level), datatype=_NNI)))
        if source == UNNAMED:
            g.add((link, IRKG.unnamed, Literal(True)))
        else:
            g.add((link, PROV.agent, entity_iri(source)))
        if outer is not None:
            g.add((link, IRKG.reportedBy, outer))
        g.add((node, IRKG.attributionChain, link))
        outer = link
    assert outer is not None
    g.add((node, PROV.qualifiedAttribution, outer))


def build_article(article: Article) -> Part:
    part = Part(article_graph_iri(article.id))
    g = part.triples
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
    sections = {c.id: c.section for c in article.claims}
    for claim in article.claims:
        kind = kind_of(claim.section, claim.kind)
        _claim(part, node, article.id, claim, kind, sections, meta)
    for mention in article.mentions:
        ann = claim_iri(article.id, "mention", mention.id)
        g.add((ann, _HAS_BODY, entity_iri(mention.entity)))
        g.add((ann, _MOTIVATED_BY, _IDENTIFYING))
        _selectors(part, ann, node, mention.evidence.anchor, mention.evidence.spec.where)
    for n, (start, end) in enumerate(meta.boilerplate, start=1):
        # Published, so that views of the graph (coverage, the review site) need no YAML.
        ann = boilerplate_iri(article.id, n)
        g.add((ann, _HAS_BODY, _BOILERPLATE))
        g.add((ann, _MOTIVATED_BY, _CLASSIFYING))
        text = article.text
        _selectors(part, ann, node, Anchor(start, end, text[start:end],
                                           text[max(0, start - CONTEXT):start],
                                           text[end:end + CONTEXT]), meta.where)
    for n, layer in enumerate(meta.layers, start=1):
        ann = layer_iri(article.id, n)
        g.add((ann, _HAS_BODY, _concept("layer", layer.layer)))
        g.add((ann, _MOTIVATED_BY, _CLASSIFYING))
        if layer.speaker:
            g.add((ann, IRKG.speaker, entity_iri(layer.speaker)))
        if layer.date:
            _add_date(g, ann, DCTERMS.date, layer.date)
        if layer.not_before:
            _add_date(g, ann, IRKG.notBefore, layer.not_before)
        if layer.note:
            g.add((ann, RDFS.comment, Literal(layer.note, lang="en")))
        text = article.text
        s, e = layer.start, layer.end
        _selectors(part, ann, node, Anchor(s, e, text[s:e], text[max(0, s - CONTEXT):s],
                                           text[e:e + CONTEXT]), layer.where)
    return part
