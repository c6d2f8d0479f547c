"""Importing INCEpTION's files into seeds/: a merge whose quotes land on the tool's offsets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from inception_cases import NE, REGISTRY, TEXT, at, inception_cas, save, where
from irkg.errors import Errors
from irkg.interchange.document import from_article
from irkg.interchange.inception_cas import shipped_typesystem
from irkg.interchange.inception_files import read_cas, write_cas
from irkg.interchange.mapping import default_mapping, read_mapping
from irkg.interchange.merge import apply_plan, plan_import
from irkg.load import load_article
from irkg.ontology import load_ontology
from irkg.pipeline import build_corpus, load_corpus, load_seed_registry

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["xmi", "json"])
def test_import_lands_on_the_recorded_offsets(seeds: Path, tmp_path: Path, fmt: str) -> None:
    doc = read_cas(save(inception_cas(), tmp_path / "export", fmt))
    apply_plan(plan_import(seeds, [doc], default_mapping()))
    assert (seeds / "emoji.txt").read_bytes() == TEXT.encode("utf-8")  # CRLF kept
    article = load_article(seeds / "emoji.yaml", load_seed_registry(seeds), load_ontology())
    assert article.meta.title == "Emoji and line breaks"
    placed = {(m.entity, m.evidence.anchor.start, m.evidence.anchor.end) for m in article.mentions}
    assert placed == {("belarus", *at("Belarus")), ("csto", *at("CSTO")),
                      ("russia", *at("Russia")), ("lukashenko", *at("Lukashenko")),
                      ("russia", *at("the Kremlin"))}
    claims = {c.id: c for c in article.claims}
    assert claims["belarus-in-csto"].refs == {"member": ("belarus",), "organization": ("csto",)}
    stance = claims["russia-backs-lukashenko"]
    anchor = stance.evidence[0].anchor
    assert (anchor.start, anchor.end) == at("Russia \U0001f600 supports Lukashenko")
    assert stance.refs["target"] == ("lukashenko",) and stance.concepts["stance"] == "support"
    # importing the same export again changes nothing
    assert not plan_import(seeds, [doc], default_mapping()).writes


def test_a_changed_claim_is_a_conflict_unless_replaced(seeds: Path, tmp_path: Path) -> None:
    apply_plan(plan_import(seeds, [read_cas(save(inception_cas(), tmp_path / "a", "json"))],
                           default_mapping()))
    changed = read_cas(save(inception_cas(certainty="hedged"), tmp_path / "b", "json"))
    with pytest.raises(Errors) as caught:
        plan_import(seeds, [changed], default_mapping())
    assert any("russia-backs-lukashenko" in e.one_line() for e in caught.value.errors)
    plan = plan_import(seeds, [changed], default_mapping(), replace=True)
    assert plan.replaced
    apply_plan(plan)
    article = load_article(seeds / "emoji.yaml", load_seed_registry(seeds), load_ontology())
    assert {c.id: c for c in article.claims}["russia-backs-lukashenko"] \
        .concepts["certainty"] == "hedged"


def test_a_relation_layer_maps_to_a_fact_through_a_mapping_file(seeds: Path,
                                                               tmp_path: Path) -> None:
    """A custom relation layer between mentions (Governor/Dependent) becomes a whole fact."""
    ts = shipped_typesystem()
    member_of = ts.create_type("webanno.custom.MemberOf", supertypeName="uima.tcas.Annotation")
    ts.create_feature(member_of, "Governor", NE)
    ts.create_feature(member_of, "Dependent", NE)
    cas = inception_cas(extra=ts)
    entities = {fs.get_covered_text(): fs for fs in cas.select(NE)}
    cas.add(member_of(**where("CSTO"), Governor=entities["Belarus"],
                      Dependent=entities["CSTO"]))
    doc = read_cas(save(cas, tmp_path / "export", "xmi"))
    mapping_file = tmp_path / "mapping.yaml"
    mapping_file.write_text("relations:\n  MemberOf: {kind: membership, source: member, "
                            "target: organization, set: {claim: by-csto-arc}}\n")
    apply_plan(plan_import(seeds, [doc], read_mapping(mapping_file, default_mapping())))
    article = load_article(seeds / "emoji.yaml", load_seed_registry(seeds), load_ontology())
    fact = {c.id: c for c in article.claims}["by-csto-arc"]
    assert fact.kind == "membership" and fact.refs["organization"] == ("csto",)
    assert fact.evidence[0].anchor.exact == "Belarus \U0001f1e7\U0001f1fe is a member of the CSTO"




@pytest.mark.parametrize("fmt", ["xmi", "json"])
def test_the_seed_corpus_round_trips_to_an_isomorphic_graph(tmp_path: Path, fmt: str) -> None:
    corpus = load_corpus(REPO / "seeds")
    fresh = tmp_path / "seeds"
    fresh.mkdir()
    shutil.copy(REPO / "seeds" / "registry.yaml", fresh)
    docs = []
    for article in corpus.articles:
        path = tmp_path / "export" / f"{article.id}.{fmt}"
        write_cas(from_article(article, corpus.registry), path)
        docs.append(read_cas(path))
    # the export of the seeds is what the seeds hold: importing it back changes nothing
    assert not plan_import(REPO / "seeds", docs, default_mapping()).writes
    apply_plan(plan_import(fresh, docs, default_mapping()))
    assert isomorphic(build_corpus(load_corpus(fresh)).graph, build_corpus(corpus).graph)


