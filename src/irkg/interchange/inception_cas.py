"""irkg's INCEpTION layout, and a Document written into a UIMA CAS in it.

The layer and feature names here are the contract with an INCEpTION project
set up as the README describes; :mod:`irkg.interchange.inception` reads the
same names back. UIMA feature names must be Java identifiers and may not
reuse ``begin``/``end``, so the dotted date keys of the irkg profile get
underscores (``date.approximate`` → ``date_approximate``, a layer's
``not_before.resolved_from`` → ``not_before_resolved_from``) and a claim's
``start``/``end`` become ``start_date``/``end_date``. A claim's quantities are
spans of the ``Quantity`` layer, the article's layers spans of ``TextLayer``.

INCEpTION shows a document by its sentences and tokens, so a written CAS
has them too: a sentence per line, and tokens that are words or single
signs, cut wherever an annotation begins or ends so that every annotation
lies on token boundaries (INCEpTION's named-entity layer requires that).
"""

from __future__ import annotations

import bisect
import functools
import re
from importlib import resources
from typing import Any

import cassis
from cassis.typesystem import TypeSystemMode

from irkg.interchange.document import (
    BOILERPLATE,
    CLAIM_FEATURE,
    LAYER,
    META_KEYS,
    QUANTITY,
    Document,
    Span,
    bad,
)

NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
META = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
SENTENCE = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence"
TOKEN = "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token"
CLAIM = "webanno.custom.Claim"
ROLE_LINK = "webanno.custom.ClaimRolesLink"
BOILERPLATE_LAYER = "webanno.custom.Boilerplate"
QUANTITY_LAYER = "webanno.custom.Quantity"
TEXT_LAYER = "webanno.custom.TextLayer"
ARTICLE = "webanno.custom.Article"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
IRKG_ENTITY = "https://w3id.org/irkg/id/entity/"

TYPESYSTEM_FILE = "inception-typesystem.xml"
#: The names INCEpTION's export and irkg's give the type system beside an XMI file.
TYPESYSTEM_NAMES = ("TypeSystem.xml", "typesystem.xml")

_DATES = {"date": "date", "start": "start_date", "end": "end_date", "not_before": "not_before"}
#: irkg profile key -> UIMA feature name, where they differ.
_FEATURE_NAMES = {f"{key}{suffix}": f"{name}{suffix.replace('.', '_')}"
                  for key, name in _DATES.items()
                  for suffix in ("", ".approximate", ".resolved_from")}
_KEYS = {name: key for key, name in _FEATURE_NAMES.items()}
_WORD = re.compile(r"\w+|[^\w\s]")


def shipped_typesystem() -> cassis.TypeSystem:
    """INCEpTION's type system with irkg's layers (package data): a new object to extend."""
    data = resources.files("irkg.interchange").joinpath(TYPESYSTEM_FILE).read_bytes()
    return cassis.load_typesystem(data.decode("utf-8"))


@functools.cache
def typesystem() -> cassis.TypeSystem:
    """The shipped type system, parsed once: reading and writing CASes never change it."""
    return shipped_typesystem()


def feature_name(key: str) -> str:
    """The UIMA feature that holds profile key ``key``."""
    return _FEATURE_NAMES.get(key, key)


def feature_key(name: str) -> str:
    """The profile key a UIMA feature ``name`` holds."""
    return _KEYS.get(name, name)


def _tokens(text: str, cuts: set[int]) -> list[tuple[int, int]]:
    """Words and signs, further cut at every annotation boundary."""
    ordered = sorted(cuts)
    out: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        inner = ordered[bisect.bisect_right(ordered, start):bisect.bisect_left(ordered, end)]
        out.extend(zip([start, *inner], [*inner, end], strict=True))
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"[^\r\n]*\S[^\r\n]*", text)]


def _kind(span: Span) -> str:
    if span.label == BOILERPLATE:
        return BOILERPLATE_LAYER
    if span.label == QUANTITY:
        return QUANTITY_LAYER
    if span.label == LAYER:
        return TEXT_LAYER
    if CLAIM_FEATURE in span.features:
        return CLAIM
    if "entity" in span.features or "wikidata" in span.features:
        return NAMED_ENTITY
    return ""


def build_cas(doc: Document, types: cassis.TypeSystem) -> cassis.Cas:
    """``doc`` (in the irkg profile) as a CAS in irkg's INCEpTION layout."""
    cas = cassis.Cas(typesystem=types)
    cas.sofa_string = doc.text
    cas.sofa_mime = "text"
    new = types.get_type
    meta = doc.meta
    cas.add(new(META)(begin=0, end=len(doc.text), language=meta.get("language", "x-unspecified"),
                      documentTitle=meta.get("title", doc.id), documentId=f"{doc.id}.txt",
                      isLastSegment=False))
    article = {feature_name(k): v for k, v in meta.items() if k in META_KEYS and k != "language"}
    if article:
        cas.add(new(ARTICLE)(**article))
    cuts = {offset for span in doc.spans for fragment in span.fragments for offset in fragment}
    for begin, end in _sentences(doc.text):
        cas.add(new(SENTENCE)(begin=begin, end=end))
    for begin, end in _tokens(doc.text, cuts):
        cas.add(new(TOKEN)(begin=begin, end=end))
    made: dict[str, Any] = {}
    for span in doc.spans:
        layer = _kind(span)
        if not layer:
            raise bad(doc, span.id, f"a span labelled {span.label!r} has no layer in irkg's "
                      "INCEpTION layout", "export mentions, claims, quantities, boilerplate and "
                      "layers only")
        if len(span.fragments) != 1:
            raise bad(doc, span.id, "a discontinuous span cannot be held by an INCEpTION span",
                      "split it into one span per fragment")
        (begin, end), = span.fragments
        if layer == NAMED_ENTITY:
            qid, eid = span.features.get("wikidata"), span.features.get("entity")
            iri = f"{WIKIDATA_ENTITY}{qid}" if qid else f"{IRKG_ENTITY}{eid}"
            fs = new(layer)(begin=begin, end=end, value=span.label, identifier=iri)
        else:
            values = {feature_name(k): v for k, v in span.features.items()}
            unknown = sorted(set(values) - {f.name for f in new(layer).all_features
                                            if f.name not in ("kind", "roles")})
            if unknown:
                raise bad(doc, span.id, f"the {layer.rsplit('.', 1)[-1]} layer has no feature "
                          f"{unknown[0]!r}", "give it the keys of the irkg profile only")
            if layer == CLAIM:
                values["kind"] = span.label
            fs = new(layer)(begin=begin, end=end, **values)
        made[span.id] = fs
    for relation in doc.relations:
        source, target = made.get(relation.source), made.get(relation.target)
        if source is None or target is None or source.type.name != CLAIM \
                or target.type.name != NAMED_ENTITY:
            raise bad(doc, relation.id, "only an arc from a claim's quote to a mention can be "
                      "held (as the claim's 'roles' link)", "give the role as a registry id")
        links = source.roles.elements if source.roles is not None else []
        links.append(new(ROLE_LINK)(role=relation.label, target=target))
        source.roles = new("uima.cas.FSArray")(elements=links)
    for fs in made.values():
        cas.add(fs)
    return cas


def export_files(doc: Document, fmt: str = "xmi") -> dict[str, str]:
    """File name → text: ``ID.json``, or ``ID.xmi`` with ``TypeSystem.xml`` beside it.

    INCEpTION imports either ("UIMA CAS JSON", "UIMA CAS XMI (XML 1.0)"); the
    JSON carries the types it uses, as INCEpTION's own JSON export does.
    """
    types = typesystem()
    cas = build_cas(doc, types)
    if fmt == "json":
        text = cas.to_json(pretty_print=True, type_system_mode=TypeSystemMode.MINIMAL)
        assert isinstance(text, str)
        return {f"{doc.id}.json": text}
    text = cas.to_xmi(pretty_print=True)
    assert isinstance(text, str)
    return {f"{doc.id}.xmi": text, TYPESYSTEM_NAMES[0]: types.to_xml()}
