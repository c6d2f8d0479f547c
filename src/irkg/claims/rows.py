"""The rows: frozen, typed, sorted values a reader of the graph gets (no rdflib terms)."""

from __future__ import annotations

from dataclasses import dataclass

from irkg.kinds import AXES, UNNAMED

#: Concept keys that are axes of their own (any other is the claim's type), and roles
#: that qualify a claim rather than being its subject or object.
AXIS_KEYS = frozenset({"certainty", "attribution", *AXES})
QUALIFYING_ROLES = frozenset({"attributed_to", "context", "according_to", "reported_to",
                          "addressee", "terms_of", "agent"})
#: Links between claims, by annotation key, in the order a summary names them.
LINK_RELATIONS = ("about_claim", "condition", "in_exchange_for", "replaces")


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
class Source:
    """One link of a claim's chain of sources (an ``irkg:Attribution`` node).

    Level 0 is whoever speaks the passage: the author, or a text layer's
    speaker; each further level is a source the level before it reports.
    ``agent`` is None for a source the text does not name.
    """

    level: int
    iri: str
    agent: Ref | None

    @property
    def id(self) -> str:
        return self.agent.id if self.agent else UNNAMED

    @property
    def label(self) -> str:
        return self.agent.label if self.agent else UNNAMED


@dataclass(frozen=True, order=True)
class ClaimLink:
    """A link to another claim: ``relation`` is the annotation key (``condition``, …)."""

    relation: str
    iri: str
    id: str
    section: str  # the other claim's: "fact" or "stance"


@dataclass(frozen=True)
class Quantity:
    """A number the claim's text gives; ``value`` is the decimal as the graph writes it."""

    iri: str
    value: str
    unit: str | None
    comparator: str | None
    quote: str
    start: int
    end: int

    @property
    def text(self) -> str:
        """Readable: ``nearly 9 months``, ``more than 30 years``."""
        unit = self.unit or ""
        if unit in _PLURAL and self.value not in ("1", "1.0"):
            unit = _PLURAL[unit]
        unit = _UNIT_WORDS.get(unit, unit)
        number = f"{self.value}%" if unit == "%" else " ".join(x for x in (self.value, unit) if x)
        if self.comparator in (None, "exactly"):
            return number
        return f"{str(self.comparator).replace('-', ' ')} {number}"


_PLURAL = {"year": "years", "month": "months", "day": "days"}
_UNIT_WORDS = {"percent": "%", "count": "", "usd": "US dollars", "eur": "euros",
               "rub": "roubles"}


@dataclass(frozen=True)
class Layer:
    """A passage spoken by someone other than the author (``layer:standfirst``, …):
    an ``oa:classifying`` annotation of the article, numbered from 1."""

    iri: str
    article: str
    article_id: str
    n: int
    layer: str  # standfirst, appeal, note
    speaker: Ref | None
    date: str | None
    not_before: str | None
    date_resolved_from: str | None
    note: str | None
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Claim:
    """A fact or stance. ``subject``/``object`` are its first and second roles
    (holder and target of a stance, member and organisation of a membership);
    ``roles`` has every role by its annotation key, for kinds with more.

    The axes (``polarity`` …) are None only in a graph built before they
    existed; ``sources`` is the chain outermost first; ``plain`` is whether the
    speaker states it outright (see :func:`irkg.kinds.plain_eligible`)."""

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
    polarity: str | None = None
    modality: str | None = None
    scope: str | None = None
    trend: str | None = None
    plain: bool = True
    sources: tuple[Source, ...] = ()
    according_to: tuple[Ref, ...] = ()
    reported_to: tuple[Ref, ...] = ()
    addressee: tuple[Ref, ...] = ()
    terms_of: tuple[Ref, ...] = ()
    agent: tuple[Ref, ...] = ()
    links: tuple[ClaimLink, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    layer: Layer | None = None

    def linked(self, relation: str) -> tuple[ClaimLink, ...]:
        return tuple(link for link in self.links if link.relation == relation)

    @property
    def reported(self) -> tuple[Source, ...]:
        """The sources the speaker reports (level 1 on), outermost first."""
        return tuple(s for s in self.sources if s.level > 0)


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
    layers: tuple[Layer, ...] = ()
