"""Write the review site: the index, one page per article and per entity, and the assets.

The site is a folder of static files that opens from disk: pages link one
stylesheet and one script by relative paths, and nothing is fetched. Pages
the graph no longer has (a removed article or entity) are deleted, so the
folder is always exactly the site of the graph it was built from.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from irkg.errors import InputError, display_path
from irkg.review.article import article_page
from irkg.review.html import kind_css, slug
from irkg.review.model import Site
from irkg.review.pages import claims_about, entity_page, index_page
from irkg.review.read import read_site
from irkg.serialize import write_atomic

ASSETS = ("review.css", "review.js")


def asset(name: str) -> bytes:
    text = (resources.files("irkg.review") / "assets" / name).read_text("utf-8")
    return (text + kind_css() if name.endswith(".css") else text).encode("utf-8")


def _write(path: Path, data: bytes, written: list[Path]) -> None:
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, data)
    written.append(path)


def write_site(site: Site, folder: Path, ontology_docs: str | None = None) -> list[Path]:
    """Every file of the site under ``folder``; returns them in the order written."""
    try:
        for sub in ("assets", "article", "entity"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {display_path(folder)}: {exc.strerror}",
                         "choose another folder with --out") from None
    written: list[Path] = []
    for name in ASSETS:
        _write(folder / "assets" / name, asset(name), written)
    _write(folder / "index.html", index_page(site, ontology_docs).encode("utf-8"), written)
    for article in site.articles:
        _write(folder / "article" / f"{slug(article.id)}.html",
               article_page(article, site).encode("utf-8"), written)
    about = claims_about(site)
    for ident, entity in sorted(site.entities.items()):
        _write(folder / "entity" / f"{slug(ident)}.html",
               entity_page(entity, site, about.get(ident, [])).encode("utf-8"), written)
    keep = set(written)
    for sub in ("article", "entity"):
        for stale in sorted((folder / sub).glob("*.html")):
            if stale not in keep:
                stale.unlink()
    return written


def build_site(out: Path, seeds: Path, folder: Path, engine: str,
               ontology_docs: bool = True) -> tuple[Site, list[Path]]:
    """Read the graph in ``out``, validate it, and write its review site to ``folder``.

    With ``ontology_docs``, the ontology's documentation goes to ``ontology/``
    and the index links it; it takes seconds, the rest of a small site less.
    """
    site = read_site(out, seeds, engine)
    written: list[Path] = []
    link = None
    if ontology_docs:
        # imported here: pyLODE takes a second to import, and only this needs it
        from irkg.ontodoc import write_ontology_docs

        docs = write_ontology_docs(folder / "ontology")
        written.append(docs)
        link = docs.relative_to(folder).as_posix()
    return site, [*written, *write_site(site, folder, link)]
