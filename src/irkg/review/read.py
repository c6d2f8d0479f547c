"""From a built graph (and the article texts) to the pages' data.

The pages show the graph, not the annotations: claims, quotes and offsets
are read from ``out/`` through :mod:`irkg.claims`. The graph holds no article
text, so each text is read from the seeds and must have the SHA-256 the graph
records; a different text would put every highlight in the wrong place, so it
is refused. Boilerplate passages and text layers (standfirst, appeal: passages
someone other than the author speaks) come from the graph's ``oa:classifying``
annotations.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from irkg import claims as rows
from irkg.errors import IrkgError, Location, TextChanged, display_path
from irkg.files import decode, read_bytes
from irkg.kinds import FACT_KINDS
from irkg.layout import is_out, validate_out
from irkg.ontology import local_name
from irkg.parse import expand_inputs, read_rdf
from irkg.pipeline import origins_from_seeds
from irkg.review.html import slug
from irkg.review.model import (
    Article,
    Claim,
    Coverage,
    Entity,
    Evidence,
    Finding,
    Layer,
    Passage,
    Quantity,
    Site,
)
from irkg.stats import sentences
from irkg.terms import ID, IRKG, LAYER, OA
from irkg.validate import Report, validate

_KIND = {local_name(k.cls): name for name, k in FACT_KINDS.items()} | {"Stance": "stance"}


def read_text(seeds: Path, article_id: str, sha256: str) -> str:
    path = seeds / f"{article_id}.txt"
    shown = display_path(path)
    # irkg.files: regular files only (a FIFO must not hang the site), located bad bytes
    data = read_bytes(path, f"the text of article {article_id}")
    text = decode(data, shown, f"the text of article {article_id}")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()  # as the loader hashes it
    if actual != sha256:
        raise TextChanged(f"{shown} is not the text the graph was built from (sha256 is "
                          f"{actual}, the graph says {sha256})",
                          "rebuild the graph with 'irkg build', or pass the seeds it was "
                          "built from with --seeds", Location(shown))
    return text


def boilerplate(graph: Graph, article: str) -> tuple[Passage, ...]:
    """The article's boilerplate passages, as the build classified them."""
    found = []
    for ann in graph.subjects(OA.hasBody, LAYER.boilerplate):
        target = graph.value(ann, OA.hasTarget)
        if target is None or graph.value(target, OA.hasSource) != URIRef(article):
            continue
        for selector in graph.objects(target, OA.hasSelector):
            start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
            if isinstance(start, Literal) and isinstance(end, Literal):
                found.append(Passage(int(start), int(end)))
    return tuple(sorted(found))


def coverage(text: str, claims: Iterable[Claim], passages: Iterable[Passage]) -> Coverage:
    """``irkg stats``'s measure, taken from the graph's offsets: sentences a claim's quote
    overlaps, of those that are not boilerplate."""
    spans = sorted((e.start, e.end) for c in claims for e in c.evidence)
    boiler = [(p.start, p.end) for p in passages]
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))
    covered = total = left_out = 0
    for s in sentences(text):
        # a span overlaps s when it starts before s ends and the furthest end so far passes s
        last = bisect.bisect_left(starts, s.end) - 1
        hit = last >= 0 and reach[last] > s.start
        if (any(a < s.end and s.start < b for a, b in boiler) and not hit) or any(
                a <= s.start and s.end <= b for a, b in boiler):
            left_out += 1
        else:
            total += 1
            covered += hit
    return Coverage(covered, total, left_out)


def layer(row: rows.Layer) -> Layer:
    return Layer(row.n, row.layer, row.start, row.end,
                 row.speaker.id if row.speaker else "", row.date or "", row.not_before or "",
                 row.note or "")


def _claim(row: rows.Claim, text: str, problems: list[tuple[str, Finding]]) -> Claim:
    """The claim's row; a quote that is not the text at its offsets is not highlighted
    (it would mark the wrong words) but reported beside the SHACL findings."""
    key = slug(f"{row.section}-{row.id}")
    evidence = []
    for e in row.evidence:
        if 0 <= e.start <= e.end <= len(text) and text[e.start:e.end] == e.quote:
            evidence.append(Evidence("", key, e.iri, e.quote, e.start, e.end))
            continue
        problems.append((e.iri, Finding(
            "Violation", f"the quote {e.quote!r} is not the article's text at {e.start}-{e.end}; "
            "rebuild the graph with 'irkg build'", e.iri, claim=key)))
    date = row.date or "\u2013".join(d for d in (row.start_date, row.end_date) if d)
    refs = [*row.roles, *(("attributed_to", r) for r in row.attributed_to),
            *(("context", r) for r in row.context)]
    return Claim(
        key=key, iri=row.iri, kind=_KIND.get(row.kind, row.kind), type=row.type or "",
        holder=tuple(r.id for r in row.subject), target=tuple(r.id for r in row.object),
        evidence=tuple(evidence), certainty=row.certainty or "",
        attribution=row.attribution or "",
        date=("≈ " if date and row.date_approximate else "") + date,
        roles=tuple(sorted({(role, r.id) for role, r in refs})), summary=row.summary,
        polarity=row.polarity or "", modality=row.modality or "", scope=row.scope or "",
        trend=row.trend or "", plain=row.plain,
        sources=tuple(s.agent.id if s.agent else "" for s in row.sources),
        reported_to=tuple(r.id for r in row.reported_to),
        links=tuple((x.relation, slug(f"{x.section}-{x.id}") if x.section else slug(x.id), x.id)
                    for x in row.links),
        quantities=tuple(Quantity(q.text, q.quote, q.start, q.end) for q in row.quantities),
        layer=layer(row.layer) if row.layer else None)


def _numbered(claims: list[Claim]) -> tuple[Claim, ...]:
    """Evidence ids ``e1``… in text order, so they do not depend on how claims are listed."""
    order = sorted((e.start, e.end, c.key, e.annotation) for c in claims for e in c.evidence)
    ids = {(k, a): f"e{n}" for n, (_, _, k, a) in enumerate(order, 1)}
    return tuple(replace(c, evidence=tuple(replace(e, id=ids[(c.key, e.annotation)])
                                          for e in c.evidence)) for c in claims)


def _meta(graph: Graph, row: rows.Article) -> tuple[tuple[str, str, str], ...]:
    node = URIRef(row.iri)

    def ref(predicate: URIRef) -> str:
        value = graph.value(node, predicate)
        return local_name(str(value)) if value is not None else ""

    approximate = graph.value(node, IRKG.dateApproximate)
    date = (row.date or "") + (" (approximate)" if isinstance(approximate, Literal)
                               and approximate.toPython() is True else "")
    length = graph.value(node, IRKG.textLength)
    found = [("Publisher", ref(DCTERMS.publisher), ref(DCTERMS.publisher)),
             ("First published by", ref(IRKG.originalPublisher), ref(IRKG.originalPublisher)),
             ("Author", ref(DCTERMS.creator), ref(DCTERMS.creator)),
             ("Date", date, ""), ("Language", row.language or "", ""),
             ("URL", row.url or "", row.url or ""), ("Article IRI", row.iri, ""),
             ("Length", f"{length} characters" if length is not None else "", "")]
    return tuple(m for m in found if m[1])


def _findings(report: Report, seeds: Path) -> list[tuple[str, Finding]]:
    """Every finding with its focus IRI; origins (file:line) only when the seeds load."""
    try:
        origins = origins_from_seeds(seeds) if report.findings else {}
    except IrkgError:
        origins = {}
    found = []
    for f in report.findings:
        focus = f.result.focus if f.result else None
        origin = f.origin or (origins.get(focus) if isinstance(focus, URIRef) else None)
        found.append((str(focus) if focus is not None else f.focus,
                      Finding(f.severity, f.message, f.focus,
                              str(origin.where) if origin else "", f.path or "")))
    return found


def _place(focus: str, finding: Finding, claims: Iterable[Claim]) -> Finding:
    for claim in claims:
        for e in claim.evidence:
            if focus == e.annotation or focus.startswith(e.annotation + "/"):
                return replace(finding, claim=claim.key, evidence=(e.id,))
        if focus == claim.iri or focus.startswith(claim.iri + "/"):
            return replace(finding, claim=claim.key,
                           evidence=tuple(e.id for e in claim.evidence))
    return finding


def read_site(out: Path, seeds: Path, engine: str) -> Site:
    """The site of the graph in ``out`` (an ``out/`` folder or graph files), with its findings."""
    graph = read_rdf(*expand_inputs([out]))
    extract = rows.extract(graph)
    report = validate_out(out, {}, engine) if is_out(out) else validate(graph, {}, engine)
    findings = _findings(report, seeds)
    by_article: dict[str, list[rows.Claim]] = defaultdict(list)
    for claim in extract.claims:
        by_article[claim.article_id].append(claim)
    mentions: dict[str, Counter[str]] = defaultdict(Counter)
    for m in extract.mentions:
        mentions[m.article_id][m.entity.id] += 1
    findings_of: dict[str, list[tuple[str, Finding]]] = defaultdict(list)
    for focus, finding in findings:
        findings_of[_article_of(focus)].append((focus, finding))
    articles, conforms = [], report.conforms
    for row in extract.articles:
        sha = graph.value(URIRef(row.iri), IRKG.sha256)
        text = read_text(seeds, row.id, str(sha) if sha is not None else "")
        problems: list[tuple[str, Finding]] = []
        claims = _numbered([_claim(c, text, problems) for c in by_article[row.id]])
        own = [_place(focus, f, claims) for focus, f in findings_of.pop(row.id, [])]
        own.extend(f for _, f in problems)
        conforms = conforms and not problems
        passages = boilerplate(graph, row.iri)
        articles.append(Article(
            id=row.id, iri=row.iri, title=row.title or row.id, sha256=str(sha), text=text,
            meta=_meta(graph, row), claims=claims, boilerplate=passages, findings=tuple(own),
            coverage=coverage(text, claims, passages),
            mentions=tuple(sorted(mentions[row.id].items())),
            layers=tuple(layer(x) for x in extract.layers if x.article_id == row.id
                         and 0 <= x.start <= x.end <= len(text))))
    rest = [f for _, found in sorted(findings_of.items()) for _, f in found]
    return Site(tuple(articles), entities(extract.entities), conforms, tuple(rest))


def _article_of(focus: str) -> str:
    """The id of the article a node is at home in; "" for the registry and foreign nodes."""
    prefix = f"{ID}article/"
    return focus[len(prefix):].split("/", 1)[0] if focus.startswith(prefix) else ""


def entities(found: Iterable[rows.Entity]) -> Mapping[str, Entity]:
    return {e.id: Entity(e.id, e.iri, e.label, e.type, e.wikidata, e.aliases, e.note)
            for e in found}
