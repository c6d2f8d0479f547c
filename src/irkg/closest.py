"""The passage of an article most like a quote that was not found, in near-linear time.

An annotator who mistyped a quote needs to see the words the article has
there. Comparing the quote with every passage character by character is
quadratic, and took minutes for a long or repetitive quote; here a window of
the quote's length slides over the text scored by the character trigrams it
shares with the quote (kept up to date as it slides, so linear), and only the
best few windows of a short quote are then compared character by character.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter

_Q = 3  # the length of the character grams that score a window
_REFINE_UP_TO = 400  # quotes up to this length get the character-by-character comparison
_CANDIDATES = 8


def best_window(ft: str, needle: str, m: int) -> int:
    """Start (at a word) of the length-``m`` window of ``ft`` most like ``needle``."""
    n = len(ft)
    if n <= m:
        return 0
    want = Counter(needle[i:i + _Q] for i in range(len(needle) - _Q + 1))
    have: Counter[str] = Counter()
    score = 0
    scores: list[tuple[int, int]] = []
    last = m - _Q  # grams of the window [k, k + m) start at k .. k + m - _Q
    for i in range(last + 1):
        g = ft[i:i + _Q]
        if have[g] < want[g]:
            score += 1
        have[g] += 1
    for k in range(n - m + 1):
        if k == 0 or ft[k - 1] == " ":
            scores.append((score, k))
        if k + m >= n:
            break
        g = ft[k:k + _Q]
        have[g] -= 1
        if have[g] < want[g]:
            score -= 1
        g = ft[k + last + 1:k + last + 1 + _Q]
        if have[g] < want[g]:
            score += 1
        have[g] += 1
    if not scores:
        return 0
    top = heapq.nlargest(_CANDIDATES, scores, key=lambda s: (s[0], -s[1]))
    if len(needle) > _REFINE_UP_TO:
        return top[0][1]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    best, best_k = -1.0, top[0][1]
    for _, k in sorted(top, key=lambda s: s[1]):
        matcher.set_seq1(ft[k:k + len(needle)])
        ratio = matcher.ratio()
        if ratio > best:
            best, best_k = ratio, k
    return best_k
