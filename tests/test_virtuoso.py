"""Virtuoso, the server many analysts run: loads, crashes and answers, on a real one.

One Virtuoso (the Debian package virtuoso-opensource) for the whole module, started
here with its own database, ini file and ports on 127.0.0.1, digest authentication
as dba. Each test leaves it loaded with the seed corpus.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from fakes import Proxy
from irkg.cli import main
from irkg.dataset import GRAPH_PREFIX, STAGING_PREFIX
from irkg.endpoint import Client, Endpoint
from irkg.remote import JOURNAL
from irkg.results import Query
from irkg.store import query as query_embedded
from servers import VirtuosoServer
from test_endpoint import QUERIES, canonical

pytestmark = pytest.mark.skipif(shutil.which("virtuoso-t") is None,
                                reason="Virtuoso is not installed (Debian: virtuoso-opensource)")

IRKG = str(Path(sys.executable).parent / "irkg")
Quads = dict[str, set[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def irkg(server: VirtuosoServer, *args: str, password: str = VirtuosoServer.PASSWORD) -> Result:
    return CliRunner(env=server.env(password)).invoke(main, [*args, *server.options()])


def client(server: VirtuosoServer) -> Client:
    return Client(Endpoint.of(None, f"{server.url}/sparql"))


def contents(server: VirtuosoServer) -> Quads:
    """irkg's graphs on the server, each a set of (s, p, o) values."""
    rows = client(server).select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                                 f'FILTER(STRSTARTS(STR(?g), "{GRAPH_PREFIX}")) }}')
    graphs: Quads = {}
    for row in rows:
        graphs.setdefault(row["g"], set()).add((row["s"], row["p"], row["o"]))
    return graphs


@pytest.fixture(scope="module")
def versions(virtuoso: VirtuosoServer, seed_out: Path,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, Quads]]:
    """The seed dataset and an edited one, each with what Virtuoso holds once it is loaded."""
    changed = tmp_path_factory.mktemp("changed") / "changed.trig"
    text = (seed_out / "irkg.trig").read_text(encoding="utf-8")
    changed.write_text(text.replace("Belarus", "Bělarus"), encoding="utf-8")
    out = {}
    for name, path in (("changed", str(changed)), ("seeds", str(seed_out / "irkg.trig"))):
        result = irkg(virtuoso, "load", "--from", path)
        assert result.exit_code == 0, result.output
        out[name] = (path, contents(virtuoso))
    assert out["changed"][1] != out["seeds"][1]
    return out


@pytest.fixture(scope="module")
def embedded(versions: dict[str, tuple[str, Quads]],
             tmp_path_factory: pytest.TempPathFactory) -> Path:
    store_dir = tmp_path_factory.mktemp("embedded") / "store"
    result = CliRunner().invoke(main, ["load", "--from", versions["seeds"][0],
                                       "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    return store_dir


# Virtuoso's default graph also holds graphs of its own: "graph-sizes" would count them.
@pytest.mark.parametrize("name", sorted(set(QUERIES) - {"graph-sizes"}))
def test_answers_are_oxigraphs(virtuoso: VirtuosoServer, embedded: Path, name: str) -> None:
    q = Query(QUERIES[name], name)
    assert canonical(client(virtuoso).query(q).data) == canonical(
        query_embedded(embedded, q).data)


def test_a_wrong_password_is_reported_as_one(
        virtuoso: VirtuosoServer, versions: dict[str, tuple[str, Quads]]) -> None:
    before = contents(virtuoso)
    result = irkg(virtuoso, "load", "--from", versions["changed"][0], password="wrong")
    assert result.exit_code == 2
    assert result.output == (f"{virtuoso.url}/sparql-auth: POST: the server refused the "
                             "password of user 'dba' (HTTP 401); check IRKG_SPARQL_PASSWORD "
                             "(or the netrc entry) and that the user exists there\n")
    assert contents(virtuoso) == before


def test_a_load_survives_a_crash_right_after_it(
        virtuoso: VirtuosoServer, versions: dict[str, tuple[str, Quads]]) -> None:
    for name in ("changed", "seeds"):
        result = irkg(virtuoso, "load", "--from", versions[name][0])
        assert result.exit_code == 0, result.output
        virtuoso.kill()
        virtuoso.start()
        assert contents(virtuoso) == versions[name][1]


# A load's requests to Virtuoso: 1 ASK journal, 2 list graphs, 3-4 journal entry (a digest
# challenge first), 5 a challenge for uploads, 6-8 uploads, 9 count, 10 the swap, 11 count,
# 12 the checkpoint. Virtuoso is SIGKILLed just before request N reaches it.
KILLS = [6, 10, 11, 12]


def test_a_crash_after_the_swap_keeps_the_triples_old_and_new_share(
        virtuoso: VirtuosoServer, versions: dict[str, tuple[str, Quads]]) -> None:
    """Regression: the swap dropped each graph and inserted the new one in one update; after
    a crash before the checkpoint, Virtuoso's log replay lost the triples both versions
    share (1,697 of 6,727 in the seed's article graph), as their re-insert was not logged."""
    assert irkg(virtuoso, "load", "--from", versions["seeds"][0]).exit_code == 0
    def kill(number: int, _line: str) -> bool:
        if number == 11:  # the swap has been answered; the checkpoint is still to come
            virtuoso.kill()
        return number >= 11

    proxy = Proxy(virtuoso.port, hook=kill)
    options = [o.replace(virtuoso.url, proxy.url) for o in virtuoso.options()]
    subprocess.run([IRKG, "load", "--from", versions["changed"][0], "--retries", "0", *options],
                   capture_output=True, env={**os.environ, **virtuoso.env()}, timeout=120)
    proxy.close()
    virtuoso.start()
    assert contents(virtuoso) == versions["changed"][1]
    assert irkg(virtuoso, "load", "--from", versions["seeds"][0]).exit_code == 0


def test_server_killed_during_loads_leaves_old_or_new_graphs_and_recover_cleans(
        virtuoso: VirtuosoServer, versions: dict[str, tuple[str, Quads]]) -> None:
    state = "seeds"
    for at in KILLS:
        target = "changed" if state == "seeds" else "seeds"

        def kill(number: int, _line: str, at: int = at) -> bool:
            if number == at:
                virtuoso.kill()
            return number >= at

        proxy = Proxy(virtuoso.port, hook=kill)
        options = [o.replace(virtuoso.url, proxy.url) for o in virtuoso.options()]
        subprocess.run([IRKG, "load", "--from", versions[target][0], "--retries", "0", *options],
                       capture_output=True, env={**os.environ, **virtuoso.env()}, timeout=120)
        proxy.close()
        virtuoso.start()
        found = contents(virtuoso)
        staged = {g for g in found if g.startswith(STAGING_PREFIX) or g == JOURNAL}
        for graph in versions["seeds"][1]:
            assert found[graph] in (versions["seeds"][1][graph], versions["changed"][1][graph]), (
                f"killed at {at}: {graph} is neither the old graph nor the new one")
        assert bool(staged) == (at <= 10), f"killed at {at}"
        warned = irkg(virtuoso, "query", "ASK { ?s ?p ?o }")
        assert ("staging graph(s)" in warned.output) == bool(staged), warned.output
        assert irkg(virtuoso, "load", "--recover").exit_code == 0
        assert set(contents(virtuoso)) == set(versions["seeds"][1])
        state = "seeds" if all(found[g] == q for g, q in versions["seeds"][1].items()) else (
            "changed")
    assert irkg(virtuoso, "load", "--from", versions["seeds"][0]).exit_code == 0
