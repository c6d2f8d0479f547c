"""The embedded Oxigraph store: load, replace, query, lock — on real stores in tmp_path."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from irkg.cli import main
from irkg.dataset import GraphSource, dataset_from_file, dataset_from_sources
from irkg.errors import StoreError
from irkg.store import FullLoad, load, open_store
from irkg.terms import ONTOLOGY_GRAPH, REGISTRY_GRAPH, article_graph_iri
from servers import synthetic

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
ARTICLE = "000_0b4d5d3e6978a53b"
ARTICLE_GRAPH = str(article_graph_iri(ARTICLE))
# Typographic apostrophe, em dash and curly quotes, as articles write them.
PHRASE = "Lukashenko\u2019s regime \u2014 \u201clast dictator\u201d"
UNICODE_TRIG = f"""@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/irkg/id/graph/article/ru> {{
  <https://w3id.org/irkg/id/entity/belarus> rdfs:label "Беларусь"@ru , "{PHRASE}"@en .
}}
"""


def irkg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def graphs(store_dir: Path) -> dict[str, int]:
    with open_store(store_dir) as store:
        counts: dict[str, int] = {}
        for quad in store:
            name = getattr(quad.graph_name, "value", "")  # "" for the default graph
            counts[name] = counts.get(name, 0) + 1
        return counts


def contents(store_dir: Path) -> set[str]:
    with open_store(store_dir) as store:
        return {str(q) for q in store}


def quads_of(nq: Path) -> set[str]:
    return {str(q) for q in ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)}


def leftovers(store_dir: Path) -> list[str]:
    """What lies beside the store other than the database it names."""
    current = os.readlink(store_dir) if store_dir.is_symlink() else None
    return sorted(p.name for p in store_dir.parent.iterdir()
                  if p.name.startswith(f".{store_dir.name}.") and p.name != current)


def add(store_dir: Path, graph: str | None, label: str) -> None:
    with open_store(store_dir) as store:
        store.add(ox.Quad(ox.NamedNode("https://example.org/marker"),
                          ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                          ox.Literal(label), ox.NamedNode(graph) if graph else ox.DefaultGraph()))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds built, validated and loaded once; tests get a copy of the store."""
    store_dir = tmp_path_factory.mktemp("template") / "store"
    result = irkg("load", "--seeds", str(SEEDS), "--store", str(store_dir))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("loaded 3 graph(s), ")
    return store_dir


@pytest.fixture
def loaded(template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "store"))


@pytest.fixture
def trig(seed_out: Path) -> str:
    return str(seed_out / "irkg.trig")


def test_load_puts_each_article_registry_and_ontology_in_its_own_graph(loaded: Path) -> None:
    assert set(graphs(loaded)) == {ARTICLE_GRAPH, str(REGISTRY_GRAPH), str(ONTOLOGY_GRAPH)}


def test_query_sees_union_of_graphs_and_prints_a_table(loaded: Path) -> None:
    result = irkg("query", str(SEEDS / "queries" / "01-belarus-memberships.rq"),
                  "--store", str(loaded))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].strip() == "organisation"
    assert "Eurasian Economic Union" in result.output
    assert result.output.rstrip().endswith("(2 rows)")


def test_load_article_replaces_only_that_articles_graph(loaded: Path, trig: str) -> None:
    add(loaded, ARTICLE_GRAPH, "stale fact")
    add(loaded, str(REGISTRY_GRAPH), "registry edit")
    result = irkg("load", "--from", trig, "--store", str(loaded), "--article", ARTICLE)
    assert result.exit_code == 0, result.output
    assert "loaded 1 graph(s)" in result.output
    labels = irkg("query", "SELECT ?l WHERE { <https://example.org/marker> ?p ?l }",
                  "--store", str(loaded), "--format", "csv").output
    assert labels.split() == ["l", "registry", "edit"]


def test_full_load_drops_graphs_of_removed_articles_but_keeps_foreign_graphs(
        loaded: Path, trig: str) -> None:
    add(loaded, str(article_graph_iri("deleted")), "gone")
    add(loaded, "https://example.org/my-graph", "mine")
    add(loaded, None, "in the default graph")
    result = irkg("load", "--from", trig, "--store", str(loaded))
    assert "dropped 1 graph(s)" in result.output
    assert str(article_graph_iri("deleted")) not in graphs(loaded)
    assert graphs(loaded)["https://example.org/my-graph"] == 1
    assert graphs(loaded)[""] == 1


def test_load_from_written_dataset_equals_load_from_seeds(
        loaded: Path, trig: str, tmp_path: Path) -> None:
    other = tmp_path / "from-file"
    result = irkg("load", "--from", trig, "--store", str(other))
    assert result.exit_code == 0, result.output
    with open_store(loaded) as a:
        mine = sorted(str(q) for q in a)
    with open_store(other) as b:
        assert sorted(str(q) for q in b) == mine


@pytest.mark.parametrize("replace_all", [True, False])
def test_failed_load_leaves_previous_contents_intact(
        loaded: Path, tmp_path: Path, replace_all: bool) -> None:
    before = graphs(loaded)
    nt, good = tmp_path / "broken.nt", tmp_path / "good.nt"
    nt.write_text("<https://example.org/a> <https://example.org/b> .\n", encoding="utf-8")
    good.write_text("<https://example.org/a> <https://example.org/b> <https://e.org/c> .\n",
                    encoding="utf-8")
    broken = dataset_from_sources([GraphSource(ARTICLE_GRAPH, nt, 1, ""), *(
        GraphSource(str(g), good, 1, "") for g in (REGISTRY_GRAPH, ONTOLOGY_GRAPH))], "broken")
    with pytest.raises(StoreError, match="previous contents are unchanged"):
        load(loaded, broken, replace_all=replace_all)
    assert graphs(loaded) == before
    assert leftovers(loaded) == []


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.trig", UNICODE_TRIG + "<a> <b> {", "cannot parse"),
    ("default.trig", "<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n",
     "outside any named graph"),
    ("blank.nq", "_:x <https://e.org/b> <https://e.org/c> <https://e.org/g> .\n", "blank nodes"),
    ("graph.ttl", "<https://e.org/a> <https://e.org/b> <https://e.org/c> .\n", "not a TriG"),
])
def test_unloadable_dataset_is_one_line_and_store_unchanged(
        loaded: Path, tmp_path: Path, name: str, text: str, message: str) -> None:
    before = graphs(loaded)
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    result = irkg("load", "--from", str(bad), "--store", str(loaded))
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert graphs(loaded) == before


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_non_ascii_text_survives_load_and_every_format(tmp_path: Path, fmt: str) -> None:
    trig = tmp_path / "ru.trig"
    trig.write_text(UNICODE_TRIG, encoding="utf-8")
    assert irkg("load", "--from", str(trig), "--store", str(tmp_path / "s")).exit_code == 0
    result = irkg("query", "SELECT ?l WHERE { ?s ?p ?l } ORDER BY ?l", "--store",
                  str(tmp_path / "s"), "--format", fmt)
    assert "Беларусь" in result.output
    assert PHRASE in result.output
    if fmt == "json":
        values = [b["l"]["value"] for b in json.loads(result.output)["results"]["bindings"]]
        assert values == [PHRASE, "Беларусь"]


def test_ask_and_construct_answers(loaded: Path) -> None:
    assert irkg("query", "ASK { ?s a ?c }", "--store", str(loaded)).output == "yes\n"
    out = irkg("query", "CONSTRUCT WHERE { <https://w3id.org/irkg/id/entity/belarus> a ?c }",
               "--store", str(loaded)).output
    assert out.startswith("<https://w3id.org/irkg/id/entity/belarus> "
                          "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ")


def test_construct_with_a_results_format_is_refused_not_ignored(loaded: Path) -> None:
    result = CliRunner().invoke(main, ["query", "CONSTRUCT WHERE { ?s a ?c }", "--format", "json",
                                       "--store", str(loaded)])
    assert result.exit_code == 2
    assert "--format json is for SELECT and ASK answers" in result.stderr


def test_query_errors_are_one_line_with_the_file_and_line(loaded: Path, tmp_path: Path) -> None:
    rq = tmp_path / "broken.rq"
    rq.write_text("# a comment\nSELECT ?s WHERE { ?s ?p \n", encoding="utf-8")
    result = irkg("query", str(rq), "--store", str(loaded))
    assert result.exit_code == 2
    assert result.output.startswith(f"{rq}:") and "SPARQL syntax error" in result.output
    missing = irkg("query", str(tmp_path / "nope.rq"), "--store", str(loaded))
    assert missing.exit_code == 2 and "cannot read" in missing.output


def test_query_without_a_store_says_to_load_first(tmp_path: Path) -> None:
    result = irkg("query", "ASK {}", "--store", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert "run 'irkg load' first" in result.output
    assert not (tmp_path / "none").exists()


def test_store_refuses_a_folder_that_is_not_a_store(tmp_path: Path, trig: str) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = irkg("load", "--from", trig, "--store", str(tmp_path))
    assert result.exit_code == 2 and "is not an irkg store" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


HOLD = """
import sys
from pathlib import Path
from irkg.store import open_store
with open_store(Path(sys.argv[1])):
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_second_process_gets_store_locked_while_another_holds_the_store(
        loaded: Path, trig: str) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(loaded)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        for args in (["load", "--from", trig], ["query", "ASK {}"]):
            result = irkg(*args, "--store", str(loaded))
            assert result.exit_code == 2
            assert result.output == (f"the store {loaded} is in use by another process; wait for "
                                     "it to finish (e.g. a running 'irkg load') and retry\n")
    finally:
        holder.communicate("\n", timeout=30)
    assert irkg("query", "ASK { ?s ?p ?o }", "--store", str(loaded)).output == "yes\n"


def test_query_in_a_second_process_while_this_one_loads_reports_the_lock(loaded: Path) -> None:
    irkg_exe = Path(sys.executable).parent / "irkg"
    with open_store(loaded):
        done = subprocess.run([str(irkg_exe), "query", "ASK {}", "--store", str(loaded)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "is in use by another process" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_default_store_location_is_created_with_its_parent_folder(
        tmp_path: Path, trig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = irkg("load", "--from", trig)
    assert result.exit_code == 0, result.output
    assert "into .irkg/store" in result.output
    assert irkg("query", "ASK { ?s ?p ?o }").output == "yes\n"


def test_second_full_load_replaces_the_first_and_leaves_one_database(tmp_path: Path) -> None:
    first = synthetic(tmp_path / "first.nq", "a", graphs=3, triples=50)
    second = synthetic(tmp_path / "second.nq", "b", graphs=2, triples=40)
    store_dir = tmp_path / "kg" / "store"
    result = irkg("load", "--from", str(first), "--store", str(store_dir))
    assert result.output.startswith("loaded 3 graph(s), 150 triples from ")
    assert contents(store_dir) == quads_of(first)
    # What a child bulk-loaded from another file than the dataset's is not used.
    with FullLoad(store_dir, prefetch=first) as full, dataset_from_file(second) as dataset:
        assert full.commit(dataset).dropped == tuple(
            str(article_graph_iri(f"a{g:03d}")) for g in range(3))
    assert contents(store_dir) == quads_of(second)
    assert store_dir.is_symlink() and len(list(store_dir.parent.iterdir())) == 2


def test_full_load_of_a_file_keeps_what_its_child_bulk_loaded(
        loaded: Path, trig: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def again(*_: object) -> None:
        raise AssertionError("the dataset was bulk-loaded a second time")

    monkeypatch.setattr(FullLoad, "_bulk_load", again)
    result = irkg("load", "--from", trig, "--store", str(loaded))
    assert result.exit_code == 0, result.output
    assert set(graphs(loaded)) == {ARTICLE_GRAPH, str(REGISTRY_GRAPH), str(ONTOLOGY_GRAPH)}


def held(folder: Path) -> bool:
    """Whether some process still has the database in ``folder`` open (its RocksDB lock)."""
    try:
        with open(folder / "LOCK", "rb+") as lock:
            fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return True
    except OSError:  # no database there
        pass
    return False


def test_load_killed_at_any_moment_leaves_the_old_or_the_new_store(tmp_path: Path) -> None:
    old = synthetic(tmp_path / "old.nq", "old", graphs=20, triples=1500)
    new = synthetic(tmp_path / "new.nq", "new", graphs=10, triples=2500)
    full = {old: quads_of(old), new: quads_of(new)}
    exe = str(Path(sys.executable).parent / "irkg")
    (tmp_path / "tmp").mkdir()  # where a killed load leaves its dataset's files
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    started = time.monotonic()
    subprocess.run([exe, "load", "--from", str(new), "--store", str(tmp_path / "timing")],
                   check=True, capture_output=True, env=env)
    duration = time.monotonic() - started
    store_dir = tmp_path / "kg" / "store"
    store_dir.mkdir(parents=True)
    plain = ox.Store(str(store_dir))  # a store from before: a plain folder, migrated by a load
    plain.bulk_load(path=str(old), format=ox.RdfFormat.N_QUADS)
    del plain
    outcomes, left = [], []
    for round_ in range(10):
        before = contents(store_dir)
        source = new if before == full[old] else old
        proc = subprocess.Popen([exe, "load", "--from", str(source), "--store", str(store_dir)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(duration * 1.2 * (round_ + 1) / 10)
        proc.kill()
        proc.wait()
        for _ in range(300):  # a bulk loader it started notices and stops
            if not any(held(f) for f in store_dir.parent.iterdir() if f.name != "store"):
                break
            time.sleep(0.05)
        after = contents(store_dir)
        assert after in (full[old], full[new]), f"round {round_}: a store half loaded"
        outcomes.append(after == before)
        left.append(bool(leftovers(store_dir)))
    assert any(outcomes) and any(left)
    kept = contents(store_dir)
    recovered = irkg("load", "--recover", "--store", str(store_dir))
    assert recovered.exit_code == 0 and recovered.output.startswith("removed ")
    assert leftovers(store_dir) == [] and contents(store_dir) == kept
    result = irkg("load", "--from", str(old), "--store", str(store_dir))
    assert result.exit_code == 0, result.output
    assert contents(store_dir) == full[old] and leftovers(store_dir) == []


def test_dataset_that_does_not_match_its_manifest_is_refused(tmp_path: Path) -> None:
    loaded = tmp_path / "store"
    first = synthetic(tmp_path / "first.nq", "first", graphs=1, triples=5)
    assert irkg("load", "--from", str(first), "--store", str(loaded)).exit_code == 0
    nq = synthetic(tmp_path / "irkg.nq", "m", graphs=2, triples=20)
    whole = nq.read_bytes()
    graph = str(article_graph_iri("m001"))
    (tmp_path / "manifest.json").write_text(json.dumps({"dataset": {
        "file": "irkg.nq", "sha256": hashlib.sha256(whole).hexdigest(),
        "graphs": {str(article_graph_iri("m000")): 20, graph: 20}}}), encoding="utf-8")
    before = graphs(loaded)
    lines = whole.splitlines(keepends=True)
    for cut, message in ((b"".join(lines[:-3]), f"graph <{graph}> has 17 triples, the manifest "
                          "says 20"), (whole[:-30], "its sha256 differs"),
                         (whole.replace(b'"m 7"', b'"m 8"'), "its sha256 differs")):
        nq.write_bytes(cut)
        result = irkg("load", "--from", str(nq), "--store", str(loaded))
        assert result.exit_code == 2
        assert result.output == (f"{nq} does not match {tmp_path / 'manifest.json'}: {message}; "
                                 "it was cut short or edited; rebuild it with "
                                 "'irkg build --dataset nquads'\n")
        assert graphs(loaded) == before and leftovers(loaded) == []
    nq.write_bytes(whole)
    assert irkg("load", "--from", str(nq), "--store", str(loaded)).exit_code == 0
    assert graphs(loaded) == {str(article_graph_iri("m000")): 20, graph: 20}
