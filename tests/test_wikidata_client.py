"""The Wikidata client against a local server speaking the Action API's format."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from irkg.errors import WikidataError
from irkg.wikidata.client import Politeness, WikidataClient
from wikidata_fake import FAILURES, FakeWikidata, closed_port_url, item, serve

# Tiny waits: Retry-After and backoff are honoured but capped by max_wait.
FAST = Politeness(timeout=0.3, retries=3, backoff=0.001, max_wait=0.01)


@pytest.fixture
def wikidata() -> Iterator[FakeWikidata]:
    fake = FakeWikidata()
    fake.add(item("Q184", "Belarus", revision=41, aliases=("Republic of Belarus",)),
             item("Q159", "Russia", revision=42))
    yield from serve(fake)


def client(fake: FakeWikidata, politeness: Politeness = FAST) -> WikidataClient:
    return WikidataClient(fake.url, politeness)


def test_get_entities_sends_a_polite_request(wikidata: FakeWikidata) -> None:
    found = client(wikidata).get_entities(["Q184", "Q159"])
    assert found["Q184"]["labels"]["en"]["value"] == "Belarus"
    assert found["Q184"]["lastrevid"] == 41
    params, headers = wikidata.requests[0]
    assert params["action"] == "wbgetentities"
    assert params["ids"] == "Q159|Q184"
    assert params["maxlag"] == "5"
    assert params["format"] == "json"
    agent = headers["User-Agent"]
    assert agent.startswith("irkg/") and "https://w3id.org/irkg" in agent


def test_ids_are_batched_by_fifty(wikidata: FakeWikidata) -> None:
    ids = [f"Q{n}" for n in range(1000, 1120)]
    found = client(wikidata).get_entities(ids)
    assert sorted(found) == sorted(ids)
    sizes = [len(p["ids"].split("|")) for p, _ in wikidata.requests]
    assert sizes == [50, 50, 20]


def test_redirect_is_returned_under_the_requested_id(wikidata: FakeWikidata) -> None:
    wikidata.redirects["Q999184"] = "Q184"
    found = client(wikidata).get_entities(["Q999184"])
    assert found["Q999184"]["id"] == "Q184"
    assert found["Q999184"]["redirects"] == {"from": "Q999184", "to": "Q184"}


def test_missing_item_is_reported_as_missing(wikidata: FakeWikidata) -> None:
    found = client(wikidata).get_entities(["Q404404404"])
    assert "missing" in found["Q404404404"]


@pytest.mark.parametrize("failure", FAILURES)
def test_transient_failure_is_retried(wikidata: FakeWikidata, failure: str) -> None:
    wikidata.failures = [failure]
    found = client(wikidata).get_entities(["Q184"])
    assert found["Q184"]["id"] == "Q184"
    assert len(wikidata.requests) == 2


def test_retries_are_bounded(wikidata: FakeWikidata) -> None:
    wikidata.failures = ["503"] * 10
    with pytest.raises(WikidataError, match=r"HTTP 503\) after 4 attempts"):
        client(wikidata).get_entities(["Q184"])
    assert len(wikidata.requests) == 4  # one try and FAST.retries retries


def test_persistent_maxlag_gives_up_with_one_clear_error(wikidata: FakeWikidata) -> None:
    wikidata.failures = ["maxlag"] * 10
    with pytest.raises(WikidataError, match="server lag 7s"):
        client(wikidata).get_entities(["Q184"])


def test_api_error_is_not_retried(wikidata: FakeWikidata) -> None:
    with pytest.raises(WikidataError, match="badvalue"):
        client(wikidata).call({"action": "nonsense"})
    assert len(wikidata.requests) == 1


def test_unreachable_server_is_an_error_not_a_hang() -> None:
    unreachable = WikidataClient(closed_port_url(), FAST)
    with pytest.raises(WikidataError, match="network"):
        unreachable.get_entities(["Q184"])


def test_search_returns_hits_with_label_and_description(wikidata: FakeWikidata) -> None:
    wikidata.add(item("Q90000001", "Belarusian election", description="vote in Belarus"))
    wikidata.searches["Belarusian election"] = ["Q90000001"]
    hits = client(wikidata).search("Belarusian election")
    assert [(h["id"], h["label"], h["description"]) for h in hits] == [
        ("Q90000001", "Belarusian election", "vote in Belarus")]
    params, _ = wikidata.requests[0]
    assert params["action"] == "wbsearchentities" and params["language"] == "en"
