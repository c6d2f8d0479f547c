"""``irkg link suggest``: ranked Wikidata candidates for unlinked entities.

Candidates come from ``wbsearchentities`` for the entity's label and aliases
and are ranked by how well a name fits and whether their "instance of" fits
the entity's type in the alignment. The annotator chooses; ``--accept`` then
writes the QID into the registry and records the decision (method, score,
revision) in ``seeds/wikidata/links.yaml``. Nothing is ever linked
automatically: the best-scoring candidate can still be the wrong thing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from irkg.errors import InputError
from irkg.model import Entity, Registry
from irkg.registry import QID_PATTERN
from irkg.wikidata.alignment import Alignment
from irkg.wikidata.cache import CachedEntity, EntityCache
from irkg.wikidata.check import normalise
from irkg.wikidata.client import WikidataClient
from irkg.wikidata.links import accept_in_registry, record_decision

MAX_QUERIES = 4


@dataclass(frozen=True)
class Candidate:
    qid: str
    label: str
    description: str
    score: float
    name_fit: float
    type_fit: float
    query: str


def _name_score(ours_label: str, ours_aliases: list[str], label: str,
                aliases: list[str]) -> float:
    label_n, ours_n = normalise(label), normalise(ours_label)
    if label_n == ours_n:
        return 1.0
    alias_n = {normalise(a) for a in aliases}
    if ours_n in alias_n or label_n in {normalise(a) for a in ours_aliases}:
        return 0.8
    ratio = difflib.SequenceMatcher(None, ours_n, label_n).ratio()
    return round(0.6 * ratio, 3)


def _type_score(entity: Entity, item: dict[str, Any], alignment: Alignment) -> float:
    """+0.5 when a direct P31 is allowed, -0.5 when P31 is known and none is, else 0."""
    aligned_on, allowed = alignment.allowed_classes(entity.cls)
    if aligned_on is None:
        return 0.0
    values = set(CachedEntity(entity.id, item, "").values(alignment.instance_of))
    if not values:
        return 0.0
    return 0.5 if values & allowed else -0.5


def suggest_for(entity: Entity, client: WikidataClient, alignment: Alignment,
                limit: int = 7) -> list[Candidate]:
    found: dict[str, tuple[dict[str, Any], str]] = {}
    for query in [entity.label, *entity.aliases][:MAX_QUERIES]:
        for hit in client.search(query, limit=limit):
            qid = hit.get("id")
            if isinstance(qid, str) and qid not in found:
                found[qid] = (hit, query)
    if not found:
        return []
    items = client.get_entities(found)
    out = []
    for qid, (hit, query) in found.items():
        item = items.get(qid)
        if item is None or "missing" in item or item.get("id", qid) != qid:
            continue  # deleted, or a redirect: its target is a candidate of its own
        view = CachedEntity(qid, item, "")
        label = view.label or str(hit.get("label", ""))
        name = _name_score(entity.label, list(entity.aliases), label, view.aliases)
        kind = _type_score(entity, item, alignment)
        out.append(Candidate(qid, label, view.description or str(hit.get("description", "")),
                             round(name + kind, 3), name, kind, query))
    out.sort(key=lambda c: (-c.score, len(c.qid), c.qid))
    return out[:limit]


def unlinked(registry: Registry, alignment: Alignment, only: tuple[str, ...]) -> list[Entity]:
    """The entities to suggest for: those named, else every unlinked entity of an aligned type."""
    if only:
        missing = [e for e in only if e not in registry.entities]
        if missing:
            raise InputError(f"unknown entity {missing[0]!r}", "use an id from the registry")
        linked = [e for e in only if registry.entities[e].wikidata]
        if linked:
            entity = registry.entities[linked[0]]
            raise InputError(f"{entity.id!r} is already linked to {entity.wikidata}",
                             "check it with 'irkg link check'; remove the wikidata: line "
                             "first to look for another item", entity.where)
        return [registry.entities[e] for e in only]
    return [e for e in sorted(registry.entities.values(), key=lambda e: e.where.line)
            if e.wikidata is None and alignment.allowed_classes(e.cls)[0] is not None]


def accept(registry_path: Path, links_path: Path, cache: EntityCache, entity: Entity,
           qid: str, client: WikidataClient, alignment: Alignment, by: str,
           today: date) -> dict[str, Any]:
    """Fetch and cache ``qid``, then write it into the registry with its provenance."""
    if entity.wikidata is not None:
        raise InputError(f"{entity.id!r} is already linked to {entity.wikidata}",
                         "remove the old wikidata: line first if the link is wrong",
                         entity.where)
    if not QID_PATTERN.fullmatch(qid):
        raise InputError(f"{qid!r} is not a Wikidata item id",
                         "write it as Q followed by digits, e.g. Q184")
    candidates = suggest_for(entity, client, alignment)
    cache.refresh(client, {qid}, instance_of=alignment.instance_of,
                  subclass_of=alignment.subclass_of)
    entry = cache.get(qid)
    if entry is None or entry.missing:
        raise InputError(f"{qid} does not exist in Wikidata", "choose another candidate")
    if entry.redirect_to:
        raise InputError(f"{qid} is a redirect to {entry.redirect_to}",
                         f"accept {entity.id}={entry.redirect_to} instead")
    chosen = next((c for c in candidates if c.qid == qid), None)
    fields: dict[str, Any] = {
        "qid": qid,
        "method": "suggestion" if chosen else "annotator",
        "decided": today.isoformat(),
        "by": by,
        "score": chosen.score if chosen else None,
        "query": chosen.query if chosen else None,
        "revision": entry.revision,
    }
    accept_in_registry(registry_path, entity.id, qid)
    record_decision(links_path, entity.id, fields)
    return fields
