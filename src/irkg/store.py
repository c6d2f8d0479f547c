"""The embedded SPARQL store: an on-disk Oxigraph database, no server needed.

A load is one SPARQL Update request — drop the graphs being replaced, insert
the new ones — and Oxigraph applies an update as a single transaction, so a
failed or interrupted load leaves the previous contents exactly as they were.
RocksDB lets one process open the database at a time; a second one gets
:class:`StoreLocked` instead of a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from irkg.dataset import GRAPH_PREFIX, Dataset
from irkg.errors import StoreError, StoreLocked, display_path
from irkg.results import Answer, Query

#: Relative to the working directory; ``.irkg/`` is git-ignored.
DEFAULT_STORE = Path(".irkg") / "store"
# Files RocksDB writes into every database directory it creates.
_MARKERS = ("CURRENT", "IDENTITY")


@dataclass(frozen=True)
class LoadSummary:
    graphs: tuple[str, ...]
    triples: int
    dropped: tuple[str, ...]


def _is_store(path: Path) -> bool:
    return all((path / marker).is_file() for marker in _MARKERS)


@contextmanager
def open_store(path: Path, create: bool = False) -> Iterator[ox.Store]:
    """Open the store at ``path``, held by this process until the block ends.

    ``create`` is for loading; queries refuse a missing store rather than
    silently answering from a new empty one.
    """
    shown = display_path(path)
    if path.exists() and not _is_store(path) and (not create or any(path.iterdir())):
        raise StoreError(f"{shown} is not an irkg store",
                         "pass --store with an empty or new folder, or run 'irkg load' first")
    if not path.exists() and not create:
        raise StoreError(f"there is no store at {shown}", "run 'irkg load' first")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        store = ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreLocked(f"the store {shown} is in use by another process",
                              "wait for it to finish (e.g. a running 'irkg load') and retry"
                              ) from None
        raise StoreError(f"cannot open the store {shown}: {' '.join(str(exc).split())}",
                         "check the folder, or delete it and run 'irkg load' again") from None
    try:
        yield store
    finally:
        del store  # releases the RocksDB lock now, not at garbage collection


def stale_graphs(existing: Iterator[str] | list[str], dataset: Dataset) -> tuple[str, ...]:
    """irkg graphs an earlier load left that this full load does not replace."""
    return tuple(sorted(g for g in existing
                        if g.startswith(GRAPH_PREFIX) and g not in dataset.graphs))


def replace_update(dataset: Dataset, dropped: tuple[str, ...]) -> str:
    """One SPARQL Update replacing ``dataset``'s graphs and dropping ``dropped``."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in (*dropped, *dataset.graphs)]
    body = "".join(f"GRAPH <{g}> {{\n{dataset.ntriples(g)}}}\n" for g in dataset.graphs)
    ops.append(f"INSERT DATA {{\n{body}}}")
    return " ;\n".join(ops)


def load(path: Path, dataset: Dataset, replace_all: bool = True) -> LoadSummary:
    """Load ``dataset`` into the store at ``path`` in one transaction.

    With ``replace_all`` every irkg graph not in ``dataset`` is dropped too, so
    an article deleted from the seeds disappears from the store; without it
    (loading one article) only the dataset's own graphs are replaced.
    """
    with open_store(path, create=True) as store:
        existing = [g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)]
        dropped = stale_graphs(existing, dataset) if replace_all else ()
        try:
            store.update(replace_update(dataset, dropped))
            store.flush()
        except (OSError, RuntimeError, SyntaxError) as exc:
            raise StoreError(f"loading into {display_path(path)} failed: "
                             f"{' '.join(str(exc).split())}",
                             "the previous contents are unchanged; fix the cause and retry"
                             ) from None
    return LoadSummary(tuple(dataset.graphs), dataset.triples(), dropped)


def query(path: Path, q: Query) -> Answer:
    """Answer ``q`` with the default graph as the union of all named graphs.

    Each article lives in its own graph, yet questions join facts across
    articles and the registry, so the union is what a query should see.
    """
    with open_store(path) as store:
        try:
            result = store.query(q.text, use_default_graph_as_union=True)
            return Answer.of(result)
        except SyntaxError as exc:
            raise q.syntax_error(str(exc)) from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"{q.source}: the query failed: {' '.join(str(exc).split())}",
                             "check the query") from None
