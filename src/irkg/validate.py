"""Validate stage: SHACL with pyshacl, results mapped back to annotations.

pyshacl reports focus nodes by IRI; an annotator needs the annotation file,
line and quote that produced the node, so each result is joined with the
origins the builder recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from irkg.build import Origin
from irkg.ontology import load_ontology, ontology_dir
from irkg.serialize import iri
from irkg.terms import SH

SEVERITIES = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    message: str
    shape: str
    path: str | None = None
    value: str | None = None
    origin: Origin | None = None

    def one_line(self) -> str:
        where = f"{self.origin.where}: " if self.origin else ""
        quote = f' (quote: "{self.origin.quote}")' if self.origin and self.origin.quote else ""
        path = f" [{self.path}]" if self.path else ""
        return f"{where}{self.severity.lower()}: {self.message}{path} at {self.focus}{quote}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]
    graph: Graph


@lru_cache(maxsize=2)
def load_shapes(directory: Path | None = None) -> Graph:
    g = Graph()
    g.parse((directory or ontology_dir()) / "shapes.ttl", format="turtle")
    return g


def _show(node: Node | None) -> str | None:
    if node is None:
        return None
    return iri(node) if isinstance(node, URIRef) else str(node)


def validate(data: Graph, origins: Mapping[URIRef, Origin] | None = None) -> Report:
    """Validate ``data`` against the irkg shapes, with the ontology mixed in."""
    origins = origins or {}
    # The ontology is added whole (pyshacl's ont_graph only grafts class
    # axioms), because value shapes check skos:inScheme of the concepts.
    mixed = Graph()
    mixed += data
    mixed += load_ontology().graph
    conforms, results, _ = shacl_validate(
        mixed,
        shacl_graph=load_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    assert isinstance(results, Graph)
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        message = results.value(result, SH.resultMessage)
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=_show(focus) or "?",
            message=str(message) if message else "constraint not met",
            shape=_show(results.value(result, SH.sourceShape)) or "?",
            path=_show(results.value(result, SH.resultPath)),
            value=_show(results.value(result, SH.value)),
            origin=origins.get(focus) if isinstance(focus, URIRef) else None,
        ))
    findings.sort(key=lambda f: (
        f.origin.where.file if f.origin else "~", f.origin.where.line if f.origin else 0,
        f.focus, f.message, f.path or ""))
    return Report(bool(conforms), tuple(findings), results)
