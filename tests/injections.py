"""Violation injections: broken variants of the seed corpus, for differential SHACL tests.

A corpus is a dict of parts, ``"registry"`` and ``"article:<id>"``, each a set
of triples, as the build produces them. An injection takes a corpus and a
seeded ``random.Random`` and returns a new corpus with one kind of defect.
Most injections are derived from ``ontology/shapes.ttl`` itself (for every
property shape: a missing value, one value too many, a value of the wrong
class, datatype or scheme), so that a new constraint is covered without
writing a new injection; the rest are written by hand: the constraints a
table cannot derive (patterns, sh:or, qualified counts, the SPARQL check) and
defects that cross parts, where an article states something about a
registry entity or about another article's nodes, or removes what another
part relies on. :func:`corpora` combines them into small named corpora,
small because pyshacl, the reference, needs about a second per hundred nodes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from irkg.kinds import FACT_KINDS, Kind
from irkg.ontology import load_ontology
from irkg.pipeline import build_corpus, load_corpus
from irkg.shacl import Result, pyshacl_results
from irkg.terms import (
    ATTRIBUTION,
    CERTAINTY,
    IRKG,
    MODALITY,
    OA,
    POLARITY,
    STANCE,
    STATUS,
    WD,
)

Triple = tuple[Node, Node, Node]
Parts = dict[str, set[Triple]]
Injection = Callable[[Parts, random.Random], Parts]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHAPES = REPO / "ontology" / "shapes.ttl"
SHAPE = "https://w3id.org/irkg/shapes#"
NOWHERE = "https://w3id.org/irkg/id/entity/nowhere-"
NNI = XSD.nonNegativeInteger
TYPE = RDF.type


def seed_parts(seeds: Path = SEEDS) -> Parts:
    """The built seed corpus as parts, whether a part holds a set of triples or a Graph."""
    parts: Parts = {}
    for part in build_corpus(load_corpus(seeds)).parts:
        triples = getattr(part, "triples", None)
        found: set[Triple] = set(triples) if triples is not None else set(part.graph)
        name = str(part.name)
        key = "registry" if name.endswith("/graph/registry") else \
            "article:" + name.rsplit("/graph/article/", 1)[1]
        parts[key] = found
    return parts


def union(parts: Parts) -> set[Triple]:
    return set().union(*parts.values())


def copy(parts: Parts) -> Parts:
    return {key: set(triples) for key, triples in parts.items()}


class View:
    """Read-only questions about a corpus: instances, values, which part holds a node.

    Every answer is sorted, so that a seeded choice among them is the same on every run.
    """

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.spo: dict[Node, dict[Node, list[Node]]] = {}
        self._home: dict[Node, str] = {}
        for key in sorted(parts, reverse=True):
            for s, p, o in parts[key]:
                self.spo.setdefault(s, {}).setdefault(p, []).append(o)
                if p == TYPE or self._home.get(s, "").startswith("~"):
                    self._home[s] = key
                elif s not in self._home:
                    self._home[s] = "~" + key
        ancestors = load_ontology().ancestors
        self._classes: dict[Node, list[Node]] = {}
        for s, by_p in self.spo.items():
            for t in by_p.get(TYPE, []):
                for c in ancestors.get(t, frozenset({t})) if isinstance(t, URIRef) else ():
                    self._classes.setdefault(c, []).append(s)
        for nodes in self._classes.values():
            nodes.sort(key=str)

    def objects(self, s: Node, p: Node) -> list[Node]:
        return sorted(self.spo.get(s, {}).get(p, []), key=lambda n: n.n3())

    def instances(self, cls: Node) -> list[Node]:
        return sorted(set(self._classes.get(cls, [])), key=str)

    def home(self, s: Node) -> str:
        """The part stating the node's type (else any triple about it): where it lives."""
        return self._home.get(s, "~registry").removeprefix("~")

    def articles(self) -> list[str]:
        return sorted(k for k in self.parts if k.startswith("article:"))


def add(parts: Parts, key: str, *triples: Triple) -> Parts:
    out = copy(parts)
    out.setdefault(key, set()).update(triples)
    return out


def drop(parts: Parts, s: Node, p: Node, o: Node | None = None) -> Parts:
    """Remove ``(s, p, o)`` (every object when ``o`` is None) from every part."""
    return {key: {t for t in triples if not (t[0] == s and t[1] == p and o in (None, t[2]))}
            for key, triples in parts.items()}


def replace(parts: Parts, s: Node, p: Node, new: Node, old: Node | None = None) -> Parts:
    key = View(parts).home(s)
    return add(drop(parts, s, p, old), key, (s, p, new))


######################################################################## shape-derived


@dataclass(frozen=True)
class Spec:
    """One property shape of ``shapes.ttl``, with the class its node shape targets."""

    shape: URIRef
    target: URIRef
    path: URIRef
    min_count: int | None
    max_count: int | None
    cls: URIRef | None
    datatype: URIRef | None
    node: URIRef | None

    @property
    def name(self) -> str:
        return str(self.shape).removeprefix(SHAPE)


@lru_cache(maxsize=1)
def specs() -> tuple[Spec, ...]:
    g = Graph().parse(SHAPES, format="turtle")
    found = []
    for node_shape, target in sorted(g.subject_objects(SH.targetClass), key=str):
        for prop in sorted(g.objects(node_shape, SH.property), key=str):
            def one(p: URIRef, prop: Node = prop) -> Node | None:
                return next(iter(g.objects(prop, p)), None)
            lo, hi = one(SH.minCount), one(SH.maxCount)
            found.append(Spec(
                URIRef(str(prop)), URIRef(str(target)), URIRef(str(one(SH.path))),
                None if lo is None else int(str(lo)), None if hi is None else int(str(hi)),
                _iri(one(SH["class"])), _iri(one(SH.datatype)), _iri(one(SH.node))))
    return tuple(found)


def _iri(node: Node | None) -> URIRef | None:
    return None if node is None else URIRef(str(node))


def _scheme(spec: Spec) -> URIRef | None:
    schemes = {"StanceTypeValue": IRKG.StanceTypes, "CertaintyValue": IRKG.Certainties,
               "AttributionValue": IRKG.Attributions, "StatusValue": IRKG.AgreementStatuses,
               "RelationValue": IRKG.RelationTypes, "PolarityValue": IRKG.Polarities,
               "ModalityValue": IRKG.Modalities, "ScopeValue": IRKG.Scopes,
               "TrendValue": IRKG.Trends, "UnitValue": IRKG.Units,
               "ComparatorValue": IRKG.Comparators}
    return schemes.get(str(spec.node).removeprefix(SHAPE)) if spec.node else None


def _concepts(scheme: URIRef) -> list[Node]:
    return sorted(load_ontology().graph.subjects(SKOS.inScheme, scheme), key=str)


def good_value(view: View, spec: Spec, rng: random.Random, n: int, taken: set[Node]) -> Node:
    """A value the property shape accepts on its own (for one value too many)."""
    if spec.cls is not None:
        free = [x for x in view.instances(spec.cls) if x not in taken]
        return rng.choice(free or [URIRef(f"{NOWHERE}{n}")])
    scheme = _scheme(spec)
    if scheme is not None:
        return rng.choice(_concepts(scheme))
    if spec.node is not None:
        return Literal(f"20{10 + n}-0{1 + n % 9}", datatype=XSD.gYearMonth)
    typed: dict[Node, Node] = {
        RDF.langString: Literal(f"another {n}", lang="en"), XSD.string: Literal(f"another {n}"),
        NNI: Literal(40 + n, datatype=NNI), XSD.boolean: Literal(n % 2 == 0),
        XSD.decimal: Literal(f"{n}.5", datatype=XSD.decimal),
        XSD.anyURI: Literal(f"https://example.org/{n}", datatype=XSD.anyURI)}
    if spec.datatype is not None:
        return typed[spec.datatype]
    by_path: dict[Node, Node] = {
        OWL.sameAs: WD[f"Q{900 + n}"], OA.motivatedBy: rng.choice([OA.describing, OA.identifying]),
        IRKG.certainty: rng.choice(_concepts(IRKG.Certainties))}
    return by_path.get(spec.path, URIRef(f"{NOWHERE}{n}"))


def bad_value(view: View, spec: Spec, rng: random.Random, n: int) -> Node:
    """A value the shape's sh:class, sh:datatype or sh:node rejects."""
    if spec.cls is not None:
        wrong = [e for e in view.instances(IRKG.Entity) + view.instances(IRKG.Claim)
                 if e not in view.instances(spec.cls)]
        return rng.choice([*wrong[:40], URIRef(f"{NOWHERE}{n}")])
    scheme = _scheme(spec)
    if scheme is not None:
        other = IRKG.Certainties if scheme != IRKG.Certainties else IRKG.StanceTypes
        return rng.choice([*_concepts(other), URIRef(f"{NOWHERE}{n}")])
    if spec.node is not None:
        return rng.choice([Literal("May 2021"), Literal("2021-05-03T10:00:00",
                                                        datatype=XSD.dateTime)])
    typed: dict[Node, list[Node]] = {
        RDF.langString: [Literal("plain"), Literal("x", datatype=XSD.string)],
        XSD.string: [Literal("tagged", lang="en"), Literal(7, datatype=XSD.integer)],
        NNI: [Literal("12"), Literal(12, datatype=XSD.integer), Literal("-4", datatype=NNI)],
        XSD.boolean: [Literal("yes"), Literal(1, datatype=XSD.integer)],
        XSD.decimal: [Literal("nine"), Literal(9, datatype=XSD.integer)],
        XSD.anyURI: [Literal("https://example.org/plain"), URIRef("https://example.org/iri")]}
    assert spec.datatype is not None
    return rng.choice(typed[spec.datatype])


def _focus(view: View, spec: Spec, rng: random.Random, valued: bool) -> Node | None:
    nodes = view.instances(spec.target)
    with_values = [x for x in nodes if view.objects(x, spec.path)]
    pool = with_values if valued and with_values else nodes
    return rng.choice(pool) if pool else None


def _missing(spec: Spec) -> Injection:
    def inject(parts: Parts, rng: random.Random) -> Parts:
        x = _focus(View(parts), spec, rng, True)
        return parts if x is None else drop(parts, x, spec.path)
    return inject


def _extra(spec: Spec) -> Injection:
    def inject(parts: Parts, rng: random.Random) -> Parts:
        view = View(parts)
        x = _focus(view, spec, rng, True)
        if x is None or spec.max_count is None:
            return parts
        values = set(view.objects(x, spec.path))
        for n in range(40):
            if len(values) > spec.max_count:
                break
            values.add(good_value(view, spec, rng, n, values))
        return add(parts, view.home(x), *((x, spec.path, v) for v in values))
    return inject


def _wrong(spec: Spec) -> Injection:
    def inject(parts: Parts, rng: random.Random) -> Parts:
        view = View(parts)
        x = _focus(view, spec, rng, True)
        if x is None:
            return parts
        old = view.objects(x, spec.path)
        new = bad_value(view, spec, rng, rng.randrange(1000))
        return replace(parts, x, spec.path, new, rng.choice(old) if old else None)
    return inject


def derived() -> dict[str, Injection]:
    """One injection per sh:minCount, sh:maxCount, sh:class, sh:datatype and sh:node."""
    found: dict[str, Injection] = {}
    for spec in specs():
        if spec.min_count:
            found[f"{spec.name}/missing"] = _missing(spec)
        if spec.max_count is not None:
            found[f"{spec.name}/one-too-many"] = _extra(spec)
        if spec.cls or spec.datatype or spec.node:
            found[f"{spec.name}/wrong-value"] = _wrong(spec)
    return found


######################################################################## hand-written

SPECIAL: dict[str, Injection] = {}
#: Injections that need two articles (one article's part states things about the other's nodes).
ACROSS_ARTICLES: set[str] = set()


def special(name: str, across: bool = False) -> Callable[[Injection], Injection]:
    def register(fn: Injection) -> Injection:
        SPECIAL[name] = fn
        if across:
            ACROSS_ARTICLES.add(name)
        return fn
    return register


def _pick(view: View, cls: Node, rng: random.Random, having: Node | None = None) -> Node | None:
    nodes = [x for x in view.instances(cls) if having is None or view.objects(x, having)]
    return rng.choice(nodes) if nodes else None


def _entity(view: View, rng: random.Random) -> Node:
    return rng.choice([e for e in view.instances(IRKG.Entity) if view.home(e) == "registry"])


def _on_entity(p: Node, value: Callable[[Node], Node], in_article: bool = False) -> Injection:
    def inject(parts: Parts, rng: random.Random) -> Parts:
        view = View(parts)
        e = _entity(view, rng)
        key = rng.choice(view.articles()) if in_article else "registry"
        return add(parts, key, (e, p, value(e)))
    return inject


special("Entity-label/french")(_on_entity(RDFS.label, lambda e: Literal("Biélorussie", lang="fr")))
special("Entity-label/untagged")(_on_entity(RDFS.label, lambda e: Literal("Belarus")))
special("Entity-label/second-label-from-an-article")(
    _on_entity(RDFS.label, lambda e: Literal("Another name", lang="en"), in_article=True))
special("Entity-altLabel/german")(_on_entity(SKOS.altLabel, lambda e: Literal("Weißrussland",
                                                                              lang="de")))
special("Entity-altLabel/regional-tag-is-fine")(
    _on_entity(SKOS.altLabel, lambda e: Literal("Colour", lang="EN-gb")))
special("Entity-sameAs/literal")(_on_entity(OWL.sameAs, lambda e: Literal("Q184")))
special("Entity-sameAs/wiki-page-from-an-article")(
    _on_entity(OWL.sameAs, lambda e: URIRef("https://www.wikidata.org/wiki/Q148"), in_article=True))


def _on_article(p: Node, value: Node) -> Injection:
    def inject(parts: Parts, rng: random.Random) -> Parts:
        view = View(parts)
        a = rng.choice(view.instances(IRKG.Article))
        return replace(parts, a, p, value)
    return inject


special("Article-language/upper-case")(_on_article(DCTERMS.language, Literal("EN")))
special("Article-language/underscore")(_on_article(DCTERMS.language, Literal("en_US")))
special("Article-sha256/upper-case")(_on_article(IRKG.sha256, Literal("AB" * 32)))
special("Article-sha256/hex-binary")(_on_article(IRKG.sha256,
                                                 Literal("ab" * 32, datatype=XSD.hexBinary)))


@special("Article-length/not-a-number")
def _not_a_number(parts: Parts, rng: random.Random) -> Parts:
    # Built here, not at import: rdflib logs a traceback for every ill-typed literal it makes.
    return _on_article(IRKG.textLength, Literal("abc", datatype=NNI))(parts, rng)


@special("Article-length/removed-from-the-article")
def _no_length(parts: Parts, rng: random.Random) -> Parts:
    a = rng.choice(View(parts).instances(IRKG.Article))
    return drop(parts, a, IRKG.textLength)


@special("Annotation-body/literal")
def _literal_body(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    ann = _pick(view, OA.Annotation, rng, OA.hasBody)
    return parts if ann is None else replace(parts, ann, OA.hasBody, Literal("a claim"))


@special("Annotation-motivation/commenting")
def _commenting(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    ann = _pick(view, OA.Annotation, rng)
    return parts if ann is None else replace(parts, ann, OA.motivatedBy, OA.commenting)


def _selector(view: View, target: Node, cls: Node) -> Node | None:
    found = [s for s in view.objects(target, OA.hasSelector) if cls in view.objects(s, RDF.type)]
    return found[0] if found else None


@special("SpecificResource-quote/untyped-quote")
def _untyped_quote(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    target = _pick(view, OA.SpecificResource, rng)
    quote = target and _selector(view, target, OA.TextQuoteSelector)
    return parts if quote is None else drop(parts, quote, RDF.type, OA.TextQuoteSelector)


@special("SpecificResource-position/unlinked-position")
def _unlinked(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    target = _pick(view, OA.SpecificResource, rng)
    position = target and _selector(view, target, OA.TextPositionSelector)
    return parts if target is None or position is None else \
        drop(parts, target, OA.hasSelector, position)


@special("SpecificResource-position/second-position")
def _second_position(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    target = _pick(view, OA.SpecificResource, rng)
    if target is None:
        return parts
    extra = URIRef(f"{target}/position-2")
    start = rng.choice([0, 3])
    return add(parts, view.home(target), (target, OA.hasSelector, extra),
               (extra, RDF.type, OA.TextPositionSelector),
               (extra, OA.start, Literal(start, datatype=NNI)),
               (extra, OA.end, Literal(start + 5, datatype=NNI)))


def _offsets(view: View, rng: random.Random) -> tuple[Node, Node, int, int] | None:
    """A position selector with its start and end, both plain integers."""
    selectors = [s for s in view.instances(OA.TextPositionSelector)
                 if len(view.objects(s, OA.start)) == len(view.objects(s, OA.end)) == 1]
    if not selectors:
        return None
    p = rng.choice(selectors)
    start, end = view.objects(p, OA.start)[0], view.objects(p, OA.end)[0]
    if not (isinstance(start, Literal) and isinstance(end, Literal)):
        return None
    return p, view.objects(p, RDF.type)[0], int(str(start)), int(str(end))


@special("SpecificResource-consistent/quote-too-short")
def _short_quote(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    quote = _pick(view, OA.TextQuoteSelector, rng, OA.exact)
    if quote is None:
        return parts
    exact = str(view.objects(quote, OA.exact)[0])
    return replace(parts, quote, OA.exact, Literal(exact[: max(1, len(exact) // 2)]))


@special("SpecificResource-consistent/past-the-end")
def _past_end(parts: Parts, rng: random.Random) -> Parts:
    found = _offsets(View(parts), rng)
    if found is None:
        return parts
    p, _, start, end = found
    shift = 10**6
    out = replace(parts, p, OA.start, Literal(start + shift, datatype=NNI))
    return replace(out, p, OA.end, Literal(end + shift, datatype=NNI))


@special("TextQuoteSelector-exact/empty")
def _empty_quote(parts: Parts, rng: random.Random) -> Parts:
    quote = _pick(View(parts), OA.TextQuoteSelector, rng, OA.exact)
    return parts if quote is None else replace(parts, quote, OA.exact, Literal(""))


@special("TextQuoteSelector-exact/language-tagged")
def _tagged_quote(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    quote = _pick(view, OA.TextQuoteSelector, rng, OA.exact)
    if quote is None:
        return parts
    return replace(parts, quote, OA.exact, Literal(str(view.objects(quote, OA.exact)[0]),
                                                    lang="en"))


@special("TextPositionSelector-start/after-end")
def _after_end(parts: Parts, rng: random.Random) -> Parts:
    found = _offsets(View(parts), rng)
    if found is None:
        return parts
    p, _, _, end = found
    return replace(parts, p, OA.start, Literal(end + rng.choice([0, 5]), datatype=NNI))


@special("TextPositionSelector-end/string")
def _string_end(parts: Parts, rng: random.Random) -> Parts:
    found = _offsets(View(parts), rng)
    return parts if found is None else replace(parts, found[0], OA.end, Literal(str(found[3])))


@special("TextPositionSelector-start/negative")
def _negative_start(parts: Parts, rng: random.Random) -> Parts:
    found = _offsets(View(parts), rng)
    return parts if found is None else replace(parts, found[0], OA.start,
                                               Literal("-1", datatype=NNI))


@special("TextPositionSelector-end/integer-vs-string-start")
def _mixed_offsets(parts: Parts, rng: random.Random) -> Parts:
    found = _offsets(View(parts), rng)
    if found is None:
        return parts
    p, _, start, end = found
    out = replace(parts, p, OA.start, Literal(str(start)))
    return replace(out, p, OA.end, Literal(end, datatype=XSD.integer))


@special("EventOccurrence-dateOrPlace/neither")
def _neither(parts: Parts, rng: random.Random) -> Parts:
    occurrence = _pick(View(parts), IRKG.EventOccurrence, rng)
    if occurrence is None:
        return parts
    return drop(drop(parts, occurrence, IRKG.date), occurrence, IRKG.place)


@special("Stance-speakerNamed/actor-without-speaker")
def _unnamed_speaker(parts: Parts, rng: random.Random) -> Parts:
    stance = _pick(View(parts), IRKG.Stance, rng)
    if stance is None:
        return parts
    out = replace(parts, stance, IRKG.attribution, ATTRIBUTION.actor)
    return drop(out, stance, IRKG.attributedTo)


@special("Stance-holderIsNotTarget/holder-as-target")
def _self_target(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    stance = _pick(view, IRKG.Stance, rng, IRKG.holder)
    if stance is None:
        return parts
    return replace(parts, stance, IRKG.target, view.objects(stance, IRKG.holder)[0])


@special("registry/retype-an-actor")
def _retype(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    holders = sorted({h for s in view.instances(IRKG.Stance) for h in view.objects(s, IRKG.holder)
                      if view.home(h) == "registry"}, key=str)
    if not holders:
        return parts
    return replace(parts, rng.choice(holders), RDF.type, IRKG.Issue)


@special("registry/untype-an-entity")
def _untype(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    used = sorted({o for s in view.instances(IRKG.Claim) for p, os in view.spo[s].items()
                   if p != RDF.type for o in os if view.home(o) == "registry"
                   and view.objects(o, RDF.type)}, key=str)
    return drop(parts, rng.choice(used), RDF.type) if used else parts


@special("subClassOf/stances-become-annotations")
def _stances_annotate(parts: Parts, rng: random.Random) -> Parts:
    key = rng.choice(View(parts).articles())
    return add(parts, key, (IRKG.Stance, RDFS.subClassOf, OA.Annotation))


@special("subClassOf/new-kind-of-claim")
def _rumour(parts: Parts, rng: random.Random) -> Parts:
    key = rng.choice(View(parts).articles())
    rumour, node = URIRef("https://example.org/Rumour"), URIRef("https://example.org/rumour/1")
    return add(parts, key, (rumour, RDFS.subClassOf, IRKG.Fact), (node, RDF.type, rumour),
               (node, IRKG.certainty, URIRef("https://example.org/unsure")))


@special("subClassOf/cycle-through-issues")
def _cycle(parts: Parts, rng: random.Random) -> Parts:
    return add(parts, "registry", (IRKG.Issue, RDFS.subClassOf, IRKG.Person),
               (IRKG.Person, RDFS.subClassOf, IRKG.Issue))


def _other_articles(view: View, node: Node) -> list[str]:
    return [k for k in view.articles() if k != view.home(node)]


@special("TextQuoteSelector-exact/second-quote-from-another-article", across=True)
def _second_exact(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    quote = _pick(view, OA.TextQuoteSelector, rng, OA.exact)
    others = quote and _other_articles(view, quote)
    return parts if not quote or not others else \
        add(parts, rng.choice(others), (quote, OA.exact, Literal("quoted elsewhere")))


@special("SpecificResource-quote/position-is-also-a-quote", across=True)
def _double_typed(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    position = _pick(view, OA.TextPositionSelector, rng)
    others = position and _other_articles(view, position)
    return parts if not position or not others else \
        add(parts, rng.choice(others), (position, RDF.type, OA.TextQuoteSelector))


@special("Stance-target/extra-target-from-another-article", across=True)
def _extra_target(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    stance = _pick(view, IRKG.Stance, rng, IRKG.holder)
    others = stance and _other_articles(view, stance)
    if not stance or not others:
        return parts
    holder = view.objects(stance, IRKG.holder)[0]
    return add(parts, rng.choice(others), (stance, IRKG.target, holder))


@special("Claim-source/derived-from-both-articles", across=True)
def _two_sources(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    claim = _pick(view, IRKG.Claim, rng)
    others = claim and _other_articles(view, claim)
    if not claim or not others:
        return parts
    key = rng.choice(others)
    article = URIRef(str(claim).split("/fact/")[0].split("/stance/")[0])
    other = URIRef(str(article).rsplit("/", 1)[0] + "/" + key.removeprefix("article:"))
    return add(parts, key, (claim, PROV.wasDerivedFrom, other))


######################################################################## the claim model

NOT_ACTOR = (IRKG.Agreement, IRKG.Issue, IRKG.Event)


def _registry(view: View, cls: Node, but: Iterable[Node] = ()) -> list[Node]:
    """Registry entities of ``cls``, except ``but``."""
    excluded = set(but)
    return [e for e in view.instances(cls) if view.home(e) == "registry" and e not in excluded]


def _not_actors(view: View) -> list[Node]:
    return sorted({e for c in NOT_ACTOR for e in _registry(view, c)} -
                  set(view.instances(IRKG.Actor)), key=str)


def _root_link(view: View, claim: Node) -> Node | None:
    """Link 0 of the claim's chain of sources: whoever speaks the passage."""
    zero = Literal("0", datatype=NNI)
    return next((link for link in view.objects(claim, IRKG.attributionChain)
                 if zero in view.objects(link, IRKG.attributionLevel)), None)


@special("Attribution/named-and-unnamed")
def _named_and_unnamed(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    link = _pick(view, IRKG.Attribution, rng, PROV.agent)
    return parts if link is None else add(parts, view.home(link),
                                          (link, IRKG.unnamed, Literal(True)))


@special("Attribution/neither-named-nor-unnamed")
def _nameless(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    link = _pick(view, IRKG.Attribution, rng, PROV.agent)
    return parts if link is None else drop(parts, link, PROV.agent)


@special("Attribution-endsAtSpeaker/detached-link")
def _detached(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    link = _pick(view, IRKG.Attribution, rng)
    if link is None:
        return parts
    out = replace(parts, link, IRKG.attributionLevel, Literal(rng.choice([1, 2]), datatype=NNI))
    return drop(out, link, IRKG.reportedBy)


def _speaking_layers(view: View) -> list[Node]:
    return [n for n in view.instances(OA.Annotation) if view.objects(n, IRKG.speaker)]


@special("Layer/speaker-undated")
def _undated_layer(parts: Parts, rng: random.Random) -> Parts:
    layers = _speaking_layers(View(parts))
    if not layers:
        return parts
    layer = rng.choice(layers)
    return drop(drop(parts, layer, DCTERMS.date), layer, IRKG.notBefore)


@special("Layer-speaker/not-an-actor")
def _speaker_not_an_actor(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    layers = _speaking_layers(view)
    if not layers:
        return parts
    return replace(parts, rng.choice(layers), IRKG.speaker, rng.choice(_not_actors(view)))


@special("Layer-speaker/second-speaker-in-the-registry")
def _second_speaker(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    layers = _speaking_layers(view)
    if not layers:
        return parts
    layer = rng.choice(layers)
    actor = rng.choice(_registry(view, IRKG.Actor, view.objects(layer, IRKG.speaker)))
    return add(parts, "registry", (layer, IRKG.speaker, actor))


@special("Layer-speaker/speaker-changed-from-another-article", across=True)
def _speaker_elsewhere(parts: Parts, rng: random.Random) -> Parts:
    """Another article states who speaks this article's layer: its claims must see it."""
    view = View(parts)
    layers = _speaking_layers(view)
    layer = rng.choice(layers) if layers else None
    others = layer and _other_articles(view, layer)
    if not layer or not others:
        return parts
    actor = rng.choice(_registry(view, IRKG.Actor, view.objects(layer, IRKG.speaker)))
    return add(parts, rng.choice(others), (layer, IRKG.speaker, actor))


@special("Claim-layerSpeaker/root-is-not-the-speaker")
def _not_the_layer_speaker(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    claim = _pick(view, IRKG.Claim, rng, IRKG.inLayer)
    root = claim and _root_link(view, claim)
    if root is None:
        return parts
    return replace(parts, root, PROV.agent,
                   rng.choice(_registry(view, IRKG.Actor, view.objects(root, PROV.agent))))


def _in_the_body(view: View) -> list[Node]:
    return [c for c in view.instances(IRKG.Claim) if not view.objects(c, IRKG.inLayer)]


@special("Claim-attributionRoot/root-is-not-the-author")
def _not_the_author(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    claims = _in_the_body(view)
    root = _root_link(view, rng.choice(claims)) if claims else None
    if root is None:
        return parts
    return replace(parts, root, PROV.agent,
                   rng.choice(_registry(view, IRKG.Actor, view.objects(root, PROV.agent))))


@special("Claim-attributionRoot/unnamed-root")
def _unnamed_root(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    claims = _in_the_body(view)
    root = _root_link(view, rng.choice(claims)) if claims else None
    if root is None:
        return parts
    return add(drop(parts, root, PROV.agent), view.home(root), (root, IRKG.unnamed, Literal(True)))


@special("Claim-attributionRoot/second-author-from-another-article", across=True)
def _second_author(parts: Parts, rng: random.Random) -> Parts:
    """Another article names a second author of this one: every claim of its body breaks."""
    view = View(parts)
    article = rng.choice(view.instances(IRKG.Article))
    others = _other_articles(view, article)
    if not others:
        return parts
    actor = rng.choice(_registry(view, IRKG.Person, view.objects(article, DCTERMS.creator)))
    return add(parts, rng.choice(others), (article, DCTERMS.creator, actor))


@special("Claim-attributionRoot/author-removed")
def _authorless(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    articles = [a for a in view.instances(IRKG.Article) if view.objects(a, DCTERMS.creator)]
    return drop(parts, rng.choice(articles), DCTERMS.creator) if articles else parts


@special("Stance/both-target-and-claim")
def _target_and_claim(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    stance = _pick(view, IRKG.Stance, rng, IRKG.target)
    if stance is None:
        return parts
    claims = [c for c in view.instances(IRKG.Claim)
              if c != stance and view.home(c) == view.home(stance)]
    return add(parts, view.home(stance), (stance, IRKG.aboutClaim, rng.choice(claims)))


@special("Stance/towards-nothing")
def _towards_nothing(parts: Parts, rng: random.Random) -> Parts:
    stance = _pick(View(parts), IRKG.Stance, rng)
    return parts if stance is None else drop(drop(parts, stance, IRKG.target), stance,
                                             IRKG.aboutClaim)


@special("Stance-actsOnSomeone/demand-of-no-one")
def _demand_of_no_one(parts: Parts, rng: random.Random) -> Parts:
    """A demand with neither an addressee nor an actor as its target."""
    view = View(parts)
    stance = _pick(view, IRKG.Stance, rng, IRKG.target)
    if stance is None:
        return parts
    out = replace(parts, stance, IRKG.stanceType, rng.choice([STANCE.demand, STANCE.pressure]))
    out = replace(out, stance, IRKG.target, rng.choice(_not_actors(view)))
    return drop(out, stance, IRKG.addressee)


@special("AgreementStatus-demandHasAgent/demanded-by-no-one")
def _demanded_by_no_one(parts: Parts, rng: random.Random) -> Parts:
    fact = _pick(View(parts), IRKG.AgreementStatus, rng)
    if fact is None:
        return parts
    out = replace(parts, fact, IRKG.status, rng.choice([STATUS.demanded, STATUS.proposed]))
    return drop(out, fact, IRKG.agent)


#: The values of a claim the builder also asserts as a plain triple (irkg.kinds.PLAIN_CASE).
PLAIN_AXES = {IRKG.polarity: POLARITY.affirmed, IRKG.modality: MODALITY.actual,
              IRKG.certainty: CERTAINTY.asserted, IRKG.attribution: ATTRIBUTION.article}
_KINDS: dict[Node, Kind] = {kind.cls: kind for kind in FACT_KINDS.values()}


def plainly_asserted(view: View, claim: Node) -> bool:
    """The builder's rule for asserting a plain triple (irkg.kinds.plain_eligible)."""
    return (all(view.objects(claim, p) == [v] for p, v in PLAIN_AXES.items())
            and not view.objects(claim, IRKG.accordingTo)
            and not view.objects(claim, IRKG.condition))


def plain_triples(view: View, claim: Node) -> set[Triple]:
    """The plain triples the builder asserts for ``claim``, as its triples say now."""
    kind = next((_KINDS[c] for c in view.objects(claim, TYPE) if c in _KINDS), None)
    if kind is None or not plainly_asserted(view, claim):
        return set()

    def values(key: str) -> list[Node]:
        if key == "date":
            return view.objects(claim, IRKG.date)
        role = kind.roles.get(key)
        return view.objects(claim, role.predicate if role else kind.concepts[key].predicate)
    return {(s, p, o) for sk, p, ok in kind.plain for s in values(sk) for o in values(ok)}


@lru_cache(maxsize=1)
def _plain_annotations() -> dict[Node, tuple[Node, Node, Node]]:
    """Fact class → (plain property, subject role, object role), as the ontology names them."""
    g = load_ontology().graph
    found: dict[Node, tuple[Node, Node, Node]] = {}
    for c, p in g.subject_objects(IRKG.plainProperty):
        sr, orole = g.value(c, IRKG.plainSubject), g.value(c, IRKG.plainObject)
        assert sr is not None and orole is not None
        found[c] = (p, sr, orole)
    return found


#: What shape:Fact-noLeakedPlainTriple matches a fact on: (class, plain triple).
LeakKey = tuple[Node, Triple]


def _leak_keys(view: View, fact: Node) -> list[LeakKey]:
    found = []
    for cls in view.objects(fact, TYPE):
        if cls in _plain_annotations():
            p, sr, orole = _plain_annotations()[cls]
            found += [(cls, (s, p, o)) for s in view.objects(fact, sr)
                      for o in view.objects(fact, orole)]
    return found


def _supporters(view: View, key: LeakKey) -> list[Node]:
    """Claims that make the plain triple of ``key`` no leak: affirmed, actual, asserted, own."""
    cls, (s, _, o) = key
    _, sr, orole = _plain_annotations()[cls]
    return [c for c in view.instances(cls) if cls in view.objects(c, TYPE)
            and s in view.objects(c, sr) and o in view.objects(c, orole)
            and all(v in view.objects(c, p) for p, v in PLAIN_AXES.items())]


def _asserted(parts: Parts, triple: Triple) -> bool:
    return any(triple in triples for triples in parts.values())


@special("Fact-noLeakedPlainTriple/negated-keeps-its-triple")
def _negated_leak(parts: Parts, rng: random.Random) -> Parts:
    """Every fact supporting a plain triple negated, the triple left: each of them leaks it."""
    view = View(parts)
    keys = sorted({k for f in view.instances(IRKG.Fact) for k in _leak_keys(view, f)
                   if _asserted(parts, k[1]) and _supporters(view, k)}, key=str)
    if not keys:
        return parts
    out = parts
    for fact in _supporters(view, rng.choice(keys)):
        out = replace(out, fact, IRKG.polarity, POLARITY.negated)
    return out


def _unsupported(view: View, parts: Parts) -> list[tuple[Node, LeakKey]]:
    """Facts whose plain triple nobody asserts, nor may (no claim supports it)."""
    return sorted({(f, k) for f in view.instances(IRKG.Fact) for k in _leak_keys(view, f)
                   if not _asserted(parts, k[1]) and not _supporters(view, k)}, key=str)


@special("Fact-noLeakedPlainTriple/triple-in-the-registry")
def _leak_in_registry(parts: Parts, rng: random.Random) -> Parts:
    view = View(parts)
    found = _unsupported(view, parts)
    return add(parts, "registry", rng.choice(found)[1][1]) if found else parts


@special("Fact-noLeakedPlainTriple/triple-from-another-article", across=True)
def _leak_elsewhere(parts: Parts, rng: random.Random) -> Parts:
    """Another article asserts the plain triple of a reported or negated fact of this one."""
    view = View(parts)
    found = [(f, k) for f, k in _unsupported(view, parts) if _other_articles(view, f)]
    if not found:
        return parts
    fact, key = rng.choice(found)
    return add(parts, rng.choice(_other_articles(view, fact)), key[1])


def _supported_elsewhere(view: View, parts: Parts) -> list[tuple[Node, LeakKey]]:
    """Plainly asserted facts whose plain triple another article's fact supports too."""
    return sorted({(f, k) for f in view.instances(IRKG.Fact) if plainly_asserted(view, f)
                   for k in _leak_keys(view, f) if _asserted(parts, k[1])
                   and any(view.home(c) != view.home(f) for c in _supporters(view, k))},
                  key=str)


@special("Fact-noLeakedPlainTriple/negated-here-asserted-elsewhere", across=True)
def _negated_here(parts: Parts, rng: random.Random) -> Parts:
    """What two articles are for: one asserts a fact the other denies (built as irkg builds it).

    Breaks nothing: the denying article's own graph has no plain triple, and the
    other article's supports the one it has. A part validated alone would see that
    triple and no supporter, unless its view has the other article's peers.
    """
    view = View(parts)
    found = _supported_elsewhere(view, parts)
    if not found:
        return parts
    fact, _ = rng.choice(found)
    here = view.home(fact)
    out = replace(parts, fact, IRKG.polarity, POLARITY.negated)
    out[here] -= plain_triples(view, fact)
    return out


@special("Fact-noLeakedPlainTriple/leak-masked-by-another-article", across=True)
def _masked_leak(parts: Parts, rng: random.Random) -> Parts:
    """A negated fact keeps its plain triple, which another article's fact supports.

    Breaks nothing over the whole graph (the triple is supported), though the
    article leaks it: sharded validation must agree, seeing the other article's fact.
    """
    view = View(parts)
    found = _supported_elsewhere(view, parts)
    if not found:
        return parts
    fact, _ = rng.choice(found)
    return replace(parts, fact, IRKG.polarity, POLARITY.negated)


def all_injections() -> dict[str, Injection]:
    return {**derived(), **SPECIAL}


######################################################################## corpora


def _root(article: str, node: Node) -> str | None:
    """The claim or mention a node belongs to (its evidence nodes share its IRI prefix)."""
    text = str(node)
    prefix = f"https://w3id.org/irkg/id/article/{article}/"
    if not text.startswith(prefix):
        return None
    return "/".join(text.split("/")[:9])


#: Claim properties a reduced article keeps a claim with (one of each), so that the
#: injections derived from their shapes find something to break.
FEATURES = (IRKG.quantity, IRKG.inLayer, IRKG.aboutClaim, IRKG.addressee, IRKG.termsOf,
            IRKG.reportedTo, IRKG.accordingTo, IRKG.agent, IRKG.condition, IRKG.inExchangeFor,
            IRKG.replaces)
#: Links from a claim to claims of the same article: a kept claim keeps what it links to.
LINKS = (IRKG.condition, IRKG.inExchangeFor, IRKG.replaces, IRKG.aboutClaim)


def reduced(parts: Parts, rng: random.Random, extra: int = 2) -> Parts:
    """Each article cut down to one claim of every kind and feature plus ``extra`` others
    (mentions too), as the builder would build the article from those claims.

    The claims a kept claim links to are kept too; a plain triple is kept only if a kept
    claim asserts it (so the cut article leaks none). Whatever is not a claim (the article
    node, its text layers) is kept.
    """
    out = copy(parts)
    view = View(parts)
    for key in [k for k in parts if k.startswith("article:")]:
        article = key.removeprefix("article:")
        root_of = {s: _root(article, s) for s in {t[0] for t in parts[key]}}
        groups: dict[Node, list[str]] = {}
        for s, p, o in parts[key]:
            root = root_of[s]
            if root is None:
                continue
            if str(s) != root:
                if p == IRKG.unnamed:  # a source the text does not name
                    groups.setdefault(p, []).append(root)
            elif p == TYPE:
                groups.setdefault(o, []).append(root)
            elif p in FEATURES:
                groups.setdefault(p, []).append(root)
            elif p == IRKG.polarity and o != POLARITY.affirmed:
                groups.setdefault(p, []).append(root)
        roots = {r for r in root_of.values() if r is not None}
        keep = {rng.choice(sorted(set(found))) for _, found in sorted(groups.items())}
        keep.update(rng.sample(sorted(roots - keep), min(extra, len(roots - keep))))
        keep.update(r for r in roots if r.split("/")[7] == "layer")
        todo = sorted(keep)
        while todo:
            claim = URIRef(todo.pop())
            for target in (o for p in LINKS for o in view.objects(claim, p)):
                root = _root(article, target)
                if root is not None and root not in keep:
                    keep.add(root)
                    todo.append(root)
        plain = {t for r in keep for t in plain_triples(view, URIRef(r))}
        local = f"https://w3id.org/irkg/id/article/{article}"
        out[key] = {t for t in parts[key] if root_of[t[0]] in keep or t in plain
                    or (root_of[t[0]] is None and str(t[0]) == local)}
    return out


def _rename(node: Node, old: str, new: str) -> Node:
    return URIRef(str(node).replace(old, new)) if isinstance(node, URIRef) else node


def with_clone(parts: Parts, new_id: str) -> Parts:
    """A second article: a copy of the first one under other IRIs, in its own part."""
    key = min(k for k in parts if k.startswith("article:"))
    old = f"/article/{key.removeprefix('article:')}"
    out = copy(parts)
    out[f"article:{new_id}"] = {
        (_rename(s, old, f"/article/{new_id}"), p, _rename(o, old, f"/article/{new_id}"))
        for s, p, o in parts[key]}
    return out


CORPORA = 32


def corpora(seed: Parts) -> list[tuple[str, Parts]]:
    """At least 30 named broken corpora, the same on every run.

    Injections are dealt round-robin over the corpora in name order, so one
    corpus never gets two injections on the same property shape; every third
    corpus holds two articles and also gets the injections across articles.
    """
    injections = all_injections()
    within = sorted(n for n in injections if n not in ACROSS_ARTICLES)
    across = sorted(ACROSS_ARTICLES)
    dealt: list[list[str]] = [[] for _ in range(CORPORA)]
    for i, name in enumerate(within):
        dealt[i % CORPORA].append(name)
    twins = list(range(0, CORPORA, 3))
    for i, name in enumerate(across * 2):
        dealt[twins[i % len(twins)]].append(name)
    out = []
    for i, names in enumerate(dealt):
        rng = random.Random(f"corpus-{i}")
        parts = reduced(seed, rng)
        if i in twins:
            parts = reduced(with_clone(parts, f"{900 + i}_clone"), rng, extra=0)
        for name in names:
            parts = injections[name](parts, random.Random(f"{i}/{name}"))
        out.append((f"{i:02d}:" + ",".join(names), parts))
    return out


def full(seed: Parts) -> tuple[str, Parts]:
    """The whole seed corpus (no article cut down) with a handful of injections."""
    injections = all_injections()
    names = ["Entity-label/second-label-from-an-article",
             "SpecificResource-consistent/past-the-end",
             "Stance-speakerNamed/actor-without-speaker", "registry/retype-an-actor",
             "TextPositionSelector-end/string", "EventOccurrence-dateOrPlace/neither"]
    parts = seed
    for name in names:
        parts = injections[name](parts, random.Random(f"full/{name}"))
    return "full:" + ",".join(names), parts


def expected_pairs(shapes: Graph | None = None) -> set[tuple[Node, Node]]:
    """(sh:sourceShape, sh:sourceConstraintComponent) of every constraint that can report.

    Those are the constraints of targeted shapes and of the property shapes
    they reach through sh:property; nested shapes (sh:node, sh:or, ...) only
    ever decide their parent's result.
    """
    g = shapes if shapes is not None else Graph().parse(SHAPES, format="turtle")
    simple = {n: SH[f"{n[0].upper()}{n[1:]}ConstraintComponent"] for n in (
        "minCount", "maxCount", "class", "datatype", "nodeKind", "pattern", "minLength",
        "maxLength", "languageIn", "in", "hasValue", "node", "or", "and", "not", "xone",
        "equals", "disjoint", "lessThan", "lessThanOrEquals", "qualifiedMinCount",
        "qualifiedMaxCount")}
    simple["sparql"] = SH.SPARQLConstraintComponent
    found: set[tuple[Node, Node]] = set()
    todo = [s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
            for s in g.subjects(p, None)]
    seen: set[Node] = set()
    while todo:
        shape = todo.pop()
        if shape in seen:
            continue
        seen.add(shape)
        todo.extend(g.objects(shape, SH.property))
        for p in set(g.predicates(shape, None)):
            name = str(p).removeprefix(str(SH))
            if name in simple:
                found.add((shape, simple[name]))
    return found


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def reference(triples: Iterable[Triple]) -> list[Result]:
    """pyshacl's results on ``triples``: a plain function, so worker processes can run it."""
    return pyshacl_results(triples, _shapes())
