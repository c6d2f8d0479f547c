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
    #: An ordered chain of sources rather than a set of entities: the builder makes
    #: one attribution node per link, and ``unnamed`` stands for a source the text
    #: does not name.
    chain: bool = False


@dataclass(frozen=True)
class Link:
    """A key whose value names other claims of the same article, by id."""

    predicate: URIRef
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
    #: object key). A key names a role, a concept key, or ``date``. They are only
    #: asserted for a claim the author states outright: see :func:`plain_eligible`.
    plain: tuple[tuple[str, URIRef, str], ...] = ()
    links: dict[str, Link] = field(default_factory=dict)


UNNAMED = "unnamed"
"""The value of an ``according_to`` link for a source the text does not name."""

#: The axes every claim has, each defaulting to the plain case. A claim departs
#: from a default only where the text's words say so; ``irkg stats`` counts the
#: claims whose annotator never chose a value.
AXES: dict[str, ConceptKey] = {
    "polarity": ConceptKey(IRKG.polarity, required=False, default="affirmed"),
    "modality": ConceptKey(IRKG.modality, required=False, default="actual"),
    "scope": ConceptKey(IRKG.scope, required=False, default="full"),
    "trend": ConceptKey(IRKG.trend, required=False),
}
PLAIN_CASE = {"polarity": "affirmed", "modality": "actual", "certainty": "asserted",
              "attribution": "article"}
_CERTAINTY = ConceptKey(IRKG.certainty, required=False, default="asserted")
_ATTRIBUTION = ConceptKey(IRKG.attribution, required=False, default="article")
#: Sources between the text's speaker (the author, or a layer's speaker) and the
#: claim, outermost first: "observers believe Lukashenko promised" is [observers].
_ACCORDING_TO = Role(IRKG.accordingTo, IRKG.Actor, required=False, many=True, chain=True)
#: Whom the innermost source told it to ("presented to Putin as anti-Russian").
_REPORTED_TO = Role(IRKG.reportedTo, IRKG.Actor, required=False)
LINKS: dict[str, Link] = {
    "condition": Link(IRKG.condition, many=True),
    "in_exchange_for": Link(IRKG.inExchangeFor, many=True),
    "replaces": Link(IRKG.replaces),
}


def _fact(cls: URIRef, roles: dict[str, Role], plain: tuple[tuple[str, URIRef, str], ...],
          concepts: dict[str, ConceptKey] | None = None) -> Kind:
    return Kind(cls, {**roles, "according_to": _ACCORDING_TO, "reported_to": _REPORTED_TO},
                {**(concepts or {}), "certainty": _CERTAINTY, "attribution": _ATTRIBUTION,
                 **AXES}, plain, LINKS)

FACT_KINDS: dict[str, Kind] = {
    "membership": _fact(
        IRKG.Membership,
        {"member": Role(ORG.member, IRKG.Actor),
         "organization": Role(ORG.organization, IRKG.Organisation)},
        (("member", ORG.memberOf, "organization"),),
    ),
    "party": _fact(
        IRKG.AgreementParty,
        {"agreement": Role(IRKG.agreement, IRKG.Agreement),
         "party": Role(IRKG.party, IRKG.Actor, many=True)},
        (("agreement", IRKG.hasParty, "party"),),
    ),
    "status": _fact(
        IRKG.AgreementStatus,
        {"agreement": Role(IRKG.agreement, IRKG.Agreement),
         "agent": Role(IRKG.agent, IRKG.Actor, required=False, many=True)},
        (("agreement", IRKG.status, "status"),),
        {"status": ConceptKey(IRKG.status)},
    ),
    "participation": _fact(
        IRKG.EventParticipation,
        {"event": Role(IRKG.event, IRKG.Event),
         "participant": Role(IRKG.participant, IRKG.Actor, many=True)},
        (("event", IRKG.hasParticipant, "participant"),),
    ),
    "event_target": _fact(
        IRKG.EventTarget,
        {"event": Role(IRKG.event, IRKG.Event),
         "target": Role(IRKG.eventTarget, IRKG.Entity, many=True)},
        (("event", IRKG.targets, "target"),),
    ),
    "occurrence": _fact(
        IRKG.EventOccurrence,
        {"event": Role(IRKG.event, IRKG.Event),
         "place": Role(IRKG.place, IRKG.Place, required=False)},
        (("event", IRKG.place, "place"), ("event", IRKG.date, "date")),
    ),
    "head_of_state": _fact(
        IRKG.HeadOfState,
        {"state": Role(IRKG.state, IRKG.State), "person": Role(IRKG.person, IRKG.Person)},
        (("state", IRKG.headOfState, "person"),),
    ),
    "relationship": _fact(
        IRKG.Relationship,
        {"actor": Role(IRKG.actor, IRKG.Actor),
         "partner": Role(IRKG.partner, IRKG.Actor, many=True)},
        (("actor", IRKG.relatedTo, "partner"),),
        {"relation": ConceptKey(IRKG.relationType)},
    ),
    "negotiation": _fact(
        IRKG.IssueNegotiation,
        {"issue": Role(IRKG.issue, IRKG.Issue),
         "party": Role(IRKG.negotiatingParty, IRKG.Actor, many=True)},
        (("issue", IRKG.negotiatedBy, "party"),),
        {"status": ConceptKey(IRKG.negotiationState, required=False)},
    ),
    "consequence": _fact(
        IRKG.Consequence,
        {"cause": Role(IRKG.cause, IRKG.Entity, many=True),
         "outcome": Role(IRKG.outcome, IRKG.Entity)},
        (("cause", IRKG.leadsTo, "outcome"),),
    ),
    "indicator": _fact(
        IRKG.Indicator,
        {"sign": Role(IRKG.sign, IRKG.Entity, many=True),
         "development": Role(IRKG.development, IRKG.Entity)},
        (("sign", IRKG.indicates, "development"),),
    ),
}

def kind_of(section: str, name: str) -> Kind:
    """The kind a loaded claim was checked against: a stance, or a fact of kind ``name``."""
    return STANCE_KIND if section == "stance" else FACT_KINDS[name]


STANCE_KIND = Kind(
    IRKG.Stance,
    {"holder": Role(IRKG.holder, IRKG.Actor),
     # Required unless the stance is about another claim (``about_claim``).
     "target": Role(IRKG.target, IRKG.Entity, required=False),
     "addressee": Role(IRKG.addressee, IRKG.Actor, required=False),
     "terms_of": Role(IRKG.termsOf, IRKG.Agreement, required=False),
     "attributed_to": Role(IRKG.attributedTo, IRKG.Actor, required=False),
     "according_to": _ACCORDING_TO,
     "reported_to": _REPORTED_TO,
     "context": Role(IRKG.context, IRKG.Event, required=False)},
    {"stance": ConceptKey(IRKG.stanceType),
     "certainty": ConceptKey(IRKG.certainty),
     "attribution": ConceptKey(IRKG.attribution),
     **AXES},
    (),
    {**LINKS, "about_claim": Link(IRKG.aboutClaim)},
)


def plain_eligible(concepts: dict[str, str], refs: dict[str, tuple[str, ...]],
                   links: dict[str, tuple[str, ...]]) -> bool:
    """Whether a claim's plain triples are asserted: the rule the README documents.

    Only what the author states outright, as actual and affirmed, without a
    condition and without reporting someone else's view, becomes a plain
    triple; everything else stays on the claim node, where its axes qualify it.
    """
    return (all(concepts.get(k, v) == v for k, v in PLAIN_CASE.items())
            and not refs.get("according_to") and not links.get("condition"))
