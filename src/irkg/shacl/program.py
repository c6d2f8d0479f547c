"""A compiled shapes graph, and validation of triples against it.

:meth:`Program.compile` does all the work that depends only on the shapes
(finding shapes, checking parameters, analysing SPARQL, rendering message
parts), so :meth:`Program.validate` is one pass to index the data, one
evaluation per focus node and one Oxigraph query per SPARQL constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from irkg.serialize import nt_term
from irkg.shacl.compile import Compiler
from irkg.shacl.core import Class, Pair
from irkg.shacl.index import SUBCLASS, TYPE, DataIndex, interner
from irkg.shacl.messages import DataShower, namespaces_of, shower
from irkg.shacl.reads import PeerLookup, Reads
from irkg.shacl.report import Result, Triple, UnsupportedShapes
from irkg.shacl.shapes import Evaluator, Logical, NodeRef, PropertyRef, Qualified, Shape
from irkg.shacl.sparql import Indirect, Lookup, Sparql, SparqlRun


@dataclass
class Targets:
    """A shape's target declarations (sh:targetClass includes implicit class targets)."""

    classes: list[Node] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    subjects_of: list[Node] = field(default_factory=list)
    objects_of: list[Node] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of)

    def focus(self, index: DataIndex) -> set[Node]:
        found: set[Node] = set(self.nodes)
        for cls in self.classes:
            found |= index.instances(cls)
        for p in self.subjects_of:
            found |= index.subjects_of(p)
        for p in self.objects_of:
            found |= index.objects_of(p)
        return found


class Program:
    """The shapes, compiled; :meth:`validate` gives pyshacl's results on any data."""

    #: Every predicate the shapes may read on a node other than the focus node itself
    #: (so a caller sharding the data by focus node knows which triples every shard needs);
    #: None when the shapes alone do not bound it: see :meth:`reads`.
    read_predicates: Reads | None

    def __init__(self, original: Graph) -> None:
        self._source = (tuple(original), tuple(original.namespaces()), original.identifier)
        # The shapes are compiled from a copy holding one object per IRI, the objects the
        # data's IRIs are then interned to (see irkg.shacl.index.interner).
        self._canon: dict[str, URIRef] = {str(TYPE): TYPE, str(SUBCLASS): SUBCLASS}
        intern = interner(self._canon)
        shapes = Graph(identifier=original.identifier)
        for s, p, o in original:
            shapes.add((intern(s), intern(p), intern(o)))
        compiler = Compiler(shapes, shower(namespaces_of(original), shapes))
        compiler.discover()
        compiler.build()
        self._targeted: list[tuple[Shape, Targets, bool]] = []
        classes = {s for s in shapes.subjects(RDFS.subClassOf, RDFS.Class)} | {RDFS.Class,
                                                                                 OWL.Class}
        for node, shape in compiler.shapes.items():
            targets = Targets(list(shapes.objects(node, SH.targetClass)),
                              list(shapes.objects(node, SH.targetNode)),
                              list(shapes.objects(node, SH.targetSubjectsOf)),
                              list(shapes.objects(node, SH.targetObjectsOf)))
            if any(t in classes for t in shapes.objects(node, RDF.type)):
                targets.classes.append(node)
            if targets:
                _check_acyclic(shape, [])
                self._targeted.append((shape, targets, _check_reporting(shape, set())))
        self._constants = {intern(t): i for t, i in compiler.constants.items()}
        self._reverse: set[Node] = {RDF.type, RDFS.subClassOf}
        for _, targets, _ in self._targeted:
            self._reverse.update(targets.subjects_of, targets.objects_of)
        load = _sparql_predicates(compiler.shapes.values())
        self._load = None if load is None else frozenset(map(intern, load[0]))
        #: Predicates whose objects in the data are also predicates SPARQL constraints match.
        self._load_indirect = frozenset() if load is None else frozenset(map(intern, load[1]))
        self._reverse.update(self._load_indirect)
        self._reads = _read_predicates(self._targeted)
        self.read_predicates = self.reads()

    def reads(self, background: Iterable[Triple] | None = None) -> Reads | None:
        """What the shapes read beyond each focus node, in data that always includes
        ``background`` (irkg validates every part with the whole ontology).

        Predicate variables are resolved against ``background``: a query with
        ``?class irkg:plainSubject ?role . ?other ?role ?s`` reads whatever
        predicates the ontology names with ``irkg:plainSubject``. None when the
        shapes read unboundedly, or read such predicates and no background is given.
        """
        if self._reads is None:
            return None
        found, indirect, lookups = self._reads
        if indirect and background is None:
            return None
        sources = indirect | {p for lookup in lookups for m in lookup.mirrors
                              if isinstance(m, Indirect) for p in m.sources}
        named: dict[Node, set[URIRef]] = {p: set() for p in sources}
        for _, p, o in background or ():
            if p in named and isinstance(o, URIRef):
                named[p].add(o)

        def resolve(pred: URIRef | Indirect) -> frozenset[URIRef]:
            if isinstance(pred, URIRef):
                return frozenset({pred})
            return frozenset(o for p in pred.sources for o in named[p])

        peer = [PeerLookup(tuple(frozenset(nt_term(p) for p in resolve(m))
                                 for m in lookup.mirrors),
                           frozenset((nt_term(p), nt_term(o)) for p, o in lookup.constants))
                for lookup in lookups]
        return Reads(found | {o for p in indirect for o in named[p]}, peer)

    @classmethod
    def compile(cls, shapes: Graph) -> Program:
        """Compile ``shapes``; raises :class:`UnsupportedShapes` outside the supported SHACL."""
        return cls(shapes)

    def __reduce__(self) -> tuple[Callable[..., Program], tuple[object, ...]]:
        # Compiled shapes hold closures and rdflib query objects; a worker recompiles from
        # the shapes' triples (blank node labels survive pickling, so results stay equal).
        return _rebuild, self._source

    def validate(self, data: Iterable[Triple],
                 focus: Callable[[Node], bool] | None = None) -> list[Result]:
        """pyshacl's results on ``data``, only for focus nodes ``focus`` accepts, sorted."""
        index = DataIndex(data, self._reverse, self._canon)
        load = self._load
        if load is not None and self._load_indirect:
            load = load | {o for p in self._load_indirect for o in index.objects_of(p)
                           if isinstance(o, URIRef)}
        ev = Evaluator(index, DataShower(), lambda: SparqlRun(
            _triples(index, load), self._constants))
        results: list[Result] = []
        for shape, targets, foreign in self._targeted:
            nodes = list(targets.focus(index))
            if focus is not None and not foreign:
                nodes = [n for n in nodes if focus(n)]
            found = ev.run(shape, nodes, True)[1]
            if focus is not None and foreign:
                found = [r for r in found if focus(r.focus)]
            results.extend(found)
        results.sort(key=Result.key)
        return results


def _rebuild(triples: tuple[Triple, ...], namespaces: tuple[tuple[str, URIRef], ...],
             identifier: Node) -> Program:
    graph = Graph(identifier=identifier, bind_namespaces="none")  # type: ignore[arg-type]
    for prefix, namespace in namespaces:  # the same bindings, so messages render the same
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in triples:
        graph.add(triple)
    return Program(graph)


def _children(shape: Shape) -> list[Shape]:
    found: list[Shape] = []
    for c in shape.constraints:
        if isinstance(c, (PropertyRef, NodeRef)):
            found.extend(c.shapes)
        elif isinstance(c, Logical):
            found.extend(s for members in c.lists for s in members)
        elif isinstance(c, Qualified):
            found.extend(s for target, siblings in c.shapes for s in (target, *siblings))
    return found


def _check_acyclic(shape: Shape, path: list[Shape]) -> None:
    if any(s is shape for s in path):
        raise UnsupportedShapes(shape.node, "recursive shape references")
    for child in _children(shape):
        _check_acyclic(child, [*path, shape])


def _check_reporting(shape: Shape, seen: set[int]) -> bool:
    """Refuse results whose message pyshacl would make up in a way not reproduced here.

    Only shapes whose results reach the report matter: the targeted shape and
    the property shapes its sh:property chains reach. Returns whether any of
    them is a property shape with sh:property, whose results have a focus node
    other than the targeted one.
    """
    if id(shape) in seen:
        return False
    seen.add(id(shape))
    foreign = False
    for c in shape.constraints:
        if isinstance(c, PropertyRef):
            foreign = foreign or shape.path is not None
            for prop in c.shapes:
                foreign = _check_reporting(prop, seen) or foreign
        elif shape.message is None and c.generic is None and not isinstance(c, Sparql):
            name = str(c.component).rsplit("#", 1)[-1]
            raise UnsupportedShapes(shape.node, f"{name} without sh:message, where pyshacl "
                                    "makes up a message this engine does not reproduce")
    return foreign


def _sparql_predicates(shapes: Iterable[Shape]
                       ) -> tuple[frozenset[Node], frozenset[Node]] | None:
    """The predicates SPARQL constraints match, and those whose objects they match as
    predicates (so Oxigraph is loaded with those triples only); None: every triple."""
    found: set[Node] = set()
    indirect: set[Node] = set()
    for shape in shapes:
        for c in shape.constraints:
            if isinstance(c, Sparql):
                for q in c.queries:
                    if q.predicates is None:
                        return None
                    found |= q.predicates
                    indirect |= q.indirect
    return frozenset(found), frozenset(indirect)


def _triples(index: DataIndex, predicates: frozenset[Node] | None) -> Iterable[Triple]:
    for s, by_p in index.spo.items():
        for p, objects in by_p.items():
            if predicates is None or p in predicates:
                for o in objects:
                    yield s, p, o


_Reads = tuple[frozenset[URIRef], frozenset[URIRef], tuple[Lookup, ...]]


def _read_predicates(targeted: list[tuple[Shape, Targets, bool]]) -> _Reads | None:
    """(predicates read beyond the focus node, predicates whose objects are read too,
    peer lookups), or None when that cannot be bounded."""
    found: set[Node] = set()
    indirect: set[URIRef] = set()
    lookups: list[Lookup] = []
    seen: set[tuple[int, bool]] = set()

    def walk(shape: Shape, on_focus: bool) -> bool:
        """False when a read cannot be bounded; ``on_focus``: the shape's focus is the target."""
        if (id(shape), on_focus) in seen or shape.deactivated:
            return True
        seen.add((id(shape), on_focus))
        values_on_focus = on_focus and shape.path is None
        if shape.path is not None and not on_focus:
            found.add(shape.path)
        for c in shape.constraints:
            if isinstance(c, Class):
                found.update((RDF.type, RDFS.subClassOf))
            elif isinstance(c, Sparql):
                for q in c.queries:
                    if q.deactivated:
                        continue
                    if q.foreign is None or q.predicates is None or q.lookups is None:
                        return False
                    found.update(q.foreign if on_focus else q.predicates)
                    indirect.update(q.indirect_foreign if on_focus else q.indirect)
                    lookups.extend(q.lookups)
            elif isinstance(c, Pair) and not on_focus:
                found.update(c.predicates)
        return all(walk(child, values_on_focus) for child in _children(shape))

    for shape, targets, _ in targeted:
        if targets.classes:
            found.update((RDF.type, RDFS.subClassOf))
        found.update(targets.objects_of)
        if not walk(shape, True):
            return None
    return (frozenset(p for p in found if isinstance(p, URIRef)), frozenset(indirect),
            tuple(dict.fromkeys(lookups)))
