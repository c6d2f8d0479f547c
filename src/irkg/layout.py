"""What a build publishes in ``out/``, and whether ``out/`` is still what the seeds build.

One Turtle file per article (``articles/<ID>.ttl``) and one for the registry,
so editing one article changes one file (and its line of the manifest) in a
pull request, however large the corpus; ``manifest.json`` names each file's
graph, triple count and SHA-256. The dataset for bulk loaders
(``--dataset trig|nquads``) is one file of the whole corpus: too big to
review, it is for loading, and the README says not to commit it. Every file
is written from the cache as the build left it, only files whose bytes
change are rewritten, and the new set replaces the old in one step.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import URIRef

from irkg.build import Origin
from irkg.corpus import DEFAULTS, CorpusBuild, Options, build_validated, validate_parts
from irkg.errors import OutOfDate, display_path
from irkg.ontology import load_ontology
from irkg.parse import MANIFEST, manifest_graphs
from irkg.serialize import (
    iri,
    ntriples,
    to_turtle,
    turtle_body,
    turtle_header,
    write_atomic,
    write_atomic_chunks,
)
from irkg.swap import replacing
from irkg.terms import ONTOLOGY_GRAPH
from irkg.validate import Finding, Report
from irkg.worker import PartMeta

ARTICLES = "articles"
DATASET_FILES = {"trig": "irkg.trig", "nquads": "irkg.nq"}
LEGACY = "irkg.ttl"  # the single-file layout of irkg before per-article files
MAX_DIFF_LINES = 200


@dataclass(frozen=True)
class Planned:
    """One file of ``out/``: its name, its SHA-256, and its bytes, produced on demand."""

    name: str
    sha256: str
    chunks: Callable[[], Iterable[bytes]]
    reviewable: bool = True  # False for the dataset: too big to show a diff of


def _plan(build: CorpusBuild, dataset: str | None) -> list[Planned]:
    """Every file a build puts in ``out/``: parts, the dataset if asked for, the manifest."""
    plan = [Planned(m.file, m.turtle_sha256, partial(lambda m: [_turtle(build, m)], m))
            for m in build.parts]
    described = None
    if dataset is not None:
        name = DATASET_FILES[dataset]
        described = (name, _dataset_sha(build, dataset))
        plan.append(Planned(name, described[1], partial(dataset_chunks, build, dataset), False))
    text = manifest(build, described)
    plan.append(Planned(MANIFEST, hashlib.sha256(text).hexdigest(), lambda: [text]))
    return plan


def _strays(build: CorpusBuild, out: Path) -> list[str]:
    """Article files in ``out`` of articles no longer in the seeds."""
    if not (out / ARTICLES).is_dir():
        return []
    wanted = {m.file for m in build.articles}
    return sorted(f"{ARTICLES}/{p.name}" for p in (out / ARTICLES).glob("*.ttl")
                  if f"{ARTICLES}/{p.name}" not in wanted)


def _turtle(build: CorpusBuild, meta: PartMeta) -> bytes:
    return build.read(meta, "part.ttl")


def _ontology() -> tuple[str, tuple[str, ...], str]:
    graph = load_ontology().graph
    return str(ONTOLOGY_GRAPH), ntriples(graph), to_turtle(graph)


def dataset_chunks(build: CorpusBuild, fmt: str) -> Iterator[bytes]:
    """The dataset, graph by graph in IRI order, streamed from the cached parts."""
    onto_name, onto_lines, onto_turtle = _ontology()
    graphs: list[tuple[str, PartMeta | None]] = [(m.name, m) for m in build.parts]
    graphs.append((onto_name, None))
    graphs.sort(key=lambda g: g[0])
    if fmt == "trig":
        yield turtle_header().encode("utf-8")
    for name, meta in graphs:
        if fmt == "nquads":
            lines = (build.read(meta, "part.nt").decode("utf-8").splitlines()
                     if meta else onto_lines)
            yield "".join(f"{line[:-1]}<{name}> .\n" for line in lines).encode("utf-8")
        else:
            body = turtle_body(_turtle(build, meta).decode("utf-8") if meta else onto_turtle)
            nested = "".join(("    " + line if line else line) + "\n"
                             for line in body.splitlines())
            yield f"\n{iri(URIRef(name))} {{\n{nested}}}\n".encode()


def dataset_counts(build: CorpusBuild) -> dict[str, int]:
    counts = {m.name: m.triples for m in build.parts}
    counts[str(ONTOLOGY_GRAPH)] = len(_ontology()[1])
    return dict(sorted(counts.items()))


def manifest(build: CorpusBuild, dataset: tuple[str, str] | None) -> bytes:
    """The manifest: every graph's file, count and hash; with the dataset's, if one is written."""
    doc: dict[str, Any] = {
        "format": "irkg-out", "version": 1,
        "articles": len(build.articles), "triples": build.triples,
        "graphs": [{"graph": m.name, "file": m.file, "triples": m.triples,
                    "sha256": m.turtle_sha256} for m in build.parts],
    }
    if dataset is not None:
        name, sha = dataset
        doc["dataset"] = {"file": name, "sha256": sha, "graphs": dataset_counts(build)}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Known:
    """What this cache last saw of ``out/``'s files: (size, mtime) → SHA-256.

    Hashing every file of a large ``out/`` on each build would cost more than
    an incremental build itself, so a file whose size and modification time
    are as recorded is taken to hold the bytes it held then (the rule git's
    index uses). ``build --check`` never trusts it and reads every byte.
    """

    def __init__(self, build: CorpusBuild, out: Path) -> None:
        name = hashlib.sha256(str(out.resolve()).encode("utf-8")).hexdigest()[:32]
        self.file = build.cache.root / "outstate" / f"{name}.json"
        try:
            self.seen: dict[str, list[Any]] = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.seen = {}

    def sha(self, path: Path) -> str | None:
        try:
            st = path.stat()
        except OSError:
            return None
        row = self.seen.get(str(path))
        if row and row[:2] == [st.st_size, st.st_mtime_ns]:
            return str(row[2])
        sha = _sha(path)
        self.seen[str(path)] = [st.st_size, st.st_mtime_ns, sha]
        return sha

    def wrote(self, path: Path, sha: str) -> None:
        st = path.stat()
        self.seen[str(path)] = [st.st_size, st.st_mtime_ns, sha]

    def save(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.file, json.dumps(self.seen, sort_keys=True))


def _dataset_sha(build: CorpusBuild, fmt: str) -> str:
    h = hashlib.sha256()
    for chunk in dataset_chunks(build, fmt):
        h.update(chunk)
    return h.hexdigest()


def write_outputs(build: CorpusBuild, out: Path, dataset: str | None) -> list[Path]:
    """Publish what changed, and drop files of articles no longer in the seeds, in one swap.

    ``out/`` is never half old and half new: the new set is assembled beside
    it and swapped in whole (:mod:`irkg.swap`), or, when nothing changed,
    left alone.
    """
    known = Known(build, out)
    changed = [f for f in _plan(build, dataset) if known.sha(out / f.name) != f.sha256]
    gone = set(_strays(build, out)) | ({LEGACY} if (out / LEGACY).exists() else set())
    if changed or gone:
        with replacing(out, {Path(f.name) for f in changed} | {Path(g) for g in gone}) as new:
            for f in changed:
                write_atomic_chunks(new / f.name, f.chunks())
        for f in changed:
            known.wrote(out / f.name, f.sha256)
    known.save()
    return [out / f.name for f in changed]


def unified(old: str, new: str, name: str, max_lines: int = MAX_DIFF_LINES) -> str:
    """A unified diff of ``name``, cut after ``max_lines`` lines with a note of the rest."""
    lines = list(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                      f"{name} (in out/)", f"{name} (built from the seeds)"))
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:max_lines])
    if len(lines) > max_lines:
        text += f"... {len(lines) - max_lines} more line(s) of diff\n"
    return text


def check_outputs(build: CorpusBuild, seeds: Path, out: Path, dataset: str | None,
                  max_lines: int = MAX_DIFF_LINES) -> list[Path]:
    """Raise :class:`OutOfDate` unless ``out`` is byte for byte what this build would write."""
    stale: list[str] = []
    diffs: list[str] = []
    budget = max_lines

    def compare(planned: Planned) -> None:
        nonlocal budget
        path = out / planned.name
        if _sha(path) == planned.sha256:
            return
        exists = path.is_file()
        stale.append(display_path(path) + ("" if exists else " (missing)"))
        if exists and planned.reviewable and budget > 0:
            diff = unified(path.read_text(encoding="utf-8", errors="replace"),
                           b"".join(planned.chunks()).decode("utf-8"), display_path(path), budget)
            budget -= diff.count("\n")
            diffs.append(diff)

    plan = _plan(build, dataset)
    parts = len(build.parts)
    for planned in plan[:parts]:
        compare(planned)
    stale.extend(f"{display_path(out / p)} (no such article in the seeds)"
                 for p in _strays(build, out))
    for planned in plan[parts:]:
        compare(planned)
    checked = [out / planned.name for planned in plan]
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        raise OutOfDate(f"{shown} not what the seeds build",
                        f"run 'irkg build --seeds {display_path(seeds)} --out "
                        f"{display_path(out)}' and commit the result", "".join(diffs))
    return checked


def is_out(path: Path) -> bool:
    return (path / MANIFEST).is_file()


def validate_out(out: Path, origins: Mapping[URIRef, Origin], engine: str) -> Report:
    """Validate an ``out/`` folder part by part; findings placed at ``origins`` (from the seeds)."""
    built = validate_parts(manifest_graphs(out), Options(engine=engine, cache=None,
                                                         progress=False))
    def placed(f: Finding) -> Finding:
        focus = f.result.focus if f.result else None
        return f if f.origin or not isinstance(focus, URIRef) else replace(
            f, origin=origins.get(focus))
    return Report.of(placed(f) for f in built.report.findings)


def run_build(seeds: Path, out: Path, dataset: str | None = None,
              options: Options = DEFAULTS) -> tuple[CorpusBuild, list[Path]]:
    """Build, validate and only then write; raises :class:`ValidationFailed` on violations."""
    built = build_validated(seeds, display_path(out), options)
    mark = time.perf_counter()
    written = write_outputs(built, out, dataset)
    built.seconds["write"] = time.perf_counter() - mark
    return built, written
