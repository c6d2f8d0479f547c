"""Load stage, claims: one fact or stance of an annotation → a checked, anchored record.

Everything a claim may say is checked here against the kinds table
(:mod:`irkg.kinds`): its roles name registry entities of the right class, its
concepts come from the ontology's schemes, its attribution and chain of sources
tell the same story, and its links name claims of the same article (checked
once every claim is read, as a link may point forward).
"""

from __future__ import annotations

import re

from irkg.anchor import ArticleText
from irkg.errors import IrkgError, Location, SchemaError
from irkg.kinds import FACT_KINDS, UNNAMED, Kind
from irkg.model import Claim, Evidence, Quantity, QuoteSpec, Registry
from irkg.ontology import Ontology
from irkg.registry import check_id, resolve
from irkg.source import Record
from irkg.values import ordered, parse_date

DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
QUOTE_KEYS = frozenset({"quote", "prefix", "suffix", "occurrence"})
COMMON_CLAIM_KEYS = frozenset({"id", "date", "start", "end", "note", "evidence",
                               "quantities"}) | QUOTE_KEYS
QUANTITY_KEYS = frozenset({"value", "unit", "comparator"}) | QUOTE_KEYS


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

def parse_claim(rec: Record, section: str, kind_name: str, kind: Kind, ctx: Context) -> Claim:
    extra = {"kind"} if section == "fact" else set()
    rec.check_keys(COMMON_CLAIM_KEYS | set(kind.roles) | set(kind.concepts) | set(kind.links)
                   | extra, f"a {kind_name} {section}" if kind_name != section else f"a {section}")
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
        refs[key] = tuple(v if role.chain and v == UNNAMED else
                          resolve(ctx.registry, ctx.ontology, v, role.range, rec.at(key), key)
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
    links: dict[str, tuple[str, ...]] = {}
    for key, link in kind.links.items():
        values = rec.strings(key)
        if len(values) > 1 and not link.many:
            raise SchemaError(f"{key!r} takes one claim id", "name one claim", rec.at(key))
        if values:
            links[key] = tuple(values)
            ctx.pending.append((cid, key, tuple(values), rec.at(key)))
    dates = {k: d for k in ("date", "start", "end") if (d := parse_date(rec, k)) is not None}
    if "start" in dates and "end" in dates and not ordered(dates["start"], dates["end"]):
        raise SchemaError(f"start {dates['start'].value} is after end {dates['end'].value}",
                          "swap them or fix one", dates["end"].where)
    if kind_name == "occurrence" and "date" not in dates and "place" not in refs:
        raise SchemaError(f"occurrence {cid!r} gives neither date nor place",
                          "add 'date:' or 'place:'", rec.where)
    if section == "stance":
        _check_stance(rec, cid, refs, links)
    _check_attribution(rec, section, cid, refs, concepts)
    quantities = tuple(parse_quantity(q, ctx) for q in rec.records("quantities", "one quantity"))
    return Claim(section, kind_name, cid, rec.where, refs, concepts,
                 evidence_of(rec, ctx.text), dates, rec.get("note", str), links, quantities,
                 frozenset(k for k in kind.concepts if rec.has(k)))


def _check_stance(rec: Record, cid: str, refs: dict[str, tuple[str, ...]],
                  links: dict[str, tuple[str, ...]]) -> None:
    if ("target" in refs) == ("about_claim" in links):
        raise SchemaError(f"stance {cid!r} needs exactly one of 'target' (an entity) and "
                          "'about_claim' (another claim's id)",
                          "keep the one the holder takes a position towards", rec.where)
    if refs.get("holder") == refs.get("target"):
        raise SchemaError(f"stance {cid!r} has {refs['holder'][0]!r} as both holder and target",
                          "make the target what the holder takes a position towards",
                          rec.at("target"))


def _check_attribution(rec: Record, section: str, cid: str, refs: dict[str, tuple[str, ...]],
                       concepts: dict[str, str]) -> None:
    """The attribution value and the chain of sources must tell the same story."""
    attribution = concepts["attribution"]
    chain = refs.get("according_to", ())
    speaker = refs.get("attributed_to")
    if attribution == "actor" and section == "stance":
        speaker = speaker or (chain[-1:] if chain and chain[-1] != UNNAMED else refs["holder"])
        refs["attributed_to"] = speaker
        if not chain:
            refs["according_to"] = chain = speaker
        elif chain[-1] != speaker[0]:
            raise SchemaError(f"stance {cid!r} is attributed to {speaker[0]!r} but its last "
                              f"source is {chain[-1]!r}", "make attributed_to the last entry "
                              "of according_to, or drop attributed_to", rec.at("attributed_to"))
    elif speaker is not None:
        raise SchemaError(f"attributed_to names a speaker, but the attribution is "
                          f"{attribution!r}", "set 'attribution: actor', or drop attributed_to",
                          rec.at("attributed_to"))
    if attribution == "article" and chain:
        raise SchemaError(f"{section} {cid!r} has sources (according_to) but is the article's "
                          "own view", "set 'attribution:' to actor, observers or unnamed",
                          rec.at("according_to"))
    if attribution != "article" and not chain:
        raise SchemaError(f"{section} {cid!r} is attributed to {attribution!r} but names no "
                          "source", "add 'according_to:' with the source (a registry id, or "
                          f"{UNNAMED!r})", rec.at("attribution"))


def parse_quantity(rec: Record, ctx: Context) -> Quantity:
    rec.check_keys(QUANTITY_KEYS, "a quantity")
    raw = rec.data.get("value")
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)) \
            or not DECIMAL.fullmatch(str(raw)):
        raise SchemaError(f"quantity value {raw!r} is not a number",
                          "write the number the text gives, e.g. 'value: 9'", rec.at("value"))
    unit = rec.require("unit", str, "the quantity")
    ctx.ontology.concept("unit", unit, rec.at("unit"))
    comparator = rec.get("comparator", str, "exactly") or "exactly"
    ctx.ontology.concept("comparator", comparator, rec.at("comparator"))
    spec = quote_spec(rec)
    return Quantity(str(raw), unit, comparator, Evidence(spec, ctx.text.anchor(spec)), rec.where)


def check_links(claims: list[Claim], ctx: Context) -> list[IrkgError]:
    """Links name claims of the same article, never the claim itself."""
    errors: list[IrkgError] = []
    for cid, key, targets, where in ctx.pending:
        for target in targets:
            if target == cid:
                errors.append(SchemaError(f"claim {cid!r} names itself in {key!r}",
                                          "name another claim of this article", where))
            elif target not in ctx.claim_ids:
                known = sorted(ctx.claim_ids)
                errors.append(SchemaError(
                    f"{key} {target!r} is not a claim of this article",
                    "use the id of one of its facts or stances", where, value=target,
                    allowed=tuple(known)))
    return errors


class Context:
    """What every claim of one article is checked against, and the ids seen so far."""

    def __init__(self, registry: Registry, ontology: Ontology, text: ArticleText) -> None:
        self.registry = registry
        self.ontology = ontology
        self.text = text
        self.claim_ids: set[str] = set()
        #: Links to check once every claim is read: (claim, key, targets, where).
        self.pending: list[tuple[str, str, tuple[str, ...], Location]] = []


def parse_fact(rec: Record, ctx: Context) -> Claim:
    name = rec.require("kind", str, "the fact")
    kind = FACT_KINDS.get(name)
    if kind is None:
        allowed = tuple(sorted(FACT_KINDS))
        raise SchemaError(f"unknown fact kind {name!r}", "use one of " + ", ".join(allowed),
                          rec.at("kind"), value=name, allowed=allowed)
    return parse_claim(rec, "fact", name, kind, ctx)
