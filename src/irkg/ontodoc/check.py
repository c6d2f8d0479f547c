"""What a generated page says about each term, and which terms it leaves undocumented.

The check reads the page, not the ontology: a term is documented when a
reader of the HTML sees its label and a description, whatever made them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from irkg.errors import IrkgError
from irkg.terms import BASE


@dataclass(frozen=True)
class DocEntry:
    """What the page says about one term: its heading and its description."""

    title: str
    description: str


class _Entries(HTMLParser):
    """Collects pyLODE's term entries: ``div.entity`` > ``h3``, ``code`` (the IRI), rows."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[str, DocEntry] = {}
        self._depth = 0  # div depth inside the current entry; 0 outside any
        self._field = ""  # what the text being read is: h3, code, th, description
        self._title = self._iri = self._description = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "div" and self._depth:
            self._depth += 1
        elif tag == "div" and "entity" in (attr.get("class") or "").split():
            self._depth, self._title, self._iri, self._description = 1, "", "", ""
        elif self._depth and tag in ("h3", "code", "th") and not (tag == "code" and self._iri):
            self._field = tag
        elif self._depth and tag == "sup":
            self._field = ""
        elif self._depth and tag == "a" and attr.get("href") == str(DCTERMS.description):
            self._field = "th-description"
        elif self._depth and tag == "td" and self._field == "after-description":
            self._field = "description"

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._depth:
            self._depth -= 1
            if not self._depth and self._iri:
                self.entries[self._iri] = DocEntry(" ".join(self._title.split()),
                                                   " ".join(self._description.split()))
        elif tag == "th" and self._field == "th-description":
            self._field = "after-description"
        elif tag in ("h3", "code", "td", "th") and self._field != "after-description":
            self._field = ""

    def handle_data(self, data: str) -> None:
        if self._field == "h3":
            self._title += data
        elif self._field == "code":
            self._iri += data.strip()
        elif self._field == "description":
            self._description += data


def documented_terms(html: str) -> dict[str, DocEntry]:
    """Every term entry of a generated page, by IRI."""
    parser = _Entries()
    parser.feed(html)
    parser.close()
    return parser.entries


_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
               SKOS.Concept, SKOS.ConceptScheme)


def undocumented(html: str, ontology: Graph) -> list[str]:
    """``IRI: what is missing`` for each of irkg's own terms the page does not show with
    the label the ontology gives it and a description; empty when every term is documented."""
    entries = documented_terms(html)
    problems = []
    terms = {t for cls in _TERM_TYPES for t in ontology.subjects(RDF.type, cls)
             if isinstance(t, URIRef) and str(t).startswith(BASE)}
    for term in sorted(terms):
        entry = entries.get(str(term))
        labels = {str(v) for p in (RDFS.label, SKOS.prefLabel) for v in ontology.objects(term, p)}
        if entry is None:
            problems.append(f"{term}: not in the documentation")
            continue
        if entry.title not in labels:
            problems.append(f"{term}: no label (rdfs:label or skos:prefLabel)")
        if not entry.description:
            problems.append(f"{term}: no comment (rdfs:comment or skos:definition)")
    return problems


class Undocumented(IrkgError):
    """Terms of the ontology that the documentation shows without a label or a comment."""

    exit_code = 1


def check_documented(html: str, ontology: Graph) -> None:
    """Raise :class:`Undocumented` naming every term :func:`undocumented` finds."""
    problems = undocumented(html, ontology)
    if problems:
        raise Undocumented(f"{len(problems)} term(s) undocumented: " + "; ".join(problems),
                           "give each term an rdfs:label and an rdfs:comment in the ontology")
