"""INCEpTION documents built with dkpro-cassis in INCEpTION's type system, for the tests.

Built as INCEpTION keeps them: its type system (the one irkg ships), its
named-entity layer with a knowledge-base identifier, irkg's custom layers
with link features, over a text with astral characters (a flag, an emoji)
and CRLF line breaks, so that UTF-16 offsets and code points differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cassis

from irkg.interchange.inception_cas import shipped_typesystem

NE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
WD, IRKG = "http://www.wikidata.org/entity/", "https://w3id.org/irkg/id/entity/"
TEXT = ("Belarus \U0001f1e7\U0001f1fe is a member of the CSTO.\r\n"
        "Russia \U0001f600 supports Lukashenko, says the Kremlin.\r\n")
REGISTRY = """entities:
  - {id: belarus, type: State, label: Belarus, wikidata: Q184}
  - {id: russia, type: State, label: Russia, aliases: [the Kremlin], wikidata: Q159}
  - {id: csto, type: InternationalOrganisation, label: CSTO}
  - {id: lukashenko, type: Person, label: Alexander Lukashenko, wikidata: Q2866}
"""


def at(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def where(word: str) -> dict[str, int]:
    begin, end = at(word)
    return {"begin": begin, "end": end}


def inception_cas(certainty: str = "asserted", extra: Any = None) -> cassis.Cas:
    """A document as INCEpTION keeps it, in irkg's layout (README, 'Annotating in INCEpTION')."""
    ts = extra or shipped_typesystem()
    T = ts.get_type
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string, cas.sofa_mime = TEXT, "text"
    cas.add(T("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")(
        begin=0, end=len(TEXT), language="en", documentTitle="emoji.txt", documentId="emoji.txt"))
    cas.add(T("webanno.custom.Article")(title="Emoji and line breaks", i7n_uiOrder=0))
    ne = {word: T(NE)(**where(word), value=kind, identifier=iri)
          for word, kind, iri in [("Belarus", "State", WD + "Q184"),
                                  ("CSTO", "InternationalOrganisation", IRKG + "csto"),
                                  ("Russia", "State", WD + "Q159"),
                                  ("Lukashenko", "Person", WD + "Q2866"),
                                  ("the Kremlin", "State", IRKG + "russia")]}
    link = T("webanno.custom.ClaimRolesLink")
    claim = T("webanno.custom.Claim")
    member = claim(**where("Belarus \U0001f1e7\U0001f1fe is a member of the CSTO"),
                   kind="membership", claim="belarus-in-csto")
    member.roles = T("uima.cas.FSArray")(elements=[
        link(role="member", target=ne["Belarus"]), link(role="organization", target=ne["CSTO"])])
    stance = claim(**where("Russia \U0001f600 supports Lukashenko"), kind="stance",
                   claim="russia-backs-lukashenko", stance="support", certainty=certainty,
                   attribution="actor", holder="russia")
    stance.roles = T("uima.cas.FSArray")(elements=[link(role="target", target=ne["Lukashenko"])])
    for fs in [*ne.values(), member, stance]:
        cas.add(fs)
    return cas


def save(cas: cassis.Cas, folder: Path, fmt: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"emoji.{fmt}"
    if fmt == "xmi":
        cas.to_xmi(path)
        cas.typesystem.to_xml(folder / "TypeSystem.xml")
    else:
        cas.to_json(path)
    return path

