"""Writing suggested mentions into an annotation file without touching anything else.

An annotation is written by hand, commented and reviewed line by line in pull
requests, so the suggester owns one block of it and nothing more: a
top-level ``suggestions:`` list (with the comment above it that says what it
is), appended at the end or replaced where it stands. Every other byte of
the file, its comments, layout and line endings, stays as it was; this is
why the block is cut out of the text rather than the file being loaded and
dumped again. Each entry has the shape of a mention, so accepting one is
moving its line into ``mentions:``; the build ignores ``suggestions:``.

Rejecting one is marking it ``rejected: true`` rather than deleting it: the
block is made anew on every run, and a rejection it did not remember would
be proposed again each time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from irkg.errors import OutputError, display_path
from irkg.files import decode, read_bytes
from irkg.serialize import write_atomic
from irkg.suggest_mentions import Suggestion

KEY = "suggestions"
HEADER = (
    "# Suggested mentions (irkg suggest mentions): move an entry into mentions: to accept",
    "# it; add 'rejected: true' to reject it for good. The build ignores this block.",
)
_KEY_LINE = re.compile(rf"{KEY}\s*:")
# A line at the left margin that is not a list item starts what follows the block.
_TOP_LEVEL = re.compile(r"[^\s\-]")


Key = tuple[Any, Any, Any]


def _key(entity: Any, quote: Any, occurrence: Any) -> Key:
    return entity, quote, occurrence


def rejected_in(lines: list[str]) -> set[Key]:
    """The suggestions an annotator marked ``rejected: true`` in the block, if there is one."""
    found = _find(lines)
    if found is None:
        return set()
    try:
        data = yaml.safe_load("".join(lines[found[0]:found[1]]))
    except yaml.YAMLError:
        return set()  # a block the annotator broke: irkg check reports it; remember nothing
    entries = data.get(KEY) if isinstance(data, dict) else None
    return {_key(e.get("entity"), e.get("quote"), e.get("occurrence"))
            for e in entries or () if isinstance(e, dict) and e.get("rejected") is True}


def entry(suggestion: Suggestion) -> str:
    """One suggestion as a one-line flow mapping, quoted wherever YAML needs it."""
    data: dict[str, str | int] = {"entity": suggestion.entity, "quote": suggestion.quote}
    if suggestion.occurrence is not None:
        data["occurrence"] = suggestion.occurrence
    if suggestion.rejected:
        data["rejected"] = True
    return yaml.safe_dump(data, default_flow_style=True, allow_unicode=True,
                          width=1_000_000_000, sort_keys=False).rstrip("\n")


def block(suggestions: Sequence[Suggestion], newline: str = "\n") -> str:
    """The whole ``suggestions:`` block, or nothing when there is nothing to suggest."""
    if not suggestions:
        return ""
    lines = [*HEADER, f"{KEY}:", *(f"  - {entry(s)}" for s in suggestions)]
    return newline.join(lines) + newline


def _find(lines: list[str]) -> tuple[int, int] | None:
    """Where the block is, as a range of lines (its header comment included), if anywhere."""
    starts = [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]
    if not starts:
        return None
    first = starts[0]
    last = first + 1
    while last < len(lines) and not _TOP_LEVEL.match(lines[last]):
        last += 1
    while last > first + 1 and not lines[last - 1].strip():
        last -= 1  # blank lines before what follows are not the block's
    header = len(HEADER)
    if first >= header and [x.rstrip("\r\n") for x in lines[first - header:first]] == list(
            HEADER):
        first -= header
    return first, last


def with_suggestions(text: str, suggestions: Sequence[Suggestion]) -> str:
    """``text`` with its suggestions block replaced (or appended, or dropped when empty)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    rejected = rejected_in(lines)
    new = block([replace(s, rejected=True) if _key(s.entity, s.quote, s.occurrence) in rejected
                 else s for s in suggestions], newline)
    found = _find(lines)
    if found is not None:
        first, last = found
        before = lines[:first]
        if not new and last == len(lines) and before and not before[-1].strip():
            before.pop()  # the blank line that was put before the block when it was appended
        return "".join(before) + new + "".join(lines[last:])
    if not new:
        return text
    if text and not text.endswith("\n"):
        text += newline
    return text + (newline if text else "") + new


def write_suggestions(annotation: Path, suggestions: Sequence[Suggestion]) -> bool:
    """Put ``suggestions`` into ``annotation``; whether the file changed.

    The file is replaced in one rename, so a reader never sees half of it.
    """
    data = read_bytes(annotation, "the annotation")
    decode(data, display_path(annotation), "the annotation")  # refuse what is not UTF-8 text
    text = data.decode("utf-8")
    updated = with_suggestions(text, suggestions)
    if updated == text:
        return False
    try:
        write_atomic(annotation, updated)
    except OSError as exc:
        raise OutputError(annotation.parent, f"cannot write {annotation.name}: {exc.strerror}"
                          ) from None
    return True
