"""The hand-written ontology as the single source of allowed types and values.

The loader checks registry types and controlled values against the ontology
file itself rather than lists in code, so adding a class or a concept to
``ontology/irkg.ttl`` is all it takes to make it usable in annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from irkg.errors import Location, UnknownReference
from irkg.terms import IRKG

#: Annotation key → the concept scheme its values come from.
SCHEME_OF_KEY: dict[str, URIRef] = {
    "stance": IRKG.StanceTypes,
    "certainty": IRKG.Certainties,
    "attribution": IRKG.Attributions,
    "status": IRKG.AgreementStatuses,
    "relation": IRKG.RelationTypes,
    "polarity": IRKG.Polarities,
    "modality": IRKG.Modalities,
    "scope": IRKG.Scopes,
    "trend": IRKG.Trends,
    "unit": IRKG.Units,
    "comparator": IRKG.Comparators,
    "layer": IRKG.TextLayers,
}


@lru_cache(maxsize=1)
def ontology_dir() -> Path:
    """Where ``irkg.ttl`` and ``shapes.ttl`` live.

    Installed wheels carry them as package data; a source checkout (including
    an editable install) reads the top-level ``ontology/`` folder.
    """
    packaged = Path(str(resources.files("irkg"))) / "ontology"
    if (packaged / "irkg.ttl").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "ontology"


def local_name(iri: URIRef | str) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Ontology:
    graph: Graph
    classes: dict[str, URIRef]
    ancestors: dict[URIRef, frozenset[URIRef]]
    concepts: dict[str, dict[str, URIRef]]

    def is_a(self, cls: URIRef, ancestor: URIRef) -> bool:
        return ancestor in self.ancestors.get(cls, frozenset({cls}))

    def entity_class(self, name: str, where: Location) -> URIRef:
        try:
            return self.classes[name]
        except KeyError:
            allowed = tuple(sorted(self.classes))
            raise UnknownReference(f"unknown entity type {name!r}",
                                   "use one of " + ", ".join(allowed), where,
                                   value=name, allowed=allowed) from None

    def concept(self, key: str, value: str, where: Location) -> URIRef:
        allowed = self.concepts[key]
        try:
            return allowed[value]
        except KeyError:
            names = tuple(sorted(allowed))
            raise UnknownReference(f"unknown {key} {value!r}", "use one of " + ", ".join(names),
                                   where, value=value, allowed=names) from None


def _ancestors(graph: Graph) -> dict[URIRef, frozenset[URIRef]]:
    parents: dict[URIRef, set[URIRef]] = {}
    for child, parent in graph.subject_objects(RDFS.subClassOf):
        if isinstance(child, URIRef) and isinstance(parent, URIRef):
            parents.setdefault(child, set()).add(parent)
    closed: dict[URIRef, frozenset[URIRef]] = {}

    def walk(cls: URIRef) -> frozenset[URIRef]:
        if cls not in closed:
            closed[cls] = frozenset({cls})  # guards against cycles
            found = {cls}
            for parent in parents.get(cls, ()):
                found |= walk(parent)
            closed[cls] = frozenset(found)
        return closed[cls]

    for cls in list(parents):
        walk(cls)
    return closed


@lru_cache(maxsize=4)
def load_ontology(directory: Path | None = None) -> Ontology:
    graph = Graph()
    graph.parse((directory or ontology_dir()) / "irkg.ttl", format="turtle")
    ancestors = _ancestors(graph)
    classes = {
        local_name(cls): cls
        for cls in graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
        if isinstance(cls, URIRef) and IRKG.Entity in ancestors.get(cls, ())
    }
    concepts = {
        key: {
            local_name(c): c
            for c in graph.subjects(SKOS.inScheme, scheme)
            if isinstance(c, URIRef)
        }
        for key, scheme in SCHEME_OF_KEY.items()
    }
    return Ontology(graph, classes, ancestors, concepts)
