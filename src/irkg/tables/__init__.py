"""The graph as tables for pandas, R and spreadsheets (``irkg export claims``).

Public API: :func:`all_tables` (every table of a graph, by name), :func:`write`
(a table in a format to a file), :func:`write_folder` (every table into a
folder, one file each), :func:`irkg.tables.query.select` (a SELECT's answer
as a table), and :data:`TABLE_NAMES` / :data:`FORMATS`.

Analysts work in data frames, not in SPARQL; a claim with two quotes and
three parties is awkward in one row, so there is one wide table with a row
per claim (several values joined, see :data:`irkg.tables.schema.SEP`) and long
tables (``evidence``, ``roles``, ``links``, ``quantities``) keyed by the claim's
IRI for tidy joins. The ``claims`` table carries every axis of a claim
(polarity, modality, scope, trend, certainty, its chain of sources), so a
negated or reported claim is never a bare row that reads as a fact.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from irkg.claims import extract
from irkg.errors import InputError, display_path
from irkg.tables.formats import FORMATS, encode
from irkg.tables.schema import SEP, TABLES, Column, Table, table

__all__ = ["FORMATS", "SEP", "TABLE_NAMES", "Column", "Table", "all_tables", "write",
           "write_folder"]

TABLE_NAMES = tuple(TABLES)


def all_tables(graph: Graph) -> dict[str, Table]:
    x = extract(graph)
    return {name: table(name, x) for name in TABLE_NAMES}


def write(tab: Table, path: Path, fmt: str) -> Path:
    """Write ``tab`` to ``path``, creating its folder; a failure is an input error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(encode(tab, fmt))
    except OSError as exc:
        raise InputError(f"cannot write {display_path(path)}: {exc.strerror}",
                         "choose a writable --out") from None
    return path


def write_folder(graph: Graph, folder: Path, fmt: str) -> list[Path]:
    """Every table as ``folder/NAME.FORMAT``, in :data:`TABLE_NAMES` order."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{display_path(folder)} is a file, not a folder",
                         "give a folder to --out, or export one --table to a file")
    return [write(tab, folder / f"{name}.{fmt}", fmt)
            for name, tab in all_tables(graph).items()]
