"""``irkg build``, ``irkg check`` and ``irkg validate``."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import EXIT_VIOLATIONS, main
from irkg.errors import IrkgError, OutOfDate, display_path
from irkg.freshness import check_fresh
from irkg.parse import read_rdf
from irkg.pipeline import load_corpus, origins_from_seeds, run_build
from irkg.report import FAIL_ON, FORMATS, fails, render, summary
from irkg.validate import validate

SEEDS = click.option("--seeds", type=click.Path(path_type=Path, file_okay=False),
                     default=Path("seeds"), show_default=True,
                     help="Folder with registry.yaml, the article texts and annotations.")


def fresh_outputs(seeds: Path, out: Path, dataset: str | None) -> str:
    """``build --check``: the diff goes to stdout, the verdict line to stderr."""
    try:
        checked = check_fresh(seeds, out, dataset)
    except OutOfDate as exc:
        click.echo(exc.diff, nl=False)
        raise
    return ", ".join(display_path(p) for p in checked) + " up to date"


@main.command()
@SEEDS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False),
              default=Path("out"), show_default=True, help="Where to write the graph.")
@click.option("--dataset", type=click.Choice(["trig", "nquads"]), default=None,
              help="Also write the dataset (one named graph per article) for bulk loaders.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 with a diff if OUT is not what the seeds build.")
def build(seeds: Path, out: Path, dataset: str | None, check: bool) -> None:
    """Build the annotated articles into validated Turtle.

    Loads the registry and every annotation, anchors each quote in its article,
    builds the graph, validates it with SHACL and only then writes OUT/irkg.ttl.
    A failed build leaves OUT untouched.

    \b
    Example:
        irkg build --seeds seeds --out out --dataset trig
        irkg build --check    # in CI: is the committed out/ fresh?
    """
    if check:
        click.echo(fresh_outputs(seeds, out, dataset))
        return
    outcome = run_build(seeds, out, dataset)
    for finding in outcome.report.findings:  # warnings and infos: they do not fail a build
        click.echo(finding.one_line(), err=True)
    for path in outcome.written:
        click.echo(f"wrote {display_path(path)}")
    click.echo(f"{outcome.built.articles} article(s), {len(outcome.built.graph)} triples, "
               "conforms")


@main.command()
@SEEDS
def check(seeds: Path) -> None:
    """Lint the annotations without building or validating the graph.

    Checks YAML shape, ids, references to the registry, controlled values,
    dates, article hashes and that every quote is found exactly once.

    \b
    Example:
        irkg check --seeds seeds
    """
    corpus = load_corpus(seeds)
    claims = sum(len(a.claims) for a in corpus.articles)
    click.echo(f"{len(corpus.registry.entities)} entities, {len(corpus.articles)} article(s), "
               f"{claims} claims: ok")


@main.command(name="validate")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), default=Path("seeds"),
              show_default=True, help="Annotations to map findings back to file:line.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: text, json, junit (CI test reports), sarif (code scanning), "
                   "github (Actions annotations) or turtle (the SHACL report graph).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="violation", show_default=True,
              help="The mildest severity that makes the run fail (exit 1).")
def validate_cmd(files: tuple[Path, ...], seeds: Path, fmt: str, fail_on: str) -> None:
    """Validate RDF files against the irkg SHACL shapes.

    FILES are Turtle, or TriG / N-Quads / N-Triples by their extension
    (.trig, .nq, .nt); their triples are validated together.

    Exits 0 when the union of FILES has no finding of --fail-on severity or
    worse, 1 when it has, 2 on bad input. Findings name the annotation file,
    line and column that produced the node when the graph was built from
    SEEDS. The report goes to stdout; in the machine formats the one-line
    verdict goes to stderr.

    \b
    Example:
        irkg validate out/irkg.ttl
        irkg validate out/irkg.ttl --format sarif > irkg.sarif
    """
    graph = read_rdf(*files)
    try:
        origins = origins_from_seeds(seeds)
    except IrkgError as exc:  # still validate; only the file:line mapping is lost
        click.echo(f"note: findings are not mapped to annotations, because {seeds} does not "
                   f"load: {exc.one_line().splitlines()[0]}", err=True)
        origins = {}
    report = validate(graph, origins)
    failed = fails(report, fail_on)
    click.echo(render(report, fmt, files, fail_on), nl=False)
    click.echo(summary(report), err=failed or fmt != "text")
    if failed:
        raise SystemExit(EXIT_VIOLATIONS)


