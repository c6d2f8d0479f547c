"""JUnit XML and SARIF 2.1.0: the report formats CI systems and code scanning read.

JUnit follows the Jenkins xUnit ``junit-10.xsd`` dialect, which Jenkins,
GitLab, Azure Pipelines and the common GitHub test-report actions all read:
one test suite per annotation file, one test case per finding. SARIF points
each result at the annotation file, line and column, so code scanning
annotates the pull request at the entry to fix. Neither carries a time or a
timestamp, so the same graph always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote
from xml.etree import ElementTree as ET

from irkg import __version__

if TYPE_CHECKING:  # irkg.report imports this module to dispatch to its formats
    from irkg.report import Placed

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://w3id.org/irkg"
_SARIF_LEVEL = {"violation": "error", "warning": "warning", "info": "note"}


def _case_name(p: Placed) -> str:
    line = f"line {p.where.line}: " if p.where and p.where.line else ""
    return f"{line}{p.rule} at {p.finding.focus}"


def render_junit(placed: list[Placed], failing: frozenset[str]) -> str:
    """Findings of a ``failing`` severity fail their test case; milder ones pass with output."""
    root = ET.Element("testsuites", name="irkg validate")
    files = list(dict.fromkeys(p.file for p in placed))
    if not files:
        suite = ET.SubElement(root, "testsuite", name="irkg validate", tests="1", failures="0",
                              errors="0", skipped="0")
        ET.SubElement(suite, "testcase", name="the graph conforms to the irkg shapes",
                      classname="irkg.validate")
    for name in files:
        members = [p for p in placed if p.file == name]
        failed = [p for p in members if p.severity in failing]
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(members)),
                              failures=str(len(failed)), errors="0", skipped="0", file=name)
        for p in members:
            case = ET.SubElement(suite, "testcase", name=_case_name(p), classname=name)
            if p in failed:
                failure = ET.SubElement(case, "failure", type=p.severity,
                                        message=p.finding.message)
                failure.text = _where(p) + p.detail()
            else:
                ET.SubElement(case, "system-out").text = f"{p.severity}: {_where(p)}{p.detail()}"
    total = sum(int(s.get("tests", "0")) for s in root)
    root.set("tests", str(total))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="unicode") + "\n"


def _where(p: Placed) -> str:
    return f"{p.where}: " if p.where else ""


def _uri(file: str) -> str:
    return quote(PurePath(file).as_posix(), safe="/-._~")


def _fingerprint(p: Placed) -> str:
    f = p.finding
    key = "\x1f".join((f.shape, f.focus, f.path or "", f.value or "", f.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _location(p: Placed) -> list[dict[str, object]]:
    if p.where is None:
        return []
    physical: dict[str, object] = {"artifactLocation": {"uri": _uri(p.where.file)}}
    if p.where.line:
        region: dict[str, int] = {"startLine": p.where.line}
        if p.where.column:
            region["startColumn"] = p.where.column
        physical["region"] = region
    return [{"physicalLocation": physical}]


def render_sarif(placed: list[Placed]) -> str:
    """One run of the ``irkg`` tool; rules are the SHACL shapes that failed."""
    rules: dict[str, dict[str, object]] = {}
    for p in placed:
        rules.setdefault(p.rule, {
            "id": p.rule,
            "shortDescription": {"text": p.finding.message},
            "defaultConfiguration": {"level": _SARIF_LEVEL[p.severity]},
            "properties": {"shape": p.finding.shape},
        })
    order = sorted(rules)
    results = []
    for p in placed:
        result: dict[str, object] = {
            "ruleId": p.rule,
            "ruleIndex": order.index(p.rule),
            "level": _SARIF_LEVEL[p.severity],
            "message": {"text": p.detail()},
            "partialFingerprints": {"irkgFinding/v1": _fingerprint(p)},
            "properties": {k: v for k, v in (
                ("focusNode", p.finding.focus), ("resultPath", p.finding.path),
                ("value", p.finding.value), ("quote", p.quote)) if v is not None},
        }
        if locations := _location(p):
            result["locations"] = locations
        results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "irkg",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rules[r] for r in order],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
