"""The build cache: hits, misses after each kind of change, and entries that must not be trusted."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import irkg.ontology
import irkg.validate
import irkg.worker
from bench.corpus import write_corpus
from irkg.cli import main
from irkg.corpus import CorpusBuild, Options
from irkg.errors import Errors, display_path
from irkg.layout import run_build
from irkg.ontology import load_ontology
from irkg.validate import engine, load_shapes

REPO = Path(__file__).resolve().parents[1]
SEED = "000_0b4d5d3e6978a53b"
COPIES = ("a", "b", "c")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three articles (the seed under three names) and the seed registry."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(REPO / "seeds" / "registry.yaml", seeds)
    for name in COPIES:
        for ext in (".txt", ".yaml"):
            shutil.copy(REPO / "seeds" / f"{SEED}{ext}", seeds / f"{name}{ext}")
    return seeds


def build(seeds: Path, cache: Path | None, out: Path | None = None) -> CorpusBuild:
    built, _ = run_build(seeds, out or seeds.parent / "out",
                         options=Options(jobs=1, cache=cache, progress=False))
    return built


def files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def entries(cache: Path, name: str) -> list[Path]:
    return sorted(cache.glob(f"v*/parts/*/*/{name}"))


def test_a_second_build_is_all_cache_hits(corpus: Path, tmp_path: Path) -> None:
    first = build(corpus, tmp_path / "cache")
    before = files(tmp_path / "out")
    second = build(corpus, tmp_path / "cache")
    assert first.seconds["articles built"] == 3 and second.seconds["articles built"] == 0
    assert second.seconds["parts validated"] == 0
    assert second.report == first.report and files(tmp_path / "out") == before


def test_editing_one_article_rebuilds_and_rewrites_only_it(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "cache")
    before = files(tmp_path / "out")
    text = (corpus / "b.yaml").read_text(encoding="utf-8")
    (corpus / "b.yaml").write_text(text.replace("title:", "title: Revised —", 1), "utf-8")
    again = build(corpus, tmp_path / "cache")
    assert again.seconds["articles built"] == 1
    after = files(tmp_path / "out")
    assert {k for k in after if after[k] != before.get(k)} == {"articles/b.ttl", "manifest.json"}


def test_a_registry_label_edit_rebuilds_no_article(corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "cache")
    registry = corpus / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        "label: Belarus\n", "label: Republic of Belarus\n", 1), "utf-8")
    again = build(corpus, tmp_path / "cache")
    assert again.seconds["articles built"] == 0
    assert b"Republic of Belarus" in (tmp_path / "out" / "registry.ttl").read_bytes()


def test_a_registry_type_edit_reaches_every_article_that_uses_the_entity(
        corpus: Path, tmp_path: Path) -> None:
    build(corpus, tmp_path / "cache")
    registry = corpus / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    start = text.index("id: csto")
    end = text.index("type:", start)
    line_end = text.index("\n", end)
    registry.write_text(text[:end] + "type: Person" + text[line_end:], "utf-8")
    with pytest.raises(Errors) as caught:  # cached articles are not trusted blindly
        build(corpus, tmp_path / "cache")
    files_named = {e.location.file for e in caught.value.errors if e.location}
    assert {Path(f).name for f in files_named} == {"a.yaml", "b.yaml", "c.yaml"}


@pytest.mark.parametrize("damage", ["flip a byte of the Turtle", "truncate the meta",
                                    "remove the seal", "garbage seal"])
def test_a_damaged_entry_is_detected_and_rebuilt(damage: str, corpus: Path,
                                                 tmp_path: Path) -> None:
    build(corpus, tmp_path / "cache")
    before = files(tmp_path / "out")
    shutil.rmtree(tmp_path / "out")  # the next build must read every entry's Turtle
    (entry,) = [p.parent for p in entries(tmp_path / "cache", "part.ttl")
                if b"article/b" in (p.parent / "part.nt").read_bytes()[:200]]
    if damage == "flip a byte of the Turtle":
        data = bytearray((entry / "part.ttl").read_bytes())
        data[len(data) // 2] ^= 0x20
        (entry / "part.ttl").write_bytes(bytes(data))
    elif damage == "truncate the meta":
        (entry / "meta.json").write_bytes((entry / "meta.json").read_bytes()[:40])
    elif damage == "remove the seal":
        (entry / "SEAL").unlink()
    else:
        (entry / "SEAL").write_text("{not json", encoding="utf-8")
    build(corpus, tmp_path / "cache")
    assert files(tmp_path / "out") == before
    assert (entry / "SEAL").is_file()  # rebuilt in place, sealed again


def test_no_cache_keeps_nothing(corpus: Path, tmp_path: Path) -> None:
    built = build(corpus, None)
    assert built.seconds["articles built"] == 3
    assert not (tmp_path / "cache").exists()
    assert files(tmp_path / "out")["registry.ttl"]


def test_one_or_two_workers_write_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    for jobs in (1, 2):
        run_build(corpus, tmp_path / f"out{jobs}",
                  options=Options(jobs=jobs, cache=tmp_path / f"cache{jobs}", progress=False))
    assert files(tmp_path / "out1") == files(tmp_path / "out2")


def test_a_hand_edited_out_file_is_restored_by_the_next_build(corpus: Path,
                                                              tmp_path: Path) -> None:
    build(corpus, tmp_path / "cache")
    before = files(tmp_path / "out")
    edited = tmp_path / "out" / "articles" / "a.ttl"
    edited.write_bytes(edited.read_bytes().replace(b"Belarus", b"Belarys", 1))
    build(corpus, tmp_path / "cache")
    assert files(tmp_path / "out") == before


@pytest.fixture
def edited_shapes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the ontology folder that the build reads instead of the real one."""
    folder = tmp_path / "ontology"
    shutil.copytree(REPO / "ontology", folder)
    for module in (irkg.ontology, irkg.validate, irkg.worker):
        monkeypatch.setattr(module, "ontology_dir", lambda: folder)
    for cached in (engine, load_shapes, load_ontology):
        cached.cache_clear()
    yield folder
    for cached in (engine, load_shapes, load_ontology):
        cached.cache_clear()


def test_a_shapes_edit_revalidates_every_part_and_rebuilds_none(corpus: Path, tmp_path: Path,
                                                                edited_shapes: Path) -> None:
    build(corpus, tmp_path / "cache")
    shapes = edited_shapes / "shapes.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8").replace(
        "every claim comes from exactly one article", "each claim comes from one article"),
        encoding="utf-8")
    engine.cache_clear()
    load_shapes.cache_clear()
    again = build(corpus, tmp_path / "cache")
    assert again.seconds["articles built"] == 0
    # Three articles and the registry; then the three articles again, once the other
    # articles' facts that could support their plain triples are known (the peer lookup
    # of shape:Fact-noLeakedPlainTriple; see README, "How validation stays exact").
    assert again.seconds["parts validated"] == 7


def test_an_unwritable_cache_is_one_input_error_not_a_crash(corpus: Path, tmp_path: Path) -> None:
    """/proc takes no new folders, even from root (who may write anywhere else)."""
    result = CliRunner().invoke(main, ["build", "--seeds", str(corpus), "--out",
                                       str(tmp_path / "out"), "--cache-dir", "/proc/irkg-cache"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot write the build cache" in result.output
    assert "--no-cache" in result.output and not (tmp_path / "out").exists()


def test_a_bad_article_among_many_is_reported_with_every_other_error(tmp_path: Path) -> None:
    """Regression: with several articles per pool task, one bad article lost its neighbours'
    results and the build ended in an internal error ("generator raised StopIteration")."""
    seeds = tmp_path / "seeds"
    write_corpus(40, seeds, seed=3, jobs=1)
    broken = sorted(seeds.glob("000[12]*.yaml"))[:2]
    for path in broken:
        path.write_text(path.read_text(encoding="utf-8").replace("note: ", "note: [", 1),
                        encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out",
                                       str(tmp_path / "out"), "-j", "2", "-q"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and all("YAML syntax error" in line for line in lines)
    assert sorted(line.split(":")[0] for line in lines) == sorted(
        display_path(p) for p in broken)


def test_an_article_with_several_errors_in_a_pool_worker_does_not_hang_the_build(
        tmp_path: Path) -> None:
    """Regression: a worker's list of errors (irkg.errors.Errors) could not be unpickled in
    the parent, whose result thread died, and the build waited for ever."""
    seeds = tmp_path / "seeds"
    write_corpus(4, seeds, seed=5, jobs=1)
    broken = sorted(seeds.glob("*.yaml"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("    note: ", "    notes: ", 2),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out",
                                       str(tmp_path / "out"), "-j", "2", "-q"])
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and all("'notes'" in line for line in lines)
    assert all(line.startswith(display_path(broken) + ":") for line in lines)
