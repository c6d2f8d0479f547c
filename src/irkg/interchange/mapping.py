"""The mapping file: which of a tool's layers, labels and features mean what in irkg.

A team sets up its tool with its own names ("Country", "MemberOf",
"Confidence: High"); a small YAML file says what each becomes — a mention, a
claim's quote, a role, a value — so nothing about a tool's project is wired
into irkg. The default mapping (``default-mapping.yaml``, shipped with irkg)
reads irkg's own exports back losslessly; a file given with ``--mapping`` is
laid over it. The README documents every key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from irkg.errors import SchemaError
from irkg.kinds import FACT_KINDS, STANCE_KIND
from irkg.source import Record, read_yaml

CLAIM_KINDS = (*sorted(FACT_KINDS), "stance")
SPAN_KEYS = frozenset({"mention", "kind", "set", "boilerplate", "quantity", "layer", "ignore"})
RELATION_KEYS = frozenset({"role", "kind", "source", "target", "set", "ignore"})


def roles_of(kind: str) -> tuple[str, ...]:
    return tuple(STANCE_KIND.roles if kind == "stance" else FACT_KINDS[kind].roles)


@dataclass(frozen=True)
class SpanRule:
    """What a span label means: a mention, a claim's quote, a claim's quantity,
    boilerplate, a layer (a passage with its own speaker), or nothing."""

    mention: str | None = None  # the registry type of entities it introduces
    kind: str | None = None  # a fact kind, or "stance"
    set: dict[str, str] = field(default_factory=dict)  # values every such claim gets
    boilerplate: bool = False
    quantity: bool = False
    layer: bool = False
    ignore: bool = False


@dataclass(frozen=True)
class RelationRule:
    """A relation label: a role (quote → mention), or a whole claim (mention → mention)."""

    role: str | None = None
    kind: str | None = None
    source: str | None = None
    target: str | None = None
    set: dict[str, str] = field(default_factory=dict)
    ignore: bool = False


@dataclass(frozen=True)
class Mapping:
    spans: dict[str, SpanRule]
    relations: dict[str, RelationRule]
    features: dict[str, str | None]
    values: dict[str, dict[str, str]]
    mentions_by_type: bool = True
    file: str = "the default mapping"

    def feature(self, name: str) -> str | None:
        """irkg's key for a tool's feature name (None: dropped)."""
        return self.features.get(name, name)

    def value(self, key: str, value: str) -> str:
        return self.values.get(key, {}).get(value, value)


def _strings(rec: Record, key: str) -> dict[str, str]:
    sub = rec.record(key)
    if sub is None:
        if rec.has(key):
            raise SchemaError(f"{key!r} must be a mapping", f"write '{key}: {{key: value}}'",
                              rec.at(key))
        return {}
    return {str(k): str(v) for k, v in sub.data.items()}


def _kind(rec: Record) -> str | None:
    kind = rec.get("kind", str)
    if kind is not None and kind not in CLAIM_KINDS:
        raise SchemaError(f"unknown claim kind {kind!r}", "use one of " + ", ".join(CLAIM_KINDS),
                          rec.at("kind"), value=kind, allowed=CLAIM_KINDS)
    return kind


def _span_rule(rec: Record) -> SpanRule:
    rec.check_keys(SPAN_KEYS, "a span rule")
    return SpanRule(mention=rec.get("mention", str), kind=_kind(rec), set=_strings(rec, "set"),
                    boilerplate=bool(rec.get("boilerplate", bool, False)),
                    quantity=bool(rec.get("quantity", bool, False)),
                    layer=bool(rec.get("layer", bool, False)),
                    ignore=bool(rec.get("ignore", bool, False)))


def _relation_rule(rec: Record) -> RelationRule:
    rec.check_keys(RELATION_KEYS, "a relation rule")
    kind = _kind(rec)
    rule = RelationRule(role=rec.get("role", str), kind=kind, source=rec.get("source", str),
                        target=rec.get("target", str), set=_strings(rec, "set"),
                        ignore=bool(rec.get("ignore", bool, False)))
    if kind is not None:
        for key in ("source", "target"):
            role = getattr(rule, key)
            if role not in roles_of(kind):
                raise SchemaError(f"a {kind} relation needs '{key}:' naming one of its roles",
                                  "use one of " + ", ".join(roles_of(kind)), rec.at(key))
    elif rule.role is None and not rule.ignore:
        raise SchemaError("a relation rule needs 'role:', or 'kind:' with 'source:' and "
                          "'target:', or 'ignore: true'", "add one", rec.where)
    return rule


def _rules(doc: Record, key: str) -> dict[str, Record]:
    sub = doc.record(key)
    if sub is None:
        return {}
    out = {}
    for label in sub.data:
        item = sub.record(str(label))
        if item is None:
            raise SchemaError(f"the rule for {label!r} must be a mapping",
                              "write 'LABEL: {kind: ...}'", sub.at(str(label)))
        out[str(label)] = item
    return out


def read_mapping(path: Path, base: Mapping | None = None) -> Mapping:
    """The mapping in ``path``, laid over ``base`` (the default mapping unless given)."""
    doc = read_yaml(path, "the mapping file")
    doc.check_keys({"spans", "relations", "features", "values", "mentions_by_type"},
                   "a mapping file")
    spans = dict(base.spans) if base else {}
    relations = dict(base.relations) if base else {}
    features: dict[str, str | None] = dict(base.features) if base else {}
    values = {k: dict(v) for k, v in base.values.items()} if base else {}
    spans.update({k: _span_rule(r) for k, r in _rules(doc, "spans").items()})
    relations.update({k: _relation_rule(r)
                      for k, r in _rules(doc, "relations").items()})
    sub = doc.record("features")
    if sub is not None:
        features.update({str(k): (None if v is None else str(v)) for k, v in sub.data.items()})
    vals = doc.record("values")
    if vals is not None:
        for key in vals.data:
            values.setdefault(str(key), {}).update(_strings(vals, str(key)))
    by_type = doc.get("mentions_by_type", bool)
    return Mapping(spans, relations, features, values,
                   base.mentions_by_type if by_type is None and base else bool(by_type),
                   doc.file)


def default_mapping() -> Mapping:
    """The mapping shipped with irkg (reads irkg's own exports losslessly)."""
    path = Path(str(resources.files("irkg.interchange"))) / "default-mapping.yaml"
    return read_mapping(path)


def load_mapping(path: Path | None) -> Mapping:
    """The default mapping, with the file at ``path`` (if any) laid over it."""
    base = default_mapping()
    return base if path is None else read_mapping(path, base)
