"""``irkg build --check``: out/ must be exactly what the current seeds build."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from irkg.cli import main
from irkg.corpus import Options, build_validated
from irkg.errors import OutOfDate
from irkg.layout import check_outputs

REPO = Path(__file__).resolve().parents[1]
SMALL = Path(__file__).resolve().parent / "fixtures" / "broken" / "seeds"
ARTICLE = "ruritania-joins.yaml"
ARTICLE_TTL = Path("articles") / "ruritania-joins.ttl"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the small fixture corpus and a fresh build of it."""
    seeds, out = tmp_path / "seeds", tmp_path / "out"
    shutil.copytree(SMALL, seeds)
    result = CliRunner().invoke(main, ["build", "--seeds", str(seeds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return seeds, out


def check(seeds: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", "--check", "--seeds", str(seeds),
                                       "--out", str(out), *extra])
    return result.exit_code, result.stdout, result.stderr


def test_fresh_out_passes(built: tuple[Path, Path]) -> None:
    code, stdout, _ = check(*built)
    assert code == 0
    assert stdout.endswith("file(s) up to date\n")


def test_stale_out_fails_with_a_diff_and_is_not_rewritten(built: tuple[Path, Path]) -> None:
    seeds, out = built
    before = (out / ARTICLE_TTL).read_bytes()
    annotation = seeds / ARTICLE
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(text.replace("    certainty: asserted\n", "    certainty: hedged\n"),
                          encoding="utf-8")
    code, stdout, stderr = check(seeds, out)
    assert code == 1
    assert "-    irkg:certainty certainty:asserted ;" in stdout
    assert "+    irkg:certainty certainty:hedged ;" in stdout
    assert stdout.startswith("--- ") and "(built from the seeds)" in stdout
    assert stderr.count("\n") == 1
    assert "ruritania-joins.ttl, " in stderr  # the article and the manifest, nothing else
    assert "manifest.json not what the seeds build; run 'irkg build --seeds" in stderr
    assert (out / ARTICLE_TTL).read_bytes() == before


def test_missing_out_is_stale_in_one_line_without_a_diff(tmp_path: Path) -> None:
    code, stdout, stderr = check(SMALL, tmp_path / "nowhere")
    assert code == 1
    assert "manifest.json (missing) not what the seeds build" in stderr
    assert "registry.ttl (missing)" in stderr
    assert stdout == ""


def test_dataset_files_are_checked_when_asked(built: tuple[Path, Path]) -> None:
    code, _, stderr = check(*built, "--dataset", "trig")
    assert code == 1
    assert "irkg.trig (missing)" in stderr and ".ttl" not in stderr.split("irkg.trig")[0]


def test_long_diffs_are_cut_with_a_count_of_the_rest(built: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    seeds, out = built
    (out / ARTICLE_TTL).write_text("", encoding="utf-8")
    corpus = build_validated(seeds, "out", Options(jobs=1, cache=tmp_path / "cache"))
    with pytest.raises(OutOfDate) as caught:
        check_outputs(corpus, seeds, out, None, max_lines=10)
    lines = caught.value.diff.splitlines()
    assert len(lines) == 11
    assert lines[-1].startswith("... ") and lines[-1].endswith(" more line(s) of diff")


def test_bad_seeds_are_an_input_error_not_a_stale_out(built: tuple[Path, Path]) -> None:
    seeds, out = built
    (seeds / ARTICLE).write_text("article: [", encoding="utf-8")
    code, stdout, stderr = check(seeds, out)
    assert code == 2
    assert stdout == ""
    assert "YAML syntax error" in stderr and "Traceback" not in stderr


def test_pre_commit_hooks_pass_on_a_fresh_repository(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"irkg-check", "irkg-validate", "irkg-build-check"}
    shutil.copytree(SMALL, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        program, *argv = shlex.split(hook["entry"]) + hook.get("args", [])
        assert program == "irkg"
        result = CliRunner().invoke(main, argv)
        assert result.exit_code == 0, (hook["id"], result.output)
