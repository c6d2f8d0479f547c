"""HTML documentation of the ontology, its SKOS vocabularies and its Wikidata alignment.

Public API: :func:`write_ontology_docs` (the documentation into a folder; returns
its ``index.html``), :func:`render` (the page as text), :func:`ontology_graph`
(the documented graph), :func:`documented_terms` (what a page says about each
term), :func:`undocumented` (the terms it leaves without a label or a
comment) and :func:`check_documented` (raises :class:`Undocumented`).

pyLODE renders the page, so it looks like other published vocabularies and
irkg keeps no HTML templates of its own.
"""

from __future__ import annotations

from pathlib import Path

from irkg.errors import InputError, display_path
from irkg.ontodoc.check import (
    DocEntry,
    Undocumented,
    check_documented,
    documented_terms,
    undocumented,
)
from irkg.ontodoc.page import ontology_graph, render

__all__ = ["INDEX", "DocEntry", "Undocumented", "check_documented", "documented_terms",
           "ontology_graph", "render", "undocumented", "write_ontology_docs"]

INDEX = "index.html"


def write_ontology_docs(folder: Path, ontology: Path | None = None) -> Path:
    """Write the documentation of the ontology (in ``ontology``, by default the
    packaged one) to ``folder``; returns the path of its ``index.html``."""
    html = render(ontology_graph(ontology))
    index = folder / INDEX
    try:
        folder.mkdir(parents=True, exist_ok=True)
        index.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {display_path(index)}: {exc.strerror}",
                         "choose a writable --out folder") from None
    return index


