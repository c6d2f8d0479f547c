"""The few HTML primitives every review page shares: escaping, the page frame, embedded data.

Labels, quotes and notes come from a graph anyone can edit, so every string
from it passes through :func:`esc` (text and attribute values alike) and the
data for the page's script is embedded as JSON that cannot close its
``<script>`` element. Pages link their stylesheet and script by relative
paths, so the site opens from disk with nothing fetched.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from irkg.kinds import FACT_KINDS

#: Claim kinds in legend order: the fact kinds of :mod:`irkg.kinds`, then stances.
KINDS: tuple[str, ...] = (*FACT_KINDS, "stance")

#: Background of each kind's highlights: light enough that black text on it
#: keeps a contrast above 12:1, distinct enough to tell neighbours apart.
KIND_COLOURS: dict[str, str] = {
    "membership": "#cfe3ff", "party": "#d3f0c8", "status": "#fde0b5",
    "participation": "#e4d7f7", "occurrence": "#f8d3e2", "head_of_state": "#c9efe9",
    "relationship": "#f3ecb0", "negotiation": "#dfe7c4", "consequence": "#f5d2c4",
    "indicator": "#dadfe8", "event_target": "#e9d9c8", "stance": "#ffe27a",
}
OTHER_COLOUR = "#e8e8e8"

_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def esc(text: object) -> str:
    """Text or attribute value, safe inside an element or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


def slug(name: str) -> str:
    """A file name or fragment made from an id that a hand-edited graph may have spoilt."""
    return _UNSAFE_ID.sub("_", name) or "_"


def kind_class(kind: str) -> str:
    return f"k-{slug(kind)}" if kind in KIND_COLOURS else "k-other"


def json_script(element_id: str, data: object) -> str:
    """``data`` as a JSON data block; ``<``, ``>`` and ``&`` are escaped so no quote ends it."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def kind_css() -> str:
    """The highlight colour rules, generated so the legend and the stylesheet agree."""
    rules = [f".{kind_class(k)} {{ --kind: {c}; }}" for k, c in KIND_COLOURS.items()]
    rules.append(f".k-other {{ --kind: {OTHER_COLOUR}; }}")
    return "\n".join(rules) + "\n"


def legend(layers: Iterable[str] = ()) -> str:
    """The highlight colours by claim kind, boilerplate, and the text layers given."""
    items = "".join(f'<li><span class="swatch {kind_class(k)}" aria-hidden="true"></span>'
                    f"{esc(k.replace('_', ' '))}</li>" for k in KINDS)
    shown = "".join(f'<li><span class="swatch layer l-{esc(slug(name))}" aria-hidden="true">'
                    f"</span>{esc(name)} (not the author's words)</li>" for name in layers)
    return (f'<ul class="legend" aria-label="Highlight colours by claim kind">{items}'
            '<li><span class="swatch boiler" aria-hidden="true"></span>boilerplate</li>'
            f"{shown}</ul>")


def document(title: str, body: str, depth: int, *, script: bool = True) -> str:
    """A whole page; ``depth`` is how many folders below the site root it lies."""
    up = "../" * depth
    tail = f'<script src="{up}assets/review.js"></script>\n' if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · irkg review</title>\n"
        f'<link rel="stylesheet" href="{up}assets/review.css">\n'
        "</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to content</a>\n'
        f'<nav class="crumbs" aria-label="Site"><a href="{up}index.html">All articles</a></nav>\n'
        f'<main id="main">\n{body}</main>\n{tail}</body>\n</html>\n'
    )


def banner(conforms: bool, count: int, depth: int) -> str:
    """The warning every page carries when the graph does not conform to the shapes."""
    if conforms:
        return ""
    return (f'<div class="banner" role="alert"><strong>This graph does not conform to the '
            f"irkg shapes</strong>: {count} finding(s). The pages show it as it is; findings "
            f'are marked where they apply. See <a href="{"../" * depth}index.html#findings">'
            "the list of findings</a>.</div>\n")


def wikidata_link(qid: str | None) -> str:
    if not qid:
        return ""
    return (f' <a class="wd" href="https://www.wikidata.org/wiki/{esc(qid)}" '
            f'title="Wikidata item {esc(qid)}">{esc(qid)}</a>')
