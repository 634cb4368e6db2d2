"""Golden tests: つくばみらい市 strategy progress report (令和5年度), values read from the source.

Line numbers in comments and in the expectations are source lines of the document.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from munikg.model import Department, Indicator, Observation, Period, Plan, PlanElement, TextSection

FILE = "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"
FY2021, FY2022, FY2023, FY2024 = (Period.fiscal_year(y) for y in (2021, 2022, 2023, 2024))
R2_R4 = Period(date(2020, 4, 1), date(2023, 3, 31))
R2_R5 = Period(date(2020, 4, 1), date(2024, 3, 31))
R2_R6 = Period(date(2020, 4, 1), date(2025, 3, 31))

EMPLOYEES = "企業立地優遇制度の対象となった企業に勤める市内在住の新規雇用者数(非正規雇用含む)"
STARTUPS = "創業支援事業の利用者数(特定創業支援事業により支援を受けたことの証明書交付者)"
INDUSTRIAL_PARK = "福岡工業団地土地区画整理事業の進捗割合(整備率)"
FARM = "みらい型農園の利用者数"
CIVIC_TRIAL = "市民活動体験事業の参加者数"
PATERNITY = "男性が育児休業制度を利用した事業所数"
AGRICULTURE = "農業産出額(農林水産省統計)"
SCHOOL_MEALS = "学校給食における地元農産物の使用割合"
COMPANIES = "市内の法人数"
NEW_COMPANIES = "新規設立企業(法人)数"
FOLLOWERS = "市のソーシャルメディアにおけるフォロワー数"
VACANT_HOUSES = "空家利活用件数"
COMMUNITY_GRANT = "ふれあいコミュニティ補助金利用団体数"
MUSEUM = "間宮林蔵生家及び記念館来館者数"
MIGRATION = "20歳~49歳の社会動態の状況(転入者数-転出者数)"
MOVING = "引越しワンストップサービス体制の構築"
MATCHMAKING = "いばらき出会いサポートセンターの入会者数"
WAITING_CHILDREN = "保育所待機児童数"
AFTER_SCHOOL = "放課後子ども教室の参加者数"
FATHERS = "男性の育児参加や出産・育児に備える教室に参加する人数"
CHILD_CAFETERIAS = "こども食堂開設箇所数"
SMART_IC = "スマートインターチェンジの設置"
CLOUD = "近隣自治体との自治体クラウド構築"
RESILIENCE = "国土強靭化地域計画の策定"
DISASTER_AGREEMENTS = "災害時応援協定の締結数"
ACCIDENTS = "人身事故件数(人口千人当たり)"
LED = "防犯灯LED化率"
PERCENT, PERSON, CASE, COMPANY = "percent", "person", "case", "company"
OKU_YEN = "hundred-million-yen"  # 億円

# (line, label, role, revision, period, component, value or qualitative key, unit, per year, raw)
OBSERVATIONS = [
    # cumulative periods printed under the value, 目標値修正 with its own annotation (23-45)
    (23, EMPLOYEES, "actual", 0, R2_R4, None, "242", PERSON, False, "242人 (R2~R4累計)"),
    (29, EMPLOYEES, "actual", 0, R2_R5, None, "299", PERSON, False, "299人 (R2~R5累計)"),
    (35, EMPLOYEES, "target", 0, R2_R6, None, "250", PERSON, False, "250人 (R2~R6累計)"),
    (41, EMPLOYEES, "target", 1, R2_R6, None, "330", PERSON, False, "330人 (R2~R6累計)"),
    # several cells on one line with the label wrapped above (65)
    (65, STARTUPS, "actual", 0, FY2022, None, "6", PERSON, True, "6人/年"),
    (65, STARTUPS, "actual", 0, FY2023, None, "2", PERSON, True, "2人/年"),
    (65, STARTUPS, "target", 0, FY2024, None, "7", PERSON, True, "7人/年"),
    # "28.0億円/" + "年" + "(R3)": a value of another year than its column (130-146)
    (130, AGRICULTURE, "actual", 0, FY2021, None, "28.0", OKU_YEN, True, "28.0億円/年 (R3)"),
    (142, AGRICULTURE, "target", 0, FY2023, None, "46.8", OKU_YEN, True, "46.8億円/年 (R5)"),
    # revision chain 65.5％ ↓ 70.0％ (166-170)
    (166, SCHOOL_MEALS, "target", 0, FY2024, None, "65.5", PERCENT, False, "65.5%"),
    (170, SCHOOL_MEALS, "target", 1, FY2024, None, "70.0", PERCENT, False, "70.0%"),
    # chain of three targets, then 目標値修正 1,300社 on the verification's line (180-190)
    (180, COMPANIES, "actual", 0, FY2022, None, "1137", COMPANY, False, "1,137社"),
    (180, COMPANIES, "target", 0, FY2024, None, "1050", COMPANY, False, "1,050社"),
    (184, COMPANIES, "target", 1, FY2024, None, "1100", COMPANY, False, "1,100社"),
    (188, COMPANIES, "target", 2, FY2024, None, "1150", COMPANY, False, "1,150社"),
    (190, COMPANIES, "target", 3, FY2024, None, "1300", COMPANY, False, "1,300社"),
    # 80社/年 ↓ 90社/年 ↓ 125社/年 (251-259)
    (251, NEW_COMPANIES, "target", 0, FY2024, None, "80", COMPANY, True, "80社/年"),
    (255, NEW_COMPANIES, "target", 1, FY2024, None, "90", COMPANY, True, "90社/年"),
    (259, NEW_COMPANIES, "target", 2, FY2024, None, "125", COMPANY, True, "125社/年"),
    # compound values 第 1期 100％ 第 2期 84％ (279-301)
    (281, INDUSTRIAL_PARK, "actual", 0, FY2022, "第1期", "100", PERCENT, False, "第1期100%"),
    (285, INDUSTRIAL_PARK, "actual", 0, FY2022, "第2期", "84", PERCENT, False, "第2期84%"),
    (293, INDUSTRIAL_PARK, "actual", 0, FY2023, "第2期", "100", PERCENT, False, "第2期100%"),
    (301, INDUSTRIAL_PARK, "target", 0, FY2024, "第2期", "100", PERCENT, False, "第2期100%"),
    # 15,000 件 with a space, then 目標値修正 18,000件 (323)
    (323, FOLLOWERS, "target", 0, FY2024, None, "15000", CASE, False, "15,000件"),
    (323, FOLLOWERS, "target", 1, FY2024, None, "18000", CASE, False, "18,000件"),
    # 25 件 ↓ 77 件 (R2～R6 累計): the annotation dates both revisions (367-375)
    (367, VACANT_HOUSES, "target", 0, R2_R6, None, "25", CASE, False, "25件"),
    (371, VACANT_HOUSES, "target", 1, R2_R6, None, "77", CASE, False, "77件 (R2~R6累計)"),
    # qualitative 廃止 beside numbers (430)
    (430, COMMUNITY_GRANT, "actual", 0, FY2022, None, "2", "group", True, "2団体/年"),
    (430, COMMUNITY_GRANT, "actual", 0, FY2023, None, "abolished", None, False, "廃止"),
    (444, "市内行政区数", "target", 1, FY2024, None, "219", "district", False, "219行政区"),
    # "3,505人/" + "年" split over two lines (458-460)
    (458, MUSEUM, "actual", 0, FY2023, None, "3505", PERSON, True, "3,505人/年"),
    (486, MIGRATION, "target", 2, FY2024, None, "550", PERSON, False, "550人"),
    (573, MOVING, "actual", 0, FY2023, None, "built", None, False, "構築"),
    # "－" in an actual column is no value, not zero (715)
    (715, MATCHMAKING, "actual", 0, FY2023, None, "no-value", None, False, "-"),
    (719, MATCHMAKING, "target", 1, FY2024, None, "25", PERSON, True, "25人/年"),
    # 0 is a number (810)
    (810, WAITING_CHILDREN, "actual", 0, FY2023, None, "0", PERSON, False, "0人"),
    (810, WAITING_CHILDREN, "target", 0, FY2024, None, "0", PERSON, False, "0人"),
    (844, "産科の誘致", "actual", 0, FY2022, None, "attracted", None, False, "誘致"),
    # "13,000 人/" + "年" (912-914)
    (912, AFTER_SCHOOL, "target", 0, FY2024, None, "13000", PERSON, True, "13,000人/年"),
    (987, FATHERS, "target", 1, FY2024, None, "200", PERSON, True, "200人/年"),
    # 13業所: printed without 事 (1003)
    (1003, PATERNITY, "actual", 0, FY2022, None, "13", "establishment", False, "13業所"),
    (1007, PATERNITY, "target", 1, FY2024, None, "40", "establishment", False, "40事業所"),
    (1144, CHILD_CAFETERIAS, "target", 1, FY2024, None, "7", "place", False, "7箇所"),
    (1217, SMART_IC, "actual", 0, FY2022, None, "not-installed", None, False, "未設置"),
    (1217, SMART_IC, "target", 0, FY2024, None, "installed", None, False, "設置"),
    (1302, CLOUD, "actual", 0, FY2023, None, "not-built", None, False, "未構築"),
    (1381, RESILIENCE, "target", 0, FY2024, None, "formulated", None, False, "策定"),
    # chain 50 件 ↓ 60 件, then 目標値修正 62件 (1349-1355)
    (1353, DISASTER_AGREEMENTS, "target", 1, FY2024, None, "60", CASE, False, "60件"),
    (1355, DISASTER_AGREEMENTS, "target", 2, FY2024, None, "62", CASE, False, "62件"),
    (1407, ACCIDENTS, "actual", 0, FY2022, None, "2.07", CASE, False, "2.07件"),
    (1413, ACCIDENTS, "target", 2, FY2024, None, "1.40", CASE, False, "1.40件"),
    (1429, LED, "target", 2, FY2024, None, "96.5", PERCENT, False, "96.5%"),
]

DEPARTMENTS = {
    "企画政策課",
    "産業経済課",
    "学校総務課",
    "プロジェクト推進課",
    "秘書広報課",
    "住まい開発政策課",
    "地域推進課",
    "生涯学習課",
    "市民窓口課",
    "みらいこども課",
    "健康増進課",
    "おやこ・まるまるサポートセンター",
    "教育指導課",
    "社会福祉課",
    "都市計画課",
    "建設課",
    "介護福祉課",
    "行政経営デジタル戦略課",
    "防災課",
    "生活環境課",
}


@pytest.fixture(scope="module")
def records(parse):
    return parse(FILE).records


def of(records, kind):
    return [r for r in records if isinstance(r, kind)]


@pytest.fixture(scope="module")
def indicators(records):
    return {i.label: i for i in of(records, Indicator)}


@pytest.mark.parametrize("expected", OBSERVATIONS, ids=lambda e: f"{e[0]}-{e[2]}-{e[3]}")
def test_observation(records, expected):
    line, label, role, revision, period, component, value, unit, per_year, raw = expected
    found = [
        o
        for o in of(records, Observation)
        if (o.indicator, o.role, o.revision, o.period, o.component)
        == (f"kpi:{label}", role, revision, period, component)
    ]
    assert len(found) == 1
    o = found[0]
    if value[0].isdigit():
        assert (o.value, o.qualitative) == (Decimal(value), None)
    else:
        assert (o.value, o.qualitative) == (None, value)
    assert (o.unit, o.per_year, o.raw, o.span.first) == (unit, per_year, raw, line)


def test_plan_goals_and_measures(records):
    (plan,) = of(records, Plan)
    assert (plan.key, plan.kind) == ("plan", "revitalisation-strategy")
    assert plan.title == "第2期つくばみらい市まち・ひと・しごと創生総合戦略"
    goals = [e for e in of(records, PlanElement) if e.kind == "basic-goal"]
    assert [(g.number, g.title, g.subtitle, g.span.first) for g in goals] == [
        ("1", "“みらい”に向かって活力あるまちをつくる", "地域経済の活性化", 7),
        ("2", "“みらい”を感じて住み続けられるまちをつくる", "定住・交流促進", 313),
        ("3", "新しい“みらい”を描けるまちをつくる", "結婚・子育て支援", 703),
        ("4", "安心した“みらい”があるまちをつくる", "安全・安心の暮らし", 1153),
    ]
    measures = {e.key: e for e in of(records, PlanElement) if e.kind == "measure"}
    assert len(measures) == 12  # 3 + 3 + 4 + 2
    assert (measures["measure:1-1"].title, measures["measure:1-1"].parent) == (
        "働く場の創出と支援",
        "goal:1",
    )
    assert measures["measure:3-4"].title == "子育て等に対する経済的支援"  # line 1068
    assert measures["measure:4-2"].title == "安全・安心なまちづくり"  # line 1345


def test_every_department_of_the_document(records):
    departments = of(records, Department)
    assert {d.name for d in departments} == DEPARTMENTS
    assert len(departments) == len(DEPARTMENTS)  # one record per department


@pytest.mark.parametrize(
    ("label", "departments"),
    [
        (INDUSTRIAL_PARK, ("プロジェクト推進課",)),  # プロジェク / ト推進課, 275-277
        (VACANT_HOUSES, ("住まい開発政策課",)),  # 351-353
        (WAITING_CHILDREN, ("みらいこども課",)),  # 806-808
        ("年少人口の割合", ("おやこ・まるまるサポートセンター",)),  # 852-858
        (CLOUD, ("行政経営デジタル戦略課",)),  # 1296-1300
        (SCHOOL_MEALS, ("産業経済課", "学校総務課")),  # 162-164
        ("街頭防犯カメラ設置台数", ("防災課", "生活環境課")),  # 1387-1389
        (CHILD_CAFETERIAS, ("社会福祉課", "みらいこども課")),  # 1134-1138
    ],
)
def test_wrapped_and_shared_departments(indicators, label, departments):
    assert indicators[label].departments == departments


@pytest.mark.parametrize(
    ("label", "measures", "observations"),
    [
        (INDUSTRIAL_PARK, ("measure:1-3", "measure:2-2"), 6),  # 269, 527 (再掲)
        (FARM, ("measure:1-2", "measure:2-3"), 3),  # 204, 626 (再掲)
        (CIVIC_TRIAL, ("measure:2-3", "measure:3-1"), 3),  # 646, 771 (再掲)
    ],
)
def test_relisted_kpi_is_one_indicator(records, label, measures, observations):
    found = [i for i in of(records, Indicator) if i.label == label]
    assert len(found) == 1
    assert found[0].members_of == measures
    assert len([o for o in of(records, Observation) if o.indicator == f"kpi:{label}"]) == (
        observations
    )
    sections = [t for t in of(records, TextSection) if t.subject == f"kpi:{label}"]
    assert len([t for t in sections if t.kind == "verification"]) == 1


def test_relisted_lines_are_consumed(parse):
    consumed = parse(FILE).consumed
    assert {531, 543, 567, 628, 630, 632, 644, 773, 787, 801} <= consumed


def test_labels_notes_and_verification(records, indicators):
    assert EMPLOYEES in indicators  # wrapped over 15-21
    assert "ALT 派遣事業の派遣人数" in indicators  # 925, label and cells on one line
    notes = {
        t.subject: (t.text, t.span.first) for t in of(records, TextSection) if t.kind == "note"
    }
    assert notes == {
        f"kpi:{FARM}": ("※不耕作地斡旋者数", 206),
        "kpi:成人式参加率": ("※令和4年度からは「二十歳の集い」", 757),
    }
    verification = {t.subject: t for t in of(records, TextSection) if t.kind == "verification"}
    assert len(verification) == len(indicators) == 61
    strengthening = verification[f"kpi:{RESILIENCE}"]
    assert (
        strengthening.text == "国土強靭化に係る事業が他課から挙げられた場合は計画に追加していく。"
    )
    assert (strengthening.span.first, strengthening.span.last) == (1381, 1383)
    media = verification[f"kpi:{FOLLOWERS}"].text
    assert media.startswith("各課が積極的にX(旧 Twitter)を活用できるようなシステムを構築し")
    assert "“I LIVE IN TSUKUBAMIRAI”" in media  # Latin words wrapped over 325-327
    assert media.endswith("10月より稼働を開始した。")
    sakura = verification["kpi:福岡堰桜並木の市外来訪者割合"]
    assert sakura.text.endswith("※福岡堰さくらまつり開催中の有料駐車場で聞き取り調査を実施。")


def test_dash_in_revised_target_column_adds_nothing(records):
    startups = [o for o in of(records, Observation) if o.indicator == f"kpi:{STARTUPS}"]
    assert len(startups) == 3  # 65: 6人/年 2人/年 7人/年 －


def test_truncated_unit_is_noted(records):
    (misprint,) = [o for o in of(records, Observation) if o.raw == "13業所"]
    assert misprint.note == "単位「業所」を「事業所」と読んだ"


def test_indicator_units(indicators):
    assert indicators[PATERNITY].unit == "establishment"
    assert indicators[AGRICULTURE].unit == OKU_YEN
    assert indicators["産科の誘致"].unit is None  # qualitative only


def test_counts(records):
    assert len(of(records, Indicator)) == 61
    assert len(of(records, Observation)) == 220


def test_document_accounts_for_every_line_and_validates(document_build):
    build = document_build(FILE)
    assert build.non_blank == 691
    assert build.residue == []
    assert build.report.violations == []


@pytest.fixture(scope="module")
def kpi_rows(query):
    table = query("kpi-observations", city="つくばみらい市")
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_query_lists_each_value_once(kpi_rows):
    assert len(kpi_rows) == 220
    assert {(r["city_code"], r["document"]) for r in kpi_rows} == {("082350", FILE)}
    assert len([r for r in kpi_rows if r["kpi"] == INDUSTRIAL_PARK]) == 6  # 再掲 not doubled


def test_query_revision_chain_and_revised_target(kpi_rows):
    targets = [
        (r["revision"], r["value"], r["unit"], r["source_line"])
        for r in kpi_rows
        if r["kpi"] == COMPANIES and r["role"] == "target"
    ]
    assert targets == [  # 180-190: 1,050社 ↓ 1,100社 ↓ 1,150社, then 目標値修正 1,300社
        ("0", "1050", "社", "180"),
        ("1", "1100", "社", "184"),
        ("2", "1150", "社", "188"),
        ("3", "1300", "社", "190"),
    ]


def test_query_cumulative_period_and_no_value(kpi_rows):
    (employees,) = [r for r in kpi_rows if r["kpi"] == EMPLOYEES and r["source_line"] == "23"]
    assert (employees["period_start"], employees["period_end"], employees["value"]) == (
        "2020-04-01",
        "2023-03-31",
        "242",
    )
    (dash,) = [r for r in kpi_rows if r["kpi"] == MATCHMAKING and r["raw"] == "-"]
    assert (dash["role"], dash["value"], dash["qualitative"], dash["period_start"]) == (
        "actual",
        "",
        "値なし",
        "2023-04-01",
    )
