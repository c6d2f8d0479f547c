"""The claims of a built graph as plain, typed rows, for tables and review pages.

Public API:

- :func:`load_graph` — the graph of an ``out/`` folder or graph files;
- :func:`extract` — every row of a graph as an :class:`Extract`
  (``articles``, ``entities``, ``claims``, ``mentions``), each sorted;
- :func:`read_claims`, :func:`read_mentions`, :func:`read_entities`,
  :func:`read_articles` — one kind of row each;
- frozen rows :class:`Claim` (with :class:`Evidence`), :class:`Mention`, :class:`Entity`,
  :class:`Article`, and :class:`Ref` (an entity as a claim names it).

Readers of the graph (tables, the review site) should not each learn the n-ary
pattern and the detour from a claim to its quote; this module does it once.
Which role of a claim is its subject or object, and which concept its type,
comes from :mod:`irkg.kinds`, the table the builder uses, so a new kind of
fact needs no change here. Values are strings and ints, never rdflib terms,
and tuples are sorted, so rows compare and serialise the same on every run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from irkg.kinds import FACT_KINDS, STANCE_KIND, Kind
from irkg.ontology import local_name
from irkg.parse import expand_inputs, read_rdf
from irkg.terms import ENTITY, IRKG, OA, WD

#: Concept keys that are axes of their own (any other is the claim's type), and roles of a
#: stance that are axes of their own rather than its subject or object.
_AXES = frozenset({"certainty", "attribution"})
_STANCE_EXTRA = frozenset({"attributed_to", "context"})


@dataclass(frozen=True, order=True)
class Ref:
    """An entity as a claim names it: enough to show and to link it."""

    iri: str
    id: str
    label: str


@dataclass(frozen=True)
class Evidence:
    """One passage supporting a claim; ``start``/``end`` are code-point offsets, end exclusive."""

    iri: str
    quote: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Claim:
    """A fact or stance. ``subject``/``object`` are its first and second roles
    (holder and target of a stance, member and organisation of a membership);
    ``roles`` has every role by its annotation key, for kinds with more."""

    iri: str
    id: str
    article: str
    article_id: str
    section: str  # "fact" or "stance"
    kind: str  # class local name: Membership, Stance, ...
    summary: str
    subject_role: str
    subject: tuple[Ref, ...]
    type: str | None  # stance type, relation type, status: the concept's local name
    object_role: str
    object: tuple[Ref, ...]
    certainty: str | None
    attribution: str | None
    attributed_to: tuple[Ref, ...]
    context: tuple[Ref, ...]
    date: str | None
    start_date: str | None
    end_date: str | None
    date_approximate: bool
    date_resolved_from: str | None
    note: str | None
    roles: tuple[tuple[str, Ref], ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Mention:
    """A place where an article names an entity."""

    iri: str
    article: str
    article_id: str
    entity: Ref
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    iri: str
    id: str
    type: str  # class local name: State, Person, ...
    label: str
    aliases: tuple[str, ...]
    wikidata: str | None  # QID
    note: str | None


@dataclass(frozen=True)
class Article:
    iri: str
    id: str
    title: str
    language: str | None
    date: str | None
    url: str | None
    publisher: Ref | None


@dataclass(frozen=True)
class Extract:
    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]


def load_graph(paths: Iterable[Path]) -> Graph:
    """The union of an ``out/`` folder (the files its manifest lists) or of graph files."""
    return read_rdf(*expand_inputs(paths))


def extract(graph: Graph) -> Extract:
    return Extract(read_articles(graph), read_entities(graph), read_claims(graph),
                   read_mentions(graph))


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


def _words(camel: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", camel).lower()


def _summary(kind: Kind, subject: tuple[Ref, ...], type_: str | None,
             obj: tuple[Ref, ...]) -> str:
    """One line a reader recognises the claim by: ``subject — verb → object``."""
    verb = _words(local_name(kind.plain[0][1])) if kind.plain else ""
    if type_ and type_ not in verb:
        verb = f"{verb}: {type_}" if verb else type_
    text = ", ".join(r.label for r in subject) + f" — {verb}"
    return text + (" → " + ", ".join(r.label for r in obj) if obj else "")


def _claim(graph: Graph, node: URIRef, section: str, kind: Kind) -> Claim:
    roles = {key: _refs(graph, node, role.predicate) for key, role in kind.roles.items()}
    main = [key for key in kind.roles if not (section == "stance" and key in _STANCE_EXTRA)]
    subject_role, object_role = [*main, "", ""][:2]
    types = [key for key in kind.concepts if key not in _AXES]
    type_ = _concept(graph, node, kind.concepts[types[0]].predicate) if types else None
    subject, obj = roles.get(subject_role, ()), roles.get(object_role, ())
    evidence = sorted(
        (Evidence(str(a), *_passage(graph, a)) for a in graph.objects(node, IRKG.evidence)),
        key=lambda e: (e.start, e.end, e.iri))
    article = _str(graph, node, PROV.wasDerivedFrom) or ""
    return Claim(
        iri=str(node), id=local_name(str(node)), article=article,
        article_id=_article_id(article or str(node)), section=section,
        kind=local_name(str(kind.cls)), summary=_summary(kind, subject, type_, obj),
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
    )


def read_claims(graph: Graph) -> tuple[Claim, ...]:
    """Every fact and stance, in article order, then by where its first evidence starts."""
    claims = [
        _claim(graph, node, section, kind)
        for cls, (section, kind) in _KIND_OF_CLASS.items()
        for node in graph.subjects(RDF.type, cls)
        if isinstance(node, URIRef)
    ]

    def key(c: Claim) -> tuple[str, int, int, str]:
        first = c.evidence[0] if c.evidence else Evidence("", "", 0, 0)
        return (c.article_id, first.start, first.end, c.iri)

    return tuple(sorted(claims, key=key))


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
