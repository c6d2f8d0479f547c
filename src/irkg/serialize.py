"""Serialise stage: deterministic, readable Turtle, TriG and N-Quads.

rdflib's serialisers do not promise a stable order, and reviewers diff
``out/`` in pull requests, so irkg writes RDF itself: fixed prefixes, a
``@base`` for our own identifiers, subjects in IRI order, ``rdf:type`` and
labels first, objects sorted, canonical literal forms, never a blank node.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from irkg.errors import Unpublishable
from irkg.terms import ID, PREFIXES

_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_BASE = str(ID)
_PREDICATE_FIRST = {RDF.type: "0", RDFS.label: "1"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


def _escape(text: str) -> str:
    return "".join(
        _ESCAPES.get(c) or (f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
        for c in text
    )


# Characters RFC 3987 forbids in an IRI, and Turtle in an IRIREF.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


Prefixes = tuple[tuple[str, str], ...]


def iri(node: URIRef, prefixes: Prefixes = PREFIXES) -> str:
    s = str(node)
    if _NOT_IN_IRI.search(s):
        raise Unpublishable(f"{s!r} is not a valid IRI", "report this as a bug in irkg")
    for prefix, ns in prefixes:
        if s.startswith(ns) and _LOCAL.fullmatch(s[len(ns):]):
            return f"{prefix}:{s[len(ns):]}"
    if s.startswith(_BASE) and ">" not in s:
        return f"<{s[len(_BASE):]}>"
    return f"<{s}>"


def term(node: Node, prefixes: Prefixes = PREFIXES) -> str:
    if isinstance(node, URIRef):
        return iri(node, prefixes)
    if isinstance(node, Literal):
        lexical = f'"{_escape(str(node))}"'
        if node.language:
            return f"{lexical}@{node.language}"
        dt = node.datatype
        if dt is None or dt == XSD.string:
            return lexical
        if dt == XSD.boolean and str(node) in ("true", "false"):
            return str(node)
        if dt == XSD.integer and re.fullmatch(r"-?[0-9]+", str(node)):
            return str(node)
        return f"{lexical}^^{iri(dt, prefixes)}"
    raise Unpublishable(f"blank node {node!r} in the graph", "give every node an IRI")


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (2, str(node), "", "")


def _predicate_key(p: URIRef) -> str:
    return _PREDICATE_FIRST.get(p, "2") + iri(p)


def _block(graph: Graph, subject: URIRef, indent: str) -> list[str]:
    lines = [indent + term(subject)]
    preds = sorted({p for p in graph.predicates(subject) if isinstance(p, URIRef)},
                   key=_predicate_key)
    for i, p in enumerate(preds):
        objs = sorted(graph.objects(subject, p), key=_sort_key)
        end = " ." if i == len(preds) - 1 else " ;"
        name = "a" if p == RDF.type else iri(p)
        rendered = [term(o) for o in objs]
        if len(rendered) == 1:
            lines.append(f"{indent}    {name} {rendered[0]}{end}")
        else:
            lines.append(f"{indent}    {name} {rendered[0]},")
            for j, r in enumerate(rendered[1:], start=1):
                lines.append(f"{indent}        {r}{end if j == len(rendered) - 1 else ','}")
    return lines


def _subjects(graph: Graph) -> list[URIRef]:
    subjects = set(graph.subjects())
    for s, _, o in graph:
        for n in (s, o):
            if isinstance(n, BNode):
                term(n)  # raises
    return sorted(subjects, key=str)  # type: ignore[arg-type]


def _header() -> list[str]:
    return [f"@base <{_BASE}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES]


def to_turtle(graph: Graph) -> str:
    out = _header()
    for s in _subjects(graph):
        out.append("")
        out.extend(_block(graph, s, ""))
    return "\n".join(out) + "\n"


def to_trig(graphs: Iterable[tuple[URIRef, Graph]]) -> str:
    out = _header()
    for name, graph in sorted(graphs, key=lambda ng: str(ng[0])):
        out.append("")
        out.append(f"{iri(name)} {{")
        for i, s in enumerate(_subjects(graph)):
            if i:
                out.append("")
            out.extend(_block(graph, s, "    "))
        out.append("}")
    return "\n".join(out) + "\n"


def _nt(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        lexical = f'"{_escape(str(node))}"'
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{lexical}^^<{node.datatype}>"
        return lexical
    raise Unpublishable(f"blank node {node!r} in the graph", "give every node an IRI")


def ntriples(graph: Graph) -> tuple[str, ...]:
    """The graph as sorted N-Triples lines (without line ends)."""
    return tuple(sorted(f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in graph))


def to_nquads(graphs: Iterable[tuple[URIRef, Graph]]) -> str:
    lines = sorted(
        f"{_nt(s)} {_nt(p)} {_nt(o)} <{name}> ."
        for name, graph in graphs
        for s, p, o in graph
    )
    return "\n".join(lines) + ("\n" if lines else "")


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` in one step, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
