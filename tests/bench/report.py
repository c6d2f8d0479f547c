"""The benchmark's results as Markdown: one summary table, one table of details.

Ratios are written so that above 1 means irkg is ahead: the naive baseline's
time over irkg's cold build, and irkg's loading throughput over pyoxigraph's
bulk loader's on the same file.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass

from bench.measure import Measured


@dataclass
class Row:
    """Everything measured for one corpus size; ``None`` where a step was not run."""

    n: int
    generate_seconds: float
    cold: Measured
    triples: int | None = None
    registry_triples: int | None = None
    cache_fill: Measured | None = None
    no_change: Measured | None = None
    incremental: Measured | None = None
    naive: Measured | None = None
    dataset: Measured | None = None
    irkg_load: Measured | None = None
    bulk_load: Measured | None = None
    quads: int | None = None

    @property
    def per_article(self) -> float | None:
        if self.triples is None:
            return None
        return (self.triples - (self.registry_triples or 0)) / self.n


def _f(value: float | int | None, spec: str = ".1f") -> str:
    return "n/a" if value is None else format(value, spec)


def _wall(m: Measured | None) -> str:
    return _f(m.wall if m else None, ".2f")


def _ratio(top: Measured | None, bottom: Measured | None) -> str:
    if top is None or bottom is None or bottom.wall <= 0:
        return "n/a"
    return f"{top.wall / bottom.wall:.2f}x"


def summary(rows: list[Row]) -> list[str]:
    lines = ["| N | cold wall (s) | peak MiB | CPU % | triples | triples/s | naive wall (s) "
             "| naive/irkg | incremental (s) | no-change (s) | load ratio |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        rate = r.triples / r.cold.wall if r.triples is not None and r.cold.wall > 0 else None
        cells = [str(r.n), _wall(r.cold), _f(r.cold.peak_mib, ".0f"),
                 _f(r.cold.cpu_percent, ".0f"), _f(r.triples, ",d"), _f(rate, ",.0f"),
                 _wall(r.naive), _ratio(r.naive, r.cold), _wall(r.incremental),
                 _wall(r.no_change), _ratio(r.bulk_load, r.irkg_load)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def details(rows: list[Row]) -> list[str]:
    lines = ["| N | generate (s) | triples/article | cache fill (s) | naive peak MiB "
             "| dataset build (s) | irkg load (s) | bulk load (s) | quads | irkg load peak MiB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        cells = [str(r.n), _f(r.generate_seconds, ".2f"), _f(r.per_article, ",.0f"),
                 _wall(r.cache_fill), _f(r.naive.peak_mib if r.naive else None, ".0f"),
                 _wall(r.dataset), _wall(r.irkg_load), _wall(r.bulk_load), _f(r.quads, ",d"),
                 _f(r.irkg_load.peak_mib if r.irkg_load else None, ".0f")]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def markdown(rows: list[Row], settings: str, notes: list[str]) -> str:
    machine = (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU(s), "
               f"Python {sys.version.split()[0]}")
    parts = ["# irkg build benchmark", "", f"{machine}; {settings}.", "",
             *summary(rows), "",
             "*cold*: `irkg build --no-cache`; *incremental*: rebuild after one claim's note "
             "changed in one article; *no-change*: rebuild with nothing changed (both after a "
             "*cache fill* build); "
             "*naive/irkg*: rdflib + one pyshacl run + Turtle serialisation of the same graph, "
             "over irkg's cold build; *load ratio*: `irkg load --from irkg.nq` throughput over "
             "pyoxigraph `bulk_load` of the same file. Above 1x irkg is ahead.", "",
             "## Details", "", *details(rows)]
    if notes:
        parts += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    return "\n".join(parts) + "\n"
