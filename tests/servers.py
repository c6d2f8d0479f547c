"""Real servers for the store tests: the `oxigraph` binary, a proxy in front of it,
and datasets of any size to load into them.

The proxy speaks just enough HTTP/1.1 (one request per connection, which is
what urllib sends) to cut an upload off half-way, or to demand basic or
digest credentials before it forwards anything to Oxigraph.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REALM, NONCE = "irkg-test", "5f3a1c0b9d"
ARTICLE_GRAPHS = "https://w3id.org/irkg/id/graph/article/"


def synthetic(path: Path, tag: str, graphs: int, triples: int, padding: int = 0) -> Path:
    """N-Quads of ``graphs`` article graphs (``tag`` and a number) of ``triples`` triples each."""
    with open(path, "w", encoding="utf-8") as fh:
        for g in range(graphs):
            fh.writelines(f'<https://e.org/{tag}/{g}/{i:06d}> <https://e.org/p> '
                          f'"{tag} {i}{" " * padding}" <{ARTICLE_GRAPHS}{tag}{g:03d}> .\n'
                          for i in range(triples))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("oxigraph did not start listening")


class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1 at a free port, stopped by its PID."""

    def __init__(self, location: Path) -> None:
        exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        assert exe, "the 'oxigraph' server from PyPI is in the test extra"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_listening(self.port, self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


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


class Proxy:
    """Forwards to ``upstream``; may cut PUT uploads half-way or demand credentials.

    ``cut_puts`` is how many PUTs to cut (-1: all of them); ``auth`` is
    ("basic"|"digest", check) to answer 401 until ``check`` accepts a request.
    """

    def __init__(self, upstream: int, cut_puts: int = 0,
                 auth: tuple[str, Callable[[str, dict[str, str]], bool]] | None = None) -> None:
        self.upstream, self.cut_puts, self.auth = upstream, cut_puts, auth
        self.seen: list[str] = []
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
        with conn:
            line, headers, head, body = _read_request(conn)
            self.seen.append(line.split(" ")[0])
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
                    conn.sendall(chunk)

    def close(self) -> None:
        self.sock.close()
