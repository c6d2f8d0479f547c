"""Provenance of link decisions, and writing an accepted QID into the registry.

The registry says *what* an entity is linked to; ``seeds/wikidata/links.yaml``
says *how* that link was decided: by whom, when, by which method (an
annotator's own research, or a ranked suggestion and its score) and against
which Wikidata revision. Keeping it beside the registry leaves the registry
readable and lets a reviewer audit every ``owl:sameAs`` in one file.

Both files are edited with ruamel.yaml's round-trip mode, so comments, order
and layout survive an ``--accept``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from irkg.errors import InputError, Location, SchemaError, display_path
from irkg.registry import QID_PATTERN
from irkg.serialize import write_atomic
from irkg.source import read_yaml

LINKS_FILE = "links.yaml"
METHODS = frozenset({"annotator", "suggestion"})
DECISION_KEYS = frozenset({"qid", "method", "decided", "by", "score", "query", "revision",
                           "sources", "note"})
_HEADER = ("# How each Wikidata link in registry.yaml was decided (see README, 'Linking\n"
           "# with Wikidata'). revision is the Wikidata lastrevid the decision was\n"
           "# checked against; null means it was checked against other public sources.\n")


@dataclass(frozen=True)
class Decision:
    entity: str
    qid: str
    method: str
    decided: str
    by: str
    where: Location
    score: float | None = None
    revision: int | None = None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_links(path: Path) -> dict[str, Decision]:
    if not path.is_file():
        return {}
    doc = read_yaml(path)
    doc.check_keys({"links"}, "the link decisions file")
    links = doc.record("links")
    if links is None:
        return {}
    out: dict[str, Decision] = {}
    for key in links.data:
        rec = links.record(str(key))
        if rec is None:
            raise SchemaError(f"link decision {key!r} must be a mapping",
                              "write 'qid:', 'method:', 'decided:' and 'by:' under it",
                              links.at(str(key)))
        rec.check_keys(DECISION_KEYS, "a link decision")
        qid = rec.require("qid", str, "the link decision")
        if not QID_PATTERN.fullmatch(qid):
            raise SchemaError(f"qid {qid!r} is not a Wikidata item id", "write it as Q…",
                              rec.at("qid"))
        method = rec.require("method", str, "the link decision")
        if method not in METHODS:
            raise SchemaError(f"unknown method {method!r}", "use " + " or ".join(sorted(METHODS)),
                              rec.at("method"))
        score = rec.data.get("score")
        out[str(key)] = Decision(
            str(key), qid, method, rec.require("decided", str, "the link decision"),
            rec.require("by", str, "the link decision"), rec.where,
            float(score) if isinstance(score, (int, float)) else None,
            rec.get("revision", int))
    return out


def record_decision(path: Path, entity: str, fields: dict[str, Any]) -> None:
    """Add or replace ``entity``'s decision, keeping the rest of the file as it is."""
    yaml = _yaml()
    if path.is_file():
        data = yaml.load(path.read_text(encoding="utf-8"))
    else:
        data = yaml.load(_HEADER + "links: {}\n")
    if not isinstance(data, CommentedMap):
        raise SchemaError("the link decisions file must hold a mapping", "start with 'links:'",
                          Location(display_path(path), 1))
    links = data.get("links")
    if not isinstance(links, CommentedMap) or not links:
        links = CommentedMap()
        data["links"] = links
    entry = CommentedMap()
    for key, value in fields.items():
        if value is not None:
            entry[key] = CommentedSeq(value) if isinstance(value, list) else value
    links[entity] = entry
    write_atomic(path, _dump(yaml, data))


def accept_in_registry(registry: Path, entity: str, qid: str) -> None:
    """Write ``wikidata: QID`` into ``entity``'s registry entry, after its label/aliases."""
    if not QID_PATTERN.fullmatch(qid):
        raise InputError(f"{qid!r} is not a Wikidata item id", "write it as Q followed by digits")
    yaml = _yaml()
    shown = display_path(registry)
    try:
        data = yaml.load(registry.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {shown}: {exc.strerror}", "check the path") from None
    for item in data.get("entities", []) if isinstance(data, CommentedMap) else []:
        if isinstance(item, CommentedMap) and item.get("id") == entity:
            break
    else:
        raise InputError(f"entity {entity!r} is not in the registry ({shown})",
                         "use an id from the registry")
    if item.get("wikidata") not in (None, qid):
        line = item.lc.key("wikidata")[0] + 1
        raise InputError(f"{entity!r} is already linked to {item['wikidata']}",
                         "remove the old wikidata: line first if the link is wrong",
                         Location(shown, line))
    if "wikidata" not in item:
        keys = list(item)
        after = max((keys.index(k) for k in ("label", "aliases") if k in keys), default=0)
        item.insert(after + 1, "wikidata", qid)
    write_atomic(registry, _dump(yaml, data))


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
