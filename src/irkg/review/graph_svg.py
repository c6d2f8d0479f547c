"""A picture of who stands where on what: an article's stances as a small network, in SVG.

Drawn in Python as inline SVG, so the page needs no drawing library and no
network. The layout is a circle with the entities in label order: the same
graph always gives the same picture, byte for byte, and a reader finds a name
where the alphabet puts it. Polarity is shown by colour *and* line pattern,
so the picture does not depend on seeing colour.

Only a stance its speaker states outright is drawn as supportive or opposed:
a negated one ("has never called for the closure") is an edge of its own
kind, and a possible, predicted, hedged, reported or conditional one is drawn
as qualified, its title saying how ("NOT opposition", "WILL expectation").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

from irkg.review.badges import qualified_type
from irkg.review.html import esc, slug
from irkg.review.model import Claim, Entity

POLARITY: dict[str, str] = {
    "support": "pos", "accommodation": "pos", "commitment": "pos", "interest": "pos",
    "opposition": "neg", "criticism": "neg", "pressure": "neg", "concern": "neg",
}
POLARITY_NAMES = {"pos": "supportive", "neg": "opposed or critical", "other": "other",
                  "not": "negated (the text says it is not so)",
                  "qual": "qualified (possible, predicted, hedged, reported or conditional)"}
_ACTORS = frozenset({"Actor", "State", "Organisation", "InternationalOrganisation",
                     "GovernmentBody", "ThinkTank", "MediaOutlet", "ArmedGroup", "Person",
                     "InformalGrouping"})
NODE_RADIUS = 7.0
LABEL_ROOM = 205.0
MAX_LABEL = 28


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def polarity(stance_type: str) -> str:
    return POLARITY.get(stance_type, "other")


def category(claim: Claim) -> str:
    """The kind of edge a stance is drawn as: negated, qualified, or by its type."""
    if claim.polarity not in ("", "affirmed"):
        return "not"
    if not claim.plain:
        return "qual"
    return polarity(claim.type)


def _edges(claims: Iterable[Claim]) -> dict[tuple[str, str, str], list[str]]:
    edges: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for claim in claims:
        if claim.kind != "stance":
            continue
        for holder in claim.holder:
            for target in claim.target:
                edges[(holder, target, category(claim))].append(qualified_type(claim))
    return edges


def _label(entities: Mapping[str, Entity], ident: str) -> str:
    entity = entities.get(ident)
    return entity.label if entity else ident


def network_svg(claims: Iterable[Claim], entities: Mapping[str, Entity], depth: int = 1) -> str:
    """The stances of ``claims`` as an SVG figure; empty when there are none."""
    edges = _edges(claims)
    if not edges:
        return ""
    names = sorted({e for h, t, _ in edges for e in (h, t)},
                   key=lambda i: (_label(entities, i).casefold(), i))
    radius = max(150.0, 28.0 * len(names) / (2 * math.pi))
    size = 2 * (radius + LABEL_ROOM)
    centre = size / 2
    where = {}
    for index, name in enumerate(names):
        angle = 2 * math.pi * index / len(names) - math.pi / 2
        where[name] = (centre + radius * math.cos(angle), centre + radius * math.sin(angle), angle)
    parts = [
        f'<svg class="network" viewBox="0 0 {_num(size)} {_num(size)}" width="100%" '
        'role="group" aria-labelledby="net-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="net-title">Stances: who stands where on what</title>',
        "<defs>",
        *(f'<marker id="arrow-{p}" class="{p}" viewBox="0 0 10 10" refX="9" refY="5" '
          'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
          '<path d="M0,0 L10,5 L0,10 z"/></marker>' for p in POLARITY_NAMES),
        "</defs>",
    ]
    pair_seen: dict[frozenset[str], int] = defaultdict(int)
    for (holder, target, pol), types in sorted(edges.items()):
        parts.append(_edge(where, holder, target, pol, types, pair_seen, entities))
    up = "../" * depth
    for name in names:
        x, y, angle = where[name]
        entity = entities.get(name)
        actor = entity is None or entity.cls in _ACTORS
        shape = (f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(NODE_RADIUS)}"/>' if actor else
                 f'<rect x="{_num(x - NODE_RADIUS)}" y="{_num(y - NODE_RADIUS)}" '
                 f'width="{_num(2 * NODE_RADIUS)}" height="{_num(2 * NODE_RADIUS)}"/>')
        # labels point away from the centre, so neighbours never write over each other
        lx, ly = centre + (radius + 11) * math.cos(angle), centre + (radius + 11) * math.sin(angle)
        right = math.cos(angle) >= -1e-9
        turn = math.degrees(angle) + (0 if right else 180)
        label = _label(entities, name)
        short = label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"
        kind = f" ({entity.cls})" if entity else ""
        parts.append(
            f'<a class="node {"actor" if actor else "other"}" href="{up}entity/{esc(slug(name))}'
            f'.html">{shape}<text x="{_num(lx)}" y="{_num(ly)}" dy="0.35em" text-anchor="'
            f'{"start" if right else "end"}" transform="rotate({_num(turn)} {_num(lx)} '
            f'{_num(ly)})">{esc(short)}</text><title>{esc(label + kind)}</title></a>')
    parts.append("</svg>")
    key = "".join(f'<li><svg width="34" height="10" aria-hidden="true"><line class="edge {p}" '
                  f'x1="0" y1="5" x2="34" y2="5"/></svg> {esc(n)}</li>'
                  for p, n in POLARITY_NAMES.items())
    return (f'<figure class="net">{"".join(parts)}<figcaption>Arrows run from the holder '
            f"of a stance to its target; circles are actors, squares what they take a stance "
            f"on. Only a stance stated outright is drawn as supportive or opposed; the table "
            f'says what qualifies the others. <ul class="net-key">{key}</ul></figcaption>'
            f"</figure>\n")


def _edge(where: Mapping[str, tuple[float, float, float]], holder: str, target: str, pol: str,
          types: list[str], pair_seen: dict[frozenset[str], int],
          entities: Mapping[str, Entity]) -> str:
    counts = sorted({t: types.count(t) for t in types}.items())
    what = ", ".join(f"{t} \u00d7{n}" if n > 1 else t for t, n in counts)
    title = f"{_label(entities, holder)} → {_label(entities, target)}: {what}"
    x1, y1, _ = where[holder]
    x2, y2, _ = where[target]
    if holder == target:  # a stance on itself: a loop outside the circle
        d = (f"M{_num(x1)},{_num(y1 - NODE_RADIUS)} c-28,-40 28,-40 "
             f"{_num(NODE_RADIUS)},{_num(NODE_RADIUS * 0.5)}")
    else:
        pair = frozenset((holder, target))
        bend = 20.0 * (1 + pair_seen[pair]) * (1 if holder < target else -1)
        pair_seen[pair] += 1
        length = math.hypot(x2 - x1, y2 - y1)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        sx, sy = x1 + ux * NODE_RADIUS, y1 + uy * NODE_RADIUS
        ex, ey = x2 - ux * (NODE_RADIUS + 2), y2 - uy * (NODE_RADIUS + 2)
        cx, cy = (sx + ex) / 2 - uy * bend, (sy + ey) / 2 + ux * bend
        d = f"M{_num(sx)},{_num(sy)} Q{_num(cx)},{_num(cy)} {_num(ex)},{_num(ey)}"
    return (f'<path class="edge {pol}" d="{d}" marker-end="url(#arrow-{pol})">'
            f"<title>{esc(title)}</title></path>")
