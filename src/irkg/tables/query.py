"""Any SPARQL SELECT over a graph, as a :class:`Table` the exporters can write.

The query runs in an in-memory Oxigraph store holding the graph in its
default graph, so a question joins articles and the registry just as
``irkg query`` does on a loaded store. Cells keep their types where the
graph gives them (integers, decimals, booleans) so Parquet and JSON carry
numbers, not text; IRIs are full IRIs, which is what a join in R or pandas
needs.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import Graph

from irkg.errors import InputError, Location
from irkg.results import Query
from irkg.tables.schema import Cell, Column, Table

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}
_FLOATS = {_XSD + t for t in ("decimal", "double", "float")}
_IRIS_STRINGS_COMMENTS = re.compile(r'<[^>\s]*>|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#.*')
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Cell:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:  # an ill-typed literal stays the text it is
            return term.value
        if datatype == _XSD + "boolean" and term.value in ("true", "false", "1", "0"):
            return term.value in ("true", "1")
        return term.value
    return str(term)


def _column_type(values: list[Cell]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "bool"
    if kinds == {int}:
        return "int64"
    if kinds and kinds <= {int, float}:
        return "float64"
    return "string"


def _typed(value: Cell, type_: str) -> Cell:
    if value is None:
        return None
    if type_ == "float64":
        return float(value)
    if type_ == "string" and not isinstance(value, str):
        return ("true" if value else "false") if isinstance(value, bool) else str(value)
    return value


def _ordered(text: str) -> bool:
    """Whether the query orders its rows (outside IRIs, strings and comments)."""
    return bool(_ORDER_BY.search(_IRIS_STRINGS_COMMENTS.sub(" ", text)))


def _store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def select(graph: Graph, query: Query, name: str = "query") -> Table:
    """The SELECT's answer as a table; rows keep its ORDER BY, or are sorted without one.

    Anything but a SELECT is an input error: an ASK has no rows and a
    CONSTRUCT a graph, neither of which is a table.
    """
    try:
        result = _store(graph).query(query.text)
    except SyntaxError as exc:
        raise query.syntax_error(str(exc)) from None
    except (OSError, RuntimeError) as exc:
        raise InputError(f"the query failed: {' '.join(str(exc).split())}", "check the query",
                         Location(query.source)) from None
    if not isinstance(result, ox.QuerySolutions):
        form = "an ASK" if isinstance(result, ox.QueryBoolean) else "a CONSTRUCT or DESCRIBE"
        raise InputError(f"only a SELECT query can be exported as a table, this is {form}",
                         "rewrite it as SELECT, or run it with 'irkg query'",
                         Location(query.source))
    names = [v.value for v in result.variables]
    raw = [[_cell(solution[n]) for n in names] for solution in result]
    types = [_column_type([row[i] for row in raw]) for i in range(len(names))]
    rows = [tuple(_typed(v, t) for v, t in zip(row, types, strict=True)) for row in raw]
    if not _ordered(query.text):
        rows.sort(key=lambda row: tuple((v is not None, str(v)) for v in row))
    columns = tuple(Column(n, t, "") for n, t in zip(names, types, strict=True))
    return Table(name, columns, tuple(rows))
