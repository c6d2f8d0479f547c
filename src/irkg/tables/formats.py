"""Tables as CSV, JSON or Parquet bytes, the same bytes for the same table.

CSV follows RFC 4180 (UTF-8 without a BOM, ``\\n`` line ends, quotes only where
needed); a missing value is an empty cell and booleans are ``true``/``false``,
which both ``pandas.read_csv`` and R's ``read.csv`` read as logical. JSON is an
array of row objects with typed values and ``null``, what ``pandas.read_json``
and R's ``jsonlite::fromJSON`` expect. Parquet is written by pyarrow with the
declared column types, so R and pandas see integers and booleans without any
type guessing; it carries no timestamps, so it is reproducible too.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from irkg.tables.schema import Cell, Table

FORMATS = ("csv", "parquet", "json")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.names)
    writer.writerows([_csv_cell(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8")


def to_json(table: Table) -> bytes:
    rows = [dict(zip(table.names, row, strict=True)) for row in table.rows]
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_arrow(table: Table) -> Any:
    """A ``pyarrow.Table`` with the declared types (pyarrow is imported only when needed:
    it takes longer to import than most irkg commands take to run)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
             "bool": pa.bool_()}
    columns = {
        col.name: pa.array([row[i] for row in table.rows], type=types[col.type])
        for i, col in enumerate(table.columns)
    }
    schema = pa.schema([pa.field(c.name, types[c.type], metadata={"doc": c.doc})
                        for c in table.columns])
    return pa.Table.from_pydict(columns, schema=schema)


def to_parquet(table: Table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(to_arrow(table), sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def encode(table: Table, fmt: str) -> bytes:
    """``table`` in format ``fmt`` (one of :data:`FORMATS`)."""
    return {"csv": to_csv, "json": to_json, "parquet": to_parquet}[fmt](table)
