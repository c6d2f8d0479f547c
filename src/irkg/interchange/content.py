"""What an annotation says, with every quote as code-point offsets: the unit imports compare.

A hand-written annotation and an imported one say the same thing in
different words (``occurrence: all`` against a list of places, a default
certainty left out against one written down), so merging compares this
content — claims by id, mentions by place — and never the YAML text. Both
sides come here: the loaded seeds through :func:`from_model`, an export
through :mod:`irkg.interchange.resolve`. :func:`render_yaml` writes content as
an annotation file whose quotes land exactly on the recorded offsets.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import yaml

from irkg.anchor import ArticleText
from irkg.errors import AnchorError, Location
from irkg.kinds import UNNAMED, kind_of
from irkg.model import Article, DateSpec, Layer, QuoteSpec

Offsets = tuple[int, int]


@dataclass(frozen=True)
class DateValue:
    value: str
    approximate: bool = False
    resolved_from: str | None = None

    @staticmethod
    def of(spec: DateSpec) -> DateValue:
        return DateValue(spec.value, spec.approximate, spec.resolved_from)

    def as_yaml(self) -> Any:
        if not self.approximate and not self.resolved_from:
            return self.value
        out: dict[str, Any] = {"value": self.value}
        if self.approximate:
            out["approximate"] = True
        if self.resolved_from:
            out["resolved_from"] = self.resolved_from
        return out


@dataclass(frozen=True)
class QuantityContent:
    """A number a claim gives, with its unit and comparator, at its own quote."""

    value: str
    unit: str
    comparator: str
    start: int
    end: int


@dataclass(frozen=True)
class ClaimContent:
    """A fact or stance; equal content means the same nodes in the graph.

    ``refs`` keep the order of each role's entities (``according_to`` is a chain,
    outermost source first); ``links`` name other claims of the article by id.
    """

    section: str
    kind: str
    id: str
    refs: tuple[tuple[str, tuple[str, ...]], ...]
    concepts: tuple[tuple[str, str], ...]
    dates: tuple[tuple[str, DateValue], ...]
    note: str | None
    evidence: tuple[Offsets, ...]
    links: tuple[tuple[str, tuple[str, ...]], ...] = ()
    quantities: tuple[QuantityContent, ...] = ()
    #: The export's annotation id (or the annotation file's line), for messages only.
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class LayerContent:
    """A passage with its own speaker and date (a standfirst, an appeal), as offsets."""

    layer: str
    start: int
    end: int
    speaker: str | None = None
    date: DateValue | None = None
    not_before: DateValue | None = None
    note: str | None = None

    @staticmethod
    def of(layer: Layer) -> LayerContent:
        return LayerContent(layer.layer, layer.start, layer.end, layer.speaker,
                            DateValue.of(layer.date) if layer.date else None,
                            DateValue.of(layer.not_before) if layer.not_before else None,
                            layer.note)


@dataclass(frozen=True)
class MentionContent:
    entity: str
    start: int
    end: int
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class ArticleContent:
    id: str
    text: str
    #: title, language, publisher, original_publisher, author, url (str); date (DateValue).
    meta: dict[str, Any]
    boilerplate: tuple[Offsets, ...]
    claims: tuple[ClaimContent, ...]
    mentions: tuple[MentionContent, ...]
    layers: tuple[LayerContent, ...] = ()


def _speaker_of(refs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Whom the loader attributes an ``attribution: actor`` stance to when not told:
    the last named source of its chain, else its holder."""
    chain = refs.get("according_to", ())
    if chain and chain[-1] != UNNAMED:
        return chain[-1:]
    return refs.get("holder", ())


def _actor_stance(section: str, concepts: dict[str, str]) -> bool:
    return section == "stance" and concepts.get("attribution") == "actor"


def normal_claim(section: str, kind: str, cid: str, refs: dict[str, tuple[str, ...]],
                 concepts: dict[str, str], dates: dict[str, DateValue], note: str | None,
                 evidence: tuple[Offsets, ...], source: str = "",
                 links: dict[str, tuple[str, ...]] | None = None,
                 quantities: tuple[QuantityContent, ...] = ()) -> ClaimContent:
    """A claim with the loader's defaults applied, so written and omitted defaults compare equal.

    The defaults are the loader's (``irkg.load``): each concept's default, and for
    an ``attribution: actor`` stance the speaker (``attributed_to``) and the chain
    (``according_to``) it derives from each other and from the holder.
    """
    spec = kind_of(section, kind)
    concepts = dict(concepts)
    for key, c in spec.concepts.items():
        if c.default is not None and key not in concepts:
            concepts[key] = c.default
    refs = dict(refs)
    if _actor_stance(section, concepts):
        if "attributed_to" not in refs and _speaker_of(refs):
            refs["attributed_to"] = _speaker_of(refs)
        if "according_to" not in refs and "attributed_to" in refs:
            refs["according_to"] = refs["attributed_to"]
    return ClaimContent(section, kind, cid, tuple(sorted(refs.items())),
                        tuple(sorted(concepts.items())), tuple(sorted(dates.items())), note,
                        evidence, tuple(sorted((links or {}).items())), quantities, source)


def from_model(article: Article) -> ArticleContent:
    """The content of a loaded (hand-written) article."""
    m = article.meta
    meta: dict[str, Any] = {"title": m.title, "language": m.language}
    for key in ("publisher", "original_publisher", "author", "url"):
        if getattr(m, key):
            meta[key] = getattr(m, key)
    if m.date:
        meta["date"] = DateValue.of(m.date)
    claims = tuple(normal_claim(
        c.section, c.kind, c.id, c.refs, c.concepts,
        {k: DateValue.of(d) for k, d in c.dates.items()}, c.note,
        tuple((e.anchor.start, e.anchor.end) for e in c.evidence), str(c.where), c.links,
        tuple(QuantityContent(q.value, q.unit, q.comparator, q.evidence.anchor.start,
                              q.evidence.anchor.end) for q in c.quantities))
        for c in article.claims)
    mentions = tuple(MentionContent(x.entity, x.evidence.anchor.start, x.evidence.anchor.end,
                                    str(x.where)) for x in article.mentions)
    return ArticleContent(article.id, article.text, meta, m.boilerplate, claims, mentions,
                          tuple(LayerContent.of(layer) for layer in m.layers))


class Quoter:
    """Writes a code-point range as a quote irkg's anchoring places back on exactly that range."""

    def __init__(self, text: str, name: str) -> None:
        self.text = ArticleText(text, name)

    def quote(self, start: int, end: int) -> dict[str, Any]:
        """``{quote, occurrence?}``; :class:`AnchorError` if no quote can say it.

        irkg matches whole words with typography folded, so a range that
        starts or ends inside a word or on white space cannot be quoted.
        """
        exact = self.text.text[start:end]
        try:
            hits = self.text.anchor_all(QuoteSpec(exact, Location(self.text.name)))
        except AnchorError:  # not there as whole words, or no words at all
            hits = []
        places = [(a.start, a.end) for a in hits]
        if (start, end) not in places:
            raise AnchorError(f"the span {start}-{end} {exact!r} does not begin and end on "
                              "whole words", "move its ends to word boundaries in the tool")
        out: dict[str, Any] = {"quote": exact}
        if len(places) > 1:
            out["occurrence"] = places.index((start, end)) + 1
        return out


def unquotable(content: ArticleContent, quoter: Quoter, export: str) -> list[AnchorError]:
    """One error per mention, quote or passage of ``content`` no quote can say, by annotation id."""
    places = [(m.source, m.start, m.end) for m in content.mentions]
    places += [(c.source, s, e) for c in content.claims for s, e in c.evidence]
    places += [(c.source, q.start, q.end) for c in content.claims for q in c.quantities]
    places += [("boilerplate", s, e) for s, e in content.boilerplate]
    places += [(f"layer {n}", x.start, x.end) for n, x in enumerate(content.layers, start=1)]
    errors = []
    for source, start, end in places:
        try:
            quoter.quote(start, end)
        except AnchorError as exc:
            errors.append(AnchorError(f"annotation {source}: {exc.what}", exc.fix,
                                      Location(export)))
    return errors


def _one_or_many(values: tuple[str, ...], many: bool) -> Any:
    return list(values) if many or len(values) > 1 else values[0]


def _implied(claim: ClaimContent) -> set[str]:
    """The roles of an ``attribution: actor`` stance the loader derives, so left unwritten.

    The loader sets ``attributed_to`` to the chain's last named source (else the
    holder) and ``according_to`` to ``attributed_to`` when either is missing; of
    the pair, what it would derive from the rest is left out.
    """
    refs, concepts = dict(claim.refs), dict(claim.concepts)
    if not _actor_stance(claim.section, concepts):
        return set()
    speaker, chain = refs.get("attributed_to"), refs.get("according_to")
    if speaker is None or chain is None:
        return set()
    if chain == speaker:  # one source: the speaker alone says it all
        return {"according_to", "attributed_to"} if speaker == refs.get("holder") \
            else {"according_to"}
    return {"attributed_to"} if _speaker_of(refs) == speaker else set()


def _number(value: str) -> Any:
    """A quantity's value as YAML: a number where the loader reads it back as the same text
    (``9``, ``2.5``), else the text as written (``"2.50"``: the graph keeps its digits)."""
    for kind in (int, float):
        try:
            if str(kind(value)) == value:
                return kind(value)
        except ValueError:
            continue
    return value


def quantity_yaml(q: QuantityContent, quoter: Quoter) -> dict[str, Any]:
    out: dict[str, Any] = quoter.quote(q.start, q.end)
    out.update({"value": _number(q.value), "unit": q.unit})
    if q.comparator != "exactly":  # the loader's default
        out["comparator"] = q.comparator
    return out


def claim_yaml(claim: ClaimContent, quoter: Quoter) -> dict[str, Any]:
    """The claim as an annotation entry: id, kind, roles, links, values, dates, note, quotes.

    What the loader fills in by itself (a concept's default, the speaker and
    chain of an ``attribution: actor`` stance) is left out.
    """
    out: dict[str, Any] = {"id": claim.id}
    if claim.section == "fact":
        out["kind"] = claim.kind
    spec = kind_of(claim.section, claim.kind)
    refs, concepts, links = dict(claim.refs), dict(claim.concepts), dict(claim.links)
    implied = _implied(claim)
    for key, role in spec.roles.items():
        if key in refs and key not in implied:
            out[key] = _one_or_many(refs[key], role.many)
    for key, link in spec.links.items():
        if key in links:
            out[key] = _one_or_many(links[key], link.many)
    for key, c in spec.concepts.items():
        if key in concepts and concepts[key] != c.default:
            out[key] = concepts[key]
    for key, date in claim.dates:
        out[key] = date.as_yaml()
    if claim.note:
        out["note"] = claim.note
    first, *rest = claim.evidence
    out.update(quoter.quote(*first))
    if rest:
        out["evidence"] = [quoter.quote(*e) for e in rest]
    if claim.quantities:
        out["quantities"] = [quantity_yaml(q, quoter) for q in claim.quantities]
    return out


def layer_yaml(layer: LayerContent, quoter: Quoter) -> dict[str, Any]:
    out: dict[str, Any] = {"layer": layer.layer}
    if layer.speaker:
        out["speaker"] = layer.speaker
    out.update(quoter.quote(layer.start, layer.end))
    if layer.date:
        out["date"] = layer.date.as_yaml()
    if layer.not_before:
        out["not_before"] = layer.not_before.as_yaml()
    if layer.note:
        out["note"] = layer.note
    return out


def mention_yaml(mention: MentionContent, quoter: Quoter) -> dict[str, Any]:
    return {"entity": mention.entity, **quoter.quote(mention.start, mention.end)}


def meta_yaml(content: ArticleContent, quoter: Quoter) -> dict[str, Any]:
    meta = dict(content.meta)
    out: dict[str, Any] = {"title": meta.pop("title"), "language": meta.pop("language"),
                           "sha256": sha256(content.text)}
    for key in ("publisher", "original_publisher", "author"):
        if key in meta:
            out[key] = meta[key]
    if "date" in meta:
        out["date"] = meta["date"].as_yaml()
    if "url" in meta:
        out["url"] = meta["url"]
    if content.boilerplate:
        out["boilerplate"] = [quoter.quote(*b) for b in content.boilerplate]
    if content.layers:
        out["layers"] = [layer_yaml(x, quoter) for x in content.layers]
    return out


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Dumper(yaml.SafeDumper):
    """Strings with line breaks or tabs double-quoted: YAML folds them anywhere else.

    A plain or single-quoted scalar turns a line break (LF, CR, NEL, LS, PS)
    into a space when read back; only a double-quoted one escapes it exactly.
    """


#: What a YAML reader folds unless the string is double-quoted.
BREAKS = frozenset("\n\r\t\x85\u2028\u2029")


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if BREAKS.intersection(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _string)


def dump(value: Any, flow: bool = False) -> str:
    """YAML that irkg's YAML 1.2 reader reads back as written (numbers-as-text stay quoted)."""
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                     default_flow_style=flow)


def render_yaml(content: ArticleContent, name: str) -> str:
    """A new annotation file for ``content``; ``name`` is the text file, for messages."""
    quoter = Quoter(content.text, name)
    parts = [f"# Stand-off annotation of {content.id}.txt, imported by irkg.\n\n",
             dump({"article": meta_yaml(content, quoter)})]
    if content.mentions:
        parts.append("\nmentions:\n")
        parts.extend(f"  - {dump(mention_yaml(m, quoter), flow=True).strip()}\n"
                     for m in content.mentions)
    for section, key in (("fact", "facts"), ("stance", "stances")):
        items = [claim_yaml(c, quoter) for c in content.claims if c.section == section]
        if items:
            parts.append("\n" + dump({key: items}))
    return "".join(parts)
