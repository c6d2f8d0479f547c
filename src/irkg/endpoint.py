"""A client for any SPARQL 1.1 server: Protocol for queries and updates, Graph Store for uploads.

Only the standard library: urllib already does digest authentication and
the netrc module reads credentials, so a dependency would add nothing.
Passwords come from the environment or a netrc file, never the command line,
where every other user of the machine could read them in the process list.
Requests that are safe to repeat (queries, Graph Store PUTs) are retried with
backoff on connection errors and 5xx; an update is retried only when it
cannot have reached the server, because repeating one that did could undo it.
"""

from __future__ import annotations

import base64
import http.client
import json
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from irkg.errors import Location, StoreError
from irkg.results import Answer, Query

ENV_USER, ENV_PASSWORD = "IRKG_SPARQL_USER", "IRKG_SPARQL_PASSWORD"
AUTH_SCHEMES = ("basic", "digest")
_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
           "text/turtle;q=0.8")
_FORM = "application/x-www-form-urlencoded; charset=utf-8"
#: Bytes of a graph file read and sent at a time.
CHUNK = 1 << 20
_GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                "text/turtle": ox.RdfFormat.TURTLE, "text/plain": ox.RdfFormat.N_TRIPLES}


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = ""


def find_credentials(url: str, env: Mapping[str, str] = os.environ) -> Credentials | None:
    """From IRKG_SPARQL_USER/IRKG_SPARQL_PASSWORD, else the netrc entry for the URL's host."""
    if env.get(ENV_USER):
        return Credentials(env[ENV_USER], env.get(ENV_PASSWORD, ""))
    path = Path(env.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise StoreError(f"cannot read the netrc file: {exc}", "fix or remove it") from None
    return Credentials(entry[0], entry[2] or "") if entry else None


@dataclass(frozen=True)
class Endpoint:
    """Where a server takes queries, updates and Graph Store requests, and how to talk to it."""

    query_url: str
    update_url: str
    gsp_url: str
    auth: str = "basic"
    credentials: Credentials | None = None
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0

    @staticmethod
    def of(base: str | None, query_url: str | None = None, update_url: str | None = None,
           gsp_url: str | None = None, auth: str = "basic", timeout: float = 60.0,
           retries: int = 3, backoff: float = 1.0) -> Endpoint:
        """URLs not given explicitly follow Oxigraph's layout under ``base``:
        ``/query``, ``/update`` and ``/store``; without ``base`` they stay unset
        until a request needs them."""
        root = (base or "").rstrip("/")
        urls = [url or (f"{root}/{name}" if root else "") for url, name in
                ((query_url, "query"), (update_url, "update"), (gsp_url, "store"))]
        for url in filter(None, urls):
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise StoreError(f"{url} is not an http(s) URL",
                                 "pass the server's URL, e.g. http://localhost:7878")
        found = find_credentials(next(filter(None, urls), ""))
        return Endpoint(urls[0], urls[1], urls[2], auth=auth, credentials=found,
                        timeout=timeout, retries=retries, backoff=backoff)

    def url(self, service: str) -> str:
        """``service`` is ``query``, ``update`` or ``store``."""
        url = {"query": self.query_url, "update": self.update_url, "store": self.gsp_url}[service]
        if not url:
            flag = "--gsp-url" if service == "store" else f"--{service}-url"
            raise StoreError(f"no {service} URL for the SPARQL server",
                             f"pass --endpoint URL or {flag}")
        return url


class FileBody:
    """A request body read from a file in chunks, from the start each time it is sent.

    A body that urllib iterates goes out chunk by chunk, never whole in memory;
    and a retry, or the second request of digest authentication, sends it
    again from the start, where a file object would already be at its end.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size

    def __iter__(self) -> Iterator[bytes]:
        with open(self.path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                yield chunk


def _fix_for(code: int) -> str:
    if code in (401, 403):
        return (f"set {ENV_USER} and {ENV_PASSWORD} (or a netrc entry) with write access "
                "and check --auth basic|digest")
    if code in (404, 405):
        return "check the server URLs (--endpoint, --query-url, --update-url, --gsp-url)"
    return "check the request and the server's log"


class Client:
    """One server's SPARQL 1.1 Protocol and Graph Store Protocol."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        handlers: list[urllib.request.BaseHandler] = []
        creds = endpoint.credentials
        if creds and endpoint.auth == "digest":
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in filter(None, (endpoint.query_url, endpoint.update_url, endpoint.gsp_url)):
                passwords.add_password(None, url, creds.user, creds.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
        self._opener = urllib.request.build_opener(*handlers)
        self._basic = ""
        if creds and endpoint.auth == "basic":
            token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode("ascii")
            self._basic = f"Basic {token}"

    def request(self, method: str, url: str, body: bytes | Iterable[bytes] | None,
                headers: dict[str, str], idempotent: bool,
                where: Location | None = None) -> tuple[str, bytes]:
        """Send one request; returns (content type, body) or raises a one-line StoreError."""
        if self._basic:
            headers = {**headers, "Authorization": self._basic}
        shown = url.split("?", 1)[0]
        for attempt in range(self.endpoint.retries + 1):
            last = attempt == self.endpoint.retries
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with self._opener.open(req, timeout=self.endpoint.timeout) as resp:
                    return resp.headers.get_content_type(), resp.read()
            except urllib.error.HTTPError as exc:
                text = exc.read().decode("utf-8", "replace")
                if exc.code >= 500 and not last and (idempotent or exc.code == 503):
                    time.sleep(self.endpoint.backoff * 2 ** attempt)
                    continue
                detail = " ".join(text.split())[:300] or exc.reason
                raise StoreError(f"{method} {shown} failed with HTTP {exc.code}: {detail}",
                                 _fix_for(exc.code), where) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                unsent = isinstance(reason, ConnectionRefusedError)
                if not last and (idempotent or unsent):
                    time.sleep(self.endpoint.backoff * 2 ** attempt)
                    continue
                raise StoreError(f"{method} {shown} failed: {reason or type(exc).__name__}",
                                 "check that the server is running and reachable") from None
        raise AssertionError("unreachable")

    def query(self, q: Query) -> Answer:
        form = urllib.parse.urlencode({"query": q.text}).encode("utf-8")
        ctype, data = self.request("POST", self.endpoint.url("query"), form,
                                   {"Content-Type": _FORM, "Accept": _ACCEPT}, idempotent=True,
                                   where=Location(q.source))
        if ctype in _GRAPH_TYPES:
            try:
                triples = ox.parse(data, format=_GRAPH_TYPES[ctype])
                text = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
            except SyntaxError as exc:
                raise StoreError(f"the server sent unreadable {ctype}: {exc}",
                                 "check --query-url") from None
            return Answer("graph", text.encode("utf-8"))
        try:
            doc = json.loads(data)
        except ValueError:
            raise StoreError(f"the server answered {ctype or 'untyped data'}, not SPARQL results",
                             "check --query-url points at the SPARQL query service") from None
        return Answer("ask" if "boolean" in doc else "select", data)

    def select(self, text: str) -> list[dict[str, str]]:
        """Rows of a SELECT as plain strings, for the checks a load makes."""
        doc = json.loads(self.query(Query(text, "query")).data)
        return [{k: v["value"] for k, v in row.items()} for row in doc["results"]["bindings"]]

    def update(self, text: str) -> None:
        form = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self.request("POST", self.endpoint.url("update"), form, {"Content-Type": _FORM},
                     idempotent=False)

    def put_graph(self, graph: str, source: Path) -> None:
        """Replace ``graph`` with the Turtle (or N-Triples) file ``source``: a Graph Store PUT.

        Its length is sent up front rather than the body chunked, which not every
        server takes.
        """
        store = self.endpoint.url("store")
        sep = "&" if "?" in store else "?"
        url = f"{store}{sep}{urllib.parse.urlencode({'graph': graph})}"
        body = FileBody(source)
        self.request("PUT", url, body, {"Content-Type": "text/turtle; charset=utf-8",
                                        "Content-Length": str(body.size)}, idempotent=True)
