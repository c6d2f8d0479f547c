"""W3C Web Annotation (JSON-LD): ``NAME.jsonld`` with ``NAME.txt`` beside it.

The Web Annotation model has no place for a whole source text, so the text
travels as the ``.txt`` beside the annotations, as it does in brat. Exports
are the graph's own annotations — the same IRIs for annotation, target and
selectors, the claim or entity as body, ``TextQuoteSelector`` and
``TextPositionSelector`` (code points, as the model defines them); a
quantity's annotation has the quantity as body, a layer's the layer's concept
with its speaker, dates and note as the graph states them — plus two
textual bodies irkg reads back: a ``tagging`` body with the label and a
``describing`` body (``application/json``) with the features. Imports take
single annotations, lists, pages, collections and Hypothesis-style rows; a
position selector that disagrees with its quote is tried as UTF-16 units
(what browser tools count), and a quote without positions is found in the
text by its prefix and suffix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS

from irkg.anchor import CONTEXT
from irkg.build import date_literal
from irkg.errors import Errors, IrkgError, Location, display_path
from irkg.files import read_text
from irkg.interchange.document import (
    BOILERPLATE,
    CLAIM_FEATURE,
    LAYER,
    LAYER_DATES,
    NOTE_FEATURE,
    ORDER_FEATURE,
    QUANTITY,
    Document,
    ExportError,
    Span,
    json_text,
)
from irkg.interchange.offsets import OffsetError, OffsetMap
from irkg.model import DateSpec
from irkg.ontology import load_ontology
from irkg.terms import (
    ENTITY,
    IRKG,
    WD,
    article_iri,
    boilerplate_iri,
    claim_iri,
    evidence_iri,
    layer_iri,
)
from irkg.terms import LAYER as LAYERS

CONTEXT_IRI = "http://www.w3.org/ns/anno.jsonld"
ARTICLE = "article"
JSON_FORMAT = "application/json"


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotations(data: Any) -> list[Any]:
    """Annotations from an annotation, a list, a page, a collection or Hypothesis rows."""
    if isinstance(data, list):
        return [a for item in data for a in _annotations(item)]
    if not isinstance(data, dict):
        return []
    if "rows" in data:
        return _annotations(data["rows"])
    if "items" in data:
        return _annotations(data["items"])
    if "first" in data:
        return _annotations(data["first"])
    return [data]


class _Reader:
    def __init__(self, path: Path) -> None:
        self.shown = display_path(path)
        self.text = read_text(path.with_suffix(".txt"), "the annotated text")
        self.utf16 = OffsetMap(self.text, "utf16")
        self.errors: list[IrkgError] = []

    def fail(self, aid: str, what: str, fix: str) -> None:
        doc = Document(aid, "", (), file=self.shown)
        self.errors.append(ExportError(f"annotation {aid}: {what}", fix, doc.where()))

    def place(self, aid: str, selectors: list[Any]) -> tuple[int, int] | None:
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        where = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
        exact = quote.get("exact") if quote else None
        if where is not None:
            start, end = where.get("start"), where.get("end")
            if not (isinstance(start, int) and isinstance(end, int)):
                self.fail(aid, "its TextPositionSelector has no whole-number start and end",
                          "give start and end")
                return None
            if 0 <= start < end <= len(self.text) and exact in (None, self.text[start:end]):
                return start, end
            try:
                s16, e16 = self.utf16.from_units(start), self.utf16.from_units(end)
                if exact is not None and self.text[s16:e16] == exact:
                    return s16, e16  # a browser tool's UTF-16 offsets
            except OffsetError:
                pass
            if exact is None:
                self.fail(aid, f"span {start}-{end} is outside the text (0 to {len(self.text)})",
                          "export the annotation with the text it was made on")
                return None
        if exact is None:
            self.fail(aid, "it has no TextQuoteSelector or TextPositionSelector",
                      "select the text with one of them")
            return None
        prefix, suffix = quote.get("prefix") or "", quote.get("suffix") or ""  # type: ignore[union-attr]
        found = []
        k = self.text.find(exact)
        while k >= 0 and exact:
            if self.text[:k].endswith(prefix) and self.text[k + len(exact):].startswith(suffix):
                found.append(k)
            k = self.text.find(exact, k + 1)
        if not found:
            self.fail(aid, f"its quote {exact[:60]!r} is not in the text",
                      "export the annotation with the text it was made on")
            return None
        if len(found) > 1 and where is None:
            self.fail(aid, f"its quote {exact[:60]!r} occurs {len(found)} times",
                      "add a prefix, a suffix or a TextPositionSelector")
            return None
        near = where.get("start", 0) if where else 0
        k = min(found, key=lambda f: abs(f - near))
        return k, k + len(exact)

    def span(self, n: int, ann: dict[str, Any]) -> tuple[Span | None, dict[str, str] | None]:
        aid = str(ann.get("id", f"#{n}"))
        labels: list[str] = [str(t) for t in _list(ann.get("tags"))]
        features: dict[str, str] = {}
        for body in _list(ann.get("body")):
            if isinstance(body, str) or (isinstance(body, dict) and "value" not in body):
                iri = body if isinstance(body, str) else str(body.get("id") or body.get("source"))
                if iri.startswith(str(ENTITY)):
                    features["entity"] = iri[len(str(ENTITY)):]
                elif iri.startswith(str(WD)):
                    features["wikidata"] = iri[len(str(WD)):]
            elif body.get("purpose") == "tagging":
                labels.append(str(body["value"]))
            elif body.get("format") == JSON_FORMAT:
                try:
                    features.update({str(k): str(v) for k, v in json.loads(body["value"]).items()})
                except (ValueError, AttributeError):
                    self.fail(aid, "its JSON body is not a JSON object", "fix the body")
            elif str(body.get("value", "")).strip():
                features["note"] = str(body["value"])
        if ann.get("text"):
            features["note"] = str(ann["text"])  # a Hypothesis comment
        if len(labels) != 1:
            self.fail(aid, f"it has {len(labels)} tags, not one", "tag it with one label")
            return None, None
        targets = _list(ann.get("target"))
        selectors = [(_list(t.get("selector")) if isinstance(t, dict) else []) for t in targets]
        if labels[0] == ARTICLE and not any(selectors):
            return None, features
        frags = [p for sel in selectors if (p := self.place(aid, sel)) is not None]
        if len(frags) != len(targets) or not frags:
            if not self.errors:
                self.fail(aid, "it has no target", "give it a target with selectors")
            return None, None
        return Span(aid, labels[0], tuple(sorted(frags)), features), None


def read(path: Path) -> Document:
    """The annotations of ``path`` on the ``.txt`` beside it."""
    reader = _Reader(path)
    try:
        data = json.loads(read_text(path, "the Web Annotation export"))
    except ValueError as exc:
        raise ExportError(f"{reader.shown} is not JSON ({exc})", "export it again") from None
    spans, meta = [], {}
    for n, ann in enumerate(_annotations(data), start=1):
        span, doc_meta = reader.span(n, ann)
        if span is not None:
            spans.append(span)
        if doc_meta is not None:
            meta = doc_meta
    if reader.errors:
        raise Errors(reader.errors)
    return Document(path.stem, reader.text, tuple(spans), (), meta, reader.shown)


def _sections(doc: Document) -> dict[str, str]:
    """Claim id → ``fact`` or ``stance``, from the labels of the claims' quotes."""
    return {s.features[CLAIM_FEATURE]: "stance" if s.label == "stance" else "fact"
            for s in doc.spans if CLAIM_FEATURE in s.features and s.label != QUANTITY}


def _n(features: dict[str, str]) -> int | None:
    order = features.get(ORDER_FEATURE, "")
    return int(order) if order.isdigit() else None


def _iri(doc: Document, span: Span, sections: dict[str, str]) -> tuple[str, str, str]:
    """The annotation's IRI, its body and motivation, as the graph names them."""
    f = span.features
    n = _n(f)
    if "entity" in f and CLAIM_FEATURE not in f:
        return (str(claim_iri(doc.id, "mention", f"{f['entity']}-{span.start}")),
                str(ENTITY[f["entity"]]), "identifying")
    if span.label == QUANTITY and f.get(CLAIM_FEATURE) in sections and n is not None:
        claim = claim_iri(doc.id, sections[f[CLAIM_FEATURE]], f[CLAIM_FEATURE])
        quantity = URIRef(f"{claim}/quantity/{n}")
        return str(evidence_iri(quantity, 1)), str(quantity), "describing"
    if CLAIM_FEATURE in f and span.label != QUANTITY:
        claim = claim_iri(doc.id, "stance" if span.label == "stance" else "fact", f[CLAIM_FEATURE])
        return str(evidence_iri(claim, 1 if n is None else n)), str(claim), "describing"
    if span.label == BOILERPLATE and n is not None:
        return str(boilerplate_iri(doc.id, n)), str(LAYERS.boilerplate), "classifying"
    if span.label == LAYER and n is not None:
        concept = load_ontology().concepts["layer"].get(f.get("layer", ""))
        return str(layer_iri(doc.id, n)), str(concept or ""), "classifying"
    return f"{article_iri(doc.id)}/annotation/{span.id}", "", "tagging"


def _literal(value: Literal) -> dict[str, Any]:
    """A literal as a JSON-LD value object (the W3C context gives these properties no type)."""
    if isinstance(value.toPython(), bool):
        return {"@value": value.toPython()}
    if value.language:
        return {"@value": str(value), "@language": value.language}
    if value.datatype is not None:
        return {"@value": str(value), "@type": str(value.datatype)}
    return {"@value": str(value)}


def _layer_statements(span: Span) -> dict[str, Any]:
    """What the graph states of a layer besides its body: speaker, dates, note."""
    f = span.features
    out: dict[str, Any] = {}
    if f.get("speaker"):
        out[str(IRKG.speaker)] = {"id": str(ENTITY[f["speaker"]])}
    for key, predicate in zip(LAYER_DATES, (DCTERMS.date, IRKG.notBefore), strict=True):
        if not f.get(key):
            continue
        spec = DateSpec(f[key], Location(""), f.get(f"{key}.approximate") == "true",
                        f.get(f"{key}.resolved_from"))
        try:
            out.setdefault(str(predicate), []).append(_literal(date_literal(spec)))
        except KeyError:
            continue  # not a date irkg writes: the describing body still holds it
        if spec.approximate:
            out.setdefault(str(IRKG.dateApproximate), []).append(_literal(Literal(True)))
        if spec.resolved_from:
            out.setdefault(str(IRKG.dateResolvedFrom), []).append(
                _literal(Literal(spec.resolved_from)))
    if f.get(NOTE_FEATURE):
        out[str(RDFS.comment)] = _literal(Literal(f[NOTE_FEATURE], lang="en"))
    return out


def _annotation(doc: Document, span: Span, sections: dict[str, str]) -> dict[str, Any]:
    iri, body, motivation = _iri(doc, span, sections)
    bodies: list[Any] = [body] if body else []
    bodies.append({"type": "TextualBody", "purpose": "tagging", "value": span.label})
    if span.features:
        bodies.append({"type": "TextualBody", "purpose": "describing", "format": JSON_FORMAT,
                       "value": json_text(span.features)})
    targets = []
    for n, (start, end) in enumerate(span.fragments, start=1):
        base = f"{iri}/target" if n == 1 else f"{iri}/target/{n}"
        targets.append({
            "id": base, "type": "SpecificResource", "source": str(article_iri(doc.id)),
            "selector": [
                {"id": base.replace("/target", "/quote", 1), "type": "TextQuoteSelector",
                 "exact": doc.text[start:end], "prefix": doc.text[max(0, start - CONTEXT):start],
                 "suffix": doc.text[end:end + CONTEXT]},
                {"id": base.replace("/target", "/position", 1), "type": "TextPositionSelector",
                 "start": start, "end": end}]})
    extra = _layer_statements(span) if span.label == LAYER and body else {}
    return {"id": iri, "type": "Annotation", "motivation": motivation, "body": bodies,
            "target": targets[0] if len(targets) == 1 else targets, **extra}


def write(doc: Document) -> str:
    """``doc`` as an ``AnnotationCollection`` of one page (write ``doc.text`` beside it)."""
    sections = _sections(doc)
    items = [_annotation(doc, s, sections) for s in doc.spans]
    if doc.meta:
        items.insert(0, {
            "id": f"{article_iri(doc.id)}/annotation/metadata", "type": "Annotation",
            "motivation": "describing",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": ARTICLE},
                     {"type": "TextualBody", "purpose": "describing", "format": JSON_FORMAT,
                      "value": json_text(doc.meta)}],
            "target": {"source": str(article_iri(doc.id))}})
    collection = {"@context": CONTEXT_IRI, "id": f"{article_iri(doc.id)}/annotations",
                  "type": "AnnotationCollection", "total": len(items),
                  "first": {"id": f"{article_iri(doc.id)}/annotations/page1",
                            "type": "AnnotationPage", "startIndex": 0, "items": items}}
    return json_text(collection, indent=2) + "\n"


def export_files(doc: Document) -> dict[str, str]:
    return {f"{doc.id}.txt": doc.text, f"{doc.id}.jsonld": write(doc)}
