"""Shared fixtures: the real seed corpus, built once per session into a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from irkg.corpus import Options
from irkg.layout import run_build
from irkg.parse import expand_inputs, read_rdf
from irkg.pipeline import Built, build_corpus, load_corpus

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_built() -> Built:
    """The seed corpus, loaded and built in memory (not validated)."""
    return build_corpus(load_corpus(SEEDS))


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test builds with a cache of its own, never the one in the working directory."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IRKG_CACHE_DIR", str(cache))
    return cache


def union(out: Path) -> Graph:
    """Everything a build wrote to ``out`` (the files its manifest lists), as one graph."""
    return read_rdf(*expand_inputs([out]))


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A validated build of the seed corpus, with the TriG dataset, in a temp ``out/``."""
    out = tmp_path_factory.mktemp("out")
    run_build(SEEDS, out, dataset="trig", options=Options(cache=tmp_path_factory.mktemp("c")))
    return out


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seed corpus that a test may break."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
