"""Anchoring quotes in verbatim text: tolerant matching, exact publication."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from irkg.anchor import ArticleText
from irkg.errors import AmbiguousQuote, AnchorError, Location, QuoteNotFound
from irkg.model import QuoteSpec
from irkg.pipeline import Built
from irkg.terms import ENTITY, OA

TEXT = (
    "The Kremlin\u2019s \u201cred lines\u201d\u00a0were clear \u2014 again.\n"
    "Minsk said\u2026 nothing. Minsk waited.\n"
)
AT = Location("a.yaml", 7)


def anchor(quote: str, **kw: object) -> tuple[int, int, str]:
    a = ArticleText(TEXT, "a.txt").anchor(QuoteSpec(quote, AT, **kw))  # type: ignore[arg-type]
    assert TEXT[a.start:a.end] == a.exact
    return a.start, a.end, a.exact


@pytest.mark.parametrize(
    ("typed", "published"),
    [
        ("The Kremlin's", "The Kremlin\u2019s"),  # straight vs typographic apostrophe
        ('"red lines" were', "\u201cred lines\u201d\u00a0were"),  # quotes and no-break space
        ("clear - again", "clear \u2014 again"),  # dash typed as a hyphen
        ("clear--again", None),  # not a dash variant we forgive
        ("again. Minsk", "again.\nMinsk"),  # line break typed as a space
        ("said... nothing", "said\u2026 nothing"),  # ellipsis typed as three dots
        ("  were   clear ", "were clear"),  # surrounding and repeated whitespace
    ],
)
def test_quote_matches_typographic_variants(typed: str, published: str | None) -> None:
    if published is None:
        with pytest.raises(QuoteNotFound):
            anchor(typed)
    else:
        assert anchor(typed)[2] == published


def test_offsets_count_code_points_not_bytes() -> None:
    start, end, _ = anchor("were clear")
    assert (start, end) == (TEXT.index("were"), TEXT.index("were") + len("were clear"))
    assert len(TEXT[:start].encode("utf-8")) > start  # multi-byte characters precede it


def test_ambiguous_quote_lists_its_occurrences() -> None:
    with pytest.raises(AmbiguousQuote) as err:
        anchor("Minsk")
    message = err.value.one_line()
    assert message.startswith(
        "a.yaml:7: quote 'Minsk' occurs 2 times in a.txt (line 2:1, line 2:22)"
    )
    assert "occurrence: N" in message


@pytest.mark.parametrize(
    ("kw", "expected_start"),
    [
        ({"occurrence": 2}, TEXT.rindex("Minsk")),
        ({"prefix": "nothing."}, TEXT.rindex("Minsk")),
        ({"suffix": "said"}, TEXT.index("Minsk")),
    ],
)
def test_ambiguity_resolved_by_occurrence_prefix_or_suffix(
    kw: dict[str, object], expected_start: int
) -> None:
    assert anchor("Minsk", **kw)[0] == expected_start


def test_missing_quote_shows_closest_passage() -> None:
    with pytest.raises(QuoteNotFound) as err:
        anchor("Minsk said everything")
    assert err.value.location == AT
    assert "closest passage is 'Minsk said… nothing'" in err.value.one_line()


def test_occurrence_out_of_range_is_an_error() -> None:
    with pytest.raises(AnchorError, match="occurs 2 time"):
        anchor("Minsk", occurrence=3)


def test_quote_matches_whole_words_only() -> None:
    text = ArticleText("The USSR fell; the US stayed.", "b.txt")
    a = text.anchor(QuoteSpec("US", AT))
    assert (a.start, a.exact) == (19, "US")


def test_mention_everywhere_skips_moscow_inside_the_moscow_times(seed_built: Built) -> None:
    graph = seed_built.graph
    mentioned = {
        str(graph.value(URIRef(f"{ann}/quote"), OA.exact)) + "|" + str(graph.value(
            URIRef(f"{ann}/quote"), OA.suffix))
        for ann in graph.subjects(OA.hasBody, ENTITY.russia)
        if "/mention/" in str(ann)
    }
    assert mentioned
    assert not any(m.startswith("Moscow|") and m.split("|")[1].startswith(" Times")
                   for m in mentioned)
    assert not any(m.startswith("Moscow|") and m.split("|")[1].startswith(" last month")
                   for m in mentioned)
