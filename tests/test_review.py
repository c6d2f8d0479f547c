"""``irkg review``: the static review site, read from the built seed graph.

Structure, determinism, escaping, the non-conformance banner and the cost of
a long article are checked here on the HTML; what a browser makes of it is in
``test_review_browser.py``. So is what qualifies a claim: on the seed, a
negated, modal, partial, reported or conditional claim is labelled as such in
its row, its tooltip, the stance network and the entity pages, its links go to
the other claims' rows, and the standfirst and the appeal are marked apart
from the body and the boilerplate.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS, union
from irkg.claims import extract
from irkg.cli import main
from irkg.errors import IrkgError
from irkg.pipeline import load_corpus
from irkg.review.article import article_page
from irkg.review.html import slug
from irkg.review.site import build_site
from irkg.review.spans import runs
from irkg.stats import coverage
from review_pages import HOSTILE, hostile_article, synthetic_site

ARTICLE = "000_0b4d5d3e6978a53b"


class Marks(HTMLParser):
    """The text of every evidence id's marks, and whether the page parses as nested HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.current: list[str] = []
        self.text: dict[str, str] = {}
        self.tabbable = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"meta", "link", "br", "input", "path", "circle", "rect", "line"}:
            return
        self.open.append(tag)
        values = dict(attrs)
        if tag == "mark":
            self.current = (values.get("data-ev") or "").split()
            self.tabbable += values.get("tabindex") == "0"

    def handle_endtag(self, tag: str) -> None:
        if tag in {"path", "circle", "rect", "line"}:
            return
        assert self.open and self.open[-1] == tag, (tag, self.open[-5:])
        self.open.pop()
        if tag == "mark":
            self.current = []

    def handle_data(self, data: str) -> None:
        for ident in self.current:
            self.text[ident] = self.text.get(ident, "") + data


class Classed(HTMLParser):
    """The text inside ``#article-text`` under each class, and the classes of each run."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0  # open elements inside #article-text, 0 outside it
        self.stack: list[set[str]] = []
        self.text: dict[str, str] = {}
        self.runs: list[tuple[frozenset[str], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth or values.get("id") == "article-text":
            self.depth += 1
            self.stack.append(set((values.get("class") or "").split()))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        classes = frozenset().union(*self.stack[1:])
        self.runs.append((classes, data))
        for name in classes:
            self.text[name] = self.text.get(name, "") + data


def plain_text(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def row(page: str, key: str) -> str:
    found = re.search(rf'<tr id="c-{re.escape(key)}"[^>]*>.*?</tr>', page)
    assert found, key
    return found.group(0)


def cell(row_html: str, css: str) -> str:
    found = re.search(rf'<td class="{css}">(.*?)</td>', row_html)
    assert found, css
    return found.group(1)


def marks(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    parser.close()
    assert parser.open == []
    return parser


@pytest.fixture(scope="module")
def site(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    build_site(seed_out, SEEDS, folder, "fast")
    return folder


@dataclass(frozen=True)
class Span:
    """A span that counts how often its offsets are read."""

    a: int
    b: int
    reads: list[int]

    @property
    def start(self) -> int:
        self.reads[0] += 1
        return self.a

    @property
    def end(self) -> int:
        self.reads[0] += 1
        return self.b


@pytest.mark.parametrize("spans, expected", [
    ([], [(0, 10, "")]),
    ([(2, 5)], [(0, 2, ""), (2, 5, "0"), (5, 10, "")]),
    ([(0, 10), (2, 5)], [(0, 2, "0"), (2, 5, "01"), (5, 10, "0")]),  # nested
    ([(1, 6), (4, 9)], [(0, 1, ""), (1, 4, "0"), (4, 6, "01"), (6, 9, "1"), (9, 10, "")]),
    ([(2, 4), (4, 6)], [(0, 2, ""), (2, 4, "0"), (4, 6, "1"), (6, 10, "")]),  # adjacent
    ([(3, 3), (2, 4)], [(0, 2, ""), (2, 4, "1"), (4, 10, "")]),  # an empty span covers nothing
    ([(2, 4), (2, 4)], [(0, 2, ""), (2, 4, "01"), (4, 10, "")]),  # the same passage twice
])
def test_runs_cut_the_text_at_every_boundary(spans: list[tuple[int, int]],
                                             expected: list[tuple[int, int, str]]) -> None:
    given = [Span(a, b, [0]) for a, b in spans]
    got = [(r.start, r.end, "".join(str(i) for s in r.covering
                                    for i, g in enumerate(given) if g is s))
           for r in runs(10, given)]
    assert got == expected


@pytest.mark.parametrize("span", [(-1, 3), (4, 2), (5, 11)])
def test_a_span_outside_the_text_is_a_bug(span: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside"):
        runs(10, [Span(*span, [0])])


def test_runs_read_each_span_once() -> None:
    """Sorted boundaries, not spans x runs: each offset is read once, whatever the count."""
    for count in (100, 1000, 4000):
        reads = [0]
        spans = [Span(i * 37 % 60_000, i * 37 % 60_000 + 5 + i % 90, reads) for i in range(count)]
        found = runs(61_000, spans)
        assert reads[0] == 2 * count
        assert len(found) <= 2 * count + 1


def test_a_long_article_renders_every_span_in_linear_size() -> None:
    site = synthetic_site()
    article = site.articles[0]
    html = article_page(article, site)
    found = marks(html)
    evidence = [e for c in article.claims for e in c.evidence]
    assert len(evidence) == 1000 and len(article.text.split()) == 10_000
    assert all(found.text[e.id] == e.quote for e in evidence)
    assert html.count("<mark ") <= 2 * len(evidence) + 1
    assert len(html) < 4 * len(article.text) + 1_000 * len(evidence)


def test_article_page_shows_every_quote_metadata_and_links(site: Path, seed_out: Path) -> None:
    html = (site / "article" / f"{ARTICLE}.html").read_text("utf-8")
    found = marks(html)
    rows = extract(union(seed_out))
    quotes = sorted(e.quote for c in rows.claims for e in c.evidence)
    assert sorted(found.text.values()) == quotes
    assert found.tabbable >= len({(e.start) for c in rows.claims for e in c.evidence})
    sha = hashlib.sha256((SEEDS / f"{ARTICLE}.txt").read_bytes()).hexdigest()
    assert sha in html
    assert 'href="https://www.wikidata.org/wiki/Q184"' in html
    assert '<svg class="network"' in html and "http://" not in html.split("<svg")[0].lower()
    for ref in re.findall(r'(?:src)="([^"]+)"', html):
        assert not ref.startswith(("http:", "https:", "//")), ref
    assert all(f'id="c-{slug(c.section + "-" + c.id)}"' in html for c in rows.claims)
    assert 'class="boiler"' in html


def test_index_and_entity_pages(site: Path, seed_out: Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    expected = coverage(load_corpus(SEEDS).articles[0])
    covered, total = len(expected.covered), len(expected.covered) + len(expected.uncovered)
    assert f"{covered}/{total}" in index
    assert f'href="article/{ARTICLE}.html"' in index
    assert 'href="ontology/index.html"' in index and (site / "ontology" / "index.html").is_file()
    entities = extract(union(seed_out)).entities
    assert sorted(p.stem for p in (site / "entity").glob("*.html")) == sorted(
        slug(e.id) for e in entities)
    belarus = (site / "entity" / "belarus.html").read_text("utf-8")
    assert "Q184" in belarus and f"../article/{ARTICLE}.html#c-" in belarus
    assert not re.search(r'(?:src|href)="(?:https?:)?//(?!www\.wikidata\.org)', index + belarus)


def test_the_site_is_byte_identical_on_every_run(site: Path, seed_out: Path,
                                                 tmp_path: Path) -> None:
    """Another process, another hash seed, the command line: the same bytes."""
    again = tmp_path / "again"
    subprocess.run([sys.executable, "-m", "irkg", "review", str(seed_out), "--seeds", str(SEEDS),
                    "--out", str(again)], check=True, capture_output=True,
                   env={**os.environ, "PYTHONHASHSEED": "12345"})

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file()}

    assert files(again) == files(site)


def _edited(seed_out: Path, tmp_path: Path, file: str, old: str, new: str) -> Path:
    out = tmp_path / "out"
    shutil.copytree(seed_out, out)
    path = out / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return out


def test_hostile_labels_are_escaped(seed_out: Path, tmp_path: Path) -> None:
    out = _edited(seed_out, tmp_path, "registry.ttl", 'rdfs:label "Belarus"@en',
                  f'rdfs:label "{HOSTILE}"@en')
    build_site(out, SEEDS, tmp_path / "site", "fast", ontology_docs=False)
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<script>alert" not in html and "<img" not in html
    article = (tmp_path / "site" / "article" / f"{ARTICLE}.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article  # in the table
    assert "\\u003cscript\\u003ealert(1)" in article  # in the script's data


def test_hostile_quotes_and_titles_are_escaped() -> None:
    article, site = hostile_article()
    html = article_page(article, site)
    assert "<script>alert" not in html and "<img" not in html
    assert html.count("</script>") == 2  # the data block's and the page script's own
    quote = article.claims[0].evidence[0].quote
    assert HOSTILE in quote and marks(html).text["e1"] == quote


@pytest.mark.parametrize("old, new, marked, says", [
    ("irkg:stanceType stance:support", "irkg:stanceType stance:nonsense", True,
     "stance type"),
    ('oa:start "4527"', 'oa:start "4528"', False, "is not the article&#x27;s text at 4528-4618"),
], ids=["bad-value", "wrong-offset"])
def test_a_graph_that_does_not_conform_is_shown_with_its_findings(
        seed_out: Path, tmp_path: Path, old: str, new: str, marked: bool, says: str) -> None:
    out = _edited(seed_out, tmp_path, f"articles/{ARTICLE}.ttl", old, new)
    result = CliRunner().invoke(main, ["review", str(out), "--seeds", str(SEEDS),
                                       "--out", str(tmp_path / "site"), "--no-ontology"])
    assert result.exit_code == 0, result.output
    assert "does not conform" in result.output
    article = (tmp_path / "site" / "article" / f"{ARTICLE}.html").read_text("utf-8")
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    for page in (article, index):
        assert '<div class="banner" role="alert">' in page
    assert bool(re.search(r'<mark class="ev [^"]*\bbad\b', article)) == marked
    assert 'id="findings"' in article and 'id="findings"' in index
    assert says in article
    marks(article)  # still well-formed


def test_a_changed_text_is_refused(seed_out: Path, seeds_copy: Path, tmp_path: Path) -> None:
    text = seeds_copy / f"{ARTICLE}.txt"
    text.write_text(text.read_text("utf-8").replace("Belarus", "Belarvs", 1), "utf-8")
    result = CliRunner().invoke(main, ["review", str(seed_out), "--seeds", str(seeds_copy),
                                       "--out", str(tmp_path / "site"), "--no-ontology"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "is not the text the graph was built from" in result.output
    assert not (tmp_path / "site").exists()


def test_a_missing_text_is_an_input_error(seed_out: Path, tmp_path: Path) -> None:
    with pytest.raises(IrkgError, match="cannot read the text of article"):
        build_site(seed_out, tmp_path, tmp_path / "site", "fast", ontology_docs=False)


def test_stale_pages_are_removed(site: Path, seed_out: Path, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    shutil.copytree(site, folder)
    (folder / "entity" / "gone.html").write_text("old", "utf-8")
    build_site(seed_out, SEEDS, folder, "fast", ontology_docs=False)
    assert not (folder / "entity" / "gone.html").exists()


@pytest.fixture(scope="module")
def page(site: Path) -> str:
    return (site / "article" / f"{ARTICLE}.html").read_text("utf-8")


@pytest.mark.parametrize(("key", "says", "badge"), [
    ("stance-lukashenko-never-questioned-csto", "NOT opposition", "ax-negated"),
    ("fact-belarus-eu-working-relationship", "MUST working-relationship", "ax-modal"),
    ("stance-expect-no-merger", "WILL NOT expectation", "ax-negated"),
    ("fact-decision-would-have-come-earlier", "WOULD", "ax-modal"),
    ("stance-russia-ready-to-pressure-minsk", "INTENDS pressure", "ax-modal"),
    ("stance-lukashenko-already-paid", "PARTLY accommodation", "ax-scope"),
    ("stance-kremlin-wants-stability-for-now", "FOR NOW interest", "ax-scope"),
    ("stance-relations-unpredictable", "assessment → continuing", "ax-trend"),
])
def test_what_qualifies_a_claim_is_a_visible_label_in_its_row(
        page: str, key: str, says: str, badge: str) -> None:
    found = row(page, key)
    assert plain_text(cell(found, "says")) == says
    assert f'class="badge {badge}"' in found


def test_a_plain_claim_has_no_label_and_a_qualified_one_is_marked(page: str) -> None:
    plain = row(page, "fact-belarus-member-of-csto")
    assert "badge" not in cell(plain, "says") and 'class="qualified"' not in plain
    negated = row(page, "stance-lukashenko-never-questioned-csto")
    assert 'class="qualified"' in negated and 'data-polarity="negated"' in negated
    assert 'data-modality="predicted"' in row(page, "stance-expect-no-merger")
    assert '<select data-filter="polarity">' in page and '<select data-filter="modality">' in page


@pytest.mark.parametrize(("key", "chain", "told"), [
    ("stance-speculation-concessions-promised",
     ["Dzianis Melyantsou", "→ reported unnamed observers"], ""),
    ("stance-protests-presented-as-anti-russian",
     ["Dzianis Melyantsou", "→ reported unnamed"], "told to Vladimir Putin"),
    ("stance-no-equal-conditions-no-union",
     ["Dzianis Melyantsou", "→ reported Alexander Lukashenko"], ""),
    ("fact-foreign-agent-target", ["The Moscow Times"], ""),
    ("stance-kremlin-wants-stability-for-now", ["unnamed"], ""),
    ("fact-belarus-member-of-csto", ["Dzianis Melyantsou"], ""),
])
def test_the_chain_of_sources_is_shown_outermost_first(
        page: str, key: str, chain: list[str], told: str) -> None:
    sources = cell(row(page, key), "sources")
    items = re.findall(r"<li>(.*?)</li>", sources.split('<ol class="chain"', 1)[1])
    assert [plain_text(i) for i in items] == chain
    assert all('class="badge ax-reported"' in i for i in items[1:])
    assert (told in plain_text(sources)) if told else "told to" not in sources


def test_claims_quoted_from_a_layer_say_so(page: str) -> None:
    appeal = cell(row(page, "fact-foreign-agent-target"), "sources")
    assert '<a class="badge ax-layer" href="#layer-2"' in appeal
    standfirst = cell(row(page, "stance-kremlin-wants-stability-for-now"), "sources")
    assert '<a class="badge ax-layer" href="#layer-1"' in standfirst
    assert "ax-layer" not in cell(row(page, "fact-belarus-member-of-csto"), "sources")


def test_links_between_claims_go_to_the_other_claims_row(page: str) -> None:
    demanded = row(page, "stance-kremlin-demanded-single-economic-space")
    assert re.search(r'in exchange for</span> <a class="claim-link" '
                     r'href="#c-stance-kremlin-offered-election-support">'
                     r"kremlin-offered-election-support</a>", demanded)
    conditional = plain_text(row(page, "stance-no-equal-conditions-no-union"))
    assert ("if minsk-demands-end-of-trade-restrictions, minsk-demands-energy-access"
            in conditional)
    about = row(page, "stance-merger-fears-unfounded")
    assert '>claim <a class="claim-link" href="#c-stance-feared-hostile-merger">' in about
    assert "replaces irritation-before-election" in plain_text(
        row(page, "fact-cooperation-after-election"))
    targets = re.findall(r'<a class="claim-link" href="#c-([^"]+)"', page)
    assert len(targets) >= 18 and all(f'<tr id="c-{t}"' in page for t in targets)


def test_quantities_are_shown_with_their_words(page: str) -> None:
    nine = row(page, "stance-no-concessions-made")
    assert '<span class="qty">nearly 9 months</span> <q>nearly nine months</q>' in nine
    assert '<span class="qty">nearly 9 months</span> <q>nearly nine months</q>' in row(
        page, "stance-no-constitutional-reform-made")


def test_text_layers_are_marked_apart_from_body_and_boilerplate(page: str,
                                                                 seed_out: Path) -> None:
    layers = {x.layer: x for x in extract(union(seed_out)).layers}
    parsed = Classed()
    parsed.feed(page)
    assert parsed.text["l-appeal"] == layers["appeal"].quote
    assert parsed.text["l-standfirst"] == layers["standfirst"].quote
    # the appeal is also boilerplate; the standfirst is not; boilerplate outside them is neither
    assert all("boiler" in c for c, _ in parsed.runs if "l-appeal" in c)
    assert not any("boiler" in c for c, _ in parsed.runs if "l-standfirst" in c)
    assert parsed.text["boiler"].startswith("Support The Moscow Times!")
    assert not any("layer" in c for c, t in parsed.runs if "Support The Moscow Times!" in t)
    assert ('<span class="layer-label l-appeal" id="layer-2" data-label="appeal · '
            'The Moscow Times · not before 2023-11-17"></span>') in page
    assert 'id="layer-1" data-label="standfirst · speaker not named"' in page
    listed = plain_text(page.split('<section id="layers"', 1)[1].split("</section>", 1)[0])
    assert "appeal spoken by The Moscow Times, written not before 2023-11-17" in listed
    assert "standfirst speaker not named" in listed and "4 claim(s) quote it" in listed
    assert "appeal (not the author's words)</li>" in page  # in the legend


def test_tooltips_and_the_network_never_show_a_qualified_stance_as_plain(page: str) -> None:
    data = json.loads(page.split('id="irkg-data">', 1)[1].split("</script>", 1)[0])
    labels = {k: v["label"] for k, v in data["claims"].items()}
    assert "Alexander Lukashenko — NOT opposition → Collective Security Treaty Organization" in (
        labels["stance-lukashenko-never-questioned-csto"])
    assert labels["stance-speculation-concessions-promised"].startswith(
        "stance: according to unnamed observers: ")
    edges = re.findall(r'<path class="edge (\w+)"[^>]*><title>([^<]*)</title>', page)
    titles = {t: c for c, t in edges}
    assert titles["Alexander Lukashenko → Collective Security Treaty Organization: "
                  "NOT opposition"] == "not"
    # only the scope ("PARTLY", "FOR NOW") may qualify a stance drawn as for or against
    qualifier = re.compile(r"\b(NOT|MAY|MUST|WILL|WOULD|INTENDS)\b|reported|hedged|speculative")
    assert {c for c, t in edges if qualifier.search(t)} == {"not", "qual"}
    assert not [t for c, t in edges if c in ("pos", "neg", "other") and qualifier.search(t)]
    assert titles["Russia → stability and predictability in Belarus: FOR NOW interest"] == "pos"
    assert "negated (the text says it is not so)" in page


def test_entity_pages_label_what_qualifies_each_claim(site: Path) -> None:
    csto = (site / "entity" / "csto.html").read_text("utf-8")
    found = re.search(r"<tr>(?:(?!</tr>).)*#c-stance-lukashenko-never-questioned-csto.*?</tr>",
                      csto)
    assert found
    assert ('<span class="badge ax-negated" title="polarity: negated — the text says this is '
            'not so">NOT</span>') in found.group(0)
    assert "NOT opposition → Collective Security Treaty Organization" in plain_text(
        found.group(0))
