"""Reading rows out of a graph: the n-ary pattern and the detour to quotes, done once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from irkg.claims.rows import (
    AXIS_KEYS,
    LINK_RELATIONS,
    QUALIFYING_ROLES,
    Article,
    Claim,
    ClaimLink,
    Entity,
    Evidence,
    Extract,
    Layer,
    Mention,
    Quantity,
    Ref,
    Source,
)
from irkg.claims.summary import summary_line, verb_of
from irkg.kinds import FACT_KINDS, STANCE_KIND, Kind, plain_eligible
from irkg.ontology import local_name
from irkg.parse import expand_inputs, read_rdf
from irkg.terms import ENTITY, IRKG, LAYER, OA, WD


def load_graph(paths: Iterable[Path]) -> Graph:
    """The union of an ``out/`` folder (the files its manifest lists) or of graph files."""
    return read_rdf(*expand_inputs(paths))


def extract(graph: Graph) -> Extract:
    layers = read_layers(graph)
    return Extract(read_articles(graph), read_entities(graph), read_claims(graph, layers),
                   read_mentions(graph), layers)


_KIND_OF_CLASS: dict[URIRef, tuple[str, Kind]] = {
    **{kind.cls: ("fact", kind) for kind in FACT_KINDS.values()},
    STANCE_KIND.cls: ("stance", STANCE_KIND),
}


def _str(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, predicate))
    return values[0] if values else None


def _int(graph: Graph, node: Node, predicate: URIRef) -> int:
    value = graph.value(node, predicate)
    return int(value.toPython()) if isinstance(value, Literal) else 0


def _ref(graph: Graph, node: Node) -> Ref:
    label = _str(graph, node, RDFS.label) or _str(graph, node, SKOS.prefLabel)
    return Ref(str(node), local_name(str(node)), label or local_name(str(node)))


def _refs(graph: Graph, node: Node, predicate: URIRef) -> tuple[Ref, ...]:
    return tuple(sorted(_ref(graph, o) for o in graph.objects(node, predicate)))


def _concept(graph: Graph, node: Node, predicate: URIRef) -> str | None:
    value = graph.value(node, predicate)
    return local_name(str(value)) if value is not None else None


def _article_id(iri: str) -> str:
    return iri.rsplit("/article/", 1)[-1].split("/", 1)[0]


def _passage(graph: Graph, annotation: Node) -> tuple[str, int, int, str, str]:
    """Quote, offsets and context of an annotation, through its target's selectors."""
    quote, start, end, prefix, suffix = "", 0, 0, "", ""
    for target in graph.objects(annotation, OA.hasTarget):
        for selector in graph.objects(target, OA.hasSelector):
            if (selector, RDF.type, OA.TextQuoteSelector) in graph:
                quote = _str(graph, selector, OA.exact) or ""
                prefix = _str(graph, selector, OA.prefix) or ""
                suffix = _str(graph, selector, OA.suffix) or ""
            elif (selector, RDF.type, OA.TextPositionSelector) in graph:
                start, end = _int(graph, selector, OA.start), _int(graph, selector, OA.end)
    return quote, start, end, prefix, suffix


def _sources(graph: Graph, node: Node) -> tuple[Source, ...]:
    """The chain of sources, outermost first: every ``irkg:attributionChain`` link, or
    (in a graph without the chain) the qualified attribution and whom it was reported by."""
    links = set(graph.objects(node, IRKG.attributionChain))
    inner = graph.value(node, PROV.qualifiedAttribution)
    seen: set[Node] = set()
    while inner is not None and inner not in seen:
        seen.add(inner)
        links.add(inner)
        inner = graph.value(inner, IRKG.reportedBy)
    found = []
    for link in links:
        agent = graph.value(link, PROV.agent)
        found.append(Source(_int(graph, link, IRKG.attributionLevel), str(link),
                            _ref(graph, agent) if agent is not None else None))
    return tuple(sorted(found, key=lambda s: (s.level, s.iri)))


def _section(iri: str) -> str:
    section = iri.rsplit("/", 2)[-2] if iri.count("/") >= 2 else ""
    return section if section in ("fact", "stance") else ""


def _links(graph: Graph, node: Node, kind: Kind) -> tuple[ClaimLink, ...]:
    found = []
    for relation, link in kind.links.items():
        for other in graph.objects(node, link.predicate):
            found.append(ClaimLink(relation, str(other), local_name(str(other)),
                                   _section(str(other))))
    order = {r: n for n, r in enumerate(LINK_RELATIONS)}
    return tuple(sorted(found, key=lambda x: (order.get(x.relation, len(order)), x)))


def _quantities(graph: Graph, node: Node) -> tuple[Quantity, ...]:
    found = []
    for q in graph.objects(node, IRKG.quantity):
        passages = sorted(_passage(graph, e) for e in graph.objects(q, IRKG.evidence))
        quote, start, end = passages[0][:3] if passages else ("", 0, 0)
        value = graph.value(q, RDF.value)
        found.append(Quantity(str(q), str(value) if value is not None else "",
                              _concept(graph, q, IRKG.unit),
                              _concept(graph, q, IRKG.comparator), quote, start, end))
    return tuple(sorted(found, key=lambda x: (x.start, x.end, x.iri)))


def _claim(graph: Graph, node: URIRef, section: str, kind: Kind,
           layers: dict[str, Layer]) -> Claim:
    roles = {key: _refs(graph, node, role.predicate) for key, role in kind.roles.items()}
    main = [key for key in kind.roles if key not in QUALIFYING_ROLES]
    subject_role, object_role = [*main, "", ""][:2]
    types = [key for key in kind.concepts if key not in AXIS_KEYS]
    type_ = _concept(graph, node, kind.concepts[types[0]].predicate) if types else None
    subject, obj = roles.get(subject_role, ()), roles.get(object_role, ())
    evidence = sorted(
        (Evidence(str(a), *_passage(graph, a)) for a in graph.objects(node, IRKG.evidence)),
        key=lambda e: (e.start, e.end, e.iri))
    article = _str(graph, node, PROV.wasDerivedFrom) or ""
    layer = graph.value(node, IRKG.inLayer)
    claim = Claim(
        iri=str(node), id=local_name(str(node)), article=article,
        article_id=_article_id(article or str(node)), section=section,
        kind=local_name(str(kind.cls)), summary="",
        subject_role=subject_role, subject=subject, type=type_,
        object_role=object_role, object=obj,
        certainty=_concept(graph, node, IRKG.certainty),
        attribution=_concept(graph, node, IRKG.attribution),
        attributed_to=_refs(graph, node, IRKG.attributedTo),
        context=_refs(graph, node, IRKG.context),
        date=_str(graph, node, IRKG.date), start_date=_str(graph, node, IRKG.startDate),
        end_date=_str(graph, node, IRKG.endDate),
        date_approximate=(node, IRKG.dateApproximate, Literal(True)) in graph,
        date_resolved_from=_str(graph, node, IRKG.dateResolvedFrom),
        note=_str(graph, node, RDFS.comment),
        roles=tuple((key, ref) for key in kind.roles for ref in roles[key]),
        evidence=tuple(evidence),
        polarity=_concept(graph, node, IRKG.polarity),
        modality=_concept(graph, node, IRKG.modality),
        scope=_concept(graph, node, IRKG.scope),
        trend=_concept(graph, node, IRKG.trend),
        sources=_sources(graph, node),
        according_to=_refs(graph, node, IRKG.accordingTo),
        reported_to=_refs(graph, node, IRKG.reportedTo),
        addressee=_refs(graph, node, IRKG.addressee),
        terms_of=_refs(graph, node, IRKG.termsOf),
        agent=roles.get("agent", ()),
        links=_links(graph, node, kind),
        quantities=_quantities(graph, node),
        layer=layers.get(str(layer)) if layer is not None else None,
    )
    concepts = {key: value for key, value in (
        ("polarity", claim.polarity), ("modality", claim.modality),
        ("certainty", claim.certainty), ("attribution", claim.attribution)) if value}
    reported = tuple(s.id for s in claim.reported) or tuple(r.id for r in claim.according_to)
    plain = plain_eligible(concepts, {"according_to": reported},
                           {"condition": tuple(x.id for x in claim.linked("condition"))})
    return replace(claim, plain=plain, summary=summary_line(claim, verb_of(kind, type_)))


def read_claims(graph: Graph, layers: Iterable[Layer] | None = None) -> tuple[Claim, ...]:
    """Every fact and stance, in article order, then by where its first evidence starts."""
    by_iri = {x.iri: x for x in (read_layers(graph) if layers is None else layers)}
    claims = [
        _claim(graph, node, section, kind, by_iri)
        for cls, (section, kind) in _KIND_OF_CLASS.items()
        for node in graph.subjects(RDF.type, cls)
        if isinstance(node, URIRef)
    ]

    def key(c: Claim) -> tuple[str, int, int, str]:
        first = c.evidence[0] if c.evidence else Evidence("", "", 0, 0)
        return (c.article_id, first.start, first.end, c.iri)

    return tuple(sorted(claims, key=key))


def read_layers(graph: Graph) -> tuple[Layer, ...]:
    """The articles' text layers: ``oa:classifying`` annotations whose body is a layer
    other than boilerplate (which marks the outlet's text, not a speaker's)."""
    found = []
    for node in set(graph.subjects(OA.motivatedBy, OA.classifying)):
        body = graph.value(node, OA.hasBody)
        if (not isinstance(node, URIRef) or body is None or body == LAYER.boilerplate
                or not str(body).startswith(str(LAYER))):
            continue
        quote, start, end, _, _ = _passage(graph, node)
        source = next((str(s) for t in graph.objects(node, OA.hasTarget)
                       for s in graph.objects(t, OA.hasSource)), "")
        number = local_name(str(node))
        speaker = graph.value(node, IRKG.speaker)
        found.append(Layer(
            iri=str(node), article=source, article_id=_article_id(source or str(node)),
            n=int(number) if number.isdigit() else 0, layer=local_name(str(body)),
            speaker=_ref(graph, speaker) if speaker is not None else None,
            date=_str(graph, node, DCTERMS.date), not_before=_str(graph, node, IRKG.notBefore),
            date_resolved_from=_str(graph, node, IRKG.dateResolvedFrom),
            note=_str(graph, node, RDFS.comment), quote=quote, start=start, end=end))
    return tuple(sorted(found, key=lambda x: (x.article_id, x.start, x.end, x.iri)))


def read_mentions(graph: Graph) -> tuple[Mention, ...]:
    mentions = []
    for node in graph.subjects(OA.motivatedBy, OA.identifying):
        entity = graph.value(node, OA.hasBody)
        if not isinstance(node, URIRef) or entity is None:
            continue
        quote, start, end, _, _ = _passage(graph, node)
        source = next((str(s) for t in graph.objects(node, OA.hasTarget)
                       for s in graph.objects(t, OA.hasSource)), "")
        mentions.append(Mention(str(node), source, _article_id(source or str(node)),
                                _ref(graph, entity), quote, start, end))
    return tuple(sorted(mentions, key=lambda m: (m.article_id, m.start, m.end, m.iri)))


def read_entities(graph: Graph) -> tuple[Entity, ...]:
    """The registry's entities: every typed subject under ``id/entity/``."""
    entities = []
    for node in set(graph.subjects(RDF.type)):
        if not (isinstance(node, URIRef) and str(node).startswith(str(ENTITY))):
            continue
        types = sorted(local_name(str(t)) for t in graph.objects(node, RDF.type))
        qids = sorted(str(s)[len(str(WD)):] for s in graph.objects(node, OWL.sameAs)
                      if str(s).startswith(str(WD)))
        entities.append(Entity(
            iri=str(node), id=local_name(str(node)), type=types[0],
            label=_str(graph, node, RDFS.label) or local_name(str(node)),
            aliases=tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel))),
            wikidata=qids[0] if qids else None,
            note=_str(graph, node, SKOS.editorialNote)))
    return tuple(sorted(entities, key=lambda e: e.id))


def read_articles(graph: Graph) -> tuple[Article, ...]:
    articles = []
    for node in graph.subjects(RDF.type, IRKG.Article):
        publisher = graph.value(node, DCTERMS.publisher)
        articles.append(Article(
            iri=str(node), id=_article_id(str(node)),
            title=_str(graph, node, DCTERMS.title) or "",
            language=_str(graph, node, DCTERMS.language), date=_str(graph, node, DCTERMS.date),
            url=_str(graph, node, IRKG.url),
            publisher=_ref(graph, publisher) if publisher is not None else None))
    return tuple(sorted(articles, key=lambda a: a.id))
