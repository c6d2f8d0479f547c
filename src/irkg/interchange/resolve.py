"""A tool's document, read through the mapping, as irkg content: mentions, claims, metadata.

Every problem is collected, one line each at the export file and the
annotation's id, so a bad export is fixed in one pass in the tool; nothing is
guessed — an unknown label, a feature the mapping does not name, an arc to a
missing annotation or a span outside the text is an error, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from irkg.errors import Errors, IrkgError
from irkg.interchange.content import (
    ArticleContent,
    ClaimContent,
    DateValue,
    LayerContent,
    MentionContent,
    QuantityContent,
    normal_claim,
)
from irkg.interchange.document import (
    CLAIM_FEATURE,
    DATE_KEYS,
    LAYER_DATES,
    LAYER_FEATURES,
    META_KEYS,
    NOTE_FEATURE,
    ORDER_FEATURE,
    QUANTITY_FEATURES,
    Document,
    Span,
    bad,
)
from irkg.interchange.entities import GENERIC, Entities, UnknownEntity, slug
from irkg.interchange.mapping import Mapping, SpanRule
from irkg.kinds import UNNAMED, Kind, kind_of
from irkg.load_claims import DECIMAL
from irkg.registry import ID_PATTERN

MAP_FIX = "add the label to the mapping file (see README, 'The mapping file')"


@dataclass
class _Claim:
    kind: str
    source: str  # the first annotation id, for messages
    spans: list[tuple[int, int, tuple[tuple[int, int], ...]]] = field(default_factory=list)
    features: dict[str, str] = field(default_factory=dict)
    refs: dict[str, list[str]] = field(default_factory=dict)
    line: int = 0
    #: (n, order read, quantity): the claim's quantities, sorted by ``n`` when done.
    quantities: list[tuple[int, int, QuantityContent]] = field(default_factory=list)


def _order(feats: dict[str, str]) -> int:
    """A span's ``n`` (its place in a list), or last when it has none."""
    order = feats.get(ORDER_FEATURE, "")
    return int(order) if order.isdigit() else 1 << 30


class _Resolver:
    def __init__(self, doc: Document, mapping: Mapping, entities: Entities) -> None:
        self.doc, self.mapping, self.entities = doc, mapping, entities
        self.errors: list[IrkgError] = []
        self.spans = {s.id: s for s in doc.spans}
        self.mention_of: dict[str, str] = {}  # span id -> entity id
        self.claim_of: dict[str, str] = {}  # span id -> claim id
        self.claims: dict[str, _Claim] = {}
        self.layers: list[tuple[int, int, LayerContent]] = []

    def fail(self, annotation: str, what: str, fix: str, line: int = 0) -> None:
        self.errors.append(bad(self.doc, annotation, what, fix, line))

    def features(self, raw: dict[str, str]) -> dict[str, str]:
        out = {}
        for name, value in raw.items():
            key = self.mapping.feature(name)
            if key is not None:
                out[key] = self.mapping.value(key, value)
        return out

    def rule(self, span: Span) -> SpanRule | None:
        rule = self.mapping.spans.get(span.label)
        if rule is None and self.mapping.mentions_by_type \
                and span.label in self.entities.ontology.classes:
            rule = SpanRule(mention=span.label)
        return rule

    def in_range(self, span: Span) -> bool:
        size = len(self.doc.text)
        for start, end in span.fragments:
            if not 0 <= start < end <= size:
                self.fail(span.id, f"span {start}-{end} is outside the text (0 to {size}) or "
                          "empty", "export the annotation with the text it was made on",
                          span.line)
                return False
        return True

    def mention(self, span: Span, rule: SpanRule) -> None:
        feats = self.features(span.features)
        for key in sorted(set(feats) - {"entity", "wikidata"}):
            self.fail(span.id, f"feature {key!r} means nothing for a mention",
                      "map it in the mapping file's 'features:' (null drops it)", span.line)
        words = " ".join(self.doc.text[s:e] for s, e in span.fragments)
        type_name = rule.mention or GENERIC
        try:
            eid = self.entities.for_mention(words, type_name, feats.get("entity"),
                                            feats.get("wikidata"))
        except UnknownEntity as exc:
            self.fail(span.id, str(exc), "normalise the mention to a registry id or a Wikidata "
                      "item, or label it with an entity class", span.line)
            return
        self.mention_of[span.id] = eid

    def claim_span(self, span: Span, rule: SpanRule) -> None:
        assert rule.kind is not None
        feats = {**rule.set, **self.features(span.features)}
        cid = feats.pop(CLAIM_FEATURE, None) or f"{rule.kind.replace('_', '-')}-{slug(span.id)}"
        claim = self.claims.setdefault(cid, _Claim(rule.kind, span.id, line=span.line))
        if claim.kind != rule.kind:
            self.fail(span.id, f"claim {cid!r} is a {claim.kind} in {claim.source} but a "
                      f"{rule.kind} here", "give the claim's quotes one label", span.line)
            return
        n = _order(feats)
        feats.pop(ORDER_FEATURE, None)
        claim.spans.append((n, len(claim.spans), span.fragments))
        for key, value in feats.items():
            if claim.features.setdefault(key, value) != value:
                self.fail(span.id, f"claim {cid!r} has {key} {claim.features[key]!r} in "
                          f"{claim.source} but {value!r} here", "give it one value", span.line)
        self.claim_of[span.id] = cid

    def one_fragment(self, span: Span, what: str) -> tuple[int, int] | None:
        if len(span.fragments) != 1:
            self.fail(span.id, f"a {what} has {len(span.fragments)} pieces, not one",
                      f"mark the {what} as one stretch of text", span.line)
            return None
        return span.fragments[0]

    def quantity(self, span: Span) -> None:
        """A quantity's span: it belongs to the claim its ``claim`` feature names."""
        feats = self.features(span.features)
        for key in sorted(set(feats) - {CLAIM_FEATURE, ORDER_FEATURE, *QUANTITY_FEATURES}):
            self.fail(span.id, f"feature {key!r} means nothing for a quantity",
                      "map it in the mapping file's 'features:' (null drops it)", span.line)
            return
        cid = feats.get(CLAIM_FEATURE)
        claim = self.claims.get(cid or "")
        if claim is None:
            self.fail(span.id, f"the quantity belongs to claim {cid!r}, which the export does "
                      "not have" if cid else "the quantity names no claim",
                      "set its 'claim' feature to the id of one of the document's claims",
                      span.line)
            return
        missing = [key for key in ("value", "unit") if not feats.get(key)]
        if missing:
            self.fail(span.id, f"the quantity has no {missing[0]!r}",
                      f"set its '{missing[0]}' feature", span.line)
            return
        if not DECIMAL.fullmatch(feats["value"]):
            self.fail(span.id, f"the quantity's value {feats['value']!r} is not a number",
                      "write the number the text gives, e.g. '9' or '2.5'", span.line)
            return
        place = self.one_fragment(span, "quantity")
        if place is not None:
            claim.quantities.append((_order(feats), len(claim.quantities), QuantityContent(
                feats["value"], feats["unit"], feats.get("comparator") or "exactly", *place)))

    def layer(self, span: Span) -> None:
        """A layer's span: the passage, its concept, speaker, dates and note."""
        feats = self.features(span.features)
        dates: dict[str, dict[str, Any]] = {}
        values: dict[str, str] = {}
        for key, value in feats.items():
            head, _, tail = key.partition(".")
            if head in LAYER_DATES and tail in ("", "approximate", "resolved_from"):
                dates.setdefault(head, {})[tail or "value"] = value
            elif key in LAYER_FEATURES:
                values[key] = value
            elif key != ORDER_FEATURE:
                self.fail(span.id, f"feature {key!r} means nothing for a layer",
                          "map it in the mapping file's 'features:' (null drops it)", span.line)
                return
        if not values.get("layer"):
            self.fail(span.id, "the layer has no 'layer' value", "set it to the kind of "
                      "passage (standfirst, appeal, ...)", span.line)
            return
        speaker = values.get("speaker")
        if speaker is not None and not self.entities.known(speaker):
            self.fail(span.id, f"speaker {speaker!r} is not in the registry",
                      "name a registry entity", span.line)
            return
        place = self.one_fragment(span, "layer")
        if place is None:
            return
        when = {k: _date(d) for k, d in dates.items() if "value" in d}
        self.layers.append((_order(feats), len(self.layers), LayerContent(
            values["layer"], *place, speaker, when.get("date"), when.get("not_before"),
            values.get("note"))))

    def relations(self) -> None:
        for rel in self.doc.relations:
            rule = self.mapping.relations.get(rel.label)
            if rule is None:
                self.fail(rel.id, f"unknown relation label {rel.label!r}", MAP_FIX, rel.line)
                continue
            if rule.ignore:
                continue
            missing = [end for end in (rel.source, rel.target) if end not in self.spans]
            if missing:
                self.fail(rel.id, f"relation {rel.label!r} points to {', '.join(missing)}, "
                          "which the export does not have", "export the whole document, or "
                          "delete the relation in the tool", rel.line)
                continue
            ends = (rel.source, rel.target)
            if rule.kind is not None:
                self.whole_claim(rel.id, rel.line, rule.kind, ends, rule.source, rule.target,
                                 {**rule.set, **self.features(rel.features)})
                continue
            claim = next((self.claim_of[e] for e in ends if e in self.claim_of), None)
            entity = next((self.mention_of[e] for e in ends if e in self.mention_of), None)
            if claim is None or entity is None:
                if all(e in self.mention_of or e in self.claim_of for e in ends):
                    self.fail(rel.id, f"role {rule.role!r} must join a claim's quote and a "
                              "mention", "draw the arc from the claim to the mention", rel.line)
                continue
            assert rule.role is not None
            self.claims[claim].refs.setdefault(rule.role, []).append(entity)

    def whole_claim(self, rid: str, line: int, kind: str, ends: tuple[str, str],
                    source: str | None, target: str | None, feats: dict[str, str]) -> None:
        if not all(e in self.mention_of for e in ends):
            self.fail(rid, f"a {kind} relation must join two mentions", "draw it between "
                      "two entity mentions", line)
            return
        assert source is not None and target is not None
        cid = feats.pop(CLAIM_FEATURE, None) or f"{kind.replace('_', '-')}-{slug(rid)}"
        start = min(self.spans[e].start for e in ends)
        end = max(self.spans[e].end for e in ends)
        claim = _Claim(kind, rid, [(1, 0, ((start, end),))], feats,
                       {source: [self.mention_of[ends[0]]], target: [self.mention_of[ends[1]]]},
                       line)
        if cid in self.claims:
            self.fail(rid, f"claim id {cid!r} is used twice", "give each claim its own id", line)
        self.claims[cid] = claim

    def claim(self, cid: str, c: _Claim) -> ClaimContent | None:
        if not ID_PATTERN.fullmatch(cid):
            self.fail(c.source, f"claim id {cid!r} is not a valid id",
                      "use lower-case letters, digits and '-'", c.line)
            return None
        section = "stance" if c.kind == "stance" else "fact"
        kind: Kind = kind_of(section, c.kind)
        refs: dict[str, tuple[str, ...]] = {}
        links: dict[str, tuple[str, ...]] = {}
        concepts: dict[str, str] = {}
        dates: dict[str, dict[str, Any]] = {}
        note = None
        for key, value in c.features.items():
            head, _, tail = key.partition(".")
            if key in kind.roles:
                refs[key] = tuple(value.split())
            elif key in kind.links:
                links[key] = tuple(value.split())
            elif key in kind.concepts:
                concepts[key] = value
            elif head in DATE_KEYS and tail in ("", "approximate", "resolved_from"):
                dates.setdefault(head, {})[tail or "value"] = value
            elif key == NOTE_FEATURE:
                note = value
            else:
                self.fail(c.source, f"feature {key!r} means nothing for a {c.kind}",
                          "map it in the mapping file's 'features:' (null drops it)", c.line)
        for key, extra in c.refs.items():  # arcs to mentions, after the ids the features give
            given = refs.get(key, ())
            refs[key] = (*given, *(e for e in dict.fromkeys(extra) if e not in given))
        for key, named in refs.items():
            for eid in named:
                role = kind.roles.get(key)
                if role is not None and role.chain and eid == UNNAMED:
                    continue  # a source the text does not name
                if not self.entities.known(eid):
                    self.fail(c.source, f"{key} {eid!r} is not in the registry",
                              "name a registry entity or mention it in the text", c.line)
                    return None
        for key, role in kind.roles.items():
            if role.required and key not in refs:
                self.fail(c.source, f"{c.kind} {cid!r} has no {key!r}", f"give it a {key}: "
                          "a feature or an arc to a mention", c.line)
                return None
        when = {k: _date(d) for k, d in dates.items() if "value" in d}
        evidence = tuple(f for _, _, frags in sorted(c.spans) for f in frags)
        quantities = tuple(q for _, _, q in sorted(c.quantities, key=lambda i: i[:2]))
        return normal_claim(section, c.kind, cid, refs, concepts, when, note, evidence,
                            c.source, links, quantities)


def _date(parts: dict[str, Any]) -> DateValue:
    return DateValue(parts["value"], parts.get("approximate") == "true",
                     parts.get("resolved_from"))


def _meta(doc: Document, entities: Entities, fail: Callable[[str, str], None],
          language: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    dates: dict[str, Any] = {}
    for key, value in doc.meta.items():
        if key not in META_KEYS:
            fail(f"article metadata {key!r}", "use " + ", ".join(META_KEYS))
        elif key.startswith("date"):
            dates[key.partition(".")[2] or "value"] = value
        elif key in ("publisher", "original_publisher", "author") \
                and not entities.known(value):
            fail(f"{key} {value!r} is not in the registry", "add it or fix the id")
        else:
            meta[key] = value
    if "value" in dates:
        meta["date"] = _date(dates)
    first_line = next((ln.strip() for ln in doc.text.splitlines() if ln.strip()), doc.id)
    meta.setdefault("title", first_line)
    meta.setdefault("language", language)
    return meta


def to_content(doc: Document, mapping: Mapping, entities: Entities,
               language: str = "en") -> ArticleContent:
    """``doc`` as irkg content; raises :class:`Errors`, one per bad annotation."""
    r = _Resolver(doc, mapping, entities)
    seen: set[str] = set()
    boilerplate: list[tuple[int, int, tuple[int, int]]] = []
    kinds: list[tuple[Span, SpanRule]] = []
    for span in doc.spans:
        if span.id in seen:
            r.fail(span.id, "the id is used twice", "give each annotation its own id", span.line)
        seen.add(span.id)
        rule = r.rule(span)
        if rule is None:
            r.fail(span.id, f"unknown layer or label {span.label!r}", MAP_FIX, span.line)
        elif not rule.ignore and r.in_range(span):
            kinds.append((span, rule))
    quantities = []
    for span, rule in kinds:
        if rule.boilerplate:
            n = _order(span.features)
            boilerplate.extend((n, len(boilerplate), f) for f in span.fragments)
        elif rule.layer:
            r.layer(span)
        elif rule.quantity:
            quantities.append(span)  # once every claim is known
        elif rule.kind is not None:
            r.claim_span(span, rule)
        else:
            r.mention(span, rule)
    for span in quantities:
        r.quantity(span)
    r.relations()
    claims = [c for cid, cl in sorted(r.claims.items(), key=lambda i: min(i[1].spans)[2])
              if (c := r.claim(cid, cl)) is not None]
    places: dict[tuple[int, int, str], str] = {}
    for sid, eid in r.mention_of.items():
        for s, e in r.spans[sid].fragments:
            places.setdefault((s, e, eid), sid)
    meta = _meta(doc, entities, lambda what, fix: r.fail("article", what, fix), language)
    if r.errors:
        raise Errors(r.errors)
    return ArticleContent(doc.id, doc.text, meta, tuple(f for _, _, f in sorted(boilerplate)),
                          tuple(claims),
                          tuple(MentionContent(eid, s, e, sid)
                                for (s, e, eid), sid in sorted(places.items())),
                          tuple(x for _, _, x in sorted(r.layers, key=lambda i: i[:2])))
