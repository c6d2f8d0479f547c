"""The text pyshacl writes for a result whose shape has no ``sh:message``.

A result's message is part of what the engines must agree on, and pyshacl
invents one per constraint component when the shape gives none. These
functions reproduce its wording and its rendering of terms (prefixed names
from the graph's namespace bindings, ``Literal("1", datatype=xsd:integer)``
for literals). Data terms are rendered with the bindings of a fresh rdflib
graph, which is what pyshacl's data graph has in :func:`pyshacl_results`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, NamespaceManager
from rdflib.term import Node

from irkg.errors import IrkgError

#: Renders one term; what pyshacl's ``stringify_node`` does for IRIs and literals.
Show = Callable[[Node], str]


class NotRenderable(Exception):
    """A term pyshacl would render in a way this module does not reproduce (a blank node)."""


def namespaces_of(graph: Graph) -> NamespaceManager:
    """The graph's bindings with ``sh:`` added the way pyshacl adds it before rendering."""
    manager = graph.namespace_manager
    manager.bind("sh", SH, override=False, replace=False)
    return manager


def shower(manager: NamespaceManager, graph: Graph | None = None) -> Show:
    """A renderer using ``manager``; ``graph`` resolves RDF lists (shapes graph only)."""

    def show(node: Node) -> str:
        if isinstance(node, Literal):
            return _literal(node, show)
        if isinstance(node, BNode):
            if graph is None or (node, RDF.first, None) not in graph:
                raise NotRenderable(node.n3())
            return "( {} )".format(" ".join(show(item) for item in graph.items(node)))
        if isinstance(node, URIRef):
            try:
                return node.n3(namespace_manager=manager)
            except Exception:
                return str(node)
        return str(node)

    return show


def _literal(node: Literal, show: Show) -> str:
    value = None if node.value is None else str(node.value)
    lexical = str(node)
    if value is not None:
        cut = value.find(" object at 0x")
        if cut > 0:
            value = value[:cut]
    text = f'"{lexical}" = {value}' if value is not None and value != lexical else f'"{lexical}"'
    lang = f", lang={node.language}" if node.language else ""
    datatype = f", datatype={show(node.datatype)}" if node.datatype else ""
    return f"Literal({text}{lang}{datatype})"


class DataShower:
    """Renders data terms lazily: the namespace manager is only built if a message needs it."""

    def __init__(self) -> None:
        self._show: Show | None = None

    def __call__(self, node: Node) -> str:
        if self._show is None:
            self._show = shower(namespaces_of(Graph()))
        try:
            return self._show(node)
        except NotRenderable:
            raise IrkgError(f"a generated SHACL message would show the blank node {node.n3()}",
                            "give it an IRI, or validate with --engine pyshacl") from None


#: Generic message templates, by component local name. ``{focus}`` and
#: ``{value}`` are data terms rendered at validation time; every other field
#: is rendered from the shapes graph when the shapes are compiled.
TEMPLATES: dict[str, str] = {
    "MinCountConstraintComponent": "Less than {count} values on {focus}->{path}",
    "MaxCountConstraintComponent": "More than {count} values on {focus}->{path}",
    "ClassConstraintComponent": "Value does not have class {arg}",
    "DatatypeConstraintComponent": "Value is not Literal with datatype {arg}",
    "NodeKindConstraintComponent": "Value is not of Node Kind {arg}",
    "MinLengthConstraintComponent": "String length not >= {data_arg}",
    "MaxLengthConstraintComponent": "String length not <= {data_arg}",
    "PatternConstraintComponent": "Value does not match pattern '{arg}'",
    "LanguageInConstraintComponent": "String language is not in {arg}",
    "InConstraintComponent": "Value {value} not in list {arg}",
    "NodeConstraintComponent":
        "Value does not conform to Shape {arg}. See details for more information.",
    "NotConstraintComponent": "Node {value} must not conform to shape {arg}",
    "AndConstraintComponent": "Node {value} must conform to all shapes in {arg}",
    "OrConstraintComponent": "Node {value} must conform to one or more shapes in {arg}",
    "XoneConstraintComponent": "Node {value} must conform to exactly one shape in {arg}",
    "QualifiedValueShapeConstraintComponent": "Focus node does not conform to shape{arg}",
    "EqualsConstraintComponent": "Value of {focus}->{arg} != {value}",
    "DisjointConstraintComponent": "Value of {focus}->{arg} == {value}",
    "LessThanConstraintComponent": "Value of {focus}->{arg} <= {value}",
    "LessThanOrEqualsConstraintComponent": "Value of {focus}->{arg} < {value}",
}
#: sh:hasValue words it differently on node shapes and property shapes.
HAS_VALUE_PATH = "Node {focus}->{path} does not contain a value in the set: {arg}"
HAS_VALUE_NODE = "Node {focus} value is not a in the set of values: {arg}"


class Generic:
    """A compiled generic message: the template with its shapes-graph fields filled in.

    Substitution is a single regex pass each time, never ``str.format``: the
    inserted texts (a pattern such as ``[a-z]{2,3}``, a data literal) may
    contain braces of their own.
    """

    __slots__ = ("data_arg", "text")

    def __init__(self, template: str, data_arg: Literal | None = None, **fields: str) -> None:
        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in _LATE:
                return f"\x00{name}\x00"
            return fields[name]

        self.text = _FIELD.sub(fill, template)
        self.data_arg = data_arg

    def render(self, show: Show, focus: Node, value: Node | None) -> Literal:
        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "focus":
                return show(focus)
            if name == "value":
                return "None" if value is None else show(value)
            return "None" if self.data_arg is None else show(self.data_arg)

        return Literal(_LATE_FIELD.sub(fill, self.text))


_FIELD = re.compile(r"\{(\w+)\}")
_LATE = ("focus", "value", "data_arg")
_LATE_FIELD = re.compile("\x00(focus|value|data_arg)\x00")
