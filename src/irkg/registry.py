"""Load stage, shared part: the entity registry, and references into it.

Every article names entities by registry id; checking a reference (does the
id exist, is it of the type the role needs?) lives beside the registry so
that each message can list the allowed types from the ontology.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import URIRef

from irkg.errors import Errors, IrkgError, Location, SchemaError, UnknownReference, collect
from irkg.model import Entity, Registry
from irkg.ontology import Ontology, local_name
from irkg.source import Record, read_yaml
from irkg.yamlnodes import collector_paused

# Patterns are used with fullmatch: "$" would also accept a trailing newline.
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
QID_PATTERN = re.compile(r"Q[1-9][0-9]*")
#: The most entities one registry may list.
MAX_ENTITIES = 100_000
ENTITY_KEYS = frozenset({"id", "type", "label", "aliases", "wikidata", "note", "about"})


def check_id(value: str, where: Location, what: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise SchemaError(f"{what} id {value!r} is not a valid id",
                          "use lower-case letters, digits and '-' only", where)
    return value


def load_registry(path: Path, ontology: Ontology) -> Registry:
    doc = read_yaml(path, "the registry")
    doc.check_keys({"entities"}, "the registry")
    errors: list[IrkgError] = []
    entities: dict[str, Entity] = {}
    by_qid: dict[str, Entity] = {}  # so that a second use of an item is found at once
    listed = doc.get("entities", list) if doc.has("entities") else []
    if listed is not None and len(listed) > MAX_ENTITIES:
        raise SchemaError(f"the registry lists {len(listed):,} entities, over irkg's limit of "
                          f"{MAX_ENTITIES:,}", "split the corpus into several corpora",
                          doc.at("entities"))

    def parse(rec: Record) -> None:
        rec.check_keys(ENTITY_KEYS, "a registry entity")
        eid = check_id(rec.require("id", str, "the entity"), rec.at("id"), "entity")
        if eid in entities:
            raise SchemaError(f"entity id {eid!r} is defined twice (first at "
                              f"line {entities[eid].where.line})", "give each entity one entry",
                              rec.at("id"))
        if isinstance(rec.data.get("wikidata"), int):
            raise SchemaError(f"wikidata {rec.data['wikidata']} is not a Wikidata item id",
                              "write it as Q followed by digits, e.g. Q184", rec.at("wikidata"))
        qid = rec.get("wikidata", str)
        if qid is not None and not QID_PATTERN.fullmatch(qid):
            raise SchemaError(f"wikidata {qid!r} is not a Wikidata item id",
                              "write it as Q followed by digits, e.g. Q184", rec.at("wikidata"))
        twin = by_qid.get(qid) if qid else None
        if twin is not None:
            raise SchemaError(
                f"wikidata {qid} is already the item of {twin.id!r} (line {twin.where.line}); "
                "owl:sameAs would merge the two", "link each Wikidata item from one entity only",
                rec.at("wikidata"))
        entities[eid] = Entity(
            id=eid,
            cls=ontology.entity_class(rec.require("type", str, "the entity"), rec.at("type")),
            label=rec.require("label", str, "the entity"),
            where=rec.where,
            aliases=tuple(rec.strings("aliases")),
            wikidata=qid,
            note=rec.get("note", str),
            about=tuple(rec.strings("about")),
        )
        if qid:
            by_qid[qid] = entities[eid]
        if entities[eid].about:
            about_at[eid] = rec.at("about")

    about_at: dict[str, Location] = {}
    with collector_paused():  # many small objects, no garbage: see read_yaml
        collect(doc.records("entities", "one entity"), parse, errors)
    # After the loop, as an entity may be about a later one; and only when every entry
    # parsed, or an entry with a bad id would show up again as every 'about' naming it.
    for eid, where in about_at.items() if not errors else ():
        for other in entities[eid].about:
            if other not in entities:
                errors.append(UnknownReference(f"about {other!r} is not in the registry",
                                               "add it to the registry or fix the id", where,
                                               value=other))
            elif other == eid:
                errors.append(SchemaError(f"entity {eid!r} is about itself",
                                          "name what the entity concerns", where))
    if errors:
        raise Errors(errors)
    return Registry(doc.file, entities)


def resolve(registry: Registry, ontology: Ontology, eid: str, expected: URIRef, where: Location,
            key: str) -> str:
    entity = registry.entities.get(eid)
    if entity is None:
        raise UnknownReference(f"{key} {eid!r} is not in the registry ({registry.file})",
                               "add it to the registry or fix the id", where, value=eid)
    if not ontology.is_a(entity.cls, expected):
        allowed = tuple(sorted(n for n, c in ontology.classes.items()
                               if ontology.is_a(c, expected)))
        have, want = local_name(entity.cls), local_name(expected)
        raise UnknownReference(
            f"{key} {eid!r} is {_article(have)} {have}, not {_article(want)} {want}",
            "name an entity of type " + ", ".join(allowed), where, value=eid, allowed=allowed)
    return eid


def _article(word: str) -> str:
    return "an" if word[:1] in "AEIOU" else "a"
