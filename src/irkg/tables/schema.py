"""The exported tables: their names, columns, types, and rows from a graph's claims.

Column names are a published interface (R and pandas scripts select them by
name), so they are declared once here, with a type and a one-line meaning,
and the README's column lists are checked against this module. A column is
added at the end of its table and never renamed.

Conventions: a bare name (``claim``, ``entity``) is an IRI, ``…_id`` the short
id it ends in, ``…_label`` its English label. A cell with several values (a
claim's several parties or quotes) joins them with :data:`SEP` in a fixed
order; the long tables ``evidence`` and ``roles`` give one row per value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from irkg.claims import Claim, Extract, Ref

Cell = str | int | float | bool | None
#: How a multi-valued cell joins its values.
SEP = " | "
TYPES = ("string", "int64", "float64", "bool")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    doc: str


@dataclass(frozen=True)
class Table:
    """Rows of cells in column order; ``None`` is a missing value."""

    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _cols(*specs: str) -> tuple[Column, ...]:
    """Columns from ``"name:type: meaning"`` strings, which read like the README's lists."""
    out = []
    for spec in specs:
        name, type_, doc = (part.strip() for part in spec.split(":", 2))
        out.append(Column(name, type_, doc))
    return tuple(out)


def _ids(refs: Iterable[Ref]) -> str | None:
    return SEP.join(r.id for r in refs) or None


def _labels(refs: Iterable[Ref]) -> str | None:
    return SEP.join(r.label for r in refs) or None


_CLAIM_KEY = _cols(
    "claim:string: the claim's IRI (key of evidence and roles)",
    "claim_id:string: its id in the annotation",
    "article_id:string: the article's id (key of articles)",
)

CLAIMS = _cols(
    "claim:string: the claim's IRI (key of evidence and roles)",
    "claim_id:string: its id in the annotation",
    "article:string: the article's IRI",
    "article_id:string: the article's id (key of articles)",
    "section:string: fact or stance",
    "kind:string: the claim's class: Membership, Stance, …",
    "summary:string: one readable line: subject — verb → object",
    "subject_role:string: which role the subject is (holder, member, agreement, …)",
    "subject_id:string: its entities' ids",
    "subject_label:string: their labels",
    "type:string: stance type, relation type or status, when the kind has one",
    "object_role:string: which role the object is (target, organization, party, …)",
    "object_id:string: its entities' ids",
    "object_label:string: their labels",
    "certainty:string: asserted, hedged or speculative",
    "attribution:string: article, actor or observers (stances)",
    "attributed_to_id:string: the speaker's id (stances)",
    "attributed_to_label:string: the speaker's label",
    "context_id:string: the event a stance concerns",
    "context_label:string: its label",
    "date:string: YYYY, YYYY-MM or YYYY-MM-DD",
    "start_date:string: the same, when the claim holds from a date",
    "end_date:string: the same, when it holds until a date",
    "date_approximate:bool: true when the date is approximate",
    "date_resolved_from:string: the relative expression the date was resolved from",
    "note:string: the annotator's paraphrase or note",
    "evidence_count:int64: number of evidence passages",
    "quote:string: the passages' exact text, in text order",
    "start:int64: code-point offset where the first passage starts",
    "end:int64: code-point offset where the first passage ends (exclusive)",
)

EVIDENCE = _cols(
    *(f"{c.name}:{c.type}: {c.doc}" for c in _CLAIM_KEY),
    "evidence:string: the annotation's IRI",
    "n:int64: the passage's place among the claim's passages, in text order, from 1",
    "quote:string: the article's exact text",
    "start:int64: code-point offset where it starts",
    "end:int64: code-point offset where it ends (exclusive)",
    "prefix:string: the text just before it",
    "suffix:string: the text just after it",
)

ROLES = _cols(
    *(f"{c.name}:{c.type}: {c.doc}" for c in _CLAIM_KEY),
    "role:string: the annotation key: holder, target, member, party, …",
    "entity:string: the entity's IRI",
    "entity_id:string: its id (key of entities)",
    "entity_label:string: its label",
)

MENTIONS = _cols(
    "mention:string: the mention's IRI",
    "article_id:string: the article's id",
    "entity:string: the entity's IRI",
    "entity_id:string: its id (key of entities)",
    "entity_label:string: its label",
    "quote:string: the words that name it",
    "start:int64: code-point offset where they start",
    "end:int64: code-point offset where they end (exclusive)",
)

ENTITIES = _cols(
    "entity:string: the entity's IRI",
    "entity_id:string: its registry id",
    "type:string: its class: State, Person, Issue, …",
    "label:string: its English label",
    "aliases:string: other names",
    "wikidata:string: its Wikidata QID, when verified",
    "note:string: the registry's editorial note",
)

ARTICLES = _cols(
    "article:string: the article's IRI",
    "article_id:string: its id",
    "title:string: its title",
    "language:string: BCP 47 language tag",
    "date:string: publication date",
    "url:string: where it was published",
    "publisher_id:string: the publisher's entity id",
    "publisher_label:string: its label",
)


def _claim_row(c: Claim) -> tuple[Cell, ...]:
    first = c.evidence[0] if c.evidence else None
    return (c.iri, c.id, c.article, c.article_id, c.section, c.kind, c.summary,
            c.subject_role, _ids(c.subject), _labels(c.subject), c.type,
            c.object_role or None, _ids(c.object), _labels(c.object),
            c.certainty, c.attribution, _ids(c.attributed_to), _labels(c.attributed_to),
            _ids(c.context), _labels(c.context), c.date, c.start_date, c.end_date,
            c.date_approximate, c.date_resolved_from, c.note, len(c.evidence),
            SEP.join(e.quote for e in c.evidence) or None,
            first.start if first else None, first.end if first else None)


def _claims(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return (_claim_row(c) for c in x.claims)


def _evidence(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((c.iri, c.id, c.article_id, e.iri, n, e.quote, e.start, e.end, e.prefix, e.suffix)
            for c in x.claims for n, e in enumerate(c.evidence, 1))


def _roles(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((c.iri, c.id, c.article_id, role, r.iri, r.id, r.label)
            for c in x.claims for role, r in c.roles)


def _mentions(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((m.iri, m.article_id, m.entity.iri, m.entity.id, m.entity.label, m.quote,
             m.start, m.end) for m in x.mentions)


def _entities(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((e.iri, e.id, e.type, e.label, SEP.join(e.aliases) or None, e.wikidata, e.note)
            for e in x.entities)


def _articles(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((a.iri, a.id, a.title, a.language, a.date, a.url,
             a.publisher.id if a.publisher else None,
             a.publisher.label if a.publisher else None) for a in x.articles)


#: Every table, in the order they are documented: name → (columns, rows of an extract).
TABLES: dict[str, tuple[tuple[Column, ...], Callable[[Extract], Iterable[tuple[Cell, ...]]]]] = {
    "claims": (CLAIMS, _claims),
    "evidence": (EVIDENCE, _evidence),
    "roles": (ROLES, _roles),
    "mentions": (MENTIONS, _mentions),
    "entities": (ENTITIES, _entities),
    "articles": (ARTICLES, _articles),
}


def table(name: str, extract: Extract) -> Table:
    columns, rows = TABLES[name]
    return Table(name, columns, tuple(rows(extract)))
