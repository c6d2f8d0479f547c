"""Sentence templates: how each kind of claim is worded in a synthetic article.

Several wordings per fact kind, per relation and per stance type, wrapped in
hedges (certainty) and in reported speech (attribution), give each article
its own sentences, so a benchmark does not measure a text cache hitting the
same strings. ``{role}`` fields are filled with entity names; ``<`` and ``>``
mark a clause an extra evidence quote may cite on its own. Apostrophes and
quotation marks are typographic (U+2019, U+201C/D) as in real news text, and annotations
sometimes type them straight, which irkg must forgive.
"""

from __future__ import annotations

FACTS: dict[str, tuple[str, ...]] = {
    "membership": (
        "{member} is a member of {organization}",
        "{member}\u2019s membership in {organization} has never been in doubt",
        "As a member of {organization}, <{member} follows its common line>",
        "{organization} counts {member} among its members",
        "{member} has long belonged to {organization}",
        "<{member} sits in {organization}> alongside its neighbours",
    ),
    "party": (
        "{agreement} binds {party}",
        "{party} signed up to {agreement}",
        "Under {agreement}, <obligations fall on {party}>",
        "{agreement} was concluded by {party}",
        "The signatories of {agreement} include {party}",
    ),
    "status": (
        "{agreement} {status}",
        "Diplomats confirm that <{agreement} {status}>",
        "For now, {agreement} {status}",
        "<{agreement} {status}>, whatever the rhetoric",
    ),
    "participation": (
        "{participant} took part in {event}",
        "{event} involved {participant}",
        "Delegations from {participant} attended {event}",
        "<{participant} were drawn into {event}>, reluctantly",
        "{event} brought together {participant}",
    ),
    "occurrence+place": (
        "{event} took place in {place}",
        "{event} was held in {place}",
        "{place} hosted {event}",
        "<{event} unfolded in {place}> under heavy security",
    ),
    "occurrence": ("{event} took place", "{event} happened", "<{event} began> quietly"),
    "head_of_state": (
        "{person} is the president of {state}",
        "{state} is led by President\u00a0{person}",
        "As head of state of {state}, <{person} has the final word>",
        "{person}, who heads {state}, stayed silent",
    ),
    "relationship:alliance": ("{actor} is a close ally of {partner}",
                              "<{actor} maintains a military alliance with {partner}>"),
    "relationship:cooperation": (
        "{actor}\u2019s cooperation with {partner} is consistently growing",
        "{actor} cooperates with {partner} on trade and transit"),
    "relationship:working-relationship": ("{actor} keeps a working relationship with {partner}",
                                          "<{actor} maintains pragmatic ties with {partner}>"),
    "relationship:confrontation": ("{actor} is locked in confrontation with {partner}",
                                   "The standoff between {actor} and {partner} is worsening"),
    "relationship:isolation": ("{actor} has been isolated from {partner}",
                               "<{actor} faces growing isolation from {partner}>"),
    "relationship:balancing": ("{actor} performs a balancing act between {partner}",
                               "{actor} keeps balancing between {partner}"),
    "negotiation": (
        "{party} are negotiating {issue}",
        "{issue} is on the table between {party}",
        "<{party} keep returning to {issue}> in their talks",
    ),
    "negotiation+status": ("Talks between {party} on {issue} {status}",
                           "On {issue}, <negotiations between {party} {status}>"),
    "consequence": (
        "{cause} led to {outcome}",
        "{cause} will inevitably bring about {outcome}",
        "As a result of {cause}, <{outcome} followed>",
        "{outcome} was a direct consequence of {cause}",
        "{cause} paved the way for {outcome}",
    ),
    "indicator": (
        "{sign} shows that {development} is under way",
        "{sign} is a sign of {development}",
        "<{sign} points to {development}>, analysts note",
        "{development} is already visible in {sign}",
    ),
}

RELATIONS = ("alliance", "cooperation", "working-relationship", "confrontation", "isolation",
             "balancing")
STATUS = {
    "proposed": "was proposed", "demanded": "is being demanded",
    "under-discussion": "is under discussion", "under-negotiation": "is still being negotiated",
    "not-yet-negotiated": "has not yet been negotiated", "signed": "was signed",
    "in-force": "is in force", "terminated": "was terminated",
}
NEGOTIATION_STATUS = {
    "proposed": "have been proposed", "demanded": "are being demanded",
    "under-discussion": "remain at the discussion stage", "under-negotiation": "are under way",
    "not-yet-negotiated": "have not yet begun", "signed": "ended with a signed deal",
    "in-force": "produced a deal now in force", "terminated": "were broken off",
}

STANCES: dict[str, tuple[str, ...]] = {
    "support": ("{holder} backs {target}", "{holder} has thrown its weight behind {target}",
                "<{holder} continues to support {target}>"),
    "opposition": ("{holder} opposes {target}", "{holder} has set itself against {target}",
                   "<{holder} rejects {target}> outright"),
    "demand": ("{holder} demands {target}", "{holder} insists on {target}",
               "<{holder} continues to press for {target}>"),
    "appeal": ("{holder} called on {target} to show restraint",
               "<{holder} appealed to {target}> to return to talks",
               "{holder} urged {target} to refrain from interfering"),
    "concern": ("{holder} is worried about {target}", "{holder} voiced concern over {target}",
                "<{holder} fears {target}> more than anything"),
    "criticism": ("{holder} criticised {target}", "{holder} condemned {target}",
                  "<{holder} accused {target}> of bad faith"),
    "interest": ("{holder} has a stake in {target}", "{target} serves the interests of {holder}",
                 "<{holder} is more interested in {target}>"),
    "pressure": ("{holder} is putting pressure on {target}",
                 "<{holder} is prepared to play tough with {target}>",
                 "{holder} leans hard on {target}"),
    "accommodation": ("{holder} has accommodated {target}", "{holder} tolerates {target}",
                      "<{holder} has made room for {target}>"),
    "commitment": ("{holder} has promised {target}", "{holder} committed to {target}",
                   "<{holder} pledged to uphold {target}>"),
    "assessment": ("{holder} judges {target} to be fragile",
                   "{holder} considers {target} a success",
                   "<{holder} sees {target} as a turning point>"),
    "expectation": ("{holder} expects {target} to continue", "{holder} anticipates {target}",
                    "<{holder} is counting on {target}>"),
}

CERTAINTY: dict[str, tuple[str, ...]] = {
    "asserted": ("{core}", "in reality, {core}", "{core}, as before"),
    "hedged": ("it appears that {core}", "it\u2019s far more likely that {core}",
               "{core}, it seems", "apparently, {core}"),
    "speculative": ("there is speculation that {core}", "it is possible that {core}",
                    "perhaps {core}", "conceivably, {core}"),
}

ATTRIBUTION: dict[str, tuple[str, ...]] = {
    "article": ("{inner}",),
    "actor": ("{speaker} said that {inner}", "According to {speaker}, {inner}",
              "{speaker} stated that {inner}", "“{inner},” {speaker} declared",
              "{speaker} posted “{emoji}” and wrote that {inner}"),
    "observers": ("Observers believe that {inner}", "Many analysts suspect that {inner}",
                  "Critics say that {inner}", "{speaker} believes that {inner}"),
}

EMOJI = ("🤝", "🕊️", "🇺🇳", "🔥", "📉", "✊")

SUPPORT = (
    "{x} repeated the point a week later",
    "The account was later confirmed by {x}",
    "{x} did not deny it",
    "Sources close to {x} confirmed as much",
    "{x} made a similar remark in {month}",
    "A statement from {x} said much the same",
)

FILLERS = (
    "Few had expected such a turn of events", "The details remain murky",
    "None of this happened overnight", "The numbers tell a similar story",
    "History offers some guidance here", "Yet the picture is more complicated",
    "That is only part of the story", "The reasons are not hard to find",
    "Much will depend on the coming months", "It is worth recalling how this began",
    "Not everyone agrees", "Time will tell whether this holds",
)

TITLES = (
    "Why {a} and {b} Keep Drifting Apart", "What {a} Wants From {b}",
    "The Quiet Bargain Between {a} and {b}", "How {a} Learned to Live With {b}",
    "{a}, {b} and the Limits of Integration", "Is {a} Losing Patience With {b}?",
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
