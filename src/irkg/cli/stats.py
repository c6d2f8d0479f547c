"""``irkg stats``: counts and annotation coverage."""

from __future__ import annotations

import json
from pathlib import Path

import click

from irkg.cli import main
from irkg.cli.core import SEEDS
from irkg.pipeline import build_corpus, load_corpus
from irkg.stats import corpus_stats, to_json, to_text


@main.command()
@SEEDS
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
def stats(seeds: Path, fmt: str) -> None:
    """Count nodes per class and stances per type, and show annotation coverage.

    Coverage is the share of each article's sentences that some fact's or
    stance's evidence overlaps; uncovered sentences are listed with their line,
    so an annotator sees what is left. Boilerplate passages are left out.

    \b
    Example:
        irkg stats --seeds seeds
    """
    corpus = load_corpus(seeds)
    result = corpus_stats(corpus, build_corpus(corpus))
    if fmt == "json":
        click.echo(json.dumps(to_json(result), indent=2, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(to_text(result), nl=False)
