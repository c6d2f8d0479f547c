"""What a load puts into a store: named graphs of N-Triples, each in a file of its own.

Both store kinds (embedded and HTTP) take the same :class:`Dataset`, so a graph
is loaded byte-for-byte the same way whichever store receives it: a file of
sorted, distinct N-Triples lines, valid Turtle for a Graph Store PUT, whose line
count a load checks after upload. Files, not lists, so tens of millions of
triples load in bounded memory: reading a dataset holds a batch of lines, then
one graph while it is sorted, and graphs stream from disk to a store.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from irkg.cache import DEFAULT_CACHE
from irkg.corpus import CorpusBuild, Options, build_validated
from irkg.errors import InputError, Location, display_path
from irkg.files import open_regular
from irkg.ontology import load_ontology
from irkg.serialize import ntriples
from irkg.terms import ID, ONTOLOGY_GRAPH, article_graph_iri

#: Every graph irkg loads is named below this IRI; a full load replaces all of them.
GRAPH_PREFIX = str(ID["graph/"])
#: Where uploads wait until they are checked; under GRAPH_PREFIX so a later full
#: load also sweeps away whatever an interrupted load left behind.
STAGING_PREFIX = GRAPH_PREFIX + "staging/"
#: Written by ``irkg build`` beside the dataset file, with its hash and graph sizes.
MANIFEST = "manifest.json"
FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
           ".nquads": ox.RdfFormat.N_QUADS}
_BATCH = 200_000  # lines held while a dataset file is split, all graphs together
_CHUNK = 1 << 20


@dataclass(frozen=True)
class GraphSource:
    """One named graph: a file of its sorted, distinct N-Triples lines, each ending ' .\\n'."""

    name: str
    path: Path
    triples: int
    sha256: str


@dataclass(frozen=True)
class FileStamp:
    """A file and its identity (inode, size, times): a loader that reads it a second
    way (a bulk loader given its path) compares stamps to know it read the same bytes."""

    path: Path
    identity: tuple[int, int, int, int]

    @staticmethod
    def of(path: Path, st: os.stat_result | None = None) -> FileStamp | None:
        try:
            st = st or os.stat(path)
        except OSError:
            return None
        return FileStamp(path, (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))


class Dataset(AbstractContextManager["Dataset"]):
    """Named graphs in files, sorted by name; removes its own work folder when closed."""

    def __init__(self, graphs: Sequence[GraphSource], source: str, *,
                 workdir: Path | None = None, origin: FileStamp | None = None,
                 keep: Dataset | None = None, build: CorpusBuild | None = None) -> None:
        self.graphs = tuple(sorted(graphs, key=lambda g: g.name))
        self.source = source
        #: The file this dataset is, whole, if it was read from one.
        self.origin = origin
        self._by_name = {g.name: g for g in self.graphs}
        self._keep = keep  # whose files these are: alive while this dataset is
        self._build = build  # the build whose cache holds the graphs' files
        self._cleanup = weakref.finalize(self, shutil.rmtree, workdir, True) if workdir else None

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._cleanup:
            self._cleanup()

    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    def only_article(self, article_id: str) -> Dataset:
        """The one article's graph, for replacing it without touching the rest."""
        name = str(article_graph_iri(article_id))
        if name not in self._by_name:
            raise InputError(f"no article {article_id!r} in {self.source}",
                             "pass the article id, the annotation file name without .yaml")
        return Dataset([self._by_name[name]], self.source, keep=self)

    def lines(self, graph: str) -> Iterator[str]:
        """The graph's N-Triples lines, without line ends, streamed from its file."""
        with open(self._by_name[graph].path, encoding="utf-8", newline="\n") as fh:
            for line in fh:
                yield line[:-1]

    def nquads(self) -> IO[bytes]:
        """All graphs as one N-Quads stream, read graph by graph: what a bulk loader takes."""
        return io.BufferedReader(_NQuads(self.graphs), buffer_size=_CHUNK)


class _NQuads(io.RawIOBase):
    def __init__(self, graphs: Sequence[GraphSource]) -> None:
        self._chunks, self._pending = self._read(graphs), memoryview(b"")

    @staticmethod
    def _read(graphs: Sequence[GraphSource]) -> Iterator[bytes]:
        for graph in graphs:
            tail = f" <{graph.name}> .\n".encode()
            with open(graph.path, "rb") as fh:  # lines end ' .', as irkg writes them
                while chunk := fh.read(_CHUNK) + fh.readline():
                    yield chunk.replace(b" .\n", tail)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n], self._pending = self._pending[:n], self._pending[n:]
        return n


@contextmanager
def _workdir() -> Iterator[Path]:
    """A new folder for a dataset's graph files, removed again if filling it fails."""
    workdir = Path(tempfile.mkdtemp(prefix="irkg-dataset-"))
    try:
        yield workdir
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _describe(name: str, path: Path) -> GraphSource:
    digest, count = hashlib.sha256(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
            count += chunk.count(b"\n")
    return GraphSource(name, path, count, digest.hexdigest())


def _write(path: Path, lines: Sequence[str], end: str = "\n") -> None:
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write(end.join(lines) + end if lines else "")


class _Spool:
    """Each graph's lines appended to its own file in sorted batches, merged at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.pending: dict[ox.NamedNode, list[str]] = {}
        self.files: dict[ox.NamedNode, Path] = {}
        self.last: dict[ox.NamedNode, str] = {}
        self.unsorted: set[ox.NamedNode] = set()

    def flush(self) -> None:
        for graph, lines in self.pending.items():
            lines.sort()
            unique = list(dict.fromkeys(lines))
            path = self.files.setdefault(graph, self.workdir / f"{len(self.files)}.nt")
            if graph in self.last and unique[0] <= self.last[graph]:
                self.unsorted.add(graph)
            _write(path, unique, " .\n")
            self.last[graph] = unique[-1]
        self.pending.clear()

    def finish(self) -> list[GraphSource]:
        self.flush()
        for graph in self.unsorted:  # batches overlap: sort the graph, it alone in memory
            with open(self.files[graph], encoding="utf-8", newline="\n") as fh:
                lines = sorted(set(fh.read().split("\n")[:-1]))
            self.files[graph].unlink()
            _write(self.files[graph], lines)
        return [_describe(graph.value, path) for graph, path in self.files.items()]


def _split(stream: IO[bytes], fmt: ox.RdfFormat, source: str, spool: _Spool) -> None:
    """Parse and check every quad, keeping each graph's lines: the hot loop of a load.
    Triples in the default graph could not be replaced article by article, and
    blank nodes cannot be compared across stores, so both are rejected."""
    pending, held = spool.pending, 0
    blank, named = ox.BlankNode, ox.NamedNode
    for quad in ox.parse(stream, format=fmt):  # terms by attribute: fewer objects made
        if type(quad.subject) is blank or type(quad.object) is blank:
            raise InputError(f"{source} contains blank nodes ({quad.subject} ...)",
                             "give every node an IRI; irkg loads no blank nodes")
        graph = quad.graph_name
        lines = pending.get(graph)
        if lines is None:
            if type(graph) is not named:
                raise InputError(f"{source} has triples outside any named graph",
                                 "load a dataset written by 'irkg build --dataset trig'")
            lines = pending[graph] = []
        lines.append(str(quad.triple))
        held += 1
        if held == _BATCH:
            spool.flush()
            held = 0


def _listed(path: Path) -> tuple[str, dict[str, int]]:
    """The sha256 and graph sizes the build's manifest gives for ``path``; ("", {}) if none."""
    manifest = path.parent / MANIFEST
    if not manifest.is_file():
        return "", {}
    try:
        entry = json.loads(manifest.read_text(encoding="utf-8")).get("dataset")
        if not isinstance(entry, dict) or entry.get("file") != path.name:
            return "", {}
        return str(entry["sha256"]), {str(g).strip("<>"): int(n)
                                      for g, n in entry["graphs"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"cannot read {display_path(manifest)}: {exc}",
                         "rebuild it with 'irkg build', or remove it") from None


def _mismatch(source: str, path: Path, detail: str) -> InputError:
    kind = "trig" if path.suffix.lower() == ".trig" else "nquads"
    return InputError(f"{source} does not match {display_path(path.parent / MANIFEST)}: {detail}",
                      f"it was cut short or edited; rebuild it with 'irkg build --dataset {kind}'")


def dataset_from_file(path: Path) -> Dataset:
    """Read a TriG or N-Quads dataset into graph files, checked against its manifest if any."""
    source = display_path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{source} is not a TriG (.trig) or N-Quads (.nq) file",
                         "write one with 'irkg build --dataset trig'")
    want_sha, want = _listed(path)
    fh = open_regular(path, "the dataset")  # never blocks on a FIFO
    with _workdir() as workdir, fh:
        origin, spool = FileStamp.of(path, os.fstat(fh.fileno())), _Spool(workdir)
        # Hashed first, so a file cut short mid-line is reported as that.
        sha = hashlib.file_digest(fh, "sha256").hexdigest() if want_sha else ""
        fh.seek(0)
        try:
            _split(fh, fmt, source, spool)
        except SyntaxError as exc:
            if sha != want_sha:
                raise _mismatch(source, path, "its sha256 differs") from None
            detail = " ".join(str(exc).split(": ", 1)[-1].rsplit(" (line", 1)[0].split())
            raise InputError(f"cannot parse {source}: {detail}", "fix the RDF syntax",
                             Location(source, exc.lineno or 0, exc.offset or 0)) from None
        except OSError as exc:
            raise InputError(f"cannot read {source}: {exc}", "check the file") from None
        graphs = spool.finish()
        if not graphs:
            raise InputError(f"{source} holds no triples", "build the graph before loading it")
        found = {g.name: g.triples for g in graphs}
        for name in sorted(found.keys() | want.keys()) if want_sha else ():
            if found.get(name, 0) != want.get(name, 0):
                raise _mismatch(source, path, f"graph <{name}> has {found.get(name, 0)} "
                                f"triples, the manifest says {want.get(name, 0)}")
        if sha != want_sha:
            raise _mismatch(source, path, "its sha256 differs")
        return Dataset(graphs, source, workdir=workdir, origin=origin)


def dataset_from_sources(sources: Sequence[GraphSource], source: str) -> Dataset:
    """Graphs already on disk (a build's cached files): used as they are, never removed."""
    return Dataset(sources, source)


def dataset_from_seeds(seeds: Path, options: Options | None = None) -> Dataset:
    """Build and validate ``seeds`` as ``irkg build`` does (in parallel, with its cache);
    raises :class:`ValidationFailed` on violations: a store only ever receives a graph
    that conforms, exactly as ``out/`` does. The graphs are the cache's own files."""
    cache = Path(os.environ.get("IRKG_CACHE_DIR") or DEFAULT_CACHE)
    build = build_validated(seeds, "the store", options or Options(cache=cache, progress=False))
    graphs = [GraphSource(m.name, *build.file(m, "part.nt"), ) for m in build.parts]
    with _workdir() as workdir:
        _write(workdir / "ontology.nt", ntriples(load_ontology().graph))
        graphs.append(_describe(str(ONTOLOGY_GRAPH), workdir / "ontology.nt"))
        return Dataset(graphs, display_path(seeds), workdir=workdir, build=build)
