"""SHACL Core components that judge value nodes one by one, as pyshacl judges them.

Where pyshacl departs from the letter of the spec the code follows pyshacl:
sh:datatype trusts rdflib's ``ill_typed`` flag and Python value types,
sh:pattern uses Python's ``re`` with only the ``i`` and ``m`` flags,
sh:languageIn matches a tag or its first subtag case-insensitively, and
sh:lessThan compares with rdflib's ``Literal`` operators.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from irkg.shacl.report import Result
from irkg.shacl.shapes import Constraint, Each, Evaluator, Outcome, Pairs, Shape

_ACTUAL: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
    XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
    XSD.time: time, XSD.dateTime: datetime,
}


class Datatype(Each):
    component = SH.DatatypeConstraintComponent

    def __init__(self, rule: URIRef) -> None:
        self.rule = str(rule)
        self.expected = _ACTUAL.get(rule)
        self.any_literal = rule == RDFS.Literal
        self.any_typed = rule == RDFS.Datatype
        self.string = rule == XSD.string
        self.lang_string = rule == RDF.langString

    def ok(self, ev: Evaluator, value: Node) -> bool:
        if not isinstance(value, Literal):
            return False
        datatype = value.datatype
        # datatypes are IRIs: comparing their text is rdflib's equality, without its cost
        if datatype is not None and str.__eq__(datatype, self.rule):
            return getattr(value, "ill_typed", None) is not True and self._actual(value)
        if self.any_literal:
            return True
        if self.any_typed and datatype:
            return True
        if datatype is None and value.language is None and self.string:
            return self._actual(value)
        if self.lang_string and value.language:
            return self._actual(value)
        return False

    def _actual(self, value: Literal) -> bool:
        """pyshacl's second check: the Python value type, for the few datatypes it knows."""
        return self.expected is None or isinstance(value.value, self.expected)


class Class(Constraint):
    component = SH.ClassConstraintComponent

    def __init__(self, classes: list[Node]) -> None:
        self.classes = classes

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        is_instance = ev.index.is_instance
        found = [self.result(ev, shape, f, v, report)
                 for cls in self.classes for f, values in pairs for v in values
                 if not is_instance(v, cls)]
        return not found, found


_STRINGS = (None, str(RDF.langString), str(XSD.string))
_KINDS: dict[URIRef, tuple[bool, bool, bool]] = {  # (IRI, blank node, literal) allowed
    SH.IRI: (True, False, False), SH.BlankNode: (False, True, False),
    SH.Literal: (False, False, True), SH.BlankNodeOrIRI: (True, True, False),
    SH.BlankNodeOrLiteral: (False, True, True), SH.IRIOrLiteral: (True, False, True),
}


class NodeKind(Each):
    component = SH.NodeKindConstraintComponent

    def __init__(self, rule: URIRef) -> None:
        self.iri, self.blank, self.literal = _KINDS.get(rule, (False, False, False))

    def ok(self, ev: Evaluator, value: Node) -> bool:
        if isinstance(value, BNode):
            return self.blank
        if isinstance(value, Literal):
            return self.literal
        return self.iri


def as_text(value: Node) -> str:
    """pyshacl's string form of a value node for length and pattern checks."""
    if (isinstance(value, Literal) and value.value is not None
            and (value.datatype is None or str(value.datatype) in _STRINGS)):
        return str(value.value)
    return str(value)


class Length(Each):
    def __init__(self, component: URIRef, limit: int) -> None:
        self.component, self.limit = component, limit
        self.least = component == SH.MinLengthConstraintComponent

    def ok(self, ev: Evaluator, value: Node) -> bool:
        if self.least:
            if self.limit == 0:
                return True
            return not isinstance(value, BNode) and len(as_text(value)) >= self.limit
        return not isinstance(value, BNode) and len(as_text(value)) <= self.limit


class Pattern(Constraint):
    component = SH.PatternConstraintComponent

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = patterns

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        found = [self.result(ev, shape, f, v, report)
                 for p in self.patterns for f, values in pairs for v in values
                 if isinstance(v, BNode) or not p.search(as_text(v))]
        return not found, found


class LanguageIn(Each):
    component = SH.LanguageInConstraintComponent

    def __init__(self, languages: set[str]) -> None:
        self.languages = languages
        self.any = "*" in languages

    def ok(self, ev: Evaluator, value: Node) -> bool:
        if not isinstance(value, Literal) or not value.language:
            return False
        lang = str(value.language)
        return (self.any or lang.lower() in self.languages
                or lang.split("-")[0].lower() in self.languages)


class In(Each):
    component = SH.InConstraintComponent

    def __init__(self, members: set[Node]) -> None:
        self.members = members

    def ok(self, ev: Evaluator, value: Node) -> bool:
        return value in self.members


class HasValue(Constraint):
    component = SH.HasValueConstraintComponent

    def __init__(self, values: list[Node]) -> None:
        self.values = values

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        # ``in`` is ``any(v is hv or v == hv)``: pyshacl's ``v == hv``, identity first
        found = [self.result(ev, shape, f, None, report)
                 for hv in self.values for f, values in pairs if hv not in values]
        return not found, found


class Pair(Constraint):
    """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: values against another property."""

    def __init__(self, component: URIRef, predicates: list[Node]) -> None:
        self.component, self.predicates = component, predicates

    def evaluate(self, ev: Evaluator, shape: Shape, pairs: Pairs, report: bool) -> Outcome:
        found: list[Result] = []
        for p in self.predicates:
            for f, values in pairs:
                others = ev.index.objects(f, p)
                found.extend(self.result(ev, shape, f, v, report)
                             for v in self._offending(set(values), set(others)))
        return not found, found

    def _offending(self, values: set[Node], others: set[Node]) -> list[Node]:
        component = self.component
        if component == SH.EqualsConstraintComponent:
            return [*(values - others), *(others - values)]
        if component == SH.DisjointConstraintComponent:
            return list(values & others)
        strict = component == SH.LessThanConstraintComponent
        return [v for v in values for o in others if not _ordered(v, o, strict)]


def _ordered(value: Node, other: Node, strict: bool) -> bool:
    """pyshacl's comparison: strings (IRIs, string literals) only with strings, else rdflib's."""
    left, left_text = _comparable(value)
    right, right_text = _comparable(other)
    if left_text != right_text:
        return False
    return bool(left < right if strict else left <= right)


def _comparable(node: Node) -> tuple[Any, bool]:
    """The operand pyshacl compares, and whether it compares it as a string."""
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False
