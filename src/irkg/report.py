"""Validation reports in the formats people read them in: terminal, CI, pull request.

One :class:`~irkg.validate.Report` is rendered as plain text, a documented
JSON document, GitHub Actions workflow commands, or (in the sibling modules)
JUnit XML, SARIF 2.1.0 and the W3C ``sh:ValidationReport`` in Turtle. Every
format places a finding at the annotation line that produced its node; a
node the seeds do not explain (a graph edited by hand, or validated without
``--seeds``) is placed at its own subject line in the validated Turtle file,
so code-scanning tools always have a file to point at.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import URIRef

from irkg.errors import InputError, Location, display_path
from irkg.ontology import local_name
from irkg.report_ci import render_junit, render_sarif
from irkg.report_turtle import render_turtle
from irkg.serialize import iri
from irkg.terms import ID, PREFIXES
from irkg.validate import SEVERITIES, Finding, Report

FORMATS = ("text", "json", "junit", "sarif", "github", "turtle")
#: The words ``--fail-on`` takes, worst first.
FAIL_ON = tuple(s.lower() for s in SEVERITIES)
JSON_FORMAT = "irkg-validation-report"
JSON_VERSION = 1


def expand(compact: str) -> str:
    """A full IRI from the Turtle form findings use (``irkg:x``, ``<article/…>``)."""
    if compact.startswith("<") and compact.endswith(">"):
        return urljoin(str(ID), compact[1:-1])
    prefix, sep, local = compact.partition(":")
    namespaces = dict(PREFIXES)
    return namespaces[prefix] + local if sep and prefix in namespaces else compact


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
    def file(self) -> str:
        """The file to look in; findings are grouped by it (a suite per file in JUnit)."""
        return self.where.file if self.where else "(no file)"

    @property
    def quote(self) -> str | None:
        return self.finding.origin.quote if self.finding.origin else None

    @property
    def rule(self) -> str:
        """The failed shape's local name, a stable id for CI tools (e.g. ``Stance-holder``)."""
        return local_name(expand(self.finding.shape)) or "shape"

    def detail(self) -> str:
        """The message with what it applies to: property, node and quote."""
        f = self.finding
        text = f.message + (f" ({f.path})" if f.path else "") + f" at {f.focus}"
        if f.value is not None and f.value != f.focus:
            text += f", value {f.value}"
        return text + (f'; quote: "{self.quote}"' if self.quote else "")


def _subject_lines(path: Path) -> dict[str, int]:
    """Subject → line, for Turtle whose subjects start their lines (as irkg writes it).

    A subject written as a full ``<IRI>`` is keyed in the compact form findings
    use, so hand-written files are placed as well as irkg's own.
    """
    lines: dict[str, int] = {}
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        if line and not line[0].isspace() and line[0] not in "@#":
            token = line.split()[0]
            if token.startswith("<") and token.endswith(">") and ":" in token:
                token = iri(URIRef(token[1:-1]))
            lines.setdefault(token, number)
    return lines


def _order(p: Placed) -> tuple[bool, str, int, int]:
    where = p.where
    return (where is None, p.file, where.line if where else 0, where.column if where else 0)


def place(report: Report, graphs: Sequence[Path] = ()) -> list[Placed]:
    """Each finding at its annotation origin, else its line in the validated files.

    Sorted by file and line once placed: the report's own order only knows
    annotation origins, and findings placed in Turtle must interleave by line.
    """
    indexes = [(display_path(p), _subject_lines(p)) for p in graphs]
    placed = []
    for f in report.findings:
        where = f.origin.where if f.origin else None
        if where is None:
            hits = [Location(name, idx[f.focus], 1) for name, idx in indexes if f.focus in idx]
            where = hits[0] if hits else (Location(indexes[0][0]) if indexes else None)
        placed.append(Placed(f, where))
    return sorted(placed, key=_order)  # stable: ties keep the report's order


def failing_severities(fail_on: str) -> frozenset[str]:
    """The severities that fail a run with ``--fail-on fail_on``: it and every worse one."""
    if fail_on not in FAIL_ON:
        raise InputError(f"unknown severity {fail_on!r}", "use one of " + ", ".join(FAIL_ON))
    return frozenset(FAIL_ON[: FAIL_ON.index(fail_on) + 1])


def fails(report: Report, fail_on: str = "violation") -> bool:
    """Whether the run fails: a finding of ``fail_on``'s severity or worse exists."""
    failing = failing_severities(fail_on)
    return any(f.severity.lower() in failing for f in report.findings)


def counts(report: Report) -> dict[str, int]:
    return {s.lower(): sum(f.severity == s for f in report.findings) for s in SEVERITIES}


def summary(report: Report) -> str:
    """One line: ``conforms``, or the counts by severity and the verdict."""
    parts = [f"{n} {sev}{'' if n == 1 or sev == 'info' else 's'}"
             for sev, n in counts(report).items() if n]
    verdict = "conforms" if report.conforms else "does not conform"
    return "; ".join([", ".join(parts), verdict]) if parts else verdict


def render_text(report: Report, placed: list[Placed]) -> str:
    """Findings grouped by file, each line starting ``file:line:column:`` for editors."""
    out: list[str] = []
    for group in dict.fromkeys(p.file for p in placed):
        members = [p for p in placed if p.file == group]
        out.append(f"{group} ({len(members)} finding{'' if len(members) == 1 else 's'})")
        for p in members:
            where = p.where
            at = group + (f":{where.line}" if where and where.line else "") + (
                f":{where.column}" if where and where.line and where.column else "")
            f = p.finding
            out.append(f"  {at}: {p.severity}: {f.message}" + (f" ({f.path})" if f.path else ""))
            out.append(f"      node {f.focus}" + (f", value {f.value}" if f.value
                                                   and f.value != f.focus else ""))
            if p.quote:
                out.append(f'      quote "{p.quote}"')
        out.append("")
    return "\n".join(out)


def render_json(report: Report, placed: list[Placed]) -> str:
    """The stable JSON document; its schema is in the README ("Validation reports")."""
    doc = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "conforms": report.conforms,
        "counts": counts(report),
        "findings": [{
            "severity": p.severity,
            "message": p.finding.message,
            "file": p.where.file if p.where else None,
            "line": p.where.line if p.where and p.where.line else None,
            "column": p.where.column if p.where and p.where.column else None,
            "quote": p.quote,
            "focus": expand(p.finding.focus),
            "path": expand(p.finding.path) if p.finding.path else None,
            "value": p.finding.value,
            "shape": expand(p.finding.shape),
            "rule": p.rule,
        } for p in placed],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_GITHUB_LEVEL = {"violation": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, placed: list[Placed]) -> str:
    """GitHub Actions workflow commands: each finding annotates its file and line."""
    lines = []
    for p in placed:
        props = []
        if p.where:
            props.append(f"file={_gh_property(Path(p.where.file).as_posix())}")
            if p.where.line:
                props.append(f"line={p.where.line}")
                if p.where.column:
                    props.append(f"col={p.where.column}")
        props.append(f"title={_gh_property('irkg ' + p.rule)}")
        lines.append(f"::{_GITHUB_LEVEL[p.severity]} {','.join(props)}::{_gh_data(p.detail())}")
    return "".join(line + "\n" for line in lines)


def render(report: Report, fmt: str, graphs: Sequence[Path] = (),
           fail_on: str = "violation") -> str:
    """``report`` in ``fmt`` (one of :data:`FORMATS`); ``graphs`` are the files validated."""
    placed = place(report, graphs)
    writers: dict[str, Callable[[], str]] = {
        "text": lambda: render_text(report, placed),
        "json": lambda: render_json(report, placed),
        "github": lambda: render_github(report, placed),
        "junit": lambda: render_junit(placed, failing_severities(fail_on)),
        "sarif": lambda: render_sarif(placed),
        "turtle": lambda: render_turtle(report),
    }
    if fmt not in writers:
        raise InputError(f"unknown report format {fmt!r}", "use one of " + ", ".join(FORMATS))
    return writers[fmt]()
