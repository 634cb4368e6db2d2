"""Building reports of other local governments end to end: family detection, facts by kind in
the summary, fault containment, and the manifest's checks."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from munikg.cli import main
from munikg.model import ParseResult, Residue
from munikg.parsers import layout_result, parse
from munikg.reading import read
from munikg.sources import read_manifest, read_source

OTHER_CITIES = Path(__file__).parent / "data" / "other-cities" / "sources"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The nine other-city documents built by the CLI from a manifest that names no family."""
    root = tmp_path_factory.mktemp("other-cities")
    sources = root / "sources"
    shutil.copytree(OTHER_CITIES, sources)
    manifest = sources / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"(?m)^family = .*\n", "", text), encoding="utf-8")
    return root, sources


def test_the_build_detects_and_prints_each_family(built, capsys):
    root, sources = built
    assert main(["build", "--sources", str(sources), "--out", str(root / "out")]) == 0
    printed = capsys.readouterr().out
    expected = {info.file: info.family for info in read_manifest(OTHER_CITIES)}
    for file, family in expected.items():
        assert re.search(rf"^{re.escape(file)}: family {family} \(detected; ", printed, re.M)
    summary = json.loads((root / "out" / "summary.json").read_text(encoding="utf-8"))
    by_file = {doc["file"]: doc for doc in summary["documents"]}
    assert {f: d["family"] for f, d in by_file.items()} == expected
    assert all(d["family_detected"] for d in by_file.values())
    sasayama = by_file["sasayama-administrative-report.txt"]
    assert sasayama["facts"] == {
        "observations": 0, "meetings": 0, "agreements": 9, "budgets": 0, "projects": 0,
    }  # fmt: skip
    assert by_file["kaizuka-comprehensive-plan.txt"]["facts"]["budgets"] == 12
    for doc in by_file.values():
        assert doc["consumed_lines"] + doc["residue_lines"] == doc["non_blank_lines"]


def test_figures_left_in_unclassified_text_are_residue(built):
    """大分県 line 6 states 22事務 in a sentence no reading turns into a fact."""
    root, _ = built
    rows = (root / "out" / "residue.tsv").read_text(encoding="utf-8").splitlines()
    oita = [r.split("\t") for r in rows if r.startswith("oita-pref-it-action-plan.txt\t")]
    assert ["6", "", "figures or dates left in unclassified text"] in [r[1:4] for r in oita]


def test_a_failing_layout_reader_hands_every_line_to_the_general_reader():
    def broken(lines, info):
        raise KeyError("目標値")

    reason = "layout reader failed (KeyError: '目標値')"
    result = layout_result(broken, read(["1行目", "2行目"]), None)
    assert result == ParseResult(residue=[Residue(1, "1行目", reason), Residue(2, "2行目", reason)])


def test_a_document_without_its_plan_title_gets_the_manifests():
    """The evaluation's layout reader opens 基本目標Ⅰ under the plan; 松戸市 prints no plan
    title the reader knows, so the plan is the manifest's."""
    (info,) = [i for i in read_manifest(OTHER_CITIES) if i.file.startswith("matsudo-strategy")]
    result = parse(read_source(OTHER_CITIES, info).lines, info)
    (plan,) = [r for r in result.records if type(r).__name__ == "Plan"]
    assert plan.title == info.title and plan.kind == "revitalisation-strategy"


def test_a_city_code_outside_the_code_table_is_bad_input(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("本文\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "a.txt"\ncity_name = "某市"\ncity_code = "999999"\n'
        'title = "t"\nfiscal_year = 2023\npublisher = "某市"\n',
        encoding="utf-8",
    )
    assert main(["build", "--sources", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert "a.txt: city_code 999999 is not in the local-government code table" in error
    assert not (tmp_path / "out").exists()
