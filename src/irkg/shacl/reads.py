"""What a shapes graph reads beyond each focus node: what a sharded validation must carry.

Kept apart from the compiler (and free of its imports) because the shard
bookkeeping (:mod:`irkg.shard`) and the findings cache use it in processes
that never compile shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef


@dataclass(frozen=True)
class PeerLookup:
    """A SHACL-SPARQL constraint looking the data up *backwards* for a peer of its focus node.

    ``FILTER NOT EXISTS { ?other a ?class ; ?role ?s ; irkg:polarity polarity:affirmed }``,
    with ``$this a ?class ; ?role ?s`` outside the group, asks for another node
    (anywhere in the data) that shares the focus node's values on some
    properties (the *mirrors*: ``rdf:type``, ``?role``) and has fixed values on
    others (the *constants*). No forward walk from the focus node reaches such a
    peer, so a shard's view must add every node that can be one.

    Terms are N-Triples strings, as the shard bookkeeping compares them.
    """

    #: Per mirrored pattern, the predicates it can match (several when the predicate is a
    #: variable the data binds, as ``?role`` above).
    mirrors: tuple[frozenset[str], ...]
    #: (predicate, object) pairs a peer must have.
    constants: frozenset[tuple[str, str]]


class Reads(frozenset[URIRef]):
    """The predicates shapes read on nodes other than the focus node, and their peer lookups.

    A caller sharding the data by focus node gives every shard the triples with
    these predicates about the nodes it reaches and, for each lookup in
    :attr:`lookups`, the nodes that can be peers of its nodes.
    """

    lookups: tuple[PeerLookup, ...]

    def __new__(cls, predicates: Iterable[URIRef] = (),
                lookups: Iterable[PeerLookup] = ()) -> Reads:
        self = super().__new__(cls, predicates)
        self.lookups = tuple(sorted(set(lookups), key=_lookup_key))
        return self

    def __reduce__(self) -> tuple[type[Reads], tuple[frozenset[URIRef], tuple[PeerLookup, ...]]]:
        return Reads, (frozenset(self), self.lookups)

    def __repr__(self) -> str:
        return f"Reads({set(self)!r}, lookups={self.lookups!r})"

    def to_json(self) -> dict[str, object]:
        return {"predicates": sorted(str(p) for p in self),
                "lookups": [{"mirrors": [sorted(m) for m in lookup.mirrors],
                             "constants": sorted(map(list, lookup.constants))}
                            for lookup in self.lookups]}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Reads:
        predicates = data["predicates"]
        lookups = data["lookups"]
        assert isinstance(predicates, list) and isinstance(lookups, list)
        return cls((URIRef(p) for p in predicates),
                   (PeerLookup(tuple(frozenset(m) for m in row["mirrors"]),
                               frozenset((p, o) for p, o in row["constants"]))
                    for row in lookups))


def _lookup_key(lookup: PeerLookup) -> tuple[list[list[str]], list[tuple[str, str]]]:
    return [sorted(m) for m in lookup.mirrors], sorted(lookup.constants)
