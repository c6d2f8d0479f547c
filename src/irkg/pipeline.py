"""The corpus in memory: find the annotations, load the registry, load and build every article.

This is the small-corpus path, for commands that look at the whole graph at
once (``check``, ``stats``, ``link``) and for tests. ``irkg build`` and
``irkg load`` go through :mod:`irkg.corpus` instead, which never holds the
corpus in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph, URIRef

from irkg.build import Origin, Part, Triple, build_article, build_registry
from irkg.errors import (
    Errors,
    InputError,
    IrkgError,
    Location,
    collect,
    display_path,
)
from irkg.load import load_article
from irkg.model import Article, Registry
from irkg.ontology import load_ontology
from irkg.registry import load_registry
from irkg.terms import ONTOLOGY_GRAPH, REGISTRY_GRAPH

REGISTRY_FILE = "registry.yaml"


@dataclass(frozen=True)
class Corpus:
    registry: Registry
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Built:
    """The built parts; the union graph and origins are computed once, on first use."""

    parts: tuple[Part, ...]

    @property
    def articles(self) -> int:
        return sum(1 for p in self.parts if p.name != REGISTRY_GRAPH)

    @cached_property
    def graph(self) -> Graph:
        union = Graph()
        for part in self.parts:
            for triple in part.triples:
                union.add(triple)
        return union

    @cached_property
    def origins(self) -> dict[URIRef, Origin]:
        merged: dict[URIRef, Origin] = {}
        for part in self.parts:
            merged.update(part.origins)
        return merged

    def named_graphs(self) -> list[tuple[URIRef, Iterable[Triple]]]:
        """Each article, the registry and the ontology in their own named graph."""
        return [*((p.name, p.triples) for p in self.parts),
                (ONTOLOGY_GRAPH, load_ontology().graph)]


def annotation_files(seeds: Path) -> list[Path]:
    """Every article annotation in ``seeds``: ``*.yaml`` except the registry.

    Articles sit directly in the folder; one found deeper (an annotation with
    its text beside it) is an error rather than silently left out.
    """
    if not seeds.is_dir():
        raise InputError(f"{display_path(seeds)} is not a directory",
                         "pass the folder holding registry.yaml and the articles")
    for deeper in sorted(seeds.glob("*/**/*.yaml")):
        if deeper.with_suffix(".txt").is_file():
            raise InputError(f"article {display_path(deeper)} is in a subfolder",
                             f"move it and its .txt into {display_path(seeds)}/",
                             Location(display_path(deeper)))
    for text in sorted(seeds.glob("*.txt")):
        if not text.with_suffix(".yaml").is_file():
            raise InputError(f"article text {display_path(text)} has no annotation",
                             f"write {text.with_suffix('.yaml').name} beside it (see README, "
                             "'Adding an article'), or move the text out of the folder",
                             Location(display_path(text)))
    found = sorted(p for p in seeds.glob("*.yaml") if p.name != REGISTRY_FILE)
    if not found:
        raise InputError(f"{display_path(seeds)} holds no article annotations",
                         "add NAME.yaml beside the article text NAME.txt")
    return found


def load_seed_registry(seeds: Path) -> Registry:
    """The registry of the corpus in ``seeds``."""
    registry_path = seeds / REGISTRY_FILE
    if not registry_path.is_file():
        raise InputError(f"{display_path(registry_path)} does not exist",
                         "create the entity registry (see README, 'The annotation format')")
    return load_registry(registry_path, load_ontology())


def load_corpus(seeds: Path) -> Corpus:
    ontology = load_ontology()
    registry = load_seed_registry(seeds)
    errors: list[IrkgError] = []
    articles = collect(annotation_files(seeds),
                       lambda path: load_article(path, registry, ontology), errors)
    if errors:
        raise Errors(errors)
    return Corpus(registry, tuple(articles))


def build_corpus(corpus: Corpus) -> Built:
    return Built((build_registry(corpus.registry), *map(build_article, corpus.articles)))


def origins_from_seeds(seeds: Path) -> dict[URIRef, Origin]:
    """Where each node of a graph built from ``seeds`` came from; none without a registry.

    Raises the seeds' input error when they do not load, for the caller to
    report beside (not instead of) the validation it is doing.
    """
    if not (seeds / REGISTRY_FILE).is_file():
        return {}
    return build_corpus(load_corpus(seeds)).origins
