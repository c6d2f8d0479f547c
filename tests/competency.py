"""The competency questions of seeds/queries and their expected answers.

Each ``NN-name.rq`` has its question in a ``# Question:`` comment and its
expected answer beside it in ``NN-name.expected.tsv``: a header of variable
names, then one row per solution, unbound values as empty cells. Any store
(rdflib in memory, the embedded Oxigraph store, a SPARQL server) must give
exactly these rows.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

QUERIES = Path(__file__).resolve().parents[1] / "seeds" / "queries"

Rows = list[tuple[str, ...]]


def query_files() -> list[Path]:
    return sorted(QUERIES.glob("*.rq"))


def question(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# Question:"):
            return line.removeprefix("# Question:").strip()
    raise AssertionError(f"{path.name} has no '# Question:' line")


def expected(path: Path) -> tuple[tuple[str, ...], Rows]:
    lines = path.with_suffix(".expected.tsv").read_text(encoding="utf-8").splitlines()
    header = tuple(lines[0].split("\t"))
    return header, sorted(tuple(line.split("\t")) for line in lines[1:])


def rdflib_rows(graph: Graph, path: Path) -> tuple[tuple[str, ...], Rows]:
    result = graph.query(path.read_text(encoding="utf-8"))
    names = tuple(str(v) for v in result.vars or ())
    rows = sorted(
        tuple("" if row[i] is None else str(row[i]) for i in range(len(names)))  # type: ignore[index]
        for row in result
    )
    return names, rows


def write_expected(path: Path, names: tuple[str, ...], rows: Rows) -> None:
    text = "\n".join(["\t".join(names)] + ["\t".join(r) for r in rows]) + "\n"
    path.with_suffix(".expected.tsv").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    # Rewrite every expected answer from out/; review the diff before committing.
    from irkg.ontology import load_ontology
    from irkg.parse import expand_inputs, read_rdf

    built = read_rdf(*expand_inputs([QUERIES.parents[1] / "out"]))
    built += load_ontology().graph
    for rq in query_files():
        write_expected(rq, *rdflib_rows(built, rq))
