"""A small, polite client for the Wikidata Action API.

It follows the Wikimedia API etiquette: a descriptive User-Agent, ``maxlag``
so that we back off when the servers are under load, ``Retry-After`` honoured,
one request at a time, ids batched by 50, timeouts, and a bounded number of
retries with exponential backoff. The base URL and every wait are ordinary
parameters, so tests run it unchanged against a local server.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from irkg import __version__
from irkg.errors import WikidataError

API_URL = "https://www.wikidata.org/w/api.php"
USER_AGENT = f"irkg/{__version__} (https://w3id.org/irkg; knowledge graph entity linking)"
BATCH = 50
_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Politeness:
    """How long to wait and how often to try; production defaults, tests shrink them."""

    timeout: float = 30.0
    retries: int = 4
    backoff: float = 2.0
    max_wait: float = 120.0
    maxlag: int = 5


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP-date; fall back to our own backoff


class WikidataClient:
    """Reads entities and searches labels; every call is one GET, retried politely."""

    def __init__(self, api_url: str = API_URL, politeness: Politeness | None = None,
                 user_agent: str = USER_AGENT) -> None:
        self.api_url = api_url
        self.politeness = politeness or Politeness()
        self.user_agent = user_agent
        self._lock = threading.Lock()  # one request at a time, even if shared

    # ------------------------------------------------------------ API calls

    def get_entities(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Entity JSON by requested id, ``wbgetentities`` in batches of 50.

        A redirected id maps to the target's entity (which carries
        ``redirects``); a missing id maps to Wikidata's ``{"missing": ""}`` stub.
        """
        wanted = sorted(set(ids), key=lambda q: (len(q), q))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start:start + BATCH]
            data = self.call({"action": "wbgetentities", "ids": "|".join(batch),
                              "props": "info|labels|descriptions|aliases|claims",
                              "languages": "en"})
            entities = data.get("entities")
            if not isinstance(entities, dict):
                raise WikidataError("wbgetentities answered without 'entities'",
                                    "check the API URL")
            for key, entity in entities.items():
                redirect = entity.get("redirects") if isinstance(entity, dict) else None
                source = redirect.get("from", key) if isinstance(redirect, dict) else key
                found[str(source)] = entity
        return found

    def search(self, text: str, language: str = "en", limit: int = 7) -> list[dict[str, Any]]:
        """``wbsearchentities`` hits for ``text``: id, label, description, match."""
        data = self.call({"action": "wbsearchentities", "search": text, "language": language,
                          "uselang": language, "type": "item", "limit": str(limit)})
        hits = data.get("search")
        if not isinstance(hits, list):
            raise WikidataError("wbsearchentities answered without 'search'",
                                "check the API URL")
        return [h for h in hits if isinstance(h, dict)]

    # ------------------------------------------------------------ transport

    def call(self, params: dict[str, str]) -> dict[str, Any]:
        query = dict(params, format="json", maxlag=str(self.politeness.maxlag))
        url = f"{self.api_url}?{urllib.parse.urlencode(sorted(query.items()))}"
        with self._lock:
            attempt = 0
            while True:
                try:
                    return self._once(url)
                except _Retry as retry:
                    attempt += 1
                    if attempt > self.politeness.retries:
                        raise WikidataError(
                            f"Wikidata did not answer ({retry.reason}) after "
                            f"{attempt} attempts", "try again later") from None
                    own = self.politeness.backoff * 2 ** (attempt - 1)
                    wait = retry.wait if retry.wait is not None else own
                    time.sleep(min(wait, self.politeness.max_wait))

    def _once(self, url: str) -> dict[str, Any]:
        request = urllib.request.Request(url, headers={
            "User-Agent": self.user_agent, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.politeness.timeout) as response:
                body = response.read()
                retry_after = _seconds(response.headers.get("Retry-After"))
        except urllib.error.HTTPError as exc:
            wait = _seconds(exc.headers.get("Retry-After")) if exc.headers else None
            if exc.code in _RETRY_STATUS:
                raise _Retry(f"HTTP {exc.code}", wait) from None
            raise WikidataError(f"Wikidata answered HTTP {exc.code} for {url}",
                                "check the API URL and parameters") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Retry(f"network: {reason}", None) from None
        try:
            data = json.loads(body)
        except ValueError:
            raise _Retry("a reply that is not JSON", retry_after) from None
        if not isinstance(data, dict):
            raise WikidataError("Wikidata answered with something that is not a JSON object",
                                "check the API URL")
        error = data.get("error")
        if isinstance(error, dict):
            if error.get("code") == "maxlag":
                lag = _seconds(str(error.get("lag"))) if "lag" in error else None
                raise _Retry(f"server lag {error.get('lag', '?')}s",
                             retry_after if retry_after is not None else lag)
            raise WikidataError(f"Wikidata API error {error.get('code')}: {error.get('info')}",
                                "check the ids and parameters")
        return data
