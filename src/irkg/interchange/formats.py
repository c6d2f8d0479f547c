"""The interchange formats by name: which files each reads, what each writes, what each cannot hold.

One table, so that the ``import`` and ``export`` commands, the README and the
round-trip tests name the same formats and the same limits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from irkg.errors import Errors, InputError, IrkgError, Location, collect, display_path
from irkg.interchange import brat, inception_files, labelstudio, webannotation
from irkg.interchange.document import Document, from_article
from irkg.pipeline import load_corpus

#: What no format keeps of an annotation file (the graph is the same without it).
NEVER_HELD = (
    "YAML comments and layout",
    "'occurrence: all' (each place becomes its own mention)",
    "how a quote was typed (prefix/suffix, straight quotes): the exact words are written, "
    "with 'occurrence: N' where they recur",
    "a passage given as from/to (boilerplate, layers): its whole text is written as one quote",
    "values the loader fills in itself (a default such as 'polarity: affirmed' or "
    "'comparator: exactly'; an 'attribution: actor' stance's attributed_to and according_to "
    "where they follow from each other or the holder): they are left out, so 'irkg stats' "
    "no longer counts such a default as chosen",
    "registry details other than type and Wikidata item (aliases, notes): the registry "
    "stays in seeds/",
)
#: What each format cannot hold beyond that.
CANNOT_HOLD: dict[str, tuple[str, ...]] = {
    "brat": ("spans across line breaks: written as fragments per line, joined on import",),
    "webannotation": ("relations between annotations: roles travel as features",),
    "labelstudio": ("discontinuous spans: one region per fragment",),
    "inception": inception_files.CANNOT_HOLD,
}
SUFFIXES = {"brat": (".ann",), "webannotation": (".jsonld", ".json"),
            "labelstudio": (".json",), "inception": inception_files.SUFFIXES}


def _files(fmt: str, paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.iterdir()) if p.suffix in SUFFIXES[fmt])
        elif not path.is_file():
            raise InputError(f"{display_path(path)} does not exist", "give export files or "
                             "folders", Location(display_path(path)))
        else:
            out.append(path)
    if not out:
        raise InputError(f"no {fmt} files ({', '.join(SUFFIXES[fmt])}) among the inputs",
                         "give the export's files or its folder")
    return out


def read_documents(fmt: str, paths: list[Path]) -> list[Document]:
    """Every document in the export files ``paths`` (folders are searched one level)."""
    readers: dict[str, Callable[[Path], list[Document]]] = {
        "brat": lambda p: [brat.read(p)],
        "webannotation": lambda p: [webannotation.read(p)],
        "labelstudio": labelstudio.read,
        "inception": inception_files.read,
    }
    errors: list[IrkgError] = []
    found = collect(_files(fmt, paths), readers[fmt], errors)
    if errors:
        raise Errors(errors)
    return [doc for docs in found for doc in docs]


def export_documents(seeds: Path) -> list[Document]:
    """Every article of ``seeds`` in the irkg profile, in article order."""
    corpus = load_corpus(seeds)
    return [from_article(a, corpus.registry) for a in corpus.articles]


def export_files(fmt: str, docs: list[Document], variant: str = "xmi") -> dict[str, str]:
    """File name → text of the export of ``docs``, with the tool's project configuration.

    ``variant`` is INCEpTION's: ``xmi`` (with ``TypeSystem.xml``) or ``json``.
    """
    files: dict[str, str] = {}
    if fmt == "inception":
        for doc in docs:
            files.update(inception_files.export_files(doc, variant))
        return files
    if fmt == "labelstudio":
        files["tasks.json"] = labelstudio.write(docs)
        files["label_config.xml"] = labelstudio.label_config()
        return files
    for doc in docs:
        files.update(brat.export_files(doc) if fmt == "brat"
                     else webannotation.export_files(doc))
    if fmt == "brat":
        files["annotation.conf"] = brat.annotation_conf()
    return files
