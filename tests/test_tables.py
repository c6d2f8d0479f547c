"""``irkg export claims``: the seed graph as tables pandas, pyarrow and R load as documented."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import SEEDS, union
from irkg.claims import extract
from irkg.cli import main
from irkg.tables import FORMATS, TABLE_NAMES
from irkg.tables.schema import TABLES

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
PREFIXES = """PREFIX irkg: <https://w3id.org/irkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
#: Each table's rows, counted in the graph by SPARQL, independently of the exporter.
COUNTS = {
    "claims": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x irkg:evidence ?e ; prov:wasDerivedFrom ?a }",
    "evidence": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?c irkg:evidence ?x }",
    "mentions": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x oa:motivatedBy oa:identifying }",
    "entities": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x a ?t "
                "FILTER STRSTARTS(STR(?x), 'https://w3id.org/irkg/id/entity/') }",
    "articles": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x a irkg:Article }",
}
PANDAS = {"string": "string", "int64": "Int64", "float64": "Float64", "bool": "boolean"}
ARROW = {"string": "string", "int64": "int64", "float64": "double", "bool": "bool"}


def sparql(out: Path, query: str) -> list[tuple[str, ...]]:
    store = ox.Store()
    store.load(path=str(out / "irkg.trig"), format=ox.RdfFormat.TRIG)
    result = store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple(str(t.value) if t is not None else "" for t in row) for row in result]


def export(*args: str) -> str:
    result = CliRunner().invoke(main, ["export", "claims", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def exported(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every table of the seed build, in every format: format → folder."""
    root = tmp_path_factory.mktemp("tables")
    for fmt in FORMATS:
        export(str(seed_out), "--format", fmt, "--out", str(root / fmt))
    return {fmt: root / fmt for fmt in FORMATS}


def documented_columns() -> dict[str, list[tuple[str, str]]]:
    """(name, type) of each table's columns, as the README lists them."""
    section = README.split("## Tables for pandas and R", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, list[tuple[str, str]]] = {}
    for name, body in re.findall(r"#### `(\w+)`.*?\n\n(.*?)(?:\n\n|\Z)", section, re.S):
        tables[name] = re.findall(r"^\| `(\w+)` \| (\w+) \|", body, re.M)
    return tables


def test_readme_documents_every_column_of_every_table() -> None:
    assert documented_columns() == {
        name: [(c.name, c.type) for c in columns] for name, (columns, _) in TABLES.items()}


def load(folder: Path, name: str, fmt: str) -> pd.DataFrame:
    path = folder / f"{name}.{fmt}"
    if fmt == "parquet":
        return pd.read_parquet(path)
    if fmt == "json":
        return pd.read_json(path, orient="records", dtype=False)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", TABLE_NAMES)
def test_tables_load_in_pandas_with_the_documented_columns(
        exported: dict[str, Path], name: str, fmt: str) -> None:
    frame = load(exported[fmt], name, fmt)
    assert list(frame.columns) == [column for column, _ in documented_columns()[name]]
    assert len(frame) > 0


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_row_counts_are_those_of_the_graph(
        exported: dict[str, Path], seed_out: Path, name: str) -> None:
    ((expected,),) = sparql(seed_out, COUNTS[name])
    for fmt in FORMATS:
        assert len(load(exported[fmt], name, fmt)) == int(expected), fmt


def test_claims_table_has_one_row_per_claim_of_the_graph(
        exported: dict[str, Path], seed_out: Path) -> None:
    claims = {iri for (iri,) in sparql(seed_out, "SELECT ?c { ?c irkg:evidence ?e }")}
    table = pq.read_table(exported["parquet"] / "claims.parquet")
    assert sorted(table.column("claim").to_pylist()) == sorted(claims)
    evidence = pq.read_table(exported["parquet"] / "evidence.parquet")
    counts = evidence.group_by("claim").aggregate([("n", "count")]).to_pylist()
    by_claim = dict(zip(table.column("claim").to_pylist(),
                        table.column("evidence_count").to_pylist(), strict=True))
    assert {row["claim"]: row["n_count"] for row in counts} == by_claim


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_parquet_columns_have_the_documented_types(exported: dict[str, Path], name: str) -> None:
    schema = pq.read_schema(exported["parquet"] / f"{name}.parquet")
    assert [(f.name, str(f.type)) for f in schema] == [
        (column, ARROW[type_]) for column, type_ in documented_columns()[name]]


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_csv_and_json_round_trip_to_the_parquet_table(exported: dict[str, Path], name: str) -> None:
    types = {column: PANDAS[type_] for column, type_ in documented_columns()[name]}
    parquet = pd.read_parquet(exported["parquet"] / f"{name}.parquet").astype(types)
    from_csv = pd.read_csv(exported["csv"] / f"{name}.csv", dtype=types, keep_default_na=False,
                           na_values={c: [""] for c in types})
    pd.testing.assert_frame_equal(from_csv, parquet)
    rows = json.loads((exported["json"] / f"{name}.json").read_text(encoding="utf-8"))
    pd.testing.assert_frame_equal(pd.DataFrame(rows, columns=list(types)).astype(types), parquet)


def test_evidence_and_mentions_quote_the_article_at_their_offsets(seed_out: Path) -> None:
    x = extract(union(seed_out))
    texts = {a.id: (SEEDS / f"{a.id}.txt").read_text(encoding="utf-8") for a in x.articles}
    for claim in x.claims:
        assert claim.evidence, claim.iri
        for e in claim.evidence:
            assert texts[claim.article_id][e.start:e.end] == e.quote, e.iri
    for m in x.mentions:
        assert texts[m.article_id][m.start:m.end] == m.quote, m.iri


def test_claim_rows_carry_every_axis(exported: dict[str, Path]) -> None:
    claims = pd.read_parquet(exported["parquet"] / "claims.parquet")
    stances = claims[claims["section"] == "stance"]
    assert stances["type"].notna().all() and stances["attribution"].notna().all()
    assert set(stances["certainty"]) <= {"asserted", "hedged", "speculative"}
    assert claims["date_approximate"].any() and claims["attributed_to_id"].notna().any()
    membership = claims[claims["claim_id"] == "belarus-member-of-csto"].iloc[0]
    assert (membership["kind"], membership["subject_id"], membership["object_id"]) == (
        "Membership", "belarus", "csto")
    multi = claims[claims["evidence_count"] > 1].iloc[0]
    assert multi["quote"].count(" | ") == multi["evidence_count"] - 1


def test_one_table_prints_to_standard_output(seed_out: Path) -> None:
    rows = list(csv.reader(export(str(seed_out), "--table", "entities").splitlines()))
    assert rows[0] == [c.name for c in TABLES["entities"][0]]
    assert ["belarus", "State", "Belarus"] == rows[1][1:4]
    data = json.loads(export(str(seed_out), "--table", "articles", "--format", "json"))
    assert data[0]["article_id"] == "000_0b4d5d3e6978a53b"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_select_query_is_exported_in_every_format(seed_out: Path, tmp_path: Path,
                                                    fmt: str) -> None:
    query = SEEDS / "queries" / "01-belarus-memberships.rq"
    expected = (query.with_suffix("").with_suffix(".expected.tsv")).read_text(encoding="utf-8")
    target = tmp_path / f"answer.{fmt}"
    export(str(seed_out), "--query", str(query), "--format", fmt, "--out", str(target))
    frame = load(tmp_path, "answer", fmt)
    assert list(frame.columns) == ["organisation"]
    assert list(frame["organisation"]) == expected.splitlines()[1:]


def test_query_cells_keep_their_types(seed_out: Path) -> None:
    query = ("SELECT ?kind (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ?kind ; "
             "<https://w3id.org/irkg/ontology#evidence> ?e } GROUP BY ?kind")
    rows = json.loads(export(str(seed_out), "--query", query, "--format", "json"))
    assert all(isinstance(r["n"], int) for r in rows)
    assert [r["kind"] for r in rows] == sorted(r["kind"] for r in rows)  # no ORDER BY: sorted
    ((claims,),) = sparql(seed_out, COUNTS["claims"])
    assert sum(r["n"] for r in rows) == int(claims)


@pytest.mark.parametrize(("query", "form"), [
    ("ASK { ?s ?p ?o }", "an ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "a CONSTRUCT or DESCRIBE"),
])
def test_anything_but_select_is_refused_in_one_line(seed_out: Path, tmp_path: Path,
                                                    query: str, form: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q.rq").write_text(query + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "claims", str(seed_out), "--query", "q.rq"])
    assert result.exit_code == 2
    assert result.output == (f"q.rq: only a SELECT query can be exported as a table, this is "
                             f"{form}; rewrite it as SELECT, or run it with 'irkg query'\n")


@pytest.mark.parametrize("args", [[], ["--table", "claims", "--format", "parquet"],
                                  ["--query", "SELECT * { ?s ?p ?o }", "--table", "claims"]])
def test_missing_or_conflicting_outputs_are_usage_errors(seed_out: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["export", "claims", str(seed_out), *args])
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output


def test_export_is_byte_identical_on_a_rerun(exported: dict[str, Path], seed_out: Path,
                                             tmp_path: Path) -> None:
    for fmt, folder in exported.items():
        export(str(seed_out), "--format", fmt, "--out", str(tmp_path / fmt))
        for name in TABLE_NAMES:
            path = f"{name}.{fmt}"
            assert (tmp_path / fmt / path).read_bytes() == (folder / path).read_bytes(), path
