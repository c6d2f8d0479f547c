"""What qualifies a claim, as visible labels: its axes, its chain of sources, its links.

A negated, modal, partial, conditional or reported claim must never look
like a plain fact on a review page, so each departure from the plain case is
a badge written as text (not a colour alone, not a tooltip alone): the words
are those of the claim's summary (``NOT``, ``WILL``, ``PARTLY``), from
:func:`irkg.claims.qualifiers`. Links to other claims go to the other
claim's row on the same page (``#c-KEY``), which selects it and highlights
its quotes.
"""

from __future__ import annotations

from collections.abc import Mapping

from irkg.claims import qualifiers
from irkg.review.html import esc, slug
from irkg.review.model import Claim, Entity, Layer

#: How each link between claims reads in the table, before the other claim's id.
LINK_WORDS = {"about_claim": "about", "condition": "if", "in_exchange_for": "in exchange for",
              "replaces": "replaces"}
TREND_ARROWS = {"increasing": "\u2197", "decreasing": "\u2198", "continuing": "\u2192"}
#: Roles shown beside the claim's links: annotation key → how it reads.
ROLE_WORDS = {"addressee": "to", "terms_of": "under the terms of", "agent": "by"}


def _badge(css: str, text: str, title: str) -> str:
    """A label; the space after it keeps it a word of its own in the page's text."""
    return f'<span class="badge {css}" title="{esc(title)}">{esc(text)}</span> '


def axis_badges(claim: Claim) -> str:
    """The words that qualify the claim's verb, as badges: modality, negation, scope."""
    out = []
    modal = qualifiers(None, claim.modality or None, None)
    if modal:
        out.append(_badge("ax-modal", modal[0], f"modality: {claim.modality}"))
    negated = qualifiers(claim.polarity or None, None, None)
    if negated:
        out.append(_badge("ax-negated", negated[0],
                          f"polarity: {claim.polarity} — the text says this is not so"))
    scope = qualifiers(None, None, claim.scope or None)
    if scope:
        out.append(_badge("ax-scope", scope[0], f"scope: {claim.scope}"))
    return "".join(out)


def trend_badge(claim: Claim) -> str:
    if not claim.trend:
        return ""
    arrow = TREND_ARROWS.get(claim.trend, "")
    icon = f'<span aria-hidden="true">{arrow}</span> ' if arrow else ""
    return (f' <span class="badge ax-trend" title="trend: {esc(claim.trend)}">{icon}'
            f"{esc(claim.trend)}</span>")


def qualified_type(claim: Claim) -> str:
    """The claim's type as plain text with what qualifies it: ``NOT opposition``."""
    words = qualifiers(claim.polarity or None, claim.modality or None, claim.scope or None)
    tags = [t for t in (claim.certainty if claim.certainty not in ("", "asserted") else "",
                        "reported" if len(claim.sources) > 1 else "") if t]
    return " ".join([*words, claim.type]) + (f" ({', '.join(tags)})" if tags else "")


def _entity(entities: Mapping[str, Entity], ident: str, depth: int) -> str:
    if not ident:
        return '<span class="unnamed">unnamed</span>'
    label = entities[ident].label if ident in entities else ident
    return f'<a href="{"../" * depth}entity/{esc(slug(ident))}.html">{esc(label)}</a>'


def layer_badge(layer: Layer | None) -> str:
    if layer is None:
        return ""
    return (f'<a class="badge ax-layer" href="#{esc(layer.anchor)}" title="quoted from the '
            f'{esc(layer.layer)}, not the author\'s text">{esc(layer.layer)}</a> ')


def sources_html(claim: Claim, entities: Mapping[str, Entity], depth: int = 1) -> str:
    """The chain of sources, outermost first, with a badge on each reported link and
    on a chain whose speaker is a text layer's; "" when the graph has no chain."""
    if not claim.sources:
        return ""
    items = []
    for level, ident in enumerate(claim.sources):
        arrow = '<span class="sep" aria-hidden="true"> \u2192 </span>' if level else ""
        mark = _badge("ax-reported", "reported", "a source the speaker reports") if level else ""
        items.append(f"<li>{arrow}{mark}{_entity(entities, ident, depth)}</li>")
    told = ""
    if claim.reported_to:
        told = (' <span class="told">told to '
                + ", ".join(_entity(entities, i, depth) for i in claim.reported_to) + "</span>")
    return (f'{layer_badge(claim.layer)}<ol class="chain" aria-label="Sources, outermost first">'
            f'{"".join(items)}</ol>{told}')


def claim_link(key: str, ident: str) -> str:
    return f'<a class="claim-link" href="#c-{esc(key)}">{esc(ident)}</a>'


def about_html(claim: Claim) -> str:
    """The claims a stance is about, instead of a target, as links to their rows."""
    return ", ".join("claim " + claim_link(key, ident)
                     for relation, key, ident in claim.links if relation == "about_claim")


def details_html(claim: Claim, entities: Mapping[str, Entity], depth: int = 1) -> str:
    """Links to other claims (but ``about``, shown as the target), the stance's
    addressee, terms and agents, and quantities, as a list; "" when there are none."""
    items = []
    for relation, word in LINK_WORDS.items():
        if relation == "about_claim":
            continue
        linked = [claim_link(key, ident) for r, key, ident in claim.links if r == relation]
        if linked:
            badge = _badge("ax-link", word, f"{relation}: a link to another claim")
            items.append(f'<li>{badge}{", ".join(linked)}</li>')
    for role, word in ROLE_WORDS.items():
        named = [i for r, i in claim.roles if r == role]
        if named:
            items.append(f"<li>{esc(word)} "
                         + ", ".join(_entity(entities, i, depth) for i in named) + "</li>")
    for q in claim.quantities:
        items.append(f'<li><span class="qty">{esc(q.text)}</span> <q>{esc(q.quote)}</q></li>')
    return f'<ul class="details">{"".join(items)}</ul>' if items else ""
