"""Rendering templates into article text, and placing quotes in it as irkg will.

irkg refuses a quote that occurs more than once unless ``prefix``, ``suffix``
or ``occurrence`` picks one, and it matches whole words after folding
typographic characters and white space. The generator knows where it put
every sentence and name, so it counts the other places a quote occurs in the
same folded form and says which one it means; the text is written so that
this folding is one character for one (no double spaces, no spaces next to
dashes, no ``...`` typed into the text), which keeps positions comparable.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from bench.entities import Entity, q

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

T = TypeVar("T")

#: irkg's matching form, one character for one: typographic quotes and dashes
#: as ASCII, every white-space character as a space ("…" is left as it is).
FOLD = (("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2013", "-"),
        ("\u2014", "-"), ("\u00a0", " "), ("\r", " "), ("\n", " "), ("\t", " "))
#: How an annotator types a quote: straight quotes, hyphens, plain spaces, "...".
TYPED = (("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2014", "-"), ("\u00a0", " "),
         ("\u2026", "..."))


def replace_all(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """``text`` with each character of ``table`` replaced (str.translate is slower here)."""
    for old, new in table:
        if old in text:
            text = text.replace(old, new)
    return text


_SENTENCE_END = re.compile(r"[.!?] ")
_FIELD = re.compile(r"(\{\w+\}|[<>])")

Pairs = list[tuple[str, str]]


class Dice(random.Random):
    """``random.Random`` whose choice, sample and randint use ``random()`` alone.

    An article takes about a thousand draws, and the standard versions (rejection
    sampling on ``getrandbits``) were a large share of the generator's time.
    """

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def sample(self, population: Sequence[T], k: int, *,
               counts: Iterable[int] | None = None) -> list[T]:
        if counts is not None or k > len(population) // 2:
            return super().sample(population, k, counts=counts)
        picked: list[T] = []
        while len(picked) < k:
            item = population[int(self.random() * len(population))]
            if all(item is not p for p in picked):
                picked.append(item)
        return picked


@dataclass
class Sentence:
    """Rendered text (without its full stop), the names in it and its marked clause."""

    text: str
    spans: list[tuple[int, int, Entity]] = field(default_factory=list)
    clause: tuple[int, int] | None = None
    offset: int = 0


@lru_cache(maxsize=16384)
def _pieces(template: str) -> tuple[tuple[str, str], ...]:
    """(literal text, the ``{field}``, ``<`` or ``>`` after it) pairs; the last token is ""."""
    split = [*_FIELD.split(template), ""]
    return tuple(zip(split[::2], split[1::2], strict=True))


def render(rng: random.Random, template: str, slots: dict[str, list[Entity]],
           tail: str = "") -> Sentence:
    """The template with each entity named by its label, or now and then by an alias.

    ``tail`` is literal text put after it (a date phrase); kept out of the template so
    that templates repeat and their parsing is cached.
    """
    out: list[str] = []
    pos, start = 0, 0
    sentence = Sentence("")
    spans, draw = sentence.spans, rng.random
    for literal, token in _pieces(template):
        out.append(literal)
        pos += len(literal)
        if token == "<":
            start = pos
        elif token == ">":
            sentence.clause = (start, pos)
        elif token:
            names = slots[token[1:-1]]
            last = len(names) - 1
            for n, entity in enumerate(names):
                if n:
                    joiner = " and " if n == last else ", "
                    out.append(joiner)
                    pos += len(joiner)
                aliases = entity.aliases
                name = aliases[int(draw() * len(aliases))] if aliases and draw() >= 0.6 \
                    else entity.label
                out.append(name)
                spans.append((pos, pos + len(name), entity))
                pos += len(name)
    out.append(tail)
    text = "".join(out)
    first = 1 if text[0] == "\u201c" else 0
    sentence.text = text[:first] + text[first].upper() + text[first + 1:]
    return sentence


class Anchorer:
    """Finds every whole-word occurrence of a quote in the text, as irkg does."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = replace_all(text, FOLD)
        self._cache: dict[str, list[int]] = {}

    def hits(self, exact: str) -> list[int]:
        # An ASCII quote has nothing to fold: quotes never hold line breaks or tabs.
        needle = exact if exact.isascii() else replace_all(exact, FOLD)
        found = self._cache.get(needle)
        if found is None:
            ft, n, found = self.folded, len(needle), []
            head, tail = needle[0].isalnum(), needle[-1].isalnum()
            k = ft.find(needle)
            while k >= 0:
                end = k + n
                if not ((head and k > 0 and ft[k - 1].isalnum())
                        or (tail and end < len(ft) and ft[end].isalnum())):
                    found.append(k)
                k = ft.find(needle, k + 1)
            self._cache[needle] = found
        return found

    def spec(self, rng: random.Random, start: int, end: int, typed: bool = False,
             context: bool = False) -> Pairs:
        """YAML key/value pairs that place the quote at ``start`` and nowhere else."""
        exact = self.text[start:end]
        hits = self.hits(exact)
        if start not in hits:
            raise AssertionError(f"{exact!r} at {start} is not a whole-word quote")
        pairs = [("quote", q(replace_all(exact, TYPED) if typed and not exact.isascii()
                             else exact))]
        if len(hits) == 1:
            return pairs
        if context:
            extra = self._context(rng, start, end, hits)
            if extra is not None:
                return [*pairs, extra]
        return [*pairs, ("occurrence", str(hits.index(start) + 1))]

    def _context(self, rng: random.Random, start: int, end: int,
                 hits: list[int]) -> tuple[str, str] | None:
        """A ``prefix`` or ``suffix`` of nearby words (same paragraph) that singles it out."""
        ft, n = self.folded, end - start
        if rng.random() < 0.6:
            before = self.text[max(0, start - 40):start].rsplit("\n", 1)[-1].split(" ")
            words = " ".join(before[-rng.randint(1, 3):]).strip()
            want = replace_all(words, FOLD).strip()
            reach = len(want) + 8  # the want, and the white space a paragraph break leaves
            kept = [k for k in hits if want and ft[max(0, k - reach):k].rstrip().endswith(want)]
            key = "prefix"
        else:
            after = self.text[end:end + 40].split("\r", 1)[0].split("\n", 1)[0].split(" ")
            words = " ".join(after[:rng.randint(1, 3)]).strip()
            want = replace_all(words, FOLD).strip()
            reach = len(want) + 8
            kept = [k for k in hits if want and ft[k + n:k + n + reach].lstrip().startswith(want)]
            key = "suffix"
        if kept != [start] or not any(c.isalnum() for c in want) or _SENTENCE_END.search(want):
            return None  # across a sentence end it could also cross a paragraph break
        return key, q(words)
