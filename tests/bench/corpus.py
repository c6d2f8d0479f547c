"""Generate a synthetic corpus that irkg accepts: ``corpus.py N OUT_DIR [--seed S]``.

Writes OUT_DIR/registry.yaml (a few hundred invented entities) and N articles,
each a text and its annotation at about the seed article's density, so that
build times measured on it say something about real corpora. The same N and
seed always give byte-identical files. Files are written directly, without a
YAML library, and in parallel, because a benchmark wants 10,000 articles
in seconds, not minutes.

Example::

    python tests/bench/corpus.py 100 /tmp/corpus --seed 1
    irkg check --seeds /tmp/corpus
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the ``bench`` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.article import generate
from bench.entities import Entity, make_registry, registry_yaml

_BY_TYPE: dict[str, list[Entity]] = {}


def by_type(entities: list[Entity]) -> dict[str, list[Entity]]:
    grouped: dict[str, list[Entity]] = {}
    for e in entities:
        grouped.setdefault(e.type, []).append(e)
    return grouped


def _init(seed: int) -> None:
    _BY_TYPE.update(by_type(make_registry(seed)))


def _write(job: tuple[Path, int, int, int]) -> int:
    """Write articles ``first`` … ``last - 1``; returns how many."""
    out, seed, first, last = job
    for index in range(first, last):
        made = generate(seed, index, _BY_TYPE)
        (out / f"{made.id}.txt").write_bytes(made.text)
        (out / f"{made.id}.yaml").write_bytes(made.annotation.encode("utf-8"))
    return last - first


def write_corpus(n: int, out: Path, seed: int = 0, jobs: int | None = None) -> None:
    """Write the registry and ``n`` articles into ``out``, which must hold no corpus yet."""
    out.mkdir(parents=True, exist_ok=True)
    if any(out.glob("*.yaml")) or any(out.glob("*.txt")):
        raise FileExistsError(f"{out} already holds a corpus; give an empty or new folder")
    entities = make_registry(seed)
    (out / "registry.yaml").write_bytes(registry_yaml(entities).encode("utf-8"))
    jobs = max(1, min(jobs or os.cpu_count() or 1, n // 50 or 1))
    step = max(1, min(500, -(-n // (jobs * 4))))
    chunks = [(out, seed, first, min(n, first + step)) for first in range(0, n, step)]
    if jobs == 1:
        _init(seed)
        for chunk in chunks:
            _write(chunk)
        return
    with multiprocessing.get_context("fork").Pool(jobs, _init, (seed,)) as pool:
        for _ in pool.imap_unordered(_write, chunks):
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write (created; must hold no corpus)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="worker processes (default: one per CPU)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    started = time.perf_counter()
    try:
        write_corpus(args.n, args.out, args.seed, args.jobs)
    except FileExistsError as exc:
        parser.error(str(exc))
    print(f"wrote {args.n} article(s) and registry.yaml to {args.out} "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
