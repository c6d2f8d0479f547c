"""Where a reader should look to fix each finding.

A finding's node was produced by an annotation line, which the builder
recorded; a node the seeds do not explain (a graph edited by hand, or
validated without ``--seeds``) is placed at its own subject line in the
validated Turtle file instead, so every report format, and every CI tool
reading it, has a file to point at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from irkg.errors import Location, display_path
from irkg.validate import SEVERITIES, Finding, Report


@dataclass(frozen=True)
class Placed:
    """A finding and the place a reader should look at to fix it."""

    finding: Finding
    where: Location | None

    @property
    def severity(self) -> str:
        """``violation``, ``warning`` or ``info``: the words ``--fail-on`` takes."""
        return self.finding.severity.lower()

    @property
    def quote(self) -> str | None:
        return self.finding.origin.quote if self.finding.origin else None

    @property
    def rule(self) -> str:
        """The failed shape's local name, a stable id for CI tools (e.g. ``Stance-holder``)."""
        shape = self.finding.shape.strip("<>")
        return shape.rsplit("#", 1)[-1].rsplit("/", 1)[-1].rsplit(":", 1)[-1] or "shape"

    def detail(self) -> str:
        """The message with what it applies to: property, node and quote."""
        f = self.finding
        text = f.message + (f" ({f.path})" if f.path else "") + f" at {f.focus}"
        if f.value is not None and f.value != f.focus:
            text += f", value {f.value}"
        return text + (f'; quote: "{self.quote}"' if self.quote else "")


def _subject_lines(path: Path) -> dict[str, int]:
    """Subject term → line, for Turtle as irkg writes it (each subject alone on a line)."""
    lines: dict[str, int] = {}
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if line and not line[0].isspace() and line[0] not in "@#":
            lines.setdefault(line.split()[0], number)
    return lines


def place(report: Report, graphs: Sequence[Path] = ()) -> list[Placed]:
    """Each finding with its annotation origin, else its line in the validated files."""
    indexes = [(display_path(p), _subject_lines(p)) for p in graphs]
    placed = []
    for f in report.findings:
        where = f.origin.where if f.origin else None
        if where is None:
            hits = [Location(name, idx[f.focus], 1) for name, idx in indexes if f.focus in idx]
            where = hits[0] if hits else (Location(indexes[0][0]) if indexes else None)
        placed.append(Placed(f, where))
    return placed


def rank(severity: str) -> int:
    return [s.lower() for s in SEVERITIES].index(severity.lower())


def failing(placed: Placed, fail_on: str) -> bool:
    return rank(placed.severity) <= rank(fail_on)
