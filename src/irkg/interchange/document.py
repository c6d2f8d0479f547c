"""The neutral model of one annotated text that every interchange format reads and writes.

Annotation tools disagree on almost everything — how they count offsets
(UTF-16 units, bytes, code points), how they name layers, where they keep
attributes — so each format module only translates between its own files and
this model, and everything irkg-specific (registry entities, claims, quotes)
happens once, on this model. Offsets here are always code points of
``Document.text`` (Python string indices, end exclusive); formats convert with
:mod:`irkg.interchange.offsets`.

API (stable: other format modules build on it)
-----------------------------------------------
- :class:`Span` ``(id, label, fragments, features, line=0)``: a labelled stretch of
  text — one fragment, or several for a discontinuous span — with string features.
- :class:`Relation` ``(id, label, source, target, features, line=0)``: a labelled
  arc between two spans (or between a span and a relation), named by their ids.
- :class:`Document` ``(id, text, spans, relations, meta, file)``: one text and its
  annotations; ``meta`` holds the article metadata (see :data:`META_KEYS`);
  ``file`` is the export file it came from, for messages.
- :func:`from_article` ``(article, registry) -> Document``: a loaded irkg article
  in the *irkg profile* below; the default mapping reads it back losslessly.
- :func:`irkg.interchange.resolve.to_content` ``(doc, mapping, registry, ontology)``
  turns a Document back into an :class:`irkg.interchange.content.ArticleContent`
  plus registry additions; :func:`irkg.interchange.content.render_yaml` writes it
  as an annotation file, and :func:`irkg.interchange.merge.plan_import` merges a
  whole import into ``seeds/``.
- :class:`ExportError`: a bad export, located at the export file (and line) and
  naming the annotation id, so each problem is one line.

The irkg profile (what :func:`from_article` produces)
-----------------------------------------------------
- a **mention** is a span labelled with the entity's registry type (``State``,
  ``Person``, …), features ``entity`` (registry id) and ``wikidata`` (QID);
- each **evidence quote** of a fact or stance is a span labelled with the fact's
  kind (``membership``, …) or ``stance``, feature ``claim`` (its id) and ``n``
  (its place among the claim's quotes, from 1); the first also carries the
  claim: role keys (entity ids, several joined by a space; ``according_to`` is
  the chain of sources in order, outermost first, where ``unnamed`` stands for a
  source the text does not name), concept keys (the axes ``polarity``,
  ``modality``, ``scope``, ``trend`` among them, defaults written out), link keys
  (``condition``, ``in_exchange_for``, ``replaces``, ``about_claim``: ids of other
  claims of the article, joined by a space), ``date``/``start``/``end`` with
  ``date.approximate``/``date.resolved_from`` (and ``start.…``, ``end.…``), and
  ``note``;
- a **quantity** of a claim is a span labelled ``quantity`` over its own quote,
  features ``claim`` (the claim's id), ``n`` (its place among the claim's
  quantities, from 1), ``value`` (the number as written), ``unit`` and
  ``comparator``;
- a **boilerplate** passage is a span labelled ``boilerplate``, feature ``n`` (its place
  in the annotation's list, from 1);
- a **layer** (a passage with its own speaker: a standfirst, an appeal) is a span
  labelled ``layer``, features ``n`` (its place in the list, from 1), ``layer``
  (the concept), and where given ``speaker`` (registry id), ``date`` and
  ``not_before`` (each with ``.approximate``/``.resolved_from``) and ``note``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from irkg.errors import IrkgError, Location
from irkg.model import Article, DateSpec, Registry
from irkg.ontology import local_name

Fragment = tuple[int, int]

MENTION_FEATURES = ("entity", "wikidata")
CLAIM_FEATURE, ORDER_FEATURE, NOTE_FEATURE = "claim", "n", "note"
BOILERPLATE, QUANTITY, LAYER = "boilerplate", "quantity", "layer"
DATE_KEYS = ("date", "start", "end")
#: The features of a quantity span besides ``claim`` and ``n``.
QUANTITY_FEATURES = ("value", "unit", "comparator")
#: The date keys of a layer span (each also with ``.approximate``, ``.resolved_from``).
LAYER_DATES = ("date", "not_before")
#: The features of a layer span besides ``n`` and the dates.
LAYER_FEATURES = ("layer", "speaker", "note")
#: Article metadata keys in ``Document.meta`` (dates as in the annotation, flattened).
META_KEYS = ("title", "language", "publisher", "original_publisher", "author", "url",
             "date", "date.approximate", "date.resolved_from")


@dataclass(frozen=True)
class Span:
    """A labelled stretch of text; ``fragments`` are sorted code-point ranges."""

    id: str
    label: str
    fragments: tuple[Fragment, ...]
    features: dict[str, str] = field(default_factory=dict)
    #: Line of the export file it was read from (0 when the format has none).
    line: int = 0

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass(frozen=True)
class Relation:
    """A labelled arc from span (or relation) ``source`` to ``target``, by id."""

    id: str
    label: str
    source: str
    target: str
    features: dict[str, str] = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Document:
    """One text and its annotations, as a tool exported them (offsets in code points)."""

    id: str
    text: str
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    #: The export file, as shown in messages.
    file: str = ""

    def where(self, line: int = 0) -> Location:
        return Location(self.file or self.id, line)


class ExportError(IrkgError):
    """An export irkg cannot take in: an unknown layer, a span out of range, a dangling arc."""


def bad(doc: Document, annotation: str, what: str, fix: str, line: int = 0) -> ExportError:
    """The one-line error for annotation ``annotation`` of ``doc``'s export file."""
    return ExportError(f"annotation {annotation}: {what}", fix, doc.where(line))


# What JSON leaves raw but a line-based reader or irkg's text check would trip on.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON that keeps letters readable but escapes control and line-separator characters."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=indent is None, indent=indent)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def date_features(prefix: str, spec: DateSpec) -> dict[str, str]:
    out = {prefix: spec.value}
    if spec.approximate:
        out[f"{prefix}.approximate"] = "true"
    if spec.resolved_from:
        out[f"{prefix}.resolved_from"] = spec.resolved_from
    return out


def from_article(article: Article, registry: Registry) -> Document:
    """``article`` in the irkg profile (module docstring): every piece the graph holds."""
    meta = article.meta
    doc_meta = {"title": meta.title, "language": meta.language}
    for key in ("publisher", "original_publisher", "author", "url"):
        value = getattr(meta, key)
        if value:
            doc_meta[key] = value
    if meta.date:
        doc_meta.update(date_features("date", meta.date))
    spans: list[Span] = [Span(f"boilerplate-{n}", BOILERPLATE, ((s, e),), {ORDER_FEATURE: str(n)})
                         for n, (s, e) in enumerate(meta.boilerplate, start=1)]
    for n, layer in enumerate(meta.layers, start=1):
        features = {ORDER_FEATURE: str(n), "layer": layer.layer}
        if layer.speaker:
            features["speaker"] = layer.speaker
        for key in LAYER_DATES:
            spec = getattr(layer, key)
            if spec is not None:
                features.update(date_features(key, spec))
        if layer.note:
            features[NOTE_FEATURE] = layer.note
        spans.append(Span(f"layer-{n}", LAYER, ((layer.start, layer.end),), features))
    for mention in article.mentions:
        entity = registry.entities[mention.entity]
        anchor = mention.evidence.anchor
        features = {"entity": entity.id}
        if entity.wikidata:
            features["wikidata"] = entity.wikidata
        spans.append(Span(f"mention-{mention.id}", local_name(entity.cls),
                          ((anchor.start, anchor.end),), features))
    for claim in article.claims:
        head: dict[str, str] = {CLAIM_FEATURE: claim.id}
        for key, ids in claim.refs.items():
            head[key] = " ".join(ids)
        head.update(claim.concepts)
        for key, targets in claim.links.items():
            head[key] = " ".join(targets)
        for key, spec in claim.dates.items():
            head.update(date_features(key, spec))
        if claim.note:
            head[NOTE_FEATURE] = claim.note
        for n, ev in enumerate(claim.evidence, start=1):
            features = dict(head) if n == 1 else {CLAIM_FEATURE: claim.id}
            features[ORDER_FEATURE] = str(n)
            spans.append(Span(f"{claim.section}-{claim.id}-{n}", claim.kind,
                              ((ev.anchor.start, ev.anchor.end),), features))
        for n, q in enumerate(claim.quantities, start=1):
            anchor = q.evidence.anchor
            spans.append(Span(f"quantity-{claim.id}-{n}", QUANTITY, ((anchor.start, anchor.end),),
                              {CLAIM_FEATURE: claim.id, ORDER_FEATURE: str(n), "value": q.value,
                               "unit": q.unit, "comparator": q.comparator}))
    spans.sort(key=lambda s: (s.start, s.end, s.label, s.id))
    return Document(article.id, article.text, tuple(spans), (), doc_meta, article.text_file)
