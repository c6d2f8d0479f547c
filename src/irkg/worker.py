"""One article, start to finish, in a worker process: load, anchor, build, serialise, validate.

A worker gets the registry and settings once (:func:`start`) and then one
annotation path per job, so all that crosses between processes per article
is a path in and a small :class:`PartMeta` out; the article's triples,
Turtle and origins go to the cache, where the parent reads them only if it
has to. Both halves of the work are cached separately: the build under a
key of its inputs, the findings under a key of everything the validation
could see (see :mod:`irkg.shard`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from irkg.build import Origin, Part, build_article, build_registry
from irkg.cache import Cache, CacheCorrupt, Entry, key_of
from irkg.errors import Location, display_path
from irkg.files import read_bytes
from irkg.kinds import UNNAMED
from irkg.load import load_article
from irkg.model import Article, Registry
from irkg.ontology import load_ontology, ontology_dir
from irkg.parse import ntriples_to_triples, read_triples
from irkg.serialize import ntriples, turtle_from_lines
from irkg.shacl.reads import Reads
from irkg.shacl.report import Result
from irkg.shard import REGISTRY_KEY, Context, Split, private_focus, view_key
from irkg.terms import REGISTRY_GRAPH, article_graph_iri
from irkg.validate import Engine, Finding, engine, findings_of

Triple = tuple[Node, Node, Node]


@dataclass
class PartMeta:
    """What the parent keeps of a built part: small, whatever the article's size."""

    key: str  # "article:<ID>" or "registry"
    name: str  # the named graph
    file: str  # under out/
    build_key: str
    digest: str  # SHA-256 of its N-Triples: the identity of its content
    turtle_sha256: str
    triples: int
    claims: int
    foreign: list[str]  # N-Triples lines of its foreign triples
    external: list[str]  # IRIs it names whose home is elsewhere
    view: str = ""  # the key of the findings below
    findings: list[dict[str, Any]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    seeds: Path
    cache_root: Path
    engine: str
    registry: Registry
    registry_lines: tuple[str, ...]  # the registry part, as N-Triples
    predicates: frozenset[URIRef] | None  # what the shapes read beyond a focus node


_settings: Settings | None = None
_context: Context | None = None


def start(settings: Settings) -> None:
    """Pool initialiser: the registry and what every view needs of it, once per process."""
    global _settings, _context
    _settings = settings
    _context = Context.reading(settings.predicates)
    _context.add(settings.registry_lines, REGISTRY_KEY)


#: Collect young objects after this many allocations, not 700: an article makes
#: hundreds of thousands of short-lived objects and almost no cycles.
GC_THRESHOLD = (50_000, 20, 20)


@contextmanager
def few_collections() -> Iterator[None]:
    """Fewer cyclic-GC passes while articles are processed; restored afterwards.

    Measured on a 50-article build: a quarter of the CPU went to the
    collector re-walking the registry, the ontology and the compiled shapes,
    which live as long as the process and hold no garbage. Freezing them and
    collecting less often takes that to under 2 % (see the README's profile).
    """
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        gc.unfreeze()


def start_pool_worker(settings: Settings) -> None:
    """Pool initialiser: :func:`start`, and the collector tuned for the worker's whole life."""
    start(settings)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def read_predicates(cache: Cache, eng: Engine) -> Reads | None:
    """What ``eng``'s shapes read beyond a focus node, kept in the cache by engine id.

    Answering it compiles the shapes (a third of a second), which a build whose
    findings all come from the cache never needs to do otherwise. A shapes edit
    changes the id, so it is compiled, and unsupported shapes refused, in the
    parent before any worker starts.
    """
    key = key_of("read-predicates", "2", eng.id)
    hit = cache.get("engines", key)
    if hit is not None:
        try:
            rows = hit.json("predicates.json")
            return None if rows is None else Reads.from_json(rows)
        except (CacheCorrupt, KeyError, TypeError, ValueError, AssertionError):
            cache.drop("engines", key)
    found = eng.read_predicates
    rows = None if found is None else found.to_json()
    cache.put("engines", key, {"predicates.json": json.dumps(rows).encode("utf-8")})
    return found


def _state() -> tuple[Settings, Context, Cache, Engine]:
    assert _settings is not None and _context is not None, "worker.start() was not called"
    return _settings, _context, Cache(_settings.cache_root), engine(_settings.engine)


@lru_cache(maxsize=8)
def digest_files(*names: str) -> str:
    return hashlib.sha256(b"".join((ontology_dir() / n).read_bytes() for n in names)).hexdigest()


def _deps(article: Article, registry: Registry) -> dict[str, str]:
    """The registry entries the article's load checked (existence and class), and nothing else."""
    ids = {m.entity for m in article.mentions}
    for claim in article.claims:
        ids.update(e for refs in claim.refs.values() for e in refs)
    meta = article.meta
    ids.update(e for e in (meta.publisher, meta.original_publisher, meta.author) if e)
    ids.update(layer.speaker for layer in meta.layers if layer.speaker)
    ids.discard(UNNAMED)
    return {e: str(registry.entities[e].cls) for e in sorted(ids)}


def origins_json(origins: dict[URIRef, Origin]) -> bytes:
    rows = {str(n): [o.where.file, o.where.line, o.where.column, o.quote]
            for n, o in origins.items()}  # sorted as strings by dumps: rdflib's __lt__ is slow
    return json.dumps(rows, ensure_ascii=False, sort_keys=True).encode("utf-8")


def origins_json_to(data: bytes) -> dict[URIRef, Origin]:
    try:
        rows = json.loads(data)
    except ValueError:
        raise CacheCorrupt("origins.json is not JSON") from None
    return {URIRef(n): Origin(Location(f, line, col), q) for n, (f, line, col, q) in rows.items()}


def store_part(cache: Cache, key: str, build_key: str, part: Part, claims: int,
               deps: dict[str, str], file: str) -> tuple[PartMeta, Entry]:
    """Serialise a built part into the cache; the meta says what the parent needs."""
    lines = ntriples(part.triples)
    nt = "".join(line + "\n" for line in lines).encode("utf-8")
    turtle = turtle_from_lines(lines).encode("utf-8")
    split = Split.of(key, lines)
    meta = PartMeta(key=key, name=str(part.name), file=file, build_key=build_key,
                    digest=hashlib.sha256(nt).hexdigest(),
                    turtle_sha256=hashlib.sha256(turtle).hexdigest(), triples=len(lines),
                    claims=claims, foreign=list(split.foreign), external=list(split.external))
    entry = cache.put("parts", build_key, {
        "meta.json": json.dumps({"meta": meta.__dict__, "deps": deps}, sort_keys=True,
                                ensure_ascii=False).encode("utf-8"),
        "part.nt": nt, "part.ttl": turtle, "origins.json": origins_json(part.origins)})
    return meta, entry


def cached_part(cache: Cache, build_key: str, registry: Registry) -> tuple[PartMeta, Entry] | None:
    entry = cache.get("parts", build_key)
    if entry is None:
        return None
    try:
        doc = entry.json("meta.json")
        meta = PartMeta(**doc["meta"])
        deps: dict[str, str] = doc["deps"]
    except (CacheCorrupt, TypeError, KeyError):
        cache.drop("parts", build_key)
        return None
    for eid, cls in deps.items():
        found = registry.entities.get(eid)
        if found is None or str(found.cls) != cls:
            return None  # the registry changed under it: build again, and report errors
    meta.seconds = {}
    return meta, entry


def part_triples(meta: PartMeta) -> set[Triple]:
    return ntriples_to_triples(read(meta, "part.nt").decode("utf-8"))


@lru_cache(maxsize=64)
def _shown_folder(folder: Path) -> str:
    return display_path(folder)


def build_key_of(annotation: Path) -> str:
    """Inputs of an article's build; the file name as messages show it is one of them."""
    text = annotation.with_suffix(".txt")
    shown = os.path.join(_shown_folder(annotation.parent), annotation.name)
    # Regular files only, of bounded size: a FIFO swapped in after the corpus was
    # listed must not block the build (irkg.files refuses it with a located error).
    return key_of("article", digest_files("irkg.ttl"), shown,
                  read_bytes(annotation, "the annotation"),
                  read_bytes(text, "the article text") if text.exists() else b"\0none")


def article_job(annotation: Path) -> PartMeta:
    """Build (or find in the cache) and validate one article; input errors are raised."""
    settings, context, cache, eng = _state()
    t0 = time.perf_counter()
    build_key = build_key_of(annotation)
    found = cached_part(cache, build_key, settings.registry)
    if found is not None:
        try:
            return _validate_new(context, cache, eng, found[0], None, None, t0, built=False)
        except CacheCorrupt:
            cache.drop("parts", build_key)
    article = load_article(annotation, settings.registry, load_ontology())
    part = build_article(article)
    meta, _ = store_part(cache, "article:" + article.id, build_key, part, len(article.claims),
                             _deps(article, settings.registry), f"articles/{article.id}.ttl")
    return _validate_new(context, cache, eng, meta, part.triples, part.origins, t0,
                         built=True)


def _validate_new(context: Context, cache: Cache, eng: Engine, meta: PartMeta,
                  triples: set[Triple] | None, origins: dict[URIRef, Origin] | None,
                  t0: float, *, built: bool) -> PartMeta:
    """Phase one's validation, with the view of the registry the worker was started with."""
    t1 = time.perf_counter()
    external = context.view(meta.key, meta.external)
    meta.view = view_key(engine=eng.id, part_digest=meta.digest, external=external, excluded=())
    meta.findings, ran = validated(cache, eng, meta, external, (), triples, origins)
    meta.seconds = {"build": t1 - t0, "validate": time.perf_counter() - t1,
                    "built": float(built), "validated": float(ran)}
    return meta


def part_key(graph: str) -> str:
    """The home key of a named graph: ``article:<ID>``, ``registry``, or the graph itself."""
    prefix = str(article_graph_iri(""))
    if graph.startswith(prefix):
        return "article:" + graph[len(prefix):]
    return REGISTRY_KEY if graph == str(REGISTRY_GRAPH) else graph


def prebuilt_key(part: Part) -> str:
    return key_of("prebuilt", str(part.name), *ntriples(part.triples))


def prebuilt_job(part: Part) -> PartMeta:
    """Phase one for a part built elsewhere (read from a graph file): cached by its content."""
    _, context, cache, eng = _state()
    t0 = time.perf_counter()
    build_key = prebuilt_key(part)
    meta, _ = store_part(cache, part_key(str(part.name)), build_key, part, 0, {},
                             str(part.name))
    return _validate_new(context, cache, eng, meta, part.triples, part.origins, t0,
                         built=True)


def file_job(graph_and_file: tuple[str, Path]) -> PartMeta:
    """Phase one for a graph file of an ``out/`` folder, read in the worker."""
    graph, path = graph_and_file
    return prebuilt_job(Part(URIRef(graph), read_triples(path)))


def entry_of(meta: PartMeta) -> Entry:
    """The part's cache entry, built again if it has gone (or was found corrupt and dropped)."""
    settings, _, cache, _ = _state()
    entry = cache.get("parts", meta.build_key)
    if entry is not None:
        return entry
    if not meta.file.endswith(".ttl"):  # a prebuilt part: nothing to build it again from
        raise CacheCorrupt(f"the cached part {meta.key} is gone")
    if meta.key == REGISTRY_KEY:
        return store_part(cache, REGISTRY_KEY, meta.build_key, build_registry(settings.registry),
                          0, {}, meta.file)[1]
    article = load_article(settings.seeds / (meta.key.split(":", 1)[1] + ".yaml"),
                           settings.registry, load_ontology())
    return store_part(cache, meta.key, meta.build_key, build_article(article), len(article.claims),
                      _deps(article, settings.registry), meta.file)[1]


def read(meta: PartMeta, name: str) -> bytes:
    """One of the part's cached files, rebuilding the entry once if it fails its seal."""
    try:
        return entry_of(meta).read(name)
    except CacheCorrupt:
        _state()[2].drop("parts", meta.build_key)
        return entry_of(meta).read(name)


def cached_findings(cache: Cache, key: str, compute: Callable[[], list[Finding]]
                    ) -> tuple[list[dict[str, Any]], bool]:
    """Findings under ``key``: from the cache, or computed and kept (then True)."""
    hit = cache.get("findings", key)
    if hit is not None:
        try:
            rows: list[dict[str, Any]] = hit.json("findings.json")
            return rows, False
        except CacheCorrupt:
            cache.drop("findings", key)
    rows = [finding_row(f) for f in compute()]
    cache.put("findings", key, {"findings.json": json.dumps(rows, ensure_ascii=False)
                                .encode("utf-8")})
    return rows, True


def validated(cache: Cache, eng: Engine, meta: PartMeta, external: list[str],
              excluded: Iterable[str], triples: set[Triple] | None = None,
              origins: dict[URIRef, Origin] | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The part's findings for its view, from the cache or by running the engine (then True)."""
    def compute() -> list[Finding]:
        part = triples if triples is not None else part_triples(meta)
        view = part | ntriples_to_triples("".join(line + "\n" for line in external))
        return findings_of(eng.results(view, private_focus(meta.key, excluded)),
                           origins if origins is not None
                           else origins_json_to(read(meta, "origins.json")))
    return cached_findings(cache, meta.view, compute)


def _term_json(node: Node | None) -> Any:
    if node is None:
        return None
    if isinstance(node, Literal):
        return {"lit": str(node), "dt": str(node.datatype) if node.datatype else None,
                "lang": node.language}
    return {"bnode": str(node)} if isinstance(node, BNode) else {"iri": str(node)}


def _json_term(data: Any) -> Any:
    if data is None:
        return None
    if "lit" in data:
        return Literal(data["lit"], lang=data["lang"],
                       datatype=URIRef(data["dt"]) if data["dt"] else None)
    return BNode(data["bnode"]) if "bnode" in data else URIRef(data["iri"])


_RESULT_FIELDS = ("focus", "shape", "component", "severity", "path", "value", "message")


def finding_row(f: Finding) -> dict[str, Any]:
    assert f.result is not None
    origin = f.origin
    return {"result": {k: _term_json(getattr(f.result, k)) for k in _RESULT_FIELDS},
            "origin": [origin.where.file, origin.where.line, origin.where.column, origin.quote]
            if origin else None}


def finding_from(row: dict[str, Any]) -> Finding:
    origin = row["origin"]
    result = Result(**{k: _json_term(row["result"][k]) for k in _RESULT_FIELDS})
    return Finding.of(result,
                      Origin(Location(*origin[:3]), origin[3]) if origin else None)


def revalidate_job(args: tuple[PartMeta, list[str], list[str]]) -> PartMeta:
    """Phase two: a part whose view changed once every part was known."""
    meta, external, excluded = args
    _, _, cache, eng = _state()
    meta.view = view_key(engine=eng.id, part_digest=meta.digest, external=external,
                         excluded=excluded)
    meta.findings, ran = validated(cache, eng, meta, external, excluded)
    meta.seconds["validated"] = meta.seconds.get("validated", 0.0) + ran
    return meta
