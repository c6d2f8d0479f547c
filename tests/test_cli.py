"""Every command documents itself with an example; --version works."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from irkg import __version__
from irkg.cli import COMMANDS, main

REPO = Path(__file__).resolve().parents[1]


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path, loading lazily registered commands as ``irkg --help`` does."""
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"{name} is listed but no module defines it"
        found.append((*prefix, name))
        if isinstance(cmd, click.Group):
            found.extend(all_commands(cmd, (*prefix, name)))
    return found


def test_every_command_module_is_in_the_lazy_table() -> None:
    """A command defined in irkg/cli but missing from COMMANDS could never be run."""
    for module in (REPO / "src" / "irkg" / "cli").glob("*.py"):
        importlib.import_module(f"irkg.cli.{module.stem}")
    assert sorted(main.commands) == sorted(COMMANDS)


def test_building_does_not_load_the_tools_of_other_commands() -> None:
    """Start-up is part of every incremental build: no INCEpTION, Parquet or browser code."""
    probe = ("import sys; from irkg.cli import main\n"
             "try: main(['build', '--help'])\nexcept SystemExit: pass\n"
             "print(' '.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.split()
    heavy = ("cassis", "pyarrow", "pylode", "selenium", "ahocorasick", "lxml", "pandas",
             "irkg.interchange", "irkg.review", "irkg.tables", "irkg.ontodoc")
    assert not [m for m in loaded if m.split(".")[0] in heavy or m.startswith(heavy)]


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
