"""Shape profiles (domain, provenance) and the validation reports a data steward's CI reads.

The steward's file (tests/data/steward/) is municipal data written by hand in the ontology's
terms, without munikg's build bookkeeping, with exactly three deliberate errors: the domain
profile must report those and nothing else; the provenance profile adds what munikg's own
build records (source documents and lines) and a steward's file does not have.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from munikg import validate
from munikg.cli import main
from munikg.resources import resource_dir

STEWARD = Path(__file__).parent / "data" / "steward" / "tsuchiura-strategy-kpis.ttl"
EX = "https://data.example.org/tsuchiura/"
MK = "https://w3id.org/munikg/def#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
THE_THREE_ERRORS = {
    (EX + "kpi-checkup-rate", RDFS_LABEL),  # no label
    (EX + "kpi-nursery-waiting", MK + "lowerIsBeter"),  # a misspelt property
    (EX + "checkup-rate-actual", MK + "value"),  # "85.2%", not an xsd:decimal
}
PROVENANCE_PROPERTIES = {
    "http://www.w3.org/ns/prov#wasDerivedFrom",
    MK + "sourceLine",
    MK + "sourceLineEnd",
}
PREFIXES = """@prefix mk: <https://w3id.org/munikg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix unit: <https://w3id.org/munikg/vocab/unit/> .
"""
CITY = (
    PREFIXES
    + """<https://w3id.org/munikg/id/city/082031> a mk:City ;
    rdfs:label "土浦市"@ja ; mk:localGovernmentCode "{code}" .
"""
)


def violations(path: Path, profile: str) -> set[tuple[str, str | None]]:
    [report] = validate.validate_file(path, validate.default_shapes(profile))
    assert not report.warnings, report.warnings
    return {(f.focus, f.path) for f in report.violations}


def test_steward_file_gets_exactly_its_three_errors_under_the_domain_profile():
    assert violations(STEWARD, "domain") == THE_THREE_ERRORS


def test_provenance_profile_adds_only_munikg_bookkeeping():
    everything = violations(STEWARD, "all")
    provenance = violations(STEWARD, "provenance")
    assert everything == THE_THREE_ERRORS | provenance
    assert not THE_THREE_ERRORS & provenance
    # every resource but the city and the periods lacks its source document and lines
    resources = {"strategy", "goal-1", "measure-1-1", "kpi-nursery-waiting", "kpi-checkup-rate",
                 "department-policy", "nursery-waiting-baseline", "nursery-waiting-target",
                 "checkup-rate-actual"}  # fmt: skip
    expected = {(EX + r, p) for r in resources for p in PROVENANCE_PROPERTIES}
    assert provenance == expected and len(provenance) == 27


def test_bundled_document_conforms_to_each_profile(document_build):
    graph = document_build("mito-sogo-senryaku-2-hyoka-r4.txt").graph
    for profile in ("domain", "provenance"):
        report = validate.validate_graph(graph, "mito", None, validate.default_shapes(profile))
        assert report.violations == [], profile


def test_profiles_split_the_shapes():
    """Every shape is in one profile; no domain shape asks for munikg's provenance."""
    domain, provenance = validate.default_shapes("domain"), validate.default_shapes("provenance")
    node_shapes = {
        name: set(shapes.subjects(RDF.type, SH.NodeShape))
        for name, shapes in (("domain", domain), ("provenance", provenance))
    }
    everything = set(validate.default_shapes("all").subjects(RDF.type, SH.NodeShape))
    assert node_shapes["domain"] | node_shapes["provenance"] == everything
    assert not node_shapes["domain"] & node_shapes["provenance"]
    paths = {str(p) for p in domain.objects(None, SH.path)}
    assert not paths & (PROVENANCE_PROPERTIES | {MK + "lineCount", MK + "residueOf"})
    closed = set(domain.subjects(SH.closed, None))
    assert len(closed) == 14 and not set(provenance.subjects(SH.closed, None))


def test_english_labels_beside_japanese_ones_conform(tmp_path):
    """Names are printed in Japanese; an English translation may stand beside, not alone."""
    kpi = PREFIXES + (
        "<https://x.example/kpi> a mk:KPI ; rdfs:label {labels} ; mk:unit unit:person ;\n"
        "    mk:city <https://w3id.org/munikg/id/city/082031> .\n"
    )
    found = {}
    for name, labels in {
        "both": '"待機児童数"@ja , "Children waiting"@en',
        "english": '"Children waiting"@en',
        "french": '"待機児童数"@ja , "Enfants en attente"@fr',
    }.items():
        graph = Graph().parse(data=CITY.format(code="082031") + kpi.format(labels=labels))
        report = validate.validate_graph(graph, name, None, validate.default_shapes("domain"))
        found[name] = sorted(f.message.split(":")[0] for f in report.violations)
    indicator_label = "Indicator must have a label in Japanese (rdfs"
    assert found == {"both": [], "english": [indicator_label], "french": [indicator_label]}


def test_check_digit_runs_on_any_publisher_s_municipality():
    """A SPARQL constraint of the domain profile (run by Oxigraph), on data without documents."""
    shapes = validate.default_shapes("domain")
    good = validate.validate_graph(Graph().parse(data=CITY.format(code="082031")), "", None, shapes)
    assert good.findings == []
    graph = Graph().parse(data=CITY.format(code="082032"))
    [finding] = validate.validate_graph(graph, "", None, shapes).findings
    assert (finding.focus, finding.value) == ("https://w3id.org/munikg/id/city/082031", "082032")
    assert finding.message.startswith("Local-government code (the value) fails its check digit")


@pytest.mark.parametrize("profile", ["domain", "provenance"])
def test_each_profile_s_sparql_constraints_give_pyshacl_s_findings(profile):
    """Oxigraph runs the SPARQL constraints, pyshacl the rest, as for all shapes
    (tests/test_shacl_engines.py): on the steward's file the two give one answer."""
    graph = Graph().parse(STEWARD)
    graph.parse(data=CITY.format(code="082032"))  # a check digit for the SPARQL to find
    shapes = validate.default_shapes(profile)
    results = validate.pyshacl_results(graph, shapes)
    expected = {(f.focus, f.path, f.message) for f in validate.findings_of(results, shapes)}
    found = {
        (f.focus, f.path, f.message)
        for f in validate.validate_graph(graph, "", None, shapes).findings
    }
    assert found == expected
    assert any("check digit" in message for *_, message in found) == (profile == "domain")


def test_validate_profile_option(capsys):
    assert main(["validate", str(STEWARD), "--profile", "domain", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [graph] = report["graphs"]
    assert {(r["focus"], r["path"]) for r in graph["results"]} == THE_THREE_ERRORS
    assert report["errors"] == []


def test_validate_profile_missing_from_own_shapes(tmp_path, capsys):
    for name in ("periods.ttl", "closed.ttl"):  # closed shapes name what closed.ttl lists
        shutil.copy(resource_dir("shapes") / "domain" / name, tmp_path / name)
    args = ["validate", str(STEWARD), "--shapes", str(tmp_path)]
    assert main([*args, "--profile", "provenance"]) == 2
    assert f"{tmp_path / 'provenance'}: no SHACL shapes (*.ttl) found" in capsys.readouterr().err
    assert main([*args, "--profile", "all"]) == 0  # the periods are right


def junit(capsys, *args: str) -> tuple[int, ElementTree.Element]:
    code = main(["validate", *args, "--format", "junit"])
    return code, ElementTree.fromstring(capsys.readouterr().out)


def test_junit_has_a_test_case_per_shape_result(capsys):
    code, suite = junit(capsys, str(STEWARD), "--profile", "domain")
    assert code == 1
    cases = suite.findall("testcase")
    assert {c.get("name") for c in cases} == {f"{focus} {path}" for focus, path in THE_THREE_ERRORS}
    assert all(c.get("classname") == str(STEWARD) for c in cases)
    assert all(c.find("failure") is not None for c in cases)
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "3", "0")
    messages = {c.find("failure").get("message") for c in cases}
    assert "Indicator must have a label in Japanese (rdfs:label \"…\"@ja): the indicator's name " \
        "as printed." in messages  # fmt: skip


def test_junit_passing_graph_and_unreadable_file(tmp_path, capsys):
    good = tmp_path / "city.ttl"
    good.write_text(CITY.format(code="082031"), encoding="utf-8")
    missing = tmp_path / "missing.ttl"
    code, suite = junit(capsys, str(good), str(missing))
    assert code == 2
    passing, error = suite.findall("testcase")
    assert (passing.get("classname"), passing.get("name"), list(passing)) == (
        str(good), "conforms", []
    )  # fmt: skip
    assert error.get("classname") == str(missing)
    assert error.find("error").get("message") == f"{missing}: file not found"
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("2", "0", "1")


BROKEN = (
    PREFIXES
    + '''<https://x.example/kpi> a mk:KPI ;
    rdfs:comment """a note
over three
lines""" ;
    rdfs:label "待機児童数"@ja ;
    mk:unit unit:person unit:percent .
<https://x.example/other> a mk:KPI .
'''
)


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("broken.ttl", BROKEN, 9),  # two objects without a comma, after a long string
        ("saved-with-bom.ttl", "\ufeff" + BROKEN, 9),
        (
            "broken.nq",
            '<http://x/a> <http://x/p> "1" <http://g> .\n<http://x/a> <http://x/p> 2 .\n',
            2,
        ),
    ],
)
def test_parse_error_names_its_line(tmp_path, capsys, name, text, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    [err] = capsys.readouterr().err.strip().splitlines()
    assert err.startswith(f"munikg: error: {path}:{line}: not valid ")
    code, suite = junit(capsys, str(path))
    assert code == 2
    assert suite.find("testcase/error").get("message").startswith(f"{path}:{line}: not valid ")
