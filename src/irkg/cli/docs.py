"""``irkg docs``: HTML documentation of the ontology."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import main
from irkg.errors import display_path
from irkg.ontodoc import check_documented, ontology_graph, write_ontology_docs


@main.command()
@click.option("--out", "folder", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out/ontology"), show_default=True,
              help="Where to write the documentation (an index.html).")
@click.option("--ontology", "source", type=click.Path(path_type=Path, file_okay=False),
              help="A folder holding irkg.ttl and alignment.ttl (default: irkg's own).")
def docs(folder: Path, source: Path | None) -> None:
    """Write the HTML documentation of the ontology, its vocabularies and alignment.

    The page is made by pyLODE: every class and property, every concept of
    the controlled vocabularies (stance types, certainties, attributions,
    statuses, relation types) and the Wikidata classes and properties each
    term is aligned with. Exits 1, after writing, if a term of the ontology
    has no label or no comment.

    \b
    Example:
        irkg docs
        irkg docs --out site/ontology
    """
    index = write_ontology_docs(folder, source)
    click.echo(f"wrote {display_path(index)}")
    check_documented(index.read_text(encoding="utf-8"), ontology_graph(source))
