"""SPARQL FILTER expressions evaluated the way rdflib evaluates them, but fast.

pyshacl runs SHACL-SPARQL in rdflib, whose expression semantics differ from
the SPARQL spec (and so from Oxigraph) on odd inputs: a string compared with
a number, an ill-typed offset, ``error && false``. The filter is therefore
never left to Oxigraph. For the common case, where every value an
expression touches is a well-typed integer, string or boolean, rdflib's
result is the textbook one and a compiled Python closure computes it; any
other row raises :class:`Dirty` and is handed to rdflib's own evaluator, so
odd data costs time, never exactness.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from rdflib import Literal, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql import evaluate as rdflib_evaluate
from rdflib.plugins.sparql.sparql import FrozenBindings, QueryContext
from rdflib.term import Node

Row = Mapping[Variable, Node]
Fn = Callable[[Row], Any]
#: An expression error (unbound variable, type error): a value, as in rdflib.
ERR: Any = type("Err", (), {"__repr__": lambda self: "ERR"})()

#: The integer datatypes rdflib's arithmetic accepts, as plain strings (cheap to look up).
_INTEGERS = frozenset(str(XSD[name]) for name in (
    "integer", "nonPositiveInteger", "negativeInteger", "nonNegativeInteger",
    "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "long",
    "int", "short", "byte"))
_STRING = str(XSD.string)
_BOOLEAN = XSD.boolean
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
    "<=": operator.le, ">=": operator.ge,
}


#: rdflib's FILTER verdict (a private helper, but exactly the one rdflib's Filter applies):
#: the expression's effective boolean value, False on SPARQL errors, other errors raised.
_EBV: Callable[[Any, FrozenBindings], Any] = vars(rdflib_evaluate)["_ebv"]


def rdflib_verdict(expr: Any, row: Row, context: QueryContext) -> bool:
    """What rdflib's FILTER decides for ``row``, with its own evaluator."""
    return bool(_EBV(expr, FrozenBindings(context, row)))


class Dirty(Exception):
    """A value outside the domain where the fast evaluator is known to agree with rdflib."""


def _number(value: Any) -> Any:
    if value is None or value is ERR:
        return ERR
    if type(value) is int:
        return value
    if (isinstance(value, Literal) and value.datatype is not None
            and str(value.datatype) in _INTEGERS
            and not value.ill_typed and type(value.value) is int):
        return value.value
    raise Dirty


def _truth(value: Any) -> Any:
    if value is None or value is ERR:
        return ERR
    if value is True or value is False:
        return value
    if isinstance(value, Literal) and type(value.value) is bool and value.datatype == _BOOLEAN:
        return value.value
    raise Dirty


def _strlen(value: Any) -> Any:
    if value is None or value is ERR:
        return ERR
    if (isinstance(value, Literal) and not value.ill_typed and type(value.value) is str
            and (value.language is not None or value.datatype is None
                 or str(value.datatype) == _STRING)):
        return len(value)
    raise Dirty


def _get(e: Any, key: str) -> Any:
    return dict.get(e, key)


def compile_filter(expr: Any) -> Fn | None:
    """A closure giving the filter's verdict on a row, or None if the expression is outside
    the subset (then every row goes to rdflib). The closure raises :class:`Dirty` for
    rows it cannot vouch for."""
    built = _build(expr)
    if built is None or built[0] == "num":
        return None
    fn = built[1]

    def verdict(row: Row) -> bool:
        return _truth(fn(row)) is True

    return verdict


def _build(e: Any) -> tuple[str, Fn] | None:
    if isinstance(e, Variable):
        return "term", lambda row: row.get(e)
    if isinstance(e, Literal):
        return "term", lambda row: e
    name = getattr(e, "name", None)
    if name in ("ConditionalAndExpression", "ConditionalOrExpression", "RelationalExpression",
                "AdditiveExpression") and _get(e, "other") is None:
        return _build(_get(e, "expr"))
    if name == "Builtin_BOUND":
        var = _get(e, "arg")
        if not isinstance(var, Variable):
            return None
        return "bool", lambda row: row.get(var) is not None
    if name == "Builtin_STRLEN":
        arg = _build(_get(e, "arg"))
        if arg is None or arg[0] != "term":
            return None
        get = arg[1]
        return "num", lambda row: _strlen(get(row))
    if name == "UnaryNot":
        inner = _build(_get(e, "expr"))
        if inner is None or inner[0] == "num":
            return None
        fn = inner[1]

        def negate(row: Row) -> Any:
            value = _truth(fn(row))
            return value if value is ERR else not value

        return "bool", negate
    if name in ("ConditionalAndExpression", "ConditionalOrExpression"):
        return _logical(name == "ConditionalAndExpression",
                        [_get(e, "expr"), *_get(e, "other")])
    if name == "RelationalExpression":
        return _relational(_get(e, "op"), _get(e, "expr"), _get(e, "other"))
    if name == "AdditiveExpression":
        return _additive(_get(e, "expr"), list(_get(e, "op")), list(_get(e, "other")))
    return None


def _logical(conjunction: bool, operands: list[Any]) -> tuple[str, Fn] | None:
    built = [_build(x) for x in operands]
    if any(b is None or b[0] == "num" for b in built):
        return None
    fns = [b[1] for b in built if b is not None]

    def both(row: Row) -> Any:
        # rdflib evaluates every operand, then stops at the first false or error.
        for value in [_truth(fn(row)) for fn in fns]:
            if value is ERR or value is False:
                return value
        return True

    def either(row: Row) -> Any:
        values = [_truth(fn(row)) for fn in fns]
        if True in values:
            return True
        return ERR if any(v is ERR for v in values) else False

    return "bool", both if conjunction else either


def _relational(op: Any, left: Any, right: Any) -> tuple[str, Fn] | None:
    compare = _COMPARE.get(str(op))
    a, b = _build(left), _build(right)
    if compare is None or a is None or b is None or "bool" in (a[0], b[0]):
        return None
    fa, fb = a[1], b[1]

    def relate(row: Row) -> Any:
        x, y = _number(fa(row)), _number(fb(row))
        if x is ERR or y is ERR:
            return ERR
        return compare(x, y)

    return "bool", relate


def _additive(first: Any, ops: list[Any], rest: list[Any]) -> tuple[str, Fn] | None:
    built = [_build(x) for x in [first, *rest]]
    if any(b is None or b[0] == "bool" for b in built) or any(o not in "+-" for o in ops):
        return None
    fns = [b[1] for b in built if b is not None]
    signs = [1, *(1 if o == "+" else -1 for o in ops)]

    def add(row: Row) -> Any:
        values = [_number(fn(row)) for fn in fns]
        if any(v is ERR for v in values):
            return ERR
        return sum(s * v for s, v in zip(signs, values, strict=True))

    return "num", add
