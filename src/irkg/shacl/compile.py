"""Shapes graph → :class:`Shape` trees, refusing whatever would not match pyshacl.

Shapes are found as pyshacl finds them (declared node and property shapes,
subjects of targets, sh:property and sh:node, and every value of a
shape-expecting parameter), and each parameter is checked the way pyshacl
checks it when it builds the constraint. Anything pyshacl would reject,
evaluate nondeterministically, or that this engine does not implement raises
:class:`UnsupportedShapes` naming the shape and the feature.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from irkg.shacl import core
from irkg.shacl.messages import TEMPLATES, Generic
from irkg.shacl.params import Params
from irkg.shacl.shapes import Constraint, NodeRef, PropertyRef, Shape
from irkg.shacl.sparql import Sparql
from irkg.shacl.sparql_compile import Refused, compile_query

#: Parameters understood on a shape; any other sh: predicate there is refused.
KNOWN = {SH[n] for n in (
    "path property node targetClass targetNode targetSubjectsOf targetObjectsOf severity "
    "deactivated message name description order group defaultValue minCount maxCount datatype "
    "nodeKind pattern flags minLength maxLength languageIn in hasValue class or and not xone "
    "qualifiedValueShape qualifiedMinCount qualifiedMaxCount qualifiedValueShapesDisjoint "
    "lessThan lessThanOrEquals equals disjoint sparql").split()}
_LOGICAL = {SH["not"]: SH.NotConstraintComponent, SH["and"]: SH.AndConstraintComponent,
            SH["or"]: SH.OrConstraintComponent, SH.xone: SH.XoneConstraintComponent}
_PAIRS = {SH.equals: SH.EqualsConstraintComponent, SH.disjoint: SH.DisjointConstraintComponent,
          SH.lessThan: SH.LessThanConstraintComponent,
          SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent}


class Compiler(Params):
    """One pass over one shapes graph: :meth:`discover` the shapes, then :meth:`build` them."""

    def discover(self) -> None:
        """pyshacl's ``_build_node_shape_cache``: which nodes are shapes, and which have paths."""
        g = self.g
        for s in g.subjects(RDF.type, SH.ConstraintComponent):
            if not str(s).startswith(str(SH)):
                raise self.refuse("a custom constraint component", s)
        declared_nodes = set(g.subjects(RDF.type, SH.NodeShape))
        declared_props = set(g.subjects(RDF.type, SH.PropertyShape))
        implied = {s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf,
                               SH.targetSubjectsOf, SH.property, SH.node)
                   for s in g.subjects(p, None)}
        implied |= {o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
                    for o in g.objects(None, p)}
        for p in (SH["and"], SH["or"], SH.xone):
            for lst in g.objects(None, p):
                members = self.items(lst)
                if not members:
                    raise self.refuse(f"an empty or malformed {p.n3(g.namespace_manager)} list",
                                      next(g.subjects(p, lst)))
                implied.update(members)
        for node in declared_nodes | declared_props | implied:
            self._current = node
            if not isinstance(node, (URIRef, BNode)):
                raise self.refuse("a literal used as a shape")
            paths = self.values(node, SH.path)
            if node in declared_nodes and (paths or node in declared_props):
                raise self.refuse("sh:path on a sh:NodeShape")
            if len(paths) > 1 or (node in declared_props and not paths):
                raise self.refuse("a property shape without exactly one sh:path")
            if paths and not isinstance(paths[0], URIRef):
                raise self.refuse("a complex property path")
            path = paths[0] if paths and isinstance(paths[0], URIRef) else None
            self.shapes[node] = self._head(node, path)

    def _head(self, node: Node, path: URIRef | None) -> Shape:
        off = self.single(node, SH.deactivated)
        if off is not None and not isinstance(off, Literal):
            raise self.refuse("a non-literal sh:deactivated")
        severity = self.single(node, SH.severity) or SH.Violation
        if not isinstance(severity, URIRef):
            raise self.refuse("a severity that is not an IRI")
        message = self.single(node, SH.message)
        if message is not None and not isinstance(message, Literal):
            raise self.refuse("a message that is not a literal")
        for p in set(self.g.predicates(node, None)):
            if str(p).startswith(str(SH)) and p not in KNOWN:
                raise self.refuse(p.n3(self.g.namespace_manager))
        return Shape(node, path, severity, message, bool(off is not None and off.value))

    def build(self) -> None:
        for node, shape in self.shapes.items():
            self._current = node
            shape.constraints = list(self._constraints(shape))

    def _constraints(self, shape: Shape) -> Iterator[Constraint]:
        node, g = shape.node, self.g
        present = set(g.predicates(node, None))
        for predicate in (SH.minCount, SH.maxCount):
            if predicate in present:
                yield self._count(shape, predicate)
        if SH["class"] in present:
            classes = self.values(node, SH["class"])
            yield self._generic(core.Class(classes), shape, *classes)
        if SH.datatype in present:
            rule = self.single(node, SH.datatype)
            if not isinstance(rule, URIRef):
                raise self.refuse("an sh:datatype that is not an IRI")
            yield self._generic(core.Datatype(rule), shape, rule)
        if SH.nodeKind in present:
            kind = self.single(node, SH.nodeKind)
            if kind not in core._KINDS:
                raise self.refuse("an unknown sh:nodeKind")
            assert isinstance(kind, URIRef)
            yield self._generic(core.NodeKind(kind), shape, kind)
        for predicate in (SH.minLength, SH.maxLength):
            if predicate in present:
                yield self._length(shape, predicate)
        if SH.pattern in present:
            yield self._pattern(shape)
        if SH.languageIn in present:
            lst = self.single(node, SH.languageIn)
            assert lst is not None
            langs = self.items(lst)
            if not all(isinstance(x, Literal) and isinstance(x.value, str) for x in langs):
                raise self.refuse("an sh:languageIn member that is not a string")
            yield self._generic(core.LanguageIn({str(x).lower() for x in langs}), shape, lst)
        if SH["in"] in present:
            lst = self.single(node, SH["in"])
            assert lst is not None
            members = self.items(lst)
            c = core.In(set(members))
            if len(c.members) == 1:
                c.generic = Generic(TEMPLATES["InConstraintComponent"],
                                    arg=str([self.show(members[0])]))
            yield c
        if SH.hasValue in present:
            yield self._has_value(shape)
        for predicate, component in _PAIRS.items():
            if predicate in present:
                yield self._pair(shape, predicate, component)
        if SH.node in present:
            targets = [self.shape(n, False) for n in self.values(node, SH.node)]
            yield self._generic(NodeRef(targets), shape, *(t.node for t in targets))
        if SH.property in present:
            yield PropertyRef([self.shape(n, True) for n in self.values(node, SH.property)])
        for predicate, component in _LOGICAL.items():
            if predicate in present:
                yield self._logical(shape, predicate, component)
        if present & {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
                      SH.qualifiedValueShapesDisjoint} and shape.path is not None:
            yield self._qualified(shape)
        if SH.sparql in present:
            queries = []
            for q in self.values(node, SH.sparql):
                try:
                    queries.append(compile_query(g, q, self.constants))
                except Refused as exc:
                    raise self.refuse(str(exc)) from None
                message = queries[-1].message
                if message is not None and shape.message not in (None, message):
                    raise self.refuse("messages on both a shape and its SPARQL constraint")
            yield Sparql(queries)

