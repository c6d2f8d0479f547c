"""``irkg diff``: what an annotation change does to the graph, for review."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import main
from irkg.diff import diff_graphs
from irkg.diff_format import DIFF_FORMATS, render_diff
from irkg.errors import display_path
from irkg.parse import expand_inputs, read_rdf


@main.command(name="diff")
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text",
              show_default=True,
              help="text for a terminal, json for tools, markdown for a pull-request comment.")
def diff_cmd(old: Path, new: Path, fmt: str) -> None:
    """Show what changed between two builds of the graph, claim by claim.

    Changes are grouped by article, then by kind: article metadata, facts,
    memberships, stances, evidence (a claim whose quotes alone changed),
    mentions, registry entities and links (owl:sameAs). OLD and NEW are graph
    files or out/ folders of builds; the order and layout of the files do
    not matter. Exits 0 whether or not anything changed. To compare with a
    branch, first extract its out/, e.g.
    mkdir base && git archive origin/main out | tar -x -C base

    \b
    Example:
        irkg diff base/out out
        irkg diff base/out out --format markdown > comment.md
    """
    graphs = diff_graphs(read_rdf(*expand_inputs([old])), read_rdf(*expand_inputs([new])),
                         (display_path(old), display_path(new)))
    click.echo(render_diff(graphs, fmt), nl=False)
