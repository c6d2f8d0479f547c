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
from irkg.files import read_text
from irkg.terms import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}
_ERROR_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
# What may come before a query's or an update's first keyword: comments, BASE and PREFIX.
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*", re.I)
_UPDATE = re.compile(r"(LOAD|CLEAR|DROP|ADD|MOVE|COPY|CREATE|INSERT|DELETE|WITH)\b", re.I)


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
        lines = max(1, len(self.text.splitlines()))  # the parser may point past the end
        where = (Location(self.source, min(int(found.group(1)), lines)) if found
                 else Location(self.source))
        return InputError(f"SPARQL syntax error: {detail}", "fix the query", where)

    def refuse_update(self) -> None:
        """Raise unless the text is one SPARQL 1.1 query; an update gets a message of its own.

        Checked here, with Oxigraph's parser and before any store sees it, so that
        no store is changed by ``irkg query``: a server would run an update sent
        as a query without a second thought, and some run one sent to their query
        service.
        """
        try:
            parsed = ox.Store().query(self.text)  # in memory and empty: nothing evaluated
            del parsed  # on this thread: Oxigraph's results may not be dropped on another
        except SyntaxError as exc:
            first = _UPDATE.match(self.text, _PROLOGUE.match(self.text).end())  # type: ignore[union-attr]
            if first:
                raise InputError(f"this is a SPARQL update ({first.group(1).upper()} …), not a "
                                 "query; irkg query never changes a store",
                                 "ask a SELECT, ASK, CONSTRUCT or DESCRIBE query; 'irkg load' "
                                 "changes irkg's graphs", Location(self.source)) from None
            raise self.syntax_error(str(exc)) from None
        except (OSError, RuntimeError):
            pass  # it parsed; only evaluating it here (a function this engine lacks) failed


def read_query(arg: str) -> Query:
    """``arg`` is a path to an ``.rq`` file when such a file exists, else the query itself."""
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or ("\n" not in arg and path.is_file()):
        return Query(read_text(path, "the query"), display_path(path))
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

    def empty(self) -> bool:
        """No rows, no triples, or ``no``: an answer that may come from an empty default graph."""
        if self.kind == "graph":
            return not self.data.strip()
        result = self.parsed()
        return not result if isinstance(result, ox.QueryBoolean) else next(result, None) is None

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
