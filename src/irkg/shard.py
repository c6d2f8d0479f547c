"""Validating a corpus part by part with exactly the verdicts of one run over the union.

A corpus is too big to validate as one graph, yet SHACL speaks about the
union: a fact in one article may give an entity of the registry a second
label, or a type that breaks another article's ``sh:class`` check. The rule
that keeps sharded validation exact:

* Every IRI irkg mints has a *home* part: ``id/article/<ID>/…`` the article
  ``<ID>``, ``id/entity/…`` the registry. A triple whose subject is at home
  in its part is *local*; any other triple (a plain ``org:memberOf`` about
  two entities, or anything injected by hand) is *foreign*.
* A focus node is *private* to a part when the part holds it locally and no
  foreign triple anywhere has it as subject; then every triple about it is in
  that part, and the part validates it. The subjects of foreign triples are
  *shared*: one extra pass validates them with everything said about them.
* Beyond the focus node itself, shapes read only a few predicates of the
  nodes they reach (``rdf:type`` for ``sh:class``, ``skos:inScheme`` for
  controlled values, the selectors' offsets…: :attr:`Engine.read_predicates`).
  A part's *view* adds to it the ontology and, for every node it reaches
  outside itself, those predicates' triples from the registry and from other
  parts, followed transitively. The view is small, and it is exact.

A view's external triples are hashed into the key of the part's cached
findings, so a change anywhere revalidates exactly the parts that can see it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from irkg.cache import key_of
from irkg.terms import ENTITY, ID

#: A triple as three N-Triples terms. Sharding bookkeeping works on these
#: strings, not rdflib terms: they are what the cache holds, they hash and
#: compare fast, and a corpus of ten thousand articles never needs them parsed.
Line = tuple[str, str, str]
REGISTRY_KEY = "registry"
_ARTICLE_NS = "<" + str(ID) + "article/"
_ENTITY_NS = "<" + str(ENTITY)


def home(term: str) -> str | None:
    """The part where an N-Triples ``term`` is minted: ``article:<ID>``, ``registry`` or None."""
    if term.startswith(_ARTICLE_NS):
        rest = term[len(_ARTICLE_NS):-1]
        return "article:" + rest.split("/", 1)[0]
    if term.startswith(_ENTITY_NS):
        return REGISTRY_KEY
    return None


def split_line(line: str) -> Line:
    """An N-Triples line irkg wrote (IRIs never hold spaces): subject, predicate, object."""
    s, p, o = line[:-2].split(" ", 2)
    return s, p, o


@dataclass(frozen=True)
class Split:
    """A part's triples sorted by whether their subject is at home there."""

    foreign: tuple[str, ...]  # N-Triples lines
    external: tuple[str, ...]  # IRIs (N-Triples terms) it names whose home is elsewhere

    @classmethod
    def of(cls, key: str, lines: Iterable[str]) -> Split:
        foreign: list[str] = []
        homes: dict[str, str | None] = {}
        for line in lines:
            s, _, o = split_line(line)
            for n in (s, o):
                if n not in homes:
                    homes[n] = home(n)
            if homes[s] != key:
                foreign.append(line)
        external = sorted(n for n, h in homes.items() if h != key and n.startswith("<"))
        return cls(tuple(sorted(foreign)), tuple(external))


@dataclass
class Context:
    """Triples a view may need from outside a part, by subject, with the part they are in.

    Holds only the predicates the shapes read on reached nodes (all of them
    when the engine cannot bound that), so it stays small for any corpus.
    """

    read: frozenset[str] | None
    #: subject → (line, its object, the part it is in)
    by_subject: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    by_home: dict[str | None, set[str]] = field(default_factory=dict)

    @classmethod
    def reading(cls, predicates: frozenset[URIRef] | None) -> Context:
        return cls(None if predicates is None else frozenset(f"<{p}>" for p in predicates))

    def add(self, lines: Iterable[str], origin: str) -> None:
        for line in lines:
            s, p, o = split_line(line)
            if self.read is None or p in self.read:
                self.by_subject.setdefault(s, []).append((line, o, origin))
                self.by_home.setdefault(home(s), set()).add(s)

    def view(self, key: str, external: Iterable[str]) -> list[str]:
        """The lines from other parts that part ``key``'s validation can reach, sorted."""
        frontier = list(external)
        frontier.extend(self.by_home.get(key, ()))
        seen: set[str] = set(frontier)
        out: set[str] = set()
        by_subject = self.by_subject
        while frontier:
            rows = by_subject.get(frontier.pop())
            if not rows:
                continue
            for line, o, origin in rows:
                if origin == key:
                    continue
                out.add(line)
                if o not in seen and o[0] == "<":
                    seen.add(o)
                    frontier.append(o)
        return sorted(out)

    def objects(self) -> set[str]:
        """Every node the context's triples lead to."""
        return {o for rows in self.by_subject.values() for _, o, _ in rows}


def digest(lines: Iterable[str]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def view_key(*, engine: str, part_digest: str, external: list[str],
             excluded: Iterable[str]) -> str:
    """The cache key of a part's findings: everything its verdicts can depend on.

    The shapes and ontology are inside ``engine`` (see :func:`irkg.validate.engine`), the
    irkg version inside :func:`irkg.cache.key_of`.
    """
    return key_of("findings", engine, part_digest, digest(external), digest(sorted(excluded)))


def private_focus(key: str, shared: Iterable[str]) -> Callable[[Node], bool]:
    """Focus nodes part ``key`` validates: its own, unless shared."""
    others = {URIRef(s[1:-1]) for s in shared if s.startswith("<")}

    def owned(node: Node) -> bool:
        return isinstance(node, URIRef) and home(f"<{node}>") == key and node not in others
    return owned


def shared_subjects(foreign: Iterable[str]) -> frozenset[str]:
    """Subjects of foreign triples: validated once, with what every part says of them."""
    return frozenset(split_line(line)[0] for line in foreign)
