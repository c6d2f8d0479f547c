"""The corpus build: every article in parallel, cached, validated exactly, never all in memory.

Phase one runs :func:`irkg.worker.article_job` for each annotation across
``--jobs`` processes: build (or take from the cache) and validate with a
view of the registry. Phase two, once every part is known, settles what
crosses parts (:mod:`irkg.shard`): it revalidates the few parts whose view
changed, validates the registry and the shared nodes, and gathers the
findings. The parent only ever holds each part's :class:`PartMeta`; the
triples stay in the cache. Nothing is written to ``out/`` here (see
:mod:`irkg.layout`), so a failed build leaves it as it was.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rdflib import URIRef
from rdflib.term import Node

from irkg.build import Origin, Part, build_registry
from irkg.cache import DEFAULT_CACHE, Cache, NoCache, key_of
from irkg.errors import Errors, IrkgError, ValidationFailed, display_path
from irkg.files import read_bytes
from irkg.model import Registry
from irkg.parse import ntriples_to_triples, read_triples
from irkg.pipeline import annotation_files, load_seed_registry
from irkg.progress import Progress
from irkg.serialize import ntriples
from irkg.shard import (
    REGISTRY_KEY,
    Context,
    digest,
    home,
    shared_subjects,
    split_line,
    view_key,
)
from irkg.terms import REGISTRY_GRAPH
from irkg.validate import DEFAULT_ENGINE, Finding, Report, engine, findings_of
from irkg.worker import (
    PartMeta,
    Settings,
    article_job,
    cached_findings,
    cached_part,
    digest_files,
    entry_of,
    few_collections,
    file_job,
    finding_from,
    origins_json_to,
    prebuilt_job,
    prebuilt_key,
    read,
    read_predicates,
    revalidate_job,
    start,
    start_pool_worker,
    store_part,
)

Triple = tuple[Node, Node, Node]
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class Options:
    jobs: int = 0  # 0: one per core
    engine: str = DEFAULT_ENGINE
    cache: Path | None = DEFAULT_CACHE  # None: --no-cache
    progress: bool = True


DEFAULTS = Options()

@dataclass
class CorpusBuild:
    """A validated (or not) build: parts' metas, the cache holding their content, the report."""

    registry: PartMeta
    articles: list[PartMeta]
    report: Report
    cache: Cache
    engine: str
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def parts(self) -> list[PartMeta]:
        return [self.registry, *self.articles]

    @property
    def triples(self) -> int:
        return sum(p.triples for p in self.parts)

    def file(self, meta: PartMeta, name: str) -> tuple[Path, int, str]:
        """One of the part's cached files, checked against its seal: path, triples, SHA-256."""
        read(meta, name)  # rebuilds the entry if it fails its seal
        entry = entry_of(meta)
        return entry.path / name, meta.triples, entry.sha256(name)

    def read(self, meta: PartMeta, name: str) -> bytes:
        """A file of the part's cache entry (``part.ttl``, ``part.nt``, ``origins.json``)."""
        return read(meta, name)


def _jobs(requested: int, work: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(requested or cores or 1, work))


def _run(func: Callable[[T], U], items: list[T], settings: Settings, jobs: int,
         progress: Progress) -> Iterator[tuple[T, U | IrkgError]]:
    """``func`` over ``items`` in order, in-process or across a pool; input errors are yielded."""
    if jobs == 1:
        start(settings)
        with few_collections():
            yield from _each(items, map(func, items), progress)  # map goes on after a raise
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ctx.Pool(jobs, initializer=start_pool_worker, initargs=(settings,)) as pool:
        # One item per task: an error in a chunk of several would lose the results (and
        # errors) of the rest of that chunk, and leave the iterator short of items.
        yield from _each(items, pool.imap(func, items, chunksize=1), progress)


def _each(items: list[T], results: Iterator[U], progress: Progress
          ) -> Iterator[tuple[T, U | IrkgError]]:
    for item in items:
        try:
            yield item, next(results)
        except IrkgError as exc:
            yield item, exc
        progress.advance()


def _registry_part(seeds: Path, cache: Cache, settings_engine: str) -> tuple[Settings, PartMeta]:
    registry = load_seed_registry(seeds)
    path = seeds / "registry.yaml"
    build_key = key_of("registry", digest_files("irkg.ttl"), display_path(path),
                       read_bytes(path, "the registry"))
    part = build_registry(registry)
    found = cached_part(cache, build_key, registry)
    meta = found[0] if found else store_part(cache, REGISTRY_KEY, build_key, part, 0, {},
                                             "registry.ttl")[0]
    return Settings(seeds, cache.root.parent, settings_engine, registry,
                    ntriples(part.triples), read_predicates(cache, engine(settings_engine))), meta


def build_corpus(seeds: Path, options: Options = DEFAULTS) -> CorpusBuild:
    """Build and validate ``seeds``; raises input :class:`Errors` before any validation verdict."""
    clock = time.perf_counter()
    cache = Cache(options.cache) if options.cache is not None else NoCache()
    cache.sweep()
    files = annotation_files(seeds)
    settings, registry = _registry_part(seeds, cache, options.engine)
    seconds = {"registry": time.perf_counter() - clock}
    progress = Progress(len(files), "articles", enabled=options.progress)
    metas: list[PartMeta] = []
    errors: list[IrkgError] = []
    try:
        for _, got in _run(article_job, files, settings, _jobs(options.jobs, len(files)),
                           progress):
            if isinstance(got, Errors):
                errors.extend(got.errors)
            elif isinstance(got, IrkgError):
                errors.append(got)
            else:
                metas.append(got)
    finally:
        progress.close()
    if errors:
        raise Errors(errors)
    seconds["articles"] = time.perf_counter() - clock - seconds["registry"]
    for key in ("build", "validate"):
        seconds[f"articles.{key} (cpu)"] = sum(m.seconds.get(key, 0.0) for m in metas)
    seconds["articles built"] = sum(m.seconds.get("built", 0.0) for m in metas)
    build = CorpusBuild(registry, sorted(metas, key=lambda m: m.key), Report.of(()), cache,
                        options.engine, seconds)
    mark = time.perf_counter()
    settle(build, settings, options)
    seconds["parts validated"] = sum(m.seconds.get("validated", 0.0) for m in build.parts)
    seconds["cross-part validation"] = time.perf_counter() - mark
    seconds["total"] = time.perf_counter() - clock
    return build


def validate_parts(parts: Sequence[Part] | Sequence[tuple[str, Path]],
                   options: Options = DEFAULTS) -> CorpusBuild:
    """Validate parts built elsewhere exactly as a build does: in memory, or graph files.

    Graph files (graph IRI, path: the files of an ``out/`` manifest) are read
    by the workers, so the parent never holds the corpus. The registry part,
    if any, is the one named by the registry graph; each part's home is read
    from its graph name (see :func:`irkg.worker.part_key`).
    """
    clock = time.perf_counter()
    cache = Cache(options.cache) if options.cache is not None else NoCache()
    loaded = [p if isinstance(p, Part) else None for p in parts]
    files = [p for p in parts if not isinstance(p, Part)]
    registry = next((p for p in loaded if p is not None and p.name == REGISTRY_GRAPH), None)
    if registry is None:
        path = next((f for g, f in files if g == str(REGISTRY_GRAPH)), None)
        registry = Part(REGISTRY_GRAPH, read_triples(path) if path else set())
    others: list[Any] = sorted((p for p in loaded if p is not None and p is not registry),
                               key=lambda p: str(p.name))
    files = sorted(f for f in files if f[0] != str(REGISTRY_GRAPH))
    meta = store_part(cache, REGISTRY_KEY, prebuilt_key(registry), registry, 0, {},
                      str(registry.name))[0]
    settings = Settings(Path("."), cache.root.parent, options.engine, Registry("(graph)", {}),
                        ntriples(registry.triples), read_predicates(cache, engine(options.engine)))
    progress = Progress(len(others) + len(files), "graphs", enabled=options.progress)
    jobs = _jobs(options.jobs, len(others) + len(files))
    got = [m for _, m in _run(prebuilt_job, others, settings, jobs, progress)]
    got += [m for _, m in _run(file_job, files, settings, jobs, progress)]
    progress.close()
    errors = [m for m in got if isinstance(m, IrkgError)]
    if errors:
        raise Errors(errors)
    metas = [m for m in got if isinstance(m, PartMeta)]
    build = CorpusBuild(meta, metas, Report.of(()), cache, options.engine)
    settle(build, settings, options)
    build.seconds["total"] = time.perf_counter() - clock
    return build


def settle(build: CorpusBuild, settings: Settings, options: Options) -> None:
    """Phase two: the exact view of every part, now that all parts are known; the report."""
    eng = engine(options.engine)
    start(settings)  # this process reads, and may rebuild, cached parts from here on
    foreign = sorted({line for m in build.parts for line in m.foreign})
    shared = shared_subjects(foreign)
    context = Context.reading(settings.predicates)
    context.add(settings.registry_lines, REGISTRY_KEY)
    for meta in build.parts:
        context.add(meta.foreign, meta.key)
    by_key = {m.key: m for m in build.parts}
    reached = {n for m in build.parts for n in m.external} | set(shared)
    reached.update(split_line(line)[2] for line in foreign)
    _add_article_homes(context, by_key, reached)
    shared_at: dict[str | None, list[str]] = {}
    for s in sorted(shared):
        shared_at.setdefault(home(s), []).append(s)
    redo: list[tuple[PartMeta, list[str], list[str]]] = []
    for meta in build.articles:
        external = context.view(meta.key, meta.external)
        excluded = shared_at.get(meta.key, [])
        if view_key(engine=eng.id, part_digest=meta.digest, external=external,
                    excluded=excluded) != meta.view:
            redo.append((meta, external, excluded))
    if redo:
        progress = Progress(len(redo), "revalidating", enabled=options.progress)
        redone = {m.key: m for _, m in _run(revalidate_job, redo, settings,
                                             _jobs(options.jobs, len(redo)), progress)
                  if isinstance(m, PartMeta)}
        progress.close()
        build.articles = [redone.get(m.key, m) for m in build.articles]
    registry = build.registry
    revalidate_job((registry, context.view(REGISTRY_KEY, registry.external),
                    shared_at.get(REGISTRY_KEY, [])))
    rows = [row for m in build.parts for row in m.findings]
    rows.extend(_shared_findings(build, context, foreign, shared, by_key))
    build.report = Report.of(finding_from(r) for r in rows)


def _lines(meta: PartMeta) -> list[str]:
    return read(meta, "part.nt").decode("utf-8").splitlines()


def _add_article_homes(context: Context, by_key: dict[str, PartMeta], nodes: set[str]) -> None:
    """Nodes of one article that others reach (only in hand-edited graphs): add their triples.

    Repeated until nothing new is reached, since the added triples may lead on.
    """
    loaded: set[str] = set()
    while True:
        reached = nodes | context.objects()
        wanted = {h for n in reached if (h := home(n)) and h.startswith("article:")
                  and h in by_key} - loaded
        if not wanted:
            return
        for key in sorted(wanted):
            loaded.add(key)
            context.add([line for line in _lines(by_key[key])
                         if home(split_line(line)[0]) == key], key)


def _shared_findings(build: CorpusBuild, context: Context, foreign: list[str],
                     shared: frozenset[str], by_key: dict[str, PartMeta]
                     ) -> list[dict[str, Any]]:
    """The shared nodes, validated once with everything any part says about them."""
    if not shared:
        return []
    eng = engine(build.engine)
    view = set(foreign)
    origins: dict[URIRef, Origin] = {}
    for key in sorted({h for s in shared if (h := home(s)) in by_key}):
        view.update(line for line in _lines(by_key[key]) if split_line(line)[0] in shared)
        origins.update(origins_json_to(read(by_key[key], "origins.json")))
    objects = {split_line(line)[2] for line in view}
    view.update(context.view("(shared)", sorted(objects | shared)))
    lines = sorted(view)
    key = key_of("shared", eng.id, digest(lines), digest(sorted(shared)))
    focus = {URIRef(s[1:-1]) for s in shared if s.startswith("<")}

    def compute() -> list[Finding]:
        results = eng.results(ntriples_to_triples("".join(line + "\n" for line in lines)),
                              lambda n: n in focus)
        return findings_of(results, origins)
    return cached_findings(build.cache, key, compute)[0]


def build_validated(seeds: Path, untouched: str, options: Options = DEFAULTS) -> CorpusBuild:
    """Build; raise :class:`ValidationFailed` naming what was left ``untouched`` on violations."""
    build = build_corpus(seeds, options)
    if not build.report.conforms:
        raise ValidationFailed(
            f"the graph has {sum(f.severity == 'Violation' for f in build.report.findings)} "
            f"SHACL violation(s); {untouched} left unchanged", build.report)
    return build

