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
* One kind of constraint also looks the data up backwards: a *peer lookup*
  (:class:`irkg.shacl.reads.PeerLookup`) asks whether any node anywhere
  shares a focus node's values and has some fixed ones (is a plain triple
  supported by a plainly asserted fact, in this article or any other?). No
  forward walk finds such a peer, so the context then holds the read
  predicates of every part (it asks for every article's triples through
  :meth:`Context.objects`), and a view adds, for each of its nodes that is
  not a peer of itself, the nodes elsewhere that can be its peers.

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
from irkg.shacl.reads import PeerLookup
from irkg.terms import ENTITY, ID

#: A triple as three N-Triples terms. Sharding bookkeeping works on these
#: strings, not rdflib terms: they are what the cache holds, they hash and
#: compare fast, and a corpus of ten thousand articles never needs them parsed.
Line = tuple[str, str, str]
REGISTRY_KEY = "registry"
_ARTICLE_NS = "<" + str(ID) + "article/"
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
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
    when the engine cannot bound that), so it stays small for any corpus, as
    long as the shapes make no peer lookups (see the module's docstring).
    """

    read: frozenset[str] | None
    lookups: tuple[PeerLookup, ...] = ()
    #: subject → (line, its predicate, its object, the part it is in)
    by_subject: dict[str, list[tuple[str, str, str, str]]] = field(default_factory=dict)
    by_home: dict[str | None, set[str]] = field(default_factory=dict)
    #: (predicate, object) → subjects, for the predicates peer lookups match values on
    by_pair: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: Every part whose triples were added.
    origins: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._mirrored = frozenset(p for lookup in self.lookups for m in lookup.mirrors
                                   for p in m)
        #: The mirrors candidates are found by: ``rdf:type`` only where nothing narrower is.
        self._search = tuple(
            tuple(i for i, m in enumerate(lookup.mirrors) if m != {_TYPE})
            or tuple(range(len(lookup.mirrors))) for lookup in self.lookups)
        self._indexed = frozenset(p for lookup, search in zip(self.lookups, self._search,
                                                              strict=True)
                                  for i in search for p in lookup.mirrors[i])
        if self.read is not None:  # what a peer must match is read on it, hence carried
            self.read = self.read | self._mirrored | {
                p for lookup in self.lookups for p, _ in lookup.constants}
        #: Subjects with a value for an indexed mirror: the only ones a lookup can start from.
        self._valued: set[str] = set()

    @classmethod
    def reading(cls, predicates: frozenset[URIRef] | None) -> Context:
        if predicates is None:
            return cls(None)
        return cls(frozenset(f"<{p}>" for p in predicates),
                   tuple(getattr(predicates, "lookups", ())))

    def add(self, lines: Iterable[str], origin: str) -> None:
        self.origins.add(origin)
        read, indexed, by_subject = self.read, self._indexed, self.by_subject
        homed: set[str] = set()
        for line in lines:
            s, p, o = split_line(line)
            if read is None or p in read:
                by_subject.setdefault(s, []).append((line, p, o, origin))
                if s not in homed:
                    homed.add(s)
                    self.by_home.setdefault(home(s), set()).add(s)
                if p in indexed:
                    self.by_pair.setdefault((p, o), set()).add(s)
                    self._valued.add(s)

    def view(self, key: str, external: Iterable[str]) -> list[str]:
        """The lines from other parts that part ``key``'s validation can reach, sorted."""
        frontier = list(external)
        frontier.extend(self.by_home.get(key, ()))
        seen: set[str] = set(frontier)
        out: set[str] = set()
        self._follow(frontier, seen, out, key)
        if self.lookups:
            # Peers are looked up from what the forward walk reached, not from one another:
            # a peer lookup matches the peer's own values only (PeerLookup).
            peers = sorted(self._peers(seen) - seen)
            seen.update(peers)
            self._follow(peers, seen, out, key)
        return sorted(out)

    def _follow(self, frontier: list[str], seen: set[str], out: set[str], key: str) -> None:
        by_subject = self.by_subject
        while frontier:
            rows = by_subject.get(frontier.pop())
            if not rows:
                continue
            for line, _, o, origin in rows:
                if origin == key:
                    continue
                out.add(line)
                if o not in seen and o[0] == "<":
                    seen.add(o)
                    frontier.append(o)

    def _peers(self, nodes: set[str]) -> set[str]:
        """Nodes that can be the peer of one of ``nodes`` in one of the lookups.

        A node that is its own peer (it has the lookup's constants; its mirrored
        values are its own) needs no other. For the others, a candidate must have
        every constant and share at least one (predicate, value) per mirror.
        """
        found: set[str] = set()
        by_subject, by_pair = self.by_subject, self.by_pair
        for x in sorted(nodes & self._valued):
            pairs = {(p, o) for _, p, o, _ in by_subject[x]}
            for lookup, search in zip(self.lookups, self._search, strict=True):
                if lookup.constants <= pairs:
                    continue
                values = [{(p, o) for p, o in pairs if p in m} for m in lookup.mirrors]
                if not all(values):
                    continue
                narrowest = min((values[i] for i in search),
                                key=lambda v: sum(len(by_pair.get(k, ())) for k in v))
                for pair in narrowest:
                    for y in by_pair.get(pair, ()):
                        if y == x or y in found:
                            continue
                        theirs = {(p, o) for _, p, o, _ in by_subject[y]}
                        if lookup.constants <= theirs and all(v & theirs for v in values):
                            found.add(y)
        return found

    def objects(self) -> set[str]:
        """Every node the context's triples lead to; with peer lookups, also every article.

        A peer can be any node of any article, so with peer lookups the caller
        is asked for the triples of every article (by naming its article node).
        """
        found = {o for rows in self.by_subject.values() for _, _, o, _ in rows}
        if self.lookups:
            found.update(f"<{ID}article/{key.removeprefix('article:')}>"
                         for key in self.origins if key.startswith("article:"))
        return found


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
