"""The ontology's alignment with Wikidata, read from ``ontology/alignment.ttl``.

Which Wikidata classes a registry type allows and which Wikidata property
states what a graph property states are data, not code: adding a line to the
alignment file is all it takes to type-check a new class or cross-check a new
kind of fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from irkg.errors import InputError, display_path
from irkg.ontology import Ontology, load_ontology, local_name, ontology_dir
from irkg.terms import IRKG, WD

ALIGNMENT_FILE = "alignment.ttl"


def wd_id(iri: object) -> str:
    """``http://www.wikidata.org/entity/Q5`` → ``Q5``."""
    text = str(iri)
    return text[len(str(WD)):] if text.startswith(str(WD)) else local_name(text)


@dataclass(frozen=True)
class Alignment:
    graph: Graph
    ontology: Ontology
    #: irkg class → the Wikidata classes (QIDs) its linked items may instantiate.
    classes: dict[URIRef, frozenset[str]]
    #: graph property → Wikidata property id (``org:memberOf`` → ``P463``).
    properties: dict[URIRef, str]
    #: date property of a claim → Wikidata qualifier id (``irkg:startDate`` → ``P580``).
    qualifiers: dict[URIRef, str]
    single_valued: frozenset[URIRef]

    @property
    def instance_of(self) -> str:
        return self.properties[RDF.type]

    @property
    def subclass_of(self) -> str:
        return self.properties[RDFS.subClassOf]

    def allowed_classes(self, cls: URIRef) -> tuple[URIRef | None, frozenset[str]]:
        """The Wikidata classes for ``cls``, from it or its nearest aligned superclass.

        Returns the class the alignment was found on (``None`` when neither the
        class nor any superclass is aligned, meaning: do not type-check).
        """
        frontier, seen = [cls], set()
        while frontier:
            for c in frontier:
                if c in self.classes:
                    return c, self.classes[c]
            seen.update(frontier)
            frontier = sorted({p for c in frontier for p in self.ontology.graph.objects(
                c, RDFS.subClassOf) if isinstance(p, URIRef) and p not in seen})
        return None, frozenset()

    def label(self, wikidata_id: str) -> str:
        """The verified English label the alignment gives a Wikidata id, else the id."""
        value = self.graph.value(WD[wikidata_id], RDFS.label)
        return f"{value} ({wikidata_id})" if value is not None else wikidata_id


@lru_cache(maxsize=4)
def load_alignment(directory: Path | None = None) -> Alignment:
    path = (directory or ontology_dir()) / ALIGNMENT_FILE
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot read the Wikidata alignment {display_path(path)}: {exc}",
                         "restore ontology/alignment.ttl") from None
    classes: dict[URIRef, set[str]] = {}
    for cls, target in graph.subject_objects(IRKG.wikidataClass):
        if isinstance(cls, URIRef):
            classes.setdefault(cls, set()).add(wd_id(target))
    properties = {p: wd_id(t) for p, t in graph.subject_objects(IRKG.wikidataProperty)
                  if isinstance(p, URIRef)}
    qualifiers = {p: wd_id(t) for p, t in graph.subject_objects(IRKG.wikidataQualifier)
                  if isinstance(p, URIRef)}
    single = frozenset(p for p, v in graph.subject_objects(IRKG.wikidataSingleValued)
                       if isinstance(p, URIRef) and isinstance(v, Literal) and v.toPython())
    for needed in (RDF.type, RDFS.subClassOf):
        if needed not in properties:
            raise InputError(f"{display_path(path)} does not align {local_name(needed)}",
                             f"add '{needed.n3()} irkg:wikidataProperty wd:P…'")
    return Alignment(graph, load_ontology(), {c: frozenset(q) for c, q in classes.items()},
                     properties, qualifiers, single)
