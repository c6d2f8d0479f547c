"""``irkg link check``: is each registry QID the item we mean?

For every linked entity the cached item must exist and not be a redirect, one
of its English names must be one of ours, and its "instance of" must fit the
entity's type as ``ontology/alignment.ttl`` defines it. A mismatch is an error
because a wrong ``owl:sameAs`` is worse than none; what the cache cannot tell
(a seeded entry without "instance of") is a warning that names how to settle it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from irkg.errors import Location, display_path
from irkg.model import Entity, Registry
from irkg.ontology import local_name
from irkg.wikidata.alignment import Alignment
from irkg.wikidata.cache import CachedEntity, EntityCache
from irkg.wikidata.links import LINKS_FILE, Decision

ERROR, WARNING = "error", "warning"
NEAR_MISS = 0.8
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(name: str) -> str:
    """Case, accents, dashes, quotes and a leading 'the' do not make two names differ."""
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(_DASHES.sub("-", text).casefold().split())
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class Finding:
    entity: str
    qid: str
    level: str
    what: str
    fix: str
    where: Location

    def one_line(self) -> str:
        return f"{self.where}: {self.entity} ({self.qid}): {self.what}; {self.fix}"


@dataclass
class CheckReport:
    checked: int = 0
    seeded: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    def summary(self) -> str:
        return (f"{self.checked} link(s) checked ({self.seeded} from seeded cache entries): "
                f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")


def name_fit(ours: list[str], theirs: list[str]) -> tuple[bool, tuple[str, str, float] | None]:
    """Exact match after normalising, else the closest pair (for a near-miss report)."""
    a = {normalise(n): n for n in ours}
    b = {normalise(n): n for n in theirs}
    if set(a) & set(b):
        return True, None
    best: tuple[str, str, float] | None = None
    for na, oa in sorted(a.items()):
        for nb, ob in sorted(b.items()):
            ratio = difflib.SequenceMatcher(None, na, nb).ratio()
            if best is None or ratio > best[2]:
                best = (oa, ob, ratio)
    return False, best


def classes_fit(entry: CachedEntity, allowed: frozenset[str], cache: EntityCache,
                alignment: Alignment) -> bool:
    """Some P31 value is an allowed class or reaches one through cached P279 links."""
    frontier, seen = set(entry.values(alignment.instance_of)), set()
    while frontier:
        if frontier & allowed:
            return True
        seen |= frontier
        parents: set[str] = set()
        for cls in frontier:
            item = cache.resolve(cls)
            if item is not None:
                parents.update(item.values(alignment.subclass_of))
        frontier = parents - seen
    return False


def check_entity(entity: Entity, cache: EntityCache, alignment: Alignment,
                 decision: Decision | None) -> tuple[list[Finding], bool]:
    qid = entity.wikidata or ""
    out: list[Finding] = []

    def add(level: str, what: str, fix: str) -> None:
        out.append(Finding(entity.id, qid, level, what, fix, entity.where))

    links_file = display_path(cache.directory / LINKS_FILE)
    if decision is None:
        add(WARNING, "no link decision recorded",
            f"add '{entity.id}:' to {links_file} (who, when, how)")
    elif decision.qid != qid:
        add(ERROR, f"{decision.where} records {decision.qid}",
            f"make the registry and {links_file} agree")
    entry = cache.get(qid)
    if entry is None:
        add(ERROR, f"{qid} is not in the cache ({cache.path(qid).name})",
            "run 'irkg link check --refresh' where Wikidata is reachable")
        return out, False
    if entry.missing:
        add(ERROR, f"{qid} does not exist in Wikidata (deleted or never created)",
            "find the right item with 'irkg link suggest'")
        return out, entry.seeded
    if entry.redirect_to:
        add(ERROR, f"{qid} is a redirect to {entry.redirect_to}",
            f"set 'wikidata: {entry.redirect_to}' after checking it")
        return out, entry.seeded
    theirs = ([entry.label] if entry.label else []) + entry.aliases
    fits, near = name_fit([entity.label, *entity.aliases], theirs)
    if not fits:
        if near is not None and near[2] >= NEAR_MISS:
            add(WARNING, f"near miss: our {near[0]!r} vs Wikidata's {near[1]!r}",
                "add Wikidata's name to the aliases if it is the same thing")
        else:
            shown = ", ".join(repr(n) for n in theirs) or "no English name"
            add(ERROR, f"none of our names matches Wikidata's ({shown})",
                "check that the QID is right, or add the name as an alias")
    aligned_on, allowed = alignment.allowed_classes(entity.cls)
    if aligned_on is not None:
        want = " or ".join(alignment.label(q) for q in sorted(allowed))
        if not entry.has_claims(alignment.instance_of):
            if entry.seeded:
                add(WARNING, "type not verified: the seeded entry records no instance of",
                    "run 'irkg link check --refresh' where Wikidata is reachable")
            else:
                add(ERROR, "the item has no instance of", f"a {local_name(entity.cls)} "
                    f"should be an instance of {want}")
        elif not classes_fit(entry, allowed, cache, alignment):
            found = ", ".join(entry.values(alignment.instance_of))
            add(ERROR, f"instance of {found} does not fit {local_name(entity.cls)}",
                f"expected {want} (ontology/alignment.ttl); check the QID")
    return out, entry.seeded


def check_links(registry: Registry, cache: EntityCache, alignment: Alignment,
                decisions: dict[str, Decision]) -> CheckReport:
    report = CheckReport()
    for entity in sorted(registry.entities.values(), key=lambda e: (e.where.line, e.id)):
        if entity.wikidata is None:
            continue
        findings, seeded = check_entity(entity, cache, alignment, decisions.get(entity.id))
        report.checked += 1
        report.seeded += seeded
        report.findings.extend(findings)
    for eid, decision in sorted(decisions.items()):
        linked = registry.entities.get(eid)
        if linked is None or linked.wikidata is None:
            report.findings.append(Finding(
                eid, decision.qid, ERROR, "links.yaml records a link the registry does not have",
                "remove the decision or add the QID to the registry", decision.where))
    return report
