"""A fast, exact SHACL engine for the SHACL that irkg's shapes use.

pyshacl re-parses SHACL-SPARQL queries once per focus node and walks rdflib
graphs node by node, which is too slow for a corpus of thousands of
articles. :class:`Program` compiles a shapes graph once into plain Python
structures and evaluates them over dict indexes of the data, running each
SPARQL constraint once per call in Oxigraph. Its results are those pyshacl
gives (:func:`pyshacl_results`, the validator of record); shapes outside the
supported subset are refused with :class:`UnsupportedShapes` rather than
evaluated approximately.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from irkg.shacl.report import Result, Triple, UnsupportedShapes, pyshacl_results, results_graph

if TYPE_CHECKING:
    from irkg.shacl.program import Program


def __getattr__(name: str) -> Any:
    # The compiler pulls in rdflib's SPARQL machinery (a fifth of a second to import),
    # which reading cached findings never needs: it is imported on first use.
    if name == "Program":
        from irkg.shacl.program import Program

        return Program
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Program", "Result", "Triple", "UnsupportedShapes", "pyshacl_results", "results_graph"]
