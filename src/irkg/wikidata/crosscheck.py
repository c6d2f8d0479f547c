"""``irkg link crosscheck``: the graph's facts next to what Wikidata states.

Every plain triple whose property the alignment maps to a Wikidata property
(``org:memberOf`` ↔ P463, ``irkg:headOfState`` ↔ P35, ``irkg:hasParticipant``
↔ P710, …) is compared with the subject item's statements in the cache. Dates
of the claim are compared with the aligned qualifiers (start time, end time)
at the precision the article gives. The outcome is one of: ``agree``,
``contradict`` (same value with other dates, or another value of a property
that has one value at a time) and ``missing`` (Wikidata lacks the fact).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from irkg.errors import Location
from irkg.kinds import FACT_KINDS, PLAIN_CASE
from irkg.ontology import local_name
from irkg.pipeline import Built
from irkg.terms import IRKG
from irkg.wikidata.alignment import Alignment, wd_id
from irkg.wikidata.cache import EntityCache, Statement

AXIS_PREDICATES = {"polarity": IRKG.polarity, "modality": IRKG.modality,
                   "certainty": IRKG.certainty, "attribution": IRKG.attribution}

AGREE, CONTRADICT, MISSING = "agree", "contradict", "missing"
UNCHECKED = "unchecked"
_PRECISION = {9: 4, 10: 7, 11: 10}  # Wikidata time precision → length of YYYY[-MM[-DD]]


@dataclass(frozen=True)
class GraphFact:
    claim: str
    where: Location
    predicate: URIRef
    subject: str
    object: str
    subject_qid: str | None
    object_qid: str | None
    dates: tuple[tuple[str, str], ...]  # (qualifier id, YYYY[-MM[-DD]])


@dataclass(frozen=True)
class Result:
    fact: GraphFact
    property: str
    status: str
    detail: str
    basis: str
    revision: int | None

    def as_json(self) -> dict[str, Any]:
        f = self.fact
        return {"status": self.status, "claim": f.claim, "where": str(f.where),
                "predicate": local_name(f.predicate), "wikidata_property": self.property,
                "subject": f.subject, "subject_qid": f.subject_qid, "object": f.object,
                "object_qid": f.object_qid, "dates": dict(f.dates), "detail": self.detail,
                "cache_basis": self.basis, "revision": self.revision}


def _qid(graph: Graph, node: URIRef) -> str | None:
    same = sorted(str(o) for o in graph.objects(node, OWL.sameAs))
    return wd_id(same[0]) if same else None


def _refs(graph: Graph, node: URIRef, predicate: URIRef) -> list[URIRef]:
    return sorted(o for o in graph.objects(node, predicate) if isinstance(o, URIRef))


def _stated_outright(graph: Graph, node: URIRef) -> bool:
    """Whether the fact asserts its plain triple (:func:`irkg.kinds.plain_eligible`): a
    negated, possible, hedged or reported fact says nothing Wikidata could confirm."""
    for key, value in PLAIN_CASE.items():
        found = graph.value(node, AXIS_PREDICATES[key])
        if found is not None and local_name(str(found)) != value:
            return False
    return graph.value(node, IRKG.condition) is None


def graph_facts(built: Built, alignment: Alignment) -> list[GraphFact]:
    """The aligned plain triples of every fact stated outright, with its dates and origin."""
    graph, origins = built.graph, built.origins
    facts: list[GraphFact] = []
    for kind in FACT_KINDS.values():
        for subj_key, predicate, obj_key in kind.plain:
            if predicate not in alignment.properties or subj_key not in kind.roles \
                    or obj_key not in kind.roles:
                continue
            for node in sorted(n for n in graph.subjects(RDF.type, kind.cls)
                               if isinstance(n, URIRef) and _stated_outright(graph, n)):
                dates = tuple(sorted(
                    (qual, str(v)) for prop, qual in alignment.qualifiers.items()
                    if isinstance(v := graph.value(node, prop), Literal)))
                origin = origins.get(node)
                where = origin.where if origin else Location(str(node))
                for s in _refs(graph, node, kind.roles[subj_key].predicate):
                    for o in _refs(graph, node, kind.roles[obj_key].predicate):
                        facts.append(GraphFact(str(node), where, predicate, local_name(s),
                                               local_name(o), _qid(graph, s), _qid(graph, o),
                                               dates))
    return sorted(facts, key=lambda f: (f.where.file, f.where.line, f.claim, f.subject, f.object))


def _their_date(statement: Statement, qualifier: str) -> str | None:
    for snak in statement.qualifiers.get(qualifier, ()):
        value = snak.get("datavalue", {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("time"), str):
            digits = str(value["time"]).lstrip("+")
            return digits[:_PRECISION.get(int(value.get("precision", 11)), 10)]
    return None


def _date_conflicts(fact: GraphFact, statement: Statement) -> list[str]:
    out = []
    for qualifier, ours in fact.dates:
        theirs = _their_date(statement, qualifier)
        if theirs is not None:
            n = min(len(ours), len(theirs))
            if ours[:n] != theirs[:n]:
                out.append(f"{qualifier} ours {ours}, Wikidata {theirs}")
    return out


def compare(fact: GraphFact, cache: EntityCache, alignment: Alignment) -> Result:
    pid = alignment.properties[fact.predicate]
    if fact.subject_qid is None or fact.object_qid is None:
        unlinked = fact.subject if fact.subject_qid is None else fact.object
        return Result(fact, pid, UNCHECKED, f"{unlinked} has no Wikidata link", "", None)
    entry = cache.resolve(fact.subject_qid)
    if entry is None or entry.missing:
        return Result(fact, pid, UNCHECKED, f"{fact.subject_qid} is not in the cache",
                      "", None)
    basis = "seeded" if entry.seeded else "fetched"
    statements = entry.statements(pid)
    matching = [s for s in statements if s.value == fact.object_qid]
    if matching:
        conflicts = [_date_conflicts(fact, s) for s in matching]
        if any(not c for c in conflicts):
            return Result(fact, pid, AGREE, f"{fact.subject_qid} {pid} {fact.object_qid}",
                          basis, entry.revision)
        return Result(fact, pid, CONTRADICT, "; ".join(conflicts[0]), basis, entry.revision)
    others = sorted({s.value for s in statements if s.value}, key=lambda q: (len(q), q))
    if others and fact.predicate in alignment.single_valued:
        return Result(fact, pid, CONTRADICT, f"Wikidata has {', '.join(others)} instead",
                      basis, entry.revision)
    detail = f"{fact.subject_qid} has no {pid} {fact.object_qid}"
    if entry.seeded:
        detail += " in its seeded cache entry (which may be incomplete; --refresh to confirm)"
    return Result(fact, pid, MISSING, detail, basis, entry.revision)


def crosscheck(built: Built, cache: EntityCache, alignment: Alignment) -> list[Result]:
    return [compare(f, cache, alignment) for f in graph_facts(built, alignment)]


def counts(results: list[Result]) -> dict[str, int]:
    return {s: sum(r.status == s for r in results)
            for s in (AGREE, CONTRADICT, MISSING, UNCHECKED)}


def render_text(results: list[Result]) -> str:
    lines = []
    for r in results:
        f = r.fact
        lines.append(f"{r.status:<10} {f.subject} {local_name(f.predicate)} {f.object} "
                     f"[{r.property}] — {r.detail} ({f.where})")
    c = counts(results)
    lines.append(", ".join(f"{n} {s}" for s, n in c.items()))
    return "\n".join(lines) + "\n"


def render_json(results: list[Result]) -> str:
    doc = {"summary": counts(results), "results": [r.as_json() for r in results]}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
