"""``irkg suggest mentions``: pre-annotate an article with the registry's names."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import main
from irkg.errors import InputError, Location, display_path
from irkg.interchange import formats, inception_cas
from irkg.load import load_article
from irkg.ontology import load_ontology
from irkg.pipeline import load_seed_registry
from irkg.serialize import write_atomic
from irkg.suggest_mentions import Matcher, render_recall, suggest, suggested_document
from irkg.suggest_yaml import write_suggestions

#: Where suggestions can go: the annotation itself, or a tool's files to start from.
FORMATS = ("yaml", "inception-xmi", "inception-json", "brat", "webannotation", "labelstudio")


@main.group(name="suggest")
def suggest_group() -> None:
    """Pre-annotate articles for an annotator to accept or reject.

    \b
    Example:
        irkg suggest mentions seeds/000_0b4d5d3e6978a53b.yaml --report
    """


@suggest_group.command()
@click.argument("article", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--seeds", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder with registry.yaml  [default: the article's folder]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="yaml",
              show_default=True,
              help="yaml: a 'suggestions:' block in the annotation; any other: the article "
                   "with its annotations and the suggestions as mentions, as that tool's "
                   "files, to correct there and import back (needs --out).")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The folder to write the tool's files to (formats other than yaml).")
@click.option("--report", is_flag=True,
              help="Write nothing; print how many hand mentions the suggester finds, what it "
                   "misses and what it proposes beyond them.")
def mentions(article: Path, seeds: Path | None, fmt: str, out: Path | None,
             report: bool) -> None:
    """Suggest a mention at every place the article names a registry entity.

    Every label and alias of every registry entity is looked for (whole words,
    with the quote anchoring's tolerance for white space, quotes and dashes;
    the longest name wins where names overlap). Places already annotated are
    left out. The suggestions go into the annotation's 'suggestions:' block,
    which the build ignores: move an entry into 'mentions:' to accept it,
    add 'rejected: true' to it to reject it. Running again makes the block
    anew, keeping the rejections and leaving out what has been accepted.

    \b
    Example:
        irkg suggest mentions seeds/000_0b4d5d3e6978a53b.yaml
        irkg suggest mentions seeds/000_0b4d5d3e6978a53b.yaml --report
        irkg suggest mentions seeds/new.yaml --format inception-xmi --out to-annotate/
    """
    annotation = article.with_suffix(".yaml")
    if not annotation.exists():
        raise InputError(f"{display_path(annotation)} does not exist",
                         "write its 'article:' metadata first (README, 'Adding an article')",
                         Location(display_path(annotation)))
    registry = load_seed_registry(seeds if seeds is not None else annotation.parent)
    loaded = load_article(annotation, registry, load_ontology())
    recall = suggest(loaded, Matcher(registry))
    if report:
        click.echo(render_recall(recall, details=True), nl=False)
        return
    if fmt == "yaml":
        changed = write_suggestions(annotation, recall.new)
        verb = "wrote" if changed else "unchanged:"
        click.echo(f"{verb} {display_path(annotation)} ({len(recall.new)} suggestions)")
        return
    if out is None:
        raise click.UsageError(f"--format {fmt} needs --out FOLDER")
    doc = suggested_document(loaded, registry, recall.new)
    if fmt.startswith("inception-"):
        files = inception_cas.export_files(doc, fmt.removeprefix("inception-"))
    else:
        files = formats.export_files(fmt, [doc])
    for name, text in sorted(files.items()):
        write_atomic(out / name, text)
        click.echo(f"wrote {display_path(out / name)}")
    click.echo(f"{len(recall.new)} suggestions among the mentions of {doc.id}")
