"""Compiled shapes and the evaluator that runs them over a :class:`DataIndex`.

Each node of a shape tree is evaluated the way pyshacl's ``Shape.validate``
does it, including the parts that are not obvious from the SHACL spec: a
shape whose severity is sh:Info or sh:Warning always conforms (irkg runs with
``allow_warnings``), a failing constraint only makes its shape non-conforming
through results of a disallowed severity, and the results of nested shapes
are discarded except where sh:property passes them up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from irkg.shacl.index import DataIndex
from irkg.shacl.messages import Generic, Show
from irkg.shacl.report import Result

if TYPE_CHECKING:
    from irkg.shacl.sparql import SparqlRun

#: Focus nodes paired with their value nodes, as pyshacl's ``focus_value_nodes``.
Pairs = Sequence[tuple[Node, Collection[Node]]]
Outcome = tuple[bool, list[Result]]
ALLOWED = frozenset({SH.Info, SH.Warning})
_NOT, _AND, _OR = SH.NotConstraintComponent, SH.AndConstraintComponent, SH.OrConstraintComponent
_QMAX, _QMIN = SH.QualifiedMaxCountConstraintComponent, SH.QualifiedMinCountConstraintComponent


@dataclass(eq=False)
class Shape:
    node: Node
    #: The sh:path of a property shape, None for a node shape.
    path: URIRef | None
    severity: URIRef
    message: Literal | None
    deactivated: bool
    constraints: list[Constraint] = field(default_factory=list)

    @property
    def allows(self) -> bool:
        """Results of this severity never make a shape fail (``allow_warnings``)."""
        return self.severity in ALLOWED


class Evaluator:
    """One validation: the data, the SPARQL runs done so far, and how to render messages."""

    def __init__(self, index: DataIndex, show: Show,
                 make_sparql: Callable[[], SparqlRun] | None = None) -> None:
        self.index = index
        self.show = show
        self._make_sparql = make_sparql
        self._sparql: SparqlRun | None = None
        self._memo: dict[tuple[int, Node], Outcome] = {}

    @property
    def sparql(self) -> SparqlRun:
        """The Oxigraph store, loaded on first use: most validations need it once or never."""
        if self._sparql is None:
            assert self._make_sparql is not None
            self._sparql = self._make_sparql()
        return self._sparql

    def run(self, shape: Shape, focus: Sequence[Node], report: bool) -> Outcome:
        """Validate ``focus`` against ``shape``; ``report`` is False where results are discarded.

        Discarded results are still made (their number and severity decide
        conformance) but without their message, which nobody will read.
        """
        if shape.deactivated or not focus:
            return True, []
        pairs: Pairs
        if shape.path is None:
            pairs = [(f, (f,)) for f in focus]
        else:
            objects, path = self.index.objects, shape.path
            pairs = [(f, objects(f, path)) for f in focus]
        conforms = True
        results: list[Result] = []
        for constraint in shape.constraints:
            ok, found = constraint.evaluate(self, shape, pairs, report)
            if not ok and conforms and not shape.allows:
                conforms = all(r.severity in ALLOWED for r in found)
            results.extend(found)
        return conforms, results

    def conforms(self, shape: Shape, node: Node) -> Outcome:
        """Conformance of one value node to a shape, as the shape-expecting components ask it.

        Remembered: value shapes are asked about the same concepts and classes over and over.
        """
        key = (id(shape), node)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self.run(shape, (node,), False)
        return found


class Constraint:
    """One constraint component of one shape, with its parameters."""

    component: URIRef
    #: The message pyshacl makes up when the shape has no sh:message.
    generic: Generic | None = None

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        raise NotImplementedError

    def result(self, ev: Evaluator, shape: Shape, focus: Node, value: Node | None,
               report: bool, component: URIRef | None = None) -> Result:
        message = None
        if report:
            if shape.message is not None:
                message = shape.message
            elif self.generic is not None:
                message = self.generic.render(ev.show, focus, value)
        return Result(focus, shape.node, component or self.component, shape.severity,
                      shape.path, value, message)


class Each(Constraint):
    """A component that judges each value node on its own (most of SHACL Core)."""

    def ok(self, ev: Evaluator, value: Node) -> bool:
        raise NotImplementedError

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        found = [self.result(ev, shape, f, v, report)
                 for f, values in pairs for v in values if not self.ok(ev, v)]
        return not found, found


class Count(Constraint):
    def __init__(self, component: URIRef, least: int | None, most: int | None) -> None:
        self.component, self.least, self.most = component, least, most

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        if self.least is not None:
            if self.least == 0:
                return True, []
            found = [self.result(ev, shape, f, None, report)
                     for f, values in pairs if len(values) < self.least]
        else:
            assert self.most is not None
            found = [self.result(ev, shape, f, None, report)
                     for f, values in pairs if len(values) > self.most]
        return not found, found


class PropertyRef(Constraint):
    """sh:property: the property shapes' own results, passed up unchanged."""

    component = SH.PropertyConstraintComponent

    def __init__(self, shapes: list[Shape]) -> None:
        self.shapes = shapes

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        # pyshacl validates each value node on its own; one call with all of them gives the
        # same results and the same conformance (a conforming shape only passes up results of
        # an allowed severity), with one SPARQL query instead of one per value node.
        values = [v for _, vs in pairs for v in vs]
        conforms = True
        found: list[Result] = []
        for prop in self.shapes:
            ok, results = ev.run(prop, values, report)
            conforms = conforms and ok
            found.extend(results)
        return conforms, found


class NodeRef(Constraint):
    """sh:node: one result per value node that fails, or merely reports, in the node shape."""

    component = SH.NodeConstraintComponent

    def __init__(self, shapes: list[Shape]) -> None:
        self.shapes = shapes

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        found: list[Result] = []
        for target in self.shapes:
            for f, values in pairs:
                for v in values:
                    ok, nested = ev.conforms(target, v)
                    if not ok or nested:
                        found.append(self.result(ev, shape, f, v, report))
        return not found, found


class Logical(Constraint):
    """sh:not, sh:and, sh:or, sh:xone: judged on the nested shapes' conformance only."""

    def __init__(self, component: URIRef, lists: list[list[Shape]]) -> None:
        # the module's own objects, so that ``passes`` can compare by identity
        self.component = next((c for c in (_NOT, _AND, _OR) if c == component), component)
        self.lists = lists

    def passes(self, count: int, size: int) -> bool:
        component = self.component
        if component is _NOT:
            return count == 0
        if component is _AND:
            return count == size
        if component is _OR:
            return count > 0
        return count == 1

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        found: list[Result] = []
        for members in self.lists:
            for f, values in pairs:
                for v in values:
                    count = sum(1 for m in members if ev.conforms(m, v)[0])
                    if not self.passes(count, len(members)):
                        found.append(self.result(ev, shape, f, v, report))
        return not found, found


class Qualified(Constraint):
    """sh:qualifiedValueShape with its counts; siblings only when declared disjoint."""

    component = URIRef(f"{SH}QualifiedValueShapeConstraintComponent")

    def __init__(self, shapes: list[tuple[Shape, list[Shape]]], least: int | None,
                 most: int | None, disjoint: bool) -> None:
        self.shapes, self.least, self.most, self.disjoint = shapes, least, most, disjoint

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        if (not self.disjoint and (self.least is None or self.least < 1)
                and not any(values for _, values in pairs)):
            return True, []
        found: list[Result] = []
        for target, siblings in self.shapes:
            for f, values in pairs:
                count = sum(1 for v in values if ev.conforms(target, v)[0]
                            and not any(ev.conforms(s, v)[0] for s in siblings))
                if self.most is not None and count > self.most:
                    found.append(self.result(ev, shape, f, None, report, _QMAX))
                if self.least is not None and count < self.least:
                    found.append(self.result(ev, shape, f, None, report, _QMIN))
        return not found, found
