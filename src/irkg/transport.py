"""One HTTP exchange with a SPARQL server, within a deadline, with basic or digest credentials.

Built on http.client rather than urllib for two reasons. A socket timeout
restarts with every byte, so a server that sends one byte a second never
times out; here a timer closes the connection when the request's whole time
is up, wherever it is (connecting, sending, waiting for the first byte,
reading). And urllib answers a digest challenge only after sending the body
once without credentials: a server that refuses an upload by closing the
connection then shows up as ``Broken pipe`` instead of a wrong password.
This module fetches the challenge with a request without a body first, and
reads the server's answer even when it stopped reading the upload.
"""

from __future__ import annotations

import base64
import http.client
import socket
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from email.message import Message

Body = bytes | Iterable[bytes] | None


class Deadline:
    """Shuts down the sockets of one request when its time is up."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._socks: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.001, self.end - time.monotonic())

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with suppress(OSError):  # wakes a thread blocked in recv or send on it
            sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Message
    data: bytes

    def content_type(self) -> str:
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""


class Refused(Exception):
    """The server did not accept the credentials (or wanted some and had none)."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        super().__init__("HTTP 401")


def _exchange(method: str, url: str, body: Body, headers: dict[str, str],
              deadline: Deadline) -> Reply:
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme == "https"
    kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
    conn = kind(parts.hostname or "", parts.port, timeout=deadline.remaining())
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        conn.connect()
        assert conn.sock is not None
        deadline.watch(conn.sock)
        try:
            conn.request(method, target, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            # The server may have stopped reading to answer (401, 413): that answer is
            # the truth; if there is none, the broken connection is.
            try:
                resp = conn.getresponse()
            except (OSError, http.client.HTTPException):
                raise ConnectionResetError("the server closed the connection during the "
                                           "upload") from None
        else:
            resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


@dataclass
class Auth:
    """Credentials for one server: basic sent up front, digest answered per challenge."""

    scheme: str = "basic"
    user: str | None = None
    password: str = ""
    _challenges: dict[str, dict[str, str]] = field(default_factory=dict)
    _digest: urllib.request.HTTPDigestAuthHandler | None = None
    _passwords: urllib.request.HTTPPasswordMgrWithDefaultRealm = field(
        default_factory=urllib.request.HTTPPasswordMgrWithDefaultRealm)

    def header(self, method: str, url: str) -> str | None:
        if self.user is None:
            return None
        if self.scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
            return f"Basic {token}"
        chal = self._challenges.get(_key(url))
        if chal is None:
            return None
        self._passwords.add_password(None, url, self.user, self.password)
        if self._digest is None:
            self._digest = urllib.request.HTTPDigestAuthHandler(self._passwords)
        # urllib computes the response (nonce count, cnonce, qop), given a bodiless request.
        value = self._digest.get_authorization(urllib.request.Request(url, method=method), chal)
        return f"Digest {value}" if value else None

    def learn(self, url: str, reply: Reply) -> bool:
        """Keep a digest challenge; True when it is new, so the request is worth sending again."""
        if self.scheme != "digest" or self.user is None:
            return False
        for value in reply.headers.get_all("WWW-Authenticate") or []:
            kind, _, rest = value.partition(" ")
            if kind.lower() == "digest":
                chal = urllib.request.parse_keqv_list(
                    [item for item in urllib.request.parse_http_list(rest) if item])
                old = self._challenges.get(_key(url))
                self._challenges[_key(url)] = chal
                return old is None or chal.get("stale", "").lower() == "true"
        return False

    def needs_challenge(self, url: str) -> bool:
        known = _key(url) in self._challenges
        return self.scheme == "digest" and self.user is not None and not known


def _key(url: str) -> str:
    return url.split("?", 1)[0]


def send(method: str, url: str, body: Body, headers: dict[str, str], auth: Auth,
         seconds: float) -> Reply:
    """One request, with as many authentication round trips as it takes, within ``seconds``.

    Raises :class:`Refused` when the credentials are not accepted, TimeoutError
    when time is up, OSError or HTTPException when the connection fails.
    """
    deadline = Deadline(seconds)
    try:
        if auth.needs_challenge(url) and body is not None and not isinstance(body, bytes):
            # Never send an upload just to learn the challenge: ask with no body first.
            auth.learn(url, _exchange("GET", url, None, {}, deadline))
        for _ in range(3):
            extra = {"Authorization": h} if (h := auth.header(method, url)) else {}
            reply = _exchange(method, url, body, {**headers, **extra}, deadline)
            if deadline.expired:  # what came before the connection was shut is not all
                raise TimeoutError
            if reply.status != 401:
                return reply
            if not auth.learn(url, reply):
                raise Refused(reply)
        raise Refused(reply)
    except (OSError, http.client.HTTPException):
        if deadline.expired:
            raise TimeoutError(f"no complete answer within {deadline.seconds:g} s") from None
        raise
    finally:
        deadline.cancel()
