"""The ``irkg`` command: argument parsing only; the work is in the library.

Exit codes: 0 success / conforms, 1 SHACL violations, 2 input or usage error.
Library errors become one line each on stderr, ``file:line: what; how to fix``.
"""

from __future__ import annotations

from typing import Any, NoReturn

import click

from irkg import __version__
from irkg.errors import IrkgError

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT = 0, 1, 2


class UserError(click.ClickException):
    """An :class:`IrkgError` shown as its one-line message, with its exit code."""

    exit_code = EXIT_INPUT

    def __init__(self, error: IrkgError) -> None:
        super().__init__(error.one_line())
        self.error = error

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class ViolationsError(UserError):
    """A library error that means the graph does not conform (exit 1)."""

    exit_code = EXIT_VIOLATIONS


def fail(error: IrkgError) -> NoReturn:
    raise (ViolationsError if error.exit_code == EXIT_VIOLATIONS else UserError)(error)


class IrkgGroup(click.Group):
    """Turns any library error raised by a command into a :class:`UserError`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IrkgError as exc:
            fail(exc)


@click.group(cls=IrkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="irkg")
def main() -> None:
    """Build, check and query a knowledge graph of international relations.

    \b
    Example:
        irkg build            # seeds/ -> out/irkg.ttl, validated
        irkg check            # lint the annotations only

    Exit codes: 0 success/conforms, 1 SHACL violations, 2 input or usage error.
    """


# Each command module registers its commands on ``main`` when imported.
from irkg.cli import core, link, review, stats, store
