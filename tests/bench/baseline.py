"""What irkg is compared with; run as its own process so it is measured as irkg is.

``baseline.py naive OUT_DIR``
    The straightforward pipeline on the graph irkg built: parse every Turtle
    file under OUT_DIR with rdflib, add the ontology, validate the whole graph
    in one pyshacl call, serialise it as Turtle. If irkg's per-article,
    cached, parallel build is not faster than this, it is not worth having.

``baseline.py bulk NQUADS STORE_DIR``
    pyoxigraph's own bulk loader on the N-Quads file ``irkg load --from``
    reads: the ceiling for loading into the embedded store.

Each prints one line, ``N triples`` or ``N quads``, for the runner to check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def naive(out: Path) -> str:
    import pyshacl
    from rdflib import Graph

    from irkg.ontology import ontology_dir

    files = sorted(out.rglob("*.ttl"))
    if not files:
        raise SystemExit(f"no Turtle files under {out}")
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    data = len(graph)
    graph.parse(ontology_dir() / "irkg.ttl", format="turtle")
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    text = graph.serialize(format="turtle")
    verdict = "conforms" if conforms else "does not conform"
    return f"{data} triples, {verdict}, {len(text)} characters of Turtle"


def bulk(nquads: Path, store_dir: Path) -> str:
    import pyoxigraph

    store = pyoxigraph.Store(str(store_dir))
    store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    return f"{len(store)} quads"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p_naive = sub.add_parser("naive", help="rdflib + one pyshacl run + Turtle serialisation")
    p_naive.add_argument("out", type=Path)
    p_bulk = sub.add_parser("bulk", help="pyoxigraph bulk_load of an N-Quads file")
    p_bulk.add_argument("nquads", type=Path)
    p_bulk.add_argument("store", type=Path)
    args = parser.parse_args(argv)
    print(naive(args.out) if args.what == "naive" else bulk(args.nquads, args.store))
    return 0


if __name__ == "__main__":
    sys.exit(main())
