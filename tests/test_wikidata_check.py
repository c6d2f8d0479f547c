"""``irkg link check`` and ``irkg link crosscheck``: offline on the cache, fresh via a local API."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from irkg.cli import main
from irkg.wikidata.alignment import load_alignment
from irkg.wikidata.cache import EntityCache
from irkg.wikidata.client import Politeness, WikidataClient
from wikidata_fake import FakeWikidata, closed_port_url, item, serve, statement, time_snak

FAST = Politeness(timeout=2, retries=2, backoff=0.001, max_wait=0.01)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# ------------------------------------------------------------------ offline, seed corpus

def test_link_check_passes_offline_on_the_seed_corpus() -> None:
    result = run("link", "check", "--seeds", str(SEEDS), "--api-url", closed_port_url())
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output
    assert "11 link(s) checked (11 from seeded cache entries)" in result.output


def test_crosscheck_lists_the_articles_memberships_as_agreeing() -> None:
    result = run("link", "crosscheck", "--seeds", str(SEEDS), "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    status = {(r["subject"], r["predicate"], r["object"]): r["status"] for r in doc["results"]}
    assert status[("belarus", "memberOf", "csto")] == "agree"
    assert status[("belarus", "headOfState", "lukashenko")] == "agree"
    # The seeded Q184 entry lists Belarus's P463 values as the source gives them;
    # the EAEU is not among them, so the report says so rather than guessing.
    assert status[("belarus", "memberOf", "eaeu")] == "missing"
    assert doc["summary"]["agree"] == 2
    # Only facts stated outright are compared: the speculated, negated and counterfactual
    # relinquishments of sovereignty say nothing Wikidata could confirm.
    assert not any(r["subject"] == "belarusian-sovereignty-relinquishment"
                   for r in doc["results"])


def test_crosscheck_output_is_byte_identical_across_runs() -> None:
    first = run("link", "crosscheck", "--seeds", str(SEEDS))
    second = run("link", "crosscheck", "--seeds", str(SEEDS))
    assert first.exit_code == 0 and first.output == second.output
    assert "agree      belarus memberOf csto [P463]" in first.output


def test_seeded_cache_entries_say_so_and_invent_no_revision() -> None:
    for path in sorted((SEEDS / "wikidata").glob("Q*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        prov = data["irkg_provenance"]
        if prov["kind"] == "seeded-from-public-sources":
            assert data["lastrevid"] is None, path.name
            assert prov["sources"] and prov["verified"], path.name


def test_alignment_has_no_blank_nodes_and_no_unverified_classes() -> None:
    graph = load_alignment().graph
    assert not [t for t in graph if any(type(x).__name__ == "BNode" for x in t)]
    text = (SEEDS.parent / "ontology" / "alignment.ttl").read_text(encoding="utf-8")
    assert "Q1156831" not in text and "Q1802801" not in text


# ------------------------------------------------------------------ one registry, many cases

REGISTRY = """\
entities:
  # a comment that must survive
  - id: belarus
    type: State
    label: Belarus
    aliases: [Republic of Belarus]
    wikidata: Q184
"""

CASES: dict[str, tuple[dict[str, Any] | None, int, str]] = {
    "right": (item("Q184", "Belarus", claims={"P31": [statement("Q184", "P31", "Q6256")]}),
              0, "0 error(s), 1 warning(s)"),  # the warning: no decision in links.yaml
    "alias-matches": (item("Q184", "Byelorussia", aliases=("Republic of Belarus",),
                           claims={"P31": [statement("Q184", "P31", "Q3624078")]}),
                      0, "0 error(s)"),
    "near-miss": (item("Q184", "Belarus.", claims={"P31": [statement("Q184", "P31", "Q6256")]}),
                  0, "near miss: our 'Belarus' vs Wikidata's 'Belarus.'"),
    "wrong-label": (item("Q184", "Minsk Tractor Works",
                         claims={"P31": [statement("Q184", "P31", "Q6256")]}),
                    1, "none of our names matches Wikidata's ('Minsk Tractor Works')"),
    "wrong-type": (item("Q184", "Belarus", claims={"P31": [statement("Q184", "P31", "Q5")]}),
                   1, "instance of Q5 does not fit State"),
    "subclass-fits": (item("Q184", "Belarus", claims={"P31": [statement("Q184", "P31",
                                                                        "Q90000002")]}),
                      0, "0 error(s)"),
    "no-type": (item("Q184", "Belarus"), 1, "the item has no instance of"),
    "deprecated-type-only": (item("Q184", "Belarus", claims={"P31": [
        statement("Q184", "P31", "Q6256", rank="deprecated"),
        statement("Q184", "P31", "Q5")]}), 1, "instance of Q5 does not fit State"),
    "redirect": (None, 1, "Q184 is a redirect to Q90000184"),
    "missing": ({"id": "Q184", "missing": ""}, 1, "Q184 does not exist in Wikidata"),
}


@pytest.fixture
def wikidata() -> Iterator[FakeWikidata]:
    yield from serve(FakeWikidata())


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_after_refresh(case: str, wikidata: FakeWikidata, tmp_path: Path) -> None:
    entity, code, expected = CASES[case]
    (tmp_path / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    wikidata.add(item("Q90000002", "fictional kind of country",
                      claims={"P279": [statement("Q90000002", "P279", "Q6256")]}))
    if entity is None:
        wikidata.add(item("Q90000184", "Belarus"))
        wikidata.redirects["Q184"] = "Q90000184"
    elif "missing" not in entity:
        wikidata.add(entity)
    result = run("link", "check", "--seeds", str(tmp_path), "--refresh",
                 "--api-url", wikidata.url)
    assert result.exit_code == code, result.output
    assert expected in result.output
    cached = json.loads((tmp_path / "wikidata" / "Q184.json").read_text(encoding="utf-8"))
    assert cached["irkg_provenance"]["kind"] == "fetched"
    assert cached["irkg_provenance"]["api"] == wikidata.url
    # and offline, from the cache alone, the verdict is the same
    again = run("link", "check", "--seeds", str(tmp_path), "--api-url", closed_port_url())
    assert (again.exit_code, expected in again.output) == (code, True)


def test_refresh_replaces_seeded_entries_with_live_data(wikidata: FakeWikidata,
                                                       tmp_path: Path) -> None:
    cache_dir = tmp_path / "wikidata"
    shutil.copytree(SEEDS / "wikidata", cache_dir)
    wikidata.add(item("Q184", "Belarus", revision=2300000001,
                      claims={"P31": [statement("Q184", "P31", "Q3624078")]}),
                 item("Q3624078", "sovereign state", revision=7))
    cache = EntityCache(cache_dir)
    fetched = cache.refresh(WikidataClient(wikidata.url, FAST), {"Q184"})
    assert fetched == ["Q184", "Q3624078"]
    entry = cache.get("Q184")
    assert entry is not None and not entry.seeded and entry.revision == 2300000001
    assert "retrieved" in entry.provenance


def test_crosscheck_compares_dates_with_qualifiers(wikidata: FakeWikidata,
                                                  seeds_copy: Path) -> None:
    """Fresh statements with start-time qualifiers: one agreeing, one contradicting."""
    annotation = seeds_copy / "000_0b4d5d3e6978a53b.yaml"
    text = annotation.read_text(encoding="utf-8")
    text = text.replace("    organization: csto\n", "    organization: csto\n    start: 2002\n", 1)
    text = text.replace("    organization: eaeu\n", "    organization: eaeu\n    start: 2016\n", 1)
    annotation.write_text(text, encoding="utf-8")
    start = "P580"
    wikidata.add(item("Q184", "Belarus", revision=5, claims={"P463": [
        statement("Q184", "P463", "Q318693",
                  qualifiers={start: [time_snak(start, "2002-10-07", 11)]}),
        statement("Q184", "P463", "Q4173083",
                  qualifiers={start: [time_snak(start, "2015-01-01", 11)]})],
        "P35": [statement("Q184", "P35", "Q90000003")]}))
    wikidata.add(item("Q159", "Russia", revision=6))
    result = run("link", "crosscheck", "--seeds", str(seeds_copy), "--refresh",
                 "--api-url", wikidata.url, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {(r["subject"], r["object"]): r for r in json.loads(result.output)["results"]}
    assert rows[("belarus", "csto")]["status"] == "agree"
    assert rows[("belarus", "csto")]["revision"] == 5
    assert rows[("belarus", "eaeu")]["status"] == "contradict"
    assert rows[("belarus", "eaeu")]["detail"] == "P580 ours 2016, Wikidata 2015-01-01"
    assert rows[("belarus", "lukashenko")]["status"] == "contradict"  # P35 is single-valued
    assert ("russia", "union-state") not in rows  # the seed no longer infers it
