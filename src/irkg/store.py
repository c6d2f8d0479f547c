"""The embedded SPARQL store: an on-disk Oxigraph database, no server needed.

A full load bulk-loads the dataset into a new database beside the store (far
faster than an update, in bounded memory), copies the graphs that are not
irkg's, then points the store path, a symbolic link, at it with one atomic
rename: readers, and a load killed at any moment, see the old store or the
new one, complete. Loading one article is one SPARQL update, one transaction.
RocksDB lets one process open a database at a time; a second one gets
:class:`StoreLocked`. A database is opened by its own folder, never through
the link: RocksDB creates and deletes files by the path it was opened with.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pyoxigraph as ox

from irkg.dataset import FORMATS, Dataset, FileStamp
from irkg.errors import StoreError, StoreLocked, display_path
from irkg.replace import LoadSummary, replace_update, stale_graphs
from irkg.results import Answer, Query

#: Relative to the working directory; ``.irkg/`` is git-ignored.
DEFAULT_STORE = Path(".irkg") / "store"
# Files RocksDB writes into every database directory it creates.
_MARKERS = ("CURRENT", "IDENTITY")
# Beside the store: its databases, and links waiting to replace the store path.
_DATABASE, _LINK = "db", "link"
# Bulk-loads a dataset file, leniently: the parent parses the same bytes strictly and uses
# nothing of it unless that succeeds. Stops when its input closes: the parent was killed.
_CHILD = """import os, sys, threading
import pyoxigraph as ox
threading.Thread(target=lambda: sys.stdin.read() or os._exit(3), daemon=True).start()
ox.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=ox.RdfFormat.from_extension(sys.argv[3]),
                                lenient=True)
"""


def shown(path: Path) -> str:
    """The store path for messages: as given, not the database its link points at."""
    return str(Path(display_path(path.parent)) / path.name)


def _is_store(path: Path) -> bool:
    return all((path / marker).is_file() for marker in _MARKERS)


def _beside(root: Path, kind: str) -> list[Path]:
    prefix = f".{root.name}.{kind}-"
    return sorted(p for p in root.parent.iterdir() if p.name.startswith(prefix))


def _ours(root: Path) -> bool:
    """Whether ``root`` is a link this module made, to a database beside it."""
    return root.is_symlink() and os.readlink(root).startswith(f".{root.name}.{_DATABASE}-")


def _root(path: Path) -> Path:
    """Where the store lives: ``path``, or the folder a link of the user's own points at."""
    for _ in range(40):  # as many links as the system follows
        if not path.is_symlink() or _ours(path):
            break
        path = path.parent / os.readlink(path)
    return path


def _remove(folder: Path) -> None:
    """Delete a database unless a process holds RocksDB's lock on it (then the next
    load will). Never one this process has open: closing would drop its own lock."""
    with suppress(OSError), open(folder / "LOCK", "ab") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        shutil.rmtree(folder, ignore_errors=True)


def _open(folder: Path, path: Path) -> ox.Store:
    try:
        return ox.Store(str(folder))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreLocked(f"the store {shown(path)} is in use by another process",
                              "wait for it to finish (e.g. a running 'irkg load') and retry"
                              ) from None
        raise StoreError(f"cannot open the store {shown(path)}: {' '.join(str(exc).split())}",
                         "check the folder, or delete it and run 'irkg load' again") from None


def _existing(path: Path, loading: bool = False) -> Path | None:
    """The store's database folder or None, once a switch a killed load left is finished."""
    root = _root(path)
    if not root.exists() and not root.is_symlink() and root.parent.is_dir():
        for link in _beside(root, _LINK):  # made once its database was complete
            if _is_store(root.parent / os.readlink(link)):
                with suppress(FileNotFoundError):  # or another process did it first
                    os.rename(link, root)
                break
    folder = root.parent / os.readlink(root) if _ours(root) else root
    if folder.is_dir() and not _is_store(folder) and (not loading or any(folder.iterdir())):
        raise StoreError(f"{shown(path)} is not an irkg store",
                         "pass --store with an empty or new folder, or run 'irkg load' first")
    return folder if _is_store(folder) else None


@contextmanager
def open_store(path: Path) -> Iterator[ox.Store]:
    """Open the store at ``path`` (never a new empty one), held until the block ends."""
    folder = _existing(path)
    if folder is None:
        raise StoreError(f"there is no store at {shown(path)}", "run 'irkg load' first")
    store = _open(folder, path)
    try:
        yield store
    finally:
        del store  # releases the RocksDB lock now, not at garbage collection


def recover(path: Path) -> int:
    """Remove what killed full loads left beside the store; how many. Holds the store
    meanwhile, as a load does (RocksDB's lock keeps a running load's database anyway)."""
    folder = _existing(path, loading=True)  # finishes a switch a killed load left
    root = _root(path)
    if not root.parent.is_dir():
        return 0
    held = _open(folder, path) if folder else None
    try:
        left = _beside(root, _LINK) + [f for f in _beside(root, _DATABASE) if f != folder]
        for item in left:
            item.unlink() if item.is_symlink() else _remove(item)
        return sum(not item.exists() for item in left)
    finally:
        del held


def _failed(path: Path, exc: BaseException) -> StoreError:
    return StoreError(f"loading into {shown(path)} failed: {' '.join(str(exc).split())}",
                      "the previous contents are unchanged; fix the cause and retry")


def load(path: Path, dataset: Dataset, replace_all: bool = True) -> LoadSummary:
    """Load ``dataset`` into the store at ``path``, all or nothing. With ``replace_all``
    every irkg graph not in ``dataset`` goes too, so an article deleted from the seeds
    leaves the store; without it (one article) only the dataset's graphs are replaced."""
    if replace_all or _existing(path, loading=True) is None:
        with FullLoad(path) as full:
            return full.commit(dataset, replace_all)
    with open_store(path) as store:
        try:
            store.update(replace_update(dataset, ()))
            store.flush()
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise _failed(path, exc) from None
    return LoadSummary(dataset.names(), dataset.triples(), ())


class FullLoad:
    """A new database built beside the store, switched in by :meth:`commit`. Entering
    takes the store (another load or a query gets StoreLocked) and removes what killed
    loads left. Given ``prefetch``, a dataset file, a child process bulk-loads it at once,
    on another core, while this one reads and checks it into a :class:`Dataset`."""

    def __init__(self, path: Path, prefetch: Path | None = None) -> None:
        self.path, self.root, self.prefetch = path, _root(path), prefetch
        self.new = self._name(_DATABASE)  # the database this load builds
        self.old: ox.Store | None = None
        self.child: subprocess.Popen[bytes] | None = None
        self.stamp = FileStamp.of(prefetch) if prefetch else None

    def _name(self, kind: str) -> Path:
        return self.root.parent / f".{self.root.name}.{kind}-{uuid.uuid4().hex[:16]}"

    def __enter__(self) -> FullLoad:
        self.folder: Path | None = _existing(self.path, loading=True)  # the current database
        try:
            self.root.parent.mkdir(parents=True, exist_ok=True)
            if self.root.is_dir() and not self.root.is_symlink():
                self._adopt()
            self.old = _open(self.folder, self.path) if self.folder else None
            for link in _beside(self.root, _LINK):
                link.unlink()
            for folder in _beside(self.root, _DATABASE):
                if folder != self.folder:
                    _remove(folder)
            fmt = FORMATS.get(self.prefetch.suffix.lower()) if self.prefetch else None
            if self.prefetch and fmt and self.stamp:
                with suppress(OSError):  # a child that cannot start leaves it all to commit
                    self.child = subprocess.Popen(
                        [sys.executable, "-P", "-c", _CHILD, str(self.new), str(self.prefetch),
                         fmt.file_extension], stdin=subprocess.PIPE,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.child is not None:
            self.child.kill()  # nothing if it is done
            self.child.communicate()  # closes its input, which also stops it
        self.old = None  # closes it
        if not (_ours(self.root) and os.readlink(self.root) == self.new.name):
            shutil.rmtree(self.new, ignore_errors=True)
        elif self.folder is not None:
            _remove(self.folder)

    def _adopt(self) -> None:
        """Put a store folder from before behind a link; an empty folder just goes."""
        if self.folder is None:
            self.root.rmdir()
            return
        _open(self.folder, self.path)  # StoreLocked if in use; closed again at once
        self.folder = self._link(self._name(_DATABASE), move=True)

    def commit(self, dataset: Dataset, replace_all: bool = True) -> LoadSummary:
        """Fill the new database, copy the graphs kept, then switch the store to it."""
        # Named or blank. No local holds the old store until the dataset is accepted: a
        # traceback keeps its frame, and the frame would keep the store open (and locked).
        graphs = list(self.old.named_graphs()) if self.old is not None else []
        dropped = stale_graphs([g.value for g in graphs], dataset) if replace_all else ()
        old = self.old
        gone = {*dataset.names(), *dropped}
        kept = [g for g in graphs if g.value not in gone]
        try:
            store = self._prefetched(dataset)
            store = self._bulk_load(dataset) if store is None else store
            try:
                if old is not None:  # graphs not irkg's, and the default graph, as they are
                    for graph in (*kept, ox.DefaultGraph()):
                        store.add_graph(graph)
                        store.bulk_extend(old.quads_for_pattern(None, None, None, graph))
                store.flush()
            finally:
                del store
            self._link(self.new)
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise _failed(self.path, exc) from None
        return LoadSummary(dataset.names(), dataset.triples(), dropped)

    def _prefetched(self, dataset: Dataset) -> ox.Store | None:
        """The child's database, if it loaded the very bytes ``dataset`` was read from."""
        if self.child is None or self.prefetch is None:
            return None
        if self.child.wait() == 0 and dataset.origin == self.stamp == FileStamp.of(self.prefetch):
            return ox.Store(str(self.new))
        shutil.rmtree(self.new, ignore_errors=True)  # so load the dataset itself
        return None

    def _bulk_load(self, dataset: Dataset) -> ox.Store:
        store = ox.Store(str(self.new))
        try:
            with dataset.nquads() as stream:
                store.bulk_load(input=stream, format=ox.RdfFormat.N_QUADS)
            # A line of two terms, with the graph appended, reads as a default graph triple.
            if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
                raise ValueError("a graph file holds a line that is not a triple")
        except BaseException:
            del store  # closed before its folder is removed
            raise
        return store

    def _link(self, target: Path, move: bool = False) -> Path:
        """Point the store path at ``target``, moving the store folder there first if asked
        (a reader coming in between finds the link waiting), with one atomic rename."""
        link = self._name(_LINK)
        os.symlink(target.name, link)
        if move:
            os.rename(self.root, target)
        try:
            os.replace(link, self.root)
        except FileNotFoundError:  # a reader finished this very switch first
            if not _ours(self.root) or os.readlink(self.root) != target.name:
                raise
        with suppress(OSError):  # the rename made durable, where the system can
            fd = os.open(self.root.parent, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
        return target


def query(path: Path, q: Query) -> Answer:
    """Answer ``q`` with the default graph as the union of all named graphs: each article
    has a graph of its own, yet questions join facts across articles and the registry.
    An update is refused, as on a server."""
    q.refuse_update()
    with open_store(path) as store:
        try:
            result = store.query(q.text, use_default_graph_as_union=True)
            return Answer.of(result)
        except SyntaxError as exc:
            raise q.syntax_error(str(exc)) from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{q.source}: the query failed: {' '.join(str(exc).split())}",
                             "check the query") from None
