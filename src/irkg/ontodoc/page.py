"""The documentation page, made by pyLODE's OntPub profile.

OntPub shows only OWL classes and properties; the subclass here adds the
SKOS concepts as a section of their own, and rows for the alignment's
annotations (``irkg:wikidataClass``, the SKOS mappings to GRaSP,
``irkg:cameoRootCode`` and the like), through pyLODE's own section builder.
pyLODE iterates the graph in insertion order, so the graph is handed over
with its triples sorted; the page is then the same bytes on every run.
pyLODE reads every comment as Markdown; irkg's are plain text, so they are
escaped and the page shows them as written. pyLODE is imported on first
use: it is slow to import and only this page needs it.
"""

from __future__ import annotations

import importlib
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from irkg.errors import InputError, display_path
from irkg.ontology import ontology_dir
from irkg.terms import BASE, IRKG

#: The alignment's annotations, shown on the classes, properties and concepts they
#: annotate: Wikidata, then the anchor models of the claim model (GRaSP through SKOS
#: mappings, CAMEO, FactBank). The SKOS ones are labelled from pyLODE's copy of SKOS.
_ALIGNMENT = (IRKG.wikidataClass, IRKG.wikidataProperty, IRKG.wikidataQualifier,
              IRKG.wikidataSingleValued, SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
              SKOS.relatedMatch, IRKG.unmatchedIn, SKOS.notation, IRKG.cameoRootCode,
              IRKG.quadClass, IRKG.fromCertainty, IRKG.fromPolarity)
_SKOS_ROWS = (SKOS.inScheme, SKOS.broader, SKOS.narrower)
#: Texts pyLODE renders as Markdown; the ontology's are plain text, shown verbatim.
_PROSE = (RDFS.comment, SKOS.definition, SKOS.note, SKOS.scopeNote, DCTERMS.description)
_MARKDOWN = re.compile(r"([\\`*_\[\]#>])")


def _verbatim(text: Literal) -> Literal:
    """``text`` with Markdown's punctuation escaped, so that the page shows it as written
    ('demanded *of Lukashenko*' keeps its asterisks) and no HTML in it is passed through."""
    escaped = _MARKDOWN.sub(r"\\\1", str(text)).replace("<", "&lt;")
    return Literal(escaped, lang=text.language, datatype=text.datatype)


def _import_pylode() -> tuple[Any, Any, list[URIRef], list[URIRef]]:
    """pyLODE's page builder, section builder and row lists.

    Importing pyLODE configures the root logger (DEBUG, to stderr), which
    would print rdflib's and everyone's debug messages; the root logger is
    put back as it was.
    """
    root = logging.getLogger()
    level, handlers = root.level, root.handlers[:]
    try:
        ontpub = importlib.import_module("pylode.profiles.ontpub")
        elements = importlib.import_module("pylode.rdf_elements")
        utils = importlib.import_module("pylode.utils")
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
    return ontpub.OntPub, utils.section_html, elements.CLASS_PROPS, elements.PROP_PROPS


def _sections(class_props: list[URIRef],
              prop_props: list[URIRef]) -> dict[str, tuple[str, URIRef, list[URIRef]]]:
    """pyLODE section id → (heading, rdf:type listed, rows shown)."""
    # what a class shows up to its axioms (skos:note included), then the alignment's rows
    concept_props = [*class_props[:8], *_SKOS_ROWS, *_ALIGNMENT]
    return {
        "classes": ("Classes", OWL.Class, [*class_props, *_ALIGNMENT]),
        "objectproperties": ("Object Properties", OWL.ObjectProperty,
                             [*prop_props, *_ALIGNMENT]),
        "datatypeproperties": ("Datatype Properties", OWL.DatatypeProperty,
                               [*prop_props, *_ALIGNMENT]),
        "annotationproperties": ("Annotation Properties", OWL.AnnotationProperty, prop_props),
        # SKOS concepts are listed as named individuals, a type OntPub knows how to badge.
        "concepts": ("Controlled vocabularies (SKOS)", OWL.NamedIndividual, concept_props),
    }


def ontology_graph(directory: Path | None = None) -> Graph:
    """The ontology with its vocabularies and its alignment, as one documented graph."""
    folder = directory or ontology_dir()
    graph = Graph()
    for name in ("irkg.ttl", "alignment.ttl"):
        path = folder / name
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError) as exc:
            raise InputError(f"cannot read {display_path(path)}: {exc}",
                             "check the ontology folder") from None
    return graph


def _doc_graph(ontology: Graph) -> Graph:
    """A copy for pyLODE: one ontology header, concepts typed for their section, sorted."""
    main = next((o for o in sorted(ontology.subjects(RDF.type, OWL.Ontology), key=str)
                 if (o, OWL.imports, None) not in ontology), None)
    doc = Graph(bind_namespaces="core")
    for prefix, ns in sorted(ontology.namespaces()):
        doc.bind(prefix, ns, override=True)
    extra = [(c, RDF.type, OWL.NamedIndividual) for c in ontology.subjects(RDF.type, SKOS.Concept)]
    extra += [(s, RDF.type, OWL.NamedIndividual)
              for s in ontology.subjects(RDF.type, SKOS.ConceptScheme)]
    for s, p, o in sorted([*ontology, *extra], key=lambda t: tuple(x.n3() for x in t)):
        if (s, RDF.type, OWL.Ontology) in ontology and s != main:
            continue  # the alignment's own header: its terms are documented with the ontology's
        if o == SKOS.ConceptScheme:
            continue  # pyLODE would take each scheme for the document's own header
        if p == RDF.type and o == OWL.AnnotationProperty and not str(s).startswith(BASE):
            continue  # SKOS's terms, declared only to keep the alignment OWL DL
        if s == main and p == RDFS.label and (main, DCTERMS.title, None) in ontology:
            continue  # pyLODE would show the label as a second title
        if p in _PROSE and isinstance(o, Literal) and not str(o).startswith("http"):
            o = _verbatim(o)
        doc.add((s, p, o))
    return doc


@lru_cache(maxsize=1)
def _page_class() -> Any:
    """OntPub with irkg's sections; built on first use, when pyLODE is imported."""
    ont_pub, section_html, class_props, prop_props = _import_pylode()
    dominate = importlib.import_module("dominate.tags")
    a, h4, li, ul = dominate.a, dominate.h4, dominate.li, dominate.ul
    sections = _sections(class_props, prop_props)

    class IrkgPub(ont_pub):  # type: ignore[misc,valid-type]
        def __init__(self, graph: Graph) -> None:
            super().__init__(graph)
            skos = [p for p in _ALIGNMENT if str(p).startswith(str(SKOS))]
            for prop in _ALIGNMENT:
                if prop not in skos:
                    self.props_labeled[prop] = {
                        "title": self.ont.value(prop, RDFS.label) or Literal(str(prop)),
                        "description": self.ont.value(prop, RDFS.comment),
                        "ont_title": "the irkg alignment",
                    }
            for prop in (*_SKOS_ROWS, *skos):
                self.props_labeled[prop] = {
                    "title": self.back_onts.value(prop, DCTERMS.title),
                    "description": self.back_onts.value(prop, DCTERMS.description),
                    "ont_title": "SKOS",
                }

        def _make_main_sections(self) -> None:
            with self.content:
                for section, (title, cls, props) in sections.items():
                    if (None, RDF.type, cls) in self.ont:
                        section_html(title, self.ont, self.back_onts, self.ns, cls, props,
                                     self.toc, section, self.fids, self.props_labeled).render()

        def _make_toc(self) -> None:
            concepts = self.toc.pop("concepts", [])
            super()._make_toc()
            if concepts:  # OntPub's table of contents knows only its own sections
                toc = self.doc.body.get(id="toc")[0]
                first = next(c for c in toc.children if isinstance(c, ul))
                entry = li(h4(a("Controlled vocabularies", href="#concepts")))
                sub = entry.add(ul(_class="second"))
                for href, title in concepts:
                    sub.add(li(a(title, href=href)))
                at = next(i for i, c in enumerate(first.children) if "#namespaces" in c.render())
                first.children.insert(at, entry)
                entry.parent = first

    return IrkgPub


def render(ontology: Graph) -> str:
    """The documentation page of ``ontology`` as HTML text."""
    return str(_page_class()(_doc_graph(ontology)).make_html()).rstrip("\n") + "\n"
