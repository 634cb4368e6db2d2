"""The saved queries ``plans`` and ``projects`` on the whole graph (rows as read in the sources)."""

from __future__ import annotations

import pytest

PLAN = "hitachi-sogo-keikaku-bunya6.txt"
ACTION = "hitachi-johoka-action-plan-r2.txt"
HITACHI = ("082023", "日立市")


@pytest.fixture(scope="module")
def plans(query):
    return query("plans")


@pytest.fixture(scope="module")
def projects(query):
    return query("projects")


def rows_of(table, document):
    column = table.columns.index("source_document")
    return [row for row in table.rows if row[column] == document]


def test_plans_columns(plans):
    assert plans.columns == [
        "city_code",
        "city",
        "plan",
        "plan_type",
        "period_start",
        "period_end",
        "source_document",
        "source_line",
    ]


def test_plans_of_the_comprehensive_plan(plans):
    assert rows_of(plans, PLAN) == [
        [*HITACHI, plan, kind, start, end, PLAN, line]
        for plan, kind, start, end, line in [
            ("日立市総合計画", "comprehensive-plan", "", "", "3"),
            (
                "第2次「日立市コミュニティ活動の在り方検討委員会」提言書",
                "recommendation",
                "2021-04-01",
                "2022-03-31",
                "174",
            ),  # (R3)
            (
                "日立市コミュニティ活動推進行動計画",
                "action-plan",
                "2022-04-01",
                "2032-03-31",
                "175",
            ),
            ("日立市さくらのまちづくり基本計画", "sector-plan", "2022-04-01", "", "391"),  # (R4～)
            ("第4次ひたち男女共同参画計画", "sector-plan", "2022-04-01", "2027-03-31", "551"),
            ("ひたち若者かがやきプラン", "sector-plan", "2021-04-01", "2026-03-31", "552"),
            ("日立市教育振興基本計画", "sector-plan", "2019-04-01", "2024-03-31", "553"),
            ("日立市シティプロモーション戦略", "sector-plan", "2017-04-01", "2018-03-31", "690"),
            ("日立市デジタル化推進計画2022", "sector-plan", "2022-04-01", "2027-03-31", "845"),
            (
                "日立市公共施設マネジメント基本方針(改訂版)",
                "guideline",
                "2014-04-01",
                "2041-03-31",
                "846",
            ),  # (H26~R22)
            (
                "日立市公共施設マネジメント中期行動計画",
                "action-plan",
                "2022-04-01",
                "2032-03-31",
                "847",
            ),
            ("日立市行財政改革大綱(第8次計画)", "guideline", "2020-04-01", "2023-03-31", "848"),
            ("日立市人材育成計画", "sector-plan", "2022-04-01", "2032-03-31", "849"),
        ]
    ]


def test_plans_of_the_other_documents(plans):
    # each document's title line names its plan; none of them prints the plan's period
    assert rows_of(plans, ACTION) == [
        [*HITACHI, "日立市情報化推進アクションプラン", "action-plan", "", "", ACTION, "1"]
    ]
    mito = "mito-sogo-senryaku-2-hyoka-r4.txt"
    assert rows_of(plans, mito) == [
        [
            "082015",
            "水戸市",
            "水戸市まち・ひと・しごと創生総合戦略(第2次)",
            "revitalisation-strategy",
            "",
            "",
            mito,
            "5",
        ]
    ]
    tsukubamirai = "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"
    assert rows_of(plans, tsukubamirai) == [
        [
            "082350",
            "つくばみらい市",
            "第2期つくばみらい市まち・ひと・しごと創生総合戦略",
            "revitalisation-strategy",
            "",
            "",
            tsukubamirai,
            "1",
        ]
    ]


def test_plans_are_one_resource_per_city_and_title(plans):
    # the comprehensive plan and the IT action plan of 日立市 stay two plans
    hitachi = [row for row in plans.rows if row[0] == "082023"]
    assert len({row[2] for row in hitachi}) == len(hitachi) == 14


def test_projects_columns(projects):
    assert projects.columns == [
        "city_code",
        "city",
        "plan",
        "parent",
        "project",
        "department",
        "priority",
        "new",
        "source_document",
        "source_line",
    ]


def test_projects_of_the_comprehensive_plan(projects):
    rows = rows_of(projects, PLAN)
    assert len(rows) == 58  # one department or none per project
    assert {tuple(row[:3]) for row in rows} == {(*HITACHI, "日立市総合計画")}
    by_name = {row[4]: row[3:] for row in rows}
    # line 142: 重点 新 コミュニティ持続のための人材育成支援事業 / コミュニティ推進課
    assert by_name["コミュニティ持続のための人材育成支援事業"] == [
        "組織や活動の活性化・透明化",
        "コミュニティ持続のための人材育成支援事業",
        "コミュニティ推進課",
        "true",
        "true",
        PLAN,
        "142",
    ]
    # line 159: the second project of the cell is not new
    assert by_name["コミュニティが行う地域福祉活動推進事業"][2:5] == [
        "コミュニティ推進課",
        "false",
        "false",
    ]
    # line 676: two projects and two departments, paired in order
    assert by_name["市民と行政のコミュニケーションの促進"][:3] == [
        "市民と行政のコミュニケーションの促進",
        "市民と行政のコミュニケーションの促進",
        "広報戦略課",
    ]
    # line 686: three projects, two departments: no pairing printed, no department
    assert by_name["消費生活相談体制の充実"][2] == ""
    assert sum(row[6] == "true" for row in rows) == 17  # 重点 rows' projects
    assert sum(row[7] == "true" for row in rows) == 14  # 新


def test_action_items_of_the_it_action_plan(projects):
    themes = {
        1: "スマートフォン等を活用した市民サービスの推進",
        2: "高齢化社会に対応した情報化の推進",
        3: "災害に強いまちを構築するための情報化の推進",
        4: "電子行政サービスの推進",
        5: "強靭な情報セキュリティの構築",
    }
    items = [
        # theme, item (推進事項), 担当部課所 (外 dropped), line of "No nn"
        (1, "SNSを活用した市長による情報発信の充実", "秘書課", "6"),
        (1, "スマートフォン向け日立市地域情報アプリの拡充", "行政マネジメント課", "27"),
        (1, "SNSを活用した上下水道事業に関する情報発信の充実", "企業局総務課", "49"),
        (2, "高齢者向け行政番組", "広報戦略課", "75"),
        (2, "高齢者向けタブレット入門講座", "高齢福祉課", "104"),
        (3, "避難所における公衆無線 LAN(Wi-Fi)環境整備", "防災対策課", "125"),
        (4, "オープンデータの推進", "政策企画課", "145"),
        (4, "オープンデータの推進", "行政マネジメント課", "145"),
        (4, "政策立案へのデータ活用", "政策企画課", "166"),
        (4, "政策立案へのデータ活用", "行政マネジメント課", "166"),
        (4, "RPAの拡充", "行政マネジメント課", "187"),
        (4, "タブレット端末の活用", "行政マネジメント課", "220"),
        (4, "都市計画情報の発信内容の見直し及びシステムの運用", "都市政策課", "241"),
        (5, "強靭な情報セキュリティの維持・運営", "行政マネジメント課", "268"),
    ]
    plan = "日立市情報化推進アクションプラン"
    assert rows_of(projects, ACTION) == [
        [*HITACHI, plan, themes[theme], item, department, "false", "false", ACTION, line]
        for theme, item, department, line in items
    ]
