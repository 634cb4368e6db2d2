"""The header vocabulary and layout profiles: what words mean, and that the data is consistent
with the ontology (every meaning a parser emits is a concept of its scheme)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph

from munikg.emit import ELEMENT_CLASSES
from munikg.model import Period
from munikg.parsers import FAMILIES, detect_family
from munikg.resources import reference_toml
from munikg.sources import SourceError, read_manifest, read_source
from munikg.vocabulary import (
    VocabularyError,
    default_vocabulary,
    layouts,
    load_layouts,
    load_vocabulary,
    vocabulary_for,
)

ROOT = Path(__file__).resolve().parents[1]
FY = Period.fiscal_year


def concepts(scheme: str) -> set[str]:
    graph = Graph().parse(ROOT / "ontology" / "vocab" / f"{scheme}.ttl")
    return {str(c).rsplit("/", 1)[-1] for c in graph.subjects(RDF.type, SKOS.Concept)}


@pytest.mark.parametrize(
    ("cell", "meaning", "period", "deadline"),
    [
        ("目標値(R6)", "target", FY(2024), False),
        ("目標値 (2024年度)", "target", FY(2024), False),
        ("実績値(R4)", "actual", FY(2022), False),
        ("目標値修正", "revised-target", None, False),
        ("後期計画 (H28)", "baseline", FY(2016), False),
        ("平成 28 (現状値)", "current", FY(2016), False),
        ("策定時", "baseline", None, False),
        ("目標設定時", "baseline", None, False),
        ("KPI(平成 32 年3月まで)", "label", None, True),
        ("H25予算", "budget", FY(2013), False),
        ("H25決算", "settlement", FY(2013), False),
        ("R6年度末", None, FY(2024), False),
        ("会 議 名", "meeting", None, False),
        ("開 催 日", "date", None, False),
        ("月日", "date", None, False),
        ("会場", "venue", None, False),
        ("協定市町", "partner", None, False),
        ("協定日", "concluded", None, False),
        ("担当部署", "department", None, False),
        ("所管課", "department", None, False),
        ("達成率", "rate", None, False),
        ("掲載頁", "note", None, False),
        ("市民と行政が役割分担を自覚し、協働して実現したい状態(目的)", None, None, False),
    ],
)
def test_header_cells(cell, meaning, period, deadline):
    column = default_vocabulary().column(cell)
    assert (column.meaning, column.period, column.deadline) == (meaning, period, deadline)


def test_a_fiscal_year_without_its_era_is_read_near_the_report():
    """目標値24年度 in a 平成 report of FY2007 is 平成24年度."""
    assert default_vocabulary().column("目標値24年度", 2007).period == FY(2012)


def test_a_layout_profile_gives_a_word_its_publishers_meaning():
    assert default_vocabulary().column("現状値 (R3)").meaning == "current"
    assert vocabulary_for("hitachi-comprehensive-plan").column("現状値 (R3)").meaning == "actual"
    figures = vocabulary_for("hitachi-it-action-plan").layout.figures
    assert [f.label for f in figures][:2] == ["SNS投稿総数", "SNS累計リーチ(延べ閲覧者数)"]
    with pytest.raises(VocabularyError, match="unknown layout 'nowhere'"):
        vocabulary_for("nowhere")


def test_sections_and_elements():
    vocab = default_vocabulary()
    assert vocab.section("1 取組の概要と評価") == "evaluation"
    assert vocab.section("今後の方針") == "policy-direction"
    assert vocab.section("社会環境の変化") == "issue"
    assert vocab.element("基本目標", None) == "basic-goal"
    assert vocab.element("施策", "strategy-evaluation") == "measure"
    assert vocab.element("施策", "comprehensive-plan") == "policy"
    assert vocab.element("推進事項", "it-action-plan") == "action-item"
    assert vocab.is_meeting("厚生労働大臣と中核市市長との意見交換会")
    assert not vocab.is_meeting("講演「当面の地方行政の課題」")
    assert vocab.agreement_kind("災害時における相互応援に関する協定") == "disaster-support"
    assert vocab.agreement_kind("包括連携協力に関する協定") == "comprehensive-partnership"
    assert vocab.is_indicator_name("農業産出額") and not vocab.is_indicator_name("づくり")


def test_every_meaning_is_a_concept_the_ontology_knows():
    data = reference_toml("vocabulary.toml")
    assert set(data["section"]) <= concepts("section-kind")
    assert set(data["agreement-kind"]) <= concepts("agreement-kind")
    assert set(data["status"]) <= concepts("progress-status")
    tables = [data["element"], *(t for t in data["element"].values() if isinstance(t, dict))]
    kinds = {kind for table in tables for kind in table} - set(FAMILIES)
    assert kinds <= set(ELEMENT_CLASSES) | {"action-item"}
    assert set(data["family"]) - {"none"} == set(FAMILIES)


def test_a_word_with_two_meanings_is_an_error():
    data = {**reference_toml("vocabulary.toml"), "column": {"target": ["目標"], "actual": ["目標"]}}
    with pytest.raises(VocabularyError, match="'目標' means both target and actual"):
        load_vocabulary(data, "vocabulary.toml")


def test_a_broken_layout_profile_names_itself():
    with pytest.raises(VocabularyError, match="layout 'x'"):
        load_layouts({"layout": {"x": {"description": "d", "figure": [{"label": "l"}]}}}, "f")
    assert set(layouts()) == {"hitachi-comprehensive-plan", "hitachi-it-action-plan"}


def manifests():
    for folder in (ROOT / "data" / "sources", ROOT / "tests" / "data" / "other-cities" / "sources"):
        for info in read_manifest(folder):
            yield folder, info


@pytest.mark.parametrize(
    ("folder", "info"), list(manifests()), ids=lambda v: getattr(v, "file", "")
)
def test_the_family_is_detected_from_the_text(folder, info):
    family, scores = detect_family(read_source(folder, info).lines, info.title)
    assert family == info.family, scores


def test_a_manifest_entry_may_leave_out_its_family(tmp_path):
    (tmp_path / "a.txt").write_text("令和5年度 某町事務報告書\n総務課\n1 会議\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "a.txt"\ncity_name = "大崎町"\ncity_code = "464686"\n'
        'title = "令和5年度 事務報告書"\nfiscal_year = 2023\npublisher = "大崎町"\n',
        encoding="utf-8",
    )
    (info,) = read_manifest(tmp_path)
    assert info.family is None and info.layout is None


def test_a_manifest_with_an_unknown_layout_names_it(tmp_path):
    (tmp_path / "a.txt").write_text("本文\n", encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '\ufeff[[document]]\nfile = "a.txt"\ncity_name = "大分県"\ncity_code = "440001"\n'
        'title = "t"\nfiscal_year = 2023\npublisher = "大分県"\nlayout = "nowhere"\n',
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"a\.txt: unknown layout 'nowhere'"):
        read_manifest(tmp_path)


def test_periods_of_a_deadline():
    from munikg.normalize import parse_deadline

    assert parse_deadline("平成32年3月まで", 2015) == FY(2019)
    assert parse_deadline("2025年度末を目途に", 2024) == FY(2025)
    assert parse_deadline("令和7年度まで", 2023) == Period(date(2025, 4, 1), date(2026, 3, 31))
