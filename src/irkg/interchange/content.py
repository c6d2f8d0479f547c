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
from irkg.kinds import FACT_KINDS, STANCE_KIND
from irkg.model import Article, DateSpec, QuoteSpec

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
class ClaimContent:
    """A fact or stance; equal content means the same nodes in the graph."""

    section: str
    kind: str
    id: str
    refs: tuple[tuple[str, tuple[str, ...]], ...]
    concepts: tuple[tuple[str, str], ...]
    dates: tuple[tuple[str, DateValue], ...]
    note: str | None
    evidence: tuple[Offsets, ...]
    #: The export's annotation id (or the annotation file's line), for messages only.
    source: str = field(default="", compare=False)


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


def normal_claim(section: str, kind: str, cid: str, refs: dict[str, tuple[str, ...]],
                 concepts: dict[str, str], dates: dict[str, DateValue], note: str | None,
                 evidence: tuple[Offsets, ...], source: str = "") -> ClaimContent:
    """A claim with the loader's defaults applied, so written and omitted defaults compare equal."""
    spec = STANCE_KIND if section == "stance" else FACT_KINDS[kind]
    concepts = dict(concepts)
    for key, c in spec.concepts.items():
        if c.default is not None and key not in concepts:
            concepts[key] = c.default
    refs = dict(refs)
    if section == "stance" and concepts.get("attribution") == "actor" \
            and "attributed_to" not in refs and "holder" in refs:
        refs["attributed_to"] = refs["holder"]
    return ClaimContent(section, kind, cid, tuple(sorted(refs.items())),
                        tuple(sorted(concepts.items())), tuple(sorted(dates.items())), note,
                        evidence, source)


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
        tuple((e.anchor.start, e.anchor.end) for e in c.evidence), str(c.where))
        for c in article.claims)
    mentions = tuple(MentionContent(x.entity, x.evidence.anchor.start, x.evidence.anchor.end,
                                    str(x.where)) for x in article.mentions)
    return ArticleContent(article.id, article.text, meta, m.boilerplate, claims, mentions)


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
    places += [("boilerplate", s, e) for s, e in content.boilerplate]
    errors = []
    for source, start, end in places:
        try:
            quoter.quote(start, end)
        except AnchorError as exc:
            errors.append(AnchorError(f"annotation {source}: {exc.what}", exc.fix,
                                      Location(export)))
    return errors


def claim_yaml(claim: ClaimContent, quoter: Quoter) -> dict[str, Any]:
    """The claim as an annotation entry: id, kind, roles, values, dates, note, quotes."""
    out: dict[str, Any] = {"id": claim.id}
    if claim.section == "fact":
        out["kind"] = claim.kind
    spec = STANCE_KIND if claim.section == "stance" else FACT_KINDS[claim.kind]
    refs, concepts = dict(claim.refs), dict(claim.concepts)
    for key, role in spec.roles.items():
        if key not in refs:
            continue
        if key == "attributed_to" and concepts.get("attribution") == "actor" \
                and refs[key] == refs.get("holder"):
            continue  # the loader's default
        out[key] = list(refs[key]) if role.many or len(refs[key]) > 1 else refs[key][0]
    for key, c in spec.concepts.items():
        if key in concepts and not (c.default is not None and concepts[key] == c.default
                                    and claim.section == "fact"):
            out[key] = concepts[key]
    for key, date in claim.dates:
        out[key] = date.as_yaml()
    if claim.note:
        out["note"] = claim.note
    first, *rest = claim.evidence
    out.update(quoter.quote(*first))
    if rest:
        out["evidence"] = [quoter.quote(*e) for e in rest]
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
