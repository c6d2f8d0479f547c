"""Which registry entity a tool's mention names, and the entities an import adds.

A tool knows entities only as labelled words, perhaps with a normalisation
(brat's ``N`` lines, a Wikidata id); the registry knows them by permanent id.
A mention is matched by irkg id, then by Wikidata QID, then by the registry's
label or aliases; only what none of these finds becomes a new registry entry,
whose id is made from its words so that re-importing the same export finds it
again instead of adding it twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from irkg.model import Registry
from irkg.ontology import Ontology
from irkg.registry import ID_PATTERN, QID_PATTERN

#: The generic type a mention may have when it names a known entity.
GENERIC = "Entity"


@dataclass(frozen=True)
class NewEntity:
    """A registry entry an import adds: ``{id, type, label, wikidata}``."""

    id: str
    type: str
    label: str
    wikidata: str | None = None


class UnknownEntity(ValueError):
    """A mention or role that names no entity irkg can find or make."""


def slug(text: str) -> str:
    """A registry id from words: ASCII letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return out or "entity"


class Entities:
    """The registry as an import sees it, growing by the entities the import adds."""

    def __init__(self, registry: Registry, ontology: Ontology) -> None:
        self.registry = registry
        self.ontology = ontology
        self.added: dict[str, NewEntity] = {}
        self.by_qid = {e.wikidata: e.id for e in registry.entities.values() if e.wikidata}
        names: dict[str, set[str]] = {}
        for e in registry.entities.values():
            for name in (e.label, *e.aliases):
                names.setdefault(name.casefold(), set()).add(e.id)
        self.by_name = {n: next(iter(ids)) for n, ids in names.items() if len(ids) == 1}

    def known(self, eid: str) -> bool:
        return eid in self.registry.entities or eid in self.added

    def type_name(self, eid: str) -> str:
        if eid in self.added:
            return self.added[eid].type
        return str(self.registry.entities[eid].cls).rsplit("#", 1)[-1]

    def for_mention(self, words: str, type_name: str, eid: str | None,
                    qid: str | None) -> str:
        """The entity a mention of ``words`` labelled ``type_name`` names; added if new."""
        if qid is not None and not QID_PATTERN.fullmatch(qid):
            raise UnknownEntity(f"{qid!r} is not a Wikidata item id (Q followed by digits)")
        if eid is not None:
            if not ID_PATTERN.fullmatch(eid):
                raise UnknownEntity(f"entity id {eid!r} is not a valid registry id")
            if self.known(eid):
                return eid
            return self._add(eid, type_name, words, qid)
        if qid is not None:
            found = self.by_qid.get(qid)
            if found is not None:
                return found
        name = " ".join(words.split()).casefold()
        if qid is None and name in self.by_name:
            return self.by_name[name]
        base = slug(words)
        candidate, n = base, 1
        while self.known(candidate) and not (qid and self._qid(candidate) == qid):
            n += 1
            candidate = f"{base}-{n}"
        if self.known(candidate):
            return candidate
        return self._add(candidate, type_name, " ".join(words.split()), qid)

    def _qid(self, eid: str) -> str | None:
        if eid in self.added:
            return self.added[eid].wikidata
        return self.registry.entities[eid].wikidata

    def _add(self, eid: str, type_name: str, label: str, qid: str | None) -> str:
        if type_name == GENERIC or type_name not in self.ontology.classes:
            raise UnknownEntity(f"{label!r} names no registry entity and its label "
                                f"{type_name!r} is not an entity class to add it as")
        if qid is not None and qid in self.by_qid:
            raise UnknownEntity(f"{qid} is already the item of registry entity "
                                f"{self.by_qid[qid]!r}, not of {eid!r}")
        self.added[eid] = NewEntity(eid, type_name, label, qid)
        if qid is not None:
            self.by_qid[qid] = eid
        self.by_name.setdefault(label.casefold(), eid)
        return eid
