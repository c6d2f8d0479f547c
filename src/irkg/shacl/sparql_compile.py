"""From an ``sh:sparql`` constraint to a query Oxigraph runs once for all focus nodes.

Pre-binding ``$this`` (pyshacl: rdflib's ``initBindings``, which substitutes
the focus node into every sub-pattern) and joining the whole WHERE group with
``VALUES ?this`` give the same solutions as long as no sub-pattern depends on
``$this`` being bound before it is evaluated. That holds for BGPs, joins and
UNIONs of them, and for OPTIONAL blocks of BGPs directly in the top-level
group (whose left side the VALUES block is part of); every other pattern form
(MINUS, VALUES, subqueries, SERVICE, GRAPH, BIND, nested FILTER or OPTIONAL,
aggregates, LIMIT) is refused. The top-level FILTER is kept out of Oxigraph
altogether: its EXISTS parts become ``BIND(EXISTS {...} AS ?var)`` columns,
the rest is evaluated with rdflib's semantics (:mod:`irkg.shacl.filters`).

The analysis also says what the query reads beyond ``$this``, for sharded
validation (:class:`irkg.shacl.reads.Reads`): the predicates it matches, a
predicate variable counting as every value of the constant-predicate
pattern that binds it (``?class irkg:plainSubject ?role . $this ?role ?s``
reads the predicates the ontology names), and the *peer lookups* of its
EXISTS groups, the one kind of backward lookup a shard's view can carry
(:class:`irkg.shacl.reads.PeerLookup`). Any other pattern whose subject no
forward walk from ``$this`` reaches leaves the reads unbounded.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from irkg.shacl.filters import compile_filter
from irkg.shacl.sparql import Indirect, Lookup, Pred, Query

CONSTANT_PREFIX = "urn:x-irkg:const:"
THIS = Variable("this")
# pyshacl's own guards (SPARQLQueryHelper); a query any of them matches makes it fail.
_GUARDS = {
    "MINUS": re.compile(r"^(?:[^#]*|M)(?!#)#?[^\?\$\#]M?INUS[\s\{]", re.M | re.I),
    "VALUES": re.compile(r"^(?!\s*#).*?(?<![\w\-\:])VALUES\b(?:\s*(?:\(|[\?\$]\w+|\{|\w|\s))",
                         re.M | re.I),
    "SERVICE": re.compile(r"^(?:[^#]*|S)(?!#)#?[^\?\$\#]S?ERVICE[\s\<]", re.M | re.I),
    "a subquery": re.compile(r"SELECT[\s\(\)\$\?\a-z]*\{[^\}]*SELECT\s+", re.M | re.I),
    "$PATH": re.compile(r"([\s{}()])[\$\?]PATH", re.M),
    "$currentShape": re.compile(r"([\s{}()])[\$\?]currentShape", re.M),
    "$shapesGraph": re.compile(r"([\s{}()])[\$\?]shapesGraph", re.M),
}
_THIS = re.compile(r"([\s{}()])[\$\?]this", re.M)


class Refused(Exception):
    """Raised inside the analysis; the caller names the shape."""


def _one(graph: Graph, node: Node, predicate: URIRef, what: str) -> Node | None:
    values = set(graph.objects(node, predicate))
    if len(values) > 1:
        raise Refused(f"several {what} on one SPARQL constraint")
    return next(iter(values), None)


def prefixes(graph: Graph, node: Node) -> dict[str, str]:
    """The PREFIX declarations pyshacl puts before the query (``collect_prefixes``)."""
    found = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    declared = set(graph.objects(node, SH.prefixes))
    if not declared:
        return found
    named = set(graph.objects(graph.identifier, SH.declare)) if graph.identifier else set()
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    everywhere = named.union(*(set(graph.objects(o, SH.declare)) for o in ontologies))
    seen: dict[str, str] = {}
    for holder in declared:
        own = set(graph.objects(holder, SH.declare))
        for dec in (own | named) if own and holder in ontologies else (everywhere | own):
            prefix = _one(graph, dec, SH.prefix, "sh:prefix values")
            namespace = _one(graph, dec, SH.namespace, "sh:namespace values")
            if not (isinstance(prefix, Literal) and isinstance(prefix.value, str)):
                raise Refused("an sh:declare without one string sh:prefix")
            if not isinstance(namespace, Literal) or not (
                    namespace.datatype == XSD.anyURI or isinstance(namespace.value, str)):
                raise Refused("an sh:declare without one sh:namespace literal")
            name, iri = str(prefix.value), str(namespace.value)
            if seen.setdefault(name, iri) != iri:
                raise Refused(f"two namespaces for the prefix {name}:")
            found[name] = iri
    return found


def compile_query(graph: Graph, node: Node, constants: dict[Node, str]) -> Query:
    """Analyse one sh:sparql constraint; ``constants`` collects the IRIs and literals it names."""
    select = _one(graph, node, SH.select, "sh:select values")
    if not (isinstance(select, Literal) and isinstance(select.value, str)):
        raise Refused("a SPARQL constraint without one string sh:select")
    message = _one(graph, node, SH.message, "messages")
    if message is not None and not (isinstance(message, Literal)
                                    and isinstance(message.value, str)):
        raise Refused("a SPARQL constraint message that is not a string")
    off = _one(graph, node, SH.deactivated, "sh:deactivated values")
    if off is not None and not (isinstance(off, Literal) and isinstance(off.value, bool)):
        raise Refused("a non-boolean sh:deactivated on a SPARQL constraint")
    body = str(select.value)
    for feature, guard in _GUARDS.items():
        if guard.search(body):
            raise Refused(f"{feature} in a SPARQL constraint")
    if not _THIS.search(body):
        raise Refused("a SPARQL constraint that does not mention $this")
    text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(graph, node).items()) + "\n" + body
    try:
        algebra = prepareQuery(text).algebra
    except Exception as exc:
        raise Refused(f"a SPARQL constraint rdflib cannot parse ({exc})") from None
    return _Analysis(constants).run(node, message, bool(off is not None and off.value),
                                    algebra)


Pattern = tuple[Any, Any, Any]


class _Analysis:
    def __init__(self, constants: dict[Node, str]) -> None:
        self.constants = constants
        self.blanks: dict[BNode, str] = {}
        self.predicates: set[URIRef] | None = set()
        #: Predicates of patterns whose subject is not $this: read beyond the focus node.
        self.foreign: set[URIRef] | None = set()
        self.binds: list[str] = []
        self.exists: list[Variable] = []
        #: The top-level group's patterns, each with whether every solution matches it
        #: (False inside OPTIONAL and UNION).
        self.top: list[tuple[Pattern, bool]] = []
        #: The patterns of each EXISTS group.
        self.groups: list[list[Pattern]] = []
        #: The EXISTS groups with a UNION, where a pattern need not match every solution.
        self.unions: set[int] = set()

    def run(self, node: Node, message: Literal | None, deactivated: bool,
            algebra: Any) -> Query:
        if algebra.name != "SelectQuery" or algebra.get("datasetClause"):
            raise Refused("a SPARQL constraint that is not a plain SELECT")
        top = algebra.p
        while top.name in ("Distinct", "Reduced"):
            top = top.p
        if top.name != "Project":
            raise Refused("LIMIT, OFFSET or aggregates in a SPARQL constraint")
        projected = [str(v) for v in top.PV]
        if "failure" in projected:
            raise Refused("?failure in a SPARQL constraint")
        pattern = top.p
        while pattern.name == "OrderBy":
            if not all(isinstance(c.expr, Variable) for c in pattern.expr):
                raise Refused("ORDER BY an expression in a SPARQL constraint")
            pattern = pattern.p
        expr = None
        if pattern.name == "Filter":
            expr = self._lift_exists(pattern.expr)
            pattern = pattern.p
        elements = self._top(pattern)
        fetch = list(dict.fromkeys([THIS, *map(Variable, projected), *_variables(expr)]))
        template = "SELECT {} WHERE {{\n  VALUES ?this {{ {{values}} }}\n  {}\n  {}\n}}".format(
            " ".join(f"?{v}" for v in fetch), "\n  ".join(elements), "\n  ".join(self.binds))
        indirect, indirect_foreign = self._predicate_variables()
        return Query(node, message, deactivated, projected, template, fetch,
                     frozenset(self.exists), expr, compile_filter(expr) if expr else None,
                     None if self.predicates is None else frozenset(self.predicates),
                     None if self.foreign is None else frozenset(self.foreign),
                     indirect, indirect_foreign, self._lookups())

    def _binders(self) -> dict[Any, set[URIRef]]:
        """Variable → the constant predicates of top-level patterns every solution binds it by."""
        found: dict[Any, set[URIRef]] = {}
        for (_, p, o), required in self.top:
            if required and isinstance(p, URIRef) and isinstance(o, (Variable, BNode)):
                found.setdefault(o, set()).add(p)
        return found

    def _predicate_variables(self) -> tuple[frozenset[URIRef], frozenset[URIRef]]:
        """The predicates whose values a predicate variable ranges over (for all, and foreign).

        ``?class irkg:plainSubject ?role`` in the top-level group binds ``?role`` to an
        object of ``irkg:plainSubject`` in every solution, EXISTS groups included (they
        see the outer bindings); a predicate variable nothing binds that way (``?x ?any
        ?y``) leaves the predicates unbounded.
        """
        binders = self._binders()
        indirect: set[URIRef] = set()
        foreign: set[URIRef] = set()
        patterns = [t for t, _ in self.top] + [t for group in self.groups for t in group]
        for s, p, _ in patterns:
            if isinstance(p, URIRef):
                continue
            bound = binders.get(p)
            if not bound:
                self.predicates = self.foreign = None
                return frozenset(), frozenset()
            indirect |= bound
            if s != THIS:
                foreign |= bound
        return frozenset(indirect), frozenset(foreign)

    def _lookups(self) -> tuple[Lookup, ...] | None:
        """The query's peer lookups; None if it reaches any node otherwise than forwards.

        A variable is *anchored* when a walk along patterns from ``$this`` (subject to
        object) binds it. Every top-level pattern must start at an anchored node, so
        that a shard's view, which follows the same walk, holds what it matches. An
        EXISTS group may also hold a *peer*: a variable it introduces only as a subject,
        whose every pattern either mirrors a required top-level pattern of ``$this``
        (same predicate term, same anchored object variable) or has a constant object.
        """
        if self.predicates is None:
            return None
        binders = self._binders()
        anchored = _walk({THIS}, [t for t, _ in self.top])
        if any(s not in anchored for (s, _, _), _ in self.top):
            return None
        required_own = {(p, o) for (s, p, o), required in self.top if required and s == THIS}
        found: list[Lookup] = []
        for group in self.groups:
            inner = _walk(anchored, group)
            peers = {s for s, _, _ in group if s not in inner}
            if peers and id(group) in self.unions:
                return None  # a peer need not match every pattern: not a PeerLookup
            for peer in peers:
                if any(o == peer or p == peer for _, p, o in group):
                    return None
                mirrors: list[Pred] = []
                constants: list[tuple[URIRef, Node]] = []
                for s, p, o in group:
                    if s != peer:
                        continue
                    if isinstance(p, URIRef) and isinstance(o, (URIRef, Literal)):
                        constants.append((p, o))
                    elif o in anchored and not isinstance(o, (URIRef, Literal)) \
                            and (p, o) in required_own:
                        mirrors.append(p if isinstance(p, URIRef)
                                       else Indirect(frozenset(binders[p])))
                    else:
                        return None
                if not mirrors:
                    return None
                found.append(Lookup(tuple(mirrors), tuple(constants)))
        return tuple(found)

    def _lift_exists(self, expr: Any) -> Any:
        """Replace each EXISTS by a variable that an Oxigraph BIND computes."""
        name = getattr(expr, "name", None)
        if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            var = Variable(f"x_irkg_exists_{len(self.exists)}")
            self.exists.append(var)
            negation = "NOT " if name == "Builtin_NOTEXISTS" else ""
            group: list[Pattern] = []
            self.groups.append(group)
            self.binds.append(f"BIND ({negation}EXISTS {{ {self._core(expr.graph, group)} }} "
                              f"AS ?{var})")
            return var
        if isinstance(expr, dict):
            for key, value in list(expr.items()):
                if key != "_vars":
                    expr[key] = self._lift_exists(value)
        elif isinstance(expr, list):
            return [self._lift_exists(x) for x in expr]
        return expr

    def _top(self, p: Any) -> list[str]:
        if p.name == "LeftJoin":
            if getattr(p.expr, "name", None) != "TrueFilter" or p.p2.name != "BGP":
                raise Refused("an OPTIONAL with more than triple patterns")
            return [*self._top(p.p1), f"OPTIONAL {{ {self._core(p.p2, None, False)} }}"]
        if p.name == "Join":
            return [*self._top(p.p1), f"{{ {self._core(p.p2)} }}"]
        return [f"{{ {self._core(p)} }}"]

    def _core(self, p: Any, group: list[Pattern] | None = None, required: bool = True) -> str:
        """The pattern as Oxigraph text; its triple patterns go to ``group`` (None: the top)."""
        if p.name == "BGP":
            for t in p.triples:
                if group is None:
                    self.top.append((tuple(t), required))
                else:
                    group.append(tuple(t))
            return " ".join(f"{self._term(s)} {self._predicate(s, pr)} {self._term(o)} ."
                            for s, pr, o in p.triples)
        if p.name == "Join":
            return (f"{{ {self._core(p.p1, group, required)} }} "
                    f"{{ {self._core(p.p2, group, required)} }}")
        if p.name == "Union":
            if group is not None:
                self.unions.add(id(group))
            return (f"{{ {self._core(p.p1, group, False)} }} UNION "
                    f"{{ {self._core(p.p2, group, False)} }}")
        raise Refused(f"{p.name} inside a SPARQL constraint's pattern")

    def _predicate(self, subject: Any, term: Any) -> str:
        if isinstance(term, URIRef):
            if self.predicates is not None:
                self.predicates.add(term)
            if self.foreign is not None and subject != THIS:
                self.foreign.add(term)
        elif isinstance(term, (Variable, BNode)):
            pass  # bounded, if at all, by the patterns that bind it (_predicate_variables)
        else:
            raise Refused("a property path in a SPARQL constraint")
        return self._term(term)

    def _term(self, term: Any) -> str:
        if isinstance(term, Variable):
            return f"?{term}"
        if isinstance(term, BNode):
            return "?" + self.blanks.setdefault(term, f"x_irkg_blank_{len(self.blanks)}")
        if isinstance(term, (URIRef, Literal)):
            iri = self.constants.setdefault(term, f"{CONSTANT_PREFIX}{len(self.constants)}")
            return f"<{iri}>"
        raise Refused(f"the term {term!r} in a SPARQL constraint")


def _variables(expr: Any) -> list[Variable]:
    if isinstance(expr, Variable):
        return [expr]
    if isinstance(expr, dict):
        return [v for key, value in expr.items() if key != "_vars" for v in _variables(value)]
    if isinstance(expr, list):
        return [v for x in expr for v in _variables(x)]
    return []


def _walk(start: set[Any], patterns: list[Pattern]) -> set[Any]:
    """The variables (and blank nodes) a walk from ``start`` along ``patterns`` binds."""
    found = set(start)
    grew = True
    while grew:
        grew = False
        for s, p, o in patterns:
            if s in found:
                for term in (p, o):
                    if isinstance(term, (Variable, BNode)) and term not in found:
                        found.add(term)
                        grew = True
    return found
