"""Queries in, W3C result formats or a readable table out, whichever store answered.

Every answer is kept as the W3C SPARQL JSON results document (or N-Triples
for CONSTRUCT and DESCRIBE): it is what an HTTP endpoint sends, it does not
hold the embedded store open, and re-reading it with Oxigraph's parser lets
one serialiser write CSV, TSV and JSON identically for every store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from irkg.errors import InputError, Location, display_path
from irkg.terms import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}
_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


@dataclass(frozen=True)
class Query:
    text: str
    source: str

    def syntax_error(self, message: str) -> InputError:
        """A parser message as ``file:line: ...`` pointing into the query."""
        found = _ERROR_AT.search(message)
        detail = " ".join((found.group(3) if found else message).split())
        if len(detail) > 160:  # the parser sometimes lists every character it expected
            detail = detail[:159] + "…"
        where = Location(self.source, int(found.group(1))) if found else Location(self.source)
        return InputError(f"SPARQL syntax error: {detail}", "fix the query", where)


def read_query(arg: str) -> Query:
    """``arg`` is a path to an ``.rq`` file when such a file exists, else the query itself."""
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or ("\n" not in arg and path.is_file()):
        try:
            return Query(path.read_text(encoding="utf-8"), display_path(path))
        except OSError as exc:
            raise InputError(f"cannot read {display_path(path)}: {exc.strerror}",
                             "pass an existing .rq file or the query text itself") from None
    return Query(arg, "query")


@dataclass(frozen=True)
class Answer:
    """``kind`` is ``select``, ``ask`` or ``graph``; ``data`` is JSON results or N-Triples."""

    kind: str
    data: bytes

    @staticmethod
    def of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Answer:
        if isinstance(result, ox.QueryTriples):
            return Answer("graph", result.serialize(format=ox.RdfFormat.N_TRIPLES) or b"")
        kind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
        return Answer(kind, result.serialize(format=ox.QueryResultsFormat.JSON) or b"")

    def parsed(self) -> ox.QuerySolutions | ox.QueryBoolean:
        return ox.parse_query_results(self.data, format=ox.QueryResultsFormat.JSON)


def render(answer: Answer, fmt: str) -> str:
    """The text to print; graphs are always sorted N-Triples, whatever ``fmt`` says."""
    if answer.kind == "graph":
        if fmt != "table":
            raise InputError(f"--format {fmt} is for SELECT and ASK answers",
                             "leave --format out: a CONSTRUCT or DESCRIBE prints N-Triples")
        lines = sorted(line for line in answer.data.decode("utf-8").splitlines() if line)
        return "".join(line + "\n" for line in lines)
    if fmt != "table":
        text = (answer.parsed().serialize(format=_RESULT_FORMATS[fmt]) or b"").decode("utf-8")
        return text if text.endswith("\n") else text + "\n"
    result = answer.parsed()
    if isinstance(result, ox.QueryBoolean):
        return ("yes" if bool(result) else "no") + "\n"
    names = [v.value for v in result.variables]
    rows = [[cell(solution[name]) for name in names] for solution in result]
    return table(names, rows)


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A term as a reader wants it: prefixed IRIs, bare literal text, nothing for unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES:
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())
    return str(term)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(n), *(_width(r[i]) for r in rows)]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        padded = (v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))
        return " | ".join(padded).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"
