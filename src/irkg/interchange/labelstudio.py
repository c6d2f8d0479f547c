"""Label Studio's JSON export of text tasks: labels, relations, per-region choices and text.

Label Studio counts offsets in UTF-16 code units (JavaScript string
indices), so an emoji counts twice; they are converted here. A task's text is
``data.text``; irkg keeps the article id in ``data.article`` and its
metadata in ``data.meta``. A region's features are per-region results that
share its id: ``choices`` for the closed vocabularies (a claim's stance,
certainty, attribution and axes, a quantity's unit and comparator, a layer's
kind) and one ``textarea`` (``features``) holding the rest as JSON: roles
(``according_to`` in its order, ``unnamed`` included), links to other claims,
dates, notes, a quantity's value. Quantities and layers are regions of their
own (labels ``quantity`` and ``layer``). Of a task's annotations the last
one not cancelled is read (Label Studio keeps one per annotator); the
project's labelling configuration that matches is written by
:func:`label_config`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from irkg.errors import Errors, IrkgError, Location, collect, display_path
from irkg.files import read_text
from irkg.interchange.brat import ATTRIBUTES
from irkg.interchange.document import (
    BOILERPLATE,
    LAYER,
    QUANTITY,
    Document,
    ExportError,
    Relation,
    Span,
    json_text,
)
from irkg.interchange.offsets import OffsetError, OffsetMap
from irkg.kinds import FACT_KINDS, STANCE_KIND
from irkg.ontology import load_ontology

FEATURES = "features"  # the per-region textarea holding the other features as JSON
LABELS, TEXT = "label", "text"


def _fail(shown: str, aid: str, what: str, fix: str) -> ExportError:
    return ExportError(f"annotation {aid}: {what}", fix, Document(aid, "", (), file=shown).where())


def _task(task: dict[str, Any], n: int, shown: str) -> Document:
    data = task.get("data") or {}
    text = data.get(TEXT)
    if not isinstance(text, str):
        raise _fail(shown, f"task {task.get('id', n)}", "it has no data.text",
                    "export text tasks (the text in data.text)")
    units = OffsetMap(text, "utf16")
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    results = done[-1].get("result", []) if done else []
    errors: list[IrkgError] = []
    regions: dict[str, dict[str, Any]] = {}
    features: dict[str, dict[str, str]] = {}
    relations = []
    for item in results:
        rid = str(item.get("id", ""))
        value = item.get("value") or {}
        kind = item.get("type")
        if kind == "relation":
            labels = item.get("labels") or []
            if len(labels) != 1:
                errors.append(_fail(shown, f"{item.get('from_id')}->{item.get('to_id')}",
                                    f"the relation has {len(labels)} labels, not one",
                                    "give it one label"))
                continue
            src, dst = str(item.get("from_id")), str(item.get("to_id"))
            if item.get("direction") == "left":
                src, dst = dst, src
            relations.append(Relation(f"{src}->{dst}", labels[0], src, dst))
        elif kind == "labels":
            labels = value.get("labels") or []
            if len(labels) != 1:
                errors.append(_fail(shown, rid, f"the region has {len(labels)} labels, not one",
                                    "give it one label"))
                continue
            try:
                start, end = units.from_units(value["start"]), units.from_units(value["end"])
            except (OffsetError, KeyError, TypeError) as exc:
                errors.append(_fail(shown, rid, f"its offsets are unusable ({exc})",
                                    "export the annotation with the text it was made on"))
                continue
            if "text" in value and text[start:end] != value["text"]:
                errors.append(_fail(shown, rid, f"its text {value['text']!r} is not the task "
                                    f"text there ({text[start:end]!r})", "export it again"))
                continue
            regions[rid] = {"label": labels[0], "frag": (start, end)}
        elif kind == "choices":
            features.setdefault(rid, {})[str(item.get("from_name"))] = " ".join(
                value.get("choices") or [])
        elif kind == "textarea":
            body = "\n".join(value.get("text") or [])
            name = str(item.get("from_name"))
            if name == FEATURES:
                try:
                    features.setdefault(rid, {}).update(
                        {str(k): str(v) for k, v in json.loads(body).items()})
                except (ValueError, AttributeError):
                    errors.append(_fail(shown, rid, "its features are not a JSON object",
                                        "fix the text"))
            else:
                features.setdefault(rid, {})[name] = body
        else:
            errors.append(_fail(shown, rid, f"result type {kind!r} is not read by irkg",
                                "use labels, relations, choices and textarea"))
    for rid in features:
        if rid not in regions:
            errors.append(_fail(shown, rid, "its choices or text belong to no labelled region",
                                "label the region, or delete them"))
    if errors:
        raise Errors(errors)
    spans = tuple(Span(rid, r["label"], (r["frag"],), features.get(rid, {}))
                  for rid, r in regions.items())
    doc_id = str(data.get("article") or f"task-{task.get('id', n)}")
    meta = {str(k): str(v) for k, v in (data.get("meta") or {}).items()}
    return Document(doc_id, text, spans, tuple(relations), meta, shown)


def read(path: Path) -> list[Document]:
    """Every task of a Label Studio JSON export."""
    shown = display_path(path)
    try:
        data = json.loads(read_text(path, "the Label Studio export"))
    except json.JSONDecodeError as exc:
        raise ExportError(f"{shown} is not JSON ({exc.msg})", "export the project as JSON",
                          Location(shown, exc.lineno, exc.colno)) from None
    tasks = data if isinstance(data, list) else [data]
    errors: list[IrkgError] = []
    docs = collect(enumerate(tasks, start=1), lambda nt: _task(nt[1], nt[0], shown), errors)
    if errors:
        raise Errors(errors)
    return docs


def _task_of(doc: Document, n: int) -> dict[str, Any]:
    units = OffsetMap(doc.text, "utf16")
    result: list[dict[str, Any]] = []
    for span in doc.spans:
        for k, (start, end) in enumerate(span.fragments):
            rid = span.id if k == 0 else f"{span.id}.{k}"
            where = {"start": units.to_units(start), "end": units.to_units(end)}
            common = {"id": rid, "to_name": TEXT, "origin": "prediction"}
            result.append({**common, "from_name": LABELS, "type": "labels",
                           "value": {**where, "text": doc.text[start:end],
                                     "labels": [span.label]}})
            rest = {}
            for key, value in span.features.items():
                if key in ATTRIBUTES:
                    result.append({**common, "from_name": ATTRIBUTES[key], "type": "choices",
                                   "value": {**where, "choices": [value]}})
                else:
                    rest[key] = value
            if rest:
                result.append({**common, "from_name": FEATURES, "type": "textarea",
                               "value": {**where, "text": [json_text(rest)]}})
    result.extend({"from_id": r.source, "to_id": r.target, "type": "relation",
                   "direction": "right", "labels": [r.label]} for r in doc.relations)
    return {"id": n, "data": {TEXT: doc.text, "article": doc.id, "meta": doc.meta},
            "annotations": [{"id": n, "result": result, "was_cancelled": False}]}


def write(docs: list[Document]) -> str:
    """Tasks Label Studio imports with their annotations (and exports in the same shape)."""
    tasks = [_task_of(doc, n) for n, doc in enumerate(docs, start=1)]
    return json_text(tasks, indent=2) + "\n"


def label_config() -> str:
    """The labelling configuration (XML) of a Label Studio project for irkg."""
    onto = load_ontology()
    kinds = [*sorted(FACT_KINDS), "stance"]
    roles = sorted({r for k in [*FACT_KINDS.values(), STANCE_KIND] for r in k.roles})
    lines = ["<View>", "  <Relations>", *(f"    <Relation value={quoteattr(r)}/>" for r in roles),
             "  </Relations>", f'  <Labels name="{LABELS}" toName="{TEXT}">',
             *(f"    <Label value={quoteattr(v)}/>"
               for v in [BOILERPLATE, LAYER, QUANTITY, *kinds, *sorted(onto.classes)]),
             "  </Labels>", f'  <Text name="{TEXT}" value="$text"/>']
    for key, name in ATTRIBUTES.items():
        lines.append(f'  <Choices name="{name}" toName="{TEXT}" perRegion="true" '
                     'required="false">')
        lines.extend(f"    <Choice value={quoteattr(v)}/>" for v in sorted(onto.concepts[key]))
        lines.append("  </Choices>")
    lines += [f'  <TextArea name="{FEATURES}" toName="{TEXT}" perRegion="true" '
              'editable="true" displayMode="region-list"/>', "</View>"]
    return "\n".join(lines) + "\n"
