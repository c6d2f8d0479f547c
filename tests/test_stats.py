"""``irkg stats``: counts, coverage and the sentences left to annotate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from irkg.cli import main
from irkg.stats import sentences

REPO = Path(__file__).resolve().parents[1]

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
    assert set(data["attributions"]) == {"article", "actor", "observers"}


def test_text_report_lists_uncovered_sentences_with_file_and_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)  # files are named relative to the working directory
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0
    assert "Stances by type:" in result.output
    assert "seeds/000_0b4d5d3e6978a53b.txt:23: The international context is also important." \
        in result.output
