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

from irkg.ontology import load_ontology
from irkg.pipeline import build_corpus, load_corpus
from irkg.shacl import Result, pyshacl_results
from irkg.terms import ATTRIBUTION, IRKG, OA, WD

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
               "RelationValue": IRKG.RelationTypes}
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
                   if p != RDF.type for o in os if view.home(o) == "registry"}, key=str)
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


def reduced(parts: Parts, rng: random.Random, extra: int = 2) -> Parts:
    """Each article cut down to one claim of every kind plus ``extra`` others (mentions too).

    Whatever is not a claim (the article node, statements about entities) is kept.
    """
    out = copy(parts)
    for key in [k for k in parts if k.startswith("article:")]:
        article = key.removeprefix("article:")
        root_of = {s: _root(article, s) for s in {t[0] for t in parts[key]}}
        kinds: dict[Node, list[str]] = {}
        for s, p, o in parts[key]:
            root = root_of[s]
            if root is not None and p == TYPE and str(s) == root:
                kinds.setdefault(o, []).append(root)
        roots = {r for r in root_of.values() if r is not None}
        keep = {rng.choice(sorted(found)) for _, found in sorted(kinds.items())}
        keep.update(rng.sample(sorted(roots - keep), min(extra, len(roots - keep))))
        out[key] = {t for t in parts[key] if root_of[t[0]] is None or root_of[t[0]] in keep}
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
