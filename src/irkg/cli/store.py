"""``irkg load`` and ``irkg query``: the embedded store by default, any SPARQL 1.1 server by URL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from irkg import remote
from irkg import store as embedded
from irkg.cli import main
from irkg.cli.core import SEEDS
from irkg.dataset import dataset_from_file, dataset_from_seeds
from irkg.endpoint import AUTH_SCHEMES, ENV_PASSWORD, ENV_USER, Client, Endpoint
from irkg.results import FORMATS, read_query, render

STORE = click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
                     default=embedded.DEFAULT_STORE, show_default=True,
                     help="Folder of the embedded Oxigraph store.")

_ENDPOINT_OPTIONS = (
    click.option("--endpoint", metavar="URL",
                 help="A SPARQL 1.1 server instead of the embedded store; other URLs default "
                      "to Oxigraph's URL/query, URL/update and URL/store."),
    click.option("--query-url", metavar="URL", help="SPARQL 1.1 Protocol query service."),
    click.option("--update-url", metavar="URL", help="SPARQL 1.1 Protocol update service."),
    click.option("--gsp-url", metavar="URL", help="SPARQL 1.1 Graph Store service."),
    click.option("--auth", type=click.Choice(AUTH_SCHEMES), default="basic", show_default=True,
                 help=f"HTTP authentication, with {ENV_USER}/{ENV_PASSWORD} or ~/.netrc."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                 help="Seconds each HTTP request may take in all, from connecting to the last "
                      "byte of the answer (uploads: one more per MB); one that runs out is not "
                      "retried."),
    click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
                 help="Retries, with backoff, of a request that met a connection error or HTTP "
                      "5xx: queries and uploads always; an update when irkg knows repeating it "
                      "is safe (the load's swap after checking what it did), else only when it "
                      "cannot have reached the server."),
)


def endpoint_options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_ENDPOINT_OPTIONS):
        command = option(command)
    return command


def server(options: dict[str, Any]) -> Client | None:
    """A client when any server URL was given, else None for the embedded store."""
    urls = (options["endpoint"], options["query_url"], options["update_url"], options["gsp_url"])
    if not any(urls):
        return None
    endpoint = Endpoint.of(*urls, auth=options["auth"], timeout=options["timeout"],
                           retries=options["retries"])
    return Client(endpoint)


@main.command()
@SEEDS
@click.option("--from", "source", type=click.Path(path_type=Path, dir_okay=False),
              help="Load this TriG/N-Quads dataset (from 'irkg build --dataset') instead of "
                   "building SEEDS.")
@click.option("--article", metavar="ID",
              help="Replace only this article's graph (the annotation file name without .yaml).")
@click.option("--recover", is_flag=True,
              help="Only remove what loads that were killed left (staging graphs on a server, "
                   "databases beside the embedded store); every load also does this first.")
@STORE
@endpoint_options
def load(seeds: Path, source: Path | None, article: str | None, recover: bool, store_dir: Path,
         **options: Any) -> None:
    """Load the graph into a SPARQL store, one named graph per article.

    By default SEEDS is built and validated in memory, exactly as 'irkg build'
    does, and loaded into the embedded store, replacing everything an earlier
    load put there. A load is all or nothing: on any failure the store keeps
    its previous contents. Exits 1 (and loads nothing) if the graph does not
    conform to the shapes.

    \b
    Example:
        irkg load                              # seeds/ -> .irkg/store
        irkg load --article 000_0b4d5d3e6978a53b
        irkg load --from out/irkg.trig --endpoint http://localhost:7878
        irkg load --recover --endpoint http://localhost:7878
    """
    client = server(options)
    if recover:
        removed = embedded.recover(store_dir) if client is None else remote.recover(client)
        click.echo(f"removed {removed} leftover(s) of loads that were cut short")
        return
    with ExitStack() as stack:
        # A full load of a file into the embedded store takes the store first
        # and bulk-loads the file while it is being read and checked here.
        full = (stack.enter_context(embedded.FullLoad(store_dir, prefetch=source))
                if client is None and source and not article else None)
        whole = stack.enter_context(dataset_from_file(source) if source
                                    else dataset_from_seeds(seeds))
        dataset = whole.only_article(article) if article else whole
        if full is not None:
            summary = full.commit(dataset)
        elif client is None:
            summary = embedded.load(store_dir, dataset, replace_all=article is None)
        else:
            summary = remote.load(client, dataset, replace_all=article is None)
    target = embedded.shown(store_dir) if client is None else client.endpoint.url("store")
    click.echo(f"loaded {len(summary.graphs)} graph(s), {summary.triples} triples "
               f"from {dataset.source} into {target}")
    if summary.recovered:
        click.echo(f"removed {summary.recovered} staging graph(s) a load that was cut short left")
    if summary.dropped:
        click.echo(f"dropped {len(summary.dropped)} graph(s) an earlier load left")
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)


@main.command()
@click.argument("query_arg", metavar="QUERY")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="A table for reading, or W3C SPARQL results (CSV, TSV, JSON) for scripts.")
@STORE
@endpoint_options
def query(query_arg: str, fmt: str, store_dir: Path, **options: Any) -> None:
    """Answer a SPARQL query: QUERY is an .rq file or the query text.

    The default graph is the union of all loaded graphs, so a query joins
    facts across articles and the entity registry. CONSTRUCT and DESCRIBE
    print sorted N-Triples. An update (DROP, INSERT, ...) is refused on every
    store. With a server, warnings (staging graphs a load left, a default graph
    that is not the union) go to stderr.

    \b
    Example:
        irkg query seeds/queries/01-belarus-memberships.rq
        irkg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
        irkg query q.rq --endpoint http://localhost:7878 --format json
    """
    q = read_query(query_arg)
    client = server(options)
    answer = embedded.query(store_dir, q) if client is None else client.query(q)
    click.echo(render(answer, fmt), nl=False)
    if client is not None:
        for warning in remote.query_warnings(client, answer.empty()):
            click.echo(f"warning: {warning}", err=True)
