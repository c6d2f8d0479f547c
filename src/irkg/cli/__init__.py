"""The ``irkg`` command: argument parsing only; the work is in the library.

Exit codes: 0 success / conforms; 1 a check failed (SHACL violations, a stale
out/, a wrong Wikidata link); 2 input or usage error; 3 internal error (a bug).
Library errors become one line each on stderr, ``file:line: what; how to fix``.
"""

from __future__ import annotations

import importlib
from typing import Any, NoReturn

import click

from irkg import __version__
from irkg.errors import IrkgError

EXIT_VIOLATIONS, EXIT_INPUT, EXIT_INTERNAL = 1, 2, 3


class UserError(click.ClickException):
    """An :class:`IrkgError` shown as its one-line message, with its exit code."""

    exit_code = EXIT_INPUT

    def __init__(self, error: IrkgError) -> None:
        super().__init__(error.one_line())
        self.error = error

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class ViolationsError(UserError):
    """A library error that means a check failed: violations, stale out/, wrong links (exit 1)."""

    exit_code = EXIT_VIOLATIONS


class InternalError(UserError):
    """A library error that means irkg itself is wrong (exit 3)."""

    exit_code = EXIT_INTERNAL


class UsageError(click.UsageError):
    """A bad command line, said in one line like every other error of irkg."""

    @classmethod
    def of(cls, exc: click.UsageError) -> UsageError:
        # format_message, not message: it names the option or argument at fault
        return cls(exc.format_message().rstrip("."), exc.ctx)

    def show(self, file: Any = None) -> None:
        path = self.ctx.command_path if self.ctx else "irkg"
        click.echo(f"{path}: {self.message}; see '{path} --help'", err=True)


def fail(error: IrkgError) -> NoReturn:
    kind = {EXIT_VIOLATIONS: ViolationsError, EXIT_INTERNAL: InternalError}
    raise kind.get(error.exit_code, UserError)(error)


#: The modules of ``irkg.cli`` that define each command (registering it on
#: ``main`` when imported). A command's module is imported when the command
#: is used, so ``irkg build`` never pays for the libraries of INCEpTION,
#: Parquet or the review site: start-up time is part of every incremental build.
COMMANDS: dict[str, tuple[str, ...]] = {
    "build": ("core",), "check": ("core",), "validate": ("core",), "diff": ("diff",),
    "docs": ("docs",), "export": ("export", "interchange"), "import": ("interchange",),
    "link": ("link",), "review": ("review",), "stats": ("stats",), "load": ("store",),
    "query": ("store",), "suggest": ("suggest",),
}


class IrkgGroup(click.Group):
    """Loads commands on first use; turns any library error into a :class:`UserError`."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for module in COMMANDS.get(cmd_name, ()):
            importlib.import_module(f"irkg.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:  # irkg's own options: --bogus
            raise UsageError.of(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IrkgError as exc:
            fail(exc)
        except click.UsageError as exc:  # a command's arguments: irkg build -j -1
            if isinstance(exc, UsageError):
                raise
            raise UsageError.of(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # a bug: say so, and never exit as if the graph failed
            click.echo(f"irkg: internal error ({type(exc).__name__}: {exc}); please report "
                       "it with the command that caused it", err=True)
            raise SystemExit(EXIT_INTERNAL) from None


@click.group(name="irkg", cls=IrkgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="irkg")
def main() -> None:
    """Build, check and query a knowledge graph of international relations.

    \b
    Example:
        irkg build            # seeds/ -> out/, validated
        irkg check            # lint the annotations only

    Exit codes: 0 success/conforms, 1 check failed (violations), 2 input or usage
    error, 3 internal error.
    """


