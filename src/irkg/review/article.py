"""One article's review page: the verbatim text with its evidence marked, and the claims.

The text is written once, as runs (:mod:`irkg.review.spans`); each run that
evidence covers is a ``<mark>`` naming its evidence ids, which the page's
script maps to claims for hover, focus and the claim table. A run where an
evidence span starts takes keyboard focus, so every span can be reached with
Tab and its claims read without a mouse. Text layers (a standfirst, an
appeal: words someone other than the author speaks) are classes on the runs
they cover, with a label where each begins that adds no text to the article's
own, so offsets in the page stay those of the graph.

Each claim's row shows what qualifies it as text (:mod:`irkg.review.badges`):
``NOT``, ``WILL``, ``PARTLY``, its trend, its chain of sources, its links to
other claims and its quantities.
"""

from __future__ import annotations

from collections.abc import Mapping

from irkg.review.badges import (
    about_html,
    axis_badges,
    details_html,
    sources_html,
    trend_badge,
)
from irkg.review.graph_svg import network_svg
from irkg.review.html import banner, document, esc, json_script, kind_class, legend, slug
from irkg.review.html import wikidata_link as wd
from irkg.review.model import Article, Claim, Entity, Evidence, Layer, Passage, Site
from irkg.review.spans import runs

FILTERS = (("kind", "Kind"), ("holder", "Holder"), ("polarity", "Polarity"),
           ("modality", "Modality"), ("certainty", "Certainty"), ("attribution", "Attribution"))


def entity_link(entities: Mapping[str, Entity], ident: str, depth: int = 1) -> str:
    entity = entities.get(ident)
    label = entity.label if entity else ident
    return f'<a href="{"../" * depth}entity/{esc(slug(ident))}.html">{esc(label)}</a>'


def summary(claim: Claim, entities: Mapping[str, Entity]) -> str:
    """A claim in one line of plain text, for the tooltip of its quotes. The summary
    the graph's reader made already says NOT, WILL, who reports it and how sure it is."""
    def names(ids: tuple[str, ...]) -> str:
        return ", ".join(entities[i].label if i in entities else i for i in ids) or "—"
    if claim.summary:
        extra = claim.date
        line = claim.summary
    else:
        extra = ", ".join(x for x in (claim.certainty, claim.attribution, claim.date) if x)
        line = f"{names(claim.holder)} — {claim.type} — {names(claim.target)}"
    return f"{claim.kind.replace('_', ' ')}: {line}" + (f" ({extra})" if extra else "")


def layer_words(layer: Layer, entities: Mapping[str, Entity]) -> str:
    """``appeal · The Moscow Times · not before 2023-11-17``: the label where a layer begins."""
    speaker = (entities[layer.speaker].label if layer.speaker in entities else layer.speaker
               or "speaker not named")
    when = layer.date or (f"not before {layer.not_before}" if layer.not_before else "")
    return " · ".join(x for x in (layer.layer, speaker, when) if x)


def text_html(article: Article, entities: Mapping[str, Entity] | None = None) -> str:
    kinds = {c.key: c.kind for c in article.claims}
    bad = {e for f in article.findings for e in f.evidence}
    spans: list[Evidence | Passage | Layer] = [e for c in article.claims for e in c.evidence]
    spans.extend(article.boilerplate)
    spans.extend(article.layers)
    out: list[str] = []
    for run in runs(len(article.text), spans):
        chunk = esc(article.text[run.start:run.end])
        evidence = [s for s in run.covering if isinstance(s, Evidence)]
        boiler = any(isinstance(s, Passage) for s in run.covering)
        layers = [s for s in run.covering if isinstance(s, Layer)]
        layer = max(layers, key=lambda x: (x.start, -x.end, x.n)) if layers else None
        layered = ["layer", f"l-{slug(layer.layer)}"] if layer else []
        if layer and layer.start == run.start:
            out.append(f'<span class="layer-label l-{esc(slug(layer.layer))}" '
                       f'id="{esc(layer.anchor)}" data-label="'
                       f'{esc(layer_words(layer, entities or {}))}"></span>')
        if not evidence:
            plain = (["boiler"] if boiler else []) + layered
            out.append(f'<span class="{" ".join(plain)}">{chunk}</span>' if plain else chunk)
            continue
        inner = max(evidence, key=lambda e: (e.start, -e.end, e.id))
        classes = ["ev", kind_class(kinds.get(inner.claim, ""))]
        if len(evidence) > 1:
            classes.append(f"d{min(len(evidence), 4)}")
        classes.extend(c for c, on in (("boiler", boiler),
                                       ("bad", any(e.id in bad for e in evidence))) if on)
        classes.extend(layered)
        tab = ' tabindex="0"' if any(e.start == run.start for e in evidence) else ""
        out.append(f'<mark class="{" ".join(classes)}" data-ev="'
                   f'{" ".join(e.id for e in evidence)}"{tab}>{chunk}</mark>')
    return "".join(out)


def _meta(article: Article, site: Site) -> str:
    rows = []
    for label, value, ref in article.meta:
        if ref in site.entities:
            shown = entity_link(site.entities, ref) + wd(site.entities[ref].wikidata)
        elif ref.startswith(("https://", "http://")):
            shown = f'<a href="{esc(ref)}">{esc(value)}</a>'
        else:
            shown = esc(value)
        rows.append(f"<dt>{esc(label)}</dt><dd>{shown}</dd>")
    rows.append(f'<dt>SHA-256</dt><dd><code class="sha">{esc(article.sha256)}</code></dd>')
    if article.coverage:
        c = article.coverage
        rows.append(f"<dt>Coverage</dt><dd>{c.covered}/{c.sentences} sentences "
                    f"({c.share:.1%}) carry a claim; {c.boilerplate} boilerplate</dd>")
    return f'<dl class="meta">{"".join(rows)}</dl>\n'


def _layers(article: Article, entities: Mapping[str, Entity]) -> str:
    """Every text layer: what it is, who speaks it, when, and how many claims quote it."""
    if not article.layers:
        return ""
    items = []
    for x in article.layers:
        speaker = (f"spoken by {entity_link(entities, x.speaker)}" if x.speaker
                   else "speaker not named")
        when = (f", written {esc(x.date)}" if x.date else
                f", written not before {esc(x.not_before)}" if x.not_before else "")
        count = sum(c.layer is not None and c.layer.n == x.n for c in article.claims)
        note = f' <span class="note">{esc(x.note)}</span>' if x.note else ""
        items.append(f'<li class="l-{esc(slug(x.layer))}"><a class="badge ax-layer" '
                     f'href="#{esc(x.anchor)}">{esc(x.layer)}</a> {speaker}{when}; characters '
                     f"{x.start}\u2013{x.end}; {count} claim(s) quote it.{note}</li>")
    return (f'<section id="layers" aria-labelledby="h-layers"><h2 id="h-layers">Text layers'
            f"</h2><p class=\"hint\">Passages someone other than the author speaks; a claim "
            f"quoted from one is its speaker's.</p><ul class=\"layers\">{''.join(items)}</ul>"
            f"</section>\n")


def _findings(article: Article) -> str:
    if not article.findings:
        return ""
    items = []
    for f in article.findings:
        path = f" [{esc(f.path)}]" if f.path else ""
        where = f" <span class=\"where\">{esc(f.where)}</span>" if f.where else ""
        show = (f' <button type="button" class="show" data-ev="{" ".join(f.evidence)}">'
                "show the quotes</button>" if f.evidence else "")
        items.append(f'<li class="finding"><strong>{esc(f.severity)}</strong>: '
                     f"{esc(f.message)}{path} at <code>{esc(f.focus)}</code>{where}{show}</li>")
    return (f'<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">'
            f'Validation findings</h2><ul class="findings">{"".join(items)}</ul></section>\n')


def _options(name: str, values: set[str], entities: Mapping[str, Entity]) -> str:
    def label(v: str) -> str:
        return entities[v].label if name == "holder" and v in entities else v.replace("_", " ")
    ordered = sorted(values, key=lambda v: (label(v).casefold(), v))
    return "".join(f'<option value="{esc(v)}">{esc(label(v))}</option>' for v in ordered)


def _short(key: str) -> str:
    """The claim's id as annotated: the kind column already says fact or stance."""
    section, _, rest = key.partition("-")
    return rest if section in ("fact", "stance") and rest else key


def _row(claim: Claim, entities: Mapping[str, Entity]) -> str:
    def cell(ids: tuple[str, ...]) -> str:
        return ", ".join(entity_link(entities, i) for i in ids)
    said = tuple(i for role, i in claim.roles if role == "attributed_to" and i not in claim.holder)
    chain = sources_html(claim, entities)
    sources = f": {chain}" if chain else (f" ({cell(said)})" if said else "")
    data = " ".join(f'data-{name}="{esc(value)}"' for name, value in (
        ("kind", claim.kind), ("holder", " ".join(claim.holder)), ("polarity", claim.polarity),
        ("modality", claim.modality), ("certainty", claim.certainty),
        ("attribution", claim.attribution)))
    plain = "" if claim.plain else ' class="qualified"'
    return (f'<tr id="c-{esc(claim.key)}"{plain} {data}><td><button type="button" '
            f'class="show claim" data-claim="{esc(claim.key)}" aria-controls="article-text" '
            f'title="Highlight its quotes in the text">{esc(_short(claim.key))}</button></td>'
            f'<td><span class="swatch {kind_class(claim.kind)}" aria-hidden="true"></span>'
            f"{esc(claim.kind.replace('_', ' '))}</td><td>{cell(claim.holder)}</td>"
            f'<td class="says">{axis_badges(claim)}{esc(claim.type)}{trend_badge(claim)}</td>'
            f"<td>{cell(claim.target) or about_html(claim)}{details_html(claim, entities)}</td>"
            f"<td>{esc(claim.certainty)}</td>"
            f'<td class="sources">{esc(claim.attribution)}{sources}</td>'
            f"<td>{esc(claim.date)}</td><td>{len(claim.evidence)}</td></tr>")


def _table(article: Article, entities: Mapping[str, Entity]) -> str:
    values: dict[str, set[str]] = {name: set() for name, _ in FILTERS}
    for c in article.claims:
        values["kind"].add(c.kind)
        values["holder"].update(c.holder)
        values["polarity"].add(c.polarity)
        values["modality"].add(c.modality)
        values["certainty"].add(c.certainty)
        values["attribution"].add(c.attribution)
    selects = "".join(
        f'<label>{esc(label)} <select data-filter="{name}"><option value="">all</option>'
        f"{_options(name, values[name] - {''}, entities)}</select></label>"
        for name, label in FILTERS)
    head = "".join(f'<th scope="col">{h}</th>' for h in (
        "Claim", "Kind", "Holder", "Type", "Target, links, quantities", "Certainty",
        "Attribution: sources", "Date", "Quotes"))
    rows = "\n".join(_row(c, entities) for c in article.claims)
    return (f'<section class="claims" aria-labelledby="h-claims"><h2 id="h-claims">Facts and '
            f'stances</h2><form class="filters" role="search" aria-label="Filter the claims">'
            f'{selects}<label>Text <input type="search" data-filter="q"></label></form>'
            f'<p class="count" aria-live="polite">{len(article.claims)} claim(s)</p>'
            f'<div class="scroll"><table id="claims-table" tabindex="-1">'
            f"<thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table></div></section>\n")


def _entities(article: Article, entities: Mapping[str, Entity]) -> str:
    named = sorted({i for c in article.claims for _, i in c.roles} |
                   {ref for _, _, ref in article.meta if ref in entities},
                   key=lambda i: (entities[i].label.casefold() if i in entities else i, i))
    items = []
    for i in named:
        known = entities.get(i)
        extra = f' <span class="cls">{esc(known.cls)}</span>{wd(known.wikidata)}' if known else ""
        items.append(f"<li>{entity_link(entities, i)}{extra}</li>")
    return (f'<section aria-labelledby="h-entities"><h2 id="h-entities">Entities</h2>'
            f'<ul class="entities">{"".join(items)}</ul></section>\n')


def page_data(article: Article, entities: Mapping[str, Entity]) -> dict[str, object]:
    """What the script needs: each claim's summary and quotes, each quote's findings."""
    messages: dict[str, list[str]] = {}
    for f in article.findings:
        for e in f.evidence:
            messages.setdefault(e, []).append(f"{f.severity}: {f.message}")
    return {
        "claims": {c.key: {"label": summary(c, entities), "kind": c.kind,
                           "ev": [e.id for e in c.evidence]} for c in article.claims},
        "ev": {e.id: c.key for c in article.claims for e in c.evidence},
        "findings": messages,
    }


def article_page(article: Article, site: Site) -> str:
    entities = site.entities
    body = (
        banner(site.conforms, site.finding_count, 1)
        + f'<header class="article-head"><h1>{esc(article.title)}</h1>'
        + _meta(article, site) + _layers(article, entities) + "</header>\n"
        + _findings(article)
        + '<div class="columns"><section class="reader" aria-labelledby="h-text">'
        + '<h2 id="h-text">Article text</h2>'
        + legend(sorted({x.layer for x in article.layers}))
        + '<p class="hint">Tab moves from quote to quote and shows their claims; Enter '
          'selects the claim. <a href="#claims-table">Skip to the claims</a></p>'
        + '<div id="article-text" class="article-text">'
        + text_html(article, entities) + "</div></section>\n"
        + '<div class="side">' + _table(article, entities)
        + '<section aria-labelledby="h-net"><h2 id="h-net">Who stands where</h2>'
        + (network_svg(article.claims, entities) or "<p>No stances.</p>") + "</section>\n"
        + _entities(article, entities) + "</div></div>\n"
        + '<div id="tip" class="tip" role="tooltip" hidden></div>\n'
        + json_script("irkg-data", page_data(article, entities)) + "\n"
    )
    return document(article.title, body, 1)
