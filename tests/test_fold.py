"""Folding for quote matching: the fast fold is the character-by-character one, exactly.

The reference below is the original definition (one pair of offsets per
character); the fast fold keeps only the edits. Hypothesis checks that they
agree on the folded text and on every character's span, for any text.
"""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from irkg.anchor import _DASHES, _FOLD, WHITE_SPACE, fold


def reference(text: str) -> tuple[str, list[tuple[int, int]]]:
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            near_dash = (i > 0 and text[i - 1] in _DASHES) or (j < n and text[j] in _DASHES)
            if not near_dash and out:
                out.append(" ")
                spans.append((i, j))
            i = j
            continue
        for ch in _FOLD.get(c, c):
            out.append(ch)
            spans.append((i, i + 1))
        i += 1
    while out and out[-1] == " ":
        out.pop()
        spans.pop()
    return "".join(out), spans


TRICKY = st.sampled_from([*_FOLD, " ", "\n", "\r\n", "\u00a0", "\t", "\u2003", "a", "Z", "-",
                          "\u2026", "é", "\U0001f600"])
TEXT = st.lists(st.one_of(TRICKY, st.characters()), max_size=60).map("".join)


@settings(max_examples=2000, deadline=None)
@given(TEXT)
def test_fast_fold_equals_the_reference(text: str) -> None:
    want_text, want_spans = reference(text)
    got = fold(text)
    assert got.text == want_text
    assert [(got.start(k), got.end(k)) for k in range(len(got.text))] == want_spans


def test_fold_of_typography() -> None:
    got = fold("  He said \u201cno\u201d \u2014 twice\u2026  ")
    assert got.text == 'He said "no"-twice...'
    assert (got.start(0), got.end(len(got.text) - 1)) == (2, 23)


def test_white_space_list_is_every_character_isspace_accepts() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert every == WHITE_SPACE
