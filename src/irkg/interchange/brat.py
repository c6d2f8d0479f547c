"""brat standoff: ``NAME.txt`` with ``NAME.ann`` (T, R, E, A, M, N and # lines).

brat reads a text with universal newlines, so its offsets count a CRLF as one
character (https://github.com/nlplab/brat/issues/853); they are converted
here, and a span brat split at line breaks (it cannot cross one) is joined
again, so a quote over two paragraphs comes back as one quote. irkg writes
what brat has no slot for — claim ids, roles (``according_to`` in order, with
``unnamed``), links to other claims, dates, notes, a quantity's value — as a
JSON object in the span's ``AnnotatorNotes``, controlled values (stance,
certainty, attribution, polarity, modality, scope, trend, a quantity's unit
and comparator, a layer's kind) as attributes, registry ids and Wikidata
items as ``N`` lines, and the article's metadata in the notes of an
``article`` span over its first line. Quantities and layers are spans of
their own (``quantity``, ``layer``).
Reference: https://brat.nlplab.org/standoff.html
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from irkg.errors import Errors, IrkgError, display_path
from irkg.files import read_text
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

ARTICLE = "article"
#: Features written as brat attributes (closed vocabularies), under names that do not
#: clash with span labels ("stance", "status"); the default mapping reads them back.
ATTRIBUTES = {"certainty": "Certainty", "stance": "StanceType", "attribution": "Attribution",
              "relation": "RelationType", "status": "AgreementStatus", "polarity": "Polarity",
              "modality": "Modality", "scope": "Scope", "trend": "Trend", "unit": "Unit",
              "comparator": "Comparator", "layer": "Layer"}
#: The span labels an attribute is for, where it is not a claim's value.
ATTRIBUTE_LABELS = {"unit": (QUANTITY,), "comparator": (QUANTITY,), "layer": (LAYER,)}
NORMALISATION = {"irkg": "entity", "wikidata": "wikidata"}
_T = re.compile(r"(\d+) (\d+)")


def _error(shown: str, line: int, annotation: str, what: str, fix: str) -> ExportError:
    doc = Document(annotation, "", (), file=shown)
    return ExportError(f"annotation {annotation}: {what}", fix, doc.where(line))


def _join(text: str, fragments: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Fragments brat split at line breaks, joined again (only white space between them)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if out and not text[out[-1][1]:start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return tuple(out)


def read(ann: Path) -> Document:
    """The document of ``ann`` and the ``.txt`` beside it; errors name the line and id."""
    shown = display_path(ann)
    text = read_text(ann.with_suffix(".txt"), "the brat text")
    units = OffsetMap(text, "newlines")
    spans: dict[str, Span] = {}
    features: dict[str, dict[str, str]] = {}
    relations: list[Relation] = []
    trigger: dict[str, str] = {}  # event id -> its trigger's span id
    errors: list[IrkgError] = []
    pending: list[tuple[int, str, str, str]] = []  # A/N/# lines, once every target is known
    arcs: dict[str, dict[str, str]] = {}  # relation id -> its attributes
    # brat splits on LF only: other line separators are text inside a line
    for n, raw in enumerate(read_text(ann, "the brat annotation").split("\n"), start=1):
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        aid, _, rest = raw.partition("\t")
        head = rest.split("\t", 1)[0]
        try:
            if aid.startswith("T"):
                label, _, where = head.partition(" ")
                frags = []
                for piece in where.split(";"):
                    m = _T.fullmatch(piece.strip())
                    if m is None:
                        raise ValueError(f"bad offsets {where!r}")
                    frags.append((units.from_units(int(m[1])), units.from_units(int(m[2]))))
                shown_text = rest.split("\t", 1)[1] if "\t" in rest else None
                norm = "".join(text[s:e] for s, e in frags).replace("\r\n", "\n")
                if shown_text is not None and shown_text.replace(" ", "") != norm.replace(
                        " ", "").replace("\n", "").replace("\r", ""):
                    raise ValueError(f"its text {shown_text[:40]!r} is not the document's text "
                                     f"there ({norm[:40]!r})")
                spans[aid] = Span(aid, label, _join(text, frags), {}, n)
                features[aid] = {}
            elif aid.startswith("R"):
                label, *args = head.split()
                ends = dict(a.split(":", 1) for a in args)
                arcs[aid] = {}  # filled by the A lines that name the relation
                relations.append(Relation(aid, label, ends.get("Arg1", ""),
                                          ends.get("Arg2", ""), arcs[aid], n))
            elif aid.startswith("E"):
                first, *args = head.split()
                label, _, tid = first.partition(":")
                trigger[aid] = tid
                for arg in args:
                    role, _, target = arg.partition(":")
                    relations.append(Relation(f"{aid}.{role}", role.rstrip("0123456789"), tid,
                                              target, {}, n))
            elif aid[:1] in ("A", "M", "N", "#"):
                pending.append((n, aid, head, rest.partition("\t")[2] if aid[0] == "#" else ""))
            else:
                raise ValueError("not a brat annotation line (T, R, E, A, M, N or #)")
        except (ValueError, OffsetError) as exc:
            errors.append(_error(shown, n, aid or "?", str(exc), "fix the line or export again"))
    relations = [Relation(r.id, r.label, trigger.get(r.source, r.source),
                          trigger.get(r.target, r.target), r.features, r.line) for r in relations]
    for n, aid, head, note in pending:
        words = head.split()
        target = trigger.get(words[1], words[1]) if len(words) > 1 else ""
        if target in arcs and aid[0] in "AM":  # an attribute of a relation
            arcs[target][words[0]] = words[2] if len(words) > 2 else "true"
            continue
        if target in arcs and aid[0] == "#" and note.startswith("{"):  # features with spaces
            try:
                arcs[target].update({str(k): str(v) for k, v in json.loads(note).items()})
            except (ValueError, AttributeError):
                errors.append(_error(shown, n, aid, "its note is not a JSON object",
                                     "write valid JSON"))
            continue
        if target not in features:
            errors.append(_error(shown, n, aid, f"it refers to {target or 'nothing'}, which "
                                 "the export does not have", "delete it in the tool"))
            continue
        if aid[0] in "AM":
            features[target][words[0]] = words[2] if len(words) > 2 else "true"
        elif aid[0] == "N":
            db, _, ref = words[2].partition(":") if len(words) > 2 else ("", "", "")
            features[target][NORMALISATION.get(db.lower(), db)] = ref
        elif note.startswith("{"):
            try:
                features[target].update({str(k): str(v) for k, v in json.loads(note).items()})
            except (ValueError, AttributeError):
                errors.append(_error(shown, n, aid, "its note is not a JSON object",
                                     "write a plain note or valid JSON"))
        else:
            features[target]["note"] = note
    if errors:
        raise Errors(errors)
    meta: dict[str, str] = {}
    out = []
    for sid, span in spans.items():
        if span.label == ARTICLE:
            meta.update(features[sid])
        else:
            out.append(Span(sid, span.label, span.fragments, features[sid], span.line))
    return Document(ann.stem, text, tuple(out), tuple(relations), meta, shown)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The pieces of ``[start, end)`` between line breaks (brat spans cannot cross one)."""
    for m in re.finditer(r"[^\r\n]+", text[start:end]):
        yield start + m.start(), start + m.end()


def write(doc: Document) -> str:
    """The ``.ann`` of ``doc`` (write ``doc.text`` as the ``.txt`` beside it, unchanged)."""
    units = OffsetMap(doc.text, "newlines")
    lines: list[str] = []
    spans = list(doc.spans)
    if doc.meta:
        first = next(_lines(doc.text, 0, len(doc.text)))
        spans.insert(0, Span("article", ARTICLE, (first,), dict(doc.meta)))
    ids = {s.id: f"T{n}" for n, s in enumerate(spans, start=1)}
    attrs = notes = norms = 0
    for span in spans:
        tid = ids[span.id]
        pieces = [p for s, e in span.fragments for p in _lines(doc.text, s, e)]
        where = ";".join(f"{units.to_units(s)} {units.to_units(e)}" for s, e in pieces)
        words = " ".join(doc.text[s:e] for s, e in pieces)
        lines.append(f"{tid}\t{span.label} {where}\t{words}")
        rest = {}
        for key, value in span.features.items():
            if key in ATTRIBUTES:
                attrs += 1
                lines.append(f"A{attrs}\t{ATTRIBUTES[key]} {tid} {value}")
            elif key in NORMALISATION.values() and span.label != ARTICLE:
                norms += 1
                db = "irkg" if key == "entity" else "Wikidata"
                lines.append(f"N{norms}\tReference {tid} {db}:{value}\t{words}")
            else:
                rest[key] = value
        if rest:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes {tid}\t"
                         + json_text(rest))
    for n, rel in enumerate(doc.relations, start=1):
        lines.append(f"R{n}\t{rel.label} Arg1:{ids[rel.source]} Arg2:{ids[rel.target]}\t")
        spaced = {}
        for key, value in sorted(rel.features.items()):
            if re.fullmatch(r"\S+", value) and re.fullmatch(r"\S+", key):
                attrs += 1
                lines.append(f"A{attrs}\t{key} R{n} {value}")
            else:  # an attribute value is one word in brat: the rest go in a note
                spaced[key] = value
        if spaced:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes R{n}\t" + json_text(spaced))
    return "".join(line + "\n" for line in lines)


def annotation_conf() -> str:
    """A brat ``annotation.conf`` declaring every label, role and value irkg reads."""
    onto = load_ontology()
    kinds = [*sorted(FACT_KINDS), "stance"]
    roles = sorted({r for k in [*FACT_KINDS.values(), STANCE_KIND] for r in k.roles})
    out = ["# brat configuration for irkg (irkg export brat); see the README, 'brat'.",
           "", "[entities]", "", ARTICLE, BOILERPLATE, LAYER, QUANTITY, *kinds,
           *sorted(onto.classes), "",
           "[relations]", "", *(f"{r} Arg1:{'|'.join(kinds)}, Arg2:<ENTITY>" for r in roles),
           "", "[events]", "", "[attributes]", ""]
    for key, name in ATTRIBUTES.items():
        labels = ATTRIBUTE_LABELS.get(key, kinds)
        out.append(f"{name} Arg:{'|'.join(labels)}, "
                   f"Value:{'|'.join(sorted(onto.concepts[key]))}")
    return "\n".join(out) + "\n"


def export_files(doc: Document) -> dict[str, str]:
    """The files of one document in a brat collection: ``ID.txt`` and ``ID.ann``."""
    return {f"{doc.id}.txt": doc.text, f"{doc.id}.ann": write(doc)}
