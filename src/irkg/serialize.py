"""Serialise stage: deterministic, readable Turtle, TriG and N-Quads.

rdflib's serialisers do not promise a stable order, and reviewers diff
``out/`` in pull requests, so irkg writes RDF itself: fixed prefixes, a
``@base`` for our own identifiers, subjects in IRI order, ``rdf:type`` and
labels first, objects sorted, canonical literal forms, never a blank node.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from irkg.errors import Unpublishable
from irkg.terms import ID, PREFIXES

_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_BASE = str(ID)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}


_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape_one(match: re.Match[str]) -> str:
    c = match.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(_escape_one, text)


# Characters RFC 3987 forbids in an IRI, and Turtle in an IRIREF.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


Prefixes = tuple[tuple[str, str], ...]
Triple = tuple[Node, Node, Node]


def iri(node: URIRef, prefixes: Prefixes = PREFIXES) -> str:
    return _iri(str(node), prefixes)


@lru_cache(maxsize=1 << 16)
def _iri(s: str, prefixes: Prefixes) -> str:
    """Memoised: predicates, classes and entities recur thousands of times in a corpus."""
    if _NOT_IN_IRI.search(s):
        raise Unpublishable(f"{s!r} is not a valid IRI", "report this as a bug in irkg")
    for prefix, ns in prefixes:
        if s.startswith(ns) and _LOCAL.fullmatch(s[len(ns):]):
            return f"{prefix}:{s[len(ns):]}"
    if s.startswith(_BASE) and ">" not in s:
        return f"<{s[len(_BASE):]}>"
    return f"<{s}>"


def term(node: Node, prefixes: Prefixes = PREFIXES) -> str:
    if isinstance(node, URIRef):
        return iri(node, prefixes)
    if isinstance(node, Literal):
        lexical = f'"{_escape(str(node))}"'
        if node.language:
            return f"{lexical}@{node.language}"
        dt = node.datatype
        if dt is None or dt == XSD.string:
            return lexical
        if dt == XSD.boolean and str(node) in ("true", "false"):
            return str(node)
        if dt == XSD.integer and re.fullmatch(r"-?[0-9]+", str(node)):
            return str(node)
        return f"{lexical}^^{iri(dt, prefixes)}"
    raise Unpublishable(f"blank node {node!r} in the graph", "give every node an IRI")


_UNESCAPES = {v: k for k, v in _ESCAPES.items()}
_ESCAPED = re.compile(r"\\(?:u[0-9A-F]{4}|.)")


def _unescape(lexical: str) -> str:
    return _ESCAPED.sub(lambda m: _UNESCAPES.get(m.group()) or chr(int(m.group()[2:], 16)),
                        lexical)


_XSD_BOOLEAN, _XSD_INTEGER = f"^^<{XSD.boolean}>", f"^^<{XSD.integer}>"
_INTEGER = re.compile(r"-?[0-9]+")


def _turtle_term(nt: str, prefixes: Prefixes = PREFIXES) -> str:
    """An N-Triples term as Turtle writes it: the same escapes, names shortened."""
    if nt[0] == "<":
        return _iri(nt[1:-1], prefixes)
    close = nt.rindex('"')  # IRIs and language tags never hold a quote
    lexical, suffix = nt[:close + 1], nt[close + 1:]
    if not suffix.startswith("^^"):
        return nt
    if (suffix == _XSD_BOOLEAN and lexical in ('"true"', '"false"')) or (
            suffix == _XSD_INTEGER and _INTEGER.fullmatch(lexical[1:-1])):
        return lexical[1:-1]
    return lexical + "^^" + _iri(suffix[3:-1], prefixes)


def _object_key(nt: str) -> tuple[int, str, str, str]:
    """IRIs first, then literals by value, datatype and language."""
    if nt[0] == "<":
        return (0, nt[1:-1], "", "")
    close = nt.rindex('"')
    suffix = nt[close + 1:]
    return (1, _unescape(nt[1:close]), suffix[3:-1] if suffix.startswith("^^") else "",
            suffix[1:] if suffix.startswith("@") else "")


_TYPE_NT, _LABEL_NT = f"<{RDF.type}>", f"<{RDFS.label}>"
_PREDICATE_FIRST = {_TYPE_NT: "0", _LABEL_NT: "1"}


class _Shown(dict[str, str]):
    """N-Triples term → Turtle, each rendered once: a plain dict lookup after the first."""

    def __missing__(self, nt: str) -> str:
        text = self[nt] = _turtle_term(nt)
        return text


def _blocks(lines: Iterable[str], indent: str) -> list[list[str]]:
    """Subject blocks in IRI order, ``rdf:type`` and labels first, objects sorted.

    Works on the N-Triples lines :func:`ntriples` gives, which hash and
    compare as plain strings: cheaper than rdflib terms for every lookup.
    """
    described: dict[str, dict[str, list[str]]] = {}
    for line in lines:
        s, p, o = line[:-2].split(" ", 2)
        by_p = described.get(s)
        if by_p is None:
            described[s] = {p: [o]}
        elif p in by_p:
            by_p[p].append(o)
        else:
            by_p[p] = [o]
    show = _Shown()
    rank = {p: _PREDICATE_FIRST.get(p, "2") + show[p] for by_p in described.values()
            for p in by_p}
    blocks = []
    for s in sorted(described, key=lambda nt: nt[1:-1]):
        by_p = described[s]
        block = [indent + show[s]]
        preds = sorted(by_p, key=rank.__getitem__)
        last = len(preds) - 1
        for i, p in enumerate(preds):
            objs = by_p[p]
            rendered = [show[o] for o in (sorted(objs, key=_object_key) if len(objs) > 1
                                          else objs)]
            end = " ." if i == last else " ;"
            name = "a" if p == _TYPE_NT else show[p]
            if len(rendered) == 1:
                block.append(f"{indent}    {name} {rendered[0]}{end}")
            else:
                block.append(f"{indent}    {name} {rendered[0]},")
                block.extend(f"{indent}        {r}{end if j == len(rendered) - 1 else ','}"
                             for j, r in enumerate(rendered[1:], start=1))
        blocks.append(block)
    return blocks


def _header() -> list[str]:
    return [f"@base <{_BASE}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES]


def to_turtle(triples: Iterable[Triple]) -> str:
    return turtle_from_lines(ntriples(triples))


def turtle_from_lines(lines: Iterable[str]) -> str:
    """Turtle of distinct N-Triples lines (as :func:`ntriples` gives them)."""
    out = _header()
    for block in _blocks(lines, ""):
        out.append("")
        out.extend(block)
    return "\n".join(out) + "\n"


def turtle_header() -> str:
    return "\n".join(_header()) + "\n"


def turtle_body(turtle: str) -> str:
    """What :func:`to_turtle` wrote after its header: the blocks, ready to nest in TriG."""
    rest = turtle[len(turtle_header()):]
    return rest[1:] if rest.startswith("\n") else rest


def to_trig(graphs: Iterable[tuple[URIRef, Iterable[Triple]]]) -> str:
    out = _header()
    for name, triples in sorted(graphs, key=lambda ng: str(ng[0])):
        out.append("")
        out.append(f"{iri(name)} {{")
        for i, block in enumerate(_blocks(ntriples(triples), "    ")):
            if i:
                out.append("")
            out.extend(block)
        out.append("}")
    return "\n".join(out) + "\n"


def _nt(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        lexical = f'"{_escape(str(node))}"'
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype and node.datatype != XSD.string:
            return f"{lexical}^^<{node.datatype}>"
        return lexical
    raise Unpublishable(f"blank node {node!r} in the graph", "give every node an IRI")


def nt_term(node: Node) -> str:
    """One term as N-Triples writes it."""
    return _nt(node)


def nt_line(triple: Triple) -> str:
    """One triple as an N-Triples line (without its line end)."""
    s, p, o = triple
    return f"{_nt(s)} {_nt(p)} {_nt(o)} ."


def ntriples(triples: Iterable[Triple]) -> tuple[str, ...]:
    """The triples as sorted, distinct N-Triples lines (without line ends)."""
    # Rendered once per node object: entity IRIs and vocabulary terms recur in
    # every claim. Keyed by identity (a dict of rdflib terms would call their
    # Python-level __eq__); holding the node keeps its id from being reused.
    shown: dict[int, tuple[Node, str]] = {}

    def show(node: Node) -> str:
        found = shown.get(id(node))
        if found is None:
            found = shown[id(node)] = (node, _nt(node))
        return found[1]

    return tuple(sorted({f"{show(s)} {show(p)} {show(o)} ." for s, p, o in triples}))


def to_nquads(graphs: Iterable[tuple[URIRef, Iterable[Triple]]]) -> str:
    """Graph by graph (in IRI order), each graph's lines sorted: loaders can stream it."""
    lines = [f"{line[:-1]}<{name}> ."
             for name, triples in sorted(graphs, key=lambda ng: str(ng[0]))
             for line in ntriples(triples)]
    return "\n".join(lines) + ("\n" if lines else "")


def umask() -> int:
    """The process's umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str | bytes) -> None:
    """Replace ``path`` in one step, so readers never see half a file."""
    write_atomic_chunks(path, [text.encode("utf-8") if isinstance(text, str) else text])


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Stream ``chunks`` into a temporary file beside ``path``, then rename it into place.

    The file gets the mode a plain ``open()`` would give it (0666 less the
    umask), not the 0600 of a temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fchmod(fh.fileno(), 0o666 & ~umask())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
