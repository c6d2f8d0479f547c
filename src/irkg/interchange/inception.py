"""INCEpTION (and WebAnno): a UIMA CAS, XMI or JSON, read into the neutral Document.

The files are read with dkpro-cassis, never parsed by hand: cassis knows the
XMI and JSON serialisations, the type system, and that UIMA counts offsets in
UTF-16 code units (Java strings) where irkg counts code points, and converts
them. An offset that falls between the two halves of a surrogate pair (which
cassis can only warn about) is refused with the annotation it belongs to.

What is read (the layout is :mod:`irkg.interchange.inception_cas`'s; README,
"Annotating in INCEpTION"):

- the built-in named-entity layer (and its DKPro subtypes): a span labelled
  with ``value``, with ``wikidata`` or ``entity`` from its ``identifier``;
- ``webanno.custom.Claim``: a span labelled with its ``kind``, its other
  features by the irkg profile's keys, and its ``roles`` links as arcs;
- ``webanno.custom.Quantity``: a ``quantity`` span (``claim``, ``n``, ``value``,
  ``unit``, ``comparator``);
- ``webanno.custom.Boilerplate``: a ``boilerplate`` span (with its ``n``);
- ``webanno.custom.TextLayer``: a ``layer`` span (``layer``, ``speaker``, dates, ``note``, ``n``);
- ``webanno.custom.Article`` and DKPro's document metadata: ``Document.meta``;
- any other custom span layer: a span labelled with the layer's name; any
  custom relation layer (``Governor``/``Dependent``): an arc labelled with its
  ``role`` or ``value`` feature, else its layer's name; a mapping file says
  what they mean.

Every bad annotation is one line naming the export file and the annotation's
id (its ``xmi:id``, the ``%ID`` of JSON).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import cassis
from cassis.typesystem import AnnotationHasNoSofa, TypeCheckError, TypeNotFoundError
from lxml.etree import LxmlError

from irkg.errors import Errors, IrkgError, Location, one_line_text
from irkg.files import decode
from irkg.interchange.document import (
    BOILERPLATE,
    LAYER,
    QUANTITY,
    Document,
    ExportError,
    Relation,
    Span,
    bad,
)
from irkg.interchange.inception_cas import (
    ARTICLE,
    BOILERPLATE_LAYER,
    CLAIM,
    IRKG_ENTITY,
    META,
    NAMED_ENTITY,
    QUANTITY_LAYER,
    TEXT_LAYER,
    WIKIDATA_ENTITY,
    feature_key,
    typesystem,
)

#: INCEpTION's own features (``i7n_uiOrder`` on document metadata layers): not annotations.
_INTERNAL = "i7n_"
_UNMAPPED = re.compile(r"Not mapping external offset \[(\d+)\]")
#: irkg's span layers besides claims and mentions, and the profile label of each.
_LABELS = {BOILERPLATE_LAYER: BOILERPLATE, QUANTITY_LAYER: QUANTITY, TEXT_LAYER: LAYER}


def parse_cas(data: bytes, fmt: str, shown: str, stem: str,
              types: cassis.TypeSystem | None = None) -> Document:
    """The Document of the CAS in ``data``; ``shown`` names the file in messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            text = decode(data, shown, "the INCEpTION export")  # located bad bytes
            if fmt == "xmi":
                cas = cassis.load_cas_from_xmi(text, typesystem=types or typesystem())
            else:
                cas = cassis.load_cas_from_json(text)
        except (LxmlError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError,
                TypeNotFoundError, TypeCheckError, AnnotationHasNoSofa) as exc:
            # what cassis raises on a broken file, or one in types it was not given
            raise ExportError(f"{shown} is not a readable UIMA CAS {fmt.upper()} file "
                              f"({type(exc).__name__}: {one_line_text(str(exc))[:200]})",
                              "export the document from INCEpTION again (an XMI file with "
                              "the typesystem.xml exported with it)", Location(shown)) from None
    unmapped = frozenset(int(m.group(1)) for w in caught
                         if (m := _UNMAPPED.search(str(w.message))))
    return cas_to_document(cas, shown, stem, unmapped)


def article_id(name: str) -> str:
    """An article id from a document name: INCEpTION names documents by their file."""
    for suffix in (".txt", ".xmi", ".json"):
        if name.lower().endswith(suffix):
            return name[:-len(suffix)]
    return name


def _value(value: Any) -> str | None:
    if value is None or isinstance(value, cassis.typesystem.FeatureStructure):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _features(fs: Any, skip: frozenset[str]) -> dict[str, str]:
    """The primitive features that are set, by profile key (link features are arcs)."""
    out: dict[str, str] = {}
    for feature in fs.type.all_features:
        if feature.name in skip or feature.name in ("sofa", "begin", "end") \
                or feature.name.startswith(_INTERNAL):
            continue
        value = _value(fs.get(feature.name))
        if value not in (None, ""):
            out[feature_key(feature.name)] = value
    return out


def _links(fs: Any) -> Iterator[tuple[str, Any]]:
    """The (role, target) of every link feature (INCEpTION's slots) of ``fs``."""
    for feature in fs.type.all_features:
        value = fs.get(feature.name) if feature.name not in ("sofa",) else None
        elements = getattr(value, "elements", None)
        if not isinstance(elements, list):
            continue
        for link in elements:
            target = getattr(link, "target", None) if link is not None else None
            if target is not None:
                yield (getattr(link, "role", None) or feature.name), target


def _identifier(doc: Document, fs: Any) -> dict[str, str]:
    iri = fs.get("identifier")
    if not iri:
        return {}
    for prefix, key in ((WIKIDATA_ENTITY, "wikidata"), (IRKG_ENTITY, "entity")):
        if iri.startswith(prefix) and iri[len(prefix):]:
            return {key: iri[len(prefix):]}
    raise bad(doc, str(fs.xmiID), f"identifier {iri!r} is neither a Wikidata item nor an "
              "irkg entity", f"link it to an item of Wikidata ({WIKIDATA_ENTITY}Q…) or of the "
              f"irkg registry ({IRKG_ENTITY}…)")


def cas_to_document(cas: cassis.Cas, shown: str, stem: str,
                    unmapped: frozenset[int] = frozenset()) -> Document:
    """Spans and relations of the irkg layout (and of any other custom layer).

    Every bad annotation is reported, one line each, before anything is used.
    """
    text = cas.sofa_string or ""
    meta: dict[str, str] = {}
    doc_id = stem
    for fs in cas.select_all_fs():
        # INCEpTION sets documentTitle to the file name: the title is the Article layer's
        if fs.type.name == META:
            doc_id = article_id(fs.get("documentId") or stem)
            if fs.get("language") and fs.language != "x-unspecified":
                meta["language"] = fs.language
        elif fs.type.name == ARTICLE:
            meta.update(_features(fs, frozenset()))
    doc = Document(doc_id, text, (), (), meta, shown)
    spans: list[Span] = []
    relations: list[Relation] = []
    errors: list[IrkgError] = []
    for fs in sorted(cas.select_all_fs(), key=lambda f: f.xmiID):
        try:
            if _is_relation(fs):
                relations.append(_relation(doc, fs))
            elif (span := _span(doc, cas, fs, unmapped)) is not None:
                spans.append(span)
                relations.extend(_link(span.id, role, target) for role, target in _links(fs))
        except IrkgError as exc:
            errors.append(exc)
    if errors:
        raise Errors(errors)
    return Document(doc_id, text, tuple(spans), tuple(relations), meta, shown)


def _is_relation(fs: Any) -> bool:
    return fs.type.name.startswith("webanno.custom.") and all(
        fs.type.get_feature(f) is not None for f in ("Governor", "Dependent"))


def _span(doc: Document, cas: cassis.Cas, fs: Any, unmapped: frozenset[int]) -> Span | None:
    """The span of annotation ``fs``, if it is one of a layer irkg reads."""
    name, fid = fs.type.name, str(fs.xmiID)
    is_ne = name == NAMED_ENTITY or (cas.typesystem.contains_type(NAMED_ENTITY)
                                     and cas.typesystem.subsumes(NAMED_ENTITY, name))
    if not (is_ne or name.startswith("webanno.custom.")) or not hasattr(fs, "begin"):
        return None  # tokens, sentences, tagsets, document metadata, other layers
    begin, end = fs.begin, fs.end
    units = len(doc.text.encode("utf-16-le")) // 2
    for offset in (begin, end):
        if offset in unmapped and 0 <= offset <= units:
            raise bad(doc, fid, f"offset {offset} falls inside a character (UTF-16 counts an "
                      "emoji or other astral character as two units)",
                      "export the document again from INCEpTION; do not edit offsets by hand")
    if not 0 <= begin <= end <= len(doc.text) or {begin, end} & unmapped:
        raise bad(doc, fid, f"span {begin}-{end} lies outside the text (0-{len(doc.text)})",
                  "export the document again from INCEpTION")
    if is_ne:
        label = fs.get("value") or ("Mention" if name == NAMED_ENTITY else _short(name))
        return Span(fid, label, ((begin, end),), _identifier(doc, fs))
    if name == CLAIM:
        if not fs.get("kind"):
            raise bad(doc, fid, "a Claim has no kind",
                      "set its kind (membership, party, ..., stance)")
        return Span(fid, fs.kind, ((begin, end),), _features(fs, frozenset({"kind"})))
    if name in _LABELS:
        return Span(fid, _LABELS[name], ((begin, end),), _features(fs, frozenset()))
    return Span(fid, _short(name), ((begin, end),), _features(fs, frozenset()))


def _short(type_name: str) -> str:
    """A custom layer's name as INCEpTION shows it: ``webanno.custom.Stance`` → ``Stance``."""
    return type_name.rsplit(".", 1)[-1]


def _relation(doc: Document, fs: Any) -> Relation:
    """A relation layer's arc, labelled by its ``role`` or ``value`` feature, else its layer."""
    governor, dependent = fs.get("Governor"), fs.get("Dependent")
    if governor is None or dependent is None:
        raise bad(doc, str(fs.xmiID), "a relation lacks its Governor or Dependent",
                  "draw the arc again between two spans")
    features = _features(fs, frozenset({"Governor", "Dependent"}))
    label = features.pop("role", None) or features.pop("value", None) or _short(fs.type.name)
    return Relation(str(fs.xmiID), label, str(governor.xmiID), str(dependent.xmiID), features)


def _link(source: str, role: str, target: Any) -> Relation:
    return Relation(f"{source}-{role}-{target.xmiID}", role, source, str(target.xmiID))


