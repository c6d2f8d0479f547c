"""The review site in a real browser: headless Chromium from Debian, driven by Selenium.

The pages are opened from disk (``file://``), as a reviewer opens them. One
browser serves the whole module. Screenshots go to ``$IRKG_TEST_ARTIFACTS``
when it is set (CI keeps them), else to a temporary folder; never into the
repository.

What qualifies a claim is checked as a reader sees it: the labels' rendered
text and contrast, a link from one claim to another, and the text layers'
labels, which the stylesheet draws without adding to the article's text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement

from conftest import SEEDS, union
from irkg.claims import extract
from irkg.review.html import slug
from irkg.review.site import build_site, write_site
from review_pages import hostile_article, synthetic_site

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTICLE = "000_0b4d5d3e6978a53b"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")

#: For every evidence id on the page: its claim, its text (the marks carrying it,
#: joined), its offset in code points, and whether its marks are contiguous.
SPANS_JS = """
const data = JSON.parse(document.getElementById('irkg-data').textContent);
const root = document.getElementById('article-text');
const found = {};
for (const mark of root.querySelectorAll('mark[data-ev]')) {
  for (const id of mark.dataset.ev.split(' ')) {
    (found[id] = found[id] || []).push(mark);
  }
}
return Object.entries(found).map(([id, marks]) => {
  const before = document.createRange();
  before.setStart(root, 0);
  before.setEndBefore(marks[0]);
  return {claim: data.ev[id], text: marks.map(m => m.textContent).join(''),
          start: Array.from(before.toString()).length,
          contiguous: marks.every((m, i) => i === 0 || marks[i - 1].nextSibling === m)};
});
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run installs chromium and chromium-driver")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install them)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")  # fresh: no state from other runs
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    build_site(seed_out, SEEDS, folder, "fast")
    return folder


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get("IRKG_TEST_ARTIFACTS")
    folder = Path(named) if named else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(driver: WebDriver, page: Path) -> None:
    """Open a page from disk and fail on anything the page logged as an error."""
    driver.get(page.as_uri())
    assert console_errors(driver) == []


def console_errors(driver: WebDriver) -> list[dict[str, Any]]:
    """What the page logged as errors since the last call (the log is read destructively)."""
    log: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry for entry in log if entry["level"] == "SEVERE"]


def attr(element: WebElement, name: str) -> str:
    return element.get_attribute(name) or ""


def run(driver: WebDriver, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def test_every_evidence_span_is_highlighted_at_its_quote(browser: WebDriver, site: Path,
                                                         seed_out: Path) -> None:
    expected = sorted((slug(f"{c.section}-{c.id}"), e.quote, e.start)
                      for c in extract(union(seed_out)).claims for e in c.evidence)
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    spans = run(browser, SPANS_JS)
    assert all(s["contiguous"] for s in spans)
    assert sorted((s["claim"], s["text"], s["start"]) for s in spans) == expected
    assert len(expected) > 100


def _visible(driver: WebDriver, element: Any) -> bool:
    return bool(run(driver, "const r = arguments[0].getBoundingClientRect();"
                            "return r.top >= 0 && r.bottom <= window.innerHeight;", element))


def test_clicking_a_claim_highlights_and_scrolls_to_its_quotes(browser: WebDriver,
                                                                site: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    data = run(browser, "return JSON.parse(document.getElementById('irkg-data').textContent)")
    # the claim whose first quote lies furthest down: reaching it needs a scroll
    key = max(data["claims"], key=lambda k: (int(data["claims"][k]["ev"][0][1:]), k))
    ids = set(data["claims"][key]["ev"])
    wanted = [m for m in browser.find_elements(By.CSS_SELECTOR, "#article-text mark")
              if ids & set(attr(m, "data-ev").split())]
    assert wanted and not _visible(browser, wanted[0])
    button = browser.find_element(By.CSS_SELECTOR, f'button[data-claim="{key}"]')
    run(browser, "arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    active = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.active")
    assert active == wanted
    assert _visible(browser, active[0])
    assert "selected" in attr(browser.find_element(By.ID, f"c-{key}"), "class")
    assert browser.switch_to.active_element == active[0]


def test_keyboard_focus_on_a_quote_shows_its_claims(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    data = run(browser, "return JSON.parse(document.getElementById('irkg-data').textContent)")
    run(browser, "document.querySelector('.hint a').focus()")  # the last stop before the text
    tip = browser.find_element(By.ID, "tip")
    assert not tip.is_displayed()
    for _ in range(3):  # Tab from quote to quote
        browser.switch_to.active_element.send_keys(Keys.TAB)
        mark = browser.switch_to.active_element
        assert mark.tag_name == "mark"
        claims = {data["ev"][i] for i in attr(mark, "data-ev").split()}
        assert tip.is_displayed() and attr(mark, "aria-describedby") == "tip"
        shown = [li.text for li in tip.find_elements(By.TAG_NAME, "li")]
        assert sorted(shown) == sorted(data["claims"][k]["label"] for k in claims)
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert not tip.is_displayed()


def test_filters_narrow_the_claim_table(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    select = browser.find_element(By.CSS_SELECTOR, 'select[data-filter="kind"]')
    run(browser, "arguments[0].scrollIntoView()", select)
    select.send_keys("stance")  # keyboard selection of an option
    rows = browser.find_elements(By.CSS_SELECTOR, "section.claims tbody tr")
    shown = [r for r in rows if r.is_displayed()]
    assert 0 < len(shown) < len(rows)
    assert {attr(r, "data-kind") for r in shown} == {"stance"}


@pytest.mark.parametrize("page, name", [
    (f"article/{ARTICLE}.html", "article"),
    ("entity/belarus.html", "entity"),
    ("index.html", "index"),
    ("ontology/index.html", "ontology"),
])
def test_pages_render_without_errors_and_are_photographed(
        browser: WebDriver, site: Path, artefacts: Path, page: str, name: str) -> None:
    open_page(browser, site / page)
    assert browser.find_element(By.TAG_NAME, "h1").text
    shot = artefacts / f"review-{name}.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_links_between_pages_resolve(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "entity" / "belarus.html")
    link = browser.find_element(By.CSS_SELECTOR, "td a[href*='#c-']")
    key = attr(link, "href").rsplit("#c-", 1)[1]
    link.click()
    assert browser.current_url.startswith((site / "article").as_uri())
    assert browser.find_elements(By.CSS_SELECTOR, "#article-text mark.active")
    assert "selected" in attr(browser.find_element(By.ID, f"c-{key}"), "class")
    assert console_errors(browser) == []


def test_a_long_article_works_in_the_browser(browser: WebDriver, tmp_path: Path) -> None:
    """10,000 words and 1,000 quotes: every quote marked, a claim's quotes found on click."""
    site = synthetic_site()
    write_site(site, tmp_path)
    open_page(browser, tmp_path / "article" / "big.html")
    spans = run(browser, SPANS_JS)
    assert len(spans) == 1000 and all(s["contiguous"] for s in spans)
    expected = {e.id: e.quote for c in site.articles[0].claims for e in c.evidence}
    assert {s["text"] for s in spans} == set(expected.values())
    claim = site.articles[0].claims[-1]
    button = browser.find_element(By.CSS_SELECTOR, f'button[data-claim="{claim.key}"]')
    run(browser, "arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    active = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.active")
    assert "".join(m.text for m in active).replace("\n", " ") != ""
    assert {e for m in active for e in attr(m, "data-ev").split()} >= {
        e.id for e in claim.evidence}


def test_markup_from_the_graph_stays_text(browser: WebDriver, tmp_path: Path) -> None:
    article, site = hostile_article()
    write_site(site, tmp_path)
    for page in (tmp_path / "article" / "a.html", tmp_path / "entity" / "x.html",
                 tmp_path / "index.html"):
        open_page(browser, page)  # an alert() would fail the next command
        assert run(browser, "return document.querySelectorAll('main img').length") == 0
    open_page(browser, tmp_path / "article" / "a.html")
    mark = browser.find_element(By.CSS_SELECTOR, "#article-text mark")
    assert mark.text == article.claims[0].evidence[0].quote


def _contrast(fg: str, bg: str) -> float:
    """WCAG contrast of two computed ``rgb(…)``/``rgba(…)`` colours."""
    def luminance(colour: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"\d+", colour)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _row(driver: WebDriver, key: str) -> WebElement:
    row = driver.find_element(By.ID, f"c-{key}")
    run(driver, "arguments[0].scrollIntoView({block: 'center'})", row)
    return row


@pytest.mark.parametrize(("key", "says"), [
    ("stance-lukashenko-never-questioned-csto", "NOT opposition"),
    ("fact-belarus-eu-working-relationship", "MUST working-relationship"),
    ("stance-expect-no-merger", "WILL NOT expectation"),
    ("stance-lukashenko-already-paid", "PARTLY accommodation"),
])
def test_qualified_claims_read_as_such(browser: WebDriver, site: Path, key: str,
                                       says: str) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    cell = _row(browser, key).find_element(By.CSS_SELECTOR, "td.says")
    assert cell.text == says
    badge = cell.find_element(By.CSS_SELECTOR, ".badge")
    assert badge.is_displayed() and badge.text == says.rsplit(" ", 1)[0].split(" ")[0]
    style = run(browser, "const s = getComputedStyle(arguments[0]);"
                         "return [s.color, s.backgroundColor];", badge)
    assert _contrast(*style) >= 4.5, style


def test_every_label_is_legible(browser: WebDriver, site: Path) -> None:
    """Badges and layer labels: text on their own background, contrast at least 4.5:1."""
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    colours = run(browser, """
      const out = [];
      for (const el of document.querySelectorAll('.badge')) {
        const s = getComputedStyle(el);
        out.push([el.className, s.color, s.backgroundColor]);
      }
      for (const el of document.querySelectorAll('.layer-label')) {
        const s = getComputedStyle(el, '::before');
        out.push([el.className, s.color, s.backgroundColor]);
      }
      return out;""")
    assert len({c for c, _, _ in colours}) >= 8
    assert not [c for c in colours if _contrast(c[1], c[2]) < 4.5]


def test_the_chain_of_sources_reads_outermost_first(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    chain = _row(browser, "stance-speculation-concessions-promised").find_elements(
        By.CSS_SELECTOR, "td.sources ol.chain li")
    assert [li.text for li in chain] == ["Dzianis Melyantsou", "→ reported unnamed observers"]
    told = _row(browser, "stance-protests-presented-as-anti-russian").find_element(
        By.CSS_SELECTOR, "td.sources")
    assert told.text == "unnamed: Dzianis Melyantsou → reported unnamed told to Vladimir Putin"


def test_a_link_to_another_claim_selects_it(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    target = "stance-kremlin-offered-election-support"
    link = _row(browser, "stance-kremlin-demanded-single-economic-space").find_element(
        By.CSS_SELECTOR, f'a.claim-link[href="#c-{target}"]')
    for _ in range(2):  # the second time the hash is already the link's
        link.click()
        assert browser.current_url.endswith(f"#c-{target}")
        assert "selected" in attr(browser.find_element(By.ID, f"c-{target}"), "class")
        active = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.active")
        assert "".join(m.text for m in active) == (
            "in exchange for support in the presidential election")
        other = browser.find_element(By.CSS_SELECTOR,
                                     'button[data-claim="fact-belarus-member-of-csto"]')
        run(browser, "arguments[0].scrollIntoView({block: 'center'})", other)
        other.click()
        assert "selected" not in attr(browser.find_element(By.ID, f"c-{target}"), "class")
        run(browser, "arguments[0].scrollIntoView({block: 'center'})", link)
    assert console_errors(browser) == []


def test_text_layers_are_labelled_in_the_text(browser: WebDriver, site: Path,
                                              artefacts: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    label = browser.find_element(By.ID, "layer-2")
    run(browser, "arguments[0].scrollIntoView({block: 'center'})", label)
    content = run(browser, "return getComputedStyle(arguments[0], '::before').content", label)
    assert content == '"appeal · The Moscow Times · not before 2023-11-17"'
    assert label.size["width"] > 50 and label.text == ""  # drawn, but no text of the article
    browser.save_screenshot(str(artefacts / "review-article-appeal.png"))
    borders = run(browser, """
      const top = sel => getComputedStyle(document.querySelector(sel)).borderTopColor;
      const styleOf = sel => getComputedStyle(document.querySelector(sel)).borderTopStyle;
      return [top('#article-text .layer.l-appeal'), top('#article-text .layer.l-standfirst'),
              styleOf('#article-text mark.ev:not(.layer)')];""")
    assert borders[0] != borders[1] and borders[2] == "none"
    listed = browser.find_element(By.ID, "layers").text
    assert "appeal spoken by The Moscow Times, written not before 2023-11-17" in listed
    assert "standfirst speaker not named" in listed


def test_filters_pick_negated_claims(browser: WebDriver, site: Path) -> None:
    open_page(browser, site / "article" / f"{ARTICLE}.html")
    select = browser.find_element(By.CSS_SELECTOR, 'select[data-filter="polarity"]')
    run(browser, "arguments[0].scrollIntoView()", select)
    select.send_keys("negated")
    shown = [r for r in browser.find_elements(By.CSS_SELECTOR, "section.claims tbody tr")
             if r.is_displayed()]
    assert len(shown) >= 5 and {attr(r, "data-polarity") for r in shown} == {"negated"}
    assert "c-stance-lukashenko-never-questioned-csto" in {attr(r, "id") for r in shown}
    assert all("NOT" in r.find_element(By.CSS_SELECTOR, "td.says").text for r in shown)
