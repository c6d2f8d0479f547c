"""Loading into and querying a real `oxigraph` server over the SPARQL 1.1 protocols."""

from __future__ import annotations

import http.client
import json
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset as RdfDataset

from fakes import Proxy, basic_ok, digest_ok
from irkg import endpoint
from irkg.cli import main
from irkg.dataset import STAGING_PREFIX, dataset_from_file
from irkg.endpoint import Client, Endpoint
from irkg.errors import StoreError
from irkg.pipeline import Built
from irkg.remote import load
from irkg.results import Query
from irkg.store import load as load_embedded
from irkg.store import query as query_embedded
from irkg.terms import REGISTRY_GRAPH, article_graph_iri
from servers import OxigraphServer, free_port, synthetic

REPO = Path(__file__).resolve().parents[1]
ARTICLE = "000_0b4d5d3e6978a53b"
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
# Always asked, so the comparison runs even before seeds/queries/ has questions.
OWN_QUERIES = {
    "graph-sizes": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "labels": "SELECT ?e ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    "cross-graph-join": """SELECT ?claim ?label WHERE {
        ?claim <http://www.w3.org/ns/prov#wasDerivedFrom> ?a .
        ?claim ?role ?e . ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }""",
}
QUERIES = {**OWN_QUERIES, **{p.stem: p.read_text(encoding="utf-8")
                             for p in sorted((REPO / "seeds" / "queries").glob("*.rq"))}}


def irkg(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    srv = OxigraphServer(tmp_path / "oxigraph")
    yield srv
    srv.stop()


@pytest.fixture
def trig(seed_out: Path) -> str:
    return str(seed_out / "irkg.trig")


def quads(url: str) -> list[tuple[str, ...]]:
    client = Client(Endpoint.of(url))
    return sorted(tuple(r.values()) for r in client.select(ALL_QUADS))


def graph_names(url: str) -> set[str]:
    return {q[0] for q in quads(url)}


XSD = "http://www.w3.org/2001/XMLSchema#"
# Oxigraph (like Virtuoso) stores integer subtypes such as xsd:nonNegativeInteger
# as xsd:integer; the values are equal, only the datatype IRI differs from rdflib.
INTEGER_SUBTYPES = {XSD + t for t in (
    "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def canonical(json_results: bytes | str) -> list[tuple[tuple[str, str, str, str], ...]]:
    """Rows as comparable tuples, whichever engine wrote the W3C JSON results."""
    doc = json.loads(json_results)
    xsd_string = XSD + "string"
    rows = []
    for binding in doc["results"]["bindings"]:
        row = []
        for var in doc["head"]["vars"]:
            term = binding.get(var, {})
            kind = "literal" if term.get("type") == "typed-literal" else term.get("type", "")
            datatype = term.get("datatype", "")
            datatype = XSD + "integer" if datatype in INTEGER_SUBTYPES else datatype
            row.append((kind, term.get("value", ""), "" if datatype == xsd_string else datatype,
                        term.get("xml:lang", "").lower()))
        rows.append(tuple(row))
    return sorted(rows)


@pytest.fixture(scope="module")
def three_stores(tmp_path_factory: pytest.TempPathFactory, seed_out: Path,
                 seed_built: Built) -> Iterator[tuple[RdfDataset, Path, str]]:
    """The seed graph in rdflib in memory, in the embedded store and in an Oxigraph server."""
    rdf = RdfDataset(default_union=True)
    for name, graph in seed_built.named_graphs():
        target = rdf.graph(name)
        for triple in graph:
            target.add(triple)
    store_dir = tmp_path_factory.mktemp("embedded") / "store"
    srv = OxigraphServer(tmp_path_factory.mktemp("server"))
    try:
        with dataset_from_file(seed_out / "irkg.trig") as dataset:
            load_embedded(store_dir, dataset)
            load(Client(Endpoint.of(srv.url)), dataset)
        yield rdf, store_dir, srv.url
    finally:
        srv.stop()


@pytest.mark.parametrize("name", sorted(QUERIES))
# rdflib's own SPARQL engine uses its deprecated Dataset API internally
@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")
def test_same_answers_from_rdflib_embedded_store_and_server(
        three_stores: tuple[RdfDataset, Path, str], name: str) -> None:
    rdf, store_dir, url = three_stores
    text = QUERIES[name]
    from_rdflib = canonical(rdf.query(text).serialize(format="json") or b"")
    from_embedded = canonical(query_embedded(store_dir, Query(text, name)).data)
    from_server = canonical(Client(Endpoint.of(url)).query(Query(text, name)).data)
    assert from_rdflib, f"{name} has no answer"
    assert from_embedded == from_rdflib
    assert from_server == from_rdflib


def test_load_and_query_through_the_cli(server: OxigraphServer, trig: str) -> None:
    result = irkg("load", "--from", trig, "--endpoint", server.url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("loaded 3 graph(s), ")
    assert graph_names(server.url) == {str(article_graph_iri(ARTICLE)), str(REGISTRY_GRAPH),
                                       "https://w3id.org/irkg/id/graph/ontology"}
    rq = REPO / "seeds" / "queries" / "01-belarus-memberships.rq"
    answer = irkg("query", str(rq), "--endpoint", server.url, "--format", "csv")
    assert answer.exit_code == 0, answer.output
    assert "Eurasian Economic Union" in answer.output


def test_load_article_replaces_that_graph_only_and_full_load_drops_stale(
        server: OxigraphServer, trig: str) -> None:
    irkg("load", "--from", trig, "--endpoint", server.url)
    client = Client(Endpoint.of(server.url))
    client.update(f"""INSERT DATA {{
        GRAPH <{article_graph_iri(ARTICLE)}> {{ <https://e.org/x> <https://e.org/p> "old" }}
        GRAPH <{REGISTRY_GRAPH}> {{ <https://e.org/x> <https://e.org/p> "registry edit" }}
        GRAPH <{article_graph_iri("deleted")}> {{ <https://e.org/x> <https://e.org/p> "gone" }}
        GRAPH <https://e.org/mine> {{ <https://e.org/x> <https://e.org/p> "mine" }} }}""")
    irkg("load", "--from", trig, "--endpoint", server.url, "--article", ARTICLE)
    left = {q[3] for q in quads(server.url) if q[1] == "https://e.org/x"}
    assert left == {"registry edit", "gone", "mine"}
    result = irkg("load", "--from", trig, "--endpoint", server.url)
    assert "dropped 1 graph(s)" in result.output
    left = {q[3] for q in quads(server.url) if q[1] == "https://e.org/x"}
    assert left == {"mine"}


def test_connection_cut_mid_upload_leaves_nothing_half_loaded(
        server: OxigraphServer, trig: str, tmp_path: Path) -> None:
    irkg("load", "--from", trig, "--endpoint", server.url)
    before = quads(server.url)
    proxy = Proxy(server.port, cut_puts=-1)
    changed = tmp_path / "changed.trig"
    changed.write_text(Path(trig).read_text(encoding="utf-8").replace("Belarus", "Bělarus"),
                       encoding="utf-8")
    result = irkg("load", "--from", str(changed), "--endpoint", proxy.url, "--retries", "0")
    proxy.close()
    assert result.exit_code == 2
    assert result.output.startswith(f"{proxy.url}/store: PUT failed: ")
    assert len(result.output.splitlines()) == 1
    assert "PUT" in proxy.seen
    assert quads(server.url) == before
    assert not any(g.startswith(STAGING_PREFIX) for g in graph_names(server.url))


def test_upload_cut_once_is_retried_and_the_load_completes(
        server: OxigraphServer, seed_out: Path) -> None:
    proxy = Proxy(server.port, cut_puts=1)
    with dataset_from_file(seed_out / "irkg.trig") as dataset:
        load(Client(Endpoint.of(proxy.url, retries=2, backoff=0.0)), dataset)
    proxy.close()
    assert proxy.seen.count("PUT") == len(dataset.graphs) + 1
    assert len(quads(server.url)) == dataset.triples()


def test_upload_streams_each_graph_from_its_file_in_chunks(
        server: OxigraphServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nq = synthetic(tmp_path / "big.nq", "big", graphs=4, triples=10_000, padding=100)
    sent: list[int] = []
    send = http.client.HTTPConnection.send

    def spy(conn: http.client.HTTPConnection, data: bytes) -> None:
        sent.append(len(data))
        send(conn, data)

    monkeypatch.setattr(endpoint, "CHUNK", 8192)
    monkeypatch.setattr(http.client.HTTPConnection, "send", spy)
    with dataset_from_file(nq) as dataset:
        size = sum(g.path.stat().st_size for g in dataset.graphs)
        tracemalloc.start()
        try:
            load(Client(Endpoint.of(server.url)), dataset)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert size > 4_000_000 and sum(sent) > size
    # No body went whole (graphs of 1 MB each): chunks, ending at a line end, predicates wrapped.
    assert max(sent) <= 2 * 8192
    assert peak < size / 8, f"{peak} bytes held while uploading {size}"
    assert len(quads(server.url)) == 40_000


def test_server_errors_are_retried_then_reported_in_one_line(server: OxigraphServer) -> None:
    proxy = Proxy(server.port)
    client = Client(Endpoint.of(proxy.url, retries=0, backoff=0.0))
    with pytest.raises(StoreError, match=r"HTTP 400: error at 1:\d+"):
        client.select("SELECT ?s WHERE { ?s ")
    proxy.close()
    refused = irkg("query", "ASK {}", "--endpoint", f"http://127.0.0.1:{free_port()}",
                   "--retries", "0")
    assert refused.exit_code == 2
    assert refused.output.startswith("query: http://127.0.0.1:")
    assert refused.output.endswith("check that the server is running and reachable\n")


def test_query_syntax_error_names_the_file_before_the_server_is_asked(
        server: OxigraphServer, tmp_path: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?s WHERE { ?s", encoding="utf-8")
    proxy = Proxy(server.port)
    result = irkg("query", str(rq), "--endpoint", proxy.url)
    proxy.close()
    assert result.exit_code == 2
    assert result.output.startswith(f"{rq}:1: SPARQL syntax error: ")
    assert proxy.seen == []


@pytest.mark.parametrize("scheme", ["basic", "digest"])
def test_credentials_from_environment_or_netrc(
        server: OxigraphServer, trig: str, tmp_path: Path, scheme: str) -> None:
    check = basic_ok("ann", "s3cret") if scheme == "basic" else digest_ok("ann", "s3cret")
    proxy = Proxy(server.port, auth=(scheme, check))
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login ann password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    no_netrc = {"NETRC": str(tmp_path / "none"), "IRKG_SPARQL_USER": ""}
    denied = irkg("load", "--from", trig, "--endpoint", proxy.url, "--auth", scheme,
                  env={**no_netrc, "IRKG_SPARQL_USER": "ann", "IRKG_SPARQL_PASSWORD": "wrong"})
    assert denied.exit_code == 2
    assert denied.output.endswith(": the server refused the password of user 'ann' (HTTP 401); "
                                  "check IRKG_SPARQL_PASSWORD (or the netrc entry) and that the "
                                  "user exists there\n")
    other = "digest" if scheme == "basic" else "basic"
    ann = {**no_netrc, "IRKG_SPARQL_USER": "ann", "IRKG_SPARQL_PASSWORD": "s3cret"}
    wrong_scheme = irkg("query", "ASK {}", "--endpoint", proxy.url, "--auth", other, env=ann)
    assert wrong_scheme.output.endswith(f"(HTTP 401); pass --auth {scheme}\n")
    anonymous = irkg("query", "ASK {}", "--endpoint", proxy.url, "--auth", scheme, env=no_netrc)
    assert "the server wants credentials (HTTP 401)" in anonymous.output
    by_env = irkg("load", "--from", trig, "--endpoint", proxy.url, "--auth", scheme,
                  env={**no_netrc, "IRKG_SPARQL_USER": "ann", "IRKG_SPARQL_PASSWORD": "s3cret"})
    assert by_env.exit_code == 0, by_env.output
    by_netrc = irkg("query", "ASK { ?s ?p ?o }", "--endpoint", proxy.url, "--auth", scheme,
                    env={"NETRC": str(netrc), "IRKG_SPARQL_USER": ""})
    proxy.close()
    assert by_netrc.output == "yes\n"


def test_non_ascii_text_survives_the_server_round_trip(
        server: OxigraphServer, tmp_path: Path) -> None:
    text = "Лукашенко\u2019s \u201clast dictator\u201d \u2014 Беларусь"
    trig = tmp_path / "ru.trig"
    trig.write_text(f'<https://w3id.org/irkg/id/graph/article/ru> {{ <https://e.org/s> '
                    f'<https://e.org/p> "{text}"@ru . }}\n', encoding="utf-8")
    assert irkg("load", "--from", str(trig), "--endpoint", server.url).exit_code == 0
    for fmt in ("json", "csv", "tsv", "table"):
        out = irkg("query", "SELECT ?o WHERE { ?s ?p ?o }", "--endpoint", server.url,
                   "--format", fmt).output
        assert text in out
