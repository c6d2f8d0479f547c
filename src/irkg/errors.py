"""One error hierarchy for everything irkg reports to a user.

Every error carries *where* it came from (file and line, when known), *what* is
wrong and *how to fix it* as separate fields, so the CLI, the test-suite and
report writers can all render the same one-line message
``file:line: what is wrong; how to fix it`` without parsing strings.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from irkg.validate import Report

T = TypeVar("T")
#: The most errors one run lists: after that, one line says how many more there are.
MAX_REPORTED = 100
U = TypeVar("U")


@dataclass(frozen=True)
class Location:
    """A place in a source file; ``line`` is 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        shown = one_line_text(self.file)
        return f"{shown}:{self.line}" if self.line else shown


# What would break a message's one line or a terminal: line breaks and other control
# characters (ANSI escapes start with one), lone surrogates (which cannot be encoded)
# and the bidirectional overrides that make text read differently from its order.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def one_line_text(text: str) -> str:
    """``text`` with every unsafe character written as a Python escape (``\\n``, ``\\x1b``).

    A message is one line a user reads and a tool splits on; file names and
    values come from the user, so they are escaped rather than trusted.
    """
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def display_path(path: Path | str) -> str:
    """Render a path relative to the working directory when it lies below it.

    Messages name files the way the user typed them, never as absolute machine
    paths, so they are stable across checkouts.
    Links are not followed: a message names the path the user gave (a link),
    not wherever it leads.
    """
    p = Path(path)
    try:
        return str(Path(os.path.abspath(p)).relative_to(os.path.abspath(Path.cwd())))
    except (ValueError, OSError):  # outside the working directory
        return str(p)


class IrkgError(Exception):
    """Base of every error irkg raises on bad input or a failed operation."""

    exit_code = 2

    def __init__(self, what: str, fix: str = "", location: Location | None = None, *,
                 value: str | None = None, allowed: tuple[str, ...] = ()) -> None:
        self.what = what
        self.fix = fix
        self.location = location
        #: The offending value and, for closed vocabularies, what would be accepted:
        #: for tools that offer a fix rather than parse the message.
        self.value = value
        self.allowed = allowed
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = one_line_text(self.what + (f"; {self.fix}" if self.fix else ""))
        return f"{self.location}: {text}" if self.location else text

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross from pool workers to the parent; the default pickling calls
        # __init__ with the message alone, which loses the fields (and breaks
        # Errors, whose __init__ takes a list), and a result the pool cannot
        # unpickle hangs the build.
        return _restore, (type(self), self.args, dict(self.__dict__))


def _restore(cls: type[IrkgError], args: tuple[Any, ...], state: dict[str, Any]) -> IrkgError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(IrkgError):
    """Annotation, registry or article input that cannot be used as it is."""


class SchemaError(InputError):
    """A YAML document does not have the documented shape (unknown key, wrong type)."""


class UnknownReference(InputError):
    """An annotation names an entity, concept or class that does not exist."""


class AnchorError(InputError):
    """An evidence quote cannot be placed in the article text."""


class QuoteNotFound(AnchorError):
    """The quote does not occur in the article, even after normalisation."""


class AmbiguousQuote(AnchorError):
    """The quote occurs more than once and nothing says which occurrence is meant."""


class TextChanged(InputError):
    """The article text no longer has the SHA-256 its annotation was made against."""


class StoreError(IrkgError):
    """A SPARQL store could not be opened, loaded or queried."""


class StoreLocked(StoreError):
    """Another process holds the embedded store."""


class WikidataError(IrkgError):
    """Wikidata could not be asked, or answered with an error, after bounded retries."""


class LinkCheckFailed(IrkgError):
    """Some Wikidata links are wrong (missing, redirected, mislabelled or mistyped)."""

    exit_code = 1


class OutOfDate(IrkgError):
    """``out/`` is not what the current seeds build; carries a readable diff."""

    exit_code = 1

    def __init__(self, what: str, fix: str, diff: str) -> None:
        self.diff = diff
        super().__init__(what, fix)


class ValidationFailed(IrkgError):
    """The graph does not conform to the SHACL shapes; carries the report.

    Its message is every finding, one line each at the annotation that caused
    it, then the verdict, so whoever shows it needs no special handling.
    """

    exit_code = 1

    def __init__(self, what: str, report: Report) -> None:
        self.report = report
        super().__init__(what)

    def one_line(self) -> str:
        return "\n".join([*(f.one_line() for f in self.report.findings), self.what])


class Unpublishable(IrkgError):
    """A node irkg cannot publish (a blank node, an invalid IRI): a bug in whatever made it."""

    exit_code = 3


class Errors(IrkgError):
    """Several input errors found in one pass, reported together.

    Linting stops at the first error of each item but keeps going over the
    rest, so an annotator sees every problem in one run.
    """

    def __init__(self, errors: list[IrkgError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.what, first.fix, first.location)

    def one_line(self) -> str:
        shown = [e.one_line() for e in self.errors[:MAX_REPORTED]]
        if len(self.errors) > MAX_REPORTED:
            shown.append(f"... and {len(self.errors) - MAX_REPORTED:,} more error(s); "
                         "fix these first")
        return "\n".join(shown)


def collect(items: Iterable[T], parse: Callable[[T], U], errors: list[IrkgError]) -> list[U]:
    """Apply ``parse`` to each item, gathering input errors instead of stopping."""
    out: list[U] = []
    for item in items:
        try:
            out.append(parse(item))
        except Errors as many:
            errors.extend(many.errors)
        except IrkgError as exc:
            errors.append(exc)
    return out


class OutputError(IrkgError):
    """The output folder cannot be written (a full disk, no permission): nothing was changed."""

    def __init__(self, folder: Path, what: str) -> None:
        super().__init__(f"{display_path(folder)}: {what}; nothing in it was changed",
                         "free space or fix its permissions, then build again",
                         value=str(folder))


class CacheError(IrkgError):
    """The build cache cannot be written; the cache only saves time, so say how to do without."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(f"{display_path(folder)}: cannot write the build cache ({reason})",
                         "give --cache-dir a writable folder, or build with --no-cache",
                         value=str(folder))
