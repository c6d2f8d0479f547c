"""Bad input: one line naming file and line, exit 2, no traceback, out/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from irkg.cli import main
from irkg.errors import Errors
from irkg.pipeline import load_corpus

ARTICLE = "000_0b4d5d3e6978a53b"


def edit(seeds: Path, name: str, old: str, new: str) -> int:
    """Replace ``old`` once in a seed file; return the 1-based line of the edit."""
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


CASES = {
    # name: (file, old, new, expected fragment of the message)
    "quote-not-found": (
        f"{ARTICLE}.yaml",
        "quote: the August presidential election in Belarus",
        "quote: the September presidential election in Belarus",
        "not found in seeds/000_0b4d5d3e6978a53b.txt; closest passage is",
    ),
    "ambiguous-quote": (
        f"{ARTICLE}.yaml",
        "quote: his conflict with the West",
        "quote: the West",
        "occurs 7 times",
    ),
    "unknown-entity": (
        f"{ARTICLE}.yaml",
        "    organization: csto\n",
        "    organization: nato\n",
        "organization 'nato' is not in the registry",
    ),
    "wrong-entity-type": (
        f"{ARTICLE}.yaml",
        "    organization: csto\n",
        "    organization: china\n",
        "organization 'china' is a State, not an Organisation",
    ),
    "unknown-stance-type": (
        f"{ARTICLE}.yaml",
        "    stance: pressure\n",
        "    stance: bullying\n",
        "unknown stance 'bullying'; use one of",
    ),
    "unknown-key": (
        f"{ARTICLE}.yaml",
        "    kind: head_of_state\n",
        "    kind: head_of_state\n    president: lukashenko\n",
        "unknown key 'president' in a head_of_state fact",
    ),
    "bad-date": (
        f"{ARTICLE}.yaml",
        'date: {value: "2010", resolved_from: In 2010}\n    note: The Kremlin demanded',
        'date: "2010-13"\n    note: The Kremlin demanded',
        "date '2010-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    "yaml-syntax": (
        f"{ARTICLE}.yaml",
        "  - id: belarus-member-of-csto\n",
        "  - id: [belarus-member-of-csto\n",
        "YAML syntax error",
    ),
    "quote-without-words": (
        f"{ARTICLE}.yaml",
        "    quote: the summit between the two leaders\n",
        '    quote: "."\n',
        "quote '.' has no words",
    ),
    "date-with-trailing-newline": (
        f"{ARTICLE}.yaml",
        'date: {value: "2010", resolved_from: In 2010}\n    note: The Kremlin demanded',
        'date: "2010\\n"\n    note: The Kremlin demanded',
        "is not a date",
    ),
    "date-in-non-ascii-digits": (
        f"{ARTICLE}.yaml",
        'date: {value: "2010", resolved_from: In 2010}\n    note: The Kremlin demanded',
        'date: "\u0662\u0660\u0661\u0660"\n    note: The Kremlin demanded',
        "is not a date",
    ),
    "number-as-id": (
        "registry.yaml",
        "  - id: china\n",
        "  - id: 007\n",
        "'id' must be a string, not 7",
    ),
    "same-wikidata-item-twice": (
        "registry.yaml",
        "    wikidata: Q148\n",
        "    wikidata: Q184\n",
        "wikidata Q184 is already the item of 'belarus'",
    ),
    "stance-holder-is-its-target": (
        f"{ARTICLE}.yaml",
        "    stance: pressure\n    target: belarus\n",
        "    stance: pressure\n    target: russia\n",
        "stance 'russia-ready-to-pressure-minsk' has 'russia' as both holder and target",
    ),
    "start-after-end": (
        f"{ARTICLE}.yaml",
        "    start: {value: 2020-08, resolved_from: Following the August presidential election}\n"
        "    quote: the irritation",
        "    start: 2021-05\n    end: 2020-01\n    quote: the irritation",
        "start 2021-05 is after end 2020-01",
    ),
    "calendar-invalid-unquoted-date": (
        f"{ARTICLE}.yaml",
        "date: {value: 2021-04, resolved_from: last month}",
        "date: 2021-02-30",
        "date '2021-02-30' is not a date",
    ),
    "registry-duplicate-id": (
        "registry.yaml",
        "  - id: china\n",
        "  - id: russia\n",
        "entity id 'russia' is defined twice",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_annotation_gives_one_line_and_leaves_out_untouched(
    case: str, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, old, new, fragment = CASES[case]
    out = tmp_path / "out"
    out.mkdir()
    (out / "irkg.ttl").write_text("previous build\n", encoding="utf-8")
    line = edit(seeds_copy, name, old, new)
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working directory
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in result.output
    assert fragment in lines[0]
    prefix = f"seeds/{name}:"
    assert lines[0].startswith(prefix), lines[0]
    reported = int(lines[0][len(prefix):].split(":")[0])
    assert abs(reported - line) <= 3, (reported, line)
    assert (out / "irkg.ttl").read_text(encoding="utf-8") == "previous build\n"


def test_changed_article_text_stops_the_build(seeds_copy: Path, tmp_path: Path) -> None:
    text = seeds_copy / f"{ARTICLE}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("baffle", "puzzle"), "utf-8")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds_copy)])
    assert result.exit_code == 2
    assert "does not match its annotation (sha256 is" in result.stderr
    assert "restore the article text" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_several_errors_are_reported_together(seeds_copy: Path) -> None:
    edit(seeds_copy, f"{ARTICLE}.yaml", "    organization: csto\n", "    organization: nato\n")
    edit(seeds_copy, f"{ARTICLE}.yaml", "    stance: pressure\n", "    stance: bullying\n")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds_copy)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2


def test_missing_seeds_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--seeds", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_article_file_name_that_is_no_id_is_rejected(seeds_copy: Path) -> None:
    for ext in ("yaml", "txt"):
        (seeds_copy / f"{ARTICLE}.{ext}").rename(seeds_copy / f"my article.{ext}")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds_copy)])
    assert result.exit_code == 2
    assert "article file name 'my article.yaml' cannot be an article id" in result.stderr


def test_article_in_a_subfolder_is_an_error_not_skipped(seeds_copy: Path) -> None:
    (seeds_copy / "2021").mkdir()
    for ext in ("yaml", "txt"):
        (seeds_copy / f"{ARTICLE}.{ext}").rename(seeds_copy / "2021" / f"{ARTICLE}.{ext}")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds_copy)])
    assert result.exit_code == 2
    assert "is in a subfolder" in result.stderr


def test_corpus_without_articles_does_not_overwrite_out(seeds_copy: Path, tmp_path: Path) -> None:
    for ext in ("yaml", "txt"):
        (seeds_copy / f"{ARTICLE}.{ext}").unlink()
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--seeds", str(seeds_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert "holds no article annotations" in result.stderr
    assert not out.exists()


def test_errors_carry_the_bad_value_and_the_allowed_values(seeds_copy: Path) -> None:
    edit(seeds_copy, f"{ARTICLE}.yaml", "    stance: pressure\n", "    stance: bullying\n")
    with pytest.raises(Errors) as caught:
        load_corpus(seeds_copy)
    (error,) = caught.value.errors
    assert error.value == "bullying"
    assert "pressure" in error.allowed and "support" in error.allowed
    assert error.location is not None and error.location.file.endswith(f"{ARTICLE}.yaml")


def test_missing_sha256_tells_the_line_to_add(seeds_copy: Path) -> None:
    edit(seeds_copy, f"{ARTICLE}.yaml",
         "  sha256: 1ec9ca3ea44f60402bb9afaa776440a5d85a97084d43a80ecee4e4fb845cfd26\n", "")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds_copy)])
    assert result.exit_code == 2
    assert ("add 'sha256: 1ec9ca3ea44f60402bb9afaa776440a5d85a97084d43a80ecee4e4fb845cfd26'"
            in result.stderr)


def test_article_text_without_annotation_is_reported(seeds_copy: Path) -> None:
    (seeds_copy / "001_new.txt").write_text("An article not annotated yet.\n", "utf-8")
    result = CliRunner().invoke(main, ["check", "--seeds", str(seeds_copy)])
    assert result.exit_code == 2
    assert "001_new.txt has no annotation; write 001_new.yaml beside it" in result.stderr
