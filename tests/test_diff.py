"""``irkg diff``: an edited annotation is reported as exactly the claims it changed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import ORG

from conftest import union
from irkg.cli import main
from irkg.corpus import Options
from irkg.diff import GraphDiff, diff_graphs
from irkg.diff_format import render_diff
from irkg.layout import run_build
from irkg.parse import read_rdf
from irkg.terms import ENTITY, IRKG

SMALL = Path(__file__).resolve().parent / "fixtures" / "broken" / "seeds"
AID = "ruritania-joins"
ARTICLE = f"{AID}.yaml"
NEW_FACT = """  - id: firefly-heads-freedonia
    kind: head_of_state
    state: freedonia
    person: rufus-firefly
    quote: "Freedonia's president, Rufus Firefly"

stances:
"""
MEMBERSHIP = """  - id: ruritania-joins-league
    kind: membership
    member: ruritania
    organization: northern-league
    quote: Ruritania became a member of the Northern League
"""
#: name → (edits as (file, old text, new text), expected (group, kind, item, status)).
CASES: dict[str, tuple[list[tuple[str, str, str]], set[tuple[str, str, str, str]]]] = {
    "stance-certainty": (
        [(ARTICLE, "certainty: asserted", "certainty: hedged")],
        {(AID, "stances", "stance firefly-criticises-ruritania", "changed")}),
    "fact-quote": (
        [(ARTICLE, "quote: Ruritania became a member", "quote: a member")],
        {(AID, "evidence", "fact ruritania-joins-league", "changed")}),
    "fact-added": (
        [(ARTICLE, "\nstances:\n", "\n" + NEW_FACT)],
        {(AID, "facts", "fact firefly-heads-freedonia", "added")}),
    "membership-removed": (
        [(ARTICLE, MEMBERSHIP, "")],
        {(AID, "memberships", "fact ruritania-joins-league", "removed")}),
    "mention-added": (
        [(ARTICLE, "mentions:\n", "mentions:\n  - {entity: freedonia, quote: Freedonia}\n")],
        {(AID, "mentions", "mention freedonia-97", "added")}),
    "title": (
        [(ARTICLE, "title: Ruritania joins", "title: Ruritania enters")],
        {(AID, "article", f"article {AID}", "changed")}),
    "link-added": (
        [("registry.yaml", "    label: Freedonia\n", "    label: Freedonia\n    wikidata: Q4\n")],
        {("registry", "links", "entity:freedonia", "changed")}),
    "several-at-once": (
        [(ARTICLE, "certainty: asserted", "certainty: hedged"),
         (ARTICLE, "quote: Ruritania became a member", "quote: a member"),
         (ARTICLE, "\nstances:\n", "\n" + NEW_FACT)],
        {(AID, "stances", "stance firefly-criticises-ruritania", "changed"),
         (AID, "evidence", "fact ruritania-joins-league", "changed"),
         (AID, "facts", "fact firefly-heads-freedonia", "added")}),
}


def edit(seeds: Path, edits: Sequence[tuple[str, str, str]]) -> None:
    for name, old, new in edits:
        text = (seeds / name).read_text(encoding="utf-8")
        assert old in text, f"the fixture no longer contains {old!r}"
        (seeds / name).write_text(text.replace(old, new), encoding="utf-8")


def build_before_and_after(tmp_path: Path, edits: list[tuple[str, str, str]],
                           setup: Sequence[tuple[str, str, str]] = ()) -> tuple[Path, Path]:
    """The small corpus (first edited by ``setup``) built before and after ``edits``."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SMALL, seeds)
    edit(seeds, setup)
    run_build(seeds, tmp_path / "old", options=Options(cache=tmp_path / "cache"))
    edit(seeds, edits)
    run_build(seeds, tmp_path / "new", options=Options(cache=tmp_path / "cache"))
    return tmp_path / "old", tmp_path / "new"


def summary_of(diff: GraphDiff) -> set[tuple[str, str, str, str]]:
    doc = json.loads(render_diff(diff, "json"))
    names = {c["node"]: c for c in doc["changes"]}
    text = render_diff(diff, "text")
    found = set()
    for change in names.values():
        node = change["node"]
        short = (node.split(f"/article/{AID}/", 1)[-1].replace("/", " ", 1)
                 if f"/article/{AID}/" in node else
                 f"article {AID}" if node.endswith(f"/article/{AID}") else
                 "entity:" + node.rsplit("/", 1)[-1])
        assert f" {short} ({change['status']})" in text
        found.add((change["group"], change["kind"], short, change["status"]))
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edit_is_reported_as_exactly_the_claims_it_changed(case: str, tmp_path: Path) -> None:
    edits, expected = CASES[case]
    old, new = build_before_and_after(tmp_path, edits)
    assert summary_of(diff_graphs(union(old), union(new))) == expected


def test_plain_triples_belong_to_the_claim_that_asserts_them(tmp_path: Path) -> None:
    old, new = build_before_and_after(tmp_path, CASES["membership-removed"][0])
    (item,) = diff_graphs(union(old), union(new)).items
    assert (ENTITY["ruritania"], ORG.memberOf, ENTITY["northern-league"]) in item.removed
    assert not item.added


def test_added_fact_shows_its_statements_and_quote(tmp_path: Path) -> None:
    old, new = build_before_and_after(tmp_path, CASES["fact-added"][0])
    text = render_diff(diff_graphs(union(old), union(new)), "text")
    assert "+ a irkg:HeadOfState" in text
    assert "+ entity:freedonia irkg:headOfState entity:rufus-firefly" in text
    assert '+ evidence 1: "Freedonia\'s president, Rufus Firefly"' in text
    assert text.endswith("1 change (1 added): +31 -0 triples\n")


def test_diff_ignores_serialisation_order(tmp_path: Path) -> None:
    old, _ = build_before_and_after(tmp_path, [])
    shuffled = tmp_path / "shuffled.ttl"
    lines = union(old).serialize(format="nt").splitlines()
    shuffled.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    diff = diff_graphs(union(old), read_rdf(shuffled))
    assert diff.items == ()
    assert render_diff(diff, "text") == "no changes to the graph\n"


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diff_command_formats(fmt: str, tmp_path: Path) -> None:
    old, new = build_before_and_after(tmp_path, CASES["several-at-once"][0])
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        doc = json.loads(out)
        assert doc["format"] == "irkg-graph-diff" and len(doc["changes"]) == 3
        added = [t for c in doc["changes"] for t in c["added"]]
        assert ["<https://w3id.org/irkg/id/article/ruritania-joins/stance/"
                "firefly-criticises-ruritania>", f"<{IRKG.certainty}>",
                "<https://w3id.org/irkg/vocab/certainty/hedged>"] in added
    elif fmt == "markdown":
        assert out.startswith("### irkg graph changes\n")
        assert f"#### article {AID}" in out and out.count("```diff") == 3
        assert '~     evidence 1: "Ruritania became a member of the Northern League" -> ' \
               '"a member of the Northern League"' in out
    else:
        assert out.splitlines()[0] == f"article {AID}"


@pytest.mark.parametrize(("content", "message"), [
    ("this is not turtle", "Turtle syntax error"),
    ("[] a <https://w3id.org/irkg/ontology#Article> .", "blank nodes"),
])
def test_bad_input_is_one_line_and_exit_2(content: str, message: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(bad), str(bad)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_unrelated_iris_are_reported_as_other_statements() -> None:
    old, new = Graph(), Graph()
    new.add((URIRef("https://example.org/x"), IRKG.note, URIRef("https://example.org/y")))
    (item,) = diff_graphs(old, new).items
    assert (item.group, item.kind, item.status) == ("other", "other", "added")


ELEVEN_QUOTES = ["{quote: Ruritania, occurrence: 2}", "{quote: became}", "{quote: member}",
                 "{quote: Monday}", "{quote: president}", "{quote: Rufus}", "{quote: Firefly}",
                 "{quote: criticised}", "{quote: move}", "{quote: warned}", "{quote: Freedonia}"]


def test_evidence_1_does_not_show_the_quote_of_evidence_10(tmp_path: Path) -> None:
    """``…/evidence/1`` is a string prefix of ``…/evidence/10``; only its own quote counts."""
    evidence = "".join(f"      - {q}\n" for q in ELEVEN_QUOTES)
    setup = [(ARTICLE, "    quote: criticised Ruritania for the move\n",
              f"    evidence:\n{evidence}")]
    old, new = build_before_and_after(tmp_path, [
        (ARTICLE, "{quote: Ruritania, occurrence: 2}", "{quote: Ruritania, occurrence: 3}"),
        (ARTICLE, "{quote: warned}", "{quote: consequences}"),
    ], setup)
    text = render_diff(diff_graphs(union(old), union(new)), "text")
    assert "    ~ stance firefly-criticises-ruritania (changed)" in text
    lines = [line.strip() for line in text.splitlines() if "~ evidence" in line]
    assert lines == ["~ evidence 1: 8 statements changed (offsets)",
                     '~ evidence 10: "warned" -> "consequences"']
