"""One synthetic article: its verbatim text and the stand-off annotation of it.

Each article is drawn from its own random stream (seed and index), so any
article can be made alone, in any order or process, and comes out the same.
About one in seven uses CRLF line breaks, as texts saved on Windows do.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from bench import templates as t
from bench.compose import Anchorer, Dice, Pairs, Sentence, render
from bench.entities import Entity, q
from bench.plan import Cast, ClaimPlan, plan_claims

#: The outlet's appeal, left out of coverage as boilerplate ``from`` … ``to``; the
#: annotation types its ellipsis as "...", which irkg must match to the text's "…".
FAVOR_FROM = "\u2026 we have a small favor to ask."
FAVOR = f"Dear reader{FAVOR_FROM} Independent journalism depends on readers. Read more"


@dataclass(frozen=True)
class Generated:
    id: str
    text: bytes
    annotation: str


@dataclass
class _Claim:
    plan: ClaimPlan
    quotes: list[tuple[Sentence, tuple[int, int] | None]]
    inline: bool


def article_id(seed: int, index: int) -> str:
    return f"{index:05d}_{hashlib.sha256(f'{seed}/{index}'.encode()).hexdigest()[:16]}"


def _evidence(rng: random.Random, cast: Cast, plan: ClaimPlan) -> tuple[_Claim, Sentence | None]:
    """The claim's sentence, and how its evidence quotes it (sometimes with more passages)."""
    sentence = render(rng, plan.template, {**plan.refs, **plan.slots}, plan.tail)
    claim, support, roll = _Claim(plan, [(sentence, None)], True), None, rng.random()
    if roll < 0.1 and sentence.clause is not None:
        claim.quotes.append((sentence, sentence.clause))
    elif roll < 0.2:
        template = rng.choice(t.SUPPORT).replace(
            "{month}", f"{rng.choice(t.MONTHS)} {rng.randint(2005, 2024)}")
        support = render(rng, template, {"x": [rng.choice(cast.actors)]})
        claim.quotes.append((support, None))
    if roll > 0.95:
        claim.inline = False
    return claim, support


def _mentions(rng: random.Random, anchorer: Anchorer, placed: list[Sentence]) -> list[str]:
    """About eighty mentions, as the seed has: some ``occurrence: all``, most one place each."""
    groups: dict[tuple[str, str], list[int]] = {}
    for s in placed:
        for start, end, entity in s.spans:
            name = anchorer.text[s.offset + start:s.offset + end]
            groups.setdefault((entity.id, name), []).append(s.offset + start)
    keys = sorted(groups)
    rng.shuffle(keys)
    lines, target, count = [], rng.randint(70, 90), 0
    for eid, name in keys:
        own = groups[(eid, name)]
        if len(own) > 1 and anchorer.hits(name) == own and rng.random() < 0.4:
            lines.append(f"  - {{entity: {eid}, quote: {q(name)}, occurrence: all}}")
            count += len(own)
        else:
            for start in own[:3]:
                pairs = anchorer.spec(rng, start, start + len(name), context=rng.random() < 0.3)
                lines.append(f"  - {{entity: {eid}, " + ", ".join(f"{k}: {v}" for k, v in pairs)
                             + "}")
                count += 1
        if count >= target:
            break
    return lines


def _claim_lines(rng: random.Random, anchorer: Anchorer, claim: _Claim) -> list[str]:
    plan = claim.plan
    lines = [f"  - id: {plan.cid}"]
    if plan.section == "fact":
        lines.append(f"    kind: {plan.kind}")
    for key, refs in plan.refs.items():
        ids = [e.id for e in refs]
        lines.append(f"    {key}: {ids[0] if len(ids) == 1 else '[' + ', '.join(ids) + ']'}")
    lines += [f"    {key}: {value}" for key, value in plan.concepts.items()]
    for key, d in plan.dates.items():
        extra = (", approximate: true" if d.approximate else "") + (
            f", resolved_from: {q(d.resolved_from)}" if d.resolved_from else "")
        lines.append(f"    {key}: " + (f"{{value: {q(d.value)}{extra}}}" if extra else q(d.value)))
    if plan.note:
        lines.append(f"    note: {q(plan.note)}")
    specs: list[Pairs] = []
    for sentence, part in claim.quotes:
        a, b = part or (0, len(sentence.text))
        specs.append(anchorer.spec(rng, sentence.offset + a, sentence.offset + b,
                                   typed=rng.random() < 0.2))
    if claim.inline:
        lines += [f"    {k}: {v}" for k, v in specs.pop(0)]
    if specs:
        lines.append("    evidence:")
        for pairs in specs:
            lines += [("      - " if i == 0 else "        ") + f"{k}: {v}"
                      for i, (k, v) in enumerate(pairs)]
    return lines


def generate(seed: int, index: int, by_type: dict[str, list[Entity]]) -> Generated:
    rng = Dice(f"article/{seed}/{index}")
    ident = article_id(seed, index)
    cast = Cast(rng, by_type)
    claims: list[_Claim] = []
    body: list[Sentence] = []
    fillers = list(t.FILLERS)
    rng.shuffle(fillers)
    for plan in plan_claims(rng, cast):
        claim, support = _evidence(rng, cast, plan)
        claims.append(claim)
        body += [claim.quotes[0][0]] + ([support] if support else [])
        if fillers and rng.random() < 0.08:
            body.append(Sentence(fillers.pop()))
    a, b = rng.sample(cast.states, 2)
    title = render(rng, rng.choice(t.TITLES), {"a": [a], "b": [b]})
    publisher, origin = cast.media[0], rng.choice((cast.media[1], cast.thinktank, None))
    top = Sentence(f"Support {publisher.label}!")
    views = Sentence("The views expressed in opinion pieces do not necessarily reflect the "
                     f"position of {publisher.label}.")
    tail = [] if origin is None else [Sentence(f"This article was first published by "
                                               f"{origin.label}.")]
    paragraphs: list[tuple[list[Sentence], str]] = [([title], ""), ([top], "")]
    while body:
        size = rng.randint(4, 9)
        paragraphs.append((body[:size], "."))
        body = body[size:]
    paragraphs += [([s], "") for s in [*tail, views, Sentence(FAVOR)]]
    anchorer = Anchorer(_layout(paragraphs, "\r\n" if rng.random() < 0.15 else "\n"))
    placed = [title] + [s for sentences, _ in paragraphs[2:] for s in sentences if s.spans]
    lines = _meta(rng, anchorer, ident, title, cast, origin)
    lines += ["  boilerplate:", _whole(rng, anchorer, top), _whole(rng, anchorer, views),
              f"    - {{from: {q(FAVOR_FROM.replace(chr(0x2026), '...'))}, to: \"Read more\"}}",
              "", "mentions:", *_mentions(rng, anchorer, placed)]
    for section in ("fact", "stance"):
        lines += ["", f"{section}s:"]
        for claim in claims:
            if claim.plan.section == section:
                lines += _claim_lines(rng, anchorer, claim)
    return Generated(ident, anchorer.text.encode("utf-8"), "\n".join(lines) + "\n")


def _layout(paragraphs: list[tuple[list[Sentence], str]], newline: str) -> str:
    """The article text; sets each sentence's offset in it. ``newline`` is LF or CRLF."""
    parts: list[str] = []
    pos = 0
    for sentences, stop in paragraphs:
        for j, sentence in enumerate(sentences):
            piece = (" " if j else "") + sentence.text + stop
            sentence.offset = pos + (1 if j else 0)
            parts.append(piece)
            pos += len(piece)
        parts.append(newline * 2)
        pos += len(newline) * 2
    return "".join(parts[:-1]) + newline


def _whole(rng: random.Random, anchorer: Anchorer, sentence: Sentence) -> str:
    pairs = anchorer.spec(rng, sentence.offset, sentence.offset + len(sentence.text))
    return "    - {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def _meta(rng: random.Random, anchorer: Anchorer, ident: str, title: Sentence, cast: Cast,
          origin: Entity | None) -> list[str]:
    """The ``article:`` block; the year and month come from the claims' reference date."""
    sha = hashlib.sha256(anchorer.text.encode("utf-8")).hexdigest()
    lines = ["# Synthetic article for irkg benchmarks: generated text, not a real one.", "",
             "article:", f"  title: {q(title.text)}", "  language: en", f"  sha256: {sha}",
             f"  publisher: {cast.media[0].id}"]
    if origin is not None:
        lines.append(f"  original_publisher: {origin.id}")
    lines.append(f"  author: {rng.choice(cast.persons).id}")
    day = rng.randint(1, 28)
    if rng.random() < 0.5:
        lines.append(f"  date: {q(f'{cast.year}-{cast.month:02d}-{day:02d}')}")
    else:
        lines.append(f"  date: {{value: {q(f'{cast.year}-{cast.month:02d}')}, approximate: true}}")
    lines.append(f"  url: {q('https://example.org/irkg-bench/' + ident)}")
    return lines
