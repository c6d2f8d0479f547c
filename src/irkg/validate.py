"""Validate stage: SHACL results as findings an annotator can act on.

Two engines give the same results: ``fast`` (the default), irkg's own
evaluator of the SHACL the shapes use (:mod:`irkg.shacl`), and ``pyshacl``,
the validator of record, selectable everywhere with ``--engine``. A
differential test holds them to identical results. pyshacl reports focus
nodes by IRI; an annotator needs the annotation file, line and quote that
produced the node, so each result is joined with the origins the builder
recorded.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from rdflib import Graph, URIRef
from rdflib.term import Node

from irkg.build import Origin
from irkg.errors import InputError
from irkg.ontology import load_ontology, ontology_dir
from irkg.serialize import iri
from irkg.shacl.reads import Reads
from irkg.shacl.report import Result, results_graph

if TYPE_CHECKING:
    from irkg.shacl.program import Program

SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    message: str
    shape: str
    path: str | None = None
    value: str | None = None
    origin: Origin | None = None
    #: The SHACL result itself, for the report graph; absent only in hand-made findings.
    result: Result | None = field(default=None, compare=False, repr=False)

    def one_line(self) -> str:
        where = f"{self.origin.where}: " if self.origin else ""
        quote = f' (quote: "{self.origin.quote}")' if self.origin and self.origin.quote else ""
        path = f" [{self.path}]" if self.path else ""
        return f"{where}{self.severity.lower()}: {self.message}{path} at {self.focus}{quote}"

    @classmethod
    def of(cls, result: Result, origin: Origin | None) -> Finding:
        return cls(
            severity=str(result.severity).rsplit("#", 1)[-1],
            focus=_show(result.focus) or "?",
            message=str(result.message) if result.message is not None else "constraint not met",
            shape=_show(result.shape) or "?",
            path=_show(result.path),
            value=_show(result.value),
            origin=origin,
            result=result,
        )

    def order(self) -> tuple[str, int, str, str, str, tuple[str, ...]]:
        """Annotation file and line first: the order an annotator works through them."""
        return (self.origin.where.file if self.origin else "~",
                self.origin.where.line if self.origin else 0, self.focus, self.message,
                self.path or "", self.result.key() if self.result else ())


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]

    @cached_property
    def graph(self) -> Graph:
        """The W3C ``sh:ValidationReport`` of these findings."""
        return results_graph([f.result for f in self.findings if f.result], self.conforms)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Report:
        ordered = tuple(sorted(findings, key=Finding.order))
        return cls(not any(f.severity == "Violation" for f in ordered), ordered)


def _show(node: Node | None) -> str | None:
    if node is None:
        return None
    return iri(node) if isinstance(node, URIRef) else str(node)


@lru_cache(maxsize=2)
def load_shapes(directory: Path | None = None) -> Graph:
    g = Graph()
    g.parse((directory or ontology_dir()) / "shapes.ttl", format="turtle")
    return g


def _file_digest(name: str) -> str:
    return hashlib.sha256((ontology_dir() / name).read_bytes()).hexdigest()


class Engine(Protocol):
    @property
    def id(self) -> str:
        """Names the engine, the shapes and the ontology: cached findings are keyed by it."""

    @property
    def read_predicates(self) -> Reads | None:
        """Predicates the shapes read beyond the focus node, in data that includes the
        ontology, and their peer lookups (None: cannot be bounded)."""

    def results(self, triples: Iterable[Triple],
                focus: Callable[[Node], bool] | None = None) -> list[Result]: ...


@lru_cache(maxsize=2)
def _program() -> Program:
    """The shapes compiled for the fast engine: once per process, and only when needed.

    Compiling costs about a third of a second (rdflib parses the shapes and
    their SPARQL), which a build with nothing to validate should not pay; the
    import of the compiler is deferred for the same reason.
    """
    from irkg.shacl.program import Program

    return Program.compile(load_shapes())


@dataclass(frozen=True)
class _Fast:
    id: str

    @property
    def read_predicates(self) -> Reads | None:
        return _program().reads(_ontology_triples())

    def results(self, triples: Iterable[Triple],
                focus: Callable[[Node], bool] | None = None) -> list[Result]:
        return _program().validate(_with_ontology(triples), focus)


@dataclass(frozen=True)
class _Pyshacl:
    id: str

    @property
    def read_predicates(self) -> Reads | None:
        from irkg.shacl.report import UnsupportedShapes

        try:
            return _program().reads(_ontology_triples())
        except UnsupportedShapes:  # pyshacl runs any shapes; sharding then sees everything
            return None

    def results(self, triples: Iterable[Triple],
                focus: Callable[[Node], bool] | None = None) -> list[Result]:
        from irkg.shacl.report import pyshacl_results

        return pyshacl_results(_with_ontology(triples), load_shapes(), focus)


def _with_ontology(triples: Iterable[Triple]) -> Iterable[Triple]:
    # The ontology is added whole (pyshacl's ont_graph only grafts class
    # axioms), because value shapes check skos:inScheme of the concepts.
    return itertools.chain(triples, _ontology_triples())


@lru_cache(maxsize=2)
def _ontology_triples() -> tuple[Triple, ...]:
    return tuple(load_ontology().graph)


@lru_cache(maxsize=4)
def engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The named engine; its shapes are compiled when it first validates or is asked
    what it reads (``read_predicates``), which raises :class:`UnsupportedShapes` for
    ``fast`` when the shapes use SHACL it does not evaluate."""
    if name not in ENGINES:
        raise InputError(f"unknown validation engine {name!r}", "use one of " + ", ".join(ENGINES),
                         value=name, allowed=ENGINES)
    ident = f"{name}:{_file_digest('shapes.ttl')}:{_file_digest('irkg.ttl')}"
    return _Fast(ident) if name == "fast" else _Pyshacl(ident)


def findings_of(results: Iterable[Result],
                origins: Mapping[URIRef, Origin] | None = None) -> list[Finding]:
    origins = origins or {}
    return [Finding.of(r, origins.get(r.focus) if isinstance(r.focus, URIRef) else None)
            for r in results]


def validate(data: Iterable[Triple], origins: Mapping[URIRef, Origin] | None = None,
             engine_name: str = DEFAULT_ENGINE) -> Report:
    """Validate ``data`` (a graph or triples) as one graph, with the ontology mixed in."""
    return Report.of(findings_of(engine(engine_name).results(data), origins))
