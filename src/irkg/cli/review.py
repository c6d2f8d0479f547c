"""``irkg diff``: what an annotation change does to the graph, for review."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import main
from irkg.diff import diff_graphs
from irkg.diff_format import DIFF_FORMATS, render_diff
from irkg.errors import display_path
from irkg.parse import read_rdf


@main.command(name="diff")
@click.argument("old", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text",
              show_default=True,
              help="text for a terminal, json for tools, markdown for a pull-request comment.")
def diff_cmd(old: Path, new: Path, fmt: str) -> None:
    """Show what changed between two builds of the graph, claim by claim.

    Changes are grouped by article, then by kind: article metadata, facts,
    memberships, stances, evidence (a claim whose quotes alone changed),
    mentions, registry entities and links (owl:sameAs). The order and layout
    of the two files do not matter. Exits 0 whether or not anything changed.
    To compare with a branch, first save its graph, e.g.
    git show origin/main:out/irkg.ttl > base.ttl

    \b
    Example:
        irkg diff base.ttl out/irkg.ttl
        irkg diff base.ttl out/irkg.ttl --format markdown > comment.md
    """
    graphs = diff_graphs(read_rdf(old), read_rdf(new), (display_path(old), display_path(new)))
    click.echo(render_diff(graphs, fmt), nl=False)
