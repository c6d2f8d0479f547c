"""Benchmark ``irkg build`` and ``irkg load`` on synthetic corpora of growing size.

For each size N a corpus is generated in a temporary folder (see corpus.py)
and every step runs as its own process, measured the same way (measure.py):

* a cold build (``--no-cache``); a build that fills the cache; a rebuild with
  nothing changed; a rebuild after one claim's note in one article changed
  (no text or quote changed): what the per-article cache saves an annotator;
* for N up to ``--naive-max``, the naive pipeline on the same graph
  (baseline.py naive), because a cached parallel build must beat it;
* ``irkg load --from OUT/irkg.nq`` against pyoxigraph's bulk loader on the
  same file (baseline.py bulk), the ceiling for loading.

The results go to stdout as Markdown (and to ``--out``); progress goes to
stderr. Capabilities the installed irkg lacks stop the run with a message
saying which, unless ``--allow-missing`` asks to measure what exists.

Example::

    python tests/bench/run.py --sizes 10,100 --jobs 2 --out results.md
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import write_corpus
from bench.entities import q
from bench.measure import BenchError, Measured, measure
from bench.report import Row, markdown

BASELINE = Path(__file__).resolve().with_name("baseline.py")
SUMMARY = re.compile(r"(\d+) article\(s\), (\d+) triples")
EDITED_NOTE = "Edited by the benchmark: a note changed, no text or quote."


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Irkg:
    """The ``irkg`` command and which of the options this benchmark needs it has."""

    def __init__(self, exe: str, allow_missing: bool, jobs: int | None) -> None:
        self.exe, self.allow_missing, self.jobs = exe, allow_missing, jobs
        build = self._help("build")
        load = self._help("load")
        self.no_cache = "--no-cache" in build
        self.has_jobs = "--jobs" in build
        self.quiet = "--quiet" in build
        self.nquads = "nquads" in build and "--from" in load and "--store" in load
        self.notes: list[str] = []
        self._need(self.no_cache, "irkg build has no --no-cache option, so a cold build "
                   "cannot be told from a cached one", "cold builds run without --no-cache "
                   "(each size starts with an empty cache, so they are still cold)")
        if jobs is not None:
            self._need(self.has_jobs, "irkg build has no --jobs option", "--jobs was ignored")
        self._need(self.nquads, "irkg cannot write an N-Quads dataset (build --dataset "
                   "nquads) or load one (load --from … --store …)", "loading was not measured")

    def _help(self, command: str) -> str:
        found = measure([self.exe, command, "--help"], Path.cwd())
        if found.returncode != 0:
            raise BenchError(f"'{self.exe} {command} --help' failed; is irkg installed?")
        return found.stdout

    def _need(self, present: bool, missing: str, instead: str) -> None:
        if present:
            return
        if not self.allow_missing:
            raise BenchError(f"{missing}. Update irkg, or pass --allow-missing to measure "
                             "what this one can do.")
        log(f"warning: {missing}; {instead}")
        self.notes.append(f"{missing}: {instead}.")

    def build(self, seeds: Path, out: Path, *extra: str) -> list[str]:
        argv = [self.exe, "build", "--seeds", str(seeds), "--out", str(out), *extra]
        if self.jobs is not None and self.has_jobs:
            argv += ["--jobs", str(self.jobs)]
        return argv + (["--quiet"] if self.quiet else [])


def edit_one(seeds: Path) -> Path:
    """Change one claim's note in the middle article; its text and quotes stay as they were."""
    files = sorted(p for p in seeds.glob("*.yaml") if p.name != "registry.yaml")
    path = files[len(files) // 2]
    lines = path.read_bytes().decode("utf-8").split("\n")
    note = f"    note: {q(EDITED_NOTE)}"
    for i, line in enumerate(lines):
        if line.startswith("    note: "):
            lines[i] = note
            break
    else:
        first = next(i for i, line in enumerate(lines) if line.startswith("  - id: "))
        lines.insert(first + 1, note)
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


def triples_of(m: Measured, out: Path) -> tuple[int | None, int | None]:
    """Total triples (from irkg's last summary line) and the registry's (from the manifest)."""
    found = SUMMARY.findall(m.stdout + "\n" + m.stderr)
    total = int(found[-1][1]) if found else None
    registry = None
    manifest = out / "manifest.json"
    if manifest.is_file():
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        total = total if total is not None else doc.get("triples")
        registry = next((g.get("triples") for g in doc.get("graphs", [])
                         if g.get("file") == "registry.ttl"), None)
    return total, registry


def bench_size(irkg: Irkg, n: int, work: Path, seed: int, naive_max: int) -> Row:
    seeds, out = work / "seeds", work / "out"
    env = {**os.environ, "IRKG_CACHE_DIR": str(work / "cache")}
    started = time.perf_counter()
    try:
        write_corpus(n, seeds, seed)
    except FileExistsError as exc:
        raise BenchError(str(exc)) from None
    generated = time.perf_counter() - started
    log(f"N={n}: corpus generated in {generated:.1f} s; cold build …")
    extra = ["--no-cache"] if irkg.no_cache else []
    cold = measure(irkg.build(seeds, out, *extra), work, env).ok(f"cold build of N={n}")
    row = Row(n, generated, cold, *triples_of(cold, out))
    log(f"N={n}: cold build {cold.wall:.1f} s, {row.triples} triples")
    if n <= naive_max:
        row.naive = measure([sys.executable, BASELINE, "naive", out], work, env).ok(
            f"naive baseline for N={n}")
        log(f"N={n}: naive baseline {row.naive.wall:.1f} s ({row.naive.stdout.strip()})")
    # --no-cache leaves the cache as it was (empty): fill it before timing rebuilds.
    row.cache_fill = measure(irkg.build(seeds, out), work, env).ok(f"cache-filling build, N={n}")
    row.no_change = measure(irkg.build(seeds, out), work, env).ok(f"no-change build of N={n}")
    edited = edit_one(seeds)
    row.incremental = measure(irkg.build(seeds, out), work, env).ok(
        f"incremental build of N={n} after editing {edited.name}")
    log(f"N={n}: cache fill {row.cache_fill.wall:.1f} s, no-change {row.no_change.wall:.1f} s, "
        f"incremental {row.incremental.wall:.1f} s")
    if irkg.nquads:
        load(irkg, row, seeds, out, work, env)
    return row


def load(irkg: Irkg, row: Row, seeds: Path, out: Path, work: Path,
         env: dict[str, str]) -> None:
    """``irkg load --from`` against pyoxigraph's bulk loader, on the same N-Quads file."""
    row.dataset = measure(irkg.build(seeds, out, "--dataset", "nquads"), work, env).ok(
        f"dataset build of N={row.n}")
    nquads = out / "irkg.nq"
    if not nquads.is_file():
        raise BenchError(f"irkg build --dataset nquads wrote no {nquads}")
    with nquads.open("rb") as f:  # one quad a line: irkg writes no comments or blank lines
        row.quads = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    row.irkg_load = measure([irkg.exe, "load", "--from", nquads, "--store", work / "store-irkg"],
                            work, env).ok(f"irkg load of N={row.n}")
    row.bulk_load = measure([sys.executable, BASELINE, "bulk", nquads, work / "store-bulk"],
                            work, env).ok(f"bulk load of N={row.n}")
    log(f"N={row.n}: irkg load {row.irkg_load.wall:.1f} s, bulk load {row.bulk_load.wall:.1f} s "
        f"({row.quads} quads)")


def find_irkg(given: str | None) -> str:
    beside = Path(sys.executable).with_name("irkg")
    exe = given or (str(beside) if beside.is_file() else shutil.which("irkg"))
    if not exe:
        raise BenchError("no irkg command found; install irkg or pass --irkg PATH")
    return exe


def sizes_of(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list like 10,100,1000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 1")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=sizes_of, default=[10, 100, 1000],
                        help="corpus sizes, comma-separated (default 10,100,1000)")
    parser.add_argument("--with-10000", action="store_true", help="also N=10000 (long)")
    parser.add_argument("--jobs", type=int, help="passed to irkg build --jobs")
    parser.add_argument("--naive-max", type=int, default=100,
                        help="run the naive baseline up to this N (default 100)")
    parser.add_argument("--out", type=Path, help="also write the Markdown results here")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--irkg", help="the irkg command (default: the one beside this Python)")
    parser.add_argument("--workdir", type=Path,
                        help="keep corpora and outputs here instead of a temporary folder")
    parser.add_argument("--allow-missing", action="store_true",
                        help="measure what an older irkg supports instead of stopping")
    args = parser.parse_args(argv)
    sizes = args.sizes + ([10000] if args.with_10000 and 10000 not in args.sizes else [])
    rows: list[Row] = []
    status = 0
    try:
        irkg = Irkg(find_irkg(args.irkg), args.allow_missing, args.jobs)
        for n in sizes:
            if args.workdir is not None:
                rows.append(bench_size(irkg, n, args.workdir / f"n{n}", args.seed,
                                       args.naive_max))
                continue
            with tempfile.TemporaryDirectory(prefix=f"irkg-bench-{n}-") as tmp:
                rows.append(bench_size(irkg, n, Path(tmp), args.seed, args.naive_max))
    except BenchError as exc:
        log(f"error: {exc}")
        status = 1
        if not rows:
            return status
    settings = (f"seed {args.seed}, jobs {args.jobs if args.jobs is not None else 'default'}, "
                f"naive baseline up to N={args.naive_max}")
    text = markdown(rows, settings, irkg.notes)
    print(text, end="")
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
