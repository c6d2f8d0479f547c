"""A graph diff as text for the terminal, JSON for tools, Markdown for a pull request.

Text and Markdown are written for a reviewer: one line per changed claim,
mention or entity, then the statements that changed, in the Turtle terms of
the files in ``out/``. Evidence is shown as its quote rather than as the dozen
selector triples behind it. JSON carries every changed triple in full.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from irkg.diff import KINDS, OTHER, REGISTRY, GraphDiff, Item, Triple, evidence_number
from irkg.errors import InputError
from irkg.serialize import iri, term
from irkg.terms import ID, IRKG, OA

DIFF_FORMATS = ("text", "json", "markdown")
JSON_FORMAT = "irkg-graph-diff"
JSON_VERSION = 1
#: GitHub refuses comments over 65,536 characters; stay well below.
MARKDOWN_LIMIT = 60_000
_MARK = {"added": "+", "removed": "-", "changed": "~"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _name(item: Item) -> str:
    """``fact ruritania-joins-league``, ``article 000_…``, ``entity:russia``."""
    s = str(item.node)
    if item.group not in (REGISTRY, OTHER):
        section, _, cid = s[len(f"{ID}article/{item.group}/"):].partition("/")
        return f"{section} {cid}" if cid else f"article {item.group}"
    return iri(item.node)


def _below(node: Node, top: str) -> bool:
    """``node`` is ``top`` or a node minted under it (``…/evidence/1``, not ``…/evidence/10``)."""
    return str(node) == top or str(node).startswith(top + "/")


def _quote(triples: tuple[Triple, ...], top: str) -> str | None:
    """The exact text of the quote selector at or under ``top``, if it changed."""
    for s, p, o in triples:
        if p == OA.exact and _below(s, top) and isinstance(o, Literal):
            return str(o)
    return None


def _clip(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _statement(item: Item, t: Triple) -> str:
    s, p, o = t
    head = "" if s == item.node else term(s) + " "
    return f"{head}{'a' if p == RDF.type else term(p)} {_clip(term(o))}"


def _evidence_lines(item: Item) -> list[str]:
    numbers: dict[int, None] = {}
    for s, p, o in item.added + item.removed:
        n = evidence_number(item, o if p == IRKG.evidence else s)
        if n is not None:
            numbers.setdefault(n)
    lines = []
    for n in sorted(numbers):
        prefix = f"{item.node}/evidence/{n}"
        node = URIRef(prefix)
        new = _quote(item.added, prefix)
        old = _quote(item.removed, prefix)
        if any(t[0] == node and t[1] != OA.hasBody for t in item.added) and old is None:
            lines.append(f'+ evidence {n}: "{_clip(new or "")}"')
        elif any(t[0] == node and t[1] != OA.hasBody for t in item.removed) and new is None:
            lines.append(f'- evidence {n}: "{_clip(old or "")}"')
        elif new is not None or old is not None:
            lines.append(f'~ evidence {n}: "{_clip(old or "")}" -> "{_clip(new or "")}"')
        else:
            changed = sum(evidence_number(item, t[0]) == n for t in item.added + item.removed)
            lines.append(f"~ evidence {n}: {_plural(changed, 'statement')} changed (offsets)")
    return lines


def _detail(item: Item) -> list[str]:
    """The statement lines under an item's heading."""
    if item.kind == "mentions":
        quote = _quote(item.added or item.removed, str(item.node))
        bodies = [term(o) for s, p, o in item.added + item.removed
                  if s == item.node and p == OA.hasBody]
        return [f'{_MARK[item.status]} {" ".join(dict.fromkeys(bodies))} "{_clip(quote or "")}"']
    lines = []
    for mark, triples in (("-", item.removed), ("+", item.added)):
        for t in triples:
            own = evidence_number(item, t[0]) is None and t[1] != IRKG.evidence
            if own:
                lines.append(f"{mark} {_statement(item, t)}")
    return lines + _evidence_lines(item)


def _summary(diff: GraphDiff) -> str:
    if not diff.items:
        return "no changes to the graph"
    by_status = {s: sum(i.status == s for i in diff.items) for s in _MARK}
    parts = [f"{n} {s}" for s, n in by_status.items() if n]
    return (f"{_plural(len(diff.items), 'change')} ({', '.join(parts)}): "
            f"+{diff.added} -{diff.removed} triples")


def _group_title(group: str) -> str:
    return {REGISTRY: "registry", OTHER: "other statements"}.get(group, f"article {group}")


def render_text(diff: GraphDiff) -> str:
    out = []
    for group in diff.groups():
        out.append(_group_title(group))
        for kind in KINDS:
            items = [i for i in diff.items if i.group == group and i.kind == kind]
            if not items:
                continue
            out.append(f"  {kind}")
            for item in items:
                out.append(f"    {_MARK[item.status]} {_name(item)} ({item.status})")
                out.extend(f"        {line}" for line in _detail(item))
        out.append("")
    out.append(_summary(diff))
    return "\n".join(out) + "\n"


def _fence(lines: list[str]) -> list[str]:
    ticks = "```"
    while any(ticks in line for line in lines):
        ticks += "`"
    return [ticks + "diff", *lines, ticks]


def render_markdown(diff: GraphDiff) -> str:
    """A pull-request comment: a heading per article, a ``diff`` block per kind."""
    out = ["### irkg graph changes", "", f"**{_summary(diff)}**"]
    for group in diff.groups():
        out += ["", f"#### {_group_title(group)}"]
        for kind in KINDS:
            items = [i for i in diff.items if i.group == group and i.kind == kind]
            if not items:
                continue
            block = []
            for item in items:
                block.append(f"{_MARK[item.status]} {_name(item)} ({item.status})")
                block.extend(f"{line[0]}     {line[2:]}" for line in _detail(item))
            out += ["", f"**{kind}** ({len(items)})", "", *_fence(block)]
    text = "\n".join(out) + "\n"
    if len(text) > MARKDOWN_LIMIT:
        cut = text[:MARKDOWN_LIMIT].rsplit("\n", 1)[0]
        fence = "\n```" if cut.count("```") % 2 else ""
        text = cut + fence + "\n\n*… cut to fit a comment; run `irkg diff` for the rest.*\n"
    return text


def _nt(node: Node) -> str:
    return node.n3()


def render_json(diff: GraphDiff) -> str:
    doc: dict[str, Any] = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "summary": {"items": len(diff.items), "added": diff.added, "removed": diff.removed},
        "changes": [{
            "group": i.group,
            "kind": i.kind,
            "node": str(i.node),
            "status": i.status,
            "added": [[_nt(n) for n in t] for t in i.added],
            "removed": [[_nt(n) for n in t] for t in i.removed],
        } for i in diff.items],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_diff(diff: GraphDiff, fmt: str) -> str:
    writers: dict[str, Callable[[GraphDiff], str]] = {
        "text": render_text, "json": render_json, "markdown": render_markdown}
    if fmt not in writers:
        raise InputError(f"unknown diff format {fmt!r}", "use one of " + ", ".join(DIFF_FORMATS))
    return writers[fmt](diff)
