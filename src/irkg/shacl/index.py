"""The data graph as plain dicts, built once per validation.

pyshacl asks an rdflib graph for every value node and walks
``rdfs:subClassOf`` again for every ``sh:class`` check; a dict from subject
to predicate to objects answers the same questions in one lookup, and class
closures are computed once per class. Terms are rdflib terms throughout, so
equality and hashing are exactly those of the rdflib graph pyshacl reads.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from irkg.shacl.report import Triple

EMPTY: frozenset[Node] = frozenset()
TYPE = RDF.type
SUBCLASS = RDFS.subClassOf


def interner(canon: dict[str, URIRef]) -> Callable[[Node], Node]:
    """Map each IRI to one object per spelling (those in ``canon`` first).

    rdflib compares terms with a Python ``__eq__``; dict and set lookups only
    call it when the two objects are not the same one, so giving every IRI a
    single object (the shapes' own, where the shapes name it) takes that
    cost out of every lookup. Literals are left alone: their equality is
    rdflib's to decide.
    """

    def intern(term: Node) -> Node:
        if type(term) is URIRef:
            return canon.setdefault(str(term), term)
        return term

    return intern


class DataIndex:
    """Subject → predicate → objects, plus reverse lookups for the predicates targets use."""

    def __init__(self, triples: Iterable[Triple], reverse: Collection[Node] = (),
                 canon: dict[str, URIRef] | None = None) -> None:
        #: One object per IRI, seeded with the shapes' IRIs (see :func:`interner`).
        self.canon: dict[str, URIRef] = dict(canon or {})
        self.canon.setdefault(str(TYPE), TYPE)
        self.canon.setdefault(str(SUBCLASS), SUBCLASS)
        self.intern = intern = interner(self.canon)
        #: subject → predicate → set of objects
        self.spo: dict[Node, dict[Node, set[Node]]] = {}
        #: predicate → object → set of subjects, only for ``reverse`` predicates
        self.pos: dict[Node, dict[Node, set[Node]]] = {intern(p): {} for p in reverse}
        spo, pos = self.spo, self.pos
        canonical, iri = self.canon.setdefault, URIRef
        for s, p, o in triples:
            # interner(), inlined: this loop runs once per triple of every validation
            if type(s) is iri:
                s = canonical(str(s), s)
            if type(p) is iri:
                p = canonical(str(p), p)
            if type(o) is iri:
                o = canonical(str(o), o)
            by_p = spo.get(s)
            if by_p is None:
                spo[s] = {p: {o}}
            else:
                objs = by_p.get(p)
                if objs is None:
                    by_p[p] = {o}
                else:
                    objs.add(o)
            rev = pos.get(p)
            if rev is not None:
                subs = rev.get(o)
                if subs is None:
                    rev[o] = {s}
                else:
                    subs.add(s)
        self._ancestors: dict[Node, frozenset[Node]] = {}
        self._descendants: dict[Node, list[Node]] = {}

    def objects(self, subject: Node, predicate: Node) -> Collection[Node]:
        by_p = self.spo.get(subject)
        if by_p is None:
            return EMPTY
        return by_p.get(predicate, EMPTY)

    def subjects(self, predicate: Node, obj: Node) -> Collection[Node]:
        """Subjects of ``predicate`` with object ``obj``; ``predicate`` must be indexed."""
        return self.pos[predicate].get(obj, EMPTY)

    def subjects_of(self, predicate: Node) -> set[Node]:
        return {s for subs in self.pos[predicate].values() for s in subs}

    def objects_of(self, predicate: Node) -> set[Node]:
        return {o for o, subs in self.pos[predicate].items() if subs}

    def ancestors(self, cls: Node) -> frozenset[Node]:
        """``cls`` and every class it is ``rdfs:subClassOf*`` (rdflib's transitive_objects)."""
        found = self._ancestors.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for parent in self.objects(todo.pop(), SUBCLASS):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self._ancestors[cls] = frozenset(seen)
        return found

    def is_instance(self, node: Node, cls: Node) -> bool:
        """pyshacl's sh:class test: a non-literal with a type whose ancestors include ``cls``."""
        if isinstance(node, Literal):
            return False
        return any(cls in self.ancestors(t) for t in self.objects(node, TYPE))

    def instances(self, cls: Node) -> set[Node]:
        """pyshacl's sh:targetClass: typed ``cls`` or any class ``rdfs:subClassOf*`` it."""
        found: set[Node] = set(self.subjects(TYPE, cls))
        for sub in self._subclasses(cls):
            found.update(self.subjects(TYPE, sub))
        return found

    def _subclasses(self, cls: Node) -> list[Node]:
        found = self._descendants.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for child in self.subjects(SUBCLASS, todo.pop()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            seen.discard(cls)
            found = self._descendants[cls] = list(seen)
        return found
