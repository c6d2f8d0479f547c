"""Pre-annotation: every place an article names a registry entity, as suggestions.

Marking "Belarus" forty times by hand is slow and error-prone; the registry
already knows every label and alias. The suggester finds them all in one pass
of an Aho-Corasick automaton (one automaton for the whole registry, however
many names it holds, rather than one regular expression per name), matching
with the same tolerance as quote anchoring (the text is folded the same way:
white space, typographic quotes, dashes, ellipses) and on whole words, so
what it proposes always anchors back to the same place. Where names overlap
the longest wins: "The Moscow Times" is the outlet, not Russia.

Suggestions are proposals, not annotations: an annotator accepts one by
moving it into ``mentions:`` (see :mod:`irkg.suggest_yaml`), and the build
ignores them until then.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from irkg.anchor import ArticleText, fold
from irkg.errors import Location
from irkg.interchange.document import Document, Span, from_article
from irkg.model import Article, QuoteSpec, Registry
from irkg.ontology import local_name


@dataclass(frozen=True, order=True)
class Suggestion:
    """A proposed mention: ``entity`` at code points ``start`` to ``end`` of the article.

    ``quote`` is the article's words with white space made single spaces (the
    anchoring forgives the difference, and a YAML line cannot hold a line
    break); ``occurrence`` picks the place when the quote occurs more than once.
    """

    start: int
    end: int
    entity: str
    quote: str
    occurrence: int | None
    #: Marked so by an annotator: kept in the block so that it is not proposed again.
    rejected: bool = False

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _is_word(c: str) -> bool:
    return c.isalnum()


def _variants(name: str) -> set[str]:
    """The folded forms a name is matched in: as written, and capitalised at a sentence start."""
    folded = fold(name).text
    if not any(_is_word(c) for c in folded):
        return set()
    forms = {folded}
    if folded[0].islower():  # "the Kremlin" begins a sentence as "The Kremlin"
        forms.add(folded[0].upper() + folded[1:])
    return forms


class Matcher:
    """Every label and alias of a registry in one automaton; build once, search many texts."""

    def __init__(self, registry: Registry) -> None:
        names: dict[str, set[str]] = defaultdict(set)
        for entity in registry.entities.values():
            for name in (entity.label, *entity.aliases):
                for form in _variants(name):
                    names[form].add(entity.id)
        self._automaton = ahocorasick.Automaton()
        for form, ids in sorted(names.items()):
            self._automaton.add_word(form, (form, tuple(sorted(ids))))
        self._empty = not names
        if not self._empty:
            self._automaton.make_automaton()

    def spans(self, text: ArticleText) -> list[tuple[int, int, tuple[str, ...]]]:
        """Whole-word matches in folded offsets, longest first where they overlap."""
        if self._empty:
            return []
        ft = text.folded.text
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for last, (form, ids) in self._automaton.iter(ft):
            start, end = last - len(form) + 1, last + 1
            if _is_word(form[0]) and start > 0 and _is_word(ft[start - 1]):
                continue
            if _is_word(form[-1]) and end < len(ft) and _is_word(ft[end]):
                continue
            found.append((start, end, ids))
        return _longest(found)

    def propose(self, text: ArticleText) -> list[Suggestion]:
        """Every place a registry name occurs, as one suggestion per entity the name has."""
        out: list[Suggestion] = []
        places: dict[str, list[int]] = {}  # quote -> where anchoring finds it, asked once
        for k, stop, ids in self.spans(text):
            start, end = text.folded.start(k), text.folded.end(stop - 1)
            quote = " ".join(text.text[start:end].split())
            if quote not in places:
                places[quote] = [a.start for a in text.anchor_all(
                    QuoteSpec(quote, Location(text.name)))]
            hits = places[quote]
            occurrence = None if len(hits) == 1 else hits.index(start) + 1
            out.extend(Suggestion(start, end, eid, quote, occurrence) for eid in ids)
        return sorted(out)


def _longest(found: list[tuple[int, int, tuple[str, ...]]]
             ) -> list[tuple[int, int, tuple[str, ...]]]:
    """Keep the longest of overlapping matches (the earlier one between equals)."""
    starts: list[int] = []  # the kept spans, sorted and disjoint
    ends: list[int] = []
    kept = []
    for start, end, ids in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        i = bisect.bisect_left(starts, start)
        if i > 0 and ends[i - 1] > start:  # the kept span before overlaps
            continue
        if i < len(starts) and starts[i] < end:  # the kept span after overlaps
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append((start, end, ids))
    return sorted(kept)


@dataclass(frozen=True)
class Recall:
    """How the suggester does against an article's hand annotation.

    ``found`` of the ``annotated`` hand mentions (entity and place) are among
    the proposals; ``extra`` are proposals the annotation does not have, and
    ``new`` those of them that overlap no hand mention: what is worth writing.
    """

    article: str
    annotated: int
    found: int
    missed: tuple[tuple[int, int, str, str], ...]  # start, end, entity, exact text
    extra: tuple[Suggestion, ...]
    new: tuple[Suggestion, ...]

    @property
    def ratio(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0


def suggest(article: Article, matcher: Matcher) -> Recall:
    """The suggestions for ``article``, measured against the mentions it already has."""
    text = ArticleText(article.text, article.text_file)
    proposals = matcher.propose(text)
    hand = {(m.evidence.anchor.start, m.evidence.anchor.end, m.entity): m.evidence.anchor.exact
            for m in article.mentions}
    proposed = {(s.start, s.end, s.entity) for s in proposals}
    extra = tuple(s for s in proposals if (s.start, s.end, s.entity) not in hand)
    covered = _Spans((start, end) for start, end, _ in hand)
    return Recall(
        article=article.annotation_file,
        annotated=len(hand),
        found=len(proposed & hand.keys()),
        missed=tuple(sorted((*key, exact) for key, exact in hand.items() if key not in proposed)),
        extra=extra,
        new=tuple(s for s in extra if not covered.overlaps(s.span)),
    )


class _Spans:
    """Spans to test others against for overlap (sorted by start, with the furthest end so far)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach: list[int] = []
        for _, end in self.spans:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, span: tuple[int, int]) -> bool:
        i = bisect.bisect_left(self.starts, span[1])  # spans that start before this one ends
        return i > 0 and self.reach[i - 1] > span[0]


def render_recall(recall: Recall, details: bool = False) -> str:
    """One summary line, and with ``details`` every missed and extra mention."""
    lines = [f"{recall.article}: the suggester finds {recall.found} of {recall.annotated} "
             f"hand mentions ({recall.ratio:.1%}); it proposes {len(recall.extra)} the "
             f"annotation does not have, {len(recall.new)} of them where nothing is annotated"]
    if details:
        lines += [f"  missed {entity} {exact!r} at {start}-{end}"
                  for start, end, entity, exact in recall.missed]
        lines += [f"  {'new' if s in recall.new else 'extra'} {s.entity} {s.quote!r} "
                  f"at {s.start}-{s.end}" for s in recall.extra]
    return "\n".join(lines) + "\n"


def suggested_document(article: Article, registry: Registry,
                       suggestions: Iterable[Suggestion]) -> Document:
    """``article`` in the neutral model with the suggestions as mentions, for a tool.

    A team that annotates in INCEpTION (or another tool) starts from a
    document whose known entities are already marked; the annotator deletes
    the wrong ones there, and the import brings the rest back as mentions.
    """
    doc = from_article(article, registry)
    extra = []
    for s in suggestions:
        entity = registry.entities[s.entity]
        features = {"entity": entity.id}
        if entity.wikidata:
            features["wikidata"] = entity.wikidata
        extra.append(Span(f"suggestion-{s.entity}-{s.start}", local_name(entity.cls),
                          ((s.start, s.end),), features))
    spans = sorted((*doc.spans, *extra), key=lambda x: (x.start, x.end, x.label, x.id))
    return Document(doc.id, doc.text, tuple(spans), doc.relations, doc.meta, doc.file)
