"""A local stand-in for the Wikidata Action API, answering in its wire format.

It serves ``wbgetentities`` and ``wbsearchentities`` JSON as www.wikidata.org
does (format=json), including redirects and missing items, and can be told to
fail the next requests the ways Wikidata does: HTTP 429 with Retry-After, a
``maxlag`` error, a 503, or a reply slower than the client's timeout. It runs
single-threaded on 127.0.0.1, like the one-request-at-a-time client expects.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

FAILURES = ("429", "maxlag", "503", "timeout")


def item(qid: str, label: str, *, revision: int = 1, aliases: tuple[str, ...] = (),
         description: str = "", claims: dict[str, list[dict[str, Any]]] | None = None
         ) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "pageid": int(qid[1:]) + 7, "ns": 0, "title": qid, "lastrevid": revision,
        "modified": "2026-11-20T10:00:00Z", "type": "item", "id": qid,
        "labels": {"en": {"language": "en", "value": label}},
        "descriptions": {"en": {"language": "en", "value": description}} if description else {},
        "aliases": {"en": [{"language": "en", "value": a} for a in aliases]} if aliases else {},
        "claims": claims or {},
        "sitelinks": {},
    }
    return entity


def time_snak(prop: str, value: str, precision: int) -> dict[str, Any]:
    return {"snaktype": "value", "property": prop, "datatype": "time",
            "datavalue": {"type": "time", "value": {
                "time": f"+{value}T00:00:00Z", "timezone": 0, "before": 0, "after": 0,
                "precision": precision,
                "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}}}


def statement(subject: str, prop: str, value: str, *, rank: str = "normal",
              qualifiers: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    st: dict[str, Any] = {
        "mainsnak": {"snaktype": "value", "property": prop, "datatype": "wikibase-item",
                     "datavalue": {"type": "wikibase-entityid", "value": {
                         "entity-type": "item", "numeric-id": int(value[1:]), "id": value}}},
        "type": "statement", "id": f"{subject}$0000-{prop}-{value}", "rank": rank,
        "references": []}
    if qualifiers:
        st["qualifiers"] = qualifiers
        st["qualifiers-order"] = sorted(qualifiers)
    return st


@dataclass
class FakeWikidata:
    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    searches: dict[str, list[str]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # consumed one per request
    requests: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)
    slow: float = 0.6
    url: str = ""

    def add(self, *entities: dict[str, Any]) -> None:
        for e in entities:
            self.entities[e["id"]] = e

    def search_hit(self, qid: str) -> dict[str, Any]:
        e = self.entities[qid]
        label = e["labels"]["en"]["value"]
        hit = {"id": qid, "title": qid, "pageid": e["pageid"], "display": {},
               "repository": "wikidata", "url": f"//www.wikidata.org/wiki/{qid}",
               "concepturi": f"http://www.wikidata.org/entity/{qid}", "label": label,
               "match": {"type": "label", "language": "en", "text": label}}
        if e["descriptions"]:
            hit["description"] = e["descriptions"]["en"]["value"]
        return hit

    def answer(self, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        failure = self.failures.pop(0) if self.failures else None
        if failure == "429":
            return 429, {"Retry-After": "3"}, b"Too many requests"
        if failure == "503":
            return 503, {}, b"Service Unavailable"
        if failure == "timeout":
            time.sleep(self.slow)
        if failure == "maxlag":
            body: dict[str, Any] = {
                "error": {"code": "maxlag", "info": "Waiting for 10.64.0.1: 7 seconds lagged.",
                          "host": "10.64.0.1", "lag": 7, "type": "db",
                          "*": "See https://www.wikidata.org/w/api.php for API usage."},
                "servedby": "mw0000"}
            return 200, {"Retry-After": "5", "X-Database-Lag": "7"}, json.dumps(body).encode()
        action = params.get("action")
        if action == "wbgetentities":
            out: dict[str, Any] = {}
            for qid in params["ids"].split("|"):
                target = self.redirects.get(qid)
                if target:
                    out[target] = dict(self.entities[target],
                                       redirects={"from": qid, "to": target})
                elif qid in self.entities:
                    out[qid] = self.entities[qid]
                else:
                    out[qid] = {"id": qid, "missing": ""}
            body = {"entities": out, "success": 1}
        elif action == "wbsearchentities":
            hits = [self.search_hit(q) for q in self.searches.get(params["search"], [])]
            body = {"searchinfo": {"search": params["search"]}, "search": hits, "success": 1}
        else:
            body = {"error": {"code": "badvalue", "info": "Unrecognized value for action"}}
        return 200, {}, json.dumps(body).encode()


def _handler(fake: FakeWikidata) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = urllib.parse.urlparse(self.path).query
            params = dict(urllib.parse.parse_qsl(query))
            fake.requests.append((params, dict(self.headers.items())))
            status, headers, body = fake.answer(params)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is the timeout case

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class _Server(HTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


def closed_port_url() -> str:
    """An API URL on 127.0.0.1 where nothing listens: any request would fail."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/w/api.php"


def serve(fake: FakeWikidata) -> Iterator[FakeWikidata]:
    server = _Server(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
