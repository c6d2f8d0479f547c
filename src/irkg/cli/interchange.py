"""``irkg import FORMAT FILE…`` and ``irkg export brat|inception|webannotation|labelstudio``."""

from __future__ import annotations

from pathlib import Path

import click

from irkg.cli import main
from irkg.cli.export import export
from irkg.errors import display_path
from irkg.interchange.formats import (
    CANNOT_HOLD,
    NEVER_HELD,
    export_documents,
    export_files,
    read_documents,
)
from irkg.interchange.mapping import load_mapping
from irkg.interchange.merge import apply_plan, plan_import
from irkg.serialize import write_atomic

FORMATS = tuple(CANNOT_HOLD)


@main.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.argument("files", metavar="FILE...", nargs=-1, required=True,
                type=click.Path(path_type=Path))
@click.option("--into", "seeds", type=click.Path(path_type=Path, file_okay=False),
              default=Path("seeds"), show_default=True,
              help="The corpus to merge into (registry.yaml, texts, annotations).")
@click.option("--mapping", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A mapping file laid over the default (see README, 'The mapping file').")
@click.option("--replace", is_flag=True,
              help="Where the export and the seeds disagree, take the export's version.")
@click.option("--language", default="en", show_default=True,
              help="Language of new articles whose export gives none.")
@click.option("--dry-run", is_flag=True, help="Check and report; write nothing.")
def import_(fmt: str, files: tuple[Path, ...], seeds: Path, mapping: Path | None,
            replace: bool, language: str, dry_run: bool) -> None:
    """Merge an annotation tool's export into the corpus.

    FORMAT is brat (NAME.ann beside NAME.txt), inception (UIMA CAS XMI with
    its TypeSystem.xml, UIMA CAS JSON, or INCEpTION's ZIP export),
    webannotation (NAME.jsonld beside NAME.txt) or labelstudio (a JSON
    export); FILE may be a folder.
    Each text becomes seeds/ID.txt (it must equal the seeds' copy if there
    is one), its annotations seeds/ID.yaml, new entities registry entries.
    Re-importing the same export changes nothing; a claim the export says
    differently from the seeds is reported at the seeds' line and needs
    --replace. Any error: one line per bad annotation, exit 2, nothing written.

    \b
    Example:
        irkg import brat brat-project/ --into seeds/
        irkg import inception curation-export.zip
        irkg import labelstudio project-1.json --mapping ls-mapping.yaml
        irkg import webannotation exported/ --replace
    """
    docs = read_documents(fmt, list(files))
    plan = plan_import(seeds, docs, load_mapping(mapping), replace, language)
    for line in plan.added:
        click.echo(f"add {line}")
    for line in plan.replaced:
        click.echo(f"replace {line}")
    if not plan.writes:
        click.echo(f"nothing to import: {display_path(seeds)} already holds every annotation "
                   f"of {len(docs)} document(s)")
        return
    if dry_run:
        click.echo(f"dry run: {len(plan.writes)} file(s) would be written")
        return
    for path in apply_plan(plan):
        click.echo(f"wrote {display_path(path)}")


def _export(fmt: str, seeds: Path, out: Path, variant: str = "xmi") -> None:
    files = export_files(fmt, export_documents(seeds), variant)
    for name, text in sorted(files.items()):
        write_atomic(out / name, text)
        click.echo(f"wrote {display_path(out / name)}")
    for limit in (*NEVER_HELD, *CANNOT_HOLD[fmt]):
        click.echo(f"note: {fmt} does not keep {limit}", err=True)


SEEDS = click.option("--seeds", type=click.Path(path_type=Path, file_okay=False),
                     default=Path("seeds"), show_default=True, help="The corpus to export.")


@export.command("brat")
@SEEDS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The brat collection folder to write (ID.txt, ID.ann, annotation.conf).")
def export_brat(seeds: Path, out: Path) -> None:
    """Write the corpus as a brat collection, to correct in brat and import back.

    \b
    Example:
        irkg export brat --out brat-data/irkg
    """
    _export("brat", seeds, out)


@export.command("webannotation")
@SEEDS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The folder to write (ID.jsonld and ID.txt per article).")
def export_webannotation(seeds: Path, out: Path) -> None:
    """Write every mention and evidence annotation as W3C Web Annotation JSON-LD.

    \b
    Example:
        irkg export webannotation --out annotations/
    """
    _export("webannotation", seeds, out)


@export.command("labelstudio")
@SEEDS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The folder to write (tasks.json and label_config.xml).")
def export_labelstudio(seeds: Path, out: Path) -> None:
    """Write the corpus as Label Studio tasks with their annotations, and the project config.

    \b
    Example:
        irkg export labelstudio --out label-studio/
    """
    _export("labelstudio", seeds, out)


@export.command("inception")
@SEEDS
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="The folder to write (ID.xmi and TypeSystem.xml, or ID.json, per article).")
@click.option("--format", "variant", type=click.Choice(["xmi", "json"]), default="xmi",
              show_default=True,
              help="UIMA CAS XMI (XML 1.0) or UIMA CAS JSON, as INCEpTION imports them.")
def export_inception(seeds: Path, out: Path, variant: str) -> None:
    """Write the corpus as UIMA CAS files in irkg's INCEpTION layout, to correct there.

    Import the files into an INCEpTION project set up as the README's
    "INCEpTION" section says, annotate, export, and bring them back with
    'irkg import inception'.

    \b
    Example:
        irkg export inception --out inception/
        irkg export inception --format json --out inception/
    """
    _export("inception", seeds, out, variant)
