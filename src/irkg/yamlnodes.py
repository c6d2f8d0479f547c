"""Composing YAML into values that remember their line, within explicit limits.

libyaml (through PyYAML's C composer) parses; irkg turns the composed nodes
into values itself, by the YAML 1.2 core schema, so ``no`` stays the word
"no" and dates stay text that irkg checks at their line. The limits on
nesting and on alias expansion are part of the documented interface (README,
"Reliability").
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import yaml

from irkg.errors import Location, SchemaError

# The YAML 1.2 core schema's plain scalars; anything else plain is a string.
_NULL = re.compile(r"~|null|Null|NULL|")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}


class Composer(yaml.CSafeLoader):
    """libyaml's composer without PyYAML's YAML 1.1 tag guessing: irkg types scalars itself."""

    _TAGS: ClassVar[dict[type[yaml.Node], str]] = {
        yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
        yaml.MappingNode: "tag:yaml.org,2002:map"}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return self._TAGS[kind]


class YamlMap(dict[Any, Any]):
    """A mapping that remembers the 0-based (line, column) of each key."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line, self.column = line, column
        self.keys_at: dict[Any, tuple[int, int]] = {}


class YamlSeq(list[Any]):
    """A sequence that remembers the 0-based (line, column) of each item."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__()
        self.line, self.column = line, column
        self.items_at: list[tuple[int, int]] = []


def _scalar(node: yaml.ScalarNode) -> Any:
    text = node.value
    if node.style:  # quoted or block: always a string (plain is None, or "" from libyaml)
        return text
    if text[:1].isalpha() and text[0] not in "tTfFnN":  # a word: most values, decided at once
        return text
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text):
        return True
    if _FALSE.fullmatch(text):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if text.startswith(("0x", "0o")) and len(text) > 2:
        try:
            return int(text, 16 if text[1] == "x" else 8)
        except ValueError:
            return text
    if _FLOAT.fullmatch(text):
        return float(text)
    return _SPECIAL.get(text.lower(), text)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line, node.start_mark.column


#: How deeply YAML collections may nest (irkg's files need four or five levels).
MAX_DEPTH = 100
#: How many values a YAML file may hold once its aliases are expanded.
MAX_VALUES = 5_000_000


class Reader:
    """Turns composed nodes into values, keeping the depth and the expanded size in bounds.

    An alias yields the very object of its anchor, never a copy, and its size
    is counted each time it is used: so a "billion laughs" file is refused as
    soon as its expansion would pass :data:`MAX_VALUES`, in time linear in
    the file, and nothing downstream can walk the expansion.
    """

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.memo: dict[int, tuple[Any, int]] = {}
        self.total = 0

    def value(self, node: yaml.Node, depth: int = 0) -> Any:
        found = self.memo.get(id(node))
        if found is not None:
            self._count(found[1], node)
            return found[0]
        if isinstance(node, yaml.ScalarNode):
            self.total += 1  # checked when the collection holding it is done
            return _scalar(node)
        if depth >= MAX_DEPTH:
            raise SchemaError(f"the YAML nests deeper than irkg's limit of {MAX_DEPTH} levels",
                              "flatten the structure: irkg files are a few levels deep",
                              self._where(node))
        before = self.total
        line, column = _mark(node)
        if isinstance(node, yaml.SequenceNode):
            seq = YamlSeq(line, column)
            self.memo[id(node)] = (seq, 0)
            for item in node.value:
                seq.append(self.value(item, depth + 1))
                seq.items_at.append(_mark(item))
            self._count(1, node)
            self.memo[id(node)] = (seq, self.total - before)
            return seq
        mapping = YamlMap(line, column)
        self.memo[id(node)] = (mapping, 0)
        for key_node, value_node in node.value:
            key = self.value(key_node, depth + 1)
            if not isinstance(key, str | int | bool | float) and key is not None:
                raise SchemaError("a mapping key must be a plain value",
                                  "write 'key: value' with a word as the key",
                                  self._where(key_node))
            if key in mapping:
                first = mapping.keys_at[key][0] + 1
                raise SchemaError(f"key {key!r} appears twice in one mapping "
                                  f"(first at line {first})", "keep one of them",
                                  self._where(key_node))
            mapping[key] = self.value(value_node, depth + 1)
            mapping.keys_at[key] = _mark(key_node)
        self._count(1, node)
        self.memo[id(node)] = (mapping, self.total - before)
        return mapping

    def _where(self, node: yaml.Node) -> Location:
        return Location(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def _count(self, size: int, node: yaml.Node) -> None:
        self.total += size
        if self.total > MAX_VALUES:
            raise SchemaError(f"the YAML holds more than irkg's limit of {MAX_VALUES:,} values "
                              "once its aliases (*name) are expanded",
                              "write the values out instead of repeating aliases",
                              self._where(node))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file's nodes are made.

    Composing makes a few objects per character, none of them garbage, and
    each collection walks them all again: with the collector running, a
    100,000-entity registry took six times as long as without (the time grew
    with the square of the size); paused, it is linear.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
