"""What a full load replaces and drops, whichever the store, and what it reports.

Both stores (embedded and HTTP) replace the same graphs for the same dataset:
every irkg graph the dataset has, and, on a full load, every other graph under
irkg's prefix, which an earlier load left. A dataset without the registry or
the ontology graph would drop the store's: every dataset irkg builds has them,
so one without them was cut short (a manifest beside it would have said so).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from irkg.dataset import GRAPH_PREFIX, Dataset
from irkg.errors import InputError
from irkg.terms import ONTOLOGY_GRAPH, REGISTRY_GRAPH


@dataclass(frozen=True)
class LoadSummary:
    graphs: tuple[str, ...]
    triples: int
    dropped: tuple[str, ...]
    #: Staging graphs (or databases) of loads cut short that this load removed first.
    recovered: int = 0
    #: What the user should know although the load succeeded, one line each.
    warnings: tuple[str, ...] = ()


def stale_graphs(existing: Iterable[str], dataset: Dataset) -> tuple[str, ...]:
    """irkg graphs an earlier load left that this full load does not replace."""
    names = set(dataset.names())
    stale = tuple(sorted(g for g in existing if g.startswith(GRAPH_PREFIX) and g not in names))
    for graph in (str(REGISTRY_GRAPH), str(ONTOLOGY_GRAPH)):
        if graph in stale:  # every dataset irkg builds has them: this one is cut short
            raise InputError(f"{dataset.source} has no graph <{graph}>, which every dataset "
                             "'irkg build' writes has; loading it would drop the store's",
                             "it was cut short or is not irkg's: rebuild it with 'irkg build "
                             "--dataset trig' (and keep manifest.json beside it)")
    return stale


def replace_update(dataset: Dataset, dropped: tuple[str, ...]) -> str:
    """One SPARQL Update replacing ``dataset``'s (small) graphs and dropping ``dropped``."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in (*dropped, *dataset.names())]
    body = "".join(f"GRAPH <{g}> {{\n" + "".join(line + "\n" for line in dataset.lines(g))
                   + "}\n" for g in dataset.names())
    return " ;\n".join([*ops, f"INSERT DATA {{\n{body}}}"])
