"""Properties that must hold for any input, checked with hypothesis.

Anchoring gives offsets that slice to the quote, or irkg's own error; the
writers' Turtle, TriG and N-Quads read back, in rdflib and in pyoxigraph, to
the graph that was written, for every IRI and literal irkg can emit; a
language tag irkg accepts is one both libraries read; the YAML reader turns
anything at all into a record or a located input error; and ``irkg diff``
of a graph with itself is empty, while its changes turn the old graph into
the new one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from irkg.anchor import ArticleText
from irkg.diff import diff_graphs
from irkg.errors import AnchorError, InputError, IrkgError, Location, SchemaError
from irkg.load import yield_to_longer
from irkg.model import Anchor, Evidence, Mention, QuoteSpec
from irkg.parse import to_rdflib
from irkg.serialize import to_nquads, to_trig, to_turtle
from irkg.source import read_yaml
from irkg.terms import ENTITY, ID, IRKG
from irkg.values import language_tag

AT = Location("a.yaml", 3)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- anchoring

TRICKY = st.sampled_from([" ", "\n", "\u00a0", "\u2019", "'", "\u201c", '"', "-", "\u2014",
                          "\u2026", "...", "a", "b", "ab", "word ", "é", "e\u0301", "\t", ".",
                          "\U0001f600"])
TEXTS = st.lists(st.one_of(TRICKY, st.characters(exclude_categories=["Cs"])),
                 max_size=40).map("".join)


@FAST
@given(TEXTS, st.data())
def test_anchoring_slices_the_text_or_raises_its_own_error(text: str, data: st.DataObject) -> None:
    if data.draw(st.booleans()) and text:
        i = data.draw(st.integers(0, len(text) - 1))
        j = data.draw(st.integers(i + 1, len(text)))
        quote = text[i:j]
    else:
        quote = data.draw(TEXTS)
    spec = QuoteSpec(quote, AT, prefix=data.draw(st.none() | TEXTS),
                     suffix=data.draw(st.none() | TEXTS),
                     occurrence=data.draw(st.none() | st.integers(-2, 4)))
    article = ArticleText(text, "a.txt")
    try:
        anchors = [article.anchor(spec), *article.anchor_all(spec)]
    except AnchorError as exc:
        assert exc.location == AT
        assert "\n" not in exc.one_line()
        return
    for a in anchors:
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start:a.end] == a.exact
        assert text[:a.start].endswith(a.prefix) and text[a.end:].startswith(a.suffix)


# ---------------------------------------------------------------- writers

IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
ARTICLE_IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,12}", fullmatch=True)
IRIS = st.one_of(
    IDS.map(lambda i: URIRef(f"{ENTITY}{i}")),
    st.tuples(ARTICLE_IDS, st.sampled_from(["fact", "stance", "mention"]), IDS).map(
        lambda t: URIRef(f"{ID}article/{t[0]}/{t[1]}/{t[2]}")),
    st.integers(1, 10**9).map(lambda n: URIRef(f"http://www.wikidata.org/entity/Q{n}")),
    st.sampled_from([IRKG.State, IRKG.holder, RDFS.label, URIRef(f"{ID}graph/registry")]),
)
# Every string irkg reads: YAML escapes can put any code point but a surrogate in a value.
STRINGS = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
TAGS = st.sampled_from(["en", "ru", "be", "en-GB", "zh-Hant-TW", "x-private", "de-1996",
                        "sr-Latn", "en-x-irkg"])
LITERALS = st.one_of(
    STRINGS.map(Literal),
    st.tuples(STRINGS, TAGS).map(lambda t: Literal(t[0], lang=t[1])),
    st.from_regex(r"[0-9]{4}(-0[1-9](-[0-2][1-9])?)?", fullmatch=True).map(
        lambda d: Literal(d, datatype=XSD.gYear if len(d) == 4 else
                          XSD.gYearMonth if len(d) == 7 else XSD.date)),
    st.integers(0, 10**12).map(lambda n: Literal(str(n), datatype=XSD.integer)),
    st.booleans().map(lambda b: Literal(str(b).lower(), datatype=XSD.boolean)),
    STRINGS.map(lambda s: Literal(s, datatype=XSD.anyURI)),
)
TRIPLES = st.sets(st.tuples(IRIS, IRIS, st.one_of(IRIS, LITERALS)), max_size=12)


def _plain(triples: set[tuple[Node, Node, Node]]) -> set[tuple[str, ...]]:
    """Triples as comparable strings; language tags are case-insensitive (BCP 47)."""
    def show(n: Node) -> str:
        if isinstance(n, Literal):
            return f"{n!s}|{(n.language or '').lower()}|{n.datatype or ''}"
        return str(n)
    return {tuple(show(n) for n in t) for t in triples}


def _from_oxigraph(text: str, fmt: ox.RdfFormat) -> set[tuple[Node, Node, Node]]:
    where = Location("(test)")
    return {(to_rdflib(q.subject, where), to_rdflib(q.predicate, where),
             to_rdflib(q.object, where)) for q in ox.parse(text, format=fmt)}


@FAST
@given(TRIPLES)
def test_turtle_reads_back_to_the_same_graph(triples: set[tuple[Node, Node, Node]]) -> None:
    text = to_turtle(triples)
    assert _plain(_from_oxigraph(text, ox.RdfFormat.TURTLE)) == _plain(triples)
    written = Graph()
    for t in triples:
        written.add(t)
    assert isomorphic(Graph().parse(data=text, format="turtle"), written)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@FAST
@given(st.dictionaries(IRIS, TRIPLES, max_size=3))
def test_trig_and_nquads_read_back_graph_by_graph(
        graphs: dict[URIRef, set[tuple[Node, Node, Node]]]) -> None:
    want = {(str(g), *t) for g, ts in graphs.items() for t in _plain(ts)}
    for text, fmt, name in ((to_trig(graphs.items()), ox.RdfFormat.TRIG, "trig"),
                            (to_nquads(graphs.items()), ox.RdfFormat.N_QUADS, "nquads")):
        got = {(q.graph_name.value, *next(iter(_plain({(
            to_rdflib(q.subject, AT), to_rdflib(q.predicate, AT), to_rdflib(q.object, AT))}))))
               for q in ox.parse(text, format=fmt)}
        assert got == want, name
        dataset = Dataset()
        dataset.parse(data=text, format=name)
        assert {(str(c), *next(iter(_plain({(s, p, o)})))) for s, p, o, c in
                dataset.quads((None, None, None, None)) if c is not None} == want, name


# ---------------------------------------------------------------- language tags

TAG_LIKE = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzAGZ0123456789-_x"), max_size=14)


@FAST
@given(st.one_of(TAG_LIKE, TAGS, st.text(max_size=8)))
def test_a_language_tag_irkg_accepts_is_one_every_reader_accepts(value: str) -> None:
    import langcodes

    try:
        tag = language_tag(value, AT)
    except SchemaError as exc:
        assert exc.location == AT
        return
    assert langcodes.tag_is_valid(tag)
    assert (ox.Literal("x", language=tag).language or "").lower() == tag.lower()
    text = to_turtle({(URIRef(f"{ENTITY}e"), RDFS.label, Literal("x", lang=tag))})
    assert len(Graph().parse(data=text, format="turtle")) == 1


@pytest.mark.parametrize("tag", ["en-x", "en--gb", "e", "en_GB", "EN", "zz", "en\n", ""])
def test_tags_irkg_refuses(tag: str) -> None:
    with pytest.raises(SchemaError):
        language_tag(tag, AT)


# ---------------------------------------------------------------- the YAML reader

YAMLISH = st.text(st.sampled_from([*"ab:- \n\t[]{},&*!?|>'\"#%@`~\\0\u00e9\u2028", "\ufeff", "\x00",
                                   "\x85", "\U0001f600"]), max_size=60)


@FAST
@given(st.one_of(YAMLISH.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=60),
                 STRINGS.map(lambda s: s.encode("utf-16"))))
def test_the_yaml_reader_never_lets_an_exception_escape(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.yaml"
        path.write_bytes(data)
        try:
            record = read_yaml(path)
        except InputError as exc:
            assert exc.location is not None and exc.location.file.endswith("a.yaml")
            assert "\n" not in exc.one_line()
            return
        assert isinstance(record.data, dict)


# ---------------------------------------------------------------- diff

GRAPH_IRIS = st.one_of(
    st.tuples(st.sampled_from(["a1", "a2"]), st.sampled_from(["fact", "stance", "mention"]),
              st.sampled_from(["c1", "c2"]), st.sampled_from(["", "/evidence/1", "/evidence/2"])
              ).map(lambda t: URIRef(f"{ID}article/{t[0]}/{t[1]}/{t[2]}{t[3]}")),
    st.sampled_from(["a1", "a2"]).map(lambda a: URIRef(f"{ID}article/{a}")),
    st.sampled_from(["x", "y", "z"]).map(lambda e: URIRef(f"{ENTITY}{e}")),
    st.just(URIRef("http://example.org/other")),
)
GRAPHS = st.sets(st.tuples(GRAPH_IRIS, st.sampled_from([IRKG.holder, RDFS.label, IRKG.evidence]),
                           st.one_of(GRAPH_IRIS, STRINGS.map(Literal))), max_size=15)


def _graph(triples: set[tuple[Node, Node, Node]]) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


@FAST
@given(GRAPHS, GRAPHS)
def test_diff_is_empty_for_itself_and_its_changes_make_the_new_graph(
        old: set[tuple[Node, Node, Node]], new: set[tuple[Node, Node, Node]]) -> None:
    assert diff_graphs(_graph(old), _graph(old)).items == ()
    diff = diff_graphs(_graph(old), _graph(new))
    added = {t for item in diff.items for t in item.added}
    removed = {t for item in diff.items for t in item.removed}
    assert (old - removed) | added == new
    assert diff.added == len(added) and diff.removed == len(removed)


# ---------------------------------------------------------------- mentions

def _reference(mentions: list[Mention]) -> list[Mention]:
    """The original, quadratic rule: ``yield_to_longer`` must agree with it."""
    def inside(m: Mention, n: Mention) -> bool:
        a, b = m.evidence.anchor, n.evidence.anchor
        if not (b.start <= a.start and a.end <= b.end) or m is n:
            return False
        return (b.end - b.start) > (a.end - a.start) or not n.everywhere
    return [m for m in mentions if not (m.everywhere and any(inside(m, n) for n in mentions))]


@FAST
@given(st.lists(st.tuples(st.integers(0, 8), st.integers(1, 4), st.booleans(),
                          st.sampled_from(["e", "f"])), max_size=12))
def test_mentions_yield_to_longer_ones_as_the_quadratic_rule_says(
        spans: list[tuple[int, int, bool, str]]) -> None:
    mentions = [Mention(e, Evidence(QuoteSpec("q", AT), Anchor(s, s + n, "q", "", "")), AT, every)
                for s, n, every, e in spans]
    assert yield_to_longer(mentions) == _reference(mentions)


def test_an_error_is_an_irkg_error() -> None:  # the hierarchy the properties rely on
    assert issubclass(AnchorError, IrkgError) and issubclass(SchemaError, InputError)
