"""All-or-nothing loads into any SPARQL 1.1 server.

A Graph Store PUT is not atomic everywhere: Virtuoso, for one, keeps the
triples it had parsed when an upload breaks off. So each graph is uploaded
to a staging graph of its own, every staging graph's triple count is checked,
and only then one SPARQL Update drops the old graphs and adds the staged
ones in their place. Until that update nothing a query sees has changed; if
anything fails before it, the staging graphs are dropped again, and any a
killed process leaves behind are swept away by the next full load, since
they sit under the same prefix as every other irkg graph. Graphs are sent
one at a time, each streamed from its file in chunks, so a load holds a
chunk in memory, never the corpus.
"""

from __future__ import annotations

import uuid

from irkg.dataset import GRAPH_PREFIX, STAGING_PREFIX, Dataset
from irkg.endpoint import Client
from irkg.errors import IrkgError, StoreError
from irkg.store import LoadSummary, stale_graphs


def _values(graphs: list[str]) -> str:
    return " ".join(f"<{g}>" for g in graphs)


def count_triples(client: Client, graphs: list[str]) -> dict[str, int]:
    """Triples per graph; graphs that are empty or absent are left out."""
    if not graphs:
        return {}
    rows = client.select(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {_values(graphs)} }} "
                         "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def irkg_graphs(client: Client) -> list[str]:
    rows = client.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                         f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
    return [row["g"] for row in rows]


def _check(client: Client, expected: dict[str, int], what: str) -> None:
    found = count_triples(client, list(expected))
    wrong = [g for g, n in expected.items() if found.get(g, 0) != n]
    if wrong:
        g = wrong[0]
        raise StoreError(f"{what} <{g}> has {found.get(g, 0)} triples, expected {expected[g]}",
                         "the server did not store everything that was sent; check its log")


def load(client: Client, dataset: Dataset, replace_all: bool = True) -> LoadSummary:
    """Replace ``dataset``'s graphs on the server; with ``replace_all`` drop stale irkg graphs.

    Raises :class:`StoreError` with the server's graphs as they were before.
    """
    dropped = stale_graphs(irkg_graphs(client), dataset) if replace_all else ()
    run = f"{STAGING_PREFIX}{uuid.uuid4().hex}/"
    staging = {g.name: f"{run}{i}" for i, g in enumerate(dataset.graphs)}
    try:
        for source in dataset.graphs:
            client.put_graph(staging[source.name], source.path)
        _check(client, {staging[g.name]: g.triples for g in dataset.graphs}, "staging graph")
    except IrkgError:
        _discard(client, list(staging.values()))
        raise
    ops = [f"DROP SILENT GRAPH <{g}>" for g in dropped]
    for graph, temp in staging.items():
        ops += [f"DROP SILENT GRAPH <{graph}>", f"ADD <{temp}> TO <{graph}>",
                f"DROP SILENT GRAPH <{temp}>"]
    try:
        client.update(" ;\n".join(ops))
    except IrkgError:
        # The connection may have broken after the server applied the update:
        # if the staging graphs are gone it did, and the check below decides.
        if count_triples(client, list(staging.values())):
            _discard(client, list(staging.values()))
            raise
    _check(client, {g.name: g.triples for g in dataset.graphs}, "graph")
    return LoadSummary(dataset.names(), dataset.triples(), dropped)


def _discard(client: Client, graphs: list[str]) -> None:
    """Best effort: a failure here must not hide the error that got us here."""
    try:
        client.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
    except IrkgError:
        pass
