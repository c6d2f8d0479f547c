"""Same input, byte-identical output, whatever the hash seed; rdflib and Oxigraph agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from irkg.parse import read_rdf

REPO = Path(__file__).resolve().parents[1]


def build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed, "IRKG_CACHE_DIR": str(out.parent / f"c{seed}")}
    subprocess.run(
        [sys.executable, "-m", "irkg", "build", "--out", str(out), "--dataset", "trig",
         "--jobs", "1" if seed == "1" else "2"],
        cwd=REPO, env=env, check=True, capture_output=True,
    )


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_builds_are_byte_identical_whatever_the_hash_seed_and_workers(tmp_path: Path) -> None:
    build_in_subprocess(tmp_path / "a", "1")  # one worker
    build_in_subprocess(tmp_path / "b", "4242")  # two
    got = files(tmp_path / "a")
    assert set(got) == {"irkg.trig", "manifest.json", "registry.ttl",
                        "articles/000_0b4d5d3e6978a53b.ttl"}
    assert got == files(tmp_path / "b")


def test_committed_out_is_what_the_seeds_build(seed_out: Path) -> None:
    committed = files(REPO / "out")
    manifest = json.loads(committed.pop("manifest.json"))
    assert committed == {k: v for k, v in files(seed_out).items() if k in committed}
    built = json.loads((seed_out / "manifest.json").read_text(encoding="utf-8"))
    assert "dataset" not in manifest  # the dataset is for loading, not for committing
    assert manifest == {k: v for k, v in built.items() if k != "dataset"}


def test_output_parses_to_the_same_graph_in_rdflib_and_pyoxigraph(seed_out: Path) -> None:
    path = seed_out / "articles" / "000_0b4d5d3e6978a53b.ttl"
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = read_rdf(path)  # parsed by Oxigraph
    assert len(by_rdflib) == len(by_oxigraph) > 3000
    assert isomorphic(by_rdflib, by_oxigraph)
    assert not any(isinstance(n, BNode) for t in by_rdflib for n in t)


def test_non_ascii_text_is_kept_verbatim(seed_out: Path) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seed_out.rglob("*.ttl")))
    assert "country\u2019s history" in text and "Belarus\u2013Russia" in text
    assert "\\u" not in text
