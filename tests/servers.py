"""Real servers for the store tests: the `oxigraph` binary and Virtuoso from its Debian
package, and datasets of any size to load into them (a proxy in front of a server,
and servers that misbehave, are in :mod:`fakes`).

Every server listens on 127.0.0.1 at a free port and keeps its data in the test's
own folder; each is stopped, or killed as a crash is, by its PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

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


def _wait_listening(port: int, proc: subprocess.Popen[bytes], seconds: float = 15) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start listening")


class Server:
    """A server process started by :meth:`start`; :meth:`kill` is SIGKILL, as a crash."""

    proc: subprocess.Popen[bytes]
    port: int

    def command(self) -> list[str]:
        raise NotImplementedError

    def start(self, seconds: float = 15) -> None:
        folder: Path | None = getattr(self, "folder", None)
        with open(folder / "server.log" if folder else os.devnull, "ab") as out:
            self.proc = subprocess.Popen(self.command(), stdout=out, stderr=subprocess.STDOUT,
                                         cwd=folder)
        _wait_listening(self.port, self.proc, seconds)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


class OxigraphServer(Server):
    """``oxigraph serve`` on 127.0.0.1 at a free port; its default graph is the union of
    its named graphs unless ``union`` is False."""

    def __init__(self, location: Path, union: bool = True) -> None:
        self.exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        assert self.exe, "the 'oxigraph' server from PyPI is in the test extra"
        self.location, self.union = location, union
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.start()

    def command(self) -> list[str]:
        union = ["--union-default-graph"] if self.union else []
        return [str(self.exe), "serve", "--location", str(self.location),
                "--bind", f"127.0.0.1:{self.port}", *union]


VIRTUOSO_INI = """[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = .
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


class VirtuosoServer(Server):
    """Virtuoso from the Debian package (virtuoso-opensource), with its database, ini file
    and ports (SQL and HTTP) of its own; the user dba, password dba, may update over
    digest authentication."""

    USER = PASSWORD = "dba"

    def __init__(self, folder: Path) -> None:
        self.exe = shutil.which("virtuoso-t")
        assert self.exe, "install virtuoso-opensource (Debian) for the Virtuoso tests"
        self.folder = folder
        self.port, sql = free_port(), free_port()
        (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql=sql, http=self.port),
                                             encoding="utf-8")
        self.url = f"http://127.0.0.1:{self.port}"
        self.start(seconds=120)

    def command(self) -> list[str]:
        return [str(self.exe), "-f", "-c", "virtuoso.ini"]

    def start(self, seconds: float = 120) -> None:
        started = self.log().count("Server online at")
        super().start(seconds)
        # The HTTP port opens before the server is ready (roll forward, the SPARQL setup).
        end = time.monotonic() + seconds
        while self.log().count("Server online at") == started:
            assert self.proc.poll() is None, "Virtuoso exited; see virtuoso.log"
            assert time.monotonic() < end, "Virtuoso did not come online"
            time.sleep(0.1)

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def options(self) -> list[str]:
        """irkg's options for this server."""
        return ["--auth", "digest", "--query-url", f"{self.url}/sparql",
                "--update-url", f"{self.url}/sparql-auth",
                "--gsp-url", f"{self.url}/sparql-graph-crud-auth"]

    def env(self, password: str = PASSWORD) -> dict[str, str]:
        return {"IRKG_SPARQL_USER": self.USER, "IRKG_SPARQL_PASSWORD": password,
                "NETRC": os.devnull}
