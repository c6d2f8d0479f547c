"""Sharded validation (part by part, cached, in workers) finds exactly what one pyshacl run finds.

Each corpus is the seed's parts with violations injected at graph level,
several per part and some across parts and the registry (see
``injections.py``). The parts go through :func:`irkg.corpus.validate_parts`,
the same phases a build runs, and the findings (focus node, shape, path,
value, severity, message, and the annotation line they map to) must equal
those of pyshacl over the union with the ontology.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import URIRef

from injections import Parts, all_injections, corpora, reduced, seed_parts, with_clone
from irkg.build import Origin, Part
from irkg.corpus import Options, validate_parts
from irkg.ontology import load_ontology
from irkg.pipeline import build_corpus, load_corpus
from irkg.shacl import pyshacl_results
from irkg.terms import REGISTRY_GRAPH, article_graph_iri
from irkg.validate import Finding, findings_of, load_shapes

REPO = Path(__file__).resolve().parents[1]
SEED_PARTS = seed_parts()
CORPORA = corpora(SEED_PARTS)
ORIGINS: dict[URIRef, Origin] = build_corpus(load_corpus(REPO / "seeds")).origins


def as_parts(parts: Parts) -> list[Part]:
    named = []
    for key, triples in sorted(parts.items()):
        name = REGISTRY_GRAPH if key == "registry" else article_graph_iri(key.split(":", 1)[1])
        named.append(Part(name, set(triples), dict(ORIGINS)))
    return named


Key = tuple[tuple[str, ...], Origin | None]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def key(f: Finding) -> Key:
    """A finding as compared: RDF 1.1 makes "x"^^xsd:string and "x" one term (rdflib does not)."""
    assert f.result is not None
    return tuple(k.replace(f"^^<{XSD_STRING}>", "") for k in f.result.key()), f.origin


def expected(parts: Parts) -> list[Key]:
    union = set().union(*parts.values()) | set(load_ontology().graph)
    return sorted(key(f) for f in findings_of(pyshacl_results(union, load_shapes()), ORIGINS))


def sharded(parts: Parts, tmp_path: Path, engine: str, jobs: int = 1) -> list[Key]:
    options = Options(jobs=jobs, engine=engine, cache=tmp_path / "cache", progress=False)
    return sorted(key(f) for f in validate_parts(as_parts(parts), options).report.findings)


def test_there_are_thirty_corpora_with_violations() -> None:
    assert len(CORPORA) >= 30


@pytest.mark.parametrize(("name", "parts"), CORPORA, ids=[n for n, _ in CORPORA])
def test_fast_sharded_validation_equals_one_pyshacl_run(name: str, parts: Parts,
                                                        tmp_path: Path) -> None:
    want = expected(parts)
    assert want, f"{name} injects no violation"
    assert sharded(parts, tmp_path, "fast") == want


@pytest.mark.parametrize(("name", "parts"), CORPORA[:3], ids=[n for n, _ in CORPORA[:3]])
def test_pyshacl_sharded_validation_equals_one_pyshacl_run(name: str, parts: Parts,
                                                           tmp_path: Path) -> None:
    assert sharded(parts, tmp_path, "pyshacl") == expected(parts)


def test_the_seed_conforms_sharded_and_whole(tmp_path: Path) -> None:
    assert expected(SEED_PARTS) == [] == sharded(SEED_PARTS, tmp_path, "fast")


def test_two_workers_and_a_warm_cache_give_the_same_findings(tmp_path: Path) -> None:
    name, parts = CORPORA[-1]
    cold = sharded(parts, tmp_path, "fast", jobs=2)
    assert cold == sharded(parts, tmp_path, "fast", jobs=1) == expected(parts), name


@pytest.mark.parametrize("name", ["Fact-noLeakedPlainTriple/negated-here-asserted-elsewhere",
                                  "Fact-noLeakedPlainTriple/leak-masked-by-another-article"])
def test_an_article_may_deny_what_another_asserts(name: str, tmp_path: Path) -> None:
    """One article's plain triple, denied by the other article: no leak, part by part too.

    The denying article's part sees the plain triple (it is about entities) but
    not, walking forwards, the other article's fact that supports it: its view
    must add it (a peer lookup), or sharded validation reports a leak that one
    run over the whole graph does not.
    """
    two = with_clone(reduced(SEED_PARTS, random.Random(2), extra=0), "902_denies")
    parts = all_injections()[name](two, random.Random(name))
    assert parts != two
    assert expected(parts) == [] == sharded(parts, tmp_path, "fast")
