"""Reading RDF a user hands us (``irkg validate``, ``irkg diff``).

Oxigraph parses: its syntax errors carry a line and column, so a bad file is
reported as ``file:line:column: what``, where rdflib would raise anything from
``BadSyntax`` to a bare ``AssertionError``. The triples are then handed to
rdflib, which pyshacl and the diff work on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from irkg.errors import InputError, Location, display_path
from irkg.files import open_regular
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


def ntriples_to_triples(text: str) -> set[tuple[Node, Node, Node]]:
    """Triples of N-Triples irkg wrote itself (from its cache): no user, so no located errors."""
    where = Location("(cache)")
    return {(to_rdflib(t.subject, where), to_rdflib(t.predicate, where),
             to_rdflib(t.object, where)) for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)}


_FORMATS = {".trig": (ox.RdfFormat.TRIG, "TriG"), ".nq": (ox.RdfFormat.N_QUADS, "N-Quads"),
            ".nt": (ox.RdfFormat.N_TRIPLES, "N-Triples")}


def read_rdf(*paths: Path) -> Graph:
    """The union of the files' triples (named graphs merged); bad syntax is an error at its line.

    Turtle unless the name ends in ``.trig``, ``.nq`` or ``.nt``, so the
    datasets ``irkg build --dataset`` writes can be validated and diffed too.
    """
    graph = Graph()
    for path in paths:
        for triple in read_triples(path):
            graph.add(triple)
    if paths and not len(graph):  # an empty graph conforms to any shape: say so, not pass it
        shown = display_path(paths[0])
        raise InputError(f"{shown} holds no triples" if len(paths) == 1 else
                         f"{shown} and the other files hold no triples",
                         "pass the graph files, such as those 'irkg build' wrote",
                         Location(shown, 1))
    return graph


def read_triples(path: Path) -> set[tuple[Node, Node, Node]]:
    """One file's triples (named graphs merged), as :func:`read_rdf` reads them."""
    shown = display_path(path)
    fmt, name = _FORMATS.get(path.suffix.lower(), (ox.RdfFormat.TURTLE, "Turtle"))
    where = Location(shown)
    triples: set[tuple[Node, Node, Node]] = set()
    try:
        with open_regular(path, f"the {name} file") as fh:
            # Relative IRIs resolve against irkg's own base, never a machine path.
            for t in ox.parse(fh, format=fmt, base_iri=str(ID)):
                triples.add((to_rdflib(t.subject, where), to_rdflib(t.predicate, where),
                             to_rdflib(t.object, where)))
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror}", "check the path",
                         where) from None
    except SyntaxError as exc:
        detail = str(exc).split(": ", 1)[-1].rsplit(" (line", 1)[0]
        raise InputError(f"{name} syntax error: {detail}", f"fix the {name} syntax",
                         Location(shown, exc.lineno or 0, exc.offset or 0)) from None
    return triples


MANIFEST = "manifest.json"


def manifest_graphs(out: Path) -> list[tuple[str, Path]]:
    """(graph IRI, file) of each graph the manifest of a build's ``out`` folder lists."""
    manifest = out / MANIFEST
    try:
        doc = json.loads(manifest.read_text("utf-8"))
        return [(str(g["graph"]), out / str(g["file"])) for g in doc["graphs"]]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(f"{display_path(manifest)} is not an irkg manifest",
                         "rebuild the folder with 'irkg build'",
                         Location(display_path(manifest), 1)) from None


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder stands for the graph files a build wrote there.

    A folder with ``manifest.json`` (an irkg ``out/``) means the files it
    lists; any other folder means every ``.ttl`` below it, in name order.
    """
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        if (path / MANIFEST).is_file():
            files.extend(f for _, f in manifest_graphs(path))
        else:
            found = sorted(path.rglob("*.ttl"))
            if not found:
                raise InputError(f"{display_path(path)} holds no Turtle (.ttl) files",
                                 "pass the graph files, or the out/ folder of a build")
            files.extend(found)
    return files
