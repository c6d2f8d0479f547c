"""``irkg link suggest``: ranked candidates, and ``--accept`` writing registry and provenance."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from irkg.cli import main
from irkg.wikidata.links import load_links
from wikidata_fake import FakeWikidata, item, serve, statement

ELECTION = "2020 Belarusian presidential election"


@pytest.fixture
def wikidata() -> Iterator[FakeWikidata]:
    fake = FakeWikidata()
    fake.add(
        item("Q90000010", ELECTION, revision=77, description="election held in Belarus",
             claims={"P31": [statement("Q90000010", "P31", "Q858439")]}),
        item("Q90000011", "2020 Belarusian presidential election protests",
             description="protests", claims={"P31": [statement("Q90000011", "P31", "Q273120")]}),
        item("Q90000012", "2020 Belarusian presidential election", description="a book",
             claims={"P31": [statement("Q90000012", "P31", "Q90000099")]}),
    )
    fake.searches[ELECTION] = ["Q90000011", "Q90000012", "Q90000010"]
    fake.redirects["Q90000013"] = "Q90000010"
    yield from serve(fake)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_candidates_are_ranked_by_name_and_type(wikidata: FakeWikidata,
                                                seeds_copy: Path) -> None:
    result = run("link", "suggest", "belarus-election-2020", "--seeds", str(seeds_copy),
                 "--api-url", wikidata.url)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"belarus-election-2020 ({ELECTION}):"
    ranked = [line.split()[0] for line in lines[1:]]
    assert ranked == ["Q90000010", "Q90000012", "Q90000011"]
    assert "+1.50  2020 Belarusian presidential election — election held in Belarus" in lines[1]
    gets = [p for p, _ in wikidata.requests if p["action"] == "wbgetentities"]
    assert len(gets) == 1  # candidates' types fetched in one batch


def test_accept_writes_the_qid_and_its_provenance(wikidata: FakeWikidata,
                                                  seeds_copy: Path) -> None:
    registry = seeds_copy / "registry.yaml"
    before = registry.read_text(encoding="utf-8")
    result = run("link", "suggest", "--seeds", str(seeds_copy), "--api-url", wikidata.url,
                 "--accept", "belarus-election-2020=Q90000010", "--by", "A. Annotator")
    assert result.exit_code == 0, result.output
    after = registry.read_text(encoding="utf-8")
    added = [d for d in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0)
             if d.startswith(("+", "-")) and not d.startswith(("+++", "---"))]
    assert added == ["+    wikidata: Q90000010"]  # comments and layout untouched
    decision = load_links(seeds_copy / "wikidata" / "links.yaml")["belarus-election-2020"]
    assert (decision.qid, decision.method, decision.by, decision.score, decision.revision) == (
        "Q90000010", "suggestion", "A. Annotator", 1.5, 77)
    links_text = (seeds_copy / "wikidata" / "links.yaml").read_text(encoding="utf-8")
    assert links_text.startswith("# How each Wikidata link")  # header comment kept
    cached = json.loads((seeds_copy / "wikidata" / "Q90000010.json").read_text("utf-8"))
    assert cached["lastrevid"] == 77 and cached["irkg_provenance"]["kind"] == "fetched"
    check = run("link", "check", "--seeds", str(seeds_copy), "--api-url", wikidata.url)
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(("accepted", "message"), [
    ("belarus-election-2020=Q90000013", "Q90000013 is a redirect to Q90000010"),
    ("belarus-election-2020=Q40404040", "Q40404040 does not exist in Wikidata"),
    ("belarus=Q90000010", "'belarus' is already linked to Q184"),
    ("no-such-entity=Q90000010", "does not name a registry entity"),
])
def test_bad_accept_changes_nothing(wikidata: FakeWikidata, seeds_copy: Path, accepted: str,
                                    message: str) -> None:
    registry = seeds_copy / "registry.yaml"
    links = seeds_copy / "wikidata" / "links.yaml"
    before = registry.read_text(encoding="utf-8"), links.read_text(encoding="utf-8")
    result = run("link", "suggest", "--seeds", str(seeds_copy), "--api-url", wikidata.url,
                 "--accept", accepted, "--by", "A. Annotator")
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert (registry.read_text(encoding="utf-8"), links.read_text(encoding="utf-8")) == before


def test_accept_without_by_is_a_usage_error(wikidata: FakeWikidata, seeds_copy: Path) -> None:
    result = run("link", "suggest", "--seeds", str(seeds_copy), "--api-url", wikidata.url,
                 "--accept", "belarus-election-2020=Q90000010")
    assert result.exit_code == 2 and "--accept needs --by" in result.output


def test_suggest_for_an_already_linked_entity_says_so_without_asking_wikidata(
    seeds_copy: Path,
) -> None:
    result = run("link", "suggest", "russia", "--seeds", str(seeds_copy),
                 "--api-url", "http://127.0.0.1:9/never-called")
    assert result.exit_code == 2
    assert "'russia' is already linked to Q159" in result.output
