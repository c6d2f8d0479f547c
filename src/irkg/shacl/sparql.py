"""SHACL-SPARQL constraints: compiled once, run once per validation for all focus nodes.

pyshacl pre-binds ``$this`` and runs the query in rdflib once per focus node.
Here the query runs once in Oxigraph, with ``VALUES ?this`` listing the focus
nodes at the head of the WHERE group, which gives the same solutions as
pre-binding for the patterns accepted here (BGPs, UNION, and OPTIONAL on the
top-level group only; see :mod:`irkg.shacl.sparql_compile`). Oxigraph sees
every RDF term as an opaque IRI, so it only ever matches terms by rdflib's
own equality, and all value semantics (the FILTER) stay rdflib's
(:mod:`irkg.shacl.filters`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef, Variable
from rdflib.namespace import SH
from rdflib.plugins.sparql.sparql import QueryContext
from rdflib.term import Node

from irkg.errors import IrkgError
from irkg.shacl.filters import Dirty, Fn, rdflib_verdict
from irkg.shacl.report import Result
from irkg.shacl.shapes import Constraint, Evaluator, Outcome, Pairs, Shape

#: One row pyshacl keeps: ($this, ?path, ?value, the other projected variables).
Violation = tuple[Node | None, Node | None, Node | None, dict[str, Node]]
ID_PREFIX = "urn:x-irkg:term:"


@dataclass(frozen=True)
class Indirect:
    """A predicate variable, standing for every object of these predicates in the data."""

    sources: frozenset[URIRef]


Pred = URIRef | Indirect


@dataclass(frozen=True)
class Lookup:
    """A peer lookup of an EXISTS group (see :class:`irkg.shacl.reads.PeerLookup`)."""

    mirrors: tuple[Pred, ...]
    constants: tuple[tuple[URIRef, Node], ...]


@dataclass
class Query:
    """One sh:sparql constraint, compiled."""

    node: Node
    message: Literal | None
    deactivated: bool
    #: Projected variables, in SELECT order.
    projected: list[str]
    #: The Oxigraph query, with ``{values}`` where the focus nodes go.
    template: str
    #: Variables read from each Oxigraph row (projected and filter variables).
    fetch: list[Variable]
    #: Variables holding the result of an EXISTS, as xsd:boolean.
    exists: frozenset[Variable]
    #: The rdflib filter expression (EXISTS replaced by variables), None without FILTER.
    expr: Any
    #: The fast evaluator of ``expr``, None if every row goes to rdflib.
    fast: Fn | None
    #: The constant predicates the query matches; None when what it matches is unbounded.
    predicates: frozenset[URIRef] | None
    #: Those of them matched on a subject other than $this.
    foreign: frozenset[URIRef] | None
    #: Predicates whose objects in the data its predicate variables range over.
    indirect: frozenset[URIRef] = frozenset()
    #: Those of them for predicate variables matched on a subject other than $this.
    indirect_foreign: frozenset[URIRef] = frozenset()
    #: Its peer lookups; None if it reaches nodes backwards in any other way.
    lookups: tuple[Lookup, ...] | None = ()


class SparqlRun:
    """The Oxigraph store of one validation, holding every term as an opaque IRI."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]],
                 constants: dict[Node, str]) -> None:
        self.ids: dict[Node, ox.NamedNode] = {t: ox.NamedNode(i) for t, i in constants.items()}
        self.terms: dict[str, Node] = {i: t for t, i in constants.items()}
        known = self._id
        self.store = ox.Store()
        self.store.extend([ox.Quad(known(s), known(p), known(o)) for s, p, o in triples])
        self.context = QueryContext(initBindings={})

    def _id(self, term: Node) -> ox.NamedNode:
        """The term's opaque IRI; equal rdflib terms (a dict key) share one."""
        node = self.ids.get(term)
        if node is None:
            key = f"{ID_PREFIX}{len(self.terms)}"
            node = self.ids[term] = ox.NamedNode(key)
            self.terms[key] = term
        return node

    def violations(self, query: Query, focus: list[Node]) -> dict[Node, list[Violation]]:
        """pyshacl's ``_validate_sparql_query`` for each focus node, from one Oxigraph query."""
        values = " ".join(str(self._id(f)) for f in focus)
        found: dict[Node, list[Violation]] = {f: [] for f in focus}
        this = Variable("this")
        solutions = self.store.query(query.template.replace("{values}", values))
        assert isinstance(solutions, ox.QuerySolutions)
        for solution in solutions:
            row: dict[Variable, Node] = {}
            for var in query.fetch:
                term = solution[str(var)]
                if term is None:
                    continue
                if var in query.exists:
                    row[var] = Literal(term.value == "true")
                else:
                    row[var] = self.terms[term.value]
            if query.expr is not None and not self._passes(query, row):
                continue
            bound = {name: row[Variable(name)] for name in query.projected
                     if Variable(name) in row}
            path = bound.pop("path", None)
            value = bound.pop("value", None)
            t = bound.pop("this", None)
            if path is None and value is None and t is None:
                continue
            violation = (t, path, value, bound)
            rows = found[row[this]]
            if violation not in rows:
                rows.append(violation)
        del solutions  # here: Oxigraph's results may not be dropped on another thread
        return found

    def _passes(self, query: Query, row: dict[Variable, Node]) -> bool:
        if query.fast is not None:
            try:
                return bool(query.fast(row))
            except Dirty:
                pass
        try:
            return rdflib_verdict(query.expr, row, self.context)
        except Exception as exc:
            raise IrkgError(
                f"the SHACL-SPARQL constraint {query.node.n3()} fails on focus node "
                f"{row[Variable('this')].n3()}: {type(exc).__name__}: {exc}",
                "correct the ill-typed literal it reads (pyshacl fails on it too)") from exc


class Sparql(Constraint):
    """sh:sparql: results shaped as pyshacl shapes them, message placeholders included."""

    component = SH.SPARQLConstraintComponent

    def __init__(self, queries: list[Query]) -> None:
        self.queries = queries

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        focus = [f for f, _ in pairs]  # duplicates are validated (and reported) twice
        unique = list(dict.fromkeys(focus))
        found = []
        for query in self.queries:
            if query.deactivated:
                continue
            violations = ev.sparql.violations(query, unique)
            for f in focus:
                for t, path, value, others in violations[f]:
                    if value is None and shape.path is None:
                        value = f
                    message = self._message(shape, query, (t, path, value, others)) \
                        if report else None
                    found.append(Result(f, shape.node, self.component, shape.severity,
                                        path if path is not None else shape.path, value,
                                        message))
        return not found, found

    @staticmethod
    def _message(shape: Shape, query: Query, bound: Violation) -> Literal | None:
        """pyshacl's message: placeholders filled, language tag dropped."""
        chosen = query.message if query.message is not None else shape.message
        if chosen is None:
            return None
        t, path, value, others = bound
        names: dict[str, Node] = dict(others)
        for name, term in (("this", t), ("path", path), ("value", value)):
            if term is not None:
                names[name] = term
        text = str(chosen.value)
        for name, term in names.items():
            text = re.sub(f"{{[?$]{name}}}", str(term), text)
        return Literal(text)

