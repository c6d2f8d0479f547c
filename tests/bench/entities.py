"""The synthetic entity registry shared by every generated article.

Every name is built around an invented *core* word that no other entity uses,
so an entity's label never turns up by accident inside another's, and the
quotes the articles make of them stay easy to place. A few cores carry
diacritics, and cities carry a Cyrillic alias, so that the anchoring of
non-ASCII text is exercised. No entity gets a Wikidata QID: they are not real
and a made-up ``owl:sameAs`` would be worse than none; their note says so.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass

ACTOR_TYPES = ("State", "InternationalOrganisation", "Organisation", "GovernmentBody",
               "ThinkTank", "MediaOutlet", "ArmedGroup", "Person", "InformalGrouping", "Actor")
AGREEMENT_TYPES = ("Agreement", "Treaty", "RoadMap", "InformalAgreement")
EVENT_TYPES = ("Event", "Election", "Protest", "Summit", "Negotiation", "Sanctions",
               "MilitaryDrill", "CoupPlot", "Scandal", "Crisis", "PolicyAction")

#: Entity type → (how many, label frames). ``{c}`` is the entity's core word. The
#: types are every class the loader accepts: those below irkg:Entity in the ontology.
FRAMES: dict[str, tuple[int, tuple[str, ...]]] = {
    "State": (40, ("{c}",)),
    "City": (25, ("{c}",)),
    "Place": (10, ("the {c} Valley", "the {c} Strait", "the {c} Basin")),
    "InternationalOrganisation": (20, ("{c} Cooperation Council", "Union of {c} States",
                                       "{c} Security Pact Organisation")),
    "Organisation": (8, ("the {c} Foundation", "the {c} Trade Association")),
    "GovernmentBody": (15, ("the {c} Security Service", "the {c} Foreign Ministry",
                            "the {c} Border Guard")),
    "ThinkTank": (10, ("the {c} Institute", "the {c} Centre for Strategic Studies")),
    "MediaOutlet": (15, ("The {c} Herald", "{c} Daily", "Radio {c}")),
    "ArmedGroup": (8, ("the {c} Brigade", "the {c} Legion")),
    "Person": (60, ("{f} {c}",)),
    "InformalGrouping": (12, ("the {c} bloc", "the {c} hardliners", "the {c} diaspora")),
    "Actor": (5, ("the {c} movement", "the {c} coalition")),
    "Entity": (4, ("the {c} archive", "the {c} heritage list")),
    "Agreement": (8, ("the {c} Agreement", "the {c} Accord")),
    "Treaty": (10, ("the Treaty of {c}",)),
    "RoadMap": (6, ("the {c} road map",)),
    "InformalAgreement": (6, ("the {c} understanding", "the {c} bargain")),
    "Event": (5, ("the {c} incident",)),
    "Election": (10, ("the {c} presidential election", "the {c} parliamentary vote")),
    "Protest": (8, ("the {c} protests", "the {c} square demonstrations")),
    "Summit": (10, ("the {c} summit",)),
    "Negotiation": (8, ("the {c} talks", "the {c} format negotiations")),
    "Sanctions": (8, ("the {c} sanctions package",)),
    "MilitaryDrill": (8, ("the {c} exercises", "the {c} Shield drills")),
    "CoupPlot": (5, ("the {c} coup plot",)),
    "Scandal": (6, ("the {c} affair", "the {c} leaks scandal")),
    "Crisis": (6, ("the {c} crisis",)),
    "PolicyAction": (8, ("the {c} export ban", "the {c} port rerouting", "the {c} tariff hike")),
    "Issue": (40, ("the {c} question", "{c} transit rights", "access to the {c} pipeline",
                   "a single {c} currency", "the status of {c}", "a {c} military base")),
}

FIRST_NAMES = ("Ilsa", "Marek", "Teodor", "Anika", "Radim", "Oksana", "Yelena", "Tomas", "Vera",
               "Kasimir", "Aurel", "Ines", "Bohdan", "Zofia", "Mirela", "Stanislav", "Danuta",
               "Jovan", "Sabina", "Jiří", "Zoë", "Łucja", "Ömer", "Nadzeya")
_ONSETS = ("b", "br", "d", "dr", "g", "k", "kr", "l", "m", "n", "p", "r", "s", "sv", "t", "tr",
           "v", "z")
_VOWELS = ("a", "e", "i", "o", "u", "ia", "ei")
_CODAS = ("", "", "n", "r", "l", "s", "sk", "v")
_ENDINGS = {"State": ("ia", "ova", "ar", "en"), "Person": ("ov", "enko", "ski", "escu", "ić")}
_ACCENTS = {"s": "š", "z": "ž", "e": "ė", "a": "ą", "l": "ł", "c": "č"}
_CYRILLIC = dict(zip("abdegiklmnoprstuvz", "абдегіклмнопрстувз", strict=True))


@dataclass(frozen=True, eq=False)
class Entity:
    """A registry entry; compared by identity, as each is made once per registry."""

    id: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()

    @property
    def surfaces(self) -> tuple[str, ...]:
        """Every name the articles may call the entity by."""
        return (self.label, *self.aliases)


def q(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (JSON strings are valid YAML 1.2 ones)."""
    if '"' in text or "\\" in text or not text.isprintable():
        return json.dumps(text, ensure_ascii=False)
    return f'"{text}"'  # the common case, without json's overhead


class _Cores:
    """Invented words, each handed out once, some with diacritics."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def take(self, kind: str) -> tuple[str, str]:
        """A fresh core as (display form, ASCII form for ids)."""
        rng = self.rng
        while True:
            word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                           for _ in range(rng.choice((2, 2, 3))))
            word = (word + rng.choice(_ENDINGS.get(kind, ("", "")))).capitalize()
            if 4 <= len(word) <= 12 and word.lower() not in self.used:
                self.used.add(word.lower())
                break
        shown = word
        spots = [i for i, ch in enumerate(word) if ch in _ACCENTS and i > 0]
        if spots and rng.random() < 0.08:
            i = rng.choice(spots)
            shown = word[:i] + _ACCENTS[word[i]] + word[i + 1:]
        return shown, word


def cyrillic(word: str) -> str | None:
    """A Cyrillic spelling of an ASCII core, as a city's local name."""
    if not all(ch in _CYRILLIC for ch in word.lower()):
        return None
    return "".join(_CYRILLIC[ch] for ch in word.lower()).capitalize()


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in text.lower()).split()
             if w != "the"]
    return "-".join(words)


def _acronym(label: str, taken: set[str]) -> str:
    base = "".join(w[0] for w in label.split() if w[0].isupper())
    acronym, n = base, 1
    while acronym in taken:
        n += 1
        acronym = f"{base}{n}"
    taken.add(acronym)
    return acronym


def make_registry(seed: int) -> list[Entity]:
    """A few hundred entities of every type the ontology allows, the same for one seed."""
    rng = random.Random(f"registry/{seed}")
    cores = _Cores(rng)
    acronyms: set[str] = set()
    entities: list[Entity] = []
    for kind, (count, frames) in FRAMES.items():
        for n in range(count):
            shown, plain = cores.take(kind)
            frame = frames[n % len(frames)]
            first = rng.choice(FIRST_NAMES)
            label = frame.format(c=shown, f=first)
            aliases: list[str] = []
            if kind == "State":
                aliases = [f"Republic of {shown}", cores.take("City")[0]]
            elif kind == "City" and (local := cyrillic(plain)) is not None:
                aliases = [local]
            elif kind == "InternationalOrganisation":
                aliases = [_acronym(label, acronyms)]
            elif kind == "Person":
                aliases = [shown]
            ident = _slug(frame.format(c=plain, f="")) or plain.lower()
            entities.append(Entity(ident, kind, label, tuple(aliases)))
    return entities


def registry_yaml(entities: list[Entity]) -> str:
    lines = ["# Synthetic registry for irkg benchmarks: invented entities, none of them real,",
             "# so none is linked to Wikidata.", "", "entities:"]
    for e in entities:
        note = f"Synthetic {e.type} invented for benchmarks; not real, so no Wikidata item."
        lines += [f"  - id: {e.id}", f"    type: {e.type}", f"    label: {q(e.label)}"]
        if e.aliases:
            lines.append(f"    aliases: [{', '.join(q(a) for a in e.aliases)}]")
        lines.append(f"    note: {q(note)}")
    return "\n".join(lines) + "\n"
