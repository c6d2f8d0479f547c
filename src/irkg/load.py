"""Load stage: an article's annotation YAML → checked, anchored records.

Errors are collected per item rather than stopping at the first, so one
``irkg check`` run shows an annotator everything that needs fixing.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from irkg.anchor import ArticleText
from irkg.errors import (
    Errors,
    InputError,
    IrkgError,
    Location,
    SchemaError,
    TextChanged,
    collect,
    display_path,
)
from irkg.files import read_text
from irkg.kinds import FACT_KINDS, STANCE_KIND, Kind
from irkg.model import (
    Article,
    ArticleMeta,
    Claim,
    Evidence,
    Mention,
    QuoteSpec,
    Registry,
)
from irkg.ontology import Ontology
from irkg.registry import check_id, resolve
from irkg.source import Record, read_yaml
from irkg.terms import IRKG
from irkg.values import language_tag, ordered, parse_date, web_address
from irkg.yamlnodes import collector_paused

SHA_PATTERN = re.compile(r"[0-9a-f]{64}")
ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

QUOTE_KEYS = frozenset({"quote", "prefix", "suffix", "occurrence"})
COMMON_CLAIM_KEYS = frozenset({"id", "date", "start", "end", "note", "evidence"}) | QUOTE_KEYS
META_KEYS = frozenset({"title", "language", "sha256", "publisher", "original_publisher",
                       "author", "date", "url", "boilerplate"})


def quote_spec(rec: Record, everywhere: bool = False) -> QuoteSpec:
    """The quote to anchor; ``everywhere`` (a mention's ``occurrence: all``) has no occurrence."""
    if everywhere:
        occurrence = None
    elif isinstance(rec.data.get("occurrence"), str):
        raise SchemaError(f"occurrence {rec.data['occurrence']!r} is not a number",
                          "write 'occurrence: N' (1-based), or 'occurrence: all' in mentions",
                          rec.at("occurrence"))
    else:
        occurrence = rec.get("occurrence", int)
    return QuoteSpec(
        exact=rec.require("quote", str, "the evidence"),
        where=rec.at("quote"),
        prefix=rec.get("prefix", str),
        suffix=rec.get("suffix", str),
        occurrence=occurrence,
    )


def evidence_of(rec: Record, text: ArticleText) -> tuple[Evidence, ...]:
    """The claim's quotes: inline ``quote:`` and/or an ``evidence:`` list."""
    specs = [quote_spec(rec)] if rec.has("quote") else []
    for ev in rec.records("evidence", "one quote"):
        ev.check_keys(QUOTE_KEYS, "an evidence entry")
        specs.append(quote_spec(ev))
    if not specs:
        raise SchemaError("claim has no evidence",
                          "add 'quote:' with the words of the article that support it",
                          rec.where)
    return tuple(Evidence(spec, text.anchor(spec)) for spec in specs)


# ---------------------------------------------------------------- claims

def parse_claim(rec: Record, section: str, kind_name: str, kind: Kind, ctx: _Context) -> Claim:
    extra = {"kind"} if section == "fact" else set()
    rec.check_keys(COMMON_CLAIM_KEYS | set(kind.roles) | set(kind.concepts) | extra,
                   f"a {kind_name} {section}" if kind_name != section else f"a {section}")
    cid = check_id(rec.require("id", str, f"the {section}"), rec.at("id"), section)
    if cid in ctx.claim_ids:
        raise SchemaError(f"{section} id {cid!r} is used twice in this article",
                          "give each claim its own id", rec.at("id"))
    ctx.claim_ids.add(cid)
    refs: dict[str, tuple[str, ...]] = {}
    for key, role in kind.roles.items():
        values = rec.strings(key)
        if not values:
            if role.required:
                raise SchemaError(f"{kind_name} {cid!r} has no {key!r}", f"add '{key}:'",
                                  rec.where)
            continue
        if len(values) > 1 and not role.many:
            raise SchemaError(f"{key!r} takes one entity", f"split into several {section}s",
                              rec.at(key))
        refs[key] = tuple(resolve(ctx.registry, ctx.ontology, v, role.range, rec.at(key), key)
                          for v in values)
    concepts: dict[str, str] = {}
    for key, spec in kind.concepts.items():
        value = rec.get(key, str, spec.default)
        if value is None:
            if spec.required:
                raise SchemaError(f"{kind_name} {cid!r} has no {key!r}", "add '"
                                  f"{key}:' with one of " + ", ".join(
                                      sorted(ctx.ontology.concepts[key])), rec.where)
            continue
        ctx.ontology.concept(key, value, rec.at(key))
        concepts[key] = value
    dates = {k: d for k in ("date", "start", "end") if (d := parse_date(rec, k)) is not None}
    if "start" in dates and "end" in dates and not ordered(dates["start"], dates["end"]):
        raise SchemaError(f"start {dates['start'].value} is after end {dates['end'].value}",
                          "swap them or fix one", dates["end"].where)
    if kind_name == "occurrence" and "date" not in dates and "place" not in refs:
        raise SchemaError(f"occurrence {cid!r} gives neither date nor place",
                          "add 'date:' or 'place:'", rec.where)
    if section == "stance" and refs["holder"] == refs["target"]:
        raise SchemaError(f"stance {cid!r} has {refs['holder'][0]!r} as both holder and target",
                          "make the target what the holder takes a position towards",
                          rec.at("target"))
    if section == "stance" and concepts.get("attribution") == "actor" \
            and "attributed_to" not in refs:
        refs["attributed_to"] = refs["holder"]
    return Claim(section, kind_name, cid, rec.where, refs, concepts,
                 evidence_of(rec, ctx.text), dates, rec.get("note", str))


class _Context:
    def __init__(self, registry: Registry, ontology: Ontology, text: ArticleText) -> None:
        self.registry = registry
        self.ontology = ontology
        self.text = text
        self.claim_ids: set[str] = set()


def parse_fact(rec: Record, ctx: _Context) -> Claim:
    name = rec.require("kind", str, "the fact")
    kind = FACT_KINDS.get(name)
    if kind is None:
        allowed = tuple(sorted(FACT_KINDS))
        raise SchemaError(f"unknown fact kind {name!r}", "use one of " + ", ".join(allowed),
                          rec.at("kind"), value=name, allowed=allowed)
    return parse_claim(rec, "fact", name, kind, ctx)


def parse_mention(rec: Record, ctx: _Context) -> list[Mention]:
    """One mention, or with ``occurrence: all`` one per place the quote occurs."""
    rec.check_keys({"entity"} | QUOTE_KEYS, "a mention")
    eid = rec.require("entity", str, "the mention")
    resolve(ctx.registry, ctx.ontology, eid, IRKG.Entity, rec.at("entity"), "entity")
    everywhere = rec.data.get("occurrence") == "all"
    spec = quote_spec(rec, everywhere)
    anchors = ctx.text.anchor_all(spec) if everywhere else [ctx.text.anchor(spec)]
    return [Mention(eid, Evidence(spec, a), rec.where, everywhere) for a in anchors]


def yield_to_longer(mentions: list[Mention]) -> list[Mention]:
    """Drop ``occurrence: all`` mentions that lie inside another mention's quote.

    "Moscow" everywhere must not tag the "Moscow" of "The Moscow Times", nor a
    place where the annotator said explicitly that "Moscow" is the city. One
    sweep over the spans sorted by start (longest first), so a word mentioned
    everywhere in a long text costs n log n, not n squared.
    """
    def span(m: Mention) -> tuple[int, int]:
        return m.evidence.anchor.start, m.evidence.anchor.end

    explicit = {span(m) for m in mentions if not m.everywhere}
    inside_longer: set[tuple[int, int]] = set()
    reach = -1  # the furthest end of the spans before the current one in the sweep
    for start, end in sorted({span(m) for m in mentions}, key=lambda s: (s[0], -s[1])):
        if reach >= end:  # an earlier span starts at or before this one and ends after it
            inside_longer.add((start, end))
        reach = max(reach, end)
    return [m for m in mentions
            if not (m.everywhere and (span(m) in inside_longer or span(m) in explicit))]


def parse_meta(rec: Record, ctx: _Context) -> ArticleMeta:
    rec.check_keys(META_KEYS, "the article metadata")
    language = language_tag(rec.require("language", str, "the article"), rec.at("language"))
    actual = hashlib.sha256(ctx.text.text.encode("utf-8")).hexdigest()
    if not rec.has("sha256"):  # a new annotation: pin it to the text as it is now
        raise SchemaError("the article metadata has no 'sha256'",
                          f"add 'sha256: {actual}' (the hash of {ctx.text.name})", rec.where)
    sha = rec.require("sha256", str, "the article")
    if not SHA_PATTERN.fullmatch(sha) or sha != actual:
        raise TextChanged(
            f"{ctx.text.name} does not match its annotation (sha256 is {actual}, "
            f"annotation says {sha})",
            "restore the article text, or re-check every quote and set sha256 to the new value",
            rec.at("sha256"))
    orgs = {}
    for key in ("publisher", "original_publisher"):
        if (v := rec.get(key, str)) is not None:
            orgs[key] = resolve(ctx.registry, ctx.ontology, v, IRKG.Organisation, rec.at(key), key)
    author = rec.get("author", str)
    if author is not None:
        resolve(ctx.registry, ctx.ontology, author, IRKG.Person, rec.at("author"), "author")
    return ArticleMeta(
        title=rec.require("title", str, "the article"), language=language, sha256=sha,
        where=rec.where, publisher=orgs.get("publisher"),
        original_publisher=orgs.get("original_publisher"), author=author,
        date=parse_date(rec, "date"), url=web_address(rec),
        boilerplate=tuple(boilerplate_span(b, ctx.text) for b in rec.records(
            "boilerplate", "one passage")),
    )


def boilerplate_span(rec: Record, text: ArticleText) -> tuple[int, int]:
    """A passage that is the outlet's, not the article's: ``quote``, or ``from`` … ``to``."""
    rec.check_keys({"quote", "from", "to"}, "a boilerplate passage")
    if rec.has("quote"):
        a = text.anchor(quote_spec(rec))
        return a.start, a.end
    first = text.anchor(QuoteSpec(rec.require("from", str, "the passage"), rec.at("from")))
    last = text.anchor(QuoteSpec(rec.require("to", str, "the passage"), rec.at("to")))
    if last.end <= first.start:
        raise SchemaError("boilerplate 'to' comes before 'from'", "swap them", rec.at("to"))
    return first.start, last.end


def load_article(annotation: Path, registry: Registry, ontology: Ontology) -> Article:
    """Load and anchor one article; its text is the ``.txt`` file of the same stem."""
    with collector_paused():  # many small objects, no garbage: see read_yaml
        return _load_article(annotation, registry, ontology)


def _load_article(annotation: Path, registry: Registry, ontology: Ontology) -> Article:
    text_path = annotation.with_suffix(".txt")
    shown = display_path(annotation)
    if not ARTICLE_ID.fullmatch(annotation.stem):
        raise SchemaError(f"article file name {annotation.name!r} cannot be an article id",
                          "name the .yaml and .txt with letters, digits, '_' and '-' only",
                          Location(shown, 1))
    if not text_path.exists() and not text_path.is_symlink():
        raise InputError(f"the article text {display_path(text_path)} does not exist",
                         "put the verbatim UTF-8 text beside the annotation, with the same "
                         "name ending in .txt", Location(shown, 1))
    raw = read_text(text_path, "the article text")
    if not raw.strip():
        raise InputError(f"the article text {display_path(text_path)} is empty",
                         "put the article's verbatim text in it", Location(display_path(
                             text_path), 1))
    doc = read_yaml(annotation, "the annotation")
    # "suggestions:" (irkg suggest mentions) is for the annotator; the build ignores it.
    doc.check_keys({"article", "mentions", "facts", "stances", "suggestions"},
                   "an annotation file")
    ctx = _Context(registry, ontology, ArticleText(raw, display_path(text_path)))
    meta_rec = doc.record("article")
    if meta_rec is None:
        raise SchemaError("the annotation has no 'article:' metadata",
                          "add 'article:' with title, language and sha256", doc.where)
    errors: list[IrkgError] = []
    metas = collect([meta_rec], lambda r: parse_meta(r, ctx), errors)
    for error in errors:
        if isinstance(error, TextChanged):
            raise error  # quotes against a changed text would only add noise
    mentions = [m for ms in collect(doc.records("mentions", "one mention"),
                                    lambda r: parse_mention(r, ctx), errors) for m in ms]
    facts = collect(doc.records("facts", "one fact"), lambda r: parse_fact(r, ctx), errors)
    stances = collect(doc.records("stances", "one stance"),
                      lambda r: parse_claim(r, "stance", "stance", STANCE_KIND, ctx), errors)
    mentions = yield_to_longer(mentions)
    seen: dict[str, Location] = {}
    for m in mentions:
        if m.id in seen:
            errors.append(SchemaError(f"entity {m.entity!r} is mentioned twice at the same place "
                                      f"(also line {seen[m.id].line})", "remove one", m.where))
        seen[m.id] = m.where
    if errors:
        raise Errors(errors)
    return Article(annotation.stem, raw, display_path(text_path), shown, metas[0],
                   tuple(facts) + tuple(stances), tuple(mentions))
