"""The strategy-progress layout reader on layouts other than the bundled document's.

Small reports written for each behaviour: header words renamed, page numbers inside wrapped
cells, and department names wrapped inside themselves with and without line-end marks.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from munikg import reading
from munikg.model import DocumentInfo, Indicator, Observation, Period, PlanElement
from munikg.normalize import clean, fold, parse_period
from munikg.parsers import strategy_progress
from munikg.vocabulary import default_vocabulary

INFO = DocumentInfo(
    "test.txt", "テスト市", "000000", "strategy-progress", "テスト", 2023, "テスト市"
)
FY2022, FY2024 = Period.fiscal_year(2022), Period.fiscal_year(2024)
HEAD = [
    "第2期テスト市まち・ひと・しごと創生総合戦略の進捗状況について ",
    "基本目標１ 働けるまちをつくる －地域経済の活性化－ ",
    "（１）働く場の創出 ",
    "KPI 担当課 実績値(R4) 実績値(R5) 目標値(R6) 目標値修正 担当課による検証 ",
]
# One row on one line, one whose label and department are wrapped (プロジェク / ト推進課).
# Lines end with a space where a cell ends and without one where it wraps inside a word.
MARKED = [
    *HEAD,
    "市内の法人数 産業経済課 1,137社 1,254社 1,050社 － 融資あっせんを行った。 ",
    "工業団地土地区画整",
    "理事業の進捗割合 ",
    "プロジェク",
    "ト推進課 ",
    "80％ 90％ 100％ － 工事を進めた。 ",
]
PARK = "工業団地土地区画整理事業の進捗割合"


def read(lines: list[str]):
    return strategy_progress.parse(reading.read(lines), INFO)


def indicators(result) -> dict[str, Indicator]:
    return {r.label: r for r in result.records if isinstance(r, Indicator)}


def observations(result, label: str) -> list[tuple]:
    return [
        (o.role, o.period, o.value, o.revision)
        for o in result.records
        if isinstance(o, Observation) and o.indicator == f"kpi:{label}"
    ]


def accounted(result, lines: list[str]) -> bool:
    non_blank = {n for n, line in enumerate(lines, 1) if line.strip()}
    return result.consumed | {r.line for r in result.residue} >= non_blank


def test_line_end_marks_join_a_wrapped_department():
    result = read(MARKED)
    assert indicators(result)[PARK].departments == ("プロジェクト推進課",)
    assert observations(result, PARK) == [
        ("actual", FY2022, Decimal(80), 0),
        ("actual", Period.fiscal_year(2023), Decimal(90), 0),
        ("target", FY2024, Decimal(100), 0),
    ]
    assert result.residue == []


@pytest.mark.parametrize("end", ["  ", ""], ids=["every-line-spaced", "no-line-spaced"])
def test_without_marks_a_department_that_may_be_wrapped_is_residue(end):
    lines = [line.rstrip() + end for line in MARKED]
    result = read(lines)
    assert set(indicators(result)) == {"市内の法人数"}  # never 「…割合プロジェク」 + ト推進課
    assert observations(result, "市内の法人数")[0] == ("actual", FY2022, Decimal(1137), 0)
    unread = {r.line: r.reason for r in result.residue}
    assert sorted(unread) == [6, 7, 8, 9, 10]
    assert unread[8] == "KPI row not read: a department name may be wrapped into the line before"
    assert accounted(result, lines)


def test_without_marks_a_head_after_a_department_is_joined():
    """みらいこど stands between two departments: it can only be the head of the second."""
    lines = [
        *(line.rstrip() for line in HEAD),
        "市内の法人数 産業経済課 1,137社 1,254社 1,050社 － 融資あっせんを行った。",
        "こども食堂開設箇所数 社会福祉課",
        "みらいこど",
        "も課",
        "7箇所 7箇所 4箇所 － 連携して支援を行った。",
    ]
    result = read(lines)
    assert indicators(result)["こども食堂開設箇所数"].departments == (
        "社会福祉課",
        "みらいこども課",
    )
    assert result.residue == []


def test_page_number_inside_a_wrapped_cell():
    lines = [
        *HEAD,
        "企業に勤める市内在住の",
        "新規雇用者数 ",
        "企画政策課 242人 ",
        "(R2～R4 ",
        "",
        "- 3 -",
        "",
        "累計) ",
        "299人 (R2～R5 累計) 250 人 (R2～R6 累計) 330人 (R2～R6 累計) 紹介した。 ",
    ]
    result = read(lines)
    r2_r4 = parse_period("R2~R4")
    assert observations(result, "企業に勤める市内在住の新規雇用者数")[0] == (
        "actual",
        r2_r4,
        Decimal(242),
        0,
    )
    assert all(r.line != 10 for r in result.residue)  # the page number is not a value


def test_renamed_header_words_come_from_the_vocabulary():
    words = [
        "KPI",
        "担当部署",
        "実績(R4)",
        "実績(R5)",
        "目標(R6)",
        "目標修正",
        "担当部署による検証",
    ]
    columns = strategy_progress.header_columns(words, default_vocabulary(), 2023)
    assert [(c.role, c.period, c.revises) for c in columns] == [
        ("actual", FY2022, False),
        ("actual", Period.fiscal_year(2023), False),
        ("target", FY2024, False),
        ("target", None, True),
    ]
    renamed = [line.replace("担当課", "担当部署").replace("値", "") for line in MARKED]
    assert observations(read(renamed), PARK) == observations(read(MARKED), PARK)


def test_a_line_of_other_words_is_no_header():
    words = ["市内の法人数", "産業経済課", "1,137社"]
    assert strategy_progress.header_columns(words, default_vocabulary(), 2023) == []


def test_goal_and_measure_headings():
    lines = [*HEAD[:1], "基本目標 2 住み続けられるまち －定住－ ", "施策 3 転入の促進 "]
    elements = [r for r in read(lines).records if isinstance(r, PlanElement)]
    assert [(e.key, e.kind, e.title, e.subtitle, e.parent) for e in elements] == [
        ("goal:2", "basic-goal", "住み続けられるまち", "定住", "plan"),
        ("measure:2-3", "measure", "転入の促進", None, "goal:2"),
    ]


def test_wave_dash_reads_as_the_full_width_tilde():
    """〜 (U+301C) and ～ (U+FF5E) are one character printed from two code tables."""
    assert clean("(R2\u301cR4 累計)") == clean("(R2\uff5eR4 累計)") == "(R2~R4累計)"
    assert fold("20歳\u301c49歳") == fold("20歳\uff5e49歳")
    assert parse_period("R2\u301cR6") == parse_period("R2\uff5eR6") is not None
