"""``irkg export``: the graph as tables for pandas, R and spreadsheets."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.claims import extract, load_graph
from irkg.cli import fail, main
from irkg.errors import InputError, display_path
from irkg.results import read_query
from irkg.tables import FORMATS, TABLE_NAMES, Table, write, write_folder
from irkg.tables.formats import encode
from irkg.tables.query import select
from irkg.tables.schema import table as make_table


@main.group()
def export() -> None:
    """Export the graph in formats other tools read.

    \b
    Example:
        irkg export claims --out tables/
    """


@export.command()
@click.argument("inputs", metavar="[GRAPH]...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="csv (RFC 4180), parquet (typed columns) or json (an array of rows).")
@click.option("--table", "name", type=click.Choice(["all", *TABLE_NAMES]), default="all",
              show_default=True, help="Which table: all of them into the --out folder, or one.")
@click.option("--out", type=click.Path(path_type=Path),
              help="The folder for all tables; the file for one table or a query "
                   "(default: standard output, except for parquet).")
@click.option("--query", "query_arg", metavar="FILE.rq",
              help="Export the answer of this SPARQL SELECT instead of the tables.")
def claims(inputs: tuple[Path, ...], fmt: str, name: str, out: Path | None,
           query_arg: str | None) -> None:
    """Export claims, evidence, roles, links, quantities, mentions, entities, articles and
    text layers as tables.

    GRAPH is the out/ folder of a build (default: out) or graph files. There
    is one row per claim in 'claims' (several values joined with ' | '),
    one row per passage in 'evidence' and per entity a claim names in
    'roles', all keyed by the claim's IRI; the README lists every column.
    --query runs a SELECT over the same graph and writes its answer in the
    same format.

    \b
    Example:
        irkg export claims --out tables/
        irkg export claims --format parquet --out tables/
        irkg export claims --table claims --format json > claims.json
        irkg export claims --query seeds/queries/01-belarus-memberships.rq --out q.csv
    """
    graph = load_graph(list(inputs) or [Path("out")])
    if query_arg is not None:
        if name != "all":
            fail(InputError("--query and --table exclude each other",
                            "leave out --table: a query's answer is the one table written"))
        _emit(select(graph, read_query(query_arg)), out, fmt)
    elif name == "all":
        if out is None:
            fail(InputError("exporting every table needs a folder",
                            "give --out FOLDER, or --table NAME to print one table"))
        for path in write_folder(graph, out, fmt):
            click.echo(f"wrote {display_path(path)}")
    else:
        _emit(make_table(name, extract(graph)), out, fmt)


def _emit(tab: Table, out: Path | None, fmt: str) -> None:
    if out is not None:
        click.echo(f"wrote {display_path(write(tab, out, fmt))} ({len(tab.rows)} rows)")
    elif fmt == "parquet":
        fail(InputError("Parquet is binary and is not printed", "give --out FILE.parquet"))
    else:
        click.echo(encode(tab, fmt), nl=False)
