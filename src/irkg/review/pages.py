"""The corpus index and one page per registry entity.

The index is where a reviewer starts: every article with its counts and its
coverage (the measure ``irkg stats`` reports), every finding, every entity.
An entity page gathers what all articles claim about one entity, each claim
linking to its row on the article page, which highlights its quotes; what
qualifies a claim (NOT, WILL, reported by whom) is in its summary and badges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from irkg.review.article import entity_link
from irkg.review.badges import axis_badges, trend_badge
from irkg.review.html import banner, document, esc, kind_class, slug, wikidata_link
from irkg.review.model import Article, Claim, Entity, Finding, Site


def _finding_item(f: Finding, article: Article | None) -> str:
    where = f" <span class=\"where\">{esc(f.where)}</span>" if f.where else ""
    path = f" [{esc(f.path)}]" if f.path else ""
    link = ""
    if article is not None:
        anchor = f"#c-{esc(f.claim)}" if f.claim else "#findings"
        link = f' in <a href="article/{esc(slug(article.id))}.html{anchor}">{esc(article.id)}</a>'
    return (f"<li><strong>{esc(f.severity)}</strong>: {esc(f.message)}{path} at "
            f"<code>{esc(f.focus)}</code>{link}{where}</li>")


def _articles_table(site: Site) -> str:
    rows = []
    for a in site.articles:
        facts = sum(c.kind != "stance" for c in a.claims)
        spans = sum(len(c.evidence) for c in a.claims)
        cov = (f"{a.coverage.covered}/{a.coverage.sentences} ({a.coverage.share:.1%})"
               if a.coverage else "")
        rows.append(
            f'<tr><td><a href="article/{esc(slug(a.id))}.html">{esc(a.title)}</a><br>'
            f'<code>{esc(a.id)}</code></td><td class="n">{facts}</td>'
            f'<td class="n">{len(a.claims) - facts}</td><td class="n">{spans}</td>'
            f'<td class="n">{sum(n for _, n in a.mentions)}</td><td class="n">{cov}</td>'
            f'<td class="n">{len(a.findings)}</td></tr>')
    head = "".join(f'<th scope="col">{h}</th>' for h in (
        "Article", "Facts", "Stances", "Quotes", "Mentions", "Coverage (sentences)",
        "Findings"))
    return (f'<section aria-labelledby="h-articles"><h2 id="h-articles">Articles</h2>'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>\n'
            + "\n".join(rows) + "\n</tbody></table></div><p>Coverage is the share of an "
            "article's sentences (boilerplate left out) that a fact's or stance's quote "
            "overlaps, as <code>irkg stats</code> reports it.</p></section>\n")


def claims_about(site: Site) -> dict[str, list[tuple[Article, Claim, tuple[str, ...]]]]:
    """For each entity id, every (article, claim, roles it plays there)."""
    found: dict[str, list[tuple[Article, Claim, tuple[str, ...]]]] = defaultdict(list)
    for article in site.articles:
        for claim in article.claims:
            roles: dict[str, list[str]] = defaultdict(list)
            for role, ident in claim.roles:
                roles[ident].append(role)
            for ident, played in sorted(roles.items()):
                found[ident].append((article, claim, tuple(played)))
    return found


def _entities_table(site: Site, about: Mapping[str, list[tuple[Article, Claim,
                                                            tuple[str, ...]]]]) -> str:
    rows = []
    for e in sorted(site.entities.values(), key=lambda e: (e.label.casefold(), e.id)):
        hits = about.get(e.id, [])
        rows.append(f"<tr><td>{entity_link(site.entities, e.id, 0)}</td><td>{esc(e.cls)}</td>"
                    f"<td>{wikidata_link(e.wikidata)}</td><td class=\"n\">{len(hits)}</td>"
                    f'<td class="n">{len({a.id for a, _, _ in hits})}</td></tr>')
    head = "".join(f'<th scope="col">{h}</th>' for h in (
        "Entity", "Type", "Wikidata", "Claims", "Articles"))
    return (f'<section aria-labelledby="h-entities"><h2 id="h-entities">Entities</h2>'
            f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>\n'
            + "\n".join(rows) + "\n</tbody></table></div></section>\n")


def index_page(site: Site, ontology_docs: str | None = None) -> str:
    articles = {a.id: a for a in site.articles}
    findings = [(f, None) for f in site.findings] + [
        (f, articles[a.id]) for a in site.articles for f in a.findings]
    listed = "".join(_finding_item(f, a) for f, a in findings)
    claims = sum(len(a.claims) for a in site.articles)
    docs = (f'<li><a href="{esc(ontology_docs)}">The ontology</a>: classes, properties and '
            "vocabularies</li>" if ontology_docs else "")
    body = (
        banner(site.conforms, site.finding_count, 0)
        + "<h1>Review of the graph</h1>\n"
        + f'<ul class="summary"><li>{len(site.articles)} article(s)</li><li>{claims} '
          f"claim(s)</li><li>{len(site.entities)} entities</li>{docs}</ul>\n"
        + _articles_table(site)
        + ('<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">'
           f'Validation findings</h2><ul class="findings">{listed}</ul></section>\n'
           if findings else "")
        + _entities_table(site, claims_about(site))
    )
    return document("Index", body, 0, script=False)


def entity_page(entity: Entity, site: Site,
                about: list[tuple[Article, Claim, tuple[str, ...]]]) -> str:
    facts = [("Type", esc(entity.cls)), ("IRI", f"<code>{esc(entity.iri)}</code>")]
    if entity.aliases:
        facts.append(("Also called", esc(", ".join(entity.aliases))))
    if entity.wikidata:
        facts.append(("Wikidata", wikidata_link(entity.wikidata).strip()))
    if entity.note:
        facts.append(("Note", esc(entity.note)))
    named = sum(n for a in site.articles for i, n in a.mentions if i == entity.id)
    facts.append(("Named", f"{named} time(s) in the articles"))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    rows = []
    for article, claim, roles in about:
        quotes = "".join(f"<li><q>{esc(e.quote)}</q></li>" for e in claim.evidence)
        rows.append(
            f'<tr><td><a href="../article/{esc(slug(article.id))}.html">{esc(article.title)}</a>'
            f'</td><td><a href="../article/{esc(slug(article.id))}.html#c-{esc(claim.key)}">'
            f'{esc(claim.key)}</a></td><td><span class="swatch {kind_class(claim.kind)}" '
            f'aria-hidden="true"></span>{esc(claim.kind.replace("_", " "))}</td>'
            f"<td>{esc(', '.join(roles))}</td><td>{axis_badges(claim)}"
            f"{esc(claim.summary or claim.type)}{trend_badge(claim)}</td>"
            f'<td><ul class="quotes">{quotes}</ul></td></tr>')
    head = "".join(f'<th scope="col">{h}</th>' for h in (
        "Article", "Claim", "Kind", "Role", "Claim says", "Quotes"))
    table = (f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>\n'
             + "\n".join(rows) + "\n</tbody></table></div>" if rows else
             "<p>No claim names this entity.</p>")
    body = (banner(site.conforms, site.finding_count, 1)
            + f"<h1>{esc(entity.label)}</h1>\n"
            + f'<dl class="meta">{dl}</dl>\n'
            + f'<section aria-labelledby="h-claims"><h2 id="h-claims">Claims about '
              f"{esc(entity.label)} ({len(about)})</h2>{table}</section>\n")
    return document(entity.label, body, 1, script=False)
