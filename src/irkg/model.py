"""What an annotator wrote, after it has been checked and anchored.

These records are the boundary between loading (YAML, line numbers, lint) and
building (RDF): the builder never sees YAML and the loader never sees RDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from irkg.errors import Location


@dataclass(frozen=True)
class DateSpec:
    """A date at the precision the text gives: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

    value: str
    where: Location
    approximate: bool = False
    resolved_from: str | None = None


@dataclass(frozen=True)
class Entity:
    id: str
    cls: URIRef
    label: str
    where: Location
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    note: str | None = None
    #: What an issue or event is about ("keeping Belarus stable" is about Belarus).
    about: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    file: str
    entities: dict[str, Entity]


@dataclass(frozen=True)
class QuoteSpec:
    exact: str
    where: Location
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None


@dataclass(frozen=True)
class Anchor:
    """A quote placed in the article: code-point offsets and the exact text there."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Evidence:
    spec: QuoteSpec
    anchor: Anchor


@dataclass(frozen=True)
class Quantity:
    """A number the text gives ("nearly nine months"), with its unit and its own quote."""

    value: str
    unit: str
    comparator: str
    evidence: Evidence
    where: Location


@dataclass(frozen=True)
class Claim:
    """A fact or stance: ``kind`` names an entry of :mod:`irkg.kinds`."""

    section: str
    kind: str
    id: str
    where: Location
    refs: dict[str, tuple[str, ...]]
    concepts: dict[str, str]
    evidence: tuple[Evidence, ...]
    dates: dict[str, DateSpec] = field(default_factory=dict)
    note: str | None = None
    #: Other claims of the article this one is tied to (``condition``, ``replaces``, …).
    links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    quantities: tuple[Quantity, ...] = ()
    #: The concept keys whose value the annotator wrote, rather than took by default.
    chosen: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mention:
    """An entity named or referred to (metonyms included) at a place in the text."""

    entity: str
    evidence: Evidence
    where: Location
    #: From ``occurrence: all``: yields to any other mention whose quote contains it.
    everywhere: bool = False

    @property
    def id(self) -> str:
        return f"{self.entity}-{self.evidence.anchor.start}"


@dataclass(frozen=True)
class Layer:
    """A passage spoken by someone other than the author: a standfirst, an appeal.

    Claims whose first quote lies in it are the speaker's, at the layer's date.
    """

    layer: str
    start: int
    end: int
    where: Location
    speaker: str | None = None
    date: DateSpec | None = None
    not_before: DateSpec | None = None
    note: str | None = None


@dataclass(frozen=True)
class ArticleMeta:
    title: str
    language: str
    sha256: str
    where: Location
    publisher: str | None = None
    original_publisher: str | None = None
    author: str | None = None
    date: DateSpec | None = None
    url: str | None = None
    #: Code-point spans that are the outlet's own text (appeals, disclaimers),
    #: left out of annotation coverage.
    boilerplate: tuple[tuple[int, int], ...] = ()
    layers: tuple[Layer, ...] = ()

    def layer_at(self, start: int, end: int) -> tuple[int, Layer] | None:
        """The layer (numbered from 1) a passage lies in, if any."""
        for n, layer in enumerate(self.layers, start=1):
            if layer.start <= start and end <= layer.end:
                return n, layer
        return None


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    text_file: str
    annotation_file: str
    meta: ArticleMeta
    claims: tuple[Claim, ...]
    mentions: tuple[Mention, ...]
