"""The general reader's readings, one layout each, on short texts in the layouts real reports
use (the golden tests of tests/data/other-cities check the same readings on real excerpts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from munikg.model import (
    Agreement,
    Budget,
    DocumentInfo,
    Event,
    Indicator,
    Observation,
    Organization,
    Period,
    Project,
)
from munikg.parsers import parse

FY = Period.fiscal_year


def info(family: str, fiscal_year: int = 2023, publisher: str = "館林市") -> DocumentInfo:
    return DocumentInfo("x.txt", "館林市", "102075", family, "某報告書", fiscal_year, publisher)


def read(text: str, family: str = "comprehensive-plan", **kwargs):
    return parse(text.split("\n"), info(family, **kwargs))


def observations(result) -> list[tuple]:
    labels = {r.key: r.label for r in result.records if isinstance(r, Indicator)}
    return [
        (labels[o.indicator], o.role, o.period, o.value, o.unit, o.qualitative)
        for o in result.records
        if isinstance(o, Observation)
    ]


def of(result, kind) -> list:
    return [r for r in result.records if isinstance(r, kind)]


def test_a_tab_table_with_units_status_and_periods_in_the_header():
    result = read(
        "基本目標1 しごとをつくる\n"
        "指標名\t単位\t基準値(H30)\t目標値(R6)\tR4実績\t達成状況\n"
        "新規就農者数\t人\t5\t20\t12\t順調\n",
        family="strategy-evaluation",
    )
    assert observations(result) == [
        ("新規就農者数", "baseline", FY(2018), Decimal(5), "person", None),
        ("新規就農者数", "target", FY(2024), Decimal(20), "person", None),
        ("新規就農者数", "actual", FY(2022), Decimal(12), "person", None),
    ]
    (actual,) = [o for o in of(result, Observation) if o.role == "actual"]
    assert actual.status == "on-track"
    (goal,) = [r for r in result.records if type(r).__name__ == "PlanElement"]
    assert (goal.kind, goal.title) == ("basic-goal", "しごとをつくる")


def test_pipe_rows_printed_over_several_lines_are_joined():
    result = read(
        "指標名称(単位) | 基準値 | 目標数値 | 出典 | |\n"
        "---|---|---|---|---|\n"
        "1 |\n"
        "住み続けたいと思う人の割合(%) | 82.6 (2019年度) |\n"
        "90.0 (2023年度) |\n"
        "府民意識調査 |\n"
        "2 |\n"
        "待機児童数(人) | 86 (2019年度) |\n"
        "0 (2023年度) |\n"
        "府調査 |\n"
    )
    assert observations(result) == [
        ("住み続けたいと思う人の割合", "baseline", FY(2019), Decimal("82.6"), "percent", None),
        ("住み続けたいと思う人の割合", "target", FY(2023), Decimal("90.0"), "percent", None),
        ("待機児童数", "baseline", FY(2019), Decimal(86), "person", None),
        ("待機児童数", "target", FY(2023), Decimal(0), "person", None),
    ]
    assert result.residue == []


def test_a_table_printed_one_cell_a_line():
    """The header is the cells before the first number: the code each row opens with."""
    result = read(
        "施策コード |\n成果指標 |\n平成12年 |\n平成13年実績 |\n5ヵ年目標 |\n"
        "12102 |\n加入者数 |\n277人 |\n778人 |\n500人 |\n",
        fiscal_year=2003,
    )
    assert observations(result) == [
        ("加入者数", "actual", Period.calendar_year(2000), Decimal(277), "person", None),
        ("加入者数", "actual", Period.calendar_year(2001), Decimal(778), "person", None),
        ("加入者数", "target", None, Decimal(500), "person", None),
    ]


def test_a_header_line_and_a_line_of_values_under_a_heading():
    result = read(
        "数値目標① 婚姻率\n平成 25 (基準値) 平成 27 平成 28 (現状値) 平成 31 (目標値)\n"
        "5.5‰ 5.4‰ 5.0‰ 5.9‰\n",
        family="strategy-evaluation",
        fiscal_year=2018,
    )
    assert [(role, period.start.year) for _, role, period, *_ in observations(result)] == [
        ("baseline", 2013),
        ("actual", 2015),
        ("actual", 2016),  # 現状値 beside a 基準値 column: the latest actual
        ("target", 2019),
    ]


def test_arrow_chains_with_a_dash_and_an_unknown_unit():
    result = read(
        "① 新規雇用者数: ― → 50人\n"
        "② 新規就農者数:1.4人/年 → 4組/年\n"
        "③ 滞在日数:3,617日/年 → 4,654棟\n",
        family="strategy-evaluation",
    )
    found = observations(result)
    assert found[:2] == [
        ("新規雇用者数", "baseline", None, None, None, "no-value"),
        ("新規雇用者数", "target", None, Decimal(50), "person", None),
    ]
    assert ("新規就農者数", "target", None, Decimal(4), "pair", None) in found
    # 棟 is no unit of the vocabulary: the value keeps no unit rather than the baseline's.
    assert ("滞在日数", "target", None, Decimal(4654), None, None) in found


def test_a_value_stated_again_otherwise_is_residue():
    result = read("商品開発数:1.2件/年 → 2件/年\n商品開発数:1.2件/年 → 3件/年\n")
    assert [o[3] for o in observations(result)] == [Decimal("1.2"), Decimal(2)]
    assert [(r.line, r.reason) for r in result.residue] == [
        (2, "target of 商品開発数 stated again otherwise")
    ]


def test_meeting_fields_with_colons_letter_spacing_or_the_value_below():
    result = read(
        "平成28年度 第8回金谷区地域協議会\n"
        "日時:平成28年11月16日(水)午後6時30分~\n"
        "会場:上正善寺集落開発センター\n",
        family="administrative-report",
        fiscal_year=2016,
    )
    (event,) = of(result, Event)
    assert (event.name, event.period.start, event.venue) == (
        "平成28年度第8回金谷区地域協議会",
        date(2016, 11, 16),
        "上正善寺集落開発センター",
    )
    result = read(
        "第2回梓川地域協議会\n□ 招 集 通 知 年 月 日 平成24年7月10日\n"
        "□ 開 催 年 月 日 平成24年7月31日\n開催場所\n松本市役所梓川支所 中会議室\n出席者\n",
        family="administrative-report",
        fiscal_year=2012,
    )
    (event,) = of(result, Event)
    assert event.period.start == date(2012, 7, 31)  # the day it was held, not called
    assert event.venue == "松本市役所梓川支所 中会議室"


def test_dated_meeting_lines_take_the_year_of_the_heading_above():
    result = read(
        "<平成28年>\n4月12日(火) ■提言検討会議(東京都千代田区:全国都市会館)\n・提言について\n",
        family="administrative-report",
        fiscal_year=2016,
        publisher="中核市市長会",
    )
    (event,) = of(result, Event)
    assert (event.period.start, event.venue, event.agenda) == (
        date(2016, 4, 12),
        "東京都千代田区:全国都市会館",
        ("提言について",),
    )
    (body,) = of(result, Organization)
    assert event.body == body.key and body.name == "中核市市長会"


def test_agreements_in_a_table_a_list_and_a_sentence():
    result = read(
        "協定名\t協定先\t締結日\n包括連携協定\t株式会社某\t令和5年4月20日\n"
        "消防相互応援協定\n群馬県前橋市、高崎市 (昭和49年12月24日)\n"
        "2020年2月7日に、館林市は埼玉県加須市と災害時相互応援協定を結びました。\n",
        family="administrative-report",
    )
    agreements = {a.title: a for a in of(result, Agreement)}
    names = {o.key: o.name for o in of(result, Organization)}
    assert [names[k] for k in agreements["包括連携協定"].partners] == ["某"]
    assert [names[k] for k in agreements["消防相互応援協定"].partners] == ["前橋市", "高崎市"]
    assert agreements["消防相互応援協定"].period.start == date(1974, 12, 24)
    stated = agreements["災害時相互応援協定"]
    assert [names[k] for k in stated.partners] == ["加須市"]
    assert (stated.period.start, stated.kind) == (date(2020, 2, 7), "disaster-support")


def test_meetings_named_with_their_day_in_a_sentence():
    result = read(
        "効果検証を、推進委員会(平成30年8月7日開催)と議会議員協議会(平成30年8月30日開催)において行った。\n",
        family="strategy-evaluation",
        fiscal_year=2018,
    )
    assert [(e.name, e.period.start) for e in of(result, Event)] == [
        ("推進委員会", date(2018, 8, 7)),
        ("議会議員協議会", date(2018, 8, 30)),
    ]


@pytest.mark.parametrize(
    "header", ["事業名\t予算額(千円)\t決算額(千円)", "事業名\t予算(千円)\t決算(千円)"]
)
def test_a_budget_table_without_years_is_the_reports(header):
    result = read(f"{header}\n防災訓練事業\t1,200\t980\n", family="administrative-report")
    (budget,) = of(result, Budget)
    (project,) = of(result, Project)
    assert (project.name, budget.fiscal_year) == ("防災訓練事業", 2023)
    assert (budget.budget_jpy, budget.settlement_jpy) == (Decimal(1_200_000), Decimal(980_000))


def test_a_generic_row_label_is_named_by_its_title():
    result = read("相談の状況\n区分\t令和3年度\t令和4年度\n件数\t120\t130\n")
    assert {o[0] for o in observations(result)} == {"相談の状況 件数"}


def test_a_meeting_named_above_its_fields_with_a_line_between():
    result = read(
        "松本市梓川地域協議会\n会議録\n□ 開 催 年 月 日 平成24年7月31日\n",
        family="administrative-report",
        fiscal_year=2012,
    )
    (event,) = of(result, Event)
    assert (event.name, event.period.start, event.span.first) == (
        "松本市梓川地域協議会",
        date(2012, 7, 31),
        1,
    )
