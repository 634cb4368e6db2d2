"""The strategy-evaluation layout reader on other layouts of the same tables.

Each test feeds the layout reader an excerpt of data/sources/mito-sogo-senryaku-2-hyoka-r4.txt
(its real values) as another extractor or template prints it: header words renamed, tabs
printed as runs of spaces or as single spaces, page numbers inside a table.
"""

from __future__ import annotations

from decimal import Decimal

from munikg.model import Budget, DocumentInfo, Indicator, Observation, Period, PlanElement, Project
from munikg.parsers import strategy_evaluation
from munikg.reading import read

INFO = DocumentInfo("x.txt", "水戸市", "082015", "strategy-evaluation", "x", 2022, "水戸市")
FY = Period.fiscal_year


def parse(lines: list[str], info: DocumentInfo):
    return strategy_evaluation.parse(read(lines), info)


HEAD = [
    "水戸市まち・ひと・しごと創生総合戦略(第2次)の評価",
    "基本目標 I 生き生きと働けるしごとを創る",
]
NUMERICAL = [
    "数値目標\t目標値 (2024年度)\t基準値 (2018年度)",
    "市民所得 単位:百万円\t0.6%増/年\t908,115 (2016年度) ※県統計課2021年度",
]
KPI = [
    "具体的施策\tKPI\t\t\t\t\t\t",
    "\t項目\t目標値 (2024年度)\t基準値 (2018年度)\t\t2021年度\t2022年度\t2023年度",
    "(1) 地域経済をけん引する産業競争力の強化\t企業誘致による立地事業所数(累計) 単位:事業所"
    "\t40\t15\t期待値\t27\t32\t36",
    "\t\t\t\t実績値\t21\t25\t",
    "\t\t\t\t進捗状況\t概ね順調 →\t概ね順調 →\t",
    "\t事業承継した事業所等の件数(累計) 単位:件\t20\t-\t期待値\t\t\t",
    "\t\t\t\t実績値\t\t\t",
]
PROJECTS = [
    "【主な具体的事業】",
    "具体的施策(1) 地域経済をけん引する産業競争力の強化\t",
    "【事業名 企業立地の促進】\t",
    "具体的事業\t企業誘致活動等の推進",
    "事業目的\t市補助制度等の活用を図りながら、積極的な企業誘致活動を行う。",
    "R4事業費(千円)\t予算額 82,000 決算額 2,204",
]
DOCUMENT = HEAD + NUMERICAL + KPI + PROJECTS


def values(result) -> dict[tuple, tuple]:
    """(indicator label, role, period) → (value, status) of every observation."""
    labels = {r.key: r.label for r in result.records if isinstance(r, Indicator)}
    return {
        (labels[o.indicator], o.role, o.period): (o.value, o.status)
        for o in result.records
        if isinstance(o, Observation)
    }


def residue(result) -> dict[int, str]:
    return {r.line: r.reason for r in result.residue}


ORIGINAL = values(parse(DOCUMENT, INFO))


def test_the_excerpt_reads_as_the_bundled_document():
    firms = "企業誘致による立地事業所数(累計)"
    assert ORIGINAL[(firms, "target", FY(2024))] == (Decimal("40"), None)
    assert ORIGINAL[(firms, "actual", FY(2022))] == (Decimal("25"), "roughly-on-track")
    assert ORIGINAL[("市民所得", "baseline", FY(2016))] == (Decimal("908115"), None)
    assert len(ORIGINAL) == 2 + 7 + 2


def test_renamed_header_and_row_words_read_the_same_values():
    renames = {"目標値": "目標", "基準値": "策定時", "実績値": "実績"}
    lines = list(DOCUMENT)
    for old, new in renames.items():
        lines = [line.replace(old, new) for line in lines]
    result = parse(lines, INFO)
    assert values(result) == ORIGINAL
    assert residue(result) == {len(HEAD + NUMERICAL) + 7: "実績 row without values"}


def test_tabs_printed_as_runs_of_spaces_align_on_the_role_label():
    result = parse([line.replace("\t", "    ") for line in DOCUMENT], INFO)
    assert values(result) == ORIGINAL
    [budget] = [r for r in result.records if isinstance(r, Budget)]
    assert (budget.budget_jpy, budget.settlement_jpy) == (Decimal(82000000), Decimal(2204000))


def test_a_spaced_row_that_lost_a_value_cell_is_residue_not_misread():
    """The baseline cell is empty: with the cells collapsed, 40 could be either column."""
    lines = HEAD + [line.replace("\t", "    ") for line in KPI]
    lines[4] = lines[4].replace("    15    期待値", "        期待値")
    result = parse(lines, INFO)
    assert residue(result)[5] == "KPI row whose cells cannot be aligned with the header"
    # its values rows have no KPI to belong to: residue too, not values of another KPI
    assert residue(result)[6] == residue(result)[7] == "KPI values before any KPI"
    firms = "企業誘致による立地事業所数(累計)"
    assert not [key for key in values(result) if key[0] == firms]
    measures = [r for r in result.records if isinstance(r, PlanElement) and r.kind == "measure"]
    assert measures == []  # the row that would open measure (1) was not read


def test_a_spaced_results_row_that_lost_cells_is_residue():
    lines = [
        *HEAD,
        "具体的施策(1) 健やかに暮らせる環境づくり",
        "【事業名 安心して医療サービスを受けられる環境づくり】",
        "具体的事業    休日夜間緊急診療所の運営",
        "R4年度の実績・件数    区 分    内科    小児科    外科    歯科    合計",
        "    休日(昼間)診療    2,272    2,038    649    352    5,311",
        "    夜間診療    1,694    2,214            3,908",
    ]
    result = parse(lines, INFO)
    read = {(k[0], v[0]) for k, v in values(result).items()}
    assert ("休日夜間緊急診療所 患者数 休日(昼間)診療 合計", Decimal("5311")) in read
    assert not [label for label, _ in read if "夜間診療 " in label and "休日" not in label]
    assert residue(result) == {8: "row whose cells do not match the header's one for one"}


def test_tabs_printed_as_single_spaces_leave_table_rows_as_residue():
    result = parse([line.replace("\t", " ") for line in DOCUMENT], INFO)
    assert values(result) == {}
    table = range(len(HEAD) + 1, len(HEAD + NUMERICAL + KPI) + 1)
    assert set(table) <= set(residue(result))
    # rows that open with their label word still read: the word ends where the value starts
    [project] = [r for r in result.records if isinstance(r, Project)]
    assert project.name == "企業誘致活動等の推進"
    [budget] = [r for r in result.records if isinstance(r, Budget)]
    assert (budget.fiscal_year, budget.settlement_jpy) == (2022, Decimal(2204000))


def test_page_numbers_inside_a_table_do_not_end_it():
    lines = [*HEAD, *NUMERICAL, *KPI[:4], "", "- 3 -", "", "\f", *KPI[4:]]
    assert values(parse(lines, INFO)) == ORIGINAL


def test_budget_scaled_by_the_unit_its_label_prints():
    lines = [*HEAD, *PROJECTS[1:-1], "R4事業費(円)\t予算額 82,000 決算額 2,204"]
    [budget] = [r for r in parse(lines, INFO).records if isinstance(r, Budget)]
    assert (budget.budget_jpy, budget.settlement_jpy) == (Decimal(82000), Decimal(2204))
    lines[-1] = "R4事業費\t予算額 82,000 決算額 2,204"
    result = parse(lines, INFO)
    assert not [r for r in result.records if isinstance(r, Budget)]
    assert residue(result) == {len(lines): "budget without fiscal year, yen unit or amounts"}


def test_unexpected_lines_are_residue_never_an_error():
    lines = [
        "具体的施策\tKPI",
        "基本目標 I 生き生きと働けるしごとを創る",
        "具体的施策\tKPI",
        "\t\t\t\t実績値\t21",
        "数値目標\t目標値 (2024年度)",
        "\t0.6%増/年",
        "【事業名 企業立地の促進】",
        "具体的事業\t企業誘致活動等の推進",
        "R4事業費(千円)\t",
        "2 今後の取組方針",
    ]
    result = parse(lines, INFO)
    assert not [r for r in result.records if isinstance(r, Observation | Project)]
    assert set(residue(result)) == {1, 3, 4, 5, 6, 7, 8, 9, 10}
