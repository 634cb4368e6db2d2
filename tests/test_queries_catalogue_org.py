"""The saved queries about plans and organisations, on the graph built from all five sources.

plans-in-force, budget-execution, departments-by-theme, digital-initiatives, meetings-elsewhere,
provenance and shared-partners. Every expected value was read in the source text; comments name
the file (by the short names below) and its line numbers.
"""

from __future__ import annotations

import pytest

from munikg import queries
from munikg.terms import ID, slug

MITO_REPORT = "mito-jimu-hokokusho-r6.txt"  # 水戸市 事務報告書 FY2024
MITO_STRATEGY = "mito-sogo-senryaku-2-hyoka-r4.txt"  # 水戸市 総合戦略の評価 FY2022
HITACHI_PLAN = "hitachi-sogo-keikaku-bunya6.txt"  # 日立市 総合計画 分野6
HITACHI_IT = "hitachi-johoka-action-plan-r2.txt"  # 日立市 情報化推進アクションプラン FY2020
TSUKUBAMIRAI = "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"  # つくばみらい市 FY2023
MITO = ["082015", "水戸市"]
HITACHI = ["082023", "日立市"]
TSUKUBA = ["082350", "つくばみらい市"]
GRAPH = "https://w3id.org/munikg/graph/"


def by_city(table, code):
    return [row for row in table.rows if row[table.columns.index("city_code")] == code]


@pytest.mark.parametrize(
    "name",
    [
        "budget-execution",
        "departments-by-theme",
        "digital-initiatives",
        "meetings-elsewhere",
        "plans-in-force",
        "provenance",
        "shared-partners",
    ],
)
def test_header_names_the_columns_returned(query, name):
    params = {"iri": str(ID["city/082015"])} if name == "provenance" else {}
    assert query(name, **params).columns == queries.resolve(name).columns


# -- shared-partners ------------------------------------------------------------------------


def test_shared_partners(query):
    table = query("shared-partners")
    assert table.columns == ["partner", "partner_type", "cities", "city_count"]
    # 水戸市: mito-jimu line 118 「茨城大学、常磐大学、茨城キリスト教大学、梅村学園」;
    # 日立市: hitachi-sogo lines 388-390 (茨城キリスト教大学 H15, 国立大学法人茨城大学 H18,
    # 常磐大学 H20). 梅村学園 and the companies of line 122 have one city only.
    assert table.rows == [
        ["常磐大学", "university", "日立市;水戸市", "2"],
        ["茨城キリスト教大学", "university", "日立市;水戸市", "2"],
        ["茨城大学", "university", "日立市;水戸市", "2"],
    ]


# -- plans-in-force -------------------------------------------------------------------------

PLAN_COLUMNS = [
    "year",
    "city_code",
    "city",
    "plan",
    "plan_type",
    "period_start",
    "period_end",
    "in_force",
    "source_document",
    "source_line",
]
# The four plans whose documents state no period: the strategy evaluated (mito-sogo line 5,
# its title), the strategy reported on (tsukubamirai line 1, its title), the comprehensive plan
# (hitachi-sogo, read at line 3, the field heading 「6」) and the IT action plan (hitachi-johoka
# line 1, its title).
MITO_STRATEGY_PLAN = [
    *MITO,
    "水戸市まち・ひと・しごと創生総合戦略(第2次)",
    "revitalisation-strategy",
    "",
    "",
    "unknown",
    MITO_STRATEGY,
    "5",
]
HITACHI_UNKNOWN = [
    [
        *HITACHI,
        "日立市情報化推進アクションプラン",
        "action-plan",
        "",
        "",
        "unknown",
        HITACHI_IT,
        "1",
    ],
    [*HITACHI, "日立市総合計画", "comprehensive-plan", "", "", "unknown", HITACHI_PLAN, "3"],
]
TSUKUBA_STRATEGY_PLAN = [
    *TSUKUBA,
    "第2期つくばみらい市まち・ひと・しごと創生総合戦略",
    "revitalisation-strategy",
    "",
    "",
    "unknown",
    TSUKUBAMIRAI,
    "1",
]


def hitachi_plan(plan, kind, start, end, line):
    return [*HITACHI, plan, kind, start, end, "true", HITACHI_PLAN, line]


# hitachi-sogo 関連計画 lines, with the printed period
SAKURA = hitachi_plan("日立市さくらのまちづくり基本計画", "sector-plan", "2022-04-01", "", "391")
KOKYO = hitachi_plan(  # line 846 (H26~R22)
    "日立市公共施設マネジメント基本方針(改訂版)", "guideline", "2014-04-01", "2041-03-31", "846"
)
WAKAMONO = hitachi_plan(  # line 552 (R3~R7)
    "ひたち若者かがやきプラン", "sector-plan", "2021-04-01", "2026-03-31", "552"
)
KYOIKU = hitachi_plan(  # line 553 (R元~R5)
    "日立市教育振興基本計画", "sector-plan", "2019-04-01", "2024-03-31", "553"
)
TAIKO = hitachi_plan(  # line 848 (R2~R4)
    "日立市行財政改革大綱(第8次計画)", "guideline", "2020-04-01", "2023-03-31", "848"
)
R4_PLANS = [  # R4 onwards: lines 845 (R4~R8), 551 (R4~R8), 175, 849, 847 (R4～R13)
    hitachi_plan("日立市デジタル化推進計画2022", "sector-plan", "2022-04-01", "2027-03-31", "845"),
    hitachi_plan("第4次ひたち男女共同参画計画", "sector-plan", "2022-04-01", "2027-03-31", "551"),
    hitachi_plan(
        "日立市コミュニティ活動推進行動計画", "action-plan", "2022-04-01", "2032-03-31", "175"
    ),
    hitachi_plan("日立市人材育成計画", "sector-plan", "2022-04-01", "2032-03-31", "849"),
    hitachi_plan(
        "日立市公共施設マネジメント中期行動計画", "action-plan", "2022-04-01", "2032-03-31", "847"
    ),
]


def plans_of(year, hitachi_in_force):
    rows = [
        MITO_STRATEGY_PLAN,
        *hitachi_in_force,
        *HITACHI_UNKNOWN,
        TSUKUBA_STRATEGY_PLAN,
    ]
    return [[str(year), *row] for row in rows]


def test_plans_in_force_default_year_2024(query):
    table = query("plans-in-force")
    assert table.columns == PLAN_COLUMNS
    # 教育振興基本計画 ended 2024-03-31, 大綱 2023-03-31, 提言書 (R3) and シティプロモーション
    # 戦略 (H29) earlier: none of them is in force in 令和6年度.
    assert table.rows == plans_of(2024, [KOKYO, WAKAMONO, SAKURA, *R4_PLANS])


def test_plans_in_force_at_the_ends_of_periods(query):
    # FY2023 is the last year of 教育振興基本計画 (R元~R5); 大綱 (R2~R4) ended the year before
    assert query("plans-in-force", year="2023").rows == plans_of(
        2023, [KOKYO, KYOIKU, WAKAMONO, SAKURA, *R4_PLANS]
    )
    # FY2021: the 提言書 (R3, line 174) is in force; さくら (R4～) has not begun
    teigen = hitachi_plan(
        "第2次「日立市コミュニティ活動の在り方検討委員会」提言書",
        "recommendation",
        "2021-04-01",
        "2022-03-31",
        "174",
    )
    assert query("plans-in-force", year="2021").rows == plans_of(
        2021, [KOKYO, KYOIKU, TAIKO, teigen, WAKAMONO]
    )
    # FY2017 = H29, the year of シティプロモーション戦略 (line 690)
    promotion = hitachi_plan(
        "日立市シティプロモーション戦略", "sector-plan", "2017-04-01", "2018-03-31", "690"
    )
    assert query("plans-in-force", year="2017").rows == plans_of(2017, [KOKYO, promotion])
    # FY2040 = R22, the last year of 基本方針; after it only the open-ended さくら plan remains
    assert query("plans-in-force", year="2040").rows == plans_of(2040, [KOKYO, SAKURA])
    assert query("plans-in-force", year="2041").rows == plans_of(2041, [SAKURA])


# -- budget-execution -----------------------------------------------------------------------


def test_budget_execution_lowest_first(query):
    table = query("budget-execution")
    assert table.columns == [
        "city_code",
        "city",
        "project",
        "parent",
        "fiscal_year",
        "budget_jpy",
        "settlement_jpy",
        "execution_rate",
        "unspent_jpy",
        "source_document",
        "source_line",
    ]
    # mito-sogo 【事業名 …】 / 具体的事業 / R4事業費(千円) 予算額 … 決算額 … (in 千円)
    budgets = [
        ("企業誘致活動等の推進", "企業立地の促進", 82_000, 2_204, "0.0269", "55"),
        (
            "小・中学校校舎のトイレ洋式化の推進",
            "快適な教育環境の充実",
            26_800,
            11_323,
            "0.4225",
            "185",
        ),
        (
            "防災訓練の充実、応急給水体制の充実",
            "防災対策・体制の強化",
            3_905,
            1_999,
            "0.5119",
            "253",
        ),
        (
            "各種まつり開催事業",
            "戦略的なイベントの展開, PR活動の強化",
            61_350,
            34_201,
            "0.5575",
            "117",
        ),
        (
            "コンベンション誘致推進事業",
            "コンベンション誘致活動の強化",
            9_800,
            5_715,
            "0.5832",
            "122",
        ),
        ("地方出身者向け企業説明会の開催", "働く人の確保、育成", 6_569, 4_097, "0.6237", "66"),
        (
            "移住検討者を対象とする暮らしの魅力発信事業",
            "移住支援の推進",
            3_834,
            2_671,
            "0.6967",
            "191",
        ),
        ("創業支援事業", "起業・創業支援の充実", 6_900, 5_240, "0.7594", "61"),
        ("工業振興支援事業", "各種産業の競争力強化", 31_077, 26_443, "0.8509", "50"),
        (
            "ICTを活用した情報教育の推進",
            "水戸スタイルの教育の推進",
            49_159,
            45_039,
            "0.9162",
            "180",
        ),
        (
            "多様なツールを活用した効果的な情報発信",
            "戦略的なイベントの展開, PR活動の強化",
            12_188,
            11_231,
            "0.9215",
            "113",
        ),
        ("水戸黄門漫遊マラソンの開催", "スポーツ文化の魅力の向上", 23_500, 22_600, "0.9617", "128"),
        (
            "ICTを活用した新たなサービスの調査・研究",
            "産・学・官連携の推進",
            4_993,
            4_840,
            "0.9694",
            "260",
        ),
        (
            "子育て支援・多世代交流センターの管理・運営",
            "地域における子育て支援の充実",
            88_559,
            86_232,
            "0.9737",
            "174",
        ),
        (
            "休日夜間緊急診療所の運営",  # lines 240-241: 予算額 / 決算額 on two lines
            "安心して医療サービスを受けられる環境づくり",
            204_559,
            199_598,
            "0.9757",
            "240",
        ),
        ("地域公共交通の再編", "交通ネットワークの形成", 50_160, 49_665, "0.9901", "246"),
    ]
    assert table.rows == [
        [
            *MITO,
            project,
            parent,
            "2022",
            str(budget * 1000),
            str(settled * 1000),
            rate,
            str((budget - settled) * 1000),
            MITO_STRATEGY,
            line,
        ]
        for project, parent, budget, settled, rate, line in budgets
    ]


# -- departments-by-theme -------------------------------------------------------------------


@pytest.fixture(scope="module")
def departments(query):
    return query("departments-by-theme")


def theme_rows(table, code, theme):
    return [row for row in by_city(table, code) if row[2] == theme]


def test_departments_by_theme_columns_and_size(departments):
    assert departments.columns == [
        "city_code",
        "city",
        "theme",
        "theme_label",
        "department",
        "kpis",
        "projects",
        "items",
    ]
    assert len(departments.rows) == 97


def test_departments_by_theme_mito(departments):
    # the only themed items of 水戸市 with a responsible department are the three bicycle-lane
    # construction works of 交通政策課 (mito-jimu lines 284-286, 自転車通行空間整備工事); the
    # strategy evaluation names no departments
    assert by_city(departments, "082015") == [
        [*MITO, "transport", "交通・移動", "交通政策課", "0", "3", "3"],
    ]


def test_departments_by_theme_digital_in_hitachi(departments):
    digital = [*HITACHI, "digital-transformation", "デジタル化"]
    assert theme_rows(departments, "082023", "digital-transformation") == [
        [*digital, department, "0", count, count]
        for department, count in [
            # hitachi-johoka No 02 (line 29 行政マネジメント課 外), 07 (147), 09 (189), 10 (222),
            # 12 (270)
            ("行政マネジメント課", "5"),
            # hitachi-sogo lines 143, 169, 170: アプリポイント, デジタル化推進, 施設予約システム
            ("コミュニティ推進課", "3"),
            # lines 806-808: 窓口サービスデジタル化, 証明書自動作成システム, コンビニ … 証明書
            ("市民課", "3"),
            ("デジタル推進課", "1"),  # line 805 デジタル化推進事業
            ("商工振興課", "1"),  # line 804 キャッシュレス導入支援事業
            ("女性若者支援課", "1"),  # line 507 女性人材育成事業 (… 女性デジタル人材の育成 …)
            ("政策企画課", "1"),  # hitachi-johoka No 07 オープンデータの推進 (line 147)
            ("総務課", "1"),  # line 822 文書管理・電子決裁システムの運用の拡充
            ("都市政策課", "1"),  # hitachi-johoka No 11 (line 243)
            ("防災対策課", "1"),  # hitachi-johoka No 06 公衆無線LAN(Wi-Fi) (line 127)
            ("高齢福祉課", "1"),  # hitachi-johoka No 05 タブレット入門講座 (line 106)
        ]
    ]


def test_departments_by_theme_public_relations_in_hitachi(departments):
    relations = [*HITACHI, "public-relations", "広報・広聴"]
    assert theme_rows(departments, "082023", "public-relations") == [
        # hitachi-sogo 655 (戦略的広報の推進, 市報の編集力強化事業), 656 (行政放送番組), 667
        # (シティプロモーション推進事業); hitachi-johoka No 04 高齢者向け行政番組 (line 77)
        [*relations, "広報戦略課", "0", "5", "5"],
        [
            *relations,
            "コミュニティ推進課",
            "0",
            "1",
            "1",
        ],  # line 146 コミュニティ活動に関する広報事業
        [*relations, "企業局総務課", "0", "1", "1"],  # hitachi-johoka No 03 SNS (line 51)
        [
            *relations,
            "政策企画課",
            "0",
            "1",
            "1",
        ],  # line 676 総合計画推進事業(… パブリックコメント …)
        [*relations, "秘書課", "0", "1", "1"],  # hitachi-johoka No 01 SNS (line 8)
    ]


def test_departments_by_theme_counts_kpis_in_tsukubamirai(departments):
    digital = [*TSUKUBA, "digital-transformation", "デジタル化"]
    assert theme_rows(departments, "082350", "digital-transformation") == [
        # tsukubamirai lines 569-573 引越しワンストップサービス体制の構築 and 1278-1282
        # マイナンバーカード交付率, both 市民窓口課; 1290-1296 近隣自治体との自治体クラウド構築,
        # 行政経営デジタル戦略課
        [*digital, "市民窓口課", "2", "0", "2"],
        [*digital, "行政経営デジタル戦略課", "1", "0", "1"],
    ]


# -- digital-initiatives --------------------------------------------------------------------


NO_FIGURE = ("", "", "", "", "", "", "", "")
FY2020 = ("actual", "2020-04-01", "2021-03-31")


def item(city, topic, keywords, item_type, label, matched_in, document, line, figure=NO_FIGURE):
    """One expected row: the matched item, then its figure (8 columns, or empty)."""
    return [*city, topic, keywords, item_type, label, matched_in, document, line, *figure]


def test_digital_initiatives(query):
    table = query("digital-initiatives")
    assert table.columns == [
        "city_code",
        "city",
        "topic",
        "keywords",
        "item_type",
        "item",
        "matched_in",
        "document",
        "item_line",
        "figure",
        "role",
        "period_start",
        "period_end",
        "value",
        "unit",
        "raw",
        "figure_line",
    ]
    ai_rpa = "AI, RPAの活用による業務効率化"  # mito-jimu line 410 「(2) A I, R P Aの活用…」
    ict = "ICTを活用した新たなサービスの調査・研究"  # mito-sogo line 257
    # mito-sogo line 259 (実績): キャッシュレス決済の運用, RPA … 28業務, AI議事録システム,
    # ペーパーレス会議システムの導入: figures printed in prose, not extracted as statistics
    mito = [
        ("ai", "AI", "Activity", ai_rpa, "label", MITO_REPORT, "410"),
        ("ai", "AI", "Activity", "会議録作成におけるAIの活用", "label", MITO_REPORT, "413"),
        ("ai", "AI", "Project", ict, "text", MITO_STRATEGY, "257"),
        (
            "cashless",
            "キャッシュレス",
            "Activity",
            "キャッシュレス決済の普及促進",
            "label",
            MITO_REPORT,
            "415",
        ),
        (
            "cashless",
            "決済アプリ",
            "Activity",
            "スマートフォン決済アプリによる市税収納",
            "label",
            MITO_REPORT,
            "417",
        ),
        ("cashless", "キャッシュレス", "Project", ict, "text", MITO_STRATEGY, "257"),
        (
            "my-number-card",
            "マイナンバーカード",
            "Activity",
            "マイナンバーカードの利用促進",
            "label",
            MITO_REPORT,
            "406",
        ),
        (
            "online-procedures",
            "電子申請",
            "Activity",
            "電子申請システム等の各種システムをクラウド化し、県及び県内市町村との共同利用を推進",
            "label",
            MITO_REPORT,
            "402",
        ),
        (
            "open-data",
            "オープンデータ",
            "Activity",
            "オープンデータライブラリの更新",
            "label",
            MITO_REPORT,
            "457",
        ),
        (
            "paperless",
            "ペーパーレス",
            "Activity",
            "ペーパーレス会議システムによる業務",
            "label",
            MITO_REPORT,
            "419",
        ),
        (
            "paperless",
            "ペーパーレス",
            "Activity",
            "タブレット端末を利用したペーパーレス会議の実施",
            "label",
            MITO_REPORT,
            "421",
        ),
        ("paperless", "ペーパーレス", "Project", ict, "text", MITO_STRATEGY, "257"),
        ("rpa", "RPA", "Activity", ai_rpa, "label", MITO_REPORT, "410"),
        (
            "rpa",
            "RPA;ロボティック・プロセス・オートメーション",
            "Activity",
            "RPA(ロボティック・プロセス・オートメーション)の活用による定型作業の自動化",
            "label",
            MITO_REPORT,
            "412",
        ),
        ("rpa", "RPA", "Project", ict, "text", MITO_STRATEGY, "257"),
    ]
    tablet = ("paperless", "電子会議", "ActionItem", "タブレット端末の活用", "text", HITACHI_IT)
    hitachi = [
        # hitachi-johoka No 09 RPAの拡充 (line 187); its content (line 197) names AI-OCR
        item(HITACHI, "ai", "AI", "ActionItem", "RPAの拡充", "text", HITACHI_IT, "187"),
        # No 03 (line 49): its achievements (line 72) name 「スマホ決済アプリ利用開始案内」
        item(
            HITACHI,
            "cashless",
            "スマホ決済;決済アプリ",
            "ActionItem",
            "SNSを活用した上下水道事業に関する情報発信の充実",
            "text",
            HITACHI_IT,
            "49",
        ),
        # hitachi-sogo line 804 「重点 新 キャッシュレス導入支援事業(再掲) 商工振興課」
        item(
            HITACHI,
            "cashless",
            "キャッシュレス",
            "Project",
            "キャッシュレス導入支援事業",
            "label",
            HITACHI_PLAN,
            "804",
        ),
        # No 07 (line 145); line 158 「計７件のデータを９月 30日に市ホームページで公開した」
        item(
            HITACHI,
            "open-data",
            "オープンデータ",
            "ActionItem",
            "オープンデータの推進",
            "label",
            HITACHI_IT,
            "145",
            (
                "公開オープンデータ件数",
                "actual",
                "2020-09-30",
                "2020-09-30",
                "7",
                "件",
                "7件",
                "158",
            ),
        ),
        # No 11 (line 241): line 256 「…のオープンデータ化による一定の効果」; line 254
        # 「ホームページアクセス数は対前年比 110％」
        item(
            HITACHI,
            "open-data",
            "オープンデータ",
            "ActionItem",
            "都市計画情報の発信内容の見直し及びシステムの運用",
            "text",
            HITACHI_IT,
            "241",
            (
                "都市計画情報 1か月当たりホームページアクセス数 対前年比",
                *FY2020,
                "110",
                "%",
                "110%",
                "254",
            ),
        ),
        # No 10 (line 220): line 225 電子会議; 電子会議 127回 and コピー用紙約 81,200枚 (line
        # 231), WEB会議 647回 (line 235)
        item(
            HITACHI,
            *tablet,
            "220",
            ("コピー用紙削減枚数", *FY2020, "81200", "枚", "約81,200枚", "231"),
        ),
        item(HITACHI, *tablet, "220", ("電子会議 使用回数", *FY2020, "127", "回", "127回", "231")),
        item(HITACHI, *tablet, "220", ("WEB会議 使用回数", *FY2020, "647", "回", "647回", "235")),
        item(HITACHI, "rpa", "RPA", "ActionItem", "RPAの拡充", "label", HITACHI_IT, "187"),
    ]
    card = ("my-number-card", "マイナンバーカード", "KPI", "マイナンバーカード交付率", "label")
    card += (TSUKUBAMIRAI, "1278")
    moving = ("online-procedures", "マイナポータル", "KPI", "引越しワンストップサービス体制の構築")
    moving += ("text", TSUKUBAMIRAI, "569")
    rate = "マイナンバーカード交付率"
    built = "引越しワンストップサービス体制の構築"
    tsukubamirai = [
        # lines 1278-1282: 市民窓口課 66.3％ (R4) 78.0％ (R5) 90.0％ (目標 R6)
        item(
            TSUKUBA,
            *card,
            (rate, "actual", "2022-04-01", "2023-03-31", "66.3", "%", "66.3%", "1282"),
        ),
        item(
            TSUKUBA, *card, (rate, "actual", "2023-04-01", "2024-03-31", "78", "%", "78.0%", "1282")
        ),
        item(
            TSUKUBA, *card, (rate, "target", "2024-04-01", "2025-03-31", "90", "%", "90.0%", "1282")
        ),
        # lines 569-575: 構築 構築 構築; the verification text names 「マイナポータル」
        item(
            TSUKUBA, *moving, (built, "actual", "2022-04-01", "2023-03-31", "", "", "構築", "573")
        ),
        item(
            TSUKUBA, *moving, (built, "actual", "2023-04-01", "2024-03-31", "", "", "構築", "573")
        ),
        item(
            TSUKUBA, *moving, (built, "target", "2024-04-01", "2025-03-31", "", "", "構築", "573")
        ),
    ]
    assert table.rows == [item(MITO, *row) for row in mito] + hitachi + tsukubamirai


# -- meetings-elsewhere ---------------------------------------------------------------------


def test_meetings_elsewhere(query):
    table = query("meetings-elsewhere")
    assert table.columns == [
        "city_code",
        "city",
        "department",
        "meeting",
        "date_start",
        "date_end",
        "venue",
        "venue_code",
        "venue_prefecture",
        "source_document",
        "source_line",
    ]
    chiyoda = ["千代田区", "131016", "東京都"]
    shinjuku = ["新宿区", "131041", "東京都"]
    kamisu = ["神栖市", "082325", "茨城県"]
    # mito-jimu, 秘書課 市長会 tables: lines 25-33 (全国市長会), 38-45 (茨城県市長会; lines 40
    # and 42 are outside 水戸市: 台南市, a partner city in 台湾 (line 66), and 日立市), 50-51
    # (県北鹿行市長会).
    meetings = [
        ("全国市長会関東支部役員会", "2024-04-10", "2024-04-10", chiyoda, "25"),
        ("全国市長会理事会", "2024-04-10", "2024-04-10", chiyoda, "26"),
        ("全国市長会関東支部役員会", "2024-05-13", "2024-05-13", shinjuku, "27"),
        ("第113回全国市長会関東支部総会", "2024-05-14", "2024-05-14", shinjuku, "28"),
        ("全国市長会社会文教委員会", "2024-07-17", "2024-07-17", chiyoda, "29"),
        ("全国市長会理事・評議員合同会議", "2024-07-17", "2024-07-17", chiyoda, "30"),
        ("茨城県市長会先進地行政視察", "2024-07-24", "2024-07-26", ["台南市", "", "台湾"], "40"),
        (
            "令和6年第3回茨城県市長会",
            "2024-08-19",
            "2024-08-19",
            ["日立市", "082023", "茨城県"],
            "42",
        ),
        (
            "全国市長会関東支部役員会",
            "2024-10-15",
            "2024-10-15",
            ["立川市", "132021", "東京都"],
            "31",
        ),
        (
            "第86回全国都市問題会議",
            "2024-10-17",
            "2024-10-18",
            ["姫路市", "282014", "兵庫県"],
            "32",
        ),
        ("令和6年度第1回定例会", "2024-10-22", "2024-10-22", kamisu, "50"),
        ("全国市長会理事・評議員合同会議", "2024-11-14", "2024-11-14", chiyoda, "33"),
        ("令和6年度第2回定例会", "2025-02-13", "2025-02-13", kamisu, "51"),
    ]
    assert table.rows == [
        [*MITO, "秘書課", meeting, start, end, *venue, MITO_REPORT, line]
        for meeting, start, end, venue, line in meetings
    ]


# -- provenance -----------------------------------------------------------------------------

PROVENANCE_COLUMNS = ["iri", "graph", "document", "first_line", "last_line", "class", "label"]


def provenance(query, iri):
    table = query("provenance", iri=iri)
    assert table.columns == PROVENANCE_COLUMNS
    assert all(row[0] == iri for row in table.rows)
    return [row[1:] for row in table.rows]


def test_provenance_of_a_kpi_and_its_observation(query):
    kpi = ID[f"city/082350/indicator/{slug('マイナンバーカード交付率')}"]
    graph = GRAPH + "tsukubamirai-sogo-senryaku-2-shinchoku-r5"
    # tsukubamirai lines 1278 「マイナンバーカード交付」, 1280 「率」, 1282 the row of values
    assert provenance(query, str(kpi)) == [
        [graph, TSUKUBAMIRAI, "1278", "1282", "mk:KPI", "マイナンバーカード交付率"]
    ]
    stem = "tsukubamirai-sogo-senryaku-2-shinchoku-r5"
    actual = f"{kpi}/observation/{stem}-actual-2022-04-01_2023-03-31-0"
    assert provenance(query, actual) == [
        [graph, TSUKUBAMIRAI, "1282", "1282", "mk:Observation", ""]
    ]


def test_provenance_of_a_department_named_in_many_places(query):
    department = ID[f"city/082023/department/{slug('商工振興課')}"]
    # hitachi-sogo: 担当課 of lines 381, 536, 804 and the 主に関係する課所 lists of lines 395,
    # 557, 853; each mention is a span of its own
    assert provenance(query, str(department)) == [
        [
            GRAPH + "hitachi-sogo-keikaku-bunya6",
            HITACHI_PLAN,
            line,
            line,
            "mk:Department",
            "商工振興課",
        ]
        for line in ["381", "395", "536", "557", "804", "853"]
    ]


def test_provenance_of_a_city_stated_without_lines(query):
    # the reference graph states 日立市 once: a city (its documents are published by it) and a
    # municipality of the code table (水戸市's report names it as a venue, line 42)
    assert provenance(query, str(ID["city/082023"])) == [
        [GRAPH + "reference", "", "", "", "mk:City", "日立市"],
        [GRAPH + "reference", "", "", "", "mk:Municipality", "日立市"],
    ]


def test_provenance_of_an_unknown_resource_is_empty(query):
    assert provenance(query, str(ID["city/082023/department/nothing"])) == []
