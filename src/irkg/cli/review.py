"""``irkg review``: the graph as a static site to read in a browser."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import main
from irkg.cli.core import ENGINE, SEEDS
from irkg.errors import display_path
from irkg.review.site import build_site


@main.command()
@click.argument("graph", type=click.Path(path_type=Path, exists=True), default=Path("out"))
@SEEDS
@click.option("--out", "folder", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out/review"), show_default=True,
              help="Where to write the site (an index.html and its pages).")
@click.option("--no-ontology", is_flag=True,
              help="Leave out the ontology's documentation (ontology/ in the site); faster.")
@ENGINE
def review(graph: Path, seeds: Path, folder: Path, no_ontology: bool, engine: str) -> None:
    """Write a static review site of the graph: open its index.html in a browser.

    GRAPH is the out/ folder of a build (default) or a folder of graph files.
    Each article gets a page with its verbatim text (read from SEEDS and
    checked against the SHA-256 the graph records), every evidence quote
    highlighted, a table of its facts and stances and a picture of its
    stances; each registry entity gets a page of what the articles claim
    about it; the index links the ontology's documentation. A graph that
    does not conform is still shown, with a banner and its findings marked
    at their quotes (exit 0). Nothing is fetched: the site opens from disk.

    \b
    Example:
        irkg review
        irkg review out --seeds seeds --out review-site --no-ontology
    """
    site, written = build_site(graph, seeds, folder, engine, ontology_docs=not no_ontology)
    verdict = "conforms" if site.conforms else f"does not conform ({site.finding_count} findings)"
    click.echo(f"wrote {len(written)} file(s) to {display_path(folder)}; open "
               f"{display_path(folder / 'index.html')}; the graph {verdict}")
