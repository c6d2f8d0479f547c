"""Importing is a merge into ``seeds/``, checked whole before a byte is written.

A corpus is edited both by hand and in tools, so an import must never
silently overwrite: what the export adds is added, what it says the same way
is left alone (re-importing an export changes nothing), and a claim, mention
or metadata value that the export says differently from the seeds is a
conflict, reported claim by claim at the seeds' line and applied only with
``replace``. Ids come from the export (or from its annotation ids), so they
stay the same across re-imports. Everything is resolved, rendered and loaded
back through irkg's own loader in a scratch copy first; only when every
quote lands on the offsets the tool recorded are the files written.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from irkg.errors import Errors, IrkgError, Location, display_path
from irkg.files import read_text
from irkg.interchange.content import (
    BREAKS,
    ArticleContent,
    ClaimContent,
    Quoter,
    claim_yaml,
    from_model,
    mention_yaml,
    meta_yaml,
    render_yaml,
    unquotable,
)
from irkg.interchange.document import Document, ExportError
from irkg.interchange.entities import Entities
from irkg.interchange.mapping import Mapping
from irkg.interchange.resolve import to_content
from irkg.interchange.verify import check_plan
from irkg.load import ARTICLE_ID, load_article
from irkg.model import Registry
from irkg.ontology import load_ontology
from irkg.pipeline import REGISTRY_FILE, load_seed_registry
from irkg.serialize import write_atomic


@dataclass
class ImportPlan:
    """The files an import writes (path → text) and what it did, for the report."""

    writes: dict[Path, str] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _safe(value: Any) -> Any:
    """Strings with line breaks double-quoted (see :class:`irkg.interchange.content._Dumper`)."""
    if isinstance(value, str) and BREAKS.intersection(value):
        return DoubleQuotedScalarString(value)
    if isinstance(value, dict):
        return CommentedMap((k, _safe(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return value


def _render(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _conflict(existing: ClaimContent, new: ClaimContent, doc: Document) -> IrkgError:
    fields = [name for name in ("refs", "concepts", "links", "dates", "note", "evidence",
                                "quantities") if getattr(existing, name) != getattr(new, name)]
    if existing.section != new.section or existing.kind != new.kind:
        fields.insert(0, "kind")
    file, _, line = existing.source.rpartition(":")
    return ExportError(
        f"{existing.section} {existing.id!r} differs from annotation {new.source} of "
        f"{doc.file} ({', '.join(fields)})",
        "keep the seeds' version (edit it in the tool), or import with --replace",
        Location(file, int(line)) if line.isdigit() else Location(existing.source))


class _Merger:
    def __init__(self, seeds: Path, mapping: Mapping, replace: bool, language: str) -> None:
        self.seeds, self.mapping, self.replace, self.language = seeds, mapping, replace, language
        self.ontology = load_ontology()
        # A new corpus may start from an export: its registry is then written afresh.
        self.registry = (load_seed_registry(seeds) if (seeds / REGISTRY_FILE).exists()
                         else Registry(display_path(seeds / REGISTRY_FILE), {}))
        self.entities = Entities(self.registry, self.ontology)
        self.plan = ImportPlan()
        self.errors: list[IrkgError] = []
        self.expected: dict[str, ArticleContent] = {}

    def document(self, doc: Document) -> None:
        if not ARTICLE_ID.fullmatch(doc.id):
            self.errors.append(ExportError(f"document {doc.id}: its id cannot be an article id",
                                           "name it with letters, digits, '_' and '-'",
                                           doc.where()))
            return
        content = to_content(doc, self.mapping, self.entities, self.language)
        text_path = self.seeds / f"{doc.id}.txt"
        yaml_path = text_path.with_suffix(".yaml")
        if text_path.exists():
            if read_text(text_path, "the article text") != doc.text:
                self.errors.append(ExportError(
                    f"document {doc.id}: its text differs from {display_path(text_path)}",
                    "export the document made on the seeds' text, or move the old article away",
                    doc.where()))
                return
        else:
            self.plan.writes[text_path] = doc.text
        self.expected[doc.id] = content
        problems = unquotable(content, Quoter(content.text, display_path(text_path)), doc.file)
        if problems:
            self.errors.extend(problems)
            return
        if not yaml_path.exists():
            self.plan.writes[yaml_path] = render_yaml(content, display_path(text_path))
            self.plan.added.append(f"{doc.id}: new article, {len(content.claims)} claim(s), "
                                   f"{len(content.mentions)} mention(s)")
            return
        old = from_model(load_article(yaml_path, self.registry, self.ontology))
        edited = self.merge(doc, old, content, read_text(yaml_path, "the annotation"),
                            display_path(text_path))
        if edited is not None:
            self.plan.writes[yaml_path] = edited

    def merge(self, doc: Document, old: ArticleContent, new: ArticleContent, text: str,
              name: str) -> str | None:
        data = _yaml().load(text)
        quoter = Quoter(new.text, name)
        changed = False
        meta = data.setdefault("article", CommentedMap())
        explicit = {k.partition(".")[0] for k in doc.meta}
        fresh = meta_yaml(new, quoter)
        for key in sorted(explicit):
            if old.meta.get(key) != new.meta.get(key):
                if not self.replace:
                    self.errors.append(ExportError(
                        f"article {key} is {old.meta.get(key)!r} in the seeds but "
                        f"{new.meta.get(key)!r} in {doc.file}", "import with --replace to "
                        "take the export's", Location(name.removesuffix(".txt") + ".yaml")))
                    continue
                meta[key] = _safe(fresh[key])
                changed = True
                self.plan.replaced.append(f"{doc.id}: article {key}")
        if set(new.boilerplate) - set(old.boilerplate):
            meta["boilerplate"] = _safe(fresh.get("boilerplate", []))
            changed = True
        # An export without layers leaves the seeds' alone; one with others replaces them.
        if new.layers and new.layers != old.layers:
            if old.layers and not self.replace:
                self.errors.append(ExportError(
                    f"the article's layers differ between the seeds and {doc.file}",
                    "import with --replace to take the export's",
                    Location(name.removesuffix(".txt") + ".yaml")))
            else:
                meta["layers"] = _safe(fresh["layers"])
                changed = True
                verb = self.plan.replaced if old.layers else self.plan.added
                verb.append(f"{doc.id}: {len(new.layers)} layer(s)")
        by_id = {c.id: c for c in old.claims}
        for claim in new.claims:
            key = "facts" if claim.section == "fact" else "stances"
            have = by_id.get(claim.id)
            if have == claim:
                continue
            if have is not None and not self.replace:
                self.errors.append(_conflict(have, claim, doc))
                continue
            items = data.setdefault(key, CommentedSeq())
            entry = _safe(claim_yaml(claim, quoter))
            index = next((i for i, item in enumerate(items) if item.get("id") == claim.id), None)
            if index is not None:
                if have is not None and have.evidence == claim.evidence:
                    _keep_quotes(items[index], entry)
                if have is not None and have.quantities == claim.quantities \
                        and "quantities" in items[index]:
                    entry["quantities"] = items[index]["quantities"]  # as typed
                items[index] = entry
            else:
                other = data.get("stances" if key == "facts" else "facts") or []
                for i in reversed(range(len(other))):  # a fact that became a stance, or back
                    if other[i].get("id") == claim.id:
                        del other[i]
                items.append(entry)
            verb = self.plan.added if have is None else self.plan.replaced
            verb.append(f"{doc.id}: {claim.section} {claim.id}")
            changed = True
        places = {(m.start, m.end): m.entity for m in old.mentions}
        have_mentions = {(m.entity, m.start, m.end) for m in old.mentions}
        for m in new.mentions:
            if (m.entity, m.start, m.end) in have_mentions:
                continue
            other = places.get((m.start, m.end))
            if other is not None and not self.replace:
                self.errors.append(ExportError(
                    f"annotation {m.source} mentions {m.entity!r} at {m.start}-{m.end}, where "
                    f"the seeds mention {other!r}", "fix it in the tool, or import with "
                    "--replace to add the export's", doc.where()))
                continue
            entry = _safe(mention_yaml(m, quoter))
            entry.fa.set_flow_style()
            data.setdefault("mentions", CommentedSeq()).append(entry)
            self.plan.added.append(f"{doc.id}: mention of {m.entity} at {m.start}-{m.end}")
            changed = True
        return _render(data) if changed else None

    def registry_edits(self) -> None:
        path = self.seeds / REGISTRY_FILE
        if not self.entities.added and path.exists():
            return
        data = (_yaml().load(read_text(path, "the registry")) if path.exists()
                else CommentedMap())
        entities = data.setdefault("entities", CommentedSeq())
        for new in self.entities.added.values():
            entry = CommentedMap({"id": new.id, "type": new.type, "label": new.label})
            if new.wikidata:
                entry["wikidata"] = new.wikidata
            entities.append(entry)
            self.plan.added.append(f"registry: {new.id} ({new.type})")
        self.plan.writes[path] = _render(data)


QUOTE_KEYS = ("quote", "prefix", "suffix", "occurrence", "evidence")


def _keep_quotes(old: CommentedMap, new: CommentedMap) -> None:
    """Quotes that still land where they did stay as the annotator typed them."""
    for key in QUOTE_KEYS:
        new.pop(key, None)
    for key in QUOTE_KEYS:
        if key in old:
            new[key] = old[key]


def plan_import(seeds: Path, docs: list[Document], mapping: Mapping, replace: bool = False,
                language: str = "en") -> ImportPlan:
    """What importing ``docs`` into ``seeds`` writes; raises :class:`Errors` and writes nothing."""
    merger = _Merger(seeds, mapping, replace, language)
    for doc in docs:
        try:
            merger.document(doc)
        except Errors as many:
            merger.errors.extend(many.errors)
        except IrkgError as exc:
            merger.errors.append(exc)
    if merger.errors:
        raise Errors(merger.errors)
    merger.registry_edits()
    if merger.plan.writes:
        check_plan(seeds, merger.plan.writes, merger.expected)
    return merger.plan


def apply_plan(plan: ImportPlan) -> list[Path]:
    """Write the plan's files, each in one atomic step (texts first, then annotations, registry)."""
    order = sorted(plan.writes, key=lambda p: (p.name == REGISTRY_FILE, p.suffix != ".txt", p))
    for path in order:
        write_atomic(path, plan.writes[path])
    return order

