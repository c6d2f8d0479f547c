"""The exported tables: their names, columns, types, and rows from a graph's claims.

Column names are a published interface (R and pandas scripts select them by
name), so they are declared once here, with a type and a one-line meaning,
and the README's column lists are checked against this module. A column is
added at the end of its table and never renamed.

Conventions: a bare name (``claim``, ``entity``) is an IRI, ``…_id`` the short
id it ends in, ``…_label`` its English label. A cell with several values (a
claim's several parties or quotes) joins them with :data:`SEP` in a fixed
order (a chain of sources outermost first); the long tables ``evidence``,
``roles``, ``links`` and ``quantities`` give one row per value.

A claim's axes (polarity, modality, scope, trend, certainty, attribution and
its chain of sources) are columns of ``claims`` and its summary spells out
every departure from the plain case, so a negated, modal, conditional or
reported claim never reads as a plain fact; ``plain`` says which claims the
text's speaker states outright.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from irkg.claims import Claim, Extract, Ref, Source

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


def _chain_ids(chain: Iterable[Source]) -> str | None:
    return SEP.join(s.id for s in chain) or None


def _chain_labels(chain: Iterable[Source]) -> str | None:
    return SEP.join(s.label for s in chain) or None


def _linked(c: Claim, relation: str) -> str | None:
    return SEP.join(link.id for link in c.linked(relation)) or None


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
    "attribution:string: article, actor, observers or unnamed",
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
    "polarity:string: affirmed or negated",
    "modality:string: actual, possible, necessary, predicted, intended or counterfactual",
    "scope:string: full, partial or provisional (for now)",
    "trend:string: increasing, decreasing or continuing, when the text gives one",
    "plain:bool: true when the speaker states it outright: affirmed, actual, asserted, "
    "in the article's voice, without a condition (only such facts get plain triples)",
    "source_chain_id:string: who says so, outermost first: the passage's speaker, then each "
    "source it reports (unnamed for one the text does not name)",
    "source_chain_label:string: their labels, in the same order",
    "according_to_id:string: the named sources the speaker reports",
    "according_to_label:string: their labels",
    "reported_to_id:string: whom the innermost source told it to",
    "reported_to_label:string: its label",
    "addressee_id:string: whom a stance is addressed to",
    "addressee_label:string: its label",
    "terms_of_id:string: the agreement a stance is a term of",
    "terms_of_label:string: its label",
    "agent_id:string: who brought a status about (status facts)",
    "agent_label:string: their labels",
    "about_claim_id:string: the claim a stance is about, instead of a target (see links)",
    "condition_id:string: the claims it holds only if",
    "in_exchange_for_id:string: the claims it is given in exchange for",
    "replaces_id:string: the claim it replaces",
    "quantity_count:int64: number of quantities (see quantities)",
    "quantities:string: the quantities, readable (nearly 9 months), in text order",
    "layer:string: the IRI of the text layer its first passage lies in (key of layers); "
    "empty in the body",
    "layer_type:string: standfirst, appeal or note",
    "layer_speaker_id:string: the layer's speaker, when the annotation names one",
    "layer_speaker_label:string: its label",
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

LINKS = _cols(
    *(f"{c.name}:{c.type}: {c.doc}" for c in _CLAIM_KEY),
    "relation:string: about_claim, condition, in_exchange_for or replaces",
    "other_claim:string: the linked claim's IRI (key of claims)",
    "other_claim_id:string: its id",
)

QUANTITIES = _cols(
    *(f"{c.name}:{c.type}: {c.doc}" for c in _CLAIM_KEY),
    "quantity:string: the quantity's IRI",
    "n:int64: its place among the claim's quantities, in text order, from 1",
    "value:float64: the number",
    "unit:string: year, month, day, percent, count, usd, eur or rub",
    "comparator:string: exactly, approximately, nearly, more-than, less-than, at-least "
    "or at-most",
    "text:string: readable: nearly 9 months",
    "quote:string: the words that give it",
    "start:int64: code-point offset where they start",
    "end:int64: code-point offset where they end (exclusive)",
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

LAYERS = _cols(
    "layer:string: the layer annotation's IRI",
    "article_id:string: the article's id",
    "n:int64: its number in the article, from 1",
    "layer_type:string: standfirst, appeal or note",
    "speaker_id:string: who speaks it, when the annotation names them",
    "speaker_label:string: its label",
    "date:string: when it was written, when known",
    "not_before:string: the earliest it can have been written",
    "date_resolved_from:string: the words its date was inferred from",
    "note:string: the annotator's note",
    "quote:string: its exact text",
    "start:int64: code-point offset where it starts",
    "end:int64: code-point offset where it ends (exclusive)",
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
            first.start if first else None, first.end if first else None,
            c.polarity, c.modality, c.scope, c.trend, c.plain,
            _chain_ids(c.sources), _chain_labels(c.sources),
            _ids(c.according_to), _labels(c.according_to),
            _ids(c.reported_to), _labels(c.reported_to),
            _ids(c.addressee), _labels(c.addressee), _ids(c.terms_of), _labels(c.terms_of),
            _ids(c.agent), _labels(c.agent),
            _linked(c, "about_claim"), _linked(c, "condition"), _linked(c, "in_exchange_for"),
            _linked(c, "replaces"), len(c.quantities),
            SEP.join(q.text for q in c.quantities) or None,
            c.layer.iri if c.layer else None, c.layer.layer if c.layer else None,
            c.layer.speaker.id if c.layer and c.layer.speaker else None,
            c.layer.speaker.label if c.layer and c.layer.speaker else None)


def _claims(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return (_claim_row(c) for c in x.claims)


def _evidence(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((c.iri, c.id, c.article_id, e.iri, n, e.quote, e.start, e.end, e.prefix, e.suffix)
            for c in x.claims for n, e in enumerate(c.evidence, 1))


def _roles(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((c.iri, c.id, c.article_id, role, r.iri, r.id, r.label)
            for c in x.claims for role, r in c.roles)


def _links(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((c.iri, c.id, c.article_id, link.relation, link.iri, link.id)
            for c in x.claims for link in c.links)


def _quantities(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((c.iri, c.id, c.article_id, q.iri, n, _number(q.value), q.unit, q.comparator,
             q.text, q.quote, q.start, q.end)
            for c in x.claims for n, q in enumerate(c.quantities, 1))


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:  # an ill-typed literal in a hand-edited graph: no number
        return None


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


def _layers(x: Extract) -> Iterable[tuple[Cell, ...]]:
    return ((t.iri, t.article_id, t.n, t.layer, t.speaker.id if t.speaker else None,
             t.speaker.label if t.speaker else None, t.date, t.not_before,
             t.date_resolved_from, t.note, t.quote, t.start, t.end) for t in x.layers)


#: Every table, in the order they are documented: name → (columns, rows of an extract).
TABLES: dict[str, tuple[tuple[Column, ...], Callable[[Extract], Iterable[tuple[Cell, ...]]]]] = {
    "claims": (CLAIMS, _claims),
    "evidence": (EVIDENCE, _evidence),
    "roles": (ROLES, _roles),
    "links": (LINKS, _links),
    "quantities": (QUANTITIES, _quantities),
    "mentions": (MENTIONS, _mentions),
    "entities": (ENTITIES, _entities),
    "articles": (ARTICLES, _articles),
    "layers": (LAYERS, _layers),
}


def table(name: str, extract: Extract) -> Table:
    columns, rows = TABLES[name]
    return Table(name, columns, tuple(rows(extract)))
