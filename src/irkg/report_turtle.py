"""The W3C SHACL validation report (``sh:ValidationReport``) as deterministic Turtle.

pyshacl builds the report with blank nodes, whose labels change from run to
run; a report committed or compared in CI must not. So the blank nodes are
skolemised as RDF 1.1 recommends, to IRIs under ``/.well-known/genid/``: the
report becomes ``genid:validation-report`` and each result an IRI named by a
hash of its own content (focus node, path, value, shape, constraint,
severity, message), so a result keeps its name while others come and go.
The shape of the report is otherwise exactly what SHACL specifies.
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from irkg.serialize import term
from irkg.terms import BASE, ID, PREFIXES, SH
from irkg.validate import Report

GENID = BASE + ".well-known/genid/"
REPORT_NODE = URIRef(GENID + "validation-report")
SHAPES = BASE + "shapes#"
#: The report's own prefixes, which published Turtle (and so :mod:`irkg.serialize`) lacks.
OWN_PREFIXES: tuple[tuple[str, str], ...] = (
    ("genid", GENID), ("sh", str(SH)), ("shape", SHAPES))
#: Prefixes of the report: its own, then those of published Turtle.
REPORT_PREFIXES = OWN_PREFIXES + PREFIXES
_FIRST: dict[Node, str] = {RDF.type: "0"}


def _digest(graph: Graph, node: Node, seen: frozenset[Node]) -> str:
    """A content hash of a blank node: its triples, with nested blank nodes hashed in turn."""
    lines = []
    for p, o in graph.predicate_objects(node):
        if isinstance(o, BNode):
            obj = "_:" + (_digest(graph, o, seen | {node}) if o not in seen else "cycle")
        else:
            obj = o.n3()
        lines.append(f"{p.n3()} {obj}")
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()


def skolemise(results: Graph) -> Graph:
    """The report with every blank node replaced by a stable ``genid:`` IRI."""
    names: dict[Node, URIRef] = {}
    for node in set(results.subjects()) | set(results.objects()):
        if not isinstance(node, BNode):
            continue
        if (node, RDF.type, SH.ValidationReport) in results:
            names[node] = REPORT_NODE
        else:
            kind = "result" if (node, RDF.type, SH.ValidationResult) in results else "node"
            names[node] = URIRef(
                f"{GENID}validation-{kind}-{_digest(results, node, frozenset())[:16]}")
    out = Graph()
    for s, p, o in results:
        out.add((names.get(s, s), p, names.get(o, o)))
    return out


def _term(node: Node) -> str:
    return term(node, REPORT_PREFIXES)


def _sort_key(node: Node) -> tuple[int, str]:
    return (0 if isinstance(node, URIRef) else 1, str(node))


def _subject_order(graph: Graph, subject: Node) -> tuple[int, str, str, str]:
    """The report first, then results by focus node, path and name: stable and readable."""
    if subject == REPORT_NODE:
        return (0, "", "", "")
    focus, path = graph.value(subject, SH.focusNode), graph.value(subject, SH.resultPath)
    return (1, str(focus or ""), str(path or ""), str(subject))


def render_turtle(report: Report) -> str:
    graph = skolemise(report.graph)
    out = [f"@base <{ID}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in REPORT_PREFIXES]
    for subject in sorted(set(graph.subjects()), key=lambda s: _subject_order(graph, s)):
        out.append("")
        out.append(_term(subject))
        preds = sorted(set(graph.predicates(subject)),
                       key=lambda p: _FIRST.get(p, "1") + _term(p))
        for i, p in enumerate(preds):
            objs = [_term(o) for o in sorted(graph.objects(subject, p), key=_sort_key)]
            end = " ." if i == len(preds) - 1 else " ;"
            out.append(f"    {'a' if p == RDF.type else _term(p)} "
                       + ",\n        ".join(objs) + end)
    return "\n".join(out) + "\n"

