"""A server is not trusted: it may answer garbage, nothing, a byte at a time, names made to
break out of an update, or die mid-load. Each case on a real Oxigraph server or a fake."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fakes import Misbehaving, Proxy
from irkg.cli import main
from irkg.dataset import STAGING_PREFIX
from irkg.endpoint import Client, Endpoint
from irkg.remote import JOURNAL
from irkg.results import Query
from irkg.store import query as query_embedded
from servers import OxigraphServer
from test_endpoint import QUERIES, canonical, quads

IRKG = str(Path(sys.executable).parent / "irkg")
UNION_QUESTION = "02-lukashenko-backers-2020"  # 65,536 rows instead of 1 with duplicates


def irkg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def datasets(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    changed = tmp_path_factory.mktemp("changed") / "changed.trig"
    text = (seed_out / "irkg.trig").read_text(encoding="utf-8")
    changed.write_text(text.replace("Belarus", "Bělarus"), encoding="utf-8")
    return str(seed_out / "irkg.trig"), str(changed)


@pytest.fixture(scope="module")
def stores(datasets: tuple[str, str],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, OxigraphServer]]:
    """The seeds in the embedded store and in an Oxigraph server, the same for every test."""
    store_dir = tmp_path_factory.mktemp("embedded") / "store"
    server = OxigraphServer(tmp_path_factory.mktemp("server"))
    try:
        for target in (["--store", str(store_dir)], ["--endpoint", server.url]):
            assert irkg("load", "--from", datasets[0], *target).exit_code == 0
        yield store_dir, server
    finally:
        server.stop()


@pytest.mark.parametrize("mode", ["garbage", "silent", "drip"])
@pytest.mark.parametrize("command", ["query", "load"])
def test_a_server_that_misbehaves_is_reported_in_time(
        mode: str, command: str, datasets: tuple[str, str]) -> None:
    fake = Misbehaving(mode)
    args = ["query", "ASK {}"] if command == "query" else ["load", "--from", datasets[0]]
    started = time.monotonic()
    result = irkg(*args, "--endpoint", fake.url, "--timeout", "1")
    elapsed = time.monotonic() - started
    fake.close()
    assert result.exit_code == 2, result.output
    assert len(result.output.splitlines()) == 1
    if mode == "garbage":
        assert "not SPARQL results" in result.output or "not the results asked" in result.output
    else:
        assert "got no complete answer within 1 s" in result.output
        assert elapsed < 3, "the deadline covers the whole request, and is not retried"


EVIL = ["https://w3id.org/irkg/id/graph/x> } ; DROP ALL ; INSERT DATA { GRAPH <https://e.org/y",
        f"{STAGING_PREFIX}{'0' * 32}/0> }} ; DROP ALL ; #"]


@pytest.mark.parametrize("evil", EVIL)
@pytest.mark.parametrize("journal", [True, False])  # leftovers listed, or only the full scan
@pytest.mark.parametrize("kind", ["uri", "literal"])  # a "uri" the results parser checks too
def test_graph_names_from_the_server_never_reach_an_update(
        evil: str, journal: bool, kind: str, datasets: tuple[str, str]) -> None:
    def answers(query: str) -> bytes:
        if query.startswith("ASK"):
            return json.dumps({"head": {}, "boolean": journal}).encode()
        return json.dumps({"head": {"vars": ["g", "n"]}, "results": {"bindings": [
            {"g": {"type": kind, "value": evil},
             "n": {"type": "literal", "value": "1"}}]}}).encode()

    fake = Misbehaving("answers", answers)
    result = irkg("load", "--from", datasets[0], "--endpoint", fake.url)
    fake.close()
    assert result.exit_code == 2
    assert ("which irkg did not write" if kind == "literal" else "not SPARQL results") in (
        result.output)
    assert not any("DROP ALL" in u for u in fake.updates)


@pytest.mark.parametrize("update", ["DROP ALL", "# mine\nPREFIX e: <https://e.org/>\nCLEAR ALL",
                                    "INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }"])
@pytest.mark.parametrize("where", ["embedded", "server"])
def test_query_refuses_updates_on_every_store(
        stores: tuple[Path, OxigraphServer], where: str, update: str) -> None:
    store_dir, server = stores
    target = ["--store", str(store_dir)] if where == "embedded" else ["--endpoint", server.url]
    before = quads(server.url)
    result = irkg("query", update, *target)
    assert result.exit_code == 2
    assert "is a SPARQL update" in result.output and "irkg query never changes a store" in (
        result.output)
    assert quads(server.url) == before
    assert irkg("query", "ASK { ?s ?p ?o }", *target).output == "yes\n"


@pytest.mark.parametrize("where", ["embedded", "server"])
def test_a_dataset_cut_short_without_its_manifest_is_refused(
        stores: tuple[Path, OxigraphServer], datasets: tuple[str, str], tmp_path: Path,
        where: str) -> None:
    store_dir, server = stores
    target = ["--store", str(store_dir)] if where == "embedded" else ["--endpoint", server.url]
    text = Path(datasets[0]).read_text(encoding="utf-8")
    cut = tmp_path / "irkg.trig"  # no manifest.json beside it to check it against
    cut.write_text(text[:text.index("<graph/ontology> {")], encoding="utf-8")
    before = quads(server.url)
    result = irkg("load", "--from", str(cut), *target)
    assert result.exit_code == 2
    assert result.output.startswith(f"{cut} has no graph <https://w3id.org/irkg/id/graph/")
    assert "it was cut short or is not irkg's" in result.output
    assert quads(server.url) == before
    assert irkg("query", "ASK { ?s ?p ?o }", *target).output == "yes\n"


def test_a_default_graph_that_is_not_the_union_is_reported(
        datasets: tuple[str, str], tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "plain", union=False)
    try:
        loaded = irkg("load", "--from", datasets[0], "--endpoint", server.url)
        asked = irkg("query", "SELECT ?s WHERE { ?s ?p ?o }", "--endpoint", server.url)
    finally:
        server.stop()
    assert loaded.exit_code == 0
    assert "the server's default graph is not the union of its named graphs" in loaded.stderr
    assert asked.exit_code == 0 and "(0 rows)" in asked.stdout
    assert "the default graph is empty but named graphs are not" in asked.stderr


def _union_answer(url: str) -> object:
    q = Query(QUERIES[UNION_QUESTION], UNION_QUESTION)
    return canonical(Client(Endpoint.of(url)).query(q).data)


@pytest.mark.parametrize("lost", ["request", "answer"])
def test_a_swap_whose_connection_breaks_is_checked_and_retried(
        stores: tuple[Path, OxigraphServer], datasets: tuple[str, str], lost: str) -> None:
    """The swap (request 8) is lost on its way, or its answer is: --retries still applies."""
    _, server = stores
    assert irkg("load", "--from", datasets[0], "--endpoint", server.url).exit_code == 0
    proxy = Proxy(server.port, hook=lambda number, _: lost == "request" and number == 8)
    proxy.mute = {8} if lost == "answer" else set()
    result = irkg("load", "--from", datasets[1], "--endpoint", proxy.url, "--retries", "1")
    proxy.close()
    assert result.exit_code == 0, result.output
    assert proxy.seen.count("POST") >= 9
    changed = set(quads(server.url))
    assert irkg("load", "--from", datasets[1], "--endpoint", server.url).exit_code == 0
    assert set(quads(server.url)) == changed
    assert not any(q[0].startswith(STAGING_PREFIX) or q[0] == JOURNAL for q in changed)
    assert irkg("load", "--from", datasets[0], "--endpoint", server.url).exit_code == 0


# Requests of a load: 1 ASK journal, 2 list graphs, 3 journal entry, 4-6 uploads, 7 count,
# 8 the swap, 9 count, ... SIGKILL to irkg or the server just before request N arrives.
KILLS = [(4, "irkg"), (5, "server"), (8, "irkg"), (8, "server"), (10, "irkg")]


def test_a_load_killed_at_any_moment_leaves_old_or_new_graphs_and_is_recovered(
        stores: tuple[Path, OxigraphServer], datasets: tuple[str, str]) -> None:
    store_dir, server = stores
    versions, answers = [], []  # each dataset's graphs, and its answer to the question
    for path in datasets:
        assert irkg("load", "--from", path, "--endpoint", server.url).exit_code == 0
        versions.append(set(quads(server.url)))
        answers.append(_union_answer(server.url))
    assert answers[0] == canonical(
        query_embedded(store_dir, Query(QUERIES[UNION_QUESTION], "q")).data)
    for round_, (at, victim) in enumerate(KILLS):
        procs: list[subprocess.Popen[bytes]] = []

        def kill(number: int, _line: str, at: int = at, victim: str = victim,
                 procs: list[subprocess.Popen[bytes]] = procs) -> bool:
            if number == at:
                (server if victim == "server" else procs[0]).kill()
            return number >= at

        proxy = Proxy(server.port, hook=kill)
        procs.append(subprocess.Popen([IRKG, "load", "--from", datasets[round_ % 2],
                                       "--endpoint", proxy.url, "--retries", "0"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs[0].wait(timeout=120)
        proxy.close()
        if victim == "server":
            server.start()
        found = set(quads(server.url))
        staged = {q for q in found if q[0].startswith(STAGING_PREFIX) or q[0] == JOURNAL}
        assert found - staged in versions, f"round {round_}: graphs half replaced"
        want = answers[versions.index(found - staged)]
        assert _union_answer(server.url) == want, "staged triples showed in the union"
        assert bool(staged) == (4 <= at <= 8), f"round {round_}"
        warned = irkg("query", "ASK { ?s ?p ?o }", "--endpoint", server.url)
        assert ("staging graph(s) of a load" in warned.stderr) == bool(staged), warned.output
        recovered = irkg("load", "--recover", "--endpoint", server.url)
        assert recovered.exit_code == 0
        assert set(quads(server.url)) == found - staged
    assert irkg("load", "--from", datasets[0], "--endpoint", server.url).exit_code == 0
