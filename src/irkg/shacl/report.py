"""Results: the value both engines produce, its report graph, and pyshacl as the reference.

Both engines (irkg's own and pyshacl) speak in :class:`Result` values so that
a differential test can compare them with ``==``, and so that callers can
shard, cache and merge results without holding an rdflib report graph.
pyshacl stays the validator of record: :func:`pyshacl_results` runs it with
the options irkg always used and reads its report back into results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from irkg.errors import IrkgError

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Result:
    """One ``sh:ValidationResult``, field for field as pyshacl reports it."""

    focus: Node
    #: sh:sourceShape
    shape: Node
    #: sh:sourceConstraintComponent
    component: URIRef
    #: sh:resultSeverity: sh:Violation, sh:Warning or sh:Info
    severity: URIRef
    #: sh:resultPath: the predicate of a property shape (paths are simple IRIs)
    path: Node | None
    #: sh:value
    value: Node | None
    #: sh:resultMessage; None where pyshacl gives none
    message: Literal | None

    def key(self) -> tuple[str, ...]:
        """A total order: results are compared as sorted lists, so ties must not exist.

        ``n3()`` distinguishes what ``str()`` conflates (an IRI and a string
        with the same text, or two language tags), so equal keys mean equal
        results.
        """
        return tuple("" if n is None else n.n3() for n in (
            self.focus, self.shape, self.component, self.severity,
            self.path, self.value, self.message))


class UnsupportedShapes(IrkgError):
    """The shapes use SHACL this engine does not evaluate (exactly as pyshacl would).

    Refusing at compile time is what makes the fast engine safe: anything it
    accepts it evaluates identically to pyshacl, anything else is named here
    so the user can fall back to the validator of record.
    """

    def __init__(self, shape: Node, feature: str) -> None:
        self.shape = shape
        self.feature = feature
        name = shape.n3() if hasattr(shape, "n3") else str(shape)
        super().__init__(f"shape {name} uses {feature}, which the fast SHACL engine does not "
                         "support", "validate with --engine pyshacl")


def results_graph(results: Sequence[Result], conforms: bool) -> Graph:
    """A ``sh:ValidationReport`` shaped like pyshacl's, so report writers need not care.

    pyshacl also nests ``sh:detail`` results under ``sh:node`` failures and
    names the SPARQL constraint node (``sh:sourceConstraint``); neither is part
    of a :class:`Result`, so neither is written here.
    """
    graph = Graph(bind_namespaces="core")
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for result in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        graph.add((node, SH.sourceShape, result.shape))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.resultSeverity, result.severity))
        if result.path is not None:
            graph.add((node, SH.resultPath, result.path))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        if result.message is not None:
            graph.add((node, SH.resultMessage, result.message))
    return graph


def _one(graph: Graph, node: Node, predicate: URIRef) -> Node | None:
    """The value of a result field; several messages (one per language) keep the first by n3."""
    values = sorted(graph.objects(node, predicate), key=lambda n: n.n3())
    return values[0] if values else None


def read_results(report: Graph) -> list[Result]:
    """The top-level results of a report graph (``sh:result``), sorted by :meth:`Result.key`.

    Results nested under ``sh:detail`` are not results of the report in the
    W3C sense: they explain an ``sh:node`` failure that is itself reported.
    """
    out: list[Result] = []
    for top in report.subjects(RDF.type, SH.ValidationReport):
        for node in report.objects(top, SH.result):
            focus = _one(report, node, SH.focusNode)
            shape = _one(report, node, SH.sourceShape)
            component = _one(report, node, SH.sourceConstraintComponent)
            severity = _one(report, node, SH.resultSeverity)
            message = _one(report, node, SH.resultMessage)
            assert focus is not None and shape is not None
            assert isinstance(component, URIRef) and isinstance(severity, URIRef)
            assert message is None or isinstance(message, Literal)
            out.append(Result(focus, shape, component, severity,
                              _one(report, node, SH.resultPath), _one(report, node, SH.value),
                              message))
    out.sort(key=Result.key)
    return out


def pyshacl_results(data: Iterable[Triple], shapes: Graph,
                    focus: Callable[[Node], bool] | None = None) -> list[Result]:
    """pyshacl's results on ``data``, optionally only those whose focus node ``focus`` accepts.

    pyshacl cannot skip focus nodes by predicate, so it validates everything
    and the results are filtered afterwards; the fast engine never computes
    the others.
    """
    from pyshacl import validate  # imported here: it is slow to import and rarely needed

    graph = Graph()
    for triple in data:
        graph.add(triple)
    _, report, _ = validate(graph, shacl_graph=shapes, inference="none",
                            abort_on_first=False, allow_warnings=True)
    assert isinstance(report, Graph)
    results = read_results(report)
    return results if focus is None else [r for r in results if focus(r.focus)]
