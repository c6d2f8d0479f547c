"""What a load puts into a store: named graphs of N-Triples, from a build or a file.

Both store kinds (embedded and HTTP) take the same :class:`Dataset`, so a
graph is loaded byte-for-byte the same way whichever store receives it.
Each graph is held as sorted N-Triples lines: valid Turtle for a Graph Store
PUT, valid triples for a SPARQL ``INSERT DATA``, and its line count is the
triple count a load checks after upload.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from irkg.errors import InputError, display_path
from irkg.pipeline import Built, build_validated
from irkg.serialize import ntriples
from irkg.terms import ID, article_graph_iri

#: Every graph irkg loads is named below this IRI; a full load replaces all of them.
GRAPH_PREFIX = str(ID["graph/"])
#: Where uploads wait until they are checked; under GRAPH_PREFIX so a later full
#: load also sweeps away whatever an interrupted load left behind.
STAGING_PREFIX = GRAPH_PREFIX + "staging/"

_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
            ".nquads": ox.RdfFormat.N_QUADS}


@dataclass(frozen=True)
class Dataset:
    """Graph IRI → its triples as sorted N-Triples lines (no blank nodes)."""

    graphs: Mapping[str, tuple[str, ...]]
    source: str

    def triples(self) -> int:
        return sum(len(lines) for lines in self.graphs.values())

    def ntriples(self, graph: str) -> str:
        return "".join(line + "\n" for line in self.graphs[graph])

    def only_article(self, article_id: str) -> Dataset:
        """The one article's graph, for replacing it without touching the rest."""
        name = str(article_graph_iri(article_id))
        if name not in self.graphs:
            raise InputError(f"no article {article_id!r} in {self.source}",
                             "pass the article id, the annotation file name without .yaml")
        return Dataset({name: self.graphs[name]}, self.source)


def parse_dataset(data: bytes | str, fmt: ox.RdfFormat, source: str) -> Dataset:
    """Group a TriG or N-Quads document by named graph, refusing what cannot be replaced.

    Triples in the default graph could not be replaced article by article, and
    blank nodes cannot be compared across stores, so both are rejected.
    """
    graphs: dict[str, set[str]] = {}
    try:
        for quad in ox.parse(data, format=fmt):
            if not isinstance(quad.graph_name, ox.NamedNode):
                raise InputError(f"{source} has triples outside any named graph",
                                 "load a dataset written by 'irkg build --dataset trig'")
            terms = (quad.subject, quad.predicate, quad.object)
            if any(isinstance(t, ox.BlankNode) for t in terms):
                raise InputError(f"{source} contains blank nodes ({quad.subject} ...)",
                                 "give every node an IRI; irkg loads no blank nodes")
            line = f"{terms[0]} {terms[1]} {terms[2]} ."
            graphs.setdefault(quad.graph_name.value, set()).add(line)
    except SyntaxError as exc:
        detail = " ".join(str(exc).split())
        raise InputError(f"cannot parse {source}: {detail}", "fix the RDF syntax") from None
    if not graphs:
        raise InputError(f"{source} holds no triples", "build the graph before loading it")
    return Dataset({g: tuple(sorted(graphs[g])) for g in sorted(graphs)}, source)


def dataset_from_file(path: Path) -> Dataset:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{display_path(path)} is not a TriG (.trig) or N-Quads (.nq) file",
                         "write one with 'irkg build --dataset trig'")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {display_path(path)}: {exc.strerror}",
                         "check the path") from None
    return parse_dataset(data, fmt, display_path(path))


def dataset_from_built(built: Built, source: str) -> Dataset:
    return Dataset({str(name): ntriples(graph)
                    for name, graph in sorted(built.named_graphs(), key=lambda ng: str(ng[0]))},
                   source)


def dataset_from_seeds(seeds: Path) -> Dataset:
    """Build and validate ``seeds`` in memory; raises :class:`ValidationFailed` on violations.

    A store only ever receives a graph that conforms, exactly as ``out/`` does.
    """
    built, _ = build_validated(seeds, "the store")
    return dataset_from_built(built, display_path(seeds))
