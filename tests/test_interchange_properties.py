"""Property tests for what interchange parses and writes: offsets, the three formats, quotes.

Texts are drawn from words, emoji, flags (two astral code points), accents,
CRLF, LF and lone CR, so every unit conversion and every line-break rule is
exercised on every run.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from irkg.anchor import ArticleText
from irkg.errors import AnchorError, Location
from irkg.interchange import brat, labelstudio, webannotation
from irkg.interchange.content import ArticleContent, MentionContent, Quoter, render_yaml
from irkg.interchange.document import Document, Span
from irkg.interchange.mapping import load_mapping
from irkg.interchange.offsets import OffsetError, OffsetMap
from irkg.model import QuoteSpec
from irkg.source import read_yaml

TOKENS = ["Belarus", "CSTO", "talks", "é", "\U0001F600", "\U0001F1E7\U0001F1FE", ",", "—",
          " ", " ", "\r\n", "\n", "\r", "\u00a0"]
WORDS = frozenset({"Belarus", "CSTO", "talks", "é", "\U0001F600", "\U0001F1E7\U0001F1FE"})
texts = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=40).map("".join)
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
labels = st.from_regex(r"[A-Za-z][A-Za-z_]{0,10}", fullmatch=True).filter(
    lambda label: label != "article") | st.sampled_from(["quantity", "layer", "stance"])
#: Features of the irkg profile: roles and links (ids joined by spaces, 'unnamed' in a
#: chain), the axes and the other closed values, a quantity's number, a layer's dates.
SPACED = ["according_to", "condition", "in_exchange_for", "participant"]
CLOSED = ["polarity", "modality", "scope", "trend", "unit", "comparator", "layer", "certainty"]
REFERENCE = {
    "utf16": lambda s: len(s.encode("utf-16-le")) // 2,
    "utf8": lambda s: len(s.encode("utf-8")),
    "newlines": lambda s: len(s.replace("\r\n", "\n")),
    "codepoints": len,
}


@pytest.mark.parametrize("unit", sorted(REFERENCE))
@given(text=texts)
def test_offsets_agree_with_the_encodings(unit: str, text: str) -> None:
    units = OffsetMap(text, unit)
    measure = REFERENCE[unit]
    valid = {measure(text[:i]) for i in range(len(text) + 1)
             if not (unit == "newlines" and text[i - 1:i + 1] == "\r\n")}
    for i in range(len(text) + 1):
        if unit == "newlines" and text[i - 1:i + 1] == "\r\n":
            with pytest.raises(OffsetError):
                units.to_units(i)
            continue
        assert units.to_units(i) == measure(text[:i])
        assert units.from_units(measure(text[:i])) == i
    for offset in range(measure(text) + 2):
        if offset not in valid:
            with pytest.raises(OffsetError):
                units.from_units(offset)


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Every run of whole tokens that starts and ends on a word."""
    places, at = [], 0
    pieces = []
    rest = text
    while rest:
        token = next(t for t in sorted(TOKENS, key=len, reverse=True) if rest.startswith(t))
        pieces.append((at, at + len(token), token in WORDS))
        at += len(token)
        rest = rest[len(token):]
    words = [(s, e) for s, e, w in pieces if w]
    for i, (s, _) in enumerate(words):
        for _, e in words[i:i + 4]:
            places.append((s, e))
    return places


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = draw(texts.filter(lambda t: any(w in t for w in WORDS)))
    places = _word_spans(text)
    spans = []
    for n in range(draw(st.integers(0, 6))):
        start, end = draw(st.sampled_from(places))
        features = draw(st.dictionaries(
            st.sampled_from(["claim", "holder", "entity", "wikidata", "n"]), ids, max_size=3))
        for key in draw(st.lists(st.sampled_from(CLOSED), max_size=3)):
            features[key] = draw(ids)
        for key in draw(st.lists(st.sampled_from(SPACED), max_size=2)):
            features[key] = " ".join(draw(st.lists(ids | st.just("unnamed"), min_size=1,
                                                   max_size=3)))
        if draw(st.booleans()):
            features[draw(st.sampled_from(["value", "not_before.resolved_from"]))] = draw(
                st.from_regex(r"-?[0-9]+(\.[0-9]+)?", fullmatch=True) | st.text(max_size=10))
        if draw(st.booleans()):
            features["note"] = draw(st.text(max_size=20))
        spans.append(Span(f"s{n}", draw(labels), ((start, end),), features))
    meta = draw(st.dictionaries(st.sampled_from(["title", "language", "url"]),
                                st.text(max_size=15), max_size=2))
    return Document("doc", text, tuple(spans), (), meta)


MAPPING = load_mapping(None)


def _same(a: Document, b: Document) -> None:
    """Same text, spans and metadata, feature names read through the default mapping."""
    def key(d: Document) -> list[tuple[str, tuple[tuple[int, int], ...], list[tuple[str, str]]]]:
        return sorted((s.label, s.fragments, sorted((MAPPING.feature(k) or k, v)
                                                    for k, v in s.features.items()))
                      for s in d.spans)

    assert b.text == a.text
    assert key(b) == key(a)
    assert b.meta == a.meta


@settings(max_examples=60, deadline=None)
@given(doc=documents())
def test_brat_reads_back_what_it_writes(doc: Document, tmp_path_factory: pytest.TempPathFactory
                                        ) -> None:
    folder = tmp_path_factory.mktemp("brat")
    for name, content in brat.export_files(doc).items():
        (folder / name).write_text(content, encoding="utf-8", newline="")
    _same(doc, brat.read(folder / "doc.ann"))


@settings(max_examples=60, deadline=None)
@given(doc=documents())
def test_label_studio_reads_back_what_it_writes(doc: Document,
                                                tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("ls") / "tasks.json"
    path.write_text(labelstudio.write([doc]), encoding="utf-8")
    [back] = labelstudio.read(path)
    _same(doc, back)


@settings(max_examples=60, deadline=None)
@given(doc=documents())
def test_web_annotation_reads_back_what_it_writes(doc: Document,
                                                  tmp_path_factory: pytest.TempPathFactory
                                                  ) -> None:
    folder = tmp_path_factory.mktemp("wa")
    for name, content in webannotation.export_files(doc).items():
        (folder / name).write_text(content, encoding="utf-8", newline="")
    back = webannotation.read(folder / "doc.jsonld")
    # the entity of a mention is also its body: the features come back as written
    _same(doc, back)


@settings(max_examples=80, deadline=None)
@given(text=texts.filter(lambda t: any(w in t for w in WORDS)), data=st.data())
def test_a_written_quote_anchors_on_its_span(text: str, data: st.DataObject) -> None:
    """Either the span cannot be quoted (glued to another word, no letters) or it anchors back."""
    start, end = data.draw(st.sampled_from(_word_spans(text)))
    try:
        entry = Quoter(text, "t.txt").quote(start, end)
    except AnchorError:
        return
    anchor = ArticleText(text, "t.txt").anchor(
        QuoteSpec(entry["quote"], Location("t.yaml"), occurrence=entry.get("occurrence")))
    assert (anchor.start, anchor.end) == (start, end)



names = st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,12}", fullmatch=True)


@settings(max_examples=40, deadline=None)
@given(spans=st.dictionaries(names, st.sampled_from(["membership", "stance", "party"]),
                             max_size=4),
       mentions=st.dictionaries(names, st.sampled_from(["State", "Person", "City"]), max_size=4),
       features=st.dictionaries(names, st.one_of(st.none(), st.sampled_from(
           ["certainty", "stance", "note"])), max_size=4))
def test_a_mapping_file_reads_back_as_written(spans: dict[str, str], mentions: dict[str, str],
                                              features: dict[str, str | None],
                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    doc = {"spans": {**{k: {"kind": v} for k, v in spans.items()},
                     **{k: {"mention": v} for k, v in mentions.items()}},
           "features": features}
    path = tmp_path_factory.mktemp("mapping") / "mapping.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    mapping = load_mapping(path)
    for label, kind in spans.items():
        if label not in mentions:
            assert mapping.spans[label].kind == kind
    for label, type_name in mentions.items():
        assert mapping.spans[label].mention == type_name
    for name, key in features.items():
        assert mapping.feature(name) == key
    if "stance" not in spans and "stance" not in mentions:
        assert mapping.spans["stance"].kind == "stance"  # the default mapping lies beneath


LINE_BREAKING = ["Belarus", " ", "\x85", "\u2028", "\t", "\r\n", "talks", "'", '"', ": ", "- ",
                 "#", "2020", "yes"]


@settings(max_examples=60, deadline=None)
@given(tokens=st.lists(st.sampled_from(LINE_BREAKING), min_size=1, max_size=30))
def test_written_annotation_yaml_reads_back_every_quote(
        tokens: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """YAML's own line breaks (NEL, LS), quotes, colons and number-like words survive."""
    text = "Belarus " + "".join(tokens) + " talks"
    spans = [(0, 7), (0, len(text)), (len(text) - 5, len(text))]
    content = ArticleContent("doc", text, {"title": "T", "language": "en"}, (), (),
                             tuple(MentionContent("e", s, e) for s, e in spans))
    path = tmp_path_factory.mktemp("yaml") / "doc.yaml"
    path.write_text(render_yaml(content, "doc.txt"), encoding="utf-8")
    quotes = [m.data["quote"] for m in read_yaml(path).records("mentions", "one mention")]
    assert quotes == [text[s:e] for s, e in spans]
