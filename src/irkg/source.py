"""Reading human-written YAML while keeping the line of every value.

Annotators fix what the error message points at, so every value read from an
annotation or registry file keeps its file and line. ruamel.yaml is used
because it records positions and, for ``irkg link suggest --accept``, can write
a file back without losing its comments and layout.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from irkg.errors import InputError, Location, SchemaError, display_path

T = TypeVar("T")

_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list"}


class _TextDates(RoundTripConstructor):
    """Dates stay text: irkg checks them itself and reports a bad one at its line,
    where YAML's own date parsing would fail on 2021-02-30 with no position."""


_TextDates.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


def read_yaml(path: Path) -> Record:
    """Parse ``path`` into a :class:`Record`; a syntax error is an :class:`InputError`."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror}", "check the path") from None
    try:
        yaml = YAML(typ="rt")
        yaml.Constructor = _TextDates
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise InputError(
            f"YAML syntax error: {exc.problem}",
            "fix the YAML syntax: check the indentation here and that every quote opened "
            "above this line is closed", Location(shown, line)
        ) from None
    if not isinstance(data, CommentedMap):
        raise SchemaError("the file must hold a YAML mapping", "start with 'key: value' lines",
                          Location(shown, 1))
    return Record(data, shown, 1, 1)


class Record:
    """A YAML mapping that knows where it and each of its keys came from.

    The column is kept as well as the line because code-scanning reports
    (SARIF) point at a column, so a pull request is annotated at the entry.
    """

    def __init__(self, data: CommentedMap, file: str, line: int, column: int = 0) -> None:
        self.data = data
        self.file = file
        self.line = line
        self.column = column

    @property
    def where(self) -> Location:
        return Location(self.file, self.line, self.column)

    def at(self, key: str) -> Location:
        """The line of ``key``'s value (or of the record, if the key is absent)."""
        if key in self.data:
            line, col = self.data.lc.key(key)
            return Location(self.file, line + 1, col + 1)
        return self.where

    def check_keys(self, allowed: set[str] | frozenset[str], what: str) -> None:
        for key in self.data:
            if key not in allowed:
                names = tuple(sorted(allowed))
                raise SchemaError(f"unknown key {key!r} in {what}",
                                  "use one of " + ", ".join(names), self.at(str(key)),
                                  value=str(key), allowed=names)

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def get(self, key: str, kind: type[T], default: T | None = None) -> T | None:
        if not self.has(key):
            return default
        return self._typed(key, kind)

    def require(self, key: str, kind: type[T], what: str) -> T:
        if not self.has(key):
            raise SchemaError(f"{what} has no {key!r}", f"add '{key}:'", self.where)
        return self._typed(key, kind)

    def _typed(self, key: str, kind: type[T]) -> T:
        value: Any = self.data[key]
        if kind is list and isinstance(value, CommentedSeq):
            return value  # type: ignore[return-value]
        if kind is not list and isinstance(value, kind) and not (
            kind is int and isinstance(value, bool)
        ):
            return value
        raise SchemaError(
            f"{key!r} must be {_TYPE_NAMES.get(kind, kind.__name__)}, not {value!r}",
            f"write {key} as {_TYPE_NAMES.get(kind, kind.__name__)}",
            self.at(key),
        )

    def date_text(self, key: str, what: str) -> str:
        """A date as written: YAML reads a bare year such as ``2010`` as a number."""
        if not self.has(key):
            raise SchemaError(f"{what} has no {key!r}", f"add '{key}:'", self.where)
        value: Any = self.data[key]
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self._typed(key, str)

    def strings(self, key: str) -> list[str]:
        """A string or a list of strings, always returned as a list."""
        if not self.has(key):
            return []
        value = self.data[key]
        if isinstance(value, str):
            return [value]
        if isinstance(value, CommentedSeq) and all(isinstance(v, str) for v in value):
            return list(value)
        raise SchemaError(f"{key!r} must be a string or a list of strings", f"fix {key}",
                          self.at(key))

    def records(self, key: str, what: str) -> Iterator[Record]:
        """The mappings of the list under ``key``, each with its own line."""
        if not self.has(key):
            return
        seq = self._typed(key, list)
        for i, item in enumerate(seq):
            line, col = (n + 1 for n in seq.lc.item(i))  # type: ignore[attr-defined]
            if not isinstance(item, CommentedMap):
                raise SchemaError(f"each entry of {key!r} must be a mapping ({what})",
                                  "write '- key: value' entries", Location(self.file, line, col))
            yield Record(item, self.file, line, col)

    def record(self, key: str) -> Record | None:
        if not self.has(key):
            return None
        value = self.data[key]
        if isinstance(value, CommentedMap):
            at = self.at(key)
            return Record(value, self.file, at.line, at.column)
        return None
