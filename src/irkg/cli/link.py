"""``irkg link check``, ``irkg link suggest`` and ``irkg link crosscheck``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from irkg.cli import main
from irkg.errors import InputError, LinkCheckFailed, display_path
from irkg.pipeline import REGISTRY_FILE, build_corpus, load_corpus, load_seed_registry
from irkg.wikidata.alignment import load_alignment
from irkg.wikidata.cache import EntityCache
from irkg.wikidata.check import check_links
from irkg.wikidata.client import API_URL, Politeness, WikidataClient
from irkg.wikidata.crosscheck import crosscheck, graph_facts, render_json, render_text
from irkg.wikidata.links import LINKS_FILE, load_links
from irkg.wikidata.suggest import accept, suggest_for, unlinked

CACHE_DIR = "wikidata"


def _options(f: Any) -> Any:
    f = click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0,
                     show_default=True, help="Seconds to wait for one Wikidata reply.")(f)
    f = click.option("--api-url", default=API_URL, show_default=True,
                     help="Wikidata Action API endpoint.")(f)
    f = click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
                     default=None, help="Entity cache folder  [default: SEEDS/wikidata]")(f)
    return click.option("--seeds", type=click.Path(path_type=Path, file_okay=False),
                        default=Path("seeds"), show_default=True,
                        help="Folder with registry.yaml and the articles.")(f)


def _cache(seeds: Path, cache_dir: Path | None) -> EntityCache:
    return EntityCache(cache_dir or seeds / CACHE_DIR)


def _client(api_url: str, timeout: float) -> WikidataClient:
    return WikidataClient(api_url, Politeness(timeout=timeout))


@main.group()
def link() -> None:
    """Link registry entities with Wikidata, and check those links.

    Checks and cross-checks read the cache in SEEDS/wikidata and run offline;
    --refresh and suggest ask Wikidata itself.

    \b
    Example:
        irkg link check
        irkg link suggest belarus-election-2020
        irkg link crosscheck --format json
    """


@link.command()
@_options
@click.option("--refresh", is_flag=True, help="Fetch every linked item anew before checking.")
def check(seeds: Path, cache_dir: Path | None, api_url: str, timeout: float,
          refresh: bool) -> None:
    """Check that every QID in the registry is the item we mean.

    The item must exist and not be a redirect, one of its English names must be
    one of ours, and its "instance of" must fit our type (ontology/alignment.ttl).
    Exits 1 when a link is wrong, 0 when all are right (warnings allowed).

    \b
    Example:
        irkg link check
        irkg link check --refresh      # needs access to Wikidata
    """
    registry, alignment = load_seed_registry(seeds), load_alignment()
    cache = _cache(seeds, cache_dir)
    if refresh:
        qids = {e.wikidata for e in registry.entities.values() if e.wikidata}
        fetched = cache.refresh(_client(api_url, timeout), qids,
                                instance_of=alignment.instance_of,
                                subclass_of=alignment.subclass_of)
        click.echo(f"fetched {len(fetched)} item(s) into {cache.directory}")
    report = check_links(registry, cache, alignment, load_links(cache.directory / LINKS_FILE))
    for finding in report.findings:
        click.echo(f"{finding.level}: {finding.one_line()}")
    if report.errors:
        raise LinkCheckFailed(report.summary(), "fix the links named above")
    click.echo(report.summary())


@link.command()
@_options
@click.argument("entities", nargs=-1)
@click.option("--accept", "accepted", metavar="ENTITY=QID",
              help="Link ENTITY to QID in the registry and record the decision.")
@click.option("--by", help="Who decides (recorded with --accept).")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True,
              help="Candidates shown per entity.")
def suggest(seeds: Path, cache_dir: Path | None, api_url: str, timeout: float,
            entities: tuple[str, ...], accepted: str | None, by: str | None,
            limit: int) -> None:
    """Suggest Wikidata items for entities that have no QID yet.

    Without ENTITIES, suggests for every unlinked entity of a type the alignment
    covers. Candidates are ranked by name and type fit; nothing is linked until
    you --accept one.

    \b
    Example:
        irkg link suggest belarus-election-2020
        irkg link suggest --accept belarus-election-2020=Q123 --by "A. Annotator"
    """
    registry, alignment = load_seed_registry(seeds), load_alignment()
    client = _client(api_url, timeout)
    if accepted is not None:
        eid, sep, qid = accepted.partition("=")
        if not sep:
            raise InputError(f"--accept {accepted!r} has no '=QID'",
                             "write --accept ENTITY=QID, e.g. --accept belarus=Q184")
        if eid not in registry.entities:
            raise InputError(f"--accept {accepted!r} does not name a registry entity",
                             "write --accept ENTITY=QID with an id from the registry")
        if not by:
            raise InputError("--accept needs --by", "say who made the decision")
        cache = _cache(seeds, cache_dir)
        links = cache.directory / LINKS_FILE
        fields = accept(seeds / REGISTRY_FILE, links, cache, registry.entities[eid],
                        qid.strip(), client, alignment, by, date.today())
        click.echo(f"linked {eid} to {qid} ({fields['method']}, revision "
                   f"{fields['revision']}); recorded in {display_path(links)}")
        return
    for entity in unlinked(registry, alignment, entities):
        candidates = suggest_for(entity, client, alignment, limit)  # may fail: print after
        click.echo(f"{entity.id} ({entity.label}):")
        if not candidates:
            click.echo("  no candidates")
        for c in candidates:
            click.echo(f"  {c.qid:<11} {c.score:+.2f}  {c.label} — {c.description or '-'}"
                       f"  (name {c.name_fit:.2f}, type {c.type_fit:+.1f})")


@link.command(name="crosscheck")
@_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("--refresh", is_flag=True, help="Fetch the compared items anew first.")
def crosscheck_cmd(seeds: Path, cache_dir: Path | None, api_url: str, timeout: float,
                   fmt: str, refresh: bool) -> None:
    """Compare the graph's facts with Wikidata's statements.

    Membership (P463, with start/end time), heads of state (P35), participants
    (P710) and every other property aligned in ontology/alignment.ttl. Each fact
    agrees, contradicts, is missing from Wikidata, or is unchecked (no QID).

    \b
    Example:
        irkg link crosscheck
        irkg link crosscheck --format json > crosscheck.json
    """
    built, cache, alignment = build_corpus(load_corpus(seeds)), _cache(seeds, cache_dir), \
        load_alignment()
    if refresh:
        qids = {f.subject_qid for f in graph_facts(built, alignment) if f.subject_qid}
        cache.refresh(_client(api_url, timeout), qids, instance_of=alignment.instance_of,
                      subclass_of=alignment.subclass_of)
    results = crosscheck(built, cache, alignment)
    click.echo(render_json(results) if fmt == "json" else render_text(results), nl=False)
