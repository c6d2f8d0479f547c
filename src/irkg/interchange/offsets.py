"""Offsets between the units tools count in and irkg's code points.

irkg counts code points (Python string indices), as the Web Annotation model
does. Java and JavaScript tools (INCEpTION, Label Studio, Hypothesis) count
UTF-16 code units, so an emoji or any other astral character counts twice;
byte-oriented tools count UTF-8 bytes; and brat reads its texts with
universal newlines, so a CRLF counts once. Each map is built in one pass over
the text and answers in a bisection, so converting every offset of a long
document stays near-linear; an offset that falls inside a character (half a
surrogate pair, the middle of a UTF-8 sequence, between CR and LF) is refused
rather than rounded, since it means the export and the text disagree.
"""

from __future__ import annotations

import bisect
import re

UNITS = ("codepoints", "utf16", "utf8", "newlines")


class OffsetError(ValueError):
    """An offset outside the text or inside one of its characters."""


class OffsetMap:
    """Converts code-point offsets of ``text`` to and from another unit.

    ``unit`` is ``codepoints`` (identity), ``utf16`` (UTF-16 code units),
    ``utf8`` (UTF-8 bytes) or ``newlines`` (code points of the text with
    every CRLF and lone CR read as one LF, as brat reads files).
    """

    def __init__(self, text: str, unit: str) -> None:
        if unit not in _PATTERNS:
            raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
        self.unit = unit
        self.length = len(text)
        #: Code points whose width in the other unit is not one, in text order.
        self._at: list[int] = []
        #: Extra units of those characters, cumulative (negative: a CR dropped).
        self._extra: list[int] = []
        #: Where each of those characters starts in the other unit.
        self._unit_at: list[int] = []
        total = 0
        pattern = _PATTERNS[unit]
        if pattern is not None:
            for match in pattern.finditer(text):
                self._at.append(match.start())
                self._unit_at.append(match.start() + total)
                total += _width(unit, match.group())
                self._extra.append(total)
        self.size = self.length + total
        self._split = frozenset(a + 1 for a in self._at) if unit == "newlines" else frozenset()

    def to_units(self, cp: int) -> int:
        """The code-point offset ``cp`` in the other unit."""
        if not 0 <= cp <= self.length:
            raise OffsetError(f"offset {cp} is outside the text (0 to {self.length})")
        if cp in self._split:
            raise OffsetError(f"offset {cp} falls between the CR and LF of a line break")
        i = bisect.bisect_left(self._at, cp)
        return cp + (self._extra[i - 1] if i else 0)

    def from_units(self, offset: int) -> int:
        """The offset ``offset`` of the other unit as a code point."""
        if not 0 <= offset <= self.size:
            raise OffsetError(f"offset {offset} is outside the text (0 to {self.size})")
        i = bisect.bisect_right(self._unit_at, offset) - 1
        if i < 0:
            return offset
        before = self._extra[i - 1] if i else 0
        start = self._unit_at[i]
        if offset == start:  # just before the character
            return offset - before
        width = self._extra[i] - before
        if 0 < width and offset < start + 1 + width:
            raise OffsetError(f"offset {offset} falls inside a character ({self.unit})")
        return offset - self._extra[i]


_PATTERNS: dict[str, re.Pattern[str] | None] = {
    "codepoints": None,
    "utf16": re.compile("[\U00010000-\U0010ffff]"),
    "utf8": re.compile("[^\x00-\x7f]"),
    "newlines": re.compile("\r\n"),
}


def _width(unit: str, char: str) -> int:
    """Extra units of one differing character (or CRLF) beyond one code point each."""
    if unit == "utf16":
        return 1
    if unit == "utf8":
        return len(char.encode("utf-8")) - 1
    return -1  # a CRLF is two code points and one newline


def normalise_newlines(text: str) -> str:
    """``text`` as brat and other universal-newline readers see it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
