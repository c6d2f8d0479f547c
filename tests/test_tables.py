"""``irkg export claims``: the seed graph as tables pandas, pyarrow and R load as documented.

Besides the shape of each table (README, JSON schema, Parquet types), the rows
are checked against the seed: a negated, modal, reported or conditional claim
carries its axes in its row and its summary says so, so no table reads it as
a plain fact.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
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
SCHEMA = Path(__file__).resolve().parent / "schemas" / "irkg-tables.schema.json"
ARTICLE = "000_0b4d5d3e6978a53b"
PREFIXES = """PREFIX irkg: <https://w3id.org/irkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX layer: <https://w3id.org/irkg/vocab/layer/>
"""
#: Each table's rows, counted in the graph by SPARQL, independently of the exporter.
#: A claim is a node with evidence derived from an article (a quantity has evidence too).
COUNTS = {
    "claims": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x irkg:evidence ?e ; prov:wasDerivedFrom ?a }",
    "evidence": "SELECT (COUNT(DISTINCT ?x) AS ?n) "
                "{ ?c irkg:evidence ?x ; prov:wasDerivedFrom ?a }",
    "links": "SELECT (COUNT(*) AS ?n) { ?c ?p ?o VALUES ?p { irkg:aboutClaim irkg:condition "
             "irkg:inExchangeFor irkg:replaces } }",
    "quantities": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?c irkg:quantity ?x }",
    "layers": "SELECT (COUNT(DISTINCT ?x) AS ?n) { ?x oa:motivatedBy oa:classifying ; "
              "oa:hasBody ?b FILTER (?b != layer:boilerplate) }",
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


#: (name, type) of each table's columns, as the code declares them; the README's lists
#: are checked against these once, the files against them everywhere else.
DECLARED = {name: [(c.name, c.type) for c in columns] for name, (columns, _) in TABLES.items()}


def test_readme_documents_every_column_of_every_table() -> None:
    assert documented_columns() == DECLARED


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
    assert list(frame.columns) == [column for column, _ in DECLARED[name]]
    assert len(frame) > 0


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_row_counts_are_those_of_the_graph(
        exported: dict[str, Path], seed_out: Path, name: str) -> None:
    ((expected,),) = sparql(seed_out, COUNTS[name])
    for fmt in FORMATS:
        assert len(load(exported[fmt], name, fmt)) == int(expected), fmt


def test_claims_table_has_one_row_per_claim_of_the_graph(
        exported: dict[str, Path], seed_out: Path) -> None:
    claims = {iri for (iri,) in sparql(
        seed_out, "SELECT ?c { ?c irkg:evidence ?e ; prov:wasDerivedFrom ?a }")}
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
        (column, ARROW[type_]) for column, type_ in DECLARED[name]]


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_csv_and_json_round_trip_to_the_parquet_table(exported: dict[str, Path], name: str) -> None:
    types = {column: PANDAS[type_] for column, type_ in DECLARED[name]}
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


def _row(claims: pd.DataFrame, claim_id: str) -> pd.Series:
    found = claims[claims["claim_id"] == claim_id]
    assert len(found) == 1, claim_id
    row: pd.Series = found.iloc[0]
    return row


def test_every_claim_row_has_its_axes_and_a_chain_of_sources(
        exported: dict[str, Path]) -> None:
    claims = pd.read_parquet(exported["parquet"] / "claims.parquet")
    for column in ("polarity", "modality", "scope", "certainty", "attribution",
                   "source_chain_id"):
        assert claims[column].notna().all(), column
    assert set(claims["trend"].dropna()) == {"increasing", "decreasing", "continuing"}
    # a chain starts with the passage's speaker: the author, or a layer's (or unnamed)
    speakers = {chain.split(" | ")[0] for chain in claims["source_chain_id"]}
    assert speakers == {"dzianis-melyantsou", "moscow-times", "unnamed"}
    assert (claims["source_chain_id"].str.count(r" \| ") + 1 ==
            claims["source_chain_label"].str.count(r" \| ") + 1).all()


def test_axes_are_those_of_the_graph(exported: dict[str, Path], seed_out: Path) -> None:
    """Each claim's polarity, modality, scope and trend, read by SPARQL, are its row's."""
    claims = pd.read_parquet(exported["parquet"] / "claims.parquet")
    for axis, predicate in (("polarity", "irkg:polarity"), ("modality", "irkg:modality"),
                            ("scope", "irkg:scope"), ("trend", "irkg:trend")):
        graph = {(c, v.rsplit("/", 1)[1]) for c, v in sparql(
            seed_out, f"SELECT ?c ?v {{ ?c {predicate} ?v ; prov:wasDerivedFrom ?a }}")}
        table = {(c, v) for c, v in zip(claims["claim"], claims[axis], strict=True)
                 if pd.notna(v)}
        assert table == graph, axis


@pytest.mark.parametrize(("claim_id", "expected", "words"), [
    ("lukashenko-never-questioned-csto", {"polarity": "negated", "modality": "actual"},
     "Alexander Lukashenko — NOT opposition → Collective Security Treaty Organization"),
    ("belarus-eu-working-relationship", {"modality": "necessary", "polarity": "affirmed"},
     "Belarus — MUST related to: working-relationship → European Union"),
    ("expect-no-merger", {"modality": "predicted", "polarity": "negated"},
     "— WILL NOT expectation → "),
    ("decision-would-have-come-earlier", {"modality": "counterfactual"}, "— WOULD "),
    ("military-base-could-follow", {"modality": "possible"}, "— MAY "),
    ("russia-ready-to-pressure-minsk", {"modality": "intended"}, "Russia — INTENDS pressure"),
    ("lukashenko-already-paid", {"scope": "partial"}, "— PARTLY accommodation → Russia"),
    ("kremlin-wants-stability-for-now", {"scope": "provisional", "layer_type": "standfirst"},
     "in the standfirst: Russia — FOR NOW interest"),
    ("speculation-concessions-promised",
     {"source_chain_id": "dzianis-melyantsou | observers", "according_to_id": "observers",
      "certainty": "speculative", "addressee_id": "russia", "trend": "continuing",
      "in_exchange_for_id": "kremlin-backs-lukashenko-in-protests"},
     "according to unnamed observers: Alexander Lukashenko — commitment → "),
    ("protests-presented-as-anti-russian",
     {"source_chain_id": "dzianis-melyantsou | unnamed",
      "source_chain_label": "Dzianis Melyantsou | unnamed", "reported_to_id": "putin",
      "attribution": "unnamed"},
     "according to an unnamed source (told to Vladimir Putin): "),
    ("no-equal-conditions-no-union",
     {"condition_id": "minsk-demands-end-of-trade-restrictions | minsk-demands-energy-access",
      "source_chain_id": "dzianis-melyantsou | lukashenko"},
     " IF minsk-demands-end-of-trade-restrictions, minsk-demands-energy-access"),
    ("kremlin-demanded-single-economic-space",
     {"in_exchange_for_id": "kremlin-offered-election-support", "addressee_id": "lukashenko"},
     " IN EXCHANGE FOR kremlin-offered-election-support"),
    ("cooperation-after-election", {"replaces_id": "irritation-before-election"},
     " REPLACING irritation-before-election"),
    ("merger-fears-unfounded", {"about_claim_id": "feared-hostile-merger"},
     "Dzianis Melyantsou — rejection → «feared-hostile-merger»"),
    ("foreign-agent-target",
     {"layer_type": "appeal", "layer_speaker_id": "moscow-times",
      "source_chain_id": "moscow-times"},
     "in the appeal by The Moscow Times: "),
])
def test_qualified_claims_say_so_in_their_row_and_summary(
        exported: dict[str, Path], claim_id: str, expected: dict[str, str], words: str) -> None:
    row = _row(pd.read_parquet(exported["parquet"] / "claims.parquet"), claim_id)
    assert {k: row[k] for k in expected} == expected
    assert words in row["summary"], row["summary"]


def test_only_claims_stated_outright_are_plain(exported: dict[str, Path]) -> None:
    """``plain`` is the builder's rule; no claim that departs from it reads as plain."""
    claims = pd.read_parquet(exported["parquet"] / "claims.parquet")
    outright = ((claims["polarity"] == "affirmed") & (claims["modality"] == "actual")
                & (claims["certainty"] == "asserted") & (claims["attribution"] == "article")
                & claims["condition_id"].isna()
                & ~claims["source_chain_id"].str.contains(" | ", regex=False))
    assert (claims["plain"] == outright).all()
    assert claims["plain"].any() and not claims["plain"].all()
    modal = {"possible": "MAY", "necessary": "MUST", "predicted": "WILL",
             "intended": "INTENDS", "counterfactual": "WOULD"}
    for _, row in claims.iterrows():
        summary = row["summary"]
        assert (" NOT " in summary) == (row["polarity"] == "negated"), summary
        assert (row["modality"] == "actual") or f" {modal[row['modality']]} " in summary
        reported = " | " in row["source_chain_id"]
        assert reported == ("according to " in summary), summary


def test_links_point_at_claims_of_the_table(exported: dict[str, Path]) -> None:
    claims = pd.read_parquet(exported["parquet"] / "claims.parquet")
    links = pd.read_parquet(exported["parquet"] / "links.parquet")
    assert set(links["relation"]) == {"about_claim", "condition", "in_exchange_for", "replaces"}
    assert set(links["other_claim"]) <= set(claims["claim"])
    ids = dict(zip(claims["claim"], claims["claim_id"], strict=True))
    assert all(ids[o] == i for o, i in zip(links["other_claim"], links["other_claim_id"],
                                           strict=True))
    demanded = links[links["claim_id"] == "kremlin-demanded-single-economic-space"]
    assert list(zip(demanded["relation"], demanded["other_claim_id"], strict=True)) == [
        ("in_exchange_for", "kremlin-offered-election-support")]
    # the wide table's link columns are the long table's rows, joined
    for relation in ("about_claim", "condition", "in_exchange_for", "replaces"):
        joined = links[links["relation"] == relation].groupby("claim_id")["other_claim_id"]
        wide = claims.set_index("claim_id")[f"{relation}_id"].dropna()
        assert joined.agg(" | ".join).sort_index().to_dict() == wide.sort_index().to_dict()


def test_quantities_and_layers_quote_the_article(exported: dict[str, Path]) -> None:
    text = (SEEDS / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    quantities = pd.read_parquet(exported["parquet"] / "quantities.parquet")
    assert all(text[a:b] == q for a, b, q in zip(quantities["start"], quantities["end"],
                                                  quantities["quote"], strict=True))
    (nine,) = quantities[quantities["claim_id"] == "no-concessions-made"].itertuples()
    assert (nine.value, nine.unit, nine.comparator, nine.text, nine.quote) == (
        9.0, "month", "nearly", "nearly 9 months", "nearly nine months")
    layers = pd.read_parquet(exported["parquet"] / "layers.parquet")
    assert all(text[a:b] == q for a, b, q in zip(layers["start"], layers["end"],
                                                  layers["quote"], strict=True))
    appeal = layers[layers["layer_type"] == "appeal"].iloc[0]
    assert (appeal["speaker_id"], appeal["speaker_label"], appeal["not_before"]) == (
        "moscow-times", "The Moscow Times", "2023-11-17")
    claims = pd.read_parquet(exported["parquet"] / "claims.parquet")
    in_appeal = claims[claims["layer"] == appeal["layer"]]
    assert set(in_appeal["claim_id"]) == {
        "foreign-agent-target", "foreign-agent-designated",
        "moscow-times-rejects-foreign-agent-label", "moscow-times-refuses-silence"}
    assert (in_appeal["start"] >= appeal["start"]).all()
    assert (in_appeal["layer_speaker_label"] == "The Moscow Times").all()


def test_json_tables_follow_the_published_schema(exported: dict[str, Path]) -> None:
    """``tests/schemas/irkg-tables.schema.json`` pins every table's columns, their order,
    types and controlled values; a column added to the code must be added there too."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert sorted(schema["$defs"]) == sorted(TABLES)
    kinds = {"string": "string", "int64": "integer", "float64": "number", "bool": "boolean"}
    for name, (columns, _) in TABLES.items():
        properties = schema["$defs"][name]["items"]["properties"]
        assert [(n, p["type"] if isinstance(p["type"], str) else p["type"][0])
                for n, p in properties.items()] == [(c.name, kinds[c.type]) for c in columns]
        rows = json.loads((exported["json"] / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"}).validate(rows)


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
             "<https://w3id.org/irkg/ontology#evidence> ?e ; "
             "<http://www.w3.org/ns/prov#wasDerivedFrom> ?a } GROUP BY ?kind")
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
