"""The claims of a built graph as plain, typed rows, for tables and review pages.

Public API:

- :func:`load_graph` — the graph of an ``out/`` folder or graph files;
- :func:`extract` — every row of a graph as an :class:`Extract`
  (``articles``, ``entities``, ``claims``, ``mentions``), each sorted;
- :func:`read_claims`, :func:`read_mentions`, :func:`read_entities`,
  :func:`read_articles`, :func:`read_layers` — one kind of row each;
- frozen rows :class:`Claim` (with :class:`Evidence`, :class:`Source`,
  :class:`ClaimLink`, :class:`Quantity`), :class:`Mention`, :class:`Entity`,
  :class:`Article`, :class:`Layer`, and :class:`Ref` (an entity as a claim names it);
- :func:`summary_line` — the one line a reader recognises a claim by, with the
  words its axes require ("NOT", "WILL", "according to observers: ").

Readers of the graph (tables, the review site) should not each learn the n-ary
pattern and the detour from a claim to its quote; this module does it once.
Which role of a claim is its subject or object, and which concept its type,
comes from :mod:`irkg.kinds`, the table the builder uses, so a new kind of
fact needs no change here. Values are strings and ints, never rdflib terms,
and tuples are sorted (a chain of sources in its own order, outermost first),
so rows compare and serialise the same on every run.

A claim is not a plain fact unless its axes say so: every reader gets its
polarity, modality, scope, trend, certainty, attribution and chain of sources
here, and :attr:`Claim.summary` spells out whatever departs from the plain
case, so no view can show "Lukashenko — NOT opposition → CSTO" as an
opposition.
"""

from irkg.claims.read import (
    extract,
    load_graph,
    read_articles,
    read_claims,
    read_entities,
    read_layers,
    read_mentions,
)
from irkg.claims.rows import (
    LINK_RELATIONS,
    Article,
    Claim,
    ClaimLink,
    Entity,
    Evidence,
    Extract,
    Layer,
    Mention,
    Quantity,
    Ref,
    Source,
)
from irkg.claims.summary import qualifiers, summary_line

__all__ = [
    "LINK_RELATIONS", "Article", "Claim", "ClaimLink", "Entity", "Evidence", "Extract",
    "Layer", "Mention", "Quantity", "Ref", "Source", "extract", "load_graph",
    "qualifiers", "read_articles", "read_claims", "read_entities", "read_layers",
    "read_mentions", "summary_line",
]
