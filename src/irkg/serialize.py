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
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from irkg.errors import Unpublishable
from irkg.terms import ID, PREFIXES

_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_BASE = str(ID)
_PREDICATE_FIRST: dict[Node, str] = {RDF.type: "0", RDFS.label: "1"}
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


def _sort_key(node: Node) -> tuple[int, str, str, str]:
    if isinstance(node, URIRef):
        return (0, str(node), "", "")
    if isinstance(node, Literal):
        return (1, str(node), str(node.datatype or ""), node.language or "")
    return (2, str(node), "", "")


def _predicate_key(p: Node) -> str:
    return _PREDICATE_FIRST.get(p, "2") + term(p)


Triple = tuple[Node, Node, Node]
_Described = dict[Node, dict[Node, list[Node]]]


def _describe(triples: Iterable[Triple]) -> _Described:
    """Subject → predicate → objects; a blank node anywhere is refused here."""
    out: _Described = {}
    for s, p, o in triples:
        if type(s) is BNode or type(o) is BNode:
            term(s if isinstance(s, BNode) else o)  # raises
        by_p = out.get(s)
        if by_p is None:
            out[s] = {p: [o]}
        elif p in by_p:
            by_p[p].append(o)
        else:
            by_p[p] = [o]
    return out


_TYPE = RDF.type


def _block(subject: Node, described: dict[Node, list[Node]], indent: str,
           show: Callable[[Node], str], order: Callable[[Node], str]) -> list[str]:
    lines = [indent + show(subject)]
    preds = sorted(described, key=order)
    last = len(preds) - 1
    for i, p in enumerate(preds):
        objs = described[p]
        rendered = [show(o) for o in (sorted(set(objs), key=_sort_key) if len(objs) > 1 else objs)]
        end = " ." if i == last else " ;"
        name = "a" if p == _TYPE else show(p)
        if len(rendered) == 1:
            lines.append(f"{indent}    {name} {rendered[0]}{end}")
        else:
            lines.append(f"{indent}    {name} {rendered[0]},")
            for j, r in enumerate(rendered[1:], start=1):
                lines.append(f"{indent}        {r}{end if j == len(rendered) - 1 else ','}")
    return lines


def _memo(render: Callable[[Node], str]) -> Callable[[Node], str]:
    """``render`` once per distinct node: in an article most objects are a few hundred nodes."""
    seen: dict[Node, str] = {}

    def show(node: Node) -> str:
        text = seen.get(node)
        if text is None:
            text = seen[node] = render(node)
        return text
    return show


def _blocks(triples: Iterable[Triple], indent: str) -> list[list[str]]:
    described = _describe(triples)
    show = _memo(term)
    order = _memo(_predicate_key)
    return [_block(s, described[s], indent, show, order) for s in sorted(described, key=str)]


def _header() -> list[str]:
    return [f"@base <{_BASE}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES]


def to_turtle(triples: Iterable[Triple]) -> str:
    out = _header()
    for block in _blocks(triples, ""):
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
        for i, block in enumerate(_blocks(triples, "    ")):
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
    show = _memo(_nt)
    return tuple(sorted({f"{show(s)} {show(p)} {show(o)} ." for s, p, o in triples}))


def to_nquads(graphs: Iterable[tuple[URIRef, Iterable[Triple]]]) -> str:
    """Graph by graph (in IRI order), each graph's lines sorted: loaders can stream it."""
    lines = [f"{line[:-1]}<{name}> ."
             for name, triples in sorted(graphs, key=lambda ng: str(ng[0]))
             for line in ntriples(triples)]
    return "\n".join(lines) + ("\n" if lines else "")


def _umask() -> int:
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
            os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
