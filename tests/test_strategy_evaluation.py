"""Golden tests of the 水戸市 strategy-evaluation parser, against values read in the source.

Line numbers in comments are those of data/sources/mito-sogo-senryaku-2-hyoka-r4.txt.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from munikg.model import (
    Budget,
    Department,
    DocumentHeading,
    DocumentInfo,
    Indicator,
    Observation,
    Period,
    Plan,
    PlanElement,
    Project,
    TextSection,
)
from munikg.parsers.strategy_evaluation import parse as parse_evaluation
from munikg.reading import read

FILE = "mito-sogo-senryaku-2-hyoka-r4.txt"
FY, CY = Period.fiscal_year, Period.calendar_year


@pytest.fixture(scope="module")
def records(parse):
    return parse(FILE).records


def of(records, cls):
    return [r for r in records if isinstance(r, cls)]


def find(records, indicator, role, period, component=None) -> Observation:
    found = [
        o
        for o in of(records, Observation)
        if (o.indicator, o.role, o.period, o.component)
        == (f"indicator:{indicator}", role, period, component)
    ]
    assert len(found) == 1, (indicator, role, period, component, found)
    return found[0]


# (indicator label, role, period, component, value or qualitative key, status, source line)
OBSERVATIONS = [
    # 数値目標 of goal I: a rate target per year, a baseline with its own year and a ※ source
    ("市民所得", "target", FY(2024), None, Decimal("0.6"), None, 24),
    ("市民所得", "baseline", FY(2016), None, Decimal("908115"), None, 24),
    ("生産年齢人口の就業率", "target", CY(2020), None, Decimal("72.0"), None, 25),
    ("生産年齢人口の就業率", "baseline", CY(2015), None, Decimal("69.3"), None, 25),
    # layout "具体的施策 KPI": values in another year than their column (126,471 (2020年度))
    ("市内製造品出荷額 (年間)", "target", FY(2024), None, Decimal("158600"), None, 29),
    ("市内製造品出荷額 (年間)", "baseline", FY(2017), None, Decimal("144529"), None, 29),
    ("市内製造品出荷額 (年間)", "expected", FY(2021), None, Decimal("151564"), None, 29),
    ("市内製造品出荷額 (年間)", "expected", FY(2023), None, Decimal("156254"), None, 29),
    ("市内製造品出荷額 (年間)", "actual", FY(2020), None, Decimal("126471"), "behind", 30),
    (
        "市内製造品出荷額 (年間)",
        "actual",
        FY(2021),
        None,
        Decimal("150965"),
        "roughly-on-track",
        30,
    ),
    # cumulative KPIs
    (
        "企業誘致による立地事業所数(累計)",
        "actual",
        FY(2022),
        None,
        Decimal("25"),
        "roughly-on-track",
        33,
    ),
    (
        "創業支援事業計画推進事業等による新規創業件数(累計)",
        "actual",
        FY(2022),
        None,
        Decimal("740"),
        "on-track",
        36,
    ),
    ("事業承継した事業所等の件数(累計)", "target", FY(2024), None, Decimal("20"), None, 38),
    ("事業承継した事業所等の件数(累計)", "baseline", FY(2018), None, "no-value", None, 38),
    # goal II: calendar years in the cells, 未算出※
    ("観光交流人口", "target", CY(2024), None, Decimal("4660000"), None, 81),
    ("観光交流人口", "baseline", CY(2018), None, Decimal("3676200"), None, 81),
    (
        "市内ICにおける降車台数 (年間下車台数)",
        "target",
        FY(2024),
        None,
        Decimal("7920000"),
        None,
        82,
    ),
    (
        "市内ICにおける降車台数 (年間下車台数)",
        "baseline",
        FY(2018),
        None,
        Decimal("7740667"),
        None,
        82,
    ),
    ("市内外国人観光客数(年間)", "target", CY(2024), None, Decimal("107000"), None, 86),
    ("市内外国人観光客数(年間)", "expected", CY(2022), None, Decimal("92800"), None, 86),
    ("市内外国人観光客数(年間)", "actual", CY(2021), None, "not-calculated", None, 87),
    ("市内外国人観光客数(年間)", "actual", CY(2022), None, "not-calculated", None, 87),
    (
        "誘致活動によるコンベンション開催数(年間)",
        "actual",
        FY(2021),
        None,
        Decimal("53"),
        "behind",
        90,
    ),
    (
        "大規模スポーツ大会(東日本大会以上)の開催・誘致数(年間)",
        "actual",
        FY(2021),
        None,
        Decimal("7"),
        "behind",
        96,
    ),
    (
        "大規模スポーツ大会(東日本大会以上)の開催・誘致数(年間)",
        "actual",
        FY(2022),
        None,
        Decimal("16"),
        "on-track",
        96,
    ),
    ("偕楽園の入込観光客数(年間)", "expected", CY(2021), None, Decimal("1109616"), None, 98),
    ("偕楽園の入込観光客数(年間)", "actual", CY(2022), None, Decimal("285075"), "behind", 99),
    ("弘道館の入込観光客数(年間)", "baseline", CY(2018), None, Decimal("87164"), None, 101),
    # goal III, layout "具体的施策 項目 KPI": ▲, compound values, shifted rows
    ("合計特殊出生率", "target", FY(2024), None, Decimal("1.70"), None, 143),
    ("子育て世帯の社会動態", "baseline", CY(2018), None, Decimal("-107"), None, 144),
    (
        "子育て支援・多世代交流事業の利用者数(市民センター子育て広場等を含む) (年間)",
        "actual",
        FY(2021),
        None,
        Decimal("23780"),
        None,
        149,
    ),
    ("開放学級待機児童数", "baseline", FY(2018), None, Decimal("111"), None, 150),
    ("開放学級待機児童数", "actual", FY(2022), None, Decimal("0"), None, 151),
    (
        "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
        "target",
        FY(2024),
        "小6",
        Decimal("2.0"),
        None,
        152,
    ),
    (
        "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
        "target",
        FY(2024),
        "中3",
        Decimal("3.0"),
        None,
        152,
    ),
    (
        "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
        "baseline",
        FY(2018),
        "小6",
        Decimal("0.3"),
        None,
        152,
    ),
    (
        "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
        "expected",
        FY(2022),
        "中3",
        Decimal("2.6"),
        None,
        152,
    ),
    (
        "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
        "actual",
        FY(2021),
        "小6",
        Decimal("-1.4"),
        "behind",
        153,
    ),
    (
        "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
        "actual",
        FY(2022),
        "中2",
        Decimal("-0.7"),
        "behind",
        153,
    ),
    # line 156: the measure cell is missing and the label starts the line
    ("小・中学校校舎トイレの洋式化率", "target", FY(2024), None, Decimal("100"), None, 156),
    ("小・中学校校舎トイレの洋式化率", "expected", FY(2023), None, Decimal("100.0"), None, 156),
    ("小・中学校校舎トイレの洋式化率", "actual", FY(2022), None, Decimal("93.6"), "on-track", 157),
    (
        "まちなか住みかえ支援事業利用件数(累計)",
        "actual",
        FY(2022),
        None,
        Decimal("189"),
        "roughly-on-track",
        160,
    ),
    # lines 163-164: 実績値/進捗状況 pushed to the start of the line, values left in place
    (
        "わくわく茨城生活実現事業における支援件数(年間)",
        "baseline",
        FY(2018),
        None,
        "no-value",
        None,
        162,
    ),
    (
        "わくわく茨城生活実現事業における支援件数(年間)",
        "actual",
        FY(2021),
        None,
        Decimal("1"),
        "behind",
        163,
    ),
    (
        "わくわく茨城生活実現事業における支援件数(年間)",
        "actual",
        FY(2022),
        None,
        Decimal("17"),
        "on-track",
        163,
    ),
    # goal IV: arrows ↗ ↘
    ("社会増(人口動態)", "target", CY(2024), None, Decimal("400"), None, 206),
    ("社会増(人口動態)", "baseline", CY(2018), None, Decimal("-177"), None, 206),
    (
        "水戸市安心・安全見守り隊参加団体・事業者数(累計)",
        "actual",
        FY(2021),
        None,
        Decimal("193"),
        "on-track",
        211,
    ),
    ("路線バス利用者数(一日当たり)", "actual", FY(2022), None, Decimal("24318"), "behind", 214),
    ("空家等件数", "actual", FY(2021), None, Decimal("775"), "on-track", 217),
    ("空家等件数", "actual", FY(2022), None, Decimal("804"), "roughly-on-track", 217),
    (
        "自主防災組織による防災訓練等の参加者数(年間)",
        "expected",
        FY(2023),
        None,
        Decimal("15000"),
        None,
        219,
    ),
    ("福祉ボランティアの活動件数(年間)", "actual", FY(2022), None, Decimal("318"), "behind", 223),
    ("産・学・官連携事業の数(累計)", "actual", FY(2022), None, Decimal("458"), "on-track", 226),
]


@pytest.mark.parametrize(
    ("label", "role", "period", "component", "value", "status", "line"), OBSERVATIONS
)
def test_observation(records, label, role, period, component, value, status, line):
    observation = find(records, label, role, period, component)
    if isinstance(value, Decimal):
        assert (observation.value, observation.qualitative) == (value, None)
        assert str(observation.value) == str(value)  # as stated: 1.70 stays 1.70
    else:
        assert (observation.value, observation.qualitative) == (None, value)
    assert observation.status == status
    assert observation.span.first == line
    assert observation.revision == 0


def test_observation_details(records):
    income = find(records, "市民所得", "target", FY(2024))
    assert (income.raw, income.unit, income.per_year) == ("0.6%増/年", "percent", True)
    income_base = find(records, "市民所得", "baseline", FY(2016))
    assert (income_base.unit, income_base.note) == ("million-yen", "県統計課2021年度")
    foreign = find(records, "市内外国人観光客数(年間)", "actual", CY(2021))
    assert foreign.raw == "未算出※ (2021年)"
    assert foreign.note == "新型コロナの影響により国調査未実施のため、未算出。"  # line 88
    test = "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)"
    grade8 = find(records, test, "actual", FY(2021), "中2")
    assert grade8.raw == "[中2]-1.0※"
    assert grade8.note.startswith("中3のテストが廃止となったため")  # line 155
    assert find(records, test, "actual", FY(2021), "小6").note is None
    assert find(records, "開放学級待機児童数", "baseline", FY(2018)).raw == "111 (年度末)"
    assert find(records, "事業承継した事業所等の件数(累計)", "baseline", FY(2018)).raw == "-"


def test_statuses_only_on_actual_values(records):
    observations = of(records, Observation)
    assert all(o.status is None for o in observations if o.role != "actual")
    with_status = [o for o in observations if o.status]
    # 18 KPIs have statuses for 2021 and 2022; the test scores have two components each
    assert len(with_status) == 18 * 2 + 2
    assert sum(o.status == "on-track" for o in with_status) == 11


def test_observation_counts(records):
    indicators = {i.key: i for i in of(records, Indicator)}
    counted = [o for o in of(records, Observation) if indicators[o.indicator].kind != "statistic"]
    kinds = [indicators[o.indicator].kind for o in counted]
    assert kinds.count("numerical-target") == 14  # 7 indicators x target and baseline
    # 22 KPIs x (target, baseline, 3 expected, 2 actual), + 7 for the second component of
    # the test scores, - 5 for 事業承継 (no expected or actual value, line 38-40)
    assert kinds.count("kpi") == 22 * 7 + 7 - 5
    assert not [o for o in counted if o.value is None and o.qualitative is None]


def test_goals_and_measures(records):
    elements = of(records, PlanElement)
    goals = [(e.number, e.title, e.parent) for e in elements if e.kind == "basic-goal"]
    assert goals == [
        ("I", "生き生きと働けるしごとを創る", "plan"),
        ("II", "新たなひとの流れを生み出す", "plan"),
        ("III", "結婚・出産・子育てを応援する", "plan"),
        ("IV", "誰もが安全で安心して健やかに暮らせる,個性輝くまちを創る", "plan"),
    ]
    measures = {e.key: e for e in elements if e.kind == "measure"}
    assert list(measures) == [
        "measure:I-1",
        "measure:I-2",
        "measure:II-1",
        "measure:II-2",
        "measure:II-3",
        "measure:III-1",
        "measure:III-2",
        "measure:III-3",
        "measure:IV-1",
        "measure:IV-2",
        "measure:IV-3",
    ]
    assert measures["measure:I-2"].title == "多様な雇用の場の創出, 地域雇用の促進"  # line 35
    assert measures["measure:III-1"].title == "安心して子どもを生み育てることのできる環境の充実"
    assert measures["measure:III-1"].span.first == 148
    assert measures["measure:IV-2"].parent == "goal:IV"


def test_indicators(records):
    indicators = {i.key.removeprefix("indicator:"): i for i in of(records, Indicator)}
    kpis = {k: i for k, i in indicators.items() if i.kind == "kpi"}
    targets = {k: i for k, i in indicators.items() if i.kind == "numerical-target"}
    assert len(kpis) == 22
    assert len(targets) == 7
    assert all(i.departments == () for i in indicators.values())
    assert targets["市民所得"].members_of == ("goal:I",)
    assert targets["合計特殊出生率"].unit is None
    assert targets["子育て世帯の社会動態"].unit == "household"
    assert kpis["小・中学校校舎トイレの洋式化率"].members_of == ("measure:III-2",)  # line 156
    assert kpis["小・中学校校舎トイレの洋式化率"].unit == "percent"
    assert kpis["わくわく茨城生活実現事業における支援件数(年間)"].members_of == ("measure:III-3",)
    assert kpis["企業誘致による立地事業所数(累計)"].unit == "establishment"
    assert kpis["水戸市安心・安全見守り隊参加団体・事業者数(累計)"].unit == "group"
    assert kpis["学力診断のためのテスト(県)の各教科における平均点(県平均との比較)"].unit == "point"


def test_notes(records):
    notes = [
        (n.subject, n.text, n.span.first) for n in of(records, TextSection) if n.kind == "note"
    ]
    assert notes == [
        (
            "indicator:事業承継した事業所等の件数(累計)",
            "市町村別データが非公表となったため、今後 KPI の項目としては用いないこととする。",
            40,
        ),
        (
            "indicator:市内外国人観光客数(年間)",
            "新型コロナの影響により国調査未実施のため、未算出。",
            88,
        ),
        (
            "indicator:学力診断のためのテスト(県)の各教科における平均点(県平均との比較)",
            "中3のテストが廃止となったため、小6の実績値のみで評価。参考として中2の実績値を掲載。",
            155,
        ),
    ]


def test_evaluation_texts(records):
    sections = [s for s in of(records, TextSection) if s.subject.startswith("goal:")]
    spans = [(s.subject, s.kind, s.span.first, s.span.last) for s in sections]
    assert spans == [
        ("goal:I", "evaluation", 13, 17),
        ("goal:I", "policy-direction", 19, 21),
        ("goal:II", "evaluation", 70, 74),
        ("goal:II", "policy-direction", 76, 78),
        ("goal:III", "evaluation", 132, 136),
        ("goal:III", "policy-direction", 138, 140),
        ("goal:IV", "evaluation", 195, 199),
        ("goal:IV", "policy-direction", 201, 203),
    ]
    first = sections[0]
    assert first.title == "取組の概要と評価"
    assert first.text.startswith("新型コロナウイルス感染症の感染拡大やエネルギー価格等の高騰など")
    assert first.text.endswith("各事業のさらなる推進が必要であると評価する。")
    assert first.text.count("\n") == 1  # two paragraphs
    assert sections[7].text.endswith("誰もが安心して暮らせるまちの実現を目指す。")


# (project, budget 千円, settlement 千円, first line, last line) — every 事業費 line
BUDGETS = [
    ("工業振興支援事業", 31077, 26443, 50, 50),
    ("企業誘致活動等の推進", 82000, 2204, 55, 55),
    ("創業支援事業", 6900, 5240, 61, 61),
    ("地方出身者向け企業説明会の開催", 6569, 4097, 66, 66),
    ("多様なツールを活用した効果的な情報発信", 12188, 11231, 113, 113),
    ("各種まつり開催事業", 61350, 34201, 117, 117),
    ("コンベンション誘致推進事業", 9800, 5715, 122, 122),
    ("水戸黄門漫遊マラソンの開催", 23500, 22600, 128, 128),
    ("子育て支援・多世代交流センターの管理・運営", 88559, 86232, 174, 174),
    ("ICTを活用した情報教育の推進", 49159, 45039, 180, 180),
    ("小・中学校校舎のトイレ洋式化の推進", 26800, 11323, 185, 185),
    ("移住検討者を対象とする暮らしの魅力発信事業", 3834, 2671, 191, 191),
    ("休日夜間緊急診療所の運営", 204559, 199598, 240, 241),
    ("地域公共交通の再編", 50160, 49665, 246, 247),
    ("防災訓練の充実、応急給水体制の充実", 3905, 1999, 253, 254),
    ("ICTを活用した新たなサービスの調査・研究", 4993, 4840, 260, 261),
]


def test_budgets(records):
    budgets = [
        (
            b.project.removeprefix("project:"),
            b.budget_jpy / 1000,
            b.settlement_jpy / 1000,
            b.span.first,
            b.span.last,
        )
        for b in of(records, Budget)
    ]
    assert budgets == BUDGETS
    assert {b.fiscal_year for b in of(records, Budget)} == {2022}
    first = of(records, Budget)[0]
    assert (first.budget_jpy, first.raw) == (
        Decimal(31077000),
        "R4事業費(千円) 予算額31,077決算額26,443",
    )


def test_projects_and_groups(records):
    projects = {p.name: p for p in of(records, Project)}
    assert list(projects) == [name for name, *_ in BUDGETS]
    groups = {e.key: e for e in of(records, PlanElement) if e.kind == "project-group"}
    assert len(groups) == 15  # one 【事業名 …】 line each (46, 51, 57, 62, 109, …, 256)
    assert groups["group:II-1-1"].title == "戦略的なイベントの展開, PR活動の強化"  # line 109
    assert groups["group:II-1-1"].parent == "measure:II-1"
    # two projects under one 【事業名】 (lines 110 and 114)
    assert projects["多様なツールを活用した効果的な情報発信"].parent == "group:II-1-1"
    assert projects["各種まつり開催事業"].parent == "group:II-1-1"
    assert projects["休日夜間緊急診療所の運営"].parent == "group:IV-1-1"
    assert groups["group:IV-1-1"].title == "安心して医療サービスを受けられる環境づくり"
    sections = of(records, TextSection)
    purposes = [s for s in sections if s.kind == "purpose"]
    achievements = [s for s in sections if s.kind == "achievements"]
    assert len(purposes) == 16
    assert len(achievements) == 15  # the clinic reports a table instead (lines 236-239)
    marathon = next(s for s in achievements if s.subject == "project:水戸黄門漫遊マラソンの開催")
    assert marathon.title == "R4年度の実績・件数"
    assert marathon.text.endswith("参加者数:7,942人")  # line 127
    assert not any("<ul" in s.text for s in sections)


CLINIC = [
    ("休日(昼間)診療", "内科", 2272),
    ("休日(昼間)診療", "小児科", 2038),
    ("休日(昼間)診療", "外科", 649),
    ("休日(昼間)診療", "歯科", 352),
    ("休日(昼間)診療", "合計", 5311),
    ("夜間診療", "内科", 1694),
    ("夜間診療", "小児科", 2214),
    ("夜間診療", "合計", 3908),
    ("計", "内科", 3966),
    ("計", "小児科", 4252),
    ("計", "外科", 649),
    ("計", "歯科", 352),
    ("計", "合計", 9219),
]


def test_clinic_table(records):
    statistics = {i.key: i for i in of(records, Indicator) if i.kind == "statistic"}
    assert len(statistics) == len(CLINIC)  # empty cells (夜間診療 外科, 歯科) give nothing
    for row, column, value in CLINIC:
        label = f"休日夜間緊急診療所 患者数 {row} {column}"
        indicator = statistics[f"indicator:{label}"]
        assert (indicator.label, indicator.unit) == (label, "person")
        assert indicator.subject == "project:休日夜間緊急診療所の運営"
        assert find(records, label, "actual", FY(2022)).value == value
    assert find(records, "休日夜間緊急診療所 患者数 計 合計", "actual", FY(2022)).span.first == 239


def test_heading_plan_and_publisher(records):
    headings = [(h.text, h.span.first, h.span.last) for h in of(records, DocumentHeading)]
    assert headings == [
        ("令和4年度 水戸市まち・ひと・しごと創生総合戦略(第2次)の評価", 3, 5),
        ("水戸市まち・ひと・しごと創生総合戦略(第2次)の評価(案)について", 9, 9),
    ]
    [plan] = of(records, Plan)
    assert (plan.key, plan.title, plan.kind) == (
        "plan",
        "水戸市まち・ひと・しごと創生総合戦略(第2次)",
        "revitalisation-strategy",
    )
    assert [d.name for d in of(records, Department)] == ["水戸市まち・ひと・しごと創生推進本部"]


def test_residue(parse, document_build):
    built = document_build(FILE)
    residue = built.residue
    assert [(r.line, r.reason) for r in residue] == [(39, "実績値 row without values")]
    assert len(residue) / built.non_blank <= 0.02
    assert parse(FILE).residue == residue


def test_shacl(document_build):
    assert document_build(FILE).report.violations == []


INFO = DocumentInfo("x.txt", "水戸市", "082015", "strategy-evaluation", "x", 2022, "水戸市")


def test_relisted_kpi_is_one_indicator_of_both_measures():
    lines = [
        "水戸市まち・ひと・しごと創生総合戦略(第2次)の評価",
        "基本目標 I しごとを創る",
        "具体的施策\tKPI",
        "\t項目\t目標値 (2024年度)\t基準値 (2018年度)\t\t2021年度",
        "(1) 施策A\t指標X 単位:件\t10\t5\t期待値\t7",
        "\t\t\t\t実績値\t8",
        "(2) 施策B\t指標X(再掲) 単位:件\t10\t5\t期待値\t7",
        "\t\t\t\t実績値\t8",
    ]
    result = parse_evaluation(read(lines), INFO)
    [indicator] = of(result.records, Indicator)
    assert (indicator.label, indicator.unit) == ("指標X", "case")
    assert indicator.members_of == ("measure:I-1", "measure:I-2")
    assert len(of(result.records, Observation)) == 4
    assert result.consumed == set(range(1, 9))
    assert result.residue == []
