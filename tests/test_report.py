"""Validation report formats, produced from a deliberately broken graph and checked.

tests/fixtures/broken/broken.ttl is the graph of the small fixture corpus in
tests/fixtures/broken/seeds, damaged in five places; every format must name
the right annotation file, line and column for each, and the CI formats must
be valid against their published schemas (vendored in tests/schemas/).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from irkg.cli import main
from irkg.parse import read_rdf
from irkg.pipeline import origins_from_seeds
from irkg.report import FORMATS, fails, render, summary
from irkg.serialize import iri
from irkg.terms import SH
from irkg.validate import Finding, Report, validate

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "fixtures" / "broken"
SCHEMAS = HERE / "schemas"
ARTICLE = "seeds/ruritania-joins.yaml"
#: (file, line, column, rule) of each damage in broken.ttl.
EXPECTED = {
    ("seeds/registry.yaml", 3, 5, "Entity-sameAs"),
    (ARTICLE, 2, 1, "Article-title"),
    (ARTICLE, 14, 5, "Membership-organization"),
    (ARTICLE, 18, 5, "SpecificResource"),
    (ARTICLE, 21, 5, "Stance-holder"),
}
FILES = (Path("broken.ttl"),)


@pytest.fixture(scope="module")
def broken() -> Iterator[Report]:
    """The broken graph's report, validated from inside the fixture folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(BROKEN)
        yield validate(read_rdf(*FILES), origins_from_seeds(Path("seeds")))


@pytest.fixture
def in_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)


def test_text_groups_findings_by_annotation_file(broken: Report, in_broken: None) -> None:
    text = render(broken, "text", FILES)
    assert text.index("seeds/registry.yaml (1 finding)") < text.index(f"{ARTICLE} (4 findings)")
    for file, line, column, _ in EXPECTED:
        assert f"  {file}:{line}:{column}: violation: " in text
    assert 'quote "criticised Ruritania for the move"' in text
    assert "a stance has exactly one holder, an actor (irkg:holder)" in text


def test_json_follows_its_documented_schema(broken: Report, in_broken: None) -> None:
    doc = json.loads(render(broken, "json", FILES))
    jsonschema.validate(doc, json.loads((SCHEMAS / "irkg-validation-report.schema.json")
                                        .read_text(encoding="utf-8")))
    assert {(f["file"], f["line"], f["column"], f["rule"]) for f in doc["findings"]} == EXPECTED
    assert doc["conforms"] is False and doc["counts"] == {"violation": 5, "warning": 0, "info": 0}
    holder = next(f for f in doc["findings"] if f["rule"] == "Stance-holder")
    assert holder["focus"] == ("https://w3id.org/irkg/id/article/ruritania-joins/stance/"
                               "firefly-criticises-ruritania")
    assert holder["path"] == "https://w3id.org/irkg/ontology#holder"


def test_sarif_is_valid_sarif_2_1_0_pointing_at_annotation_lines(broken: Report,
                                                                 in_broken: None) -> None:
    doc = json.loads(render(broken, "sarif", FILES))
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    run = doc["runs"][0]
    places = set()
    for result in run["results"]:
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        places.add((physical["artifactLocation"]["uri"], region["startLine"],
                    region["startColumn"], result["ruleId"]))
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error"
    assert places == EXPECTED


def test_junit_is_valid_against_the_junit_xsd(broken: Report, in_broken: None) -> None:
    xml = render(broken, "junit", FILES)
    xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(xml)
    root = ET.fromstring(xml)
    assert (root.get("tests"), root.get("failures")) == ("5", "5")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {"seeds/registry.yaml", ARTICLE}
    failures = [c.find("failure") for c in suites[ARTICLE].iter("testcase")]
    assert all(f is not None and (f.text or "").startswith(f"{ARTICLE}:") for f in failures)


def test_github_commands_annotate_file_line_and_column(broken: Report, in_broken: None) -> None:
    lines = render(broken, "github", FILES).splitlines()
    assert len(lines) == 5
    assert (f"::error file={ARTICLE},line=21,col=5,title=irkg Stance-holder::"
            "a stance has exactly one holder, an actor (irkg:holder)") in "\n".join(lines)
    assert all(line.startswith("::error file=seeds/") for line in lines)


def test_turtle_is_the_shacl_report_with_stable_iris(broken: Report, in_broken: None) -> None:
    text = render(broken, "turtle", FILES)
    again = render(validate(read_rdf(*FILES)), "turtle", FILES)
    assert text == again  # blank-node labels differ between runs; the output must not
    graph = Graph().parse(data=text, format="turtle")
    assert not any(isinstance(n, BNode) for t in graph for n in t)
    (report_node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report_node, SH.conforms) == Literal(False)
    assert len(set(graph.objects(report_node, SH.result))) == 5
    assert len(graph) == len(broken.graph)


def test_findings_without_seeds_point_at_the_subject_line_of_the_graph(in_broken: None) -> None:
    report = validate(read_rdf(*FILES))
    doc = json.loads(render(report, "json", FILES))
    lines = Path("broken.ttl").read_text(encoding="utf-8").splitlines()
    assert len(doc["findings"]) == 5
    for f in doc["findings"]:
        assert (f["file"], f["column"]) == ("broken.ttl", 1)
        assert lines[f["line"] - 1] == iri(URIRef(f["focus"]))


@pytest.mark.parametrize("explained", ["none", "registry"])
def test_findings_placed_in_turtle_come_out_in_line_order(explained: str,
                                                          in_broken: None) -> None:
    """Placed by subject line (all, or all but the registry's), findings still sort by line."""
    origins = {node: origin for node, origin in origins_from_seeds(Path("seeds")).items()
               if explained == "registry" and origin.where.file == "seeds/registry.yaml"}
    doc = json.loads(render(validate(read_rdf(*FILES), origins), "json", FILES))
    places = [(f["file"], f["line"]) for f in doc["findings"]]
    assert len(places) == 5 and places == sorted(places)
    assert {file for file, _ in places} == (
        {"broken.ttl"} if explained == "none" else {"broken.ttl", "seeds/registry.yaml"})
    text = render(validate(read_rdf(*FILES), origins), "text", FILES)
    lines = [int(line.split(":")[1]) for line in text.splitlines()
             if line.startswith("  broken.ttl:")]
    assert len(lines) == (5 if explained == "none" else 4) and lines == sorted(lines)


@pytest.mark.parametrize("fmt", FORMATS)
def test_validate_command_exits_1_on_the_broken_graph(fmt: str, in_broken: None) -> None:
    result = CliRunner().invoke(main, ["validate", "broken.ttl", "--seeds", "seeds",
                                       "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "5 violations; does not conform" in result.stderr
    if fmt != "text":
        assert "does not conform" not in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_validate_command_passes_a_conforming_graph(fmt: str, seed_out: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seed_out)
    result = CliRunner().invoke(main, ["validate", ".", "--format", fmt,
                                       "--fail-on", "info"])
    assert result.exit_code == 0, result.output
    if fmt == "junit":
        xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(result.stdout)
    if fmt == "sarif":
        schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
        jsonschema.Draft4Validator(schema).validate(json.loads(result.stdout))


def _with_warning(report: Report) -> Report:
    warning = Finding("Warning", "<article/a>", "a warning", "<https://w3id.org/irkg/shapes#X>")
    return Report(True, (warning,))


@pytest.mark.parametrize(("fail_on", "failed"),
                         [("violation", False), ("warning", True), ("info", True)])
def test_fail_on_sets_the_mildest_failing_severity(broken: Report, fail_on: str,
                                                   failed: bool) -> None:
    assert fails(broken, fail_on)
    assert fails(_with_warning(broken), fail_on) is failed


def test_junit_shows_findings_below_fail_on_as_passing_cases(broken: Report) -> None:
    report = _with_warning(broken)
    assert summary(report) == "1 warning; conforms"
    xml = render(report, "junit", fail_on="violation")
    xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(xml)
    case = ET.fromstring(xml).find("testsuite/testcase")
    assert case is not None and case.find("failure") is None
    assert "warning: a warning" in (case.findtext("system-out") or "")
    assert ET.fromstring(render(report, "junit", fail_on="warning")).get("failures") == "1"


def test_subject_written_as_a_full_iri_is_placed_at_its_own_line(tmp_path: Path) -> None:
    hand = tmp_path / "hand.ttl"
    hand.write_text(
        "@prefix irkg: <https://w3id.org/irkg/ontology#> .\n\n"
        "<https://w3id.org/irkg/id/article/zzz/stance/foo> a irkg:Stance .\n", "utf-8")
    report = validate(read_rdf(hand))
    data = json.loads(render(report, "json", (hand,)))
    assert data["findings"]
    assert {(f["file"].endswith("hand.ttl"), f["line"]) for f in data["findings"]} == {(True, 3)}
