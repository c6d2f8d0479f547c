"""Interchange with annotation tools: round trips, published and tool-shaped exports, merges.

The seed corpus goes out through every format and comes back as the same
graph, and so does a small article that uses every part of the annotation
model (``fixtures/interchange/model-v2``); each case folder is a real export
(brat's tutorial) or one in the tool's own format with emoji and CRLF, whose
quotes must land on the offsets the case lists; bad exports give one line per
problem, exit 2, and leave the seeds untouched.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from conftest import FIXTURES, SEEDS, union
from irkg.cli import main
from irkg.corpus import Options
from irkg.interchange import brat
from irkg.interchange.content import from_model
from irkg.interchange.formats import CANNOT_HOLD, export_documents, export_files
from irkg.interchange.mapping import load_mapping
from irkg.interchange.merge import plan_import
from irkg.layout import run_build
from irkg.load import load_article
from irkg.ontology import load_ontology
from irkg.pipeline import build_corpus, load_corpus, load_seed_registry
from irkg.terms import OA

CASES = FIXTURES / "interchange" / "cases"
BAD = FIXTURES / "interchange" / "bad"
MODEL = FIXTURES / "interchange" / "model-v2"
FORMATS = tuple(CANNOT_HOLD)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _export(fmt: str, seeds: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["export", fmt, "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "does not keep" in result.stderr  # what the format cannot hold is listed


def _import(*args: str) -> Any:
    return CliRunner().invoke(main, ["import", *args])


@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_corpus_round_trips_to_an_isomorphic_graph(fmt: str, tmp_path: Path,
                                                        seed_out: Path) -> None:
    _export(fmt, SEEDS, tmp_path / "export")
    fresh = tmp_path / "seeds"
    fresh.mkdir()
    shutil.copy(SEEDS / "registry.yaml", fresh / "registry.yaml")
    result = _import(fmt, str(tmp_path / "export"), "--into", str(fresh))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    run_build(fresh, out, options=Options(cache=tmp_path / "cache", progress=False))
    assert isomorphic(union(out), union(seed_out))
    # the texts are the seeds' to the byte, CRLF and all
    for text in SEEDS.glob("*.txt"):
        assert (fresh / text.name).read_bytes() == text.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimporting_an_export_into_its_seeds_changes_nothing(fmt: str, tmp_path: Path,
                                                              seeds_copy: Path) -> None:
    _export(fmt, seeds_copy, tmp_path / "export")
    before = _snapshot(seeds_copy)
    result = _import(fmt, str(tmp_path / "export"), "--into", str(seeds_copy))
    assert result.exit_code == 0, result.output
    assert "nothing to import" in result.output
    assert _snapshot(seeds_copy) == before


def _model(folder: Path) -> Any:
    return load_article(folder / "model.yaml", load_seed_registry(folder), load_ontology())


def _content(article: Any) -> Any:
    """The article's content, its mentions in the order of the text (a set, to the graph)."""
    content = from_model(article)
    return replace(content, mentions=tuple(sorted(content.mentions,
                                                  key=lambda m: (m.start, m.end, m.entity))))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_part_of_the_annotation_model_survives_each_format(fmt: str, tmp_path: Path
                                                                 ) -> None:
    """Axes, chains of sources with 'unnamed', links, quantities and layers come back as written.

    The import writes what the loader would not fill in by itself, so even the
    values the annotator chose (not took by default) are the same.
    """
    seeds = tmp_path / "model"
    shutil.copytree(MODEL, seeds)
    _export(fmt, seeds, tmp_path / "export")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copy(seeds / "registry.yaml", fresh / "registry.yaml")
    result = _import(fmt, str(tmp_path / "export"), "--into", str(fresh))
    assert result.exit_code == 0, result.output
    original, back = _model(seeds), _model(fresh)
    assert _content(back) == _content(original)
    assert {c.id: c.chosen for c in back.claims} == {c.id: c.chosen for c in original.claims}
    claims = {c.id: c for c in back.claims}
    negated = claims["road-map-not-signed"]
    assert (negated.concepts["polarity"], negated.concepts["certainty"]) == ("negated",
                                                                            "speculative")
    assert negated.refs["according_to"] == ("observers", "unnamed")  # in order
    assert negated.refs["reported_to"] == ("putin",) and negated.refs["agent"] == ("russia",)
    modal = claims["road-map-may-be-signed"]
    assert (modal.concepts["modality"], modal.concepts["scope"], modal.concepts["trend"]) == (
        "possible", "partial", "increasing")
    assert claims["russia-to-press-belarus"].refs["according_to"] == ("unnamed", "putin")
    assert modal.links == {"condition": ("belarus-pays",)}
    assert claims["road-map-suspended"].links == {"replaces": ("road-map-may-be-signed",)}
    assert claims["russia-offers-signature"].links == {
        "in_exchange_for": ("belarus-pays", "belarus-demands-signature")}
    assert claims["putin-rejects-offer"].links == {"about_claim": ("russia-offers-signature",)}
    assert "target" not in claims["putin-rejects-offer"].refs
    assert claims["belarus-demands-signature"].refs["terms_of"] == ("minsk-deal",)
    assert [(q.value, q.unit, q.comparator, q.evidence.anchor.exact)
            for c in (modal, claims["belarus-pays"]) for q in c.quantities] == [
        ("2.50", "year", "exactly", "2.50 years"), ("9", "percent", "nearly", "nearly 9 percent"),
        ("2", "count", "exactly", "2 instalments")]
    assert [(x.layer, x.speaker, x.date, x.not_before, x.note, back.text[x.start:x.end])
            for x in back.meta.layers] == [
        (x.layer, x.speaker, x.date and replace(x.date, where=back.meta.layers[0].date.where),
         x.not_before and replace(x.not_before, where=back.meta.layers[1].not_before.where),
         x.note, original.text[x.start:x.end]) for x in original.meta.layers]
    # "Russia" everywhere is a word of its own: not the "Russia" of "Russian"
    assert {back.text[m.evidence.anchor.start:m.evidence.anchor.end + 1]
            for m in back.mentions if m.entity == "russia"} <= {"Russia ", "Russia."}
    # what the loader derives for an 'attribution: actor' stance is left out
    written = {c["id"]: c for c in yaml.safe_load(
        (fresh / "model.yaml").read_text(encoding="utf-8"))["stances"]}
    assert {key: [k for k in ("attributed_to", "according_to") if k in written[key]]
            for key in ("russia-offers-signature", "russia-to-press-belarus",
                        "russia-supports-belarus")} == {
        "russia-offers-signature": ["attributed_to"],
        "russia-to-press-belarus": ["according_to"], "russia-supports-belarus": []}
    assert isomorphic(build_corpus(load_corpus(fresh)).graph,
                      build_corpus(load_corpus(seeds)).graph)
    before = _snapshot(seeds)
    again = _import(fmt, str(tmp_path / "export"), "--into", str(seeds))
    assert again.exit_code == 0 and "nothing to import" in again.output, again.output
    assert _snapshot(seeds) == before


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_web_annotation_json_ld_is_the_graphs_evidence(tmp_path: Path, seed_out: Path) -> None:
    """Parsed with rdflib against the W3C context, every annotation is the one in the Turtle."""
    _export("webannotation", SEEDS, tmp_path)
    context = json.loads((FIXTURES / "interchange" / "anno.jsonld").read_text())["@context"]
    built = union(seed_out)
    for path in sorted(tmp_path.glob("*.jsonld")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
        data["@context"] = context  # offline: the published context, vendored
        graph = Graph().parse(data=json.dumps(data), format="json-ld")
        article = URIRef(f"https://w3id.org/irkg/id/article/{path.stem}")
        anns = {a for a in built.subjects(RDF.type, OA.Annotation)
                if str(a).startswith(f"{article}/")}
        assert anns and anns <= set(graph.subjects(RDF.type, OA.Annotation))
        nodes = {URIRef(f"{a}{s}") for a in anns for s in ("", "/target", "/quote", "/position")}
        want = {t for t in built if t[0] in nodes}
        have = {t for t in graph if t[0] in nodes and not isinstance(t[2], BNode)}
        assert have == want


def _case_args(case: Path, work: Path) -> list[str]:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    args = [spec["format"], str(work / "input"), "--into", str(work / "seeds")]
    if (case / "mapping.yaml").is_file():
        args += ["--mapping", str(work / "mapping.yaml")]
    return args


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_tool_exports_land_on_the_recorded_offsets(case: str, tmp_path: Path) -> None:
    work = tmp_path / case
    shutil.copytree(CASES / case, work)
    spec = yaml.safe_load((work / "case.yaml").read_text(encoding="utf-8"))
    registry_before = {e["id"] for e in yaml.safe_load(
        (work / "seeds" / "registry.yaml").read_text(encoding="utf-8"))["entities"]}
    result = _import(*_case_args(CASES / case, work))
    assert result.exit_code == 0, result.output
    registry = load_seed_registry(work / "seeds")
    added = {e: registry.entities[e].wikidata for e in set(registry.entities) - registry_before}
    assert added == spec["added"]
    [annotation] = [p for p in (work / "seeds").glob("*.yaml") if p.name != "registry.yaml"]
    article = load_article(annotation, registry, load_ontology())
    mentions = sorted([m.entity, m.evidence.anchor.start, m.evidence.anchor.end]
                      for m in article.mentions)
    assert mentions == sorted(spec["mentions"])
    claims = {c.id: [[e.anchor.start, e.anchor.end] for e in c.evidence]
              for c in article.claims}
    assert claims == spec["claims"]
    if "boilerplate" in spec:
        assert [list(b) for b in article.meta.boilerplate] == spec["boilerplate"]
    again = _import(*_case_args(CASES / case, work))
    assert again.exit_code == 0 and "nothing to import" in again.output


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.iterdir()))
def test_bad_exports_give_one_line_each_and_write_nothing(case: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    work = tmp_path / case
    shutil.copytree(BAD / case, work)
    monkeypatch.chdir(work)
    spec = yaml.safe_load(Path("case.yaml").read_text(encoding="utf-8"))
    before = _snapshot(Path("seeds"))
    result = _import(spec["format"], "input", "--into", "seeds")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == len(spec["errors"]), result.stderr
    for line, expected in zip(sorted(lines), sorted(spec["errors"]), strict=True):
        assert line.startswith(expected), line
        assert re.match(r"input/\S+(:\d+)?: (annotation|document) \S+: .+; .+", line), line
    assert _snapshot(Path("seeds")) == before


def _brat_export(seeds: Path, out: Path) -> Path:
    _export("brat", seeds, out)
    [ann] = out.glob("*.ann")
    return ann


def test_a_conflicting_export_is_reported_claim_by_claim_and_needs_replace(
        tmp_path: Path, seeds_copy: Path) -> None:
    ann = _brat_export(seeds_copy, tmp_path / "brat")
    text = ann.read_text(encoding="utf-8")
    # the tool changed two claims: a stance's certainty, a fact's organisation
    edited = re.sub(r"(A\d+\tCertainty (T\d+) )hedged", r"\1speculative", text, count=1)
    edited = edited.replace('"organization": "eaeu"', '"organization": "union-state"', 1)
    assert edited.count("\n") == text.count("\n") and edited != text
    ann.write_text(edited, encoding="utf-8")
    before = _snapshot(seeds_copy)
    result = _import("brat", str(ann), "--into", str(seeds_copy))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert all(re.match(r"\S+\.yaml:\d+: (fact|stance) '[a-z0-9-]+' differs from annotation "
                        r"T\d+ of .+; .*--replace", line) for line in lines), lines
    assert _snapshot(seeds_copy) == before
    result = _import("brat", str(ann), "--into", str(seeds_copy), "--replace")
    assert result.exit_code == 0, result.output
    assert result.output.count("replace ") == 2
    [yaml_file] = [p for p in seeds_copy.glob("*.yaml") if p.name != "registry.yaml"]
    written = yaml_file.read_text(encoding="utf-8")
    assert written.startswith("# Stand-off annotation")  # hand comments survive
    assert "certainty: speculative" in written
    again = _import("brat", str(ann), "--into", str(seeds_copy))
    assert again.exit_code == 0 and "nothing to import" in again.output


def test_new_claims_from_a_tool_are_added_beside_hand_edits(tmp_path: Path,
                                                            seeds_copy: Path) -> None:
    ann = _brat_export(seeds_copy, tmp_path / "brat")
    text = ann.read_text(encoding="utf-8")
    first = re.search(r"^(T\d+)\tState (\d+) (\d+)\t(.*)$", text, re.M)
    assert first is not None
    extra = (f"T9001\tstance {first[2]} {first[3]}\t{first[4]}\n"
             "A9001\tStanceType T9001 concern\nA9002\tCertainty T9001 hedged\n"
             "A9003\tAttribution T9001 article\n"
             "#9001\tAnnotatorNotes T9001\t{\"holder\": \"russia\", \"target\": \"belarus\"}\n")
    ann.write_text(text + extra, encoding="utf-8")
    result = _import("brat", str(ann), "--into", str(seeds_copy))
    assert result.exit_code == 0, result.output
    assert "add 000_0b4d5d3e6978a53b: stance stance-t9001" in result.output
    registry = load_seed_registry(seeds_copy)
    [yaml_file] = [p for p in seeds_copy.glob("*.yaml") if p.name != "registry.yaml"]
    article = load_article(yaml_file, registry, load_ontology())
    [new] = [c for c in article.claims if c.id == "stance-t9001"]
    assert new.refs["holder"] == ("russia",) and new.concepts["certainty"] == "hedged"


def test_plan_import_on_the_seed_export_plans_no_write(seeds_copy: Path) -> None:
    docs = export_documents(seeds_copy)
    assert plan_import(seeds_copy, docs, load_mapping(None)).writes == {}
    files = export_files("labelstudio", docs)
    assert set(files) == {"tasks.json", "label_config.xml"}


def test_a_new_corpus_can_start_from_an_export(tmp_path: Path) -> None:
    """No seeds/ yet: the texts, annotations and a registry of the mentioned entities are made."""
    case = CASES / "brat-astral-crlf"
    seeds = tmp_path / "new-seeds"
    dry = _import("brat", str(case / "input"), "--into", str(seeds), "--dry-run")
    assert dry.exit_code == 0 and "would be written" in dry.output and not seeds.exists()
    result = _import("brat", str(case / "input"), "--into", str(seeds))
    assert result.exit_code == 0, result.output
    registry = load_seed_registry(seeds)
    assert set(registry.entities) == {"belarus", "csto", "russia", "sochi", "the-talks"}
    assert registry.entities["sochi"].wikidata == "Q5122"
    out = tmp_path / "out"
    run_build(seeds, out, options=Options(cache=tmp_path / "cache", progress=False))
    again = _import("brat", str(case / "input"), "--into", str(seeds))
    assert again.exit_code == 0 and "nothing to import" in again.output


def test_brat_relation_attributes_are_read_and_written_back(tmp_path: Path) -> None:
    """brat lets attributes (A lines) and notes (#) name a relation, not only a span."""
    text = "Belarus joined the CSTO.\n"
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    (tmp_path / "r.ann").write_text(
        "T1\tState 0 7\tBelarus\nT2\tOrganisation 19 23\tCSTO\n"
        "R1\tmember Arg1:T1 Arg2:T2\t\nA1\tcertainty R1 hedged\n"
        '#1\tAnnotatorNotes R1\t{"note": "as the text says"}\n', encoding="utf-8")
    doc = brat.read(tmp_path / "r.ann")
    assert [r.features for r in doc.relations] == [
        {"certainty": "hedged", "note": "as the text says"}]
    (tmp_path / "again.txt").write_text(text, encoding="utf-8")
    (tmp_path / "again.ann").write_text(brat.write(doc), encoding="utf-8")
    assert [r.features for r in brat.read(tmp_path / "again.ann").relations] == [
        {"certainty": "hedged", "note": "as the text says"}]
