"""What one synthetic article claims: its cast, its facts and stances, their dates.

The mix is drawn per article (how many of each fact kind, which stance
types, hedges and attributions), but every article gets every fact kind and
every pairing of certainty and attribution, so each one exercises the whole
annotation format at roughly the seed article's density (about a hundred
claims).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench import templates as t
from bench.entities import ACTOR_TYPES, AGREEMENT_TYPES, EVENT_TYPES, Entity

FACT_COUNTS = {"membership": (2, 5), "party": (2, 5), "status": (3, 6), "participation": (4, 8),
               "occurrence": (3, 6), "head_of_state": (1, 3), "relationship": (4, 8),
               "negotiation": (3, 6), "consequence": (2, 5), "indicator": (2, 5)}
CERTAINTIES = tuple(t.CERTAINTY)
#: Stance types that must name whom they are addressed to (shape:Stance-actsOnSomeone).
ADDRESSED = frozenset({"demand", "appeal", "offer", "pressure"})
#: The ``according_to`` value for a source the text does not name (not a registry entry).
UNNAMED = Entity("unnamed", "InformalGrouping", "an unnamed source")
ATTRIBUTIONS = tuple(t.ATTRIBUTION)


@dataclass(frozen=True)
class DateValue:
    value: str
    phrase: str
    approximate: bool = False
    resolved_from: str | None = None
    #: The date without its preposition ("March 2017"); empty for relative dates.
    bare: str = ""


@dataclass
class ClaimPlan:
    section: str
    kind: str
    cid: str
    template: str
    refs: dict[str, list[Entity]]
    concepts: dict[str, str] = field(default_factory=dict)
    dates: dict[str, DateValue] = field(default_factory=dict)
    slots: dict[str, list[Entity]] = field(default_factory=dict)
    note: str | None = None
    #: Literal words after the template: the date phrase.
    tail: str = ""


class Cast:
    """The entities one article talks about, drawn from the registry by type."""

    def __init__(self, rng: random.Random, by_type: dict[str, list[Entity]]) -> None:
        self.year, self.month = rng.randint(2012, 2024), rng.randint(1, 12)

        def some(types: tuple[str, ...], low: int, high: int) -> list[Entity]:
            pool = [e for ty in types for e in by_type[ty]]
            return rng.sample(pool, rng.randint(low, high))

        self.states = some(("State",), 6, 9)
        self.ios = some(("InternationalOrganisation",), 2, 4)
        self.media = some(("MediaOutlet",), 2, 2)
        self.persons = some(("Person",), 5, 8)
        self.others = some(("Organisation", "GovernmentBody", "ThinkTank", "ArmedGroup",
                            "InformalGrouping", "Actor"), 4, 7)
        self.groupings = some(("InformalGrouping",), 1, 2)
        self.agreements = some(AGREEMENT_TYPES, 4, 6)
        self.events = some(EVENT_TYPES, 7, 10)
        self.issues = some(("Issue",), 6, 9)
        self.places = some(("City", "Place"), 2, 4) + some(("Entity",), 1, 1)
        self.thinktank = rng.choice(by_type["ThinkTank"])
        # A grouping may be drawn twice (as one of the others too): list each actor once.
        self.actors = list(dict.fromkeys(self.states + self.ios + self.media + self.persons
                                         + self.others + self.groupings))
        self.everything = (self.actors + self.agreements + self.events + self.issues
                           + self.places)
        assert all(e.type in ACTOR_TYPES for e in self.actors)


def make_date(rng: random.Random, year: int, month: int, absolute: bool = False) -> DateValue:
    """A claim date as the text words it: absolute, or resolved from a relative phrase."""
    y = rng.randint(year - 12, year)
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random() * (0.6 if absolute else 1.0)
    if roll < 0.25:
        return DateValue(str(y), f"in {y}", bare=str(y))
    if roll < 0.45:
        bare = f"{t.MONTHS[m - 1]} {y}"
        return DateValue(f"{y}-{m:02d}", f"in {bare}", bare=bare)
    if roll < 0.6:
        bare = f"{d} {t.MONTHS[m - 1]} {y}"
        return DateValue(f"{y}-{m:02d}-{d:02d}", f"on {bare}", bare=bare)
    if roll < 0.75:
        py, pm = (year, month - 1) if month > 1 else (year - 1, 12)
        return DateValue(f"{py}-{pm:02d}", "last month", resolved_from="last month")
    if roll < 0.9:
        return DateValue(str(year - 1), "a year ago", True, "a year ago")
    return DateValue(str(year), "earlier this year", True, "earlier this year")


def date_phrase(dates: dict[str, DateValue]) -> str:
    if "date" in dates:
        return dates["date"].phrase
    if "start" in dates and "end" in dates:
        return f"from {dates['start'].bare} to {dates['end'].bare}"
    return f"since {dates['start'].bare}" if "start" in dates else f"until {dates['end'].bare}"


class Planner:
    """Draws the claims one at a time, each with the sentence template that will say it."""

    def __init__(self, rng: random.Random, cast: Cast, year: int, month: int) -> None:
        self.rng, self.cast, self.year, self.month = rng, cast, year, month
        self.claims: list[ClaimPlan] = []

    def pick(self, pool: list[Entity], k: int = 1, avoid: tuple[Entity, ...] = ()) -> list[Entity]:
        """``k`` different entities of ``pool``, none of them in ``avoid``."""
        if k == 1:
            while True:  # pools are far larger than what is avoided
                chosen = self.rng.choice(pool)
                if chosen not in avoid:
                    return [chosen]
        if avoid:
            pool = [e for e in pool if e not in avoid]
        return self.rng.sample(pool, k)

    def add(self, section: str, kind: str, template: str, refs: dict[str, list[Entity]], *,
            concepts: dict[str, str] | None = None, dates: dict[str, DateValue] | None = None,
            slots: dict[str, list[Entity]] | None = None) -> None:
        rng, n = self.rng, len(self.claims) + 1
        first = next(iter(refs.values()))[0].id
        cid = f"{kind.replace('_', '-')}-{n}-{first}"[:60].rstrip("-")
        plan = ClaimPlan(section, kind, cid, template, refs, dict(concepts or {}),
                         dict(dates or {}), dict(slots or {}))
        if not plan.dates and rng.random() < 0.25:
            if rng.random() < 0.7:
                plan.dates["date"] = make_date(rng, self.year, self.month)
            else:
                a, b = sorted((make_date(rng, self.year, self.month, absolute=True)
                               for _ in range(2)), key=lambda d: d.value)
                keys = rng.choice((("start", "end"), ("start",), ("end",)))
                plan.dates.update({k: v for k, v in (("start", a), ("end", b)) if k in keys})
        if plan.dates:
            plan.tail = " " + date_phrase(plan.dates)
        if rng.random() < 0.3:
            plan.note = f"Synthetic {kind} claim {n}; its wording is generated."
        if section == "fact" and rng.random() < 0.2:
            plan.concepts.setdefault("certainty", rng.choice(CERTAINTIES))
        self.claims.append(plan)

    def fact(self, kind: str) -> None:
        c, rng, pick = self.cast, self.rng, self.pick
        many = rng.choice((1, 1, 2, 2, 3))
        if kind == "membership":
            member = pick(c.states if rng.random() < 0.8 else c.actors)
            self.add("fact", kind, rng.choice(t.FACTS[kind]),
                     {"member": member, "organization": pick(c.ios, avoid=tuple(member))})
        elif kind in ("party", "status"):
            agreement = pick(c.agreements)
            if kind == "party":
                self.add("fact", kind, rng.choice(t.FACTS[kind]),
                         {"agreement": agreement, "party": pick(c.states + c.ios, many)})
            else:
                status = rng.choice(tuple(t.STATUS))
                refs = {"agreement": agreement}
                if status in ("demanded", "proposed"):  # an act: who demanded or proposed it
                    refs["agent"] = pick(c.states + c.ios)
                self.add("fact", kind, rng.choice(t.FACTS[kind]).replace(
                    "{status}", t.STATUS[status]), refs, concepts={"status": status})
        elif kind == "participation":
            self.add("fact", kind, rng.choice(t.FACTS[kind]),
                     {"event": pick(c.events), "participant": pick(c.actors, many)})
        elif kind == "occurrence":
            self.occurrence()
        elif kind == "head_of_state":
            i = rng.randrange(min(len(c.states), len(c.persons)))
            self.add("fact", kind, rng.choice(t.FACTS[kind]),
                     {"state": [c.states[i]], "person": [c.persons[i]]})
        elif kind == "relationship":
            relation = rng.choice(tuple(t.RELATIONS))
            actor = pick(c.actors)
            partner = pick(c.actors, 2 if relation == "balancing" else many, avoid=tuple(actor))
            self.add("fact", kind, rng.choice(t.FACTS[f"relationship:{relation}"]),
                     {"actor": actor, "partner": partner}, concepts={"relation": relation})
        elif kind == "negotiation":
            refs = {"issue": pick(c.issues), "party": pick(c.actors, rng.choice((2, 2, 3)))}
            if rng.random() < 0.6:
                status = rng.choice(tuple(t.NEGOTIATION_STATUS))
                self.add("fact", kind, rng.choice(t.FACTS["negotiation+status"]).replace(
                    "{status}", t.NEGOTIATION_STATUS[status]), refs, concepts={"status": status})
            else:
                self.add("fact", kind, rng.choice(t.FACTS[kind]), refs)
        else:
            self.cause_or_sign(kind)

    def occurrence(self) -> None:
        c, rng = self.cast, self.rng
        event = self.pick(c.events)
        if rng.random() < 0.7:
            place = self.pick(c.places[:-1] + c.states)
            self.add("fact", "occurrence", rng.choice(t.FACTS["occurrence+place"]),
                     {"event": event, "place": place})
        else:
            date = make_date(rng, self.year, self.month)
            self.add("fact", "occurrence", rng.choice(t.FACTS["occurrence"]), {"event": event},
                     dates={"date": date})

    def cause_or_sign(self, kind: str) -> None:
        c, rng = self.cast, self.rng
        n = rng.choice((1, 1, 2))
        if kind == "consequence":
            cause = self.pick(c.events + c.issues + c.agreements + c.places[-1:], n)
            outcome = self.pick(c.events + c.issues, avoid=tuple(cause))
            refs = {"cause": cause, "outcome": outcome}
        else:
            refs = {"sign": self.pick(c.events, n), "development": self.pick(c.issues)}
        self.add("fact", kind, rng.choice(t.FACTS[kind]), refs)

    def stance(self, stance: str, certainty: str, attribution: str) -> None:
        c, rng = self.cast, self.rng
        holder = self.pick(c.actors)
        target = self.pick(c.everything, avoid=tuple(holder))
        refs = {"holder": holder, "target": target}
        if stance in ADDRESSED and target[0] not in c.actors:  # "demands access … of whom?"
            refs["addressee"] = self.pick(c.actors, avoid=tuple(holder))
        core = rng.choice(t.STANCES[stance])
        if rng.random() < 0.25:
            refs["context"] = self.pick(c.events, avoid=tuple(target))
            core += " during {context}"
        slots: dict[str, list[Entity]] = {}
        if attribution == "actor":
            speaker = holder if rng.random() < 0.6 else self.pick(c.persons, avoid=tuple(holder))
            slots["speaker"] = speaker
            if speaker != holder or rng.random() < 0.5:
                refs["attributed_to"] = speaker
        wrappers = t.ATTRIBUTION[attribution]
        if attribution == "observers":
            if rng.random() < 0.4:
                refs["according_to"] = slots["speaker"] = self.pick(c.groupings)
            else:  # "Many analysts suspect that …": a source the text does not name
                refs["according_to"] = [UNNAMED]
                wrappers = tuple(w for w in wrappers if "{speaker}" not in w)
        inner = rng.choice(t.CERTAINTY[certainty]).replace("{core}", core)
        template = rng.choice(wrappers).replace("{inner}", inner).replace(
            "{emoji}", rng.choice(t.EMOJI))
        self.add("stance", "stance", template, refs, slots=slots,
                 concepts={"stance": stance, "certainty": certainty, "attribution": attribution})


def plan_claims(rng: random.Random, cast: Cast) -> list[ClaimPlan]:
    """About a hundred claims: every fact kind, every stance type and hedge/attribution pair."""
    planner = Planner(rng, cast, cast.year, cast.month)
    for kind, (low, high) in FACT_COUNTS.items():
        for _ in range(rng.randint(low, high)):
            planner.fact(kind)
    total = rng.randint(92, 108)
    pairs = [(ce, at) for ce in CERTAINTIES for at in ATTRIBUTIONS]
    types = list(t.STANCES)
    rng.shuffle(types)
    for n in range(max(total - len(planner.claims), len(types), len(pairs))):
        ce, at = pairs[n] if n < len(pairs) else rng.choice(pairs)
        planner.stance(types[n] if n < len(types) else rng.choice(types), ce, at)
    rng.shuffle(planner.claims)
    return planner.claims
