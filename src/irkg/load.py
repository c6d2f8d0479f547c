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
from irkg.kinds import STANCE_KIND
from irkg.load_claims import (
    QUOTE_KEYS,
    Context,
    check_links,
    parse_claim,
    parse_fact,
    quote_spec,
)
from irkg.model import (
    Anchor,
    Article,
    ArticleMeta,
    Evidence,
    Layer,
    Mention,
    QuoteSpec,
    Registry,
)
from irkg.ontology import Ontology
from irkg.registry import resolve
from irkg.source import Record, read_yaml
from irkg.terms import IRKG
from irkg.values import language_tag, parse_date, web_address
from irkg.yamlnodes import collector_paused

SHA_PATTERN = re.compile(r"[0-9a-f]{64}")
ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

META_KEYS = frozenset({"title", "language", "sha256", "publisher", "original_publisher",
                       "author", "date", "url", "boilerplate", "layers"})
LAYER_KEYS = frozenset({"layer", "speaker", "date", "not_before", "note", "quote", "from",
                        "to"})


def parse_mention(rec: Record, ctx: Context) -> list[Mention]:
    """One mention, or with ``occurrence: all`` one per place the quote occurs."""
    rec.check_keys({"entity"} | QUOTE_KEYS, "a mention")
    eid = rec.require("entity", str, "the mention")
    resolve(ctx.registry, ctx.ontology, eid, IRKG.Entity, rec.at("entity"), "entity")
    everywhere = rec.data.get("occurrence") == "all"
    spec = quote_spec(rec, everywhere)
    anchors = ([a for a in ctx.text.anchor_all(spec) if _whole_word(ctx.text.text, a)]
               if everywhere else [ctx.text.anchor(spec)])
    return [Mention(eid, Evidence(spec, a), rec.where, everywhere) for a in anchors]


def _whole_word(text: str, anchor: Anchor) -> bool:
    """``occurrence: all`` names an entity wherever its name stands as a word of its own:
    "Russia" everywhere must not tag the "Russia" of "Russian"."""
    before = text[anchor.start - 1] if anchor.start else " "
    after = text[anchor.end] if anchor.end < len(text) else " "
    return not (before.isalnum() or after.isalnum())


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


def parse_meta(rec: Record, ctx: Context) -> ArticleMeta:
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
        layers=tuple(parse_layer(r, ctx) for r in rec.records("layers", "one layer")),
    )


def parse_layer(rec: Record, ctx: Context) -> Layer:
    """A passage with its own speaker and date: a standfirst, an appeal, a note."""
    rec.check_keys(LAYER_KEYS, "a layer")
    name = rec.require("layer", str, "the layer")
    ctx.ontology.concept("layer", name, rec.at("layer"))
    speaker = rec.get("speaker", str)
    if speaker is not None:
        resolve(ctx.registry, ctx.ontology, speaker, IRKG.Actor, rec.at("speaker"), "speaker")
    start, end = boilerplate_span(rec, ctx.text, LAYER_KEYS)
    date, not_before = parse_date(rec, "date"), parse_date(rec, "not_before")
    if speaker is not None and date is None and not_before is None:
        raise SchemaError(f"layer {name!r} has a speaker but no date",
                          "add 'date:' or, when only a lower bound is known, 'not_before:'",
                          rec.where)
    return Layer(name, start, end, rec.where, speaker, date, not_before, rec.get("note", str))


def boilerplate_span(rec: Record, text: ArticleText,
                     keys: frozenset[str] = frozenset({"quote", "from", "to"})) -> tuple[int, int]:
    """A passage that is the outlet's, not the article's: ``quote``, or ``from`` … ``to``."""
    rec.check_keys(keys, "a layer" if "layer" in keys else "a boilerplate passage")
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
    ctx = Context(registry, ontology, ArticleText(raw, display_path(text_path)))
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
    errors.extend(check_links([*facts, *stances], ctx))
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
