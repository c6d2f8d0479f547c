"""What changed in the graph: a semantic diff for review.

A reviewer of an annotation change wants to read "this fact changed its
organisation", not a text diff of Turtle. Because every IRI is minted from
registry and annotation ids (see :mod:`irkg.terms`), a triple's subject says
which claim it belongs to: ``id/article/<aid>/fact/<id>`` and everything
below it (its evidence ``…/evidence/<n>`` and their selectors) is one fact.
Plain triples between entities (``org:memberOf`` and the like) are given to
the claim that asserts them, found through the same table
(:mod:`irkg.kinds`) the builder uses. Graphs are compared as sets, so the
order and layout of the two files do not matter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from irkg.errors import InputError
from irkg.kinds import FACT_KINDS, Kind
from irkg.terms import ENTITY, ID, IRKG

Triple = tuple[Node, Node, Node]
#: The kinds of change, in the order they are reported within a group.
KINDS = ("article", "facts", "memberships", "stances", "evidence", "mentions", "entities",
         "links", "other")
REGISTRY = "registry"
OTHER = "other"

_CLAIM = re.compile(
    "^" + re.escape(str(ID)) + r"article/(?P<aid>[^/]+)"
    r"(?:/(?P<section>fact|stance|mention)/(?P<cid>[^/]+)(?P<rest>/.*)?)?$")
_EVIDENCE = re.compile(r"^/evidence/(?P<n>[0-9]+)(?:/.*)?$")


@dataclass(frozen=True)
class Item:
    """One changed thing: an article's metadata, a claim, a mention or an entity."""

    group: str  # the article id, "registry" or "other"
    kind: str  # one of KINDS
    node: URIRef
    status: str  # "added", "removed" or "changed"
    added: tuple[Triple, ...]
    removed: tuple[Triple, ...]


@dataclass(frozen=True)
class GraphDiff:
    items: tuple[Item, ...]

    @property
    def added(self) -> int:
        return sum(len(i.added) for i in self.items)

    @property
    def removed(self) -> int:
        return sum(len(i.removed) for i in self.items)

    def groups(self) -> list[str]:
        return list(dict.fromkeys(i.group for i in self.items))


def evidence_number(item: Item, subject: Node) -> int | None:
    """``n`` when ``subject`` is the item's ``…/evidence/<n>`` or a node below it."""
    rest = str(subject)[len(str(item.node)):] if str(subject).startswith(str(item.node)) else ""
    match = _EVIDENCE.match(rest)
    return int(match["n"]) if match else None


def _role_predicate(kind: Kind, key: str) -> URIRef:
    """The claim's predicate for an annotation key: a role, a concept key or ``date``."""
    if key == "date":
        return IRKG.date
    return kind.roles[key].predicate if key in kind.roles else kind.concepts[key].predicate


def _plain_rules() -> dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]]:
    """Plain predicate → (claim class, subject role predicate, object role predicate)."""
    rules: dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]] = defaultdict(list)
    for kind in FACT_KINDS.values():
        for s_key, plain, o_key in kind.plain:
            rules[plain].append((kind.cls, _role_predicate(kind, s_key),
                                 _role_predicate(kind, o_key)))
    return rules


_PLAIN = _plain_rules()


def _asserting_claim(graph: Graph, s: Node, p: Node, o: Node) -> URIRef | None:
    """The first claim (by IRI) whose roles assert the plain triple ``s p o``."""
    rules = _PLAIN.get(p, []) if isinstance(p, URIRef) else []
    found = [c for cls, sp, op in rules
             for c in set(graph.subjects(sp, s)) & set(graph.subjects(op, o))
             if isinstance(c, URIRef) and (c, RDF.type, cls) in graph]
    return min(found, key=str) if found else None


def _owner(graph: Graph, triple: Triple) -> tuple[str, str, URIRef]:
    """(group, kind, node) a triple belongs to; ``graph`` is the graph holding it."""
    s, p, o = triple
    if (match := _CLAIM.match(str(s))) and isinstance(s, URIRef):
        aid, section = match["aid"], match["section"]
        if section is None:
            return aid, "article", s
        node = URIRef(f"{ID}article/{aid}/{section}/{match['cid']}")
        kind = {"fact": "facts", "stance": "stances", "mention": "mentions"}[section]
        return aid, kind, node
    if isinstance(s, URIRef) and str(s).startswith(str(ENTITY)):
        if p == OWL.sameAs:
            return REGISTRY, "links", s
        claim = _asserting_claim(graph, s, p, o)
        if claim is not None:
            return _owner(graph, (claim, RDF.type, IRKG.Claim))
        return REGISTRY, "entities", s
    return OTHER, "other", s if isinstance(s, URIRef) else URIRef(str(s))


def _kind(item_kind: str, node: URIRef, old: Graph, new: Graph,
          added: list[Triple], removed: list[Triple]) -> str:
    membership = (node, RDF.type, IRKG.Membership)
    kind = "memberships" if item_kind == "facts" and (membership in old or membership in new) \
        else item_kind
    if kind in ("facts", "memberships", "stances"):
        probe = Item("", kind, node, "", (), ())
        if all(evidence_number(probe, t[0]) is not None or t[1] == IRKG.evidence
               for t in added + removed):
            return "evidence"
    return kind


def diff_graphs(old: Graph, new: Graph, names: tuple[str, str] = ("old", "new")) -> GraphDiff:
    """The changes from ``old`` to ``new``, one :class:`Item` per changed thing.

    ``names`` say where each graph came from, for the error about blank nodes.
    """
    for name, graph in zip(names, (old, new), strict=True):
        if any(isinstance(n, BNode) for t in graph for n in t):
            raise InputError(f"{name} has blank nodes, which irkg never publishes",
                             "compare graphs written by 'irkg build'")
    changes: dict[tuple[str, str, URIRef], tuple[list[Triple], list[Triple]]] = {}
    for graph, triples, side in ((new, new - old, 0), (old, old - new, 1)):
        for t in triples:
            changes.setdefault(_owner(graph, t), ([], []))[side].append(t)
    items = []
    for (group, kind, node), (added, removed) in changes.items():
        before, after = (node, None, None) in old, (node, None, None) in new
        status = "added" if after and not before else "removed" if before and not after \
            else "changed"
        items.append(Item(group, _kind(kind, node, old, new, added, removed), node, status,
                          tuple(sorted(added, key=_triple_key)),
                          tuple(sorted(removed, key=_triple_key))))
    items.sort(key=lambda i: (i.group in (REGISTRY, OTHER), i.group == OTHER, i.group,
                              KINDS.index(i.kind), str(i.node)))
    return GraphDiff(tuple(items))


def _triple_key(t: Triple) -> tuple[str, str, str]:
    return (str(t[0]), str(t[1]), t[2].n3())
