"""A content-addressed cache of built and validated articles, under ``.irkg/cache/``.

An entry is a folder named by the hash of everything that can change its
contents (see :mod:`irkg.corpus` for the keys), holding a few files and a
``SEAL`` written last that names the key and each file's SHA-256. So an
entry is trusted only when it is complete and intact: a torn write (the
process killed mid-entry), a flipped byte, or a file copied in from another
key is detected, the entry is removed and the work is done again. Nothing in
an entry is ever needed to be right: the cache only saves time.

Folders are created under a temporary name and renamed into place, which is
atomic on POSIX file systems, so two builds sharing a cache never see each
other's half-written entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from irkg import __version__
from irkg.errors import CacheError
from irkg.leftovers import sweep, tagged

#: Bump when the layout or the meaning of an entry changes: old entries are then ignored.
FORMAT = 1
DEFAULT_CACHE = Path(".irkg") / "cache"
SEAL = "SEAL"
TMP = ".tmp-"  # a half-written entry: TMP, the writer's PID, a random tail


class CacheCorrupt(Exception):
    """An entry failed its check; internal to the cache and its callers, never shown to users."""


def key_of(*parts: str | bytes) -> str:
    """A key from the pieces of input an entry depends on (each length-prefixed)."""
    h = hashlib.sha256(f"irkg {__version__} cache {FORMAT}\n".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Entry:
    """A sealed entry: its files are checked against the seal when read."""

    def __init__(self, path: Path, seal: dict[str, str]) -> None:
        self.path = path
        self._seal = seal

    def read(self, name: str) -> bytes:
        try:
            data = (self.path / name).read_bytes()
        except OSError:
            raise CacheCorrupt(f"{name} missing") from None
        if hashlib.sha256(data).hexdigest() != self._seal.get(name):
            raise CacheCorrupt(f"{name} does not match its seal")
        return data

    def sha256(self, name: str) -> str:
        return self._seal[name]

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.read(name))
        except ValueError:
            raise CacheCorrupt(f"{name} is not JSON") from None


class Cache:
    """Entries of several kinds (``parts``, ``findings``) in one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root / f"v{FORMAT}"

    def _dir(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> Entry | None:
        """The entry, or None when it is absent or fails its seal (then it is removed)."""
        path = self._dir(kind, key)
        try:
            seal = json.loads((path / SEAL).read_text(encoding="utf-8"))
        except FileNotFoundError:
            if path.exists():
                self.drop(kind, key)  # a folder without a seal was never finished
            return None
        except (OSError, ValueError):
            self.drop(kind, key)
            return None
        files = seal.get("files") if isinstance(seal, dict) else None
        if seal.get("key") != key or not isinstance(files, dict):
            self.drop(kind, key)
            return None
        return Entry(path, files)

    def put(self, kind: str, key: str, files: dict[str, bytes]) -> Entry:
        """Write an entry whole, or not at all."""
        final = self._dir(kind, key)
        sums = {n: hashlib.sha256(d).hexdigest() for n, d in sorted(files.items())}
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=tagged(TMP), dir=final.parent))
        except OSError as exc:
            raise CacheError(self.root.parent, exc.strerror or str(exc)) from None
        try:
            for name, data in files.items():
                (tmp / name).write_bytes(data)
            seal = {"key": key, "files": sums}
            (tmp / SEAL).write_text(json.dumps(seal, sort_keys=True), encoding="utf-8")
            if final.exists():
                shutil.rmtree(final, ignore_errors=True)
            os.rename(tmp, final)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if not (final / SEAL).is_file():  # not another build's identical entry: a failure
                raise CacheError(self.root.parent, exc.strerror or str(exc)) from None
        return Entry(final, sums)

    def sweep(self) -> None:
        """Remove entries that killed processes left half-written (never seen by :meth:`get`)."""
        for kind in sorted(os.listdir(self.root)) if self.root.is_dir() else []:
            for shard in sorted((self.root / kind).glob("??")):
                sweep(shard, TMP)

    def drop(self, kind: str, key: str) -> None:
        shutil.rmtree(self._dir(kind, key), ignore_errors=True)


class NoCache(Cache):
    """``--no-cache``: every lookup misses, and nothing is kept after the build."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="irkg-nocache-")
        super().__init__(Path(self._tmp.name))

    def get(self, kind: str, key: str) -> Entry | None:
        path = self._dir(kind, key)  # entries this very build wrote are still usable
        return super().get(kind, key) if path.exists() else None
