"""Coverage report: what the graph holds and which sentences no claim explains yet.

An annotator finishing an article needs to see what is left, so coverage is
measured per sentence: a sentence is covered when some fact's or stance's
evidence overlaps it. Mentions alone do not count — naming an actor is not
saying anything about it. Passages marked as the outlet's boilerplate are
reported apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDF

from irkg.anchor import line_col
from irkg.kinds import AXES, PLAIN_CASE
from irkg.model import Article
from irkg.ontology import local_name
from irkg.pipeline import Built, Corpus

# A sentence ends at . ! ? or … (optionally followed by closing quotes) before
# white space and an upper-case letter, digit or opening quote; or at a line break.
_BOUNDARY = re.compile(
    r"(?:(?<=[.!?\u2026])|(?<=[.!?\u2026][\"\u201d\u2019)]))\s+(?=[A-Z0-9\"\u201c\u2018\u2026(])|\n+"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    line: int


@dataclass(frozen=True)
class Coverage:
    article: str
    text_file: str
    covered: tuple[Sentence, ...]
    uncovered: tuple[Sentence, ...]
    boilerplate: tuple[Sentence, ...]

    @property
    def share(self) -> float:
        total = len(self.covered) + len(self.uncovered)
        return len(self.covered) / total if total else 1.0


@dataclass(frozen=True)
class Axis:
    """How one axis of the claim model is used: its values, and how many were chosen."""

    name: str
    values: Counter[str]
    #: Claims whose annotation names a value for the axis rather than taking the default.
    chosen: int
    #: Claims that carry the axis at all (trend is optional, the rest are on every claim).
    total: int
    #: Articles where no claim names a value: the annotator may never have decided.
    never_chosen: tuple[str, ...]

    @property
    def marked(self) -> int:
        """Claims whose value departs from the plain case (negated, possible, partial, …)."""
        plain = PLAIN_CASE.get(self.name, AXES[self.name].default if self.name in AXES else None)
        return sum(n for v, n in self.values.items() if v != plain)


@dataclass(frozen=True)
class Stats:
    classes: Counter[str]
    stance_types: Counter[str]
    certainties: Counter[str]
    attributions: Counter[str]
    coverage: tuple[Coverage, ...]
    axes: tuple[Axis, ...] = ()


def sentences(text: str) -> list[Sentence]:
    found, pos = [], 0
    for m in [*_BOUNDARY.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            start = pos + len(chunk) - len(chunk.lstrip())
            found.append(Sentence(start, start + len(stripped), stripped, line_col(text, start)[0]))
        pos = m.end() if m else len(text)
    return found


def _overlaps(s: Sentence, spans: list[tuple[int, int]]) -> bool:
    return any(a < s.end and s.start < b for a, b in spans)


def coverage(article: Article) -> Coverage:
    spans = [(ev.anchor.start, ev.anchor.end) for c in article.claims for ev in c.evidence]
    boiler = list(article.meta.boilerplate)
    groups: dict[str, list[Sentence]] = {"covered": [], "uncovered": [], "boilerplate": []}
    for s in sentences(article.text):
        if (_overlaps(s, boiler) and not _overlaps(s, spans)) or any(
            a <= s.start and s.end <= b for a, b in boiler
        ):
            groups["boilerplate"].append(s)
        else:
            groups["covered" if _overlaps(s, spans) else "uncovered"].append(s)
    return Coverage(article.id, article.text_file, *(tuple(groups[k]) for k in
                                                     ("covered", "uncovered", "boilerplate")))


AXIS_NAMES = ("polarity", "modality", "certainty", "scope", "trend", "attribution")


def axes(articles: tuple[Article, ...]) -> tuple[Axis, ...]:
    """Each axis's values over all claims, and the articles that never chose one.

    A default is indistinguishable from a decision in the graph, so this is
    where an annotator learns that, say, no claim of an article was ever
    checked for negation.
    """
    found = []
    for name in AXIS_NAMES:
        claims = [c for a in articles for c in a.claims]
        never = tuple(a.annotation_file for a in articles
                      if a.claims and not any(name in c.chosen for c in a.claims))
        found.append(Axis(name, Counter(c.concepts[name] for c in claims if name in c.concepts),
                          sum(name in c.chosen for c in claims), len(claims), never))
    return tuple(found)


def corpus_stats(corpus: Corpus, built: Built) -> Stats:
    graph = built.graph
    classes = Counter(local_name(o) for o in graph.objects(None, RDF.type)
                      if isinstance(o, URIRef))
    claims = [c for a in corpus.articles for c in a.claims]
    stances = [c for c in claims if c.section == "stance"]
    return Stats(
        classes=classes,
        stance_types=Counter(c.concepts["stance"] for c in stances),
        certainties=Counter(c.concepts["certainty"] for c in claims),
        attributions=Counter(c.concepts["attribution"] for c in stances),
        coverage=tuple(coverage(a) for a in corpus.articles),
        axes=axes(tuple(corpus.articles)),
    )


def _counter_dict(counter: Counter[str]) -> dict[str, int]:
    return {k: counter[k] for k in sorted(counter)}


def to_json(stats: Stats) -> dict[str, object]:
    return {
        "classes": _counter_dict(stats.classes),
        "stance_types": _counter_dict(stats.stance_types),
        "certainties": _counter_dict(stats.certainties),
        "attributions": _counter_dict(stats.attributions),
        "axes": {
            a.name: {"values": _counter_dict(a.values), "claims": a.total, "chosen": a.chosen,
                     "marked": a.marked, "never_chosen_in": list(a.never_chosen)}
            for a in stats.axes
        },
        "coverage": [
            {
                "article": c.article,
                "sentences": len(c.covered) + len(c.uncovered),
                "covered": len(c.covered),
                "share": round(c.share, 4),
                "boilerplate_sentences": len(c.boilerplate),
                "uncovered": [{"line": s.line, "start": s.start, "text": s.text}
                              for s in c.uncovered],
            }
            for c in stats.coverage
        ],
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def to_text(stats: Stats) -> str:
    out: list[str] = []

    def table(title: str, counter: Counter[str]) -> None:
        out.append(title)
        width = max((len(k) for k in counter), default=0)
        out.extend(f"  {k.ljust(width)}  {counter[k]:>4}" for k in sorted(counter))
        out.append("")

    table("Nodes by class:", stats.classes)
    table("Stances by type:", stats.stance_types)
    table("Claims by certainty:", stats.certainties)
    table("Stances by attribution:", stats.attributions)
    out.append("Claim axes (marked = departs from the plain case; chosen = named in the "
               "annotation, not defaulted):")
    for a in stats.axes:
        values = ", ".join(f"{v} {a.values[v]}" for v in sorted(a.values)) or "none"
        out.append(f"  {a.name:<11}  marked {a.marked:>3}/{a.total} ({_share(a.marked, a.total)}), "
                   f"chosen {a.chosen:>3}/{a.total}: {values}")
        for where in a.never_chosen:
            out.append(f"  {where}: no claim names a {a.name}; every claim takes the "
                       "default. Check the claims for it")
    out.append("")
    for c in stats.coverage:
        total = len(c.covered) + len(c.uncovered)
        out.append(f"Coverage of {c.article}: {len(c.covered)}/{total} sentences "
                   f"({c.share:.1%}) carry a fact or stance; "
                   f"{len(c.boilerplate)} boilerplate sentence(s) left out")
        for s in c.uncovered:
            out.append(f"  {c.text_file}:{s.line}: {s.text}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
