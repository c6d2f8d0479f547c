"""The one line a reader recognises a claim by, with the words its axes require."""

from __future__ import annotations

import re
from collections.abc import Iterable

from irkg.claims.rows import Claim, Ref
from irkg.kinds import Kind
from irkg.ontology import local_name


def _spaced(camel: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", camel).lower()


#: The words a summary puts before the verb where an axis departs from the plain case.
MODAL_WORDS = {"possible": "MAY", "necessary": "MUST", "predicted": "WILL",
               "intended": "INTENDS", "counterfactual": "WOULD"}
SCOPE_WORDS = {"partial": "PARTLY", "provisional": "FOR NOW"}
LINK_WORDS = {"condition": "IF", "in_exchange_for": "IN EXCHANGE FOR", "replaces": "REPLACING"}


def qualifiers(polarity: str | None, modality: str | None, scope: str | None) -> list[str]:
    """The capitalised words that qualify a claim's verb: modality, then negation, then
    scope ("WILL NOT", "MAY", "NOT", "PARTLY"); an unknown value is shown as it is."""
    words = []
    if modality not in (None, "actual"):
        words.append(MODAL_WORDS.get(str(modality), str(modality).upper()))
    if polarity not in (None, "affirmed"):
        words.append("NOT" if polarity == "negated" else str(polarity).upper())
    if scope not in (None, "full"):
        words.append(SCOPE_WORDS.get(str(scope), str(scope).upper()))
    return words


def _names(refs: Iterable[Ref]) -> str:
    return ", ".join(r.label for r in refs)


def summary_line(c: Claim, verb: str) -> str:
    """``[in the LAYER: ][according to SOURCE: ]subject — QUALIFIERS verb → object
    [IF …][IN EXCHANGE FOR …][REPLACING …][ (certainty; trend)]``.

    Every axis that departs from the plain case is spelt out, so the line can
    never be read as a plain affirmed fact when the claim is not one.
    """
    prefix = ""
    if c.layer is not None:
        by = f" by {c.layer.speaker.label}" if c.layer.speaker else ""
        prefix = f"in the {c.layer.layer}{by}: "
    if c.reported:
        told = f" (told to {_names(c.reported_to)})" if c.reported_to else ""
        names = [("an unnamed source" if s.agent is None else s.label) for s in c.reported]
        prefix += f"according to {', citing '.join(names)}{told}: "
    elif c.attribution not in (None, "article"):
        prefix += f"according to {_names(c.attributed_to) or c.attribution}: "
    if c.agent:
        verb = f"{verb}, by {_names(c.agent)}"
    verb = " ".join([*qualifiers(c.polarity, c.modality, c.scope), verb])
    text = _names(c.subject) + f" — {verb}"
    about = c.linked("about_claim")
    if c.object:
        text += " → " + _names(c.object)
    elif about:
        text += " → " + ", ".join(f"«{link.id}»" for link in about)
    for relation, word in LINK_WORDS.items():
        if c.linked(relation):
            text += f" {word} " + ", ".join(link.id for link in c.linked(relation))
    tags = [t for t in ("" if c.certainty in (None, "asserted") else str(c.certainty),
                        f"trend: {c.trend}" if c.trend else "") if t]
    return prefix + text + (f" ({'; '.join(tags)})" if tags else "")


def verb_of(kind: Kind, type_: str | None) -> str:
    verb = _spaced(local_name(kind.plain[0][1])) if kind.plain else ""
    if type_ and type_ not in verb:
        verb = f"{verb}: {type_}" if verb else type_
    return verb
