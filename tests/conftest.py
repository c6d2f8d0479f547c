"""Shared fixtures: the real seed corpus, built once per session into a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from irkg.pipeline import Built, build_corpus, load_corpus, run_build

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_built() -> Built:
    """The seed corpus, loaded and built in memory (not validated)."""
    return build_corpus(load_corpus(SEEDS))


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A validated build of the seed corpus, with the TriG dataset, in a temp ``out/``."""
    out = tmp_path_factory.mktemp("out")
    run_build(SEEDS, out, dataset="trig")
    return out


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seed corpus that a test may break."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
