"""Reading Turtle a user hands us (``irkg validate``, ``irkg diff``).

Oxigraph parses: its syntax errors carry a line and column, so a bad file is
reported as ``file:line:column: what``, where rdflib would raise anything from
``BadSyntax`` to a bare ``AssertionError``. The triples are then handed to
rdflib, which pyshacl and the diff work on.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from irkg.errors import InputError, Location, display_path
from irkg.terms import ID


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
              where: Location) -> URIRef | BNode | Literal:
    if isinstance(term, ox.Triple):
        raise InputError("RDF-star quoted triples are not supported",
                         "state the triple itself, or reify it with an IRI", where)
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def read_turtle(*paths: Path) -> Graph:
    """The union of the Turtle files; bad syntax is an :class:`InputError` at its line."""
    graph = Graph()
    for path in paths:
        shown = display_path(path)
        try:
            with path.open("rb") as fh:
                # Relative IRIs resolve against irkg's own base, never a machine path.
                for t in ox.parse(fh, format=ox.RdfFormat.TURTLE, base_iri=str(ID)):
                    where = Location(shown)
                    graph.add((to_rdflib(t.subject, where), to_rdflib(t.predicate, where),
                               to_rdflib(t.object, where)))
        except OSError as exc:
            raise InputError(f"cannot read {shown}: {exc.strerror}", "check the path") from None
        except SyntaxError as exc:
            detail = str(exc).split(": ", 1)[-1].rsplit(" (line", 1)[0]
            raise InputError(f"Turtle syntax error: {detail}", "fix the Turtle syntax",
                             Location(shown, exc.lineno or 0, exc.offset or 0)) from None
    return graph
