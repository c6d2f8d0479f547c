"""Reading and writing INCEpTION's UIMA CAS XMI and JSON files (dkpro-cassis).

The documents are built with cassis in INCEpTION's type system
(``inception_cases``); one file is a real INCEpTION export
(``fixtures/inception/foodista-ner.json``) and one an XMI written by UIMA's
Java serialiser (``fixtures/inception/emoji-reference.xmi``), both from the
INCEpTION project's own examples and test data (Apache-2.0).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import cassis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inception_cases import TEXT, WD, inception_cas, save, where
from irkg.errors import Errors, IrkgError
from irkg.interchange.document import Document, Span, from_article
from irkg.interchange.inception import parse_cas
from irkg.interchange.inception_cas import export_files, shipped_typesystem
from irkg.interchange.inception_files import read, read_cas
from irkg.pipeline import load_corpus

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inception"
MODEL = FIXTURES.parent / "interchange" / "model-v2"


@pytest.mark.parametrize("fmt", ["xmi", "json"])
def test_offsets_are_code_points_while_the_file_counts_utf16(tmp_path: Path, fmt: str) -> None:
    path = save(inception_cas(), tmp_path, fmt)
    raw = path.read_text(encoding="utf-8")
    utf16 = len(TEXT[:TEXT.index("Lukashenko")].encode("utf-16-le")) // 2
    assert utf16 == TEXT.index("Lukashenko") + 3  # the flag's two extra units, the emoji's one
    if fmt == "xmi":
        assert f'begin="{utf16}"' in raw and "&#13;&#10;" in raw
    else:
        assert any(fs.get("begin") == utf16 for fs in json.loads(raw)["%FEATURE_STRUCTURES"])
    doc = read_cas(path)
    assert doc.id == "emoji" and doc.text == TEXT
    words = {TEXT[s.start:s.end]: s for s in doc.spans}
    assert words["Russia"].features == {"wikidata": "Q159"}
    assert words["the Kremlin"].features == {"entity": "russia"}
    assert words["Russia \U0001f600 supports Lukashenko"].label == "stance"
    assert {(r.label, TEXT[words_of(doc, r.target)[0]:words_of(doc, r.target)[1]])
            for r in doc.relations} == {("member", "Belarus"), ("organization", "CSTO"),
                                        ("target", "Lukashenko")}


def words_of(doc: Document, span_id: str) -> tuple[int, int]:
    span = next(s for s in doc.spans if s.id == span_id)
    return span.start, span.end




def _edit_json(cas: cassis.Cas, edit: Any) -> bytes:
    data = json.loads(cas.to_json())
    for fs in data["%FEATURE_STRUCTURES"]:
        edit(fs)
    return json.dumps(data).encode("utf-8")


def _mid_surrogate(fs: dict[str, Any]) -> None:
    if fs.get("identifier") == WD + "Q159":  # "Russia" to begin between the emoji's halves
        fs["begin"] = len(TEXT[:TEXT.index("\U0001f600")].encode("utf-16-le")) // 2 + 1


def _far(fs: dict[str, Any]) -> None:
    if fs.get("identifier") == WD + "Q159":
        fs["end"] = 10_000


def _foreign_kb(fs: dict[str, Any]) -> None:
    if fs.get("identifier") == WD + "Q2866":
        fs["identifier"] = "http://dbpedia.org/resource/Alexander_Lukashenko"


def _no_kind(fs: dict[str, Any]) -> None:
    if fs.get("kind") == "stance":
        del fs["kind"]


@pytest.mark.parametrize(("edit", "message"), [
    (_mid_surrogate, r"annotation \d+: offset \d+ falls inside a character"),
    (_far, r"annotation \d+: span \d+-10000 lies outside the text"),
    (_foreign_kb, r"annotation \d+: identifier 'http://dbpedia.org/.*' is neither a Wikidata"),
    (_no_kind, r"annotation \d+: a Claim has no kind"),
])
def test_a_bad_annotation_is_one_line_naming_file_and_annotation(edit: Any, message: str) -> None:
    with pytest.raises(IrkgError) as caught:
        parse_cas(_edit_json(inception_cas(), edit), "json", "export/emoji.json", "emoji")
    lines = caught.value.one_line().splitlines()
    assert len(lines) == 1 and caught.value.exit_code == 2
    assert re.match(r"export/emoji\.json: " + message, lines[0]), lines[0]


def test_every_bad_annotation_is_reported() -> None:
    def both(fs: dict[str, Any]) -> None:
        _foreign_kb(fs)
        _no_kind(fs)
    with pytest.raises(Errors) as caught:
        parse_cas(_edit_json(inception_cas(), both), "json", "e.json", "e")
    assert len(caught.value.errors) == 2


@pytest.mark.parametrize(("name", "content"), [
    ("broken.xmi", b"<xmi:XMI"), ("broken.json", b"{\"%TYPES\": 3}"), ("notes.txt", b"x"),
    ("broken.zip", b"PK"), ("empty.zip", b"PK\x05\x06" + bytes(18))])
def test_an_unreadable_file_is_one_line(tmp_path: Path, name: str, content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(IrkgError) as caught:
        read(tmp_path / name)
    assert caught.value.one_line().count("\n") == 0
    assert name in caught.value.one_line()


def test_the_zip_inception_exports_reads(tmp_path: Path) -> None:
    """INCEpTION exports an XMI as a ZIP with the typesystem.xml the XMI needs."""
    ts = shipped_typesystem()
    ts.create_type("webanno.custom.Note", supertypeName="uima.tcas.Annotation")
    cas = inception_cas(extra=ts)
    cas.add(ts.get_type("webanno.custom.Note")(**where("CSTO")))
    archive = tmp_path / "emoji.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("emoji.xmi", cas.to_xmi())
        z.writestr("typesystem.xml", ts.to_xml())
    (doc,) = read(archive)
    assert doc.file.endswith("emoji.zip/emoji.xmi")
    assert {s.label for s in doc.spans} >= {"Note", "stance", "State"}
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("emoji.xmi", cas.to_xmi())  # without its type system: "Note" is unknown
    with pytest.raises(IrkgError, match=r"emoji\.zip/emoji\.xmi: .*typesystem\.xml"):
        read(archive)


def test_a_java_written_xmi_with_an_emoji_reads_at_code_points() -> None:
    """UIMA's Java XMI writer (INCEpTION's own test data) counts the emoji as two units."""
    path = FIXTURES / "emoji-reference.xmi"
    assert 'begin="10" end="12"' in path.read_text(encoding="utf-8")
    doc = read_cas(path)
    (span,) = doc.spans
    assert span.fragments == ((10, 11),) and doc.text[10:11] == "\U0001f60a"


def test_a_real_inception_export_reads() -> None:
    """INCEpTION's own JSON (named entities without identifiers, tokens, sentences)."""
    doc = read_cas(FIXTURES / "foodista-ner.json")
    assert len(doc.spans) == 17 and not doc.relations
    assert {s.label for s in doc.spans} >= {"Location", "Person", "Date"}
    first = min(doc.spans, key=lambda s: s.start)
    assert doc.text[first.start:first.end] == "Northern British Columbia"


ASTRAL = st.sampled_from(["\U0001f600", "\U0001f1e7\U0001f1fe", "\U00010348", "\u00e9", "a",
                          "Belarus", " ", "\r\n", "\n", "\u2019", "\u00a0"])


@st.composite
def documents(draw: st.DrawFn) -> Document:
    text = "".join(draw(st.lists(ASTRAL, min_size=1, max_size=40)))
    spans = []
    for n in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Span(f"m{n}", "State", ((start, end),), {"entity": "belarus"}))
    return Document("doc", text, tuple(spans), (), {"title": "T"})


@given(documents(), st.sampled_from(["xmi", "json"]))
@settings(max_examples=40, deadline=None)
def test_written_offsets_read_back_exactly(doc: Document, fmt: str) -> None:
    files = export_files(doc, fmt)
    back = parse_cas(files[f"doc.{fmt}"].encode("utf-8"), fmt, "doc", "doc")
    assert back.text == doc.text
    assert sorted((s.fragments, s.features["entity"]) for s in back.spans) == \
        sorted((s.fragments, s.features["entity"]) for s in doc.spans)



@pytest.mark.parametrize(("span", "message"), [
    (Span("s1", "Thing", ((0, 1),)), "a span labelled 'Thing' has no layer"),
    (Span("s2", "stance", ((0, 1),), {"claim": "c", "mood": "x"}), "no feature 'mood'"),
    (Span("s3", "State", ((0, 1), (2, 3)), {"entity": "by"}), "a discontinuous span"),
])
def test_what_the_layout_cannot_hold_is_refused(span: Span, message: str) -> None:
    with pytest.raises(IrkgError, match=message):
        export_files(Document("doc", "a b c", (span,), (), {}), "json")


@pytest.mark.parametrize("fmt", ["xmi", "json"])
def test_the_irkg_profile_reads_back_exactly(fmt: str) -> None:
    """Claims with axes, chains and links, quantities, layers, numbered boilerplate."""
    corpus = load_corpus(MODEL)
    doc = from_article(corpus.articles[0], corpus.registry)
    back = parse_cas(export_files(doc, fmt)[f"{doc.id}.{fmt}"].encode("utf-8"), fmt, "m", "m")

    def spans(d: Document) -> list[tuple[str, Any, list[tuple[str, str]]]]:
        # a mention's one identifier is its Wikidata item where it has one
        return sorted((s.label, s.fragments, sorted((k, v) for k, v in s.features.items()
                                                    if k != "entity" or "wikidata" not in
                                                    s.features)) for s in d.spans)

    assert spans(back) == spans(doc)
    assert {s.label for s in back.spans} >= {"quantity", "layer", "boilerplate", "stance",
                                             "event_target"}
    assert any(s.features.get("according_to") == "observers unnamed" for s in back.spans)
