"""Checking the plain values of an annotation: dates, language tags, web addresses.

Each is checked where it is read, at its line, so that nothing the graph
cannot carry (an ill-formed language tag, an address that is no IRI) gets as
far as the writers.
"""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

from irkg.errors import Location, SchemaError
from irkg.model import DateSpec
from irkg.source import Record

DATE_PATTERN = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
# Styles irkg asks for on top of well-formedness: the language subtag in lower case.
LANG_PATTERN = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*|x(-[A-Za-z0-9]{1,8})+")


def parse_date(rec: Record, key: str) -> DateSpec | None:
    if not rec.has(key):
        return None
    sub = rec.record(key)
    if sub is not None:
        sub.check_keys({"value", "approximate", "resolved_from"}, f"a {key!r} value")
        value = sub.date_text("value", f"the {key!r} value")
        approximate = bool(sub.get("approximate", bool, False))
        resolved = sub.get("resolved_from", str)
        where = sub.at("value")
    else:
        value, approximate, resolved, where = rec.date_text(key, ""), False, None, rec.at(key)
    if not DATE_PATTERN.fullmatch(value) or not _real_date(value):
        raise SchemaError(f"{key} {value!r} is not a date",
                          "write YYYY, YYYY-MM or YYYY-MM-DD", where)
    return DateSpec(value, where, approximate, resolved)


def ordered(start: DateSpec, end: DateSpec) -> bool:
    """Whether ``start`` can precede ``end`` at the precision both are given in."""
    n = min(len(start.value), len(end.value))
    return start.value[:n] <= end.value[:n]


def _real_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def language_tag(value: str, where: Location) -> str:
    """A well-formed BCP 47 tag whose subtags are registered, as ``langcodes`` judges it.

    Checked with the IANA registry's data rather than a pattern, because a tag
    a pattern accepts (``en-x``) can be one no RDF parser reads back.
    """
    import langcodes  # imported here: loading its data takes a tenth of a second
    from langcodes.tag_parser import LanguageTagError

    try:
        langcodes.Language.get(value, normalize=False)
    except LanguageTagError as exc:
        raise SchemaError(f"language {value!r} is not a BCP 47 language tag ({exc})",
                          "use a tag such as 'en', 'ru' or 'en-GB'", where, value=value) from None
    if not LANG_PATTERN.fullmatch(value):  # langcodes forgives '_' and upper case
        raise SchemaError(f"language {value!r} is not a BCP 47 language tag as irkg writes "
                          "them", "write the language in lower case and '-' between subtags, "
                          "e.g. 'en' or 'en-GB'", where, value=value)
    if not langcodes.tag_is_valid(value):
        raise SchemaError(f"language {value!r} is not a registered BCP 47 language tag",
                          "use a tag such as 'en', 'ru' or 'en-GB'", where, value=value)
    return value


def web_address(rec: Record) -> str | None:
    """The article's ``url``: an absolute http(s) IRI, which is what the graph publishes."""
    url = rec.get("url", str)
    if url is None:
        return None
    scheme = url.split(":", 1)[0].lower()
    try:
        ox.NamedNode(url)
        valid = scheme in ("http", "https") and url == url.strip()
    except ValueError:
        valid = False
    if not valid:
        raise SchemaError(f"url {url!r} is not an absolute http(s) address",
                          "write the address as the browser shows it, e.g. "
                          "'https://example.org/news/1', with spaces written as %20",
                          rec.at("url"), value=url)
    return url
