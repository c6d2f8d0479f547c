"""``irkg stats``: counts, coverage and the sentences left to annotate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from irkg.cli import main
from irkg.errors import display_path
from irkg.stats import sentences

REPO = Path(__file__).resolve().parents[1]
FACT_CLASSES = {"Membership", "AgreementParty", "AgreementStatus", "EventParticipation",
                "EventTarget", "EventOccurrence", "HeadOfState", "Relationship",
                "IssueNegotiation", "Consequence", "Indicator"}

# Sentences of the seed article's body that carry no fact or stance.
NO_CLAIM = {"The international context is also important."}


def test_sentence_splitting_keeps_offsets() -> None:
    text = "He said “no.” Then — nothing.\nU.S. aside? Yes… Done"
    found = sentences(text)
    assert [s.text for s in found] == ["He said “no.”", "Then — nothing.", "U.S. aside?",
                                       "Yes…", "Done"]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_seed_article_body_is_covered_except_sentences_without_claims(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (article,) = data["coverage"]
    uncovered = {s["text"] for s in article["uncovered"]}
    assert uncovered <= NO_CLAIM
    assert article["covered"] + len(uncovered) == article["sentences"]
    assert article["boilerplate_sentences"] > 0  # the outlet's appeal is reported apart
    assert data["classes"]["Stance"] == sum(data["stance_types"].values())
    assert {"support", "demand", "appeal", "concern"} <= set(data["stance_types"])
    assert set(data["certainties"]) == {"asserted", "hedged", "speculative"}
    assert set(data["attributions"]) == {"article", "actor", "observers", "unnamed"}


def test_axes_report_departures_choices_and_articles_that_never_chose(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.chdir(REPO)
    data = json.loads(CliRunner().invoke(main, ["stats", "--format", "json"]).output)
    axes = data["axes"]
    assert set(axes) == {"polarity", "modality", "certainty", "scope", "trend", "attribution"}
    polarity = axes["polarity"]
    # every claim has a polarity; the seed's negated ones are all written out
    assert polarity["claims"] == sum(polarity["values"].values()) == data["classes"]["Stance"] \
        + sum(n for k, n in data["classes"].items() if k in FACT_CLASSES)
    assert polarity["marked"] == polarity["values"]["negated"] == polarity["chosen"] > 0
    assert {"necessary", "possible", "predicted", "counterfactual", "intended"} \
        <= set(axes["modality"]["values"])
    assert all(not a["never_chosen_in"] for a in axes.values())
    # an article that never names a polarity is flagged, with its annotation file
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    annotation = seeds / "000_0b4d5d3e6978a53b.yaml"
    annotation.write_text(annotation.read_text(encoding="utf-8").replace(
        "    polarity: negated\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "--seeds", str(seeds)])
    assert result.exit_code == 0, result.output
    assert f"{display_path(annotation)}: no claim names a polarity; every claim takes the " \
        "default" in result.output


def test_text_report_lists_uncovered_sentences_with_file_and_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)  # files are named relative to the working directory
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert "Stances by type:" in result.output
    assert "seeds/000_0b4d5d3e6978a53b.txt:23: The international context is also important." \
        in result.output
