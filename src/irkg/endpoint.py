"""A client for any SPARQL 1.1 server: Protocol for queries and updates, Graph Store for uploads.

Only the standard library (HTTP in :mod:`irkg.transport`); the netrc module
reads credentials. Passwords come from the environment or a netrc file, never
the command line, where every other user of the machine could read them in
the process list. Every request has one deadline for all of it (``timeout``).
Requests that are safe to repeat (queries, uploads, and the updates irkg
marks as such) are retried with backoff on connection errors and HTTP 5xx;
any other update only when it cannot have reached the server (connection
refused, HTTP 503). A request that ran out of time is not sent again: a
server that did not answer in time would only be kept busier. Everything a
server answers is checked before it is used: a 200 with garbage is a server
error, not a crash of irkg.
"""

from __future__ import annotations

import http.client
import json
import netrc
import os
import re
import time
import urllib.parse
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from irkg import transport
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

    A body that is iterated goes out chunk by chunk, never whole in memory; and
    a retry sends it again from the start, where a file object would already
    be at its end. With ``wrap``, each line's second term, an IRI, is sent
    with ``wrap`` before it: how a staging graph is uploaded (see
    :mod:`irkg.remote`). ``lines`` is the file's line count, for the length.
    """

    def __init__(self, path: Path, wrap: str = "", lines: int = 0) -> None:
        self.path = path
        self.wrap = wrap.encode("utf-8")
        self.size = path.stat().st_size + lines * len(self.wrap)

    def __iter__(self) -> Iterator[bytes]:
        with open(self.path, "rb") as fh:
            while chunk := fh.read(CHUNK) + fh.readline():
                # Subjects are IRIs (irkg loads no blank nodes): no space or '>' in them.
                yield _PREDICATE.sub(rb"\1<" + self.wrap, chunk) if self.wrap else chunk


_PREDICATE = re.compile(rb"(?m)^(<[^>\s]*> )<")


def _fix_for(code: int) -> str:
    if code in (401, 403):
        return (f"set {ENV_USER} and {ENV_PASSWORD} (or a netrc entry) for a user with write "
                "access and check --auth basic|digest")
    if 300 <= code < 400:
        return "pass the URL the server redirects to; irkg does not follow redirects"
    if code in (404, 405):
        return "check the server URLs (--endpoint, --query-url, --update-url, --gsp-url)"
    return "check the request and the server's log"


def _refused(endpoint: Endpoint, reply: transport.Reply) -> tuple[str, str]:
    """What to say about a 401: no credentials, the wrong scheme, or a wrong password."""
    asked = [v.split(" ", 1)[0].lower() for v in reply.headers.get_all("WWW-Authenticate") or []]
    creds = endpoint.credentials
    if creds is None:
        return ("the server wants credentials (HTTP 401)",
                f"set {ENV_USER} and {ENV_PASSWORD}, or a netrc entry for its host")
    if asked and endpoint.auth not in asked:
        return (f"the server asks for {' or '.join(asked)} authentication, not {endpoint.auth} "
                "(HTTP 401)", f"pass --auth {asked[0]}")
    return (f"the server refused the password of user {creds.user!r} (HTTP 401)",
            f"check {ENV_PASSWORD} (or the netrc entry) and that the user exists there")


def _garbage(data: bytes, ctype: str) -> str:
    text = " ".join(data[:60].decode("utf-8", "replace").split())
    return f"{ctype or 'untyped data'} ({text!r})" if text else "an empty body"


def _answer(ctype: str, data: bytes) -> Answer | None:
    """The server's answer, checked; None if it is not one. Oxigraph's result objects stay
    in this frame, which no traceback keeps: they must be dropped on this thread."""
    try:
        if ctype in _GRAPH_TYPES:
            triples = ox.parse(data, format=_GRAPH_TYPES[ctype])
            text = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
            return Answer("graph", text.encode("utf-8"))
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QuerySolutions):
            rows = list(parsed)  # every row is read, so a broken one shows here
            if [v.value for v in parsed.variables] == ["__ASK_RETVAL"]:  # Virtuoso's ASK
                yes = bool(rows) and getattr(rows[0][0], "value", "0") != "0"
                return Answer("ask", json.dumps({"head": {}, "boolean": yes}).encode())
        return Answer("select" if isinstance(parsed, ox.QuerySolutions) else "ask", data)
    except (SyntaxError, ValueError):
        return None


class Client:
    """One server's SPARQL 1.1 Protocol and Graph Store Protocol."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        creds = endpoint.credentials
        self._auth = transport.Auth(endpoint.auth, creds.user if creds else None,
                                    creds.password if creds else "")
        #: The ``Server`` header of the last answer: some servers need a step of their own.
        self.server = ""

    def request(self, method: str, url: str, body: bytes | Iterable[bytes] | None,
                headers: dict[str, str], idempotent: bool,
                where: Location | None = None) -> tuple[str, bytes]:
        """Send one request; returns (content type, body) or raises a one-line StoreError."""
        shown = url.split("?", 1)[0]
        # Uploads get a second more per MB, so a large graph is not cut off for its size.
        seconds = self.endpoint.timeout + getattr(body, "size", 0) / (1 << 20)
        for attempt in range(self.endpoint.retries + 1):
            last = attempt == self.endpoint.retries
            try:
                reply = transport.send(method, url, body, headers, self._auth, seconds)
            except transport.Refused as exc:
                what, fix = _refused(self.endpoint, exc.reply)
                raise StoreError(f"{shown}: {method}: {what}", fix, where) from None
            except TimeoutError:
                raise StoreError(f"{shown}: {method} got no complete answer within {seconds:g} s",
                                 "check that the server is up and not overloaded, or raise "
                                 "--timeout", where) from None
            except (OSError, http.client.HTTPException) as exc:
                if not last and (idempotent or isinstance(exc, ConnectionRefusedError)):
                    time.sleep(self.endpoint.backoff * 2 ** attempt)
                    continue
                raise StoreError(f"{shown}: {method} failed: {exc or type(exc).__name__}",
                                 "check that the server is running and reachable", where) from None
            self.server = reply.headers.get("Server", "")
            if 200 <= reply.status < 300:
                return reply.content_type(), reply.data
            if reply.status >= 500 and not last and (idempotent or reply.status == 503):
                time.sleep(self.endpoint.backoff * 2 ** attempt)
                continue
            detail = " ".join(reply.data.decode("utf-8", "replace").split())[:300]
            raise StoreError(f"{shown}: {method} failed with HTTP {reply.status}"
                             + (f": {detail}" if detail else ""), _fix_for(reply.status), where)
        raise AssertionError("unreachable")

    def query(self, q: Query) -> Answer:
        """Answer a user's query; an update is refused before anything is sent."""
        q.refuse_update()
        return self._query(q, Location(q.source))

    def _query(self, q: Query, where: Location | None = None) -> Answer:
        url = self.endpoint.url("query")
        form = urllib.parse.urlencode({"query": q.text}).encode("utf-8")
        ctype, data = self.request("POST", url, form, {"Content-Type": _FORM, "Accept": _ACCEPT},
                                   idempotent=True, where=where)
        answer = _answer(ctype, data)
        if answer is None:
            raise StoreError(f"{url}: the server answered {_garbage(data, ctype)}, not SPARQL "
                             "results", "check --query-url points at the SPARQL query service",
                             where)
        return answer

    def select(self, text: str, need: tuple[str, ...] = ()) -> list[dict[str, str]]:
        """Rows of one of irkg's own SELECTs as plain strings, each binding ``need``."""
        answer = self._query(Query(text, "query"))
        try:
            rows = [{k: v["value"] for k, v in row.items()}
                    for row in json.loads(answer.data)["results"]["bindings"]]
            if any(not isinstance(row.get(name), str) for row in rows for name in need):
                raise ValueError("a variable is unbound")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise StoreError(f"{self.endpoint.url('query')}: the server answered "
                             f"{_garbage(answer.data, 'JSON')}, not the results asked for",
                             "check --query-url points at the SPARQL query service") from None
        return rows

    def ask(self, text: str) -> bool:
        answer = self._query(Query(text, "query"))
        parsed = answer.parsed()
        if not isinstance(parsed, ox.QueryBoolean):
            raise StoreError(f"{self.endpoint.url('query')}: the server answered rows to an ASK",
                             "check --query-url points at the SPARQL query service")
        return bool(parsed)

    def update(self, text: str, idempotent: bool = False) -> None:
        """Run an update; ``idempotent`` when running it twice does what running it once does."""
        form = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self.request("POST", self.endpoint.url("update"), form, {"Content-Type": _FORM},
                     idempotent=idempotent)

    def put_graph(self, graph: str, body: FileBody) -> None:
        """Replace ``graph`` with ``body``, Turtle (or N-Triples): a Graph Store PUT.

        Its length is sent up front rather than the body chunked, which not every
        server takes.
        """
        store = self.endpoint.url("store")
        sep = "&" if "?" in store else "?"
        url = f"{store}{sep}{urllib.parse.urlencode({'graph': graph})}"
        self.request("PUT", url, body, {"Content-Type": "text/turtle; charset=utf-8",
                                        "Content-Length": str(body.size)}, idempotent=True)
