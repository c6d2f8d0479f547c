"""``irkg suggest mentions``: what the suggester finds, and how it writes the annotation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from irkg.anchor import ArticleText
from irkg.cli import main
from irkg.errors import Location
from irkg.interchange.inception_files import read_cas
from irkg.model import Entity, QuoteSpec, Registry
from irkg.pipeline import build_corpus, load_corpus
from irkg.source import read_yaml
from irkg.suggest_mentions import Matcher, Suggestion, suggest
from irkg.suggest_yaml import HEADER, block, with_suggestions
from irkg.terms import IRKG

REPO = Path(__file__).resolve().parents[1]
SEED = "000_0b4d5d3e6978a53b"


def registry(**names: list[str]) -> Registry:
    """A registry of States whose first name is the label and the rest aliases."""
    return Registry("registry.yaml", {
        eid: Entity(eid, IRKG.State, labels[0], Location("registry.yaml", 1),
                    tuple(labels[1:])) for eid, labels in names.items()})


def found(text: str, reg: Registry) -> list[tuple[str, str]]:
    return [(s.entity, text[s.start:s.end]) for s in Matcher(reg).propose(ArticleText(text, "t"))]


@pytest.mark.parametrize(("text", "names", "expected"), [
    # whole words only: no "Belarus" in "Belarusian", but in "Belarus's"
    ("Belarusian and Belarus's", {"by": ["Belarus"]}, [("by", "Belarus")]),
    # the longest name wins where names overlap
    ("read The Moscow Times", {"ru": ["Russia", "Moscow"], "mt": ["The Moscow Times"]},
     [("mt", "The Moscow Times")]),
    # a name starting in lower case is found capitalised at a sentence start
    ("The Kremlin said. the Kremlin", {"ru": ["Russia", "the Kremlin"]},
     [("ru", "The Kremlin"), ("ru", "the Kremlin")]),
    # the anchoring's tolerance: line breaks, no-break spaces, typographic quotes, dashes
    ("the Eurasian\r\nEconomic\u00a0Union; Belarus\u2019s; Russia \u2013 Belarus talks",
     {"eaeu": ["Eurasian Economic Union"], "t": ["Belarus's"], "rb": ["Russia-Belarus talks"]},
     [("eaeu", "Eurasian\r\nEconomic\u00a0Union"), ("t", "Belarus\u2019s"),
      ("rb", "Russia \u2013 Belarus talks")]),
    # one name, two entities: one suggestion each
    ("in Moscow", {"ru": ["Russia", "Moscow"], "moscow": ["Moscow"]},
     [("moscow", "Moscow"), ("ru", "Moscow")]),
    # astral characters count as one code point
    ("\U0001f600 Belarus", {"by": ["Belarus"]}, [("by", "Belarus")]),
    # case matters otherwise: "US" is not "us"
    ("tell us", {"us": ["US"]}, []),
])
def test_matching(text: str, names: dict[str, list[str]], expected: list[tuple[str, str]]
                  ) -> None:
    assert found(text, registry(**names)) == expected


def test_recall_on_the_seed() -> None:
    """The numbers the README prints (section "Pre-annotation")."""
    corpus = load_corpus(REPO / "seeds")
    recall = suggest(corpus.articles[0], Matcher(corpus.registry))
    assert (recall.annotated, recall.found) == (109, 84)
    assert round(recall.ratio * 100, 1) == 77.1
    assert (len(recall.extra), len(recall.new)) == (34, 14)
    # the registry's alias "Lukashenko" finds the bare surname; the one miss is the hand
    # annotation's "Lukashenko" inside "Alexander Lukashenko", where the longer name wins
    assert [m[:2] for m in recall.missed if m[2:] == ("lukashenko", "Lukashenko")] == [(695, 705)]


WORDS = st.sampled_from(["Belarus", "Russia", "the West", "Minsk", "and", "said", "EU",
                         "\u201cMoscow\u201d", "\U0001f600", "Moscow", "\u2014"])
SPACES = st.sampled_from([" ", "  ", "\n", "\r\n", "\u00a0", ". "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SPACES), min_size=1, max_size=30))
    return "".join(w + s for w, s in parts)


@given(texts())
@settings(max_examples=150, deadline=None)
def test_every_suggestion_anchors_back_to_its_place(text: str) -> None:
    """What is written (quote and occurrence) lands on the span the suggester found."""
    reg = registry(by=["Belarus", "Minsk"], ru=["Russia", "Moscow"], west=["the West"],
                   eu=["EU", "European Union"])
    article = ArticleText(text, "t")
    suggestions = Matcher(reg).propose(article)
    written = read_yaml_text(block(suggestions))
    assert len(written) == len(suggestions)
    for entry, s in zip(written, suggestions, strict=True):
        anchor = article.anchor(QuoteSpec(entry["quote"], Location("t"),
                                          occurrence=entry.get("occurrence")))
        assert (entry["entity"], anchor.start, anchor.end) == (s.entity, s.start, s.end)


def read_yaml_text(text: str) -> list[dict[str, Any]]:
    """The suggestions block's entries, as any YAML reader sees them."""
    data = yaml.safe_load(text) if text else {}
    return list(data.get("suggestions", [])) if data else []


ANNOTATIONS = st.sampled_from([
    "article:\n  title: T\n",
    "# a comment\narticle: {title: T}\n\nmentions:\n  - {entity: by, quote: Belarus}\n",
    "article:\r\n  title: T\r\n# end\r\n",
    "article: {title: T}",  # no final line break
    "article: {title: T}\nsuggestions:\n  - {entity: x, quote: y}\n\nfacts: []\n",
])
SUGGESTIONS = st.lists(st.builds(
    Suggestion, st.integers(0, 50), st.integers(51, 99), st.sampled_from(["by", "ru"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
            min_size=1).map(lambda t: " ".join(t.split()) or "x"),
    st.none() | st.integers(1, 9)), max_size=5)


@given(ANNOTATIONS, SUGGESTIONS, SUGGESTIONS)
@settings(max_examples=200, deadline=None)
def test_writing_touches_only_the_suggestions_block(original: str, first: list[Suggestion],
                                                    second: list[Suggestion]) -> None:
    once = with_suggestions(original, first)
    twice = with_suggestions(once, second)
    assert with_suggestions(twice, second) == twice  # idempotent
    cleared = with_suggestions(twice, [])
    # removing the block gives back the file without it, byte for byte (but for a line
    # break added at the end of a file that had none)
    without_old = with_suggestions(original, [])
    newline = "\r\n" if "\r\n" in original else "\n"
    assert cleared == without_old or (cleared == without_old + newline
                                      and not without_old.endswith("\n"))
    assert "suggestions:" not in cleared
    # outside the block, the text is the original's
    assert twice.replace(block(second, "\r\n" if "\r\n" in original else "\n"), "") \
        .rstrip("\r\n") == without_old.rstrip("\r\n")
    written = read_yaml_text(twice)
    assert [e["entity"] for e in written] == [s.entity for s in second]
    assert [e["quote"] for e in written] == [s.quote for s in second]


def test_a_rejection_is_remembered() -> None:
    russia, belarus = (Suggestion(0, 6, "ru", "Russia", None),
                       Suggestion(11, 18, "by", "Belarus", None))
    text = with_suggestions("article: {title: T}\n", [russia, belarus])
    text = text.replace("quote: Russia}", "quote: Russia, rejected: true}")
    again = with_suggestions(text, [russia, belarus])
    assert again == text
    assert read_yaml_text(again)[0] == {"entity": "ru", "quote": "Russia", "rejected": True}
    assert "Belarus}" in with_suggestions(again, [belarus])  # no longer proposed: dropped


def test_block_says_what_it_is() -> None:
    text = block([Suggestion(0, 6, "ru", "Russia", None)])
    assert text.splitlines()[:2] == list(HEADER)
    assert text.endswith("suggestions:\n  - {entity: ru, quote: Russia}\n")


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", target)
    return target


def test_cli_writes_suggestions_the_build_ignores(seeds: Path) -> None:
    annotation = seeds / f"{SEED}.yaml"
    before = annotation.read_bytes()
    runner = CliRunner()
    result = runner.invoke(main, ["suggest", "mentions", str(annotation)])
    assert result.exit_code == 0, result.output
    assert "(14 suggestions)" in result.output
    after = annotation.read_bytes()
    assert after.startswith(before)  # appended: every byte before is untouched
    assert read_yaml(annotation, "the annotation").get("suggestions", list)
    again = runner.invoke(main, ["suggest", "mentions", str(annotation)])
    assert again.output.startswith("unchanged:") and annotation.read_bytes() == after
    checked = runner.invoke(main, ["check", "--seeds", str(seeds)])
    assert checked.exit_code == 0, checked.output
    built = build_corpus(load_corpus(seeds)).graph
    assert isomorphic(built, build_corpus(load_corpus(REPO / "seeds")).graph)


def test_cli_report_writes_nothing(seeds: Path) -> None:
    annotation = seeds / f"{SEED}.yaml"
    before = annotation.read_bytes()
    result = CliRunner().invoke(main, ["suggest", "mentions", str(annotation), "--report"])
    assert result.exit_code == 0
    assert "finds 84 of 109 hand mentions (77.1%)" in result.output
    assert "missed lukashenko 'Lukashenko'" in result.output
    assert annotation.read_bytes() == before


@pytest.mark.parametrize(("fmt", "name"), [
    ("inception-xmi", f"{SEED}.xmi"), ("inception-json", f"{SEED}.json"),
    ("brat", f"{SEED}.ann"), ("webannotation", f"{SEED}.jsonld"), ("labelstudio", "tasks.json")])
def test_cli_writes_suggestions_for_a_tool(seeds: Path, tmp_path: Path, fmt: str,
                                            name: str) -> None:
    """The tool's files hold the hand mentions and the suggestions, as mentions."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["suggest", "mentions", str(seeds / f"{SEED}.yaml"),
                                       "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / name).is_file()
    if fmt.startswith("inception"):
        doc = read_cas(out / name)
        mentions = [s for s in doc.spans if {"wikidata", "entity"} & s.features.keys()]
        assert len(mentions) == 109 + 14


def test_cli_tool_format_needs_out(seeds: Path) -> None:
    result = CliRunner().invoke(main, ["suggest", "mentions", str(seeds / f"{SEED}.yaml"),
                                       "--format", "brat"])
    assert result.exit_code == 2 and "--out" in result.output


def test_cli_missing_annotation_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["suggest", "mentions", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "none.yaml does not exist" in result.output
