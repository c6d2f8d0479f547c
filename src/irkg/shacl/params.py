"""Reading one constraint parameter of a shape as pyshacl reads it, or refusing it.

Each builder checks what pyshacl's constraint class checks when it is
constructed (counts, lengths and patterns of the right kind, lists that are
lists), and attaches the message pyshacl would make up for the shape if it
has no ``sh:message``, where that message is a function of the shapes alone.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from irkg.shacl import core
from irkg.shacl.messages import (
    HAS_VALUE_NODE,
    HAS_VALUE_PATH,
    TEMPLATES,
    Generic,
    NotRenderable,
    Show,
)
from irkg.shacl.report import UnsupportedShapes
from irkg.shacl.shapes import Constraint, Count, Logical, Qualified, Shape

_WHOLE = {XSD.integer, XSD.int, XSD.long, XSD.negativeInteger, XSD.nonNegativeInteger,
          XSD.nonPositiveInteger, XSD.positiveInteger, XSD.short, XSD.unsignedByte,
          XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort}


class Params:
    """The shapes graph, the shapes found in it, and the per-parameter builders."""

    def __init__(self, graph: Graph, show: Show) -> None:
        self.g = graph
        self.show = show
        self.shapes: dict[Node, Shape] = {}
        #: IRIs and literals named in SPARQL constraints, with their opaque Oxigraph IRIs.
        self.constants: dict[Node, str] = {}
        self._current: Node = URIRef("")

    def refuse(self, feature: str, shape: Node | None = None) -> UnsupportedShapes:
        return UnsupportedShapes(self._current if shape is None else shape, feature)

    def values(self, node: Node, predicate: URIRef) -> list[Node]:
        return list(self.g.objects(node, predicate))

    def single(self, node: Node, predicate: URIRef) -> Node | None:
        found = set(self.g.objects(node, predicate))
        if len(found) > 1:
            raise self.refuse(f"several {predicate.n3(self.g.namespace_manager)} values")
        return next(iter(found), None)

    def items(self, node: Node) -> list[Node]:
        return list(self.g.items(node))

    def shape(self, node: Node, property_shape: bool | None = None) -> Shape:
        found = self.shapes.get(node)
        if found is None:
            raise self.refuse(f"a reference to {node.n3()}, which is not a shape")
        if property_shape is not None and (found.path is not None) != property_shape:
            kind = "property" if property_shape else "node"
            raise self.refuse(f"a reference to {node.n3()}, which is not a {kind} shape")
        return found

    def _generic(self, c: Constraint, shape: Shape, *args: Node) -> Constraint:
        """Attach pyshacl's made-up message when it is a function of one rendered argument."""
        if len(args) == 1:
            try:
                c.generic = Generic(TEMPLATES[str(c.component).rsplit("#", 1)[-1]],
                                    arg=self.show(args[0]))
            except NotRenderable:
                pass
        return c

    def _count(self, shape: Shape, predicate: URIRef) -> Constraint:
        value = self.single(shape.node, predicate)
        if shape.path is None:
            raise self.refuse(f"{predicate.n3(self.g.namespace_manager)} on a node shape")
        if not (isinstance(value, Literal) and value.datatype == XSD.integer
                and isinstance(value.value, int) and value.value >= 0):
            raise self.refuse("a count that is not a non-negative xsd:integer")
        least = predicate == SH.minCount
        component = SH.MinCountConstraintComponent if least else SH.MaxCountConstraintComponent
        c = Count(component, value.value if least else None, None if least else value.value)
        c.generic = Generic(TEMPLATES[str(component).rsplit("#", 1)[-1]],
                            count=str(value.value), path=self.show(shape.path))
        return c

    def _length(self, shape: Shape, predicate: URIRef) -> Constraint:
        value = self.single(shape.node, predicate)
        if not (isinstance(value, Literal) and value.datatype in _WHOLE and not value.ill_typed
                and isinstance(value.value, int) and value.value >= 0):
            raise self.refuse("a length that is not a non-negative integer")
        component = (SH.MinLengthConstraintComponent if predicate == SH.minLength
                     else SH.MaxLengthConstraintComponent)
        c = core.Length(component, value.value)
        c.generic = Generic(TEMPLATES[str(component).rsplit("#", 1)[-1]], data_arg=value)
        return c

    def _pattern(self, shape: Shape) -> Constraint:
        patterns = self.values(shape.node, SH.pattern)
        flags = self.single(shape.node, SH.flags)
        if flags is not None and not (isinstance(flags, Literal) and isinstance(flags.value, str)):
            raise self.refuse("sh:flags that are not a string")
        mode = 0
        if flags:
            mode |= re.I if "i" in str(flags.value).lower() else 0
            mode |= re.M if "m" in str(flags.value).lower() else 0
        compiled = []
        for p in patterns:
            if not (isinstance(p, Literal) and isinstance(p.value, str)):
                raise self.refuse("an sh:pattern that is not a string")
            try:
                compiled.append(re.compile(str(p.value), mode))
            except re.error:
                raise self.refuse("an sh:pattern Python cannot compile") from None
        c = core.Pattern(compiled)
        if len(patterns) == 1:
            c.generic = Generic(TEMPLATES["PatternConstraintComponent"], arg=str(patterns[0]))
        return c

    def _has_value(self, shape: Shape) -> Constraint:
        values = self.values(shape.node, SH.hasValue)
        c = core.HasValue(values)
        if len(set(values)) == 1:
            the_set = str([self.show(values[0])])
            if shape.path is None:
                c.generic = Generic(HAS_VALUE_NODE, arg=the_set)
            else:
                c.generic = Generic(HAS_VALUE_PATH, arg=the_set, path=self.show(shape.path))
        return c

    def _pair(self, shape: Shape, predicate: URIRef, component: URIRef) -> Constraint:
        others = list(set(self.values(shape.node, predicate)))
        if predicate in (SH.lessThan, SH.lessThanOrEquals):
            if shape.path is None:
                raise self.refuse(f"{predicate.n3(self.g.namespace_manager)} on a node shape")
            if not all(isinstance(o, URIRef) for o in others):
                raise self.refuse(f"{predicate.n3(self.g.namespace_manager)} with a non-IRI")
        return self._generic(core.Pair(component, others), shape, *others)

    def _logical(self, shape: Shape, predicate: URIRef, component: URIRef) -> Constraint:
        lists: list[list[Shape]] = []
        for value in self.values(shape.node, predicate):
            if predicate == SH["not"]:
                lists.append([self.shape(value)])
                continue
            members = [self.shape(m) for m in self.items(value)]
            if predicate != SH.xone:  # pyshacl keeps sh:and and sh:or members in a set
                members = list({id(m): m for m in members}.values())
            lists.append(members)
        c = Logical(component, lists)
        values = self.values(shape.node, predicate)
        if len(values) == 1:
            try:
                arg = (self.show(values[0]) if predicate == SH["not"]
                       else " , ".join(self.show(m) for m in self.items(values[0])))
                c.generic = Generic(TEMPLATES[str(component).rsplit("#", 1)[-1]], arg=arg)
            except NotRenderable:
                pass
        return c

    def _qualified(self, shape: Shape) -> Constraint:
        node, g = shape.node, self.g
        targets = [self.shape(v) for v in set(self.values(node, SH.qualifiedValueShape))]
        if not targets:
            raise self.refuse("sh:qualifiedMinCount or MaxCount without sh:qualifiedValueShape")
        counts: list[int | None] = []
        for predicate in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
            value = self.single(node, predicate)
            if value is not None and not (isinstance(value, Literal) and type(value.value) is int
                                          and value.value >= 0):
                raise self.refuse("a qualified count that is not a non-negative integer")
            counts.append(None if value is None else int(value.value))
        if counts == [None, None]:
            raise self.refuse("sh:qualifiedValueShape without a qualified count")
        disjoint = any(isinstance(d, Literal) and isinstance(d.value, bool) and d.value
                       for d in self.values(node, SH.qualifiedValueShapesDisjoint))
        pairs = []
        for target in targets:
            siblings: list[Shape] = []
            if disjoint:
                found = {s for parent in g.subjects(SH.property, node)
                         for prop in g.objects(parent, SH.property)
                         for s in g.objects(prop, SH.qualifiedValueShape) if s != target.node}
                siblings = [self.shapes[s] for s in found if s in self.shapes]
            pairs.append((target, siblings))
        c = Qualified(pairs, counts[0], counts[1], disjoint)
        if len(targets) == 1:
            words = "".join(f" {w} {n}" for w, n in zip(("MinCount", "MaxCount"), counts,
                                                      strict=True) if n is not None)
            try:
                c.generic = Generic(TEMPLATES["QualifiedValueShapeConstraintComponent"],
                                    arg=f"{words}: {self.show(targets[0].node)}")
            except NotRenderable:
                pass
        return c

