"""``irkg review``: the static review site, read from the built seed graph.

Structure, determinism, escaping, the non-conformance banner and the cost of
a long article are checked here on the HTML; what a browser makes of it is in
``test_review_browser.py``.
"""

from __future__ import annotations

import hashlib
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
