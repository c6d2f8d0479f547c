"""The corpus in memory: find the annotations, load the registry, load and build every article.

This is the small-corpus path, for commands that look at the whole graph at
once (``check``, ``stats``, ``link``) and for tests. ``irkg build`` and
``irkg load`` go through :mod:`irkg.corpus` instead, which never holds the
corpus in memory.
"""

from __future__ import annotations

import os
import stat
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
from irkg.files import check_regular
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


def corpus_folder(seeds: Path) -> None:
    """Refuse a corpus folder that is missing or is not a folder."""
    if not seeds.is_dir():
        state = "is not a directory" if seeds.exists() else "does not exist"
        raise InputError(f"the corpus folder {display_path(seeds)} {state}",
                         "pass the folder holding registry.yaml and the articles")


def annotation_files(seeds: Path) -> list[Path]:
    """Every article annotation in ``seeds``: ``*.yaml`` except the registry.

    Articles sit directly in the folder; one found deeper (an annotation with
    its text beside it) is an error rather than silently left out.
    """
    corpus_folder(seeds)
    for deeper in sorted(seeds.glob("*/**/*.yaml")):
        if deeper.with_suffix(".txt").is_file():
            raise InputError(f"article {display_path(deeper)} is in a subfolder",
                             f"move it and its .txt into {display_path(seeds)}/",
                             Location(display_path(deeper), 1))
    for text in sorted(seeds.glob("*.txt")):
        annotation = text.with_suffix(".yaml")
        if not annotation.exists() and not annotation.is_symlink():
            raise InputError(f"article text {display_path(text)} has no annotation",
                             f"write {text.with_suffix('.yaml').name} beside it (see README, "
                             "'Adding an article'), or move the text out of the folder",
                             Location(display_path(text), 1))
    found = sorted(p for p in seeds.glob("*.yaml") if p.name != REGISTRY_FILE)
    if not found:
        raise InputError(f"{display_path(seeds)} holds no article annotations",
                         "add NAME.yaml beside the article text NAME.txt")
    inside = _resolved(seeds)
    for path in found:
        check_input_file(path, inside)
        check_input_file(path.with_suffix(".txt"), inside)
    return found


def _resolved(path: Path) -> Path:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise InputError(f"cannot read {display_path(path)}: a link in its path is broken or "
                         "points to itself", "fix the link", Location(display_path(path), 1)
                         ) from None


def check_input_file(path: Path, corpus: Path) -> None:
    """Refuse, before any worker reads it, an input that is not a readable regular file
    of bounded size inside the corpus folder (links inside the corpus are fine).

    A FIFO would block a reader, a device such as ``/dev/zero`` never ends, and a
    link out of the corpus would publish whatever file it points to.
    """
    try:
        info = path.lstat()  # one call for the common case: a regular file in the folder
    except FileNotFoundError:
        return  # an annotation without its text: the loader says so at the annotation
    target = path
    if stat.S_ISLNK(info.st_mode):
        target = _resolved(path)
        if not target.is_relative_to(corpus):
            raise InputError(f"{display_path(path)} is a link to a file outside "
                             f"{display_path(corpus)}", "copy the file into the corpus folder "
                             "instead of linking to it", Location(display_path(path), 1))
        info = target.stat()
    check_regular(info, path, "")
    if not os.access(target, os.R_OK):
        raise InputError(f"cannot read {display_path(path)}: permission denied",
                         "make the file readable (chmod a+r)", Location(display_path(path), 1))


def load_seed_registry(seeds: Path) -> Registry:
    """The registry of the corpus in ``seeds``."""
    corpus_folder(seeds)
    registry_path = seeds / REGISTRY_FILE
    if not registry_path.exists() and not registry_path.is_symlink():
        raise InputError(f"{display_path(registry_path)} does not exist",
                         "create the entity registry (see README, 'The annotation format')",
                         Location(display_path(registry_path), 1))
    check_input_file(registry_path, _resolved(seeds))
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
