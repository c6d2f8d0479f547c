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
from pathlib import Path
from urllib.parse import urljoin

from irkg.errors import InputError
from irkg.report_ci import render_junit, render_sarif
from irkg.report_place import Placed, place, rank
from irkg.report_turtle import render_turtle
from irkg.terms import ID, PREFIXES
from irkg.validate import SEVERITIES, Report

FORMATS = ("text", "json", "junit", "sarif", "github", "turtle")
FAIL_ON = ("violation", "warning", "info")
JSON_FORMAT = "irkg-validation-report"
JSON_VERSION = 1


def fails(report: Report, fail_on: str = "violation") -> bool:
    """Whether the run fails: a finding of ``fail_on``'s severity or worse exists."""
    if fail_on not in FAIL_ON:
        raise InputError(f"unknown severity {fail_on!r}", "use one of " + ", ".join(FAIL_ON))
    return any(rank(f.severity) <= rank(fail_on) for f in report.findings)


def counts(report: Report) -> dict[str, int]:
    return {s.lower(): sum(f.severity == s for f in report.findings) for s in SEVERITIES}


def summary(report: Report) -> str:
    """One line: ``conforms``, or the counts by severity and the verdict."""
    parts = [f"{n} {sev}{'' if n == 1 or sev == 'info' else 's'}"
             for sev, n in counts(report).items() if n]
    verdict = "conforms" if report.conforms else "does not conform"
    return "; ".join([", ".join(parts), verdict]) if parts else verdict


def expand(compact: str) -> str:
    """A full IRI from the Turtle form findings use (``irkg:x``, ``<article/…>``)."""
    if compact.startswith("<") and compact.endswith(">"):
        return urljoin(str(ID), compact[1:-1])
    prefix, sep, local = compact.partition(":")
    namespaces = dict(PREFIXES)
    return namespaces[prefix] + local if sep and prefix in namespaces else compact


def _group_name(p: Placed) -> str:
    return p.where.file if p.where else "(no file)"


def render_text(report: Report, placed: list[Placed]) -> str:
    """Findings grouped by file, each line starting ``file:line:column:`` for editors."""
    out: list[str] = []
    for group in dict.fromkeys(_group_name(p) for p in placed):
        members = [p for p in placed if _group_name(p) == group]
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
        "junit": lambda: render_junit(report, placed, fail_on),
        "sarif": lambda: render_sarif(report, placed),
        "turtle": lambda: render_turtle(report),
    }
    if fmt not in writers:
        raise InputError(f"unknown report format {fmt!r}", "use one of " + ", ".join(FORMATS))
    return writers[fmt]()
