"""The kinds of claim an annotation can make, and how each becomes RDF.

One table drives both the loader (which keys a claim takes, what each must
refer to) and the builder (which n-ary class and properties it becomes, and
which plain triple it also asserts), so the two can never drift apart. A
test keeps the README's table of fact kinds in step with this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from irkg.terms import IRKG, ORG


@dataclass(frozen=True)
class Role:
    """A key whose value names registry entities."""

    predicate: URIRef
    range: URIRef
    required: bool = True
    many: bool = False


@dataclass(frozen=True)
class ConceptKey:
    """A key whose value is a concept of a controlled vocabulary."""

    predicate: URIRef
    required: bool = True
    default: str | None = None


@dataclass(frozen=True)
class Kind:
    cls: URIRef
    roles: dict[str, Role]
    concepts: dict[str, ConceptKey] = field(default_factory=dict)
    #: Plain triples asserted besides the n-ary node: (subject key, predicate,
    #: object key). A key names a role, a concept key, or ``date``.
    plain: tuple[tuple[str, URIRef, str], ...] = ()


_CERTAINTY = ConceptKey(IRKG.certainty, required=False, default="asserted")

FACT_KINDS: dict[str, Kind] = {
    "membership": Kind(
        IRKG.Membership,
        {"member": Role(ORG.member, IRKG.Actor),
         "organization": Role(ORG.organization, IRKG.Organisation)},
        {"certainty": _CERTAINTY},
        (("member", ORG.memberOf, "organization"),),
    ),
    "party": Kind(
        IRKG.AgreementParty,
        {"agreement": Role(IRKG.agreement, IRKG.Agreement),
         "party": Role(IRKG.party, IRKG.Actor, many=True)},
        {"certainty": _CERTAINTY},
        (("agreement", IRKG.hasParty, "party"),),
    ),
    "status": Kind(
        IRKG.AgreementStatus,
        {"agreement": Role(IRKG.agreement, IRKG.Agreement)},
        {"status": ConceptKey(IRKG.status), "certainty": _CERTAINTY},
        (("agreement", IRKG.status, "status"),),
    ),
    "participation": Kind(
        IRKG.EventParticipation,
        {"event": Role(IRKG.event, IRKG.Event),
         "participant": Role(IRKG.participant, IRKG.Actor, many=True)},
        {"certainty": _CERTAINTY},
        (("event", IRKG.hasParticipant, "participant"),),
    ),
    "occurrence": Kind(
        IRKG.EventOccurrence,
        {"event": Role(IRKG.event, IRKG.Event),
         "place": Role(IRKG.place, IRKG.Place, required=False)},
        {"certainty": _CERTAINTY},
        (("event", IRKG.place, "place"), ("event", IRKG.date, "date")),
    ),
    "head_of_state": Kind(
        IRKG.HeadOfState,
        {"state": Role(IRKG.state, IRKG.State), "person": Role(IRKG.person, IRKG.Person)},
        {"certainty": _CERTAINTY},
        (("state", IRKG.headOfState, "person"),),
    ),
    "relationship": Kind(
        IRKG.Relationship,
        {"actor": Role(IRKG.actor, IRKG.Actor),
         "partner": Role(IRKG.partner, IRKG.Actor, many=True)},
        {"relation": ConceptKey(IRKG.relationType), "certainty": _CERTAINTY},
        (("actor", IRKG.relatedTo, "partner"),),
    ),
    "negotiation": Kind(
        IRKG.IssueNegotiation,
        {"issue": Role(IRKG.issue, IRKG.Issue),
         "party": Role(IRKG.negotiatingParty, IRKG.Actor, many=True)},
        {"status": ConceptKey(IRKG.negotiationState, required=False),
         "certainty": _CERTAINTY},
        (("issue", IRKG.negotiatedBy, "party"),),
    ),
    "consequence": Kind(
        IRKG.Consequence,
        {"cause": Role(IRKG.cause, IRKG.Entity, many=True),
         "outcome": Role(IRKG.outcome, IRKG.Entity)},
        {"certainty": _CERTAINTY},
        (("cause", IRKG.leadsTo, "outcome"),),
    ),
    "indicator": Kind(
        IRKG.Indicator,
        {"sign": Role(IRKG.sign, IRKG.Entity, many=True),
         "development": Role(IRKG.development, IRKG.Entity)},
        {"certainty": _CERTAINTY},
        (("sign", IRKG.indicates, "development"),),
    ),
}

def kind_of(section: str, name: str) -> Kind:
    """The kind a loaded claim was checked against: a stance, or a fact of kind ``name``."""
    return STANCE_KIND if section == "stance" else FACT_KINDS[name]


STANCE_KIND = Kind(
    IRKG.Stance,
    {"holder": Role(IRKG.holder, IRKG.Actor),
     "target": Role(IRKG.target, IRKG.Entity),
     "attributed_to": Role(IRKG.attributedTo, IRKG.Actor, required=False),
     "context": Role(IRKG.context, IRKG.Event, required=False)},
    {"stance": ConceptKey(IRKG.stanceType),
     "certainty": ConceptKey(IRKG.certainty),
     "attribution": ConceptKey(IRKG.attribution)},
    (),
)
