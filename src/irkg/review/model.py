"""What a review page shows, independent of RDF and of HTML.

Reading the graph (:mod:`irkg.review.read`) and writing pages
(:mod:`irkg.review.article`, :mod:`irkg.review.pages`) meet here, so the
writers can be tested on pages made by hand (hostile labels, an article of
10,000 words) without building a graph first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    id: str
    iri: str
    label: str
    cls: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One quote of a claim; ``id`` is unique on its page and names it in the HTML."""

    id: str
    claim: str
    annotation: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Quantity:
    """A number a claim's text gives: ``text`` readable (``nearly 9 months``), ``quote``
    the words that give it."""

    text: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Layer:
    """A passage spoken by someone other than the author: a standfirst, an appeal, a note.

    ``n`` numbers the article's layers from 1 and names the layer's anchor;
    ``speaker`` is an entity id, "" when the annotation names none."""

    n: int
    layer: str
    start: int
    end: int
    speaker: str = ""
    date: str = ""
    not_before: str = ""
    note: str = ""

    @property
    def anchor(self) -> str:
        return f"layer-{self.n}"


@dataclass(frozen=True)
class Claim:
    """A fact or stance as one row of the claim table; entity fields hold registry ids.

    The axes hold the graph's values (``negated``, ``predicted``, …); "" is the
    plain case, as is a claim made by hand without them."""

    key: str
    iri: str
    kind: str
    type: str
    holder: tuple[str, ...]
    target: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    certainty: str = ""
    attribution: str = ""
    date: str = ""
    #: (role, entity id) for every entity the claim names, for the entity pages.
    roles: tuple[tuple[str, str], ...] = ()
    #: The claim in one line (``subject — verb → object``), for tooltips and entity pages;
    #: it spells out every axis that departs from the plain case ("NOT", "WILL", …).
    summary: str = ""
    polarity: str = ""
    modality: str = ""
    scope: str = ""
    trend: str = ""
    #: Whether the speaker states it outright (affirmed, actual, asserted, own voice,
    #: unconditional); the stance network draws only such claims as for or against.
    plain: bool = True
    #: Who says so, outermost first: the passage's speaker, then each source it
    #: reports; an entity id, or "" for a source the text does not name.
    sources: tuple[str, ...] = ()
    reported_to: tuple[str, ...] = ()
    #: (relation, the other claim's key, its id): about_claim, condition,
    #: in_exchange_for, replaces.
    links: tuple[tuple[str, str, str], ...] = ()
    quantities: tuple[Quantity, ...] = ()
    #: The text layer its first quote lies in; None in the body.
    layer: Layer | None = None


@dataclass(frozen=True, order=True)
class Passage:
    """Boilerplate: the outlet's text (appeals, disclaimers), not the article's."""

    start: int
    end: int


@dataclass(frozen=True)
class Finding:
    """A SHACL finding, with the evidence it concerns (none for article-level findings)."""

    severity: str
    message: str
    focus: str
    where: str = ""
    path: str = ""
    claim: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    covered: int
    sentences: int
    boilerplate: int

    @property
    def share(self) -> float:
        return self.covered / self.sentences if self.sentences else 1.0


@dataclass(frozen=True)
class Article:
    id: str
    iri: str
    title: str
    sha256: str
    text: str
    #: (label, value, entity id or URL or "") in display order.
    meta: tuple[tuple[str, str, str], ...]
    claims: tuple[Claim, ...]
    boilerplate: tuple[Passage, ...] = ()
    findings: tuple[Finding, ...] = ()
    coverage: Coverage | None = None
    #: (entity id, how often the article names it), by id.
    mentions: tuple[tuple[str, int], ...] = ()
    #: Passages spoken by someone other than the author, in text order.
    layers: tuple[Layer, ...] = ()


@dataclass(frozen=True)
class Site:
    articles: tuple[Article, ...]
    entities: Mapping[str, Entity]
    conforms: bool = True
    #: Findings on nodes of no article (the registry), shown on the index page.
    findings: tuple[Finding, ...] = ()

    @property
    def finding_count(self) -> int:
        return len(self.findings) + sum(len(a.findings) for a in self.articles)
