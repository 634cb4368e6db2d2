"""The KPI half of the saved-query catalogue (issue 6) on the graph built from all sources.

Expected rows were read in the sources; line numbers are theirs: mito-sogo-senryaku-2-hyoka-r4.txt
(水戸市, FY2022 evaluation: 目標値 (2024年度), 期待値/実績値 2021-2023, 進捗状況),
hitachi-sogo-keikaku-bunya6.txt (日立市, 後期計画 (H28) / 現状値 (R3) / 目標値 (R8)),
hitachi-johoka-action-plan-r2.txt (日立市, FY2020 achievements) and
tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt (つくばみらい市, 実績値 R4/R5, 目標値 R6 with ↓
revisions and 目標値修正). Progress figures are the quotients of the quoted values.
"""

from __future__ import annotations

import pyoxigraph
import pytest

from munikg import queries

MITO = ("082015", "水戸市")
HITACHI = ("082023", "日立市")
TSUKUBAMIRAI = ("082350", "つくばみらい市")
MITO_STRATEGY = "mito-sogo-senryaku-2-hyoka-r4.txt"
HITACHI_PLAN = "hitachi-sogo-keikaku-bunya6.txt"
HITACHI_ACTIONS = "hitachi-johoka-action-plan-r2.txt"
TSUKUBAMIRAI_PROGRESS = "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"
FY = {year: (f"{year}-04-01", f"{year + 1}-03-31") for year in range(2015, 2028)}
CY = {year: (f"{year}-01-01", f"{year}-12-31") for year in range(2015, 2028)}
NO_PERIOD = ("", "")


def records(table: queries.Table) -> list[dict[str, str]]:
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def of_city(table: queries.Table, city: tuple[str, str]) -> list[list[str]]:
    return [row for row in table.rows if tuple(row[:2]) == city]


@pytest.mark.parametrize(
    "name",
    [
        "kpi-dashboard",
        "kpis-behind",
        "kpis-by-theme",
        "target-revisions",
        "population-kpis",
        "data-gaps",
        "city-promotion",
        "theme-coverage",
    ],
)
def test_header_names_the_columns_returned(query, name):
    assert query(name).columns == queries.resolve(name).columns


# -- kpi-dashboard ---------------------------------------------------------------------------

DASHBOARD_COLUMNS = [
    "city_code",
    "city",
    "kpi",
    "component",
    "unit",
    "lower_is_better",
    "latest_actual",
    "actual_period_start",
    "actual_period_end",
    "target",
    "target_revision",
    "target_period_start",
    "target_period_end",
    "progress",
    "status",
    "document",
    "source_line",
    "target_source_line",
]


# fmt: off
def dashboard_row(
    city, document, kpi, unit, lower, actual, actual_period, target, revision, target_period,
    progress, status, line, target_line, component="",
):
    return [
        *city, kpi, component, unit, lower, actual, *actual_period, target, revision,
        *target_period, progress, status, document, line, target_line,
    ]
# fmt: on


def mito_dashboard(*values, component=""):
    return dashboard_row(MITO, MITO_STRATEGY, *values, component=component)


TEST = "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)"
# Every row of 水戸市 (lines 23-226): the latest actual is the 2022年度 column where one is given
# (the 2021年度 column holds FY2020, the 2022年度 column FY2021 for 市内製造品出荷額, line 30);
# every target is 目標値 (2024年度) or the calendar year 2024 where the cell says (2024年).
# fmt: off
MITO_DASHBOARD = [
    mito_dashboard(
        "市民所得", "%", "false", "", NO_PERIOD, "0.6", "0", FY[2024], "", "", "24", "24"
    ),
    mito_dashboard(
        "生産年齢人口の就業率", "%", "false", "", NO_PERIOD, "72", "0", CY[2020], "", "", "25", "25"
    ),
    mito_dashboard(
        "市内製造品出荷額 (年間)", "百万円", "false", "150965", FY[2021], "158600", "0", FY[2024],
        "0.9519", "概ね順調", "30", "29",
    ),
    mito_dashboard(
        "企業誘致による立地事業所数(累計)", "事業所", "false", "25", FY[2022], "40", "0", FY[2024],
        "0.6250", "概ね順調", "33", "32",
    ),
    mito_dashboard(
        "創業支援事業計画推進事業等による新規創業件数(累計)", "件", "false", "740", FY[2022], "650",
        "0", FY[2024], "1.1385", "順調", "36", "35",
    ),
    mito_dashboard(  # 期待値/実績値 left blank: no actual (lines 38-40)
        "事業承継した事業所等の件数(累計)", "件", "false", "", NO_PERIOD, "20", "0", FY[2024], "",
        "", "38", "38",
    ),
    mito_dashboard(
        "観光交流人口", "人", "false", "", NO_PERIOD, "4660000", "0", CY[2024], "", "", "81", "81"
    ),
    mito_dashboard(  # no 単位 in the source (line 82)
        "市内ICにおける降車台数 (年間下車台数)", "", "false", "", NO_PERIOD, "7920000", "0",
        FY[2024], "", "", "82", "82",
    ),
    mito_dashboard(  # 未算出※ (2022年): a state, no progress (line 87)
        "市内外国人観光客数(年間)", "人", "false", "未算出", CY[2022], "107000", "0", CY[2024], "",
        "", "87", "86",
    ),
    mito_dashboard(
        "誘致活動によるコンベンション開催数(年間)", "件", "false", "58", FY[2022], "170", "0",
        FY[2024], "0.3412", "遅れ", "90", "89",
    ),
    mito_dashboard(
        "水戸芸術館入場者数(市外事業を除く)(年間)", "人", "false", "99805", FY[2022], "265000", "0",
        FY[2024], "0.3766", "遅れ", "93", "92",
    ),
    mito_dashboard(
        "大規模スポーツ大会(東日本大会以上)の開催・誘致数(年間)", "件", "false", "16", FY[2022],
        "13", "0", FY[2024], "1.2308", "順調", "96", "95",
    ),
    mito_dashboard(
        "偕楽園の入込観光客数(年間)", "人", "false", "285075", CY[2022], "1250000", "0", CY[2024],
        "0.2281", "遅れ", "99", "98",
    ),
    mito_dashboard(
        "弘道館の入込観光客数(年間)", "人", "false", "55245", CY[2022], "160000", "0", CY[2024],
        "0.3453", "遅れ", "102", "101",
    ),
    mito_dashboard(
        "合計特殊出生率", "", "false", "", NO_PERIOD, "1.7", "0", FY[2024], "", "", "143", "143"
    ),
    mito_dashboard(
        "子育て世帯の社会動態", "世帯", "false", "", NO_PERIOD, "50", "0", CY[2024], "", "", "144",
        "144",
    ),
    mito_dashboard(  # no 進捗状況 row for this KPI (lines 148-149)
        "子育て支援・多世代交流事業の利用者数(市民センター子育て広場等を含む) (年間)", "人",
        "false", "33184", FY[2022], "131000", "0", FY[2024], "0.2533", "", "149", "148",
    ),
    mito_dashboard(  # lower is better; 0 children waiting against a target of 0: met
        "開放学級待機児童数", "人", "true", "0", FY[2022], "0", "0", FY[2024], "1.0000", "", "151",
        "150",
    ),
    # 中3 has a target but no actual (its test was abolished), 中2 an actual but no target, and a
    # difference from the prefectural average (-1.3 against +2.0) is not divided (lines 152-155)
    mito_dashboard(
        TEST, "点", "false", "", NO_PERIOD, "3", "0", FY[2024], "", "", "152", "152",
        component="中3",
    ),
    mito_dashboard(
        TEST, "点", "false", "-0.7", FY[2022], "", "", NO_PERIOD, "", "遅れ", "153", "",
        component="中2",
    ),
    mito_dashboard(
        TEST, "点", "false", "-1.3", FY[2022], "2", "0", FY[2024], "", "遅れ", "153", "152",
        component="小6",
    ),
    mito_dashboard(
        "小・中学校校舎トイレの洋式化率", "%", "false", "93.6", FY[2022], "100", "0", FY[2024],
        "0.9360", "順調", "157", "156",
    ),
    mito_dashboard(
        "まちなか住みかえ支援事業利用件数(累計)", "件", "false", "189", FY[2022], "350", "0",
        FY[2024], "0.5400", "概ね順調", "160", "159",
    ),
    mito_dashboard(
        "わくわく茨城生活実現事業における支援件数(年間)", "件", "false", "17", FY[2022], "10", "0",
        FY[2024], "1.7000", "順調", "163", "162",
    ),
    mito_dashboard(
        "社会増(人口動態)", "人", "false", "", NO_PERIOD, "400", "0", CY[2024], "", "", "206", "206"
    ),
    mito_dashboard(
        "水戸市安心・安全見守り隊参加団体・事業者数(累計)", "団体", "false", "193", FY[2022], "200",
        "0", FY[2024], "0.9650", "順調", "211", "210",
    ),
    mito_dashboard(
        "路線バス利用者数(一日当たり)", "人", "false", "24318", FY[2022], "36000", "0", FY[2024],
        "0.6755", "遅れ", "214", "213",
    ),
    mito_dashboard(  # lower is better: 784 / 804
        "空家等件数", "件", "true", "804", FY[2022], "784", "0", FY[2024], "0.9751", "概ね順調",
        "217", "216",
    ),
    mito_dashboard(
        "自主防災組織による防災訓練等の参加者数(年間)", "人", "false", "8084", FY[2022], "15000",
        "0", FY[2024], "0.5389", "遅れ", "220", "219",
    ),
    mito_dashboard(
        "福祉ボランティアの活動件数(年間)", "件", "false", "318", FY[2022], "380", "0", FY[2024],
        "0.8368", "遅れ", "223", "222",
    ),
    mito_dashboard(
        "産・学・官連携事業の数(累計)", "件", "false", "458", FY[2022], "450", "0", FY[2024],
        "1.0178", "順調", "226", "225",
    ),
]
# fmt: on


@pytest.fixture(scope="module")
def dashboard(query):
    return query("kpi-dashboard")


def test_dashboard_columns_and_size(dashboard):
    assert dashboard.columns == DASHBOARD_COLUMNS
    # 29 indicators of Mito (学力診断 in 3 components), 22 outcome and 10 target indicators of
    # Hitachi, 61 KPIs of Tsukubamirai (福岡工業団地 in 2 phases, 第1期/第2期)
    assert [len(of_city(dashboard, city)) for city in (MITO, HITACHI, TSUKUBAMIRAI)] == [31, 32, 62]
    assert len(dashboard.rows) == 125


def test_dashboard_every_mito_row(dashboard):
    assert of_city(dashboard, MITO) == MITO_DASHBOARD


def test_dashboard_hitachi_plan(dashboard):
    def row(*values):
        return dashboard_row(HITACHI, HITACHI_PLAN, *values)

    community = "「コミュニティ活動」に関する成果指標"
    # fmt: off
    expected = [
        row(  # line 125: 現状値 (R3) 3.3, 目標値 (R8) 3.5
            f"{community} 現在の評価", "評価点", "false", "3.3", FY[2021], "3.5", "0", FY[2026],
            "0.9429", "", "125", "125",
        ),
        row(  # line 126: an importance rating has no target and no direction of good
            f"{community} 今後の重要度", "評価点", "", "3.8", FY[2021], "", "", NO_PERIOD, "", "",
            "126", "",
        ),
        row(  # line 350: 55件/年(R元) 46件/年(R2); the latest actual is R2's
            "大学との連携取組数", "件", "false", "46", FY[2020], "55", "0", FY[2026], "0.8364", "",
            "350", "350",
        ),
        row(
            "市公式SNSのいいね!の数", "件", "false", "79067", FY[2021], "118500", "0", FY[2026],
            "0.6672", "", "640", "640",
        ),
        row(  # line 777: 94.7% against 94.7%, lower is better
            "経常収支比率", "%", "true", "94.7", FY[2021], "94.7", "0", FY[2026], "1.0000", "",
            "777", "777",
        ),
    ]
    # fmt: on
    assert [row for row in dashboard.rows if row[2] in {r[2] for r in expected}] == expected


def test_dashboard_tsukubamirai_revisions_states_and_periods(dashboard):
    def row(*values, component=""):
        return dashboard_row(TSUKUBAMIRAI, TSUKUBAMIRAI_PROGRESS, *values, component=component)

    cumulative = ("2020-04-01", "2025-03-31")  # (R2～R6累計)
    # fmt: off
    expected = [
        row(  # 299人 (R2～R5累計) against 目標値修正 330人 (R2～R6累計), lines 29 and 41
            "企業立地優遇制度の対象となった企業に勤める市内在住の新規雇用者数(非正規雇用含む)",
            "人",
            "false", "299", ("2020-04-01", "2024-03-31"), "330", "1", cumulative, "0.9061", "",
            "29", "41",
        ),
        row(  # 28.9億円/年 (R4) against 46.8億円/年 (R5), lines 136 and 142
            "農業産出額(農林水産省統計)", "億円", "false", "28.9", FY[2022], "46.8", "0", FY[2023],
            "0.6175", "", "136", "142",
        ),
        row(  # 1,050社 ↓ 1,100社 ↓ 1,150社, 目標値修正 1,300社 (line 190)
            "市内の法人数", "社", "false", "1254", FY[2023], "1300", "3", FY[2024], "0.9646", "",
            "180", "190",
        ),
        row(
            "みらい型農園の利用者数", "人", "false", "0", FY[2023], "10", "0", FY[2024], "0.0000",
            "", "208", "208",
        ),
        row(
            "福岡工業団地土地区画整理事業の進捗割合(整備率)", "%", "false", "100", FY[2023], "100",
            "0", FY[2024], "1.0000", "", "289", "297", component="第1期",
        ),
        row(
            "福岡工業団地土地区画整理事業の進捗割合(整備率)", "%", "false", "100", FY[2023], "100",
            "0", FY[2024], "1.0000", "", "293", "301", component="第2期",
        ),
        row(  # 60件 (R2～R5累計) against 25件 ↓ 77件 (R2～R6累計)
            "空家利活用件数", "件", "false", "60", ("2020-04-01", "2024-03-31"), "77", "1",
            cumulative, "0.7792", "", "361", "371",
        ),
        row(  # R5: 廃止 (line 430)
            "ふれあいコミュニティ補助金利用団体数", "団体", "false", "廃止", FY[2023], "5", "0",
            FY[2024], "", "", "430", "430",
        ),
        row(  # R5: － (line 715); 15人/年 ↓ 25人/年
            "いばらき出会いサポートセンターの入会者数", "人", "false", "値なし", FY[2023], "25",
            "1", FY[2024], "", "", "715", "719",
        ),
        row(  # lower is better, 0人 against 0 人 (line 810)
            "保育所待機児童数", "人", "true", "0", FY[2023], "0", "0", FY[2024], "1.0000", "",
            "810", "810",
        ),
        row(
            "スマートインターチェンジの設置", "", "false", "未設置", FY[2023], "設置", "0",
            FY[2024], "0.0000", "", "1217", "1217",
        ),
        row(
            "支所の設置", "", "false", "設置", FY[2023], "設置", "0", FY[2024], "1.0000", "",
            "1270", "1270",
        ),
        row(  # lower is better: 1.40件 (目標値修正, line 1413) / 1.46件
            "人身事故件数(人口千人当たり)", "件", "true", "1.46", FY[2023], "1.4", "2", FY[2024],
            "0.9589", "", "1407", "1413",
        ),
    ]
    # fmt: on
    names = {row[2] for row in expected}
    assert [row for row in dashboard.rows if row[2] in names] == expected


def test_dashboard_progress_rules_on_a_graph_of_its_own():
    """Periods of different kinds and different units give no progress; a target of 0 where
    lower is better gives 0 against a positive actual (no source has such a KPI yet)."""
    store = pyoxigraph.Store()
    store.load(SYNTHETIC, pyoxigraph.RdfFormat.TRIG)
    table = queries.run(store, queries.resolve("kpi-dashboard"), {})
    assert [(row[2], row[6], row[9], row[13]) for row in table.rows] == [
        ("単年の実績と累計の目標", "5", "20", ""),
        ("単位の異なる実績と目標", "5", "10", ""),
        ("ゼロを目指す件数", "2", "0", "0.0000"),
    ]


SYNTHETIC = """
@prefix mk: <https://w3id.org/munikg/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix role: <https://w3id.org/munikg/vocab/observation-role/> .
@prefix unit: <https://w3id.org/munikg/vocab/unit/> .
@prefix : <https://example.org/> .
:graph {
  :city a mk:City ; rdfs:label "架空市"@ja ; mk:localGovernmentCode "999999" .
  :report mk:fileName "synthetic.txt" ; mk:fiscalYear 2023 .
  :fy2023 time:hasBeginning [ time:inXSDDate "2023-04-01"^^xsd:date ] ;
          time:hasEnd [ time:inXSDDate "2024-03-31"^^xsd:date ] .
  :r2r6 time:hasBeginning [ time:inXSDDate "2020-04-01"^^xsd:date ] ;
        time:hasEnd [ time:inXSDDate "2025-03-31"^^xsd:date ] .
  :fy2024 time:hasBeginning [ time:inXSDDate "2024-04-01"^^xsd:date ] ;
          time:hasEnd [ time:inXSDDate "2025-03-31"^^xsd:date ] .
  :kinds a mk:KPI ; rdfs:label "単年の実績と累計の目標"@ja ; mk:city :city ;
         mk:lowerIsBetter false .
  :units a mk:KPI ; rdfs:label "単位の異なる実績と目標"@ja ; mk:city :city ;
         mk:lowerIsBetter false .
  :zero a mk:KPI ; rdfs:label "ゼロを目指す件数"@ja ; mk:city :city ; mk:lowerIsBetter true .
  :a1 mk:indicator :kinds ; mk:role role:actual ; mk:revision 0 ; mk:period :fy2023 ;
      mk:value 5.0 ; mk:sourceLine 1 ; prov:wasDerivedFrom :report .
  :t1 mk:indicator :kinds ; mk:role role:target ; mk:revision 0 ; mk:period :r2r6 ;
      mk:value 20.0 ; mk:sourceLine 1 ; prov:wasDerivedFrom :report .
  :a2 mk:indicator :units ; mk:role role:actual ; mk:revision 0 ; mk:period :fy2023 ;
      mk:value 5.0 ; mk:unit unit:person ; mk:sourceLine 2 ; prov:wasDerivedFrom :report .
  :t2 mk:indicator :units ; mk:role role:target ; mk:revision 0 ; mk:period :fy2024 ;
      mk:value 10.0 ; mk:unit unit:percent ; mk:sourceLine 2 ; prov:wasDerivedFrom :report .
  :a3 mk:indicator :zero ; mk:role role:actual ; mk:revision 0 ; mk:period :fy2023 ;
      mk:value 2.0 ; mk:sourceLine 3 ; prov:wasDerivedFrom :report .
  :t3 mk:indicator :zero ; mk:role role:target ; mk:revision 0 ; mk:period :fy2024 ;
      mk:value 0.0 ; mk:sourceLine 3 ; prov:wasDerivedFrom :report .
}
"""


# -- kpis-behind -----------------------------------------------------------------------------

BEHIND_COLUMNS = [
    "city_code",
    "city",
    "theme",
    "theme_label",
    "kpi",
    "component",
    "lower_is_better",
    "latest_actual",
    "actual_period_start",
    "actual_period_end",
    "status",
    "basis",
    "reason",
    "document",
    "source_line",
]
STATED = ("遅れ", "stated", "stated: 遅れ")


@pytest.fixture(scope="module")
def behind(query):
    return query("kpis-behind")


def test_behind_columns_and_bases(behind):
    assert behind.columns == BEHIND_COLUMNS
    assert [len(of_city(behind, city)) for city in (MITO, HITACHI, TSUKUBAMIRAI)] == [11, 21, 63]
    bases = [row["basis"] for row in records(behind)]
    assert (bases.count("stated"), bases.count("expected"), bases.count("target")) == (10, 1, 84)


def test_behind_every_mito_row(behind):
    """Mito states 遅れ ↓ / 遅れ ↘ for the 2022年度 actuals of lines 91, 94, 100, 103, 154, 215,
    221, 224; 子育て支援 has no 進捗状況 and falls short of its 期待値 125,123 (line 148)."""

    # fmt: off
    def row(theme, label, kpi, actual, period, why, line, component=""):
        return [
            *MITO, theme, label, kpi, component, "false", actual, *period, *why, MITO_STRATEGY,
            line,
        ]

    volunteers = "福祉ボランティアの活動件数(年間)"
    assert of_city(behind, MITO) == [
        row(
            "childcare", "結婚・出産・子育て",
            "子育て支援・多世代交流事業の利用者数(市民センター子育て広場等を含む) (年間)", "33184",
            FY[2022], ("", "expected", "below expected 125,123 (2022-04-01/2023-03-31)"), "149",
        ),
        row(
            "community-civic-activity", "コミュニティ・市民活動", volunteers, "318", FY[2022],
            STATED, "223",
        ),
        row(
            "culture-sports", "文化・スポーツ", "水戸芸術館入場者数(市外事業を除く)(年間)", "99805",
            FY[2022], STATED, "93",
        ),
        row(
            "disaster-safety", "防災・防犯・安全", "自主防災組織による防災訓練等の参加者数(年間)",
            "8084", FY[2022], STATED, "220",
        ),
        row("education", "教育・生涯学習", TEST, "-0.7", FY[2022], STATED, "153", "中2"),
        row("education", "教育・生涯学習", TEST, "-1.3", FY[2022], STATED, "153", "小6"),
        row("health-welfare", "健康・医療・福祉", volunteers, "318", FY[2022], STATED, "223"),
        row(
            "tourism-exchange", "観光・交流", "誘致活動によるコンベンション開催数(年間)", "58",
            FY[2022], STATED, "90",
        ),
        row(
            "tourism-exchange", "観光・交流", "偕楽園の入込観光客数(年間)", "285075", CY[2022],
            STATED, "99",
        ),
        row(
            "tourism-exchange", "観光・交流", "弘道館の入込観光客数(年間)", "55245", CY[2022],
            STATED, "102",
        ),
        row(
            "transport", "交通・移動", "路線バス利用者数(一日当たり)", "24318", FY[2022], STATED,
            "214",
        ),
    ]
    # fmt: on


def test_behind_hitachi_against_the_r8_targets(behind):
    """No status is stated: every 現状値 (R3) below its 目標値 (R8) counts, 経常収支比率 (94.7%
    against 94.7%, line 777) does not; 今後の重要度 has no target."""
    r8 = "(2026-04-01/2027-03-31)"
    # fmt: off
    assert [
        (row["theme"], row["kpi"], row["latest_actual"], row["reason"], row["source_line"])
        for row in records(behind)
        if row["city"] == "日立市"
    ] == [
        ("administration-finance", "「財政運営」に関する成果指標 現在の評価", "3.1",
         f"below target 3.3 {r8}", "783"),
        ("administration-finance", "「行政経営」に関する成果指標 現在の評価", "3.3",
         f"below target 3.5 {r8}", "790"),
        ("community-civic-activity", "「コミュニティ活動」に関する成果指標 現在の評価", "3.3",
         f"below target 3.5 {r8}", "125"),
        ("community-civic-activity", "地域活動(行事)に参加している人の割合", "28.9",
         f"below target 35.0% {r8}", "131"),
        ("community-civic-activity", "「市民の多様な活動」に関する成果指標 現在の評価", "3.3",
         f"below target 3.5 {r8}", "239"),
        ("community-civic-activity", "ボランティアなどの活動への参加率 (NPO活動を含む)", "8.1",
         f"below target 10.0% {r8}", "245"),
        ("digital-transformation", "「デジタル化の推進」に関する成果指標 現在の評価", "3.3",
         f"below target 3.6 {r8}", "770"),
        ("digital-transformation", "ひたちナビダウンロード数", "14259",
         f"below target 32,600件 {r8}", "776"),
        ("gender-equality-diversity", "「男女共同参画」に関する成果指標 現在の評価", "3.1",
         f"below target 3.3 {r8}", "470"),
        ("gender-equality-diversity", "「多文化共生」に関する成果指標 現在の評価", "3.2",
         f"below target 3.4 {r8}", "484"),
        ("gender-equality-diversity", "就業専門資格取得等補助を受けて就業した女性の人数", "12",
         f"below target 15人 {r8}", "490"),
        ("gender-equality-diversity", "交流事業等への外国人の参加者数", "11",
         f"below target 95人/年 {r8}", "492"),
        ("industry-employment", "就業専門資格取得等補助を受けて就業した女性の人数", "12",
         f"below target 15人 {r8}", "490"),
        ("partnerships", "「産学官連携」に関する成果指標 現在の評価", "3.2",
         f"below target 3.4 {r8}", "344"),
        ("partnerships", "大学との連携取組数", "46", f"below target 55件/年 {r8}", "350"),
        ("public-relations", "「広聴広報」に関する成果指標 現在の評価", "3.3",
         f"below target 3.5 {r8}", "627"),
        ("public-relations", "「相談」に関する成果指標 現在の評価", "3.1",
         f"below target 3.3 {r8}", "634"),
        ("public-relations", "市公式SNSのいいね!の数", "79067",
         f"below target 118,500件/年 {r8}", "640"),
        ("public-relations", "専門相談の件数", "247", f"below target 350件/年 {r8}", "641"),
        ("youth", "「若者応援」に関する成果指標 現在の評価", "3.1",
         f"below target 3.3 {r8}", "477"),
        ("youth", "ひたち若者ががやき会議参加者数", "65", f"below target 100人/年 {r8}", "491"),
    ]
    # fmt: on


def test_behind_tsukubamirai_direction_states_and_cumulative_targets(behind):
    rows = {
        (row["theme"], row["kpi"]): row
        for row in records(behind)
        if row["city"] == "つくばみらい市"
    }
    fy2024 = "(2024-04-01/2025-03-31)"
    accidents = rows["disaster-safety", "人身事故件数(人口千人当たり)"]
    assert [
        accidents[c] for c in ("lower_is_better", "latest_actual", "reason", "source_line")
    ] == [
        "true",
        "1.46",
        f"above target 1.40件 {fy2024}",  # 目標値修正 1.40件, line 1413
        "1407",
    ]
    assert rows["transport", "スマートインターチェンジの設置"]["reason"] == (
        f"未設置, target 設置 {fy2024}"  # line 1217
    )
    cloud = "近隣自治体との自治体クラウド構築"  # 未構築 against 構築, line 1302, on two themes
    assert [
        rows[theme, cloud]["reason"] for theme in ("digital-transformation", "partnerships")
    ] == [f"未構築, target 構築 {fy2024}"] * 2
    vacant = rows["housing-urban-infrastructure", "空家利活用件数"]  # 60件 (R2～R5累計), line 361
    assert (vacant["latest_actual"], vacant["actual_period_start"], vacant["reason"]) == (
        "60",
        "2020-04-01",
        "below target 77件 (R2~R6累計) (2020-04-01/2025-03-31)",
    )
    assert rows["childcare", "婚活支援事業の利用者数"]["reason"] == (
        f"below target 40人/年 {fy2024}"  # 33人/年 against 25人/年 ↓ 40人/年, lines 733-737
    )
    met_or_unknown = {
        "保育所待機児童数",  # 0人 against 0 人
        "ALT 派遣事業の派遣人数",  # 18人/年 against 15人/年 ↓ 18人/年
        "支所の設置",  # 設置 against 設置
        "福岡工業団地土地区画整理事業の進捗割合(整備率)",  # 100% against 100%
        "ふれあいコミュニティ補助金利用団体数",  # 廃止
        "いばらき出会いサポートセンターの入会者数",  # －
    }
    assert not {kpi for _, kpi in rows} & met_or_unknown
    assert {row["basis"] for row in rows.values()} == {"target"}


# -- kpis-by-theme ---------------------------------------------------------------------------

BY_THEME_COLUMNS = [
    "theme",
    "theme_label",
    "city_code",
    "city",
    "kpi",
    "component",
    "indicator_type",
    "unit",
    "lower_is_better",
    "latest_actual",
    "actual_period_end",
    "target",
    "target_period_end",
    "rule",
    "evidence",
    "document",
    "source_line",
]


def test_kpis_by_theme_default_migration_population(query):
    table = query("kpis-by-theme")
    assert table.columns == BY_THEME_COLUMNS
    theme = ("migration-population", "移住・定住・人口")
    keyword = "keyword:migration-population"
    # fmt: off
    assert table.rows == [
        [*theme, *MITO, "合計特殊出生率", "", "NumericalTarget", "", "false", "", "", "1.7",
         "2025-03-31", keyword, "label: 出生率", MITO_STRATEGY, "143"],
        [*theme, *MITO, "子育て世帯の社会動態", "", "NumericalTarget", "世帯", "false", "", "",
         "50", "2024-12-31", keyword, "label: 社会動態", MITO_STRATEGY, "144"],
        # no keyword in the label: under 具体的施策 (3) 移住・定住の推進 (line 159)
        [*theme, *MITO, "わくわく茨城生活実現事業における支援件数(年間)", "", "KPI", "件", "false",
         "17", "2023-03-31", "10", "2025-03-31", "context:migration-population",
         "measure「移住・定住の推進」: 定住、移住", MITO_STRATEGY, "162"],
        [*theme, *MITO, "社会増(人口動態)", "", "NumericalTarget", "人", "false", "", "", "400",
         "2024-12-31", keyword, "label: 人口動態、社会増", MITO_STRATEGY, "206"],
        [*theme, *TSUKUBAMIRAI, "移住・定住促進モニターツアーの実施回数(移住関連イベント回数)", "",
         "KPI", "回", "false", "0", "2024-03-31", "6", "2025-03-31", keyword, "label: 定住、移住",
         TSUKUBAMIRAI_PROGRESS, "337"],
        [*theme, *TSUKUBAMIRAI, "20歳~49歳の社会動態の状況(転入者数-転出者数)", "", "KPI", "人",
         "false", "341", "2024-03-31", "550", "2025-03-31", keyword,
         "label: 社会動態、転入、転出", TSUKUBAMIRAI_PROGRESS, "472"],
        [*theme, *TSUKUBAMIRAI, "年少人口の割合", "", "KPI", "%", "false", "15.3", "2024-03-31",
         "15.7", "2025-03-31", keyword, "label: 年少人口", TSUKUBAMIRAI_PROGRESS, "852"],
    ]
    # fmt: on


def test_kpis_by_theme_parameter(query):
    rows = records(query("kpis-by-theme", theme="education"))
    assert {(row["theme"], row["theme_label"]) for row in rows} == {("education", "教育・生涯学習")}
    # fmt: off
    assert [(row["city"], row["kpi"], row["component"], row["latest_actual"], row["target"])
            for row in rows] == [
        ("水戸市", TEST, "中2", "-0.7", ""),  # line 153
        ("水戸市", TEST, "中3", "", "3"),  # line 152
        ("水戸市", TEST, "小6", "-1.3", "2"),
        ("水戸市", "小・中学校校舎トイレの洋式化率", "", "93.6", "100"),  # lines 156-157
        ("つくばみらい市", "学校給食における地元農産物の使用割合", "", "60", "70"),  # lines 166-170
        ("つくばみらい市", "若者向け生涯学習講座数", "", "18", "20"),  # line 749
        ("つくばみらい市", "ALT 派遣事業の派遣人数", "", "18", "18"),  # lines 925-929
        ("つくばみらい市", "英検3級以上相当の英語力を持つ中学3年生の割合", "", "57.7", "75"),
    ]
    # fmt: on
    assert query("kpis-by-theme", theme="no-such-theme").rows == []


# -- target-revisions ------------------------------------------------------------------------

# (kpi, revisions as (target, source line)) in the order the query returns them (by label); the
# first value is 目標値(R6), each ↓ adds a revision, a 目標値修正 cell adds the last one
# fmt: off
REVISIONS = [
    ("20歳~49歳の社会動態の状況(転入者数-転出者数)",
     [("150", "478"), ("450", "482"), ("550", "486")]),
    ("ALT 派遣事業の派遣人数", [("15", "925"), ("18", "929")]),
    ("いばらき出会いサポートセンターの入会者数", [("15", "715"), ("25", "719")]),
    ("こども食堂開設箇所数", [("4", "1140"), ("7", "1144")]),
    ("つくばエクスプレス推進事業の要望回数", [("4", "1328"), ("5", "1332")]),
    ("コミュニティバスの利用者数(年間延べ利用者)", [("46000", "1163"), ("62000", "1167")]),
    ("ハローワークを通じて市内の事業所に就職した若者(34歳以下)の数",
     [("85", "513"), ("100", "517")]),
    ("ワーク・ライフ・バランスに取り組んでいる事業所数", [("50", "1046"), ("70", "1050")]),
    ("人身事故件数(人口千人当たり)", [("2.27", "1407"), ("1.6", "1411"), ("1.4", "1413")]),
    ("任意予防接種費用助成人数", [("7700", "1116"), ("9075", "1120")]),
    ("企業立地優遇制度の対象となった企業に勤める市内在住の新規雇用者数(非正規雇用含む)",
     [("250", "35"), ("330", "41")]),
    ("保育対策総合支援事業の補助対象の基礎となった従事者数", [("20", "826"), ("30", "830")]),
    ("妊婦一般健康診査受診票の利用率(利用者数/交付者数)", [("95", "1086"), ("100", "1090")]),
    ("婚活支援事業の利用者数", [("25", "733"), ("40", "737")]),
    ("学校給食における地元農産物の使用割合", [("65.5", "166"), ("70", "170")]),
    ("市のソーシャルメディアにおけるフォロワー数", [("15000", "323"), ("18000", "323")]),
    ("市内の法人数", [("1050", "180"), ("1100", "184"), ("1150", "188"), ("1300", "190")]),
    ("市内行政区数", [("217", "444"), ("219", "444")]),
    ("市民団体との協働事業数", [("5", "400"), ("8", "406")]),
    ("新規設立企業(法人)数", [("80", "251"), ("90", "255"), ("125", "259")]),
    ("災害時応援協定の締結数", [("50", "1349"), ("60", "1353"), ("62", "1355")]),
    ("男性が育児休業制度を利用した事業所数", [("25", "1003"), ("40", "1007")]),
    ("男性の育児参加や出産・育児に備える教室に参加する人数", [("175", "987"), ("200", "987")]),
    ("空家利活用件数", [("25", "367"), ("77", "371")]),
    ("英検3級以上相当の英語力を持つ中学3年生の割合", [("60", "947"), ("70", "951"), ("75", "955")]),
    ("防犯灯LED化率", [("90", "1423"), ("95", "1427"), ("96.5", "1429")]),
]
# fmt: on


@pytest.fixture(scope="module")
def revisions(query):
    return query("target-revisions")


def test_every_target_revision(revisions):
    assert revisions.columns == [
        "city_code",
        "city",
        "kpi",
        "component",
        "target_period_start",
        "target_period_end",
        "revision",
        "target",
        "raw",
        "unit",
        "change",
        "previous",
        "document",
        "source_line",
    ]
    assert {(*row[:2], row[12]) for row in revisions.rows} == {
        (*TSUKUBAMIRAI, TSUKUBAMIRAI_PROGRESS)  # the only report with revised targets
    }
    got = [
        (row["kpi"], row["revision"], row["target"], row["source_line"])
        for row in records(revisions)
    ]
    assert got == [
        (kpi, str(revision), target, line)
        for kpi, chain in REVISIONS
        for revision, (target, line) in enumerate(chain)
    ]
    assert len(revisions.rows) == 60  # 26 targets, 25 ↓ arrows and 9 目標値修正 cells
    assert all(
        row["change"] == "up"
        for row in records(revisions)
        if row["revision"] != "0" and row["kpi"] != "人身事故件数(人口千人当たり)"
    )


def test_target_revision_rows(revisions):
    # fmt: off
    def row(kpi, start, end, revision, target, raw, unit, change, previous, line):
        return [
            *TSUKUBAMIRAI, kpi, "", start, end, revision, target, raw, unit, change, previous,
            TSUKUBAMIRAI_PROGRESS, line,
        ]

    accidents = "人身事故件数(人口千人当たり)"
    vacant = "空家利活用件数"
    fy2024 = FY[2024]
    cumulative = ("2020-04-01", "2025-03-31")
    expected = [
        # 2.27件 ↓ 1.60件, 目標値修正 1.40件 (lines 1407-1413): revised down
        row(accidents, *fy2024, "0", "2.27", "2.27件", "件", "", "", "1407"),
        row(accidents, *fy2024, "1", "1.6", "1.60件", "件", "down", "2.27件", "1411"),
        row(accidents, *fy2024, "2", "1.4", "1.40件", "件", "down", "1.60件", "1413"),
        # 25 件 ↓ 77 件 (R2～R6 累計) (lines 367-373)
        row(vacant, *cumulative, "0", "25", "25件", "件", "", "", "367"),
        row(vacant, *cumulative, "1", "77", "77件 (R2~R6累計)", "件", "up", "25件", "371"),
    ]
    # fmt: on
    assert [r for r in revisions.rows if r[2] in (accidents, vacant)] == expected


# -- population-kpis -------------------------------------------------------------------------


def test_population_kpis(query):
    table = query("population-kpis")
    assert table.columns == [
        "city_code",
        "city",
        "kpi",
        "indicator_type",
        "role",
        "revision",
        "component",
        "period_start",
        "period_end",
        "value",
        "unit",
        "raw",
        "status",
        "document",
        "source_line",
    ]

    # fmt: off
    def mito(kpi, kind, role, period, value, unit, raw, line, status=""):
        return [*MITO, kpi, kind, role, "0", "", *period, value, unit, raw, status, MITO_STRATEGY,
                line]

    def tsukubamirai(kpi, role, revision, period, value, unit, raw, line):
        return [*TSUKUBAMIRAI, kpi, "KPI", role, revision, "", *period, value, unit, raw, "",
                TSUKUBAMIRAI_PROGRESS, line]

    support = "わくわく茨城生活実現事業における支援件数(年間)"
    net = "20歳~49歳の社会動態の状況(転入者数-転出者数)"
    tour = "移住・定住促進モニターツアーの実施回数(移住関連イベント回数)"
    assert table.rows == [
        mito(support, "KPI", "baseline", FY[2018], "", "件", "-", "162"),  # 基準値 -
        mito(support, "KPI", "actual", FY[2021], "1", "件", "1", "163", "遅れ"),
        mito(support, "KPI", "expected", FY[2021], "10", "件", "10", "162"),
        mito(support, "KPI", "actual", FY[2022], "17", "件", "17", "163", "順調"),
        mito(support, "KPI", "expected", FY[2022], "10", "件", "10", "162"),
        mito(support, "KPI", "expected", FY[2023], "10", "件", "10", "162"),
        mito(support, "KPI", "target", FY[2024], "10", "件", "10", "162"),
        mito("合計特殊出生率", "NumericalTarget", "baseline", FY[2018], "1.52", "", "1.52", "143"),
        mito("合計特殊出生率", "NumericalTarget", "target", FY[2024], "1.7", "", "1.70", "143"),
        mito("子育て世帯の社会動態", "NumericalTarget", "baseline", CY[2018], "-107", "世帯",
             "▲107 (2018年)", "144"),
        mito("子育て世帯の社会動態", "NumericalTarget", "target", CY[2024], "50", "世帯",
             "50 (2024年)", "144"),
        mito("社会増(人口動態)", "NumericalTarget", "baseline", CY[2018], "-177", "人",
             "▲177 (2018年)", "206"),
        mito("社会増(人口動態)", "NumericalTarget", "target", CY[2024], "400", "人", "400 (2024年)",
             "206"),
        tsukubamirai(net, "actual", "0", FY[2022], "483", "人", "483人", "478"),
        tsukubamirai(net, "actual", "0", FY[2023], "341", "人", "341人", "478"),
        tsukubamirai(net, "target", "0", FY[2024], "150", "人", "150人", "478"),
        tsukubamirai(net, "target", "1", FY[2024], "450", "人", "450人", "482"),
        tsukubamirai(net, "target", "2", FY[2024], "550", "人", "550人", "486"),
        tsukubamirai("年少人口の割合", "actual", "0", FY[2022], "15.4", "%", "15.4%", "860"),
        tsukubamirai("年少人口の割合", "actual", "0", FY[2023], "15.3", "%", "15.3%", "860"),
        tsukubamirai("年少人口の割合", "target", "0", FY[2024], "15.7", "%", "15.7%", "860"),
        tsukubamirai(tour, "actual", "0", FY[2022], "1", "回", "1回/年", "343"),
        tsukubamirai(tour, "actual", "0", FY[2023], "0", "回", "0回/年", "343"),
        tsukubamirai(tour, "target", "0", FY[2024], "6", "回", "6回/年", "343"),
    ]
    # fmt: on


# -- data-gaps -------------------------------------------------------------------------------


def test_data_gaps(query):
    table = query("data-gaps")
    assert table.columns == [
        "city_code",
        "city",
        "kpi",
        "indicator_type",
        "role",
        "period_start",
        "period_end",
        "gap",
        "raw",
        "note",
        "kpi_text",
        "document",
        "source_line",
    ]
    rows = [row[:10] + row[11:] for row in table.rows]
    texts = [row[10] for row in table.rows]
    covid = "新型コロナの影響により国調査未実施のため、未算出。"  # line 88
    youth = "「若者応援」に関する成果指標"
    digital = "「デジタル化の推進」に関する成果指標"

    # fmt: off
    def gap(city, document, kpi, kind, role, period, label, raw, note, line):
        return [*city, kpi, kind, role, *period, label, raw, note, document, line]

    assert rows == [
        gap(MITO, MITO_STRATEGY, "事業承継した事業所等の件数(累計)", "KPI", "baseline", FY[2018],
            "値なし", "-", "", "38"),
        gap(MITO, MITO_STRATEGY, "市内外国人観光客数(年間)", "KPI", "actual", CY[2021], "未算出",
            "未算出※ (2021年)", covid, "87"),
        gap(MITO, MITO_STRATEGY, "市内外国人観光客数(年間)", "KPI", "actual", CY[2022], "未算出",
            "未算出※ (2022年)", covid, "87"),
        gap(MITO, MITO_STRATEGY, "わくわく茨城生活実現事業における支援件数(年間)", "KPI",
            "baseline", FY[2018], "値なし", "-", "", "162"),
        # 後期計画 (H28) —: no survey item then (lines 477-478, 770-771)
        gap(HITACHI, HITACHI_PLAN, f"{youth} 現在の評価", "OutcomeIndicator", "baseline", FY[2016],
            "値なし", "—", "", "477"),
        gap(HITACHI, HITACHI_PLAN, f"{youth} 今後の重要度", "OutcomeIndicator", "baseline",
            FY[2016], "値なし", "—", "", "478"),
        gap(HITACHI, HITACHI_PLAN, f"{digital} 現在の評価", "OutcomeIndicator", "baseline",
            FY[2016], "値なし", "—", "", "770"),
        gap(HITACHI, HITACHI_PLAN, f"{digital} 今後の重要度", "OutcomeIndicator", "baseline",
            FY[2016], "値なし", "—", "", "771"),
        gap(TSUKUBAMIRAI, TSUKUBAMIRAI_PROGRESS, "ふれあいコミュニティ補助金利用団体数", "KPI",
            "actual", FY[2023], "廃止", "廃止", "", "430"),
        gap(TSUKUBAMIRAI, TSUKUBAMIRAI_PROGRESS, "いばらき出会いサポートセンターの入会者数", "KPI",
            "actual", FY[2023], "値なし", "-", "", "715"),
    ]
    # fmt: on
    assert (
        texts[0]
        == "市町村別データが非公表となったため、今後 KPI の項目としては用いないこととする。"
    )
    assert texts[1:3] == [covid, covid]
    assert texts[3:8] == [""] * 5
    assert texts[8].endswith("当該事業については、令和4年度をもって廃止とした。")  # lines 438-440
    assert "入会者数の算出が不可能となった" in texts[9]  # lines 721-723


# -- city-promotion --------------------------------------------------------------------------


def test_city_promotion(query):
    table = query("city-promotion")
    assert table.columns == [
        "city_code",
        "city",
        "indicator",
        "indicator_type",
        "matched",
        "role",
        "revision",
        "period_start",
        "period_end",
        "value",
        "unit",
        "raw",
        "document",
        "source_line",
    ]
    followers = "市のソーシャルメディアにおけるフォロワー数"
    likes = "市公式SNSのいいね!の数"
    matched = "ソーシャルメディア, フォロワー"
    # 水戸市 has none: its LINE 登録者数 57,053件 and Instagram いいね are only prose of a
    # project's R4年度の実績 (mito-sogo-senryaku-2-hyoka-r4.txt lines 112 and 190)
    # fmt: off
    assert table.rows == [
        [*HITACHI, "SNS投稿総数", "Statistic", "SNS", "actual", "0", *FY[2020], "99", "件",
         "99件(令和2年度)", HITACHI_ACTIONS, "21"],
        [*HITACHI, "SNS累計リーチ(延べ閲覧者数)", "Statistic", "SNS", "actual", "0", *FY[2020],
         "530000", "人", "約53万人", HITACHI_ACTIONS, "23"],
        [*HITACHI, "地域情報アプリ ダウンロード数", "Statistic", "アプリ, ダウンロード", "actual",
         "0", "2021-03-31", "2021-03-31", "11050", "ダウンロード", "11,050ダウンロード",
         HITACHI_ACTIONS, "45"],  # 令和３年３月末時点
        [*HITACHI, likes, "TargetIndicator", "SNS, いいね", "actual", "0", *FY[2021], "79067", "件",
         "79,067件/年", HITACHI_PLAN, "640"],
        [*HITACHI, likes, "TargetIndicator", "SNS, いいね", "target", "0", *FY[2026], "118500",
         "件", "118,500件/年", HITACHI_PLAN, "640"],
        [*HITACHI, "ひたちナビダウンロード数", "TargetIndicator", "ダウンロード", "actual", "0",
         *FY[2021], "14259", "件", "14,259件", HITACHI_PLAN, "776"],
        [*HITACHI, "ひたちナビダウンロード数", "TargetIndicator", "ダウンロード", "target", "0",
         *FY[2026], "32600", "件", "32,600件", HITACHI_PLAN, "776"],
        [*TSUKUBAMIRAI, followers, "KPI", matched, "actual", "0", *FY[2022], "13594", "件",
         "13,594件", TSUKUBAMIRAI_PROGRESS, "323"],
        [*TSUKUBAMIRAI, followers, "KPI", matched, "actual", "0", *FY[2023], "14068", "件",
         "14,068件", TSUKUBAMIRAI_PROGRESS, "323"],
        [*TSUKUBAMIRAI, followers, "KPI", matched, "target", "0", *FY[2024], "15000", "件",
         "15,000件", TSUKUBAMIRAI_PROGRESS, "323"],
        [*TSUKUBAMIRAI, followers, "KPI", matched, "target", "1", *FY[2024], "18000", "件",
         "18,000件", TSUKUBAMIRAI_PROGRESS, "323"],  # 目標値修正
    ]
    # fmt: on


# -- theme-coverage --------------------------------------------------------------------------


def test_theme_coverage(query):
    table = query("theme-coverage")
    assert table.columns == [
        "city_code",
        "city",
        "theme",
        "theme_label",
        "kpis",
        "projects",
        "plans",
    ]
    assert len(table.rows) == 3 * 19  # every city against every theme of the scheme
    rows = {(row[0], row[2]): row for row in table.rows}
    # fmt: off
    assert rows["082350", "migration-population"] == [
        # モニターツアー (line 337), 20歳～49歳の社会動態 (472), 年少人口の割合 (852); the progress
        # report lists KPIs only, no projects
        *TSUKUBAMIRAI, "migration-population", "移住・定住・人口", "3", "0", "1"
    ]
    assert rows["082015", "migration-population"] == [
        # 合計特殊出生率, 子育て世帯の社会動態, わくわく茨城生活実現事業の支援件数, 社会増 (lines
        # 143, 144, 162, 206); projects: 移住検討者を対象とする暮らしの魅力発信事業 (strategy line
        # 188) and わくわく茨城生活実現事業 (mito-jimu-hokokusho-r6.txt line 146)
        *MITO, "migration-population", "移住・定住・人口", "4", "2", "1"
    ]
    assert rows["082023", "public-relations"] == [
        # 広聴広報 and 相談, 現在の評価 and 今後の重要度; いいね!; 専門相談 (lines 627-641); the
        # comprehensive plan and the IT action plan (SNS action items 01 and 03)
        *HITACHI, "public-relations", "広報・広聴", "6", "10", "2"
    ]
    # fmt: on
    assert rows["082023", "migration-population"][4:] == ["0", "0", "0"]
    assert sum(int(row[4]) > 0 for row in table.rows if row[0] == "082350") == 19
