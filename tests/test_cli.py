"""Every command documents itself with an example; --version works."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from irkg import __version__
from irkg.cli import main

REPO = Path(__file__).resolve().parents[1]


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(cmd, click.Group):
            found.extend(all_commands(cmd, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", [(), *all_commands(main)], ids=lambda p: " ".join(p) or "irkg")
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert re.search(r"Example:\n(\s+irkg .*\n)+", result.output), result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_unknown_command_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_check_and_build_on_the_seed_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)  # the default --seeds is ./seeds
    runner = CliRunner()
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0 and check.output.endswith("claims: ok\n")
    build = runner.invoke(main, ["build", "--out", str(tmp_path), "--dataset", "nquads"])
    assert build.exit_code == 0, build.output
    assert "conforms" in build.output and "irkg.nq" in build.output
    validate = runner.invoke(main, ["validate", str(tmp_path)])
    assert validate.exit_code == 0 and validate.output.strip().endswith("conforms")
