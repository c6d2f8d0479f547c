"""Placing evidence quotes in the verbatim article text.

Annotators type quotes by hand, so matching forgives whitespace variants
(no-break spaces, line breaks), straight versus typographic quotes, dash
variants and ellipses; what is published is always the article's own
substring, with offsets in Unicode code points as the Web Annotation model
defines them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from irkg.closest import best_window
from irkg.errors import AmbiguousQuote, AnchorError, QuoteNotFound
from irkg.model import Anchor, QuoteSpec

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
}
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
CONTEXT = 32  # code points of published oa:prefix / oa:suffix
MAX_LISTED = 5  # places of an ambiguous quote listed in its message


#: Every character ``str.isspace`` accepts (a test checks the list against all of Unicode).
WHITE_SPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
               "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# One character for one: typographic quotes and dashes, and every white space to " ".
_TRANSLATE = str.maketrans({**{c: f for c, f in _FOLD.items() if len(f) == 1},
                            **dict.fromkeys(WHITE_SPACE, " ")})
# What changes length once translated: runs of spaces, spaces by a dash or at either
# end (dropped), and the ellipsis. Single spaces between words, most of a text, are not.
_EDITS = re.compile(r"\A +| +\Z| {2,}|(?<=-) +| +(?=-)|\u2026")


class Offsets:
    """Folded index → original code point, for the whole text in a few list lookups.

    Folding changes lengths only where white space is collapsed or dropped
    and where "…" becomes "..."; everywhere else it maps one character to one.
    So instead of a pair of offsets per character, only the edits are kept
    (in folded order) and an index is placed by bisecting them.
    """

    def __init__(self) -> None:
        self.folded: list[int] = []  # where each edit's replacement starts in the folded text
        self.spans: list[tuple[int, int, int]] = []  # its original start, end, replacement length

    def add(self, folded: int, start: int, end: int, length: int) -> None:
        self.folded.append(folded)
        self.spans.append((start, end, length))

    def span(self, k: int) -> tuple[int, int]:
        """The original span of folded character ``k``."""
        e = bisect.bisect_right(self.folded, k) - 1
        if e < 0:
            return k, k + 1
        start, end, length = self.spans[e]
        inside = k - self.folded[e]
        if inside < length:  # a space for a run of white space, or a dot of "..."
            return start, end
        at = end + inside - length
        return at, at + 1


@dataclass(frozen=True)
class Folded:
    """Text in matching form, and where each folded character came from in the original."""

    text: str
    offsets: Offsets

    def start(self, k: int) -> int:
        return self.offsets.span(k)[0]

    def end(self, k: int) -> int:
        return self.offsets.span(k)[1]


def fold(text: str) -> Folded:
    """Typographic variants to plain ones, runs of white space to one space.

    Space next to a dash is dropped, as is space at either end: a matter of
    typography, not of wording. Linear in the text, with work only per edit.
    """
    plain = text.translate(_TRANSLATE)
    out: list[str] = []
    offsets = Offsets()
    size = 0  # length of the folded text so far
    last = 0
    n = len(plain)
    for match in _EDITS.finditer(plain):
        i, j = match.span()
        out.append(plain[last:i])
        size += i - last
        if plain[i] == "\u2026":
            replacement = "..."
        else:
            near_dash = (i > 0 and plain[i - 1] == "-") or (j < n and plain[j] == "-")
            replacement = "" if near_dash or i == 0 or j == n else " "
        offsets.add(size, i, j, len(replacement))
        out.append(replacement)
        size += len(replacement)
        last = j
    out.append(plain[last:])
    return Folded("".join(out), offsets)


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


class ArticleText:
    """One article's text, folded once and searched for every quote."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self.folded = fold(text)
        self._found: dict[str, list[int]] = {}

    def _span(self, k: int, m: int) -> tuple[int, int]:
        return self.folded.start(k), self.folded.end(k + m - 1)

    def _occurrences(self, needle: str) -> list[int]:
        """Where ``needle`` occurs as whole words: 'US' is not found inside 'USSR'.

        Remembered per quote: an annotation that repeats a quote many times
        costs one search, not one per repetition.
        """
        if needle not in self._found:
            self._found[needle] = self._search(needle)
        return self._found[needle]

    def _search(self, needle: str) -> list[int]:
        ft = self.folded.text
        found, k = [], ft.find(needle)
        while k >= 0:
            end = k + len(needle)
            cut_before = needle[0].isalnum() and k > 0 and ft[k - 1].isalnum()
            cut_after = needle[-1].isalnum() and end < len(ft) and ft[end].isalnum()
            if not (cut_before or cut_after):
                found.append(k)
            k = ft.find(needle, k + 1)
        return found

    def _hits(self, spec: QuoteSpec) -> tuple[str, list[int]]:
        needle = fold(spec.exact).text
        if not any(c.isalnum() for c in needle):
            raise AnchorError(f"quote {spec.exact!r} has no words",
                              "quote the words that support the claim", spec.where)
        hits = self._occurrences(needle)
        if not hits and self.normalisation_differs(needle):
            raise QuoteNotFound(
                f"quote {_short(spec.exact)!r} differs from {self.name} only in Unicode "
                "normalisation (one is composed, NFC, the other decomposed, NFD)",
                "save the annotation and the article text in NFC, as most editors do",
                spec.where,
            )
        if not hits:
            raise QuoteNotFound(
                f"quote {_short(spec.exact)!r} not found in {self.name}",
                f"closest passage is {self.closest(needle)!r}; copy the words from the article",
                spec.where,
            )
        return needle, self._filter_context(hits, len(needle), spec)

    def _anchor_at(self, k: int, m: int) -> Anchor:
        start, end = self._span(k, m)
        return Anchor(
            start=start,
            end=end,
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT):start],
            suffix=self.text[end:end + CONTEXT],
        )

    def anchor_all(self, spec: QuoteSpec) -> list[Anchor]:
        """Every place the quote occurs (for mentions of an entity throughout a text)."""
        needle, hits = self._hits(spec)
        return [self._anchor_at(k, len(needle)) for k in hits]

    def anchor(self, spec: QuoteSpec) -> Anchor:
        needle, hits = self._hits(spec)
        if spec.occurrence is not None:
            if not 1 <= spec.occurrence <= len(hits):
                raise AnchorError(
                    f"occurrence {spec.occurrence} of quote {_short(spec.exact)!r} asked for, "
                    f"but it occurs {len(hits)} time(s) in {self.name}",
                    f"use an occurrence from 1 to {len(hits)}",
                    spec.where,
                )
            hits = [hits[spec.occurrence - 1]]
        if len(hits) > 1:
            places = ", ".join(
                "line {}:{}".format(*line_col(self.text, self._span(k, len(needle))[0]))
                for k in hits[:MAX_LISTED]
            ) + (f", and {len(hits) - MAX_LISTED} more" if len(hits) > MAX_LISTED else "")
            raise AmbiguousQuote(
                f"quote {_short(spec.exact)!r} occurs {len(hits)} times in {self.name} ({places})",
                "add 'prefix:', 'suffix:' or 'occurrence: N' (1-based) to pick one",
                spec.where,
            )
        return self._anchor_at(hits[0], len(needle))

    def _filter_context(self, hits: list[int], m: int, spec: QuoteSpec) -> list[int]:
        ft = self.folded.text
        kept = hits
        # Folded text has no runs of spaces, so one space at most separates the context.
        if spec.prefix:
            p = fold(spec.prefix).text
            kept = [k for k in kept if ft[max(0, k - len(p) - 1):k].rstrip().endswith(p)]
        if spec.suffix:
            s = fold(spec.suffix).text
            kept = [k for k in kept if ft[k + m:k + m + len(s) + 1].lstrip().startswith(s)]
        if not kept:
            raise QuoteNotFound(
                f"quote {_short(spec.exact)!r} occurs in {self.name}, "
                "but never with the given prefix/suffix",
                "copy prefix and suffix from the text right around the quote",
                spec.where,
            )
        return kept

    def closest(self, needle: str) -> str:
        """The article passage most like ``needle``, to show beside a failed match.

        Near-linear in text and quote: a window of the quote's length slides
        over the text, scored by the trigrams it shares with the quote (kept
        up to date as it slides); only the best few windows of a short quote
        are then compared character by character.
        """
        start, stop = self._closest_span(needle)
        passage = self.text[start:stop]
        if stop < len(self.text) and self.text[stop].isalnum() and " " in passage:
            passage = passage.rsplit(" ", 1)[0]  # end on a whole word
        return _short(passage.rstrip(" ,;:"))

    def _closest_span(self, needle: str) -> tuple[int, int]:
        ft = self.folded.text
        m = min(len(needle), len(ft))
        best_k = best_window(ft, needle, m)
        end = min(len(ft), best_k + m) - 1
        return self.folded.start(best_k), self.folded.end(max(end, best_k))

    def normalisation_differs(self, needle: str) -> bool:
        """Whether the quote is in the text once both are in Unicode normal form NFC."""
        if unicodedata.is_normalized("NFC", needle) and unicodedata.is_normalized(
                "NFC", self.folded.text):
            return False
        return unicodedata.normalize("NFC", needle) in unicodedata.normalize(
            "NFC", self.folded.text)
