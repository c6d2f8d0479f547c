"""HTTP between irkg and a server, bent on purpose: a proxy that cuts uploads, demands
credentials, drops requests or their answers; and a server that misbehaves.

Both speak just enough HTTP/1.1 (one request per connection, which is what irkg
sends) and listen on 127.0.0.1 at a port of their own.
"""

from __future__ import annotations

import base64
import hashlib
import re
import socket
import threading
import urllib.parse
from collections.abc import Callable

REALM, NONCE = "irkg-test", "5f3a1c0b9d"


def _read_request(conn: socket.socket) -> tuple[str, dict[str, str], bytes, bytes]:
    """(request line, headers, raw head, body) of one request."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return lines[0], headers, head + b"\r\n\r\n", body


def basic_ok(user: str, password: str) -> Callable[[str, dict[str, str]], bool]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return lambda _line, headers: headers.get("authorization") == f"Basic {token}"


def digest_ok(user: str, password: str) -> Callable[[str, dict[str, str]], bool]:
    """RFC 7616 digest with qop=auth and MD5, as urllib answers it."""
    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def check(line: str, headers: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        if not auth.startswith("Digest "):
            return False
        f = dict(re.findall(r'(\w+)="?([^",]*)"?', auth))
        method, uri = line.split(" ")[:2]
        ha1, ha2 = md5(f"{user}:{REALM}:{password}"), md5(f"{method}:{f.get('uri')}")
        expected = md5(f"{ha1}:{NONCE}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
        return f.get("username") == user and f.get("uri") == uri and f.get("response") == expected
    return check


class _Listener:
    """A socket on 127.0.0.1 at a free port, each connection handled on a thread of its own."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.sock.close()


class Proxy(_Listener):
    """Forwards to ``upstream``; may cut PUT uploads half-way or demand credentials.

    ``cut_puts`` is how many PUTs to cut (-1: all of them); ``auth`` is
    ("basic"|"digest", check) to answer 401 until ``check`` accepts a request;
    ``hook`` is called with each request's number (from 1) and line before it is
    forwarded, and when it returns True the request is dropped instead; the answers
    to the requests numbered in ``mute`` are not passed on (the server did the work).
    """

    def __init__(self, upstream: int, cut_puts: int = 0,
                 auth: tuple[str, Callable[[str, dict[str, str]], bool]] | None = None,
                 hook: Callable[[int, str], bool] | None = None) -> None:
        self.upstream, self.cut_puts, self.auth, self.hook = upstream, cut_puts, auth, hook
        self.seen: list[str] = []
        self.mute: set[int] = set()
        super().__init__()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            line, headers, head, body = _read_request(conn)
            self.seen.append(line.split(" ")[0])
            if self.hook and self.hook(len(self.seen), line):
                return
            if self.auth and not self.auth[1](line, headers):
                challenge = (f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth", '
                             'algorithm=MD5' if self.auth[0] == "digest"
                             else f'Basic realm="{REALM}"')
                conn.sendall(b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: "
                             + challenge.encode() + b"\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")
                return
            with socket.create_connection(("127.0.0.1", self.upstream)) as up:
                if line.startswith("PUT ") and self.cut_puts:
                    self.cut_puts -= 1
                    up.sendall(head + body[: len(body) // 2])
                    return  # both connections close with the upload half sent
                up.sendall(head + body)
                while chunk := up.recv(65536):
                    if len(self.seen) in self.mute:
                        return  # the server answered: it did the work
                    conn.sendall(chunk)


class Misbehaving(_Listener):
    """Answers every request in one wrong way: ``garbage`` (200 with something that is not
    SPARQL results), ``silent`` (never a byte), ``drip`` (a byte every half second, for ever), or
    with ``answers``, canned JSON for SELECT and ASK queries (recording each update)."""

    def __init__(self, mode: str, answers: Callable[[str], bytes] | None = None) -> None:
        self.mode, self.answers = mode, answers
        self.updates: list[str] = []
        self.closed = threading.Event()
        super().__init__()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            _line, _headers, _head, body = _read_request(conn)
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            if self.mode == "silent":
                self.closed.wait(600)
                return
            if self.mode == "drip":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 1000\r\n\r\n")
                while not self.closed.wait(0.5):
                    try:
                        conn.sendall(b" ")
                    except OSError:
                        return
                return
            if "update" in form:
                self.updates.append(form["update"][0])
                data = b""
            elif self.answers is not None:
                data = self.answers(form.get("query", [""])[0])
            else:
                data = b'{"head": {"vars": ["g"]}, "results": {"bindings": [{"x": 1}]}}'
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                         b"\r\nContent-Length: " + str(len(data)).encode()
                         + b"\r\nConnection: close\r\n\r\n" + data)

    def close(self) -> None:
        self.closed.set()
        super().close()
