"""SHACL catches what the loader cannot, and says where in the annotations it came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD
from rdflib.term import Node

from irkg.cli import main
from irkg.parse import read_rdf
from irkg.pipeline import Built, build_corpus, load_corpus
from irkg.terms import ENTITY, IRKG, OA
from irkg.validate import validate

ARTICLE = "000_0b4d5d3e6978a53b"
BASE = f"https://w3id.org/irkg/id/article/{ARTICLE}"


def test_seed_corpus_conforms(seed_built: Built) -> None:
    report = validate(seed_built.graph, seed_built.origins)
    assert report.conforms, [f.one_line() for f in report.findings]


Drop = list[tuple[URIRef, URIRef]]
Add = list[tuple[URIRef, URIRef, Node]]


def mutate(graph: Graph, drop: Drop, add: Add) -> Graph:
    g = Graph()
    g += graph
    for s, p in drop:
        g.remove((s, p, None))
    for triple in add:
        g.add(triple)
    return g


EV = URIRef(f"{BASE}/fact/belarus-member-of-csto/evidence/1")
BROKEN: dict[str, tuple[Drop, Add, str]] = {
    "claim-without-evidence": (
        [(URIRef(f"{BASE}/fact/belarus-member-of-csto"), IRKG.evidence)], [],
        "every fact and stance needs at least one evidence quote",
    ),
    "start-not-before-end": (
        [(URIRef(f"{EV}/position"), OA.start)],
        [(URIRef(f"{EV}/position"), OA.start, Literal(9000, datatype=XSD.nonNegativeInteger))],
        "a position selector has one start, before its end",
    ),
    "quote-length-disagrees-with-offsets": (
        [(URIRef(f"{EV}/quote"), OA.exact)],
        [(URIRef(f"{EV}/quote"), OA.exact, Literal("Belarus"))],
        "the quote's length must equal end minus start",
    ),
    "stance-holder-is-its-target": (
        [(URIRef(f"{BASE}/stance/russia-ready-to-pressure-minsk"), IRKG.target)],
        [(URIRef(f"{BASE}/stance/russia-ready-to-pressure-minsk"), IRKG.target, ENTITY.russia)],
        "a stance's holder cannot be its own target",
    ),
    # The v2 claim model: what the loader guarantees, SHACL checks again on any graph.
    "negated-claim-leaks-its-plain-triple": (
        [], [(ENTITY.lukashenko, IRKG.hasParticipant, ENTITY.lukashenko),
             (ENTITY["belarusian-sovereignty-relinquishment"], IRKG.hasParticipant,
              ENTITY.lukashenko)],
        "must not assert its plain triple unless an affirmed, actual, asserted claim",
    ),
    "necessary-relationship-leaks-its-plain-triple": (
        [], [(ENTITY.belarus, IRKG.relatedTo, ENTITY.eu)],
        "must not assert its plain triple",
    ),
    "claim-without-modality": (
        [(URIRef(f"{BASE}/fact/belarus-eu-working-relationship"), IRKG.modality)], [],
        "a claim has exactly one modality",
    ),
    "demand-without-addressee": (
        [(URIRef(f"{BASE}/stance/minsk-demands-energy-access"), IRKG.addressee)], [],
        "names whom it is addressed to",
    ),
    "demanded-status-without-agent": (
        [(URIRef(f"{BASE}/fact/deal-in-force"), IRKG.status)],
        [(URIRef(f"{BASE}/fact/deal-in-force"), IRKG.status,
          URIRef("https://w3id.org/irkg/vocab/status/demanded"))],
        "names who demanded or proposed it",
    ),
    "chain-does-not-start-at-the-author": (
        [(URIRef(f"{BASE}/stance/relations-unpredictable/source/0"), PROV.agent)],
        [(URIRef(f"{BASE}/stance/relations-unpredictable/source/0"), PROV.agent,
          ENTITY.observers)],
        "must start at the article's author",
    ),
    "appeal-claim-not-the-outlets": (
        [(URIRef(f"{BASE}/stance/moscow-times-rejects-foreign-agent-label/source/0"),
          PROV.agent)],
        [(URIRef(f"{BASE}/stance/moscow-times-rejects-foreign-agent-label/source/0"),
          PROV.agent, ENTITY["dzianis-melyantsou"])],
        "must start at the layer's speaker",
    ),
    "layer-with-speaker-undated": (
        [(URIRef(f"{BASE}/layer/2"), IRKG.notBefore)], [],
        "a text layer with its own speaker is dated",
    ),
    "stance-both-about-an-entity-and-a-claim": (
        [], [(URIRef(f"{BASE}/stance/merger-fears-unfounded"), IRKG.target, ENTITY.russia)],
        "a stance is towards exactly one thing",
    ),
    "bad-wikidata-link": (
        [], [(URIRef("https://w3id.org/irkg/id/entity/china"),
              URIRef("http://www.w3.org/2002/07/owl#sameAs"),
              URIRef("https://www.wikidata.org/wiki/Q148"))],
        "an entity links to at most one Wikidata item",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_reports_source_mapped_violation(case: str, seed_built: Built) -> None:
    drop, add, message = BROKEN[case]
    report = validate(mutate(seed_built.graph, drop, add), seed_built.origins)
    assert not report.conforms
    hits = [f for f in report.findings if message in f.message]
    assert hits, [f.one_line() for f in report.findings]
    assert all(f.origin is not None for f in hits)
    files = {f.origin.where.file for f in hits if f.origin}
    assert all(name.endswith((f"{ARTICLE}.yaml", "registry.yaml")) for name in files)


def test_validate_command_maps_findings_of_any_turtle_file(
    seed_built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop, add, _ = BROKEN["claim-without-evidence"]
    broken = tmp_path / "broken.ttl"
    mutate(seed_built.graph, drop, add).serialize(broken, format="turtle")
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert f"seeds/{ARTICLE}.yaml:" in result.output
    assert "every fact and stance needs at least one evidence quote" in result.output


def test_validate_rejects_unparseable_turtle(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert "bad.ttl:1: Turtle syntax error: " in result.stderr
    assert "Traceback" not in result.output


def test_corpus_loads_from_seeds_unchanged() -> None:
    corpus = load_corpus(Path(__file__).resolve().parents[1] / "seeds")
    assert len(build_corpus(corpus).parts) == 1 + len(corpus.articles)


def test_rdf_star_input_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    star = tmp_path / "star.ttl"
    star.write_text('<< <http://a> <http://b> <http://c> >> <http://x/p> "o" .\n', "utf-8")
    result = CliRunner().invoke(main, ["validate", str(star), "--seeds", str(tmp_path)])
    assert result.exit_code == 2
    assert "RDF-star quoted triples are not supported" in result.stderr
    assert "Traceback" not in result.output


def test_relative_iris_resolve_against_irkg_base_not_a_machine_path(tmp_path: Path) -> None:
    rel = tmp_path / "rel.ttl"
    rel.write_text('<entity/x> <http://x/p> "o" .\n', "utf-8")
    (subject,) = set(read_rdf(rel).subjects())
    assert str(subject) == "https://w3id.org/irkg/id/entity/x"


def test_validate_says_when_seeds_do_not_load(
    seed_out: Path, seeds_copy: Path, tmp_path: Path
) -> None:
    (seeds_copy / f"{ARTICLE}.yaml").write_text("article: [\n", "utf-8")
    result = CliRunner().invoke(
        main, ["validate", str(seed_out), "--seeds", str(seeds_copy)])
    assert result.exit_code == 0
    assert "note: findings are not mapped to annotations" in result.stderr
    assert "YAML syntax error" in result.stderr


def test_validate_reads_the_trig_dataset_a_build_writes(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(seed_out / "irkg.trig"),
                                       "--seeds", str(seed_out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("conforms")
