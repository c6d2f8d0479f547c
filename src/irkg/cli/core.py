"""``irkg build``, ``irkg check`` and ``irkg validate``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from irkg.cache import DEFAULT_CACHE
from irkg.cli import EXIT_VIOLATIONS, main
from irkg.corpus import Options, build_validated
from irkg.errors import InputError, IrkgError, OutOfDate, display_path
from irkg.layout import check_outputs, is_out, run_build, validate_out
from irkg.parse import expand_inputs, read_rdf
from irkg.pipeline import load_corpus, origins_from_seeds
from irkg.report import FAIL_ON, FORMATS, fails, render, summary
from irkg.validate import DEFAULT_ENGINE, ENGINES, validate

MAX_LISTED = 20
COUNTS = frozenset({"articles built", "parts validated"})  # the rest of -v's lines are seconds

# Paths are checked by the library, which says what is wrong in one line (click's own
# checks print a usage block), so the options take any path.
SEEDS = click.option("--seeds", type=click.Path(path_type=Path),
                     default=Path("seeds"), show_default=True,
                     help="Folder with registry.yaml, the article texts and annotations.")


ENGINE = click.option("--engine", type=click.Choice(ENGINES), default=DEFAULT_ENGINE,
                      show_default=True,
                      help="SHACL engine: 'fast' (irkg's own, same results) or 'pyshacl' "
                           "(the validator of record; slow on large corpora).")


def _timings(seconds: dict[str, float]) -> None:
    for stage, value in seconds.items():
        shown = f"{value:.0f}" if stage in COUNTS else f"{value:.2f} s"
        click.echo(f"timing: {stage}: {shown}", err=True)


@main.command()
@SEEDS
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Where to write the graph.")
@click.option("--dataset", type=click.Choice(["trig", "nquads"]), default=None,
              help="Also write the whole corpus as one dataset (a named graph per article) "
                   "for bulk loaders; not for committing.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 with a diff if OUT is not what the seeds build.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes (0: one per core). The output is the same for any number.")
@ENGINE
@click.option("--no-cache", is_flag=True,
              help=f"Build everything afresh, ignoring (and not updating) {DEFAULT_CACHE}/.")
@click.option("--cache-dir", type=click.Path(path_type=Path),
              default=DEFAULT_CACHE, show_default=True, envvar="IRKG_CACHE_DIR",
              help="Where built and validated articles are cached between builds "
                   "(or $IRKG_CACHE_DIR).")
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no 'wrote' lines.")
@click.option("-v", "--verbose", is_flag=True, help="Print where the time went, stage by stage.")
def build(seeds: Path, out: Path, dataset: str | None, check: bool, jobs: int, engine: str,
          no_cache: bool, cache_dir: Path, quiet: bool, verbose: bool) -> None:
    """Build the annotated articles into validated Turtle, one file per article.

    Loads the registry and every annotation, anchors each quote in its article,
    builds the graph, validates it with SHACL and only then writes
    OUT/registry.ttl, OUT/articles/ID.ttl and OUT/manifest.json. A failed
    build leaves OUT untouched. Articles are built in parallel and cached:
    after an edit, only what it affects is built and validated again.

    \b
    Example:
        irkg build --seeds seeds --out out
        irkg build --check        # in CI: is the committed out/ fresh?
        irkg build --dataset nquads -j 4 -v
    """
    options = Options(jobs=jobs, engine=engine, cache=None if no_cache else cache_dir,
                      progress=not quiet)
    if not check:
        writable_folder(out, "--out")
    if not no_cache:
        writable_folder(cache_dir, "--cache-dir")
    if check:
        built = build_validated(seeds, display_path(out), options)
        try:
            checked = check_outputs(built, seeds, out, dataset)
        except OutOfDate as exc:
            click.echo(exc.diff, nl=False)
            raise
        click.echo(f"{display_path(out)}: {len(checked)} file(s) up to date")
        return
    built, written = run_build(seeds, out, dataset, options)
    for finding in built.report.findings:  # warnings and infos: they do not fail a build
        click.echo(finding.one_line(), err=True)
    if not quiet:
        for path in written[:MAX_LISTED]:
            click.echo(f"wrote {display_path(path)}")
        if len(written) > MAX_LISTED:
            click.echo(f"... and {len(written) - MAX_LISTED} more file(s)")
    if verbose:
        _timings(built.seconds)
    click.echo(f"{len(built.articles)} article(s), {built.triples} triples, conforms")


def writable_folder(folder: Path, option: str) -> None:
    """Refuse, before any work, a folder that cannot be created or written.

    Found after a long build it would be a wasted build, or a traceback from
    deep in the writer; found here it is one line naming the option.
    """
    shown = display_path(folder)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{option} {shown} is a file, not a folder",
                         f"give {option} a folder (it is created if missing)", value=shown)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing != folder and not existing.is_dir():
        raise InputError(f"{option} {shown} cannot be created: {display_path(existing)} is a "
                         "file, not a folder", f"give {option} a path below a folder",
                         value=shown)
    if not os.access(existing if existing.exists() else Path.cwd(), os.W_OK | os.X_OK):
        raise InputError(f"{option} {shown} cannot be written: no permission to write "
                         f"{display_path(existing)}", f"give {option} a folder you can write",
                         value=shown)


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
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, readable=False))
@click.option("--seeds", type=click.Path(path_type=Path), default=Path("seeds"),
              show_default=True, help="Annotations to map findings back to file:line.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: text, json, junit (CI test reports), sarif (code scanning), "
                   "github (Actions annotations) or turtle (the SHACL report graph).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="violation", show_default=True,
              help="The mildest severity that makes the run fail (exit 1).")
@ENGINE
def validate_cmd(paths: tuple[Path, ...], seeds: Path, fmt: str, fail_on: str,
                 engine: str) -> None:
    """Validate RDF files against the irkg SHACL shapes.

    PATHS are Turtle files, or TriG / N-Quads / N-Triples by their extension
    (.trig, .nq, .nt), or folders: the out/ folder of a build stands for the
    files its manifest lists, any other folder for every .ttl below it. The
    triples of all of them are validated together.

    Exits 0 when the union has no finding of --fail-on severity or worse, 1
    when it has, 2 on bad input. Findings name the annotation file, line and
    column that produced the node when the graph was built from SEEDS. The
    report goes to stdout; in the machine formats the one-line verdict goes
    to stderr.

    \b
    Example:
        irkg validate out
        irkg validate out --format sarif > irkg.sarif
    """
    files = expand_inputs(paths)
    try:
        origins = origins_from_seeds(seeds)
    except IrkgError as exc:  # still validate; only the file:line mapping is lost
        click.echo(f"note: findings are not mapped to annotations, because {seeds} does not "
                   f"load: {exc.one_line().splitlines()[0]}", err=True)
        origins = {}
    if len(paths) == 1 and is_out(paths[0]):  # validated part by part, never loaded whole
        report = validate_out(paths[0], origins, engine)
    else:
        report = validate(read_rdf(*files), origins, engine)
    failed = fails(report, fail_on)
    click.echo(render(report, fmt, files, fail_on), nl=False)
    click.echo(summary(report), err=failed or fmt != "text")
    if failed:
        raise SystemExit(EXIT_VIOLATIONS)


