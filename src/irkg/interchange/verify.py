"""The last check of an import: load what it would write, as ``irkg build`` will.

An import writes YAML that irkg's own loader must place back on the offsets
the tool recorded; rather than trust the writer, the result is loaded in a
scratch copy of the corpus with the real loader and compared, quote by
quote, before anything in ``seeds/`` is touched.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from irkg.errors import Errors, IrkgError, Location, display_path
from irkg.interchange.content import ArticleContent, from_model
from irkg.interchange.document import ExportError
from irkg.load import load_article
from irkg.ontology import load_ontology
from irkg.pipeline import REGISTRY_FILE, load_seed_registry


def _at_seeds(error: IrkgError, scratch: Path, seeds: Path) -> IrkgError:
    """An error of the scratch load, placed at the file it will be in ``seeds``."""
    where = error.location
    file = where.file if where else ""
    for prefix in (str(scratch.resolve()), str(scratch)):
        if file.startswith(prefix):
            file = display_path(seeds) + file[len(prefix):]
    return ExportError(f"the import would not load: {error.what}", error.fix or
                       "fix the export in the tool",
                       Location(file, where.line if where else 0))


def check_plan(seeds: Path, writes: dict[Path, str], expected: dict[str, ArticleContent]
               ) -> None:
    """Load the result in a scratch copy; every imported quote must land where the tool put it."""
    with tempfile.TemporaryDirectory(prefix="irkg-import-") as scratch:
        root = Path(scratch)
        if (seeds / REGISTRY_FILE).exists():
            shutil.copy(seeds / REGISTRY_FILE, root / REGISTRY_FILE)
        for aid in expected:
            for suffix in (".txt", ".yaml"):
                if (seeds / f"{aid}{suffix}").exists():
                    shutil.copy(seeds / f"{aid}{suffix}", root / f"{aid}{suffix}")
        for path, text in writes.items():
            (root / path.name).write_text(text, encoding="utf-8", newline="")
        errors: list[IrkgError] = []
        try:
            registry = load_seed_registry(root)
            loaded = {aid: load_article(root / f"{aid}.yaml", registry, load_ontology())
                      for aid in expected}
        except IrkgError as exc:
            many = exc.errors if isinstance(exc, Errors) else [exc]
            raise Errors([_at_seeds(e, root, seeds) for e in many]) from None
        for aid, want in expected.items():
            got = from_model(loaded[aid])
            claims = {c.id: c for c in got.claims}
            mentions = {(m.entity, m.start, m.end) for m in got.mentions}
            for claim in want.claims:
                if claims.get(claim.id) != claim:
                    errors.append(ExportError(f"annotation {claim.source}: claim {claim.id!r} "
                                              "does not load back as the tool recorded it",
                                              "please report it with the export",
                                              Location(aid)))
            errors.extend(ExportError(f"annotation {m.source}: the mention of {m.entity!r} "
                                      f"at {m.start}-{m.end} does not load back",
                                      "please report it with the export", Location(aid))
                          for m in want.mentions if (m.entity, m.start, m.end) not in mentions)
            if want.layers and got.layers != want.layers:
                errors.append(ExportError("annotation layer: the article's layers do not load "
                                          "back as the tool recorded them",
                                          "please report it with the export", Location(aid)))
        if errors:
            raise Errors(errors)
