"""The comprehensive-plan layout reader on layouts other than the bundled chapter's: other
marker and header words, tables split at spaces or run together, page furniture in a table."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from munikg.model import DocumentInfo, Indicator, Observation, PlanElement, Project
from munikg.parsers import comprehensive_plan
from munikg.reading import read

INFO = DocumentInfo(
    "kakuu-sogo-keikaku.txt",
    "架空市",
    "000000",
    "comprehensive-plan",
    "架空市総合計画",
    2022,
    "架空市",
)
HITACHI = replace(INFO, layout="hitachi-comprehensive-plan")


def chapter(indicators: list[str], projects: list[str], prefix: str = "施策") -> list[str]:
    """A one-policy chapter with the given indicator-table and main-project lines."""
    return [
        "3",
        "健康・福祉",
        "ともに支え合うまち",
        "",
        f"{prefix} 1 地域福祉",
        "支え合う地域福祉",
        "- 取組 1 地域の見守り",
        "",
        "支え合う地域福祉",
        "1 基本方針",
        "誰もが安心して暮らせる地域をつくります。",
        "3 現状と課題",
        "1 担い手の不足",
        "地域の担い手が不足しています。",
        "5 数値目標",
        *indicators,
        "6 目指す姿を実現するための取組",
        "取組1 地域の見守り",
        "- 見守り活動を進めます。",
        *projects,
    ]


def parse(lines: list[str], info: DocumentInfo = INFO):
    return comprehensive_plan.parse(read(lines), info)


def observations(result) -> dict[tuple[str, str, int], Decimal | None]:
    return {
        (o.indicator.removeprefix("indicator:"), o.role, o.period.start.year): o.value
        for o in result.records
        if isinstance(o, Observation)
    }


def projects(result) -> dict[str, tuple[tuple[str, ...], bool, bool]]:
    return {
        p.name: (p.departments, p.priority, p.new) for p in result.records if isinstance(p, Project)
    }


def residue(result) -> dict[int, str]:
    return {r.line: r.reason for r in result.residue}


TARGETS = "施策に関する目標指標"
TABLE = [TARGETS, "項目\t現状値 (R3)\t目標値 (R8)", "見守り協力員の人数\t120人\t150人"]
PROJECTS = ["主な事業\t担当課", "重点\t新 見守りネットワーク事業\t福祉総務課"]


def test_policy_marker_from_the_vocabulary():
    # 政策 is a policy in a comprehensive plan, as 施策 is
    result = parse(chapter(TABLE, PROJECTS, prefix="政策"))
    policies = [e for e in result.records if isinstance(e, PlanElement) and e.kind == "policy"]
    assert [(p.key, p.title, p.subtitle) for p in policies] == [
        ("policy:1", "地域福祉", "支え合う地域福祉")
    ]
    assert residue(result) == {}


def test_current_value_column_without_a_layout_is_the_baseline():
    # 現状値 beside no baseline column is the plan-time baseline; the layout profile says actual
    assert observations(parse(chapter(TABLE, PROJECTS))) == {
        ("見守り協力員の人数", "baseline", 2021): Decimal(120),
        ("見守り協力員の人数", "target", 2026): Decimal(150),
    }
    assert observations(parse(chapter(TABLE, PROJECTS), HITACHI))[
        "見守り協力員の人数", "actual", 2021
    ] == Decimal(120)


def test_header_synonyms():
    table = [TARGETS, "指標\t策定時 (R3)\t目標 (R8)", "見守り協力員の人数\t120人\t150人"]
    header = ["主な事業\t担当部署", "重点\t新 見守りネットワーク事業\t福祉総務課"]
    result = parse(chapter(table, header))
    assert observations(result) == {
        ("見守り協力員の人数", "baseline", 2021): Decimal(120),
        ("見守り協力員の人数", "target", 2026): Decimal(150),
    }
    assert projects(result) == {"見守りネットワーク事業": (("福祉総務課",), True, True)}


def test_rows_split_at_runs_of_spaces():
    table = [
        "項目    後期計画 (H28)    現状値 (R3)    目標値 (R8)",
        "現在の評価    3.0    3.3    3.5",
        "今後の重要度    3.6    3.7    ",
    ]
    lines = chapter(["「地域福祉」に関する成果指標", "(市民ニーズ調査から)", *table], [])
    result = parse(lines, HITACHI)
    label = "「地域福祉」に関する成果指標 現在の評価"
    assert observations(result) == {
        (label, "baseline", 2016): Decimal("3.0"),
        (label, "actual", 2021): Decimal("3.3"),
        (label, "target", 2026): Decimal("3.5"),
    }
    # without tabs, a row of fewer cells than its header does not say which one is empty
    row = lines.index("今後の重要度    3.6    3.7    ") + 1
    assert residue(result) == {row: "row without tabs whose cells do not line up with the header"}


def test_page_furniture_inside_a_table():
    lines = chapter([*TABLE[:2], "", "- 12 -", "", TABLE[2]], PROJECTS)
    result = parse(lines, HITACHI)
    assert observations(result)["見守り協力員の人数", "target", 2026] == Decimal(150)
    assert [i.label for i in result.records if isinstance(i, Indicator)] == ["見守り協力員の人数"]


def test_project_rows_run_together():
    # one space for each tab: 重点 opens the row, the department's name closes it
    rows = [
        "主な事業 担当課",
        "重点 新 見守りネットワーク事業 福祉総務課",
        " サロン運営支援事業 ",
        "地域福祉計画推進事業 福祉総務課",
        "地域サロンの様子",
    ]
    result = parse(chapter(TABLE, rows))
    assert projects(result) == {
        "見守りネットワーク事業": (("福祉総務課",), True, True),
        "サロン運営支援事業": (("福祉総務課",), False, False),  # merged cell, closed below
        "地域福祉計画推進事業": (("福祉総務課",), False, False),
    }
    captions = [r.text for r in result.records if getattr(r, "kind", None) == "caption"]
    assert captions == ["地域サロンの様子"]
    assert residue(result) == {}


def test_department_in_a_tabbed_project_cell_is_residue():
    rows = [
        "主な事業\t担当課",
        "\t見守りネットワーク事業 福祉総務課\t",
        "\t新 サロン事業\t福祉総務課",
    ]
    lines = chapter(TABLE, rows)
    result = parse(lines)
    # the row not read leaves the merged department unknown: none is carried over
    assert projects(result) == {"サロン事業": (("福祉総務課",), False, True)}
    assert residue(result) == {lines.index(rows[1]) + 1: "main-project row not understood"}


def test_unexpected_input_is_residue():
    lines = ["施策 1 地域福祉", "1 基本方針", "\t\t", "項目\t目標値", "x\ty"]
    result = parse(lines)
    assert result.records == []
    assert sorted(residue(result)) == [1, 2, 4, 5]
    assert parse([]).records == []
    # a body found, but no chapter heading and no policy before it
    result = parse(["健康・福祉", "支え合う地域福祉", "1 基本方針", "地域をつくります。"])
    assert residue(result) == {
        1: "no chapter number and title before the overview",
        2: "policy body without a policy in the overview",
        3: "policy body without a policy in the overview",
        4: "policy body without a policy in the overview",
    }
