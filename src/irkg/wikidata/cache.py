"""The repository's cache of Wikidata entities, ``seeds/wikidata/Q….json``.

Checks and cross-checks read only this cache, so they run offline and give the
same answer in CI until someone refreshes it on purpose. Each file is the
entity JSON as ``wbgetentities`` returned it (with its ``lastrevid``), plus an
``irkg_provenance`` object saying when and from where it was retrieved — or,
for entries seeded from other public sources, saying exactly that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from irkg.errors import InputError, Location, display_path
from irkg.serialize import write_atomic
from irkg.wikidata.client import WikidataClient

FETCHED = "fetched"
SEEDED = "seeded-from-public-sources"


def _qid(snak: dict[str, Any]) -> str | None:
    if snak.get("snaktype") != "value":
        return None
    value = snak.get("datavalue", {}).get("value")
    return value.get("id") if isinstance(value, dict) else None


@dataclass(frozen=True)
class Statement:
    value: str | None
    qualifiers: dict[str, tuple[dict[str, Any], ...]]
    rank: str


@dataclass(frozen=True)
class CachedEntity:
    """A read-only view on one cache file."""

    id: str
    data: dict[str, Any]
    file: str

    @property
    def provenance(self) -> dict[str, Any]:
        value = self.data.get("irkg_provenance")
        return value if isinstance(value, dict) else {}

    @property
    def seeded(self) -> bool:
        return self.provenance.get("kind") == SEEDED

    @property
    def missing(self) -> bool:
        return "missing" in self.data

    @property
    def redirect_to(self) -> str | None:
        target = self.data.get("redirect", {}).get("to")
        return target if isinstance(target, str) else None

    @property
    def revision(self) -> int | None:
        rev = self.data.get("lastrevid")
        return rev if isinstance(rev, int) else None

    @property
    def label(self) -> str | None:
        value = self.data.get("labels", {}).get("en", {}).get("value")
        return value if isinstance(value, str) else None

    @property
    def description(self) -> str:
        value = self.data.get("descriptions", {}).get("en", {}).get("value")
        return value if isinstance(value, str) else ""

    @property
    def aliases(self) -> list[str]:
        return [a["value"] for a in self.data.get("aliases", {}).get("en", [])
                if isinstance(a, dict) and isinstance(a.get("value"), str)]

    def has_claims(self, prop: str) -> bool:
        return prop in self.data.get("claims", {})

    def statements(self, prop: str) -> list[Statement]:
        """Statements of ``prop``, deprecated ones left out."""
        out = []
        for st in self.data.get("claims", {}).get(prop, []):
            rank = st.get("rank", "normal")
            if rank == "deprecated":
                continue
            quals = {p: tuple(v) for p, v in st.get("qualifiers", {}).items()}
            out.append(Statement(_qid(st.get("mainsnak", {})), quals, rank))
        return out

    def values(self, prop: str) -> list[str]:
        return sorted({s.value for s in self.statements(prop) if s.value},
                      key=lambda q: (len(q), q))


def render(data: dict[str, Any]) -> str:
    """Stable JSON: sorted keys, so a refresh diff shows only what changed."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


class EntityCache:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, qid: str) -> Path:
        return self.directory / f"{qid}.json"

    def get(self, qid: str) -> CachedEntity | None:
        path = self.path(qid)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read the cached entity: {exc}",
                             "restore the file or run with --refresh",
                             Location(display_path(path), 1)) from None
        if not isinstance(data, dict):
            raise InputError("a cached entity must be a JSON object",
                             "run with --refresh", Location(display_path(path), 1))
        return CachedEntity(qid, data, display_path(path))

    def resolve(self, qid: str) -> CachedEntity | None:
        """The entity ``qid`` names, following one cached redirect."""
        entry = self.get(qid)
        if entry is not None and entry.redirect_to:
            return self.get(entry.redirect_to)
        return entry

    def store(self, requested: str, entity: dict[str, Any], api_url: str,
              retrieved: datetime) -> None:
        """Write what ``wbgetentities`` said about ``requested``."""
        prov = {"kind": FETCHED, "api": api_url,
                "retrieved": retrieved.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        target = entity.get("id", requested)
        if "missing" in entity:
            write_atomic(self.path(requested), render(
                {"id": requested, "missing": "", "irkg_provenance": prov}))
            return
        write_atomic(self.path(target), render(dict(entity, irkg_provenance=prov)))
        if target != requested:
            write_atomic(self.path(requested), render(
                {"id": requested, "redirect": {"from": requested, "to": target},
                 "irkg_provenance": prov}))

    def refresh(self, client: WikidataClient, ids: set[str], class_depth: int = 3,
                instance_of: str = "P31", subclass_of: str = "P279") -> list[str]:
        """Fetch ``ids`` anew, then the classes they instantiate and their superclasses.

        The class items let ``check`` see that, say, an item typed as a
        subclass of "international organization" fits an international
        organisation, still without going online.
        """
        now = datetime.now(UTC)
        fetched: list[str] = []
        wanted, prop = set(ids), instance_of
        for _ in range(class_depth + 1):
            if not wanted:
                break
            entities = client.get_entities(wanted)
            for requested in sorted(entities):
                self.store(requested, entities[requested], client.api_url, now)
                fetched.append(requested)
            classes: set[str] = set()
            for requested in entities:
                entry = self.resolve(requested)
                if entry is not None:
                    classes.update(entry.values(prop))
            wanted, prop = {c for c in classes if c not in fetched}, subclass_of
        return fetched
