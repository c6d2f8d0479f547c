"""All-or-nothing loads into any SPARQL 1.1 server, and recovery from loads cut short.

A Graph Store PUT is not atomic everywhere: Virtuoso, for one, keeps the
triples it had parsed when an upload breaks off. So each graph is uploaded
to a staging graph of its own, every staging graph's triple count is
checked, and only then one SPARQL Update (the swap) drops the old graphs and
copies the staged ones in. Graphs are sent one at a time, each streamed
from its file in chunks, so a load holds a chunk in memory, never the corpus.

Staging must not disturb the answers of a server whose default graph is the
union of its graphs, even when a killed load leaves it behind. So a staged
triple's predicate is the real one behind :data:`WRAP`: no triple pattern
with a constant predicate ever matches it, and the swap unwraps it. And the
staging graphs are listed, before any is uploaded, in one journal graph, so
a later command finds leftovers with one cheap ASK: ``irkg query`` warns,
any ``irkg load`` (and ``--recover``) drops them, after checking that every
name it read back is one irkg minted. Nothing a server returns goes into an
update unchecked.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterable

import pyoxigraph as ox

from irkg.dataset import GRAPH_PREFIX, STAGING_PREFIX, Dataset
from irkg.endpoint import Client, FileBody
from irkg.errors import IrkgError, StoreError
from irkg.replace import LoadSummary, stale_graphs

#: Lists the staging graphs of loads under way (or killed): ``<run> STAGED <graph>``.
JOURNAL = STAGING_PREFIX.rstrip("/")
STAGED = "https://w3id.org/irkg/ontology#stagingGraph"
#: Put before each staged predicate IRI, as a query string: the result is still an IRI.
WRAP = STAGING_PREFIX + "predicate?"
_STAGING_NAME = re.compile(re.escape(STAGING_PREFIX) + r"[0-9a-f]{32}/[0-9]+")


def _iri(value: str, prefix: str = GRAPH_PREFIX, server: str = "") -> str:
    """``value`` as ``<IRI>`` for an update, if it is an IRI under ``prefix``; else refuse it."""
    try:
        node = ox.NamedNode(value)
    except ValueError:
        node = None
    if node is None or not value.startswith(prefix):
        raise StoreError(f"{server or 'the server'}: the server returned the graph name "
                         f"{value[:80]!r}, which irkg did not write", "check the server (and "
                         "anything between it and irkg); nothing was changed")
    return str(node)


def count_triples(client: Client, graphs: list[str]) -> dict[str, int]:
    """Triples per graph; graphs that are empty or absent are left out."""
    if not graphs:
        return {}
    values = " ".join(_iri(g) for g in graphs)
    rows = client.select(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} "
                         "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", need=("g", "n"))
    try:
        return {row["g"]: int(row["n"]) for row in rows if row["g"] in graphs}
    except ValueError:
        raise StoreError(f"{client.endpoint.url('query')}: the server counted triples in a "
                         "number that is not one", "check the server") from None


def irkg_graphs(client: Client) -> list[str]:
    """Every graph under irkg's prefix, each checked to be an IRI there (a full scan)."""
    rows = client.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                         f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}', need=("g",))
    return [row["g"] for row in rows if _iri(row["g"], server=client.endpoint.url("query"))]


def leftovers(client: Client) -> list[str]:
    """Staging graphs the journal lists: loads under way, or cut short."""
    if not client.ask(f"ASK {{ GRAPH <{JOURNAL}> {{ ?s ?p ?o }} }}"):
        return []
    rows = client.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH <{JOURNAL}> "
                         f"{{ ?run <{STAGED}> ?g }} }}", need=("g",))
    names = sorted({row["g"] for row in rows})
    for name in names:
        if not _STAGING_NAME.fullmatch(name):
            raise StoreError(f"{client.endpoint.url('query')}: the server returned the staging "
                             f"graph name {name[:80]!r}, which irkg did not write", "check the "
                             "server (and anything between it and irkg); nothing was changed")
    return names


def recover(client: Client, scan: bool = True) -> int:
    """Drop the staging graphs of loads cut short; how many there were. The journal lists
    them; with ``scan`` a full scan also finds those of irkg versions without a journal.

    Every load runs this first: loads into one server must not overlap.
    """
    staged = set(leftovers(client))
    if scan:
        staged |= {g for g in irkg_graphs(client) if g.startswith(STAGING_PREFIX)}
    if not staged and not scan:
        return 0
    server = client.endpoint.url("query")
    ops = [f"DROP SILENT GRAPH {_iri(g, STAGING_PREFIX, server)}" for g in sorted(staged)]
    client.update(" ;\n".join([*ops, f"DROP SILENT GRAPH <{JOURNAL}>"]), idempotent=True)
    return len(staged)


def _check(client: Client, expected: dict[str, int], what: str) -> None:
    found = count_triples(client, list(expected))
    wrong = [g for g, n in expected.items() if found.get(g, 0) != n]
    if wrong:
        g = wrong[0]
        raise StoreError(f"{client.endpoint.url('store')}: {what} <{g}> has {found.get(g, 0)} "
                         f"triples, expected {expected[g]}",
                         "the server did not store everything that was sent; check its log")


def _swap(pairs: Iterable[tuple[str, str]], done: Iterable[str], dropped: Iterable[str],
          run: str) -> str:
    """The update that puts staged graphs in place. ``done``: staging graphs already copied."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in dropped]
    for graph, temp in pairs:
        # Only what differs is deleted and inserted: a quad deleted and inserted again in
        # one transaction came back from Virtuoso's transaction log as deleted after a
        # crash before the next checkpoint (the insert of a quad that still existed was
        # not logged), so a graph replaced by a similar one lost its common triples.
        ops += [f"DELETE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> "
                f'{{ ?s ?p ?o }} BIND(IRI(CONCAT("{WRAP}", STR(?p))) AS ?w) '
                f"FILTER NOT EXISTS {{ GRAPH <{temp}> {{ ?s ?w ?o }} }} }}",
                f"INSERT {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{temp}> "
                f'{{ ?s ?w ?o }} BIND(IRI(STRAFTER(STR(?w), "{WRAP}")) AS ?p) '
                f"FILTER NOT EXISTS {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }}",
                f"DROP SILENT GRAPH <{temp}>"]
    ops += [f"DROP SILENT GRAPH <{temp}>" for temp in done]
    ops.append(f"DELETE WHERE {{ GRAPH <{JOURNAL}> {{ <{run}> ?p ?o }} }}")
    return " ;\n".join(ops)


def _put_in_place(client: Client, staging: dict[str, str], sizes: dict[str, int],
                  dropped: tuple[str, ...], run: str) -> None:
    """Run the swap; if it fails, find out what it did and run what is left, up to --retries.

    A staging graph is dropped only after it was copied, so one still complete
    has not been copied yet, and one that is not has: running the rest is
    right whether the server applied none, all or (not atomic) part of the swap.
    """
    pending, done = dict(staging), []
    for attempt in range(client.endpoint.retries + 1):
        try:
            if attempt:
                counts = count_triples(client, list(pending.values()))
                done = [t for t in pending.values() if counts.get(t) != sizes[t]]
                pending = {g: t for g, t in pending.items() if t not in done}
            client.update(_swap(pending.items(), done, dropped, run))
            return
        except StoreError:
            if attempt == client.endpoint.retries:
                raise
            time.sleep(client.endpoint.backoff * 2 ** attempt)


def load(client: Client, dataset: Dataset, replace_all: bool = True) -> LoadSummary:
    """Replace ``dataset``'s graphs on the server; with ``replace_all`` drop stale irkg graphs.

    Raises :class:`StoreError` with the server's graphs as they were before.
    """
    recovered = recover(client, scan=False)
    # Staging graphs of irkg versions without a journal are found here, and go as stale.
    existing = irkg_graphs(client) if replace_all else []
    dropped = stale_graphs([g for g in existing if g != JOURNAL], dataset)
    run = f"{STAGING_PREFIX}{uuid.uuid4().hex}"
    staging = {g.name: f"{run}/{i}" for i, g in enumerate(dataset.graphs)}
    sizes = {staging[g.name]: g.triples for g in dataset.graphs}
    for name in dataset.names():
        _iri(name)  # the dataset's own names too: only IRIs go into an update
    listed = ", ".join(f"<{t}>" for t in staging.values())
    client.update(f"INSERT DATA {{ GRAPH <{JOURNAL}> {{ <{run}> <{STAGED}> {listed} }} }}",
                  idempotent=True)
    try:
        for source in dataset.graphs:
            client.put_graph(staging[source.name], FileBody(source.path, WRAP, source.triples))
        _check(client, sizes, "staging graph")
        _put_in_place(client, staging, sizes, dropped, run)
    except IrkgError:
        _discard(client, list(staging.values()), run)
        raise
    _check(client, {g.name: g.triples for g in dataset.graphs}, "graph")
    warnings = [*_durable(client), *_union_warning(client, dataset)]
    return LoadSummary(dataset.names(), dataset.triples(), dropped, recovered, tuple(warnings))


def _discard(client: Client, graphs: list[str], run: str) -> None:
    """Best effort: a failure here must not hide the error that got us here."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    ops.append(f"DELETE WHERE {{ GRAPH <{JOURNAL}> {{ <{run}> ?p ?o }} }}")
    try:
        client.update(" ;\n".join(ops), idempotent=True)
    except IrkgError:
        pass


def _durable(client: Client) -> list[str]:
    """Virtuoso keeps a load only in memory until its next checkpoint; ask for one now."""
    if not client.server.lower().startswith("virtuoso"):
        return []
    try:
        client.select('SELECT (bif:exec("checkpoint") AS ?done) WHERE {}')
    except StoreError as exc:
        raise StoreError(f"{client.endpoint.url('query')}: the graphs are loaded, but Virtuoso "
                         f"refused the checkpoint that makes them survive a crash ({exc.what})",
                         "run 'checkpoint;' in isql as dba now") from None
    return []


def _union_warning(client: Client, dataset: Dataset) -> list[str]:
    """A server whose default graph is not the union answers every irkg question with nothing."""
    graph = next((g for g in dataset.graphs if g.triples), None)
    if graph is None:
        return []
    triple = next(dataset.lines(graph.name))
    if client.ask(f"ASK {{ {triple} }}"):
        return []
    return [f"{client.endpoint.url('query')}: the server's default graph is not the union of "
            "its named graphs, so queries without GRAPH find nothing; configure it so (Oxigraph: "
            "serve --union-default-graph; Fuseki: tdb2:unionDefaultGraph true)"]


def query_warnings(client: Client, empty: bool) -> list[str]:
    """What ``irkg query`` says beside its answer: leftovers, and why an answer may be empty."""
    out = []
    staged = leftovers(client)
    if staged:
        out.append(f"{client.endpoint.url('query')}: {len(staged)} staging graph(s) of a load "
                   "under way or cut short are on the server; if no load is running, remove "
                   "them with 'irkg load --recover'")
    if empty and client.ask("ASK { GRAPH ?g { ?s ?p ?o } }") and not client.ask(
            "ASK { ?s ?p ?o }"):
        out.append(f"{client.endpoint.url('query')}: the default graph is empty but named "
                   "graphs are not; make the default graph their union (see the README)")
    return out
