"""Reading human-written YAML while keeping the line of every value.

Annotators fix what the error message points at, so every value read from an
annotation or registry file keeps its file and line. The parse is libyaml's
(through PyYAML's C composer), about twenty times faster than a pure-Python
parser, which matters once a corpus has thousands of annotation files; irkg
turns the composed nodes into values itself, by the YAML 1.2 core schema, so
``no`` stays the word "no" and dates stay text that irkg checks and reports
at their line. Writing a file back without losing its comments
(``irkg link suggest --accept``) is ruamel.yaml's job, in :mod:`irkg.wikidata.links`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml

from irkg.errors import InputError, Location, SchemaError, display_path
from irkg.files import read_text
from irkg.yamlnodes import MAX_DEPTH, Composer, Reader, YamlMap, YamlSeq, collector_paused

T = TypeVar("T")

_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list"}


def read_yaml(path: Path, what: str = "YAML file") -> Record:
    """Parse ``path`` into a :class:`Record`; anything unreadable is an :class:`InputError`."""
    shown = display_path(path)
    text = read_text(path, what)
    try:
        with collector_paused():
            root = yaml.compose(text, Loader=Composer)
            data = {} if root is None else Reader(shown).value(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        if "nesting depth" in str(exc.problem):
            raise SchemaError(f"the YAML nests deeper than irkg's limit of {MAX_DEPTH} levels",
                              "flatten the structure: irkg files are a few levels deep",
                              Location(shown, line)) from None
        raise InputError(
            f"YAML syntax error: {exc.problem}",
            "fix the YAML syntax: check the indentation here and that every quote opened "
            "above this line is closed", Location(shown, line)
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML syntax error: {' '.join(str(exc).split())}",
                         "fix the YAML syntax", Location(shown, 1)) from None
    if not isinstance(data, YamlMap):
        raise SchemaError("the file must hold a YAML mapping", "start with 'key: value' lines",
                          Location(shown, 1))
    return Record(data, shown, 1, 1)


class Record:
    """A YAML mapping that knows where it and each of its keys came from.

    The column is kept as well as the line because code-scanning reports
    (SARIF) point at a column, so a pull request is annotated at the entry.
    """

    def __init__(self, data: YamlMap, file: str, line: int, column: int = 0) -> None:
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
            line, col = self.data.keys_at[key]
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
        if kind is list and isinstance(value, YamlSeq):
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
        if isinstance(value, YamlSeq) and all(isinstance(v, str) for v in value):
            return list(value)
        raise SchemaError(f"{key!r} must be a string or a list of strings", f"fix {key}",
                          self.at(key))

    def records(self, key: str, what: str) -> Iterator[Record]:
        """The mappings of the list under ``key``, each with its own line."""
        if not self.has(key):
            return
        seq = self._typed(key, list)
        assert isinstance(seq, YamlSeq)
        for i, item in enumerate(seq):
            line, col = (n + 1 for n in seq.items_at[i])
            if not isinstance(item, YamlMap):
                raise SchemaError(f"each entry of {key!r} must be a mapping ({what})",
                                  "write '- key: value' entries", Location(self.file, line, col))
            yield Record(item, self.file, line, col)

    def record(self, key: str) -> Record | None:
        if not self.has(key):
            return None
        value = self.data[key]
        if isinstance(value, YamlMap):
            at = self.at(key)
            return Record(value, self.file, at.line, at.column)
        return None
