"""The saved queries ``meetings`` and ``partner-agreements`` on the whole graph."""

from __future__ import annotations

import pytest

MITO_REPORT = "mito-jimu-hokokusho-r6.txt"
HITACHI_PLAN = "hitachi-sogo-keikaku-bunya6.txt"
MITO = ("082015", "水戸市")
HITACHI = ("082023", "日立市")


@pytest.fixture(scope="module")
def meetings(query):
    return query("meetings")


@pytest.fixture(scope="module")
def agreements(query):
    return query("partner-agreements")


def column(table, name, rows=None):
    index = table.columns.index(name)
    return [row[index] for row in (table.rows if rows is None else rows)]


def test_meetings_columns(meetings):
    assert meetings.columns == [
        "city_code",
        "city",
        "department",
        "meeting",
        "date_start",
        "date_end",
        "venue",
        "written",
        "source_line",
    ]


def test_every_meeting_of_the_mito_report(meetings):
    mito = [row for row in meetings.rows if row[:2] == list(MITO)]
    assert len(mito) == 103  # exchanges (5) and 仕事納め/仕事始め (2) are not meetings
    assert column(meetings, "written", mito).count("true") == 18  # the [書面協議] lines


def test_mayors_association_meetings_with_venues(meetings):
    rows = {tuple(row[3:]) for row in meetings.rows if row[2] == "秘書課"}
    assert {
        ("全国市長会理事会", "2024-04-10", "2024-04-10", "千代田区", "false", "26"),
        ("第86回全国都市問題会議", "2024-10-17", "2024-10-18", "姫路市", "false", "32"),
        ("茨城県市長会先進地行政視察", "2024-07-24", "2024-07-26", "台南市", "false", "40"),
        ("令和6年第3回茨城県市長会", "2024-08-19", "2024-08-19", "日立市", "false", "42"),
        ("令和7年第1回茨城県市長会", "2025-01-17", "2025-01-17", "水戸市", "false", "45"),
        ("令和6年度第2回定例会", "2025-02-13", "2025-02-13", "神栖市", "false", "51"),
    } <= rows
    assert len(rows) == 19  # lines 25-33, 38-45, 50-51


def test_meetings_in_writing_and_over_two_days(meetings):
    rows = {(row[2], *row[3:]) for row in meetings.rows if row[:2] == list(MITO)}
    assert ("交通政策課", "第2回全体会議", "2024-08-29", "2024-08-29", "", "true", "187") in rows
    assert ("交通政策課", "バス対策分科会", "2025-03-26", "2025-03-27", "", "false", "234") in rows
    assert ("政策企画課", "庁議", "2025-01-20", "2025-01-20", "", "false", "85") in rows
    assert (
        "デジタルイノベーション課",
        "理事会",
        "2024-04-19",
        "2024-04-19",
        "水戸市役所中会議室",
        "false",
        "487",
    ) in rows


def test_partner_agreements_columns(agreements):
    assert agreements.columns == [
        "city_code",
        "city",
        "partner",
        "partner_type",
        "agreement_type",
        "agreement",
        "date",
        "source_document",
        "source_line",
    ]


def test_every_partner_of_the_mito_report(agreements):
    rows = [row for row in agreements.rows if row[7] == MITO_REPORT]
    assert all(row[:2] == list(MITO) for row in rows)
    partners = {(row[2], row[3], row[4], row[6], row[8]) for row in rows}
    assert partners == {
        ("台南市", "municipality", "friendly-exchange-city", "2024-04-23", "66"),
        ("文京区", "municipality", "partner-exchange-city", "2025-01-20", "85"),
        ("茨城大学", "university", "cooperation", "", "118"),
        ("常磐大学", "university", "cooperation", "", "118"),
        ("茨城キリスト教大学", "university", "cooperation", "", "118"),
        ("梅村学園", "school-corporation", "cooperation", "", "118"),
        ("常陽銀行", "financial-institution", "comprehensive-partnership", "", "122"),
        # 「市内郵便局 34 局」, named by the partner registry (data/reference/partners.toml)
        ("日本郵便", "company", "comprehensive-partnership", "", "122"),
        ("セブン-イレブン・ジャパン", "company", "comprehensive-partnership", "", "122"),
        ("ヨークベニマル", "company", "comprehensive-partnership", "", "122"),
        ("あいおいニッセイ同和損害保険", "company", "comprehensive-partnership", "", "122"),
        ("東京海上日動火災保険", "company", "comprehensive-partnership", "", "122"),
        ("水戸ヤクルト販売", "company", "comprehensive-partnership", "", "122"),
        ("第一生命保険", "company", "comprehensive-partnership", "", "122"),
        ("明治安田生命保険", "company", "comprehensive-partnership", "", "122"),
        ("大塚製薬", "company", "comprehensive-partnership", "", "122"),
        ("いばらきコープ", "cooperative", "comprehensive-partnership", "2024-04-23", "122"),
        (
            "日本自動車連盟茨城支部",
            "association",
            "comprehensive-partnership",
            "2024-04-23",
            "122",
        ),
        ("水戸信用金庫", "financial-institution", "comprehensive-partnership", "2025-01-20", "122"),
    }
    assert len(rows) == 19  # one row per partner per agreement


def test_the_joint_agreement_gives_one_row_per_partner(agreements):
    title = (
        "株式会社セブン-イレブン・ジャパン及び株式会社ヨークベニマルとの包括連携協力に関する協定"
    )
    rows = [row for row in agreements.rows if row[5] == title]
    assert column(agreements, "partner", rows) == ["セブン-イレブン・ジャパン", "ヨークベニマル"]


def test_hitachi_university_agreements(agreements):
    # hitachi-sogo-keikaku-bunya6.txt lines 388-390: 茨城キリスト教大学 (H15), 国立大学法人
    # 茨城大学 (H18), 常磐大学 (H20); a bare era year is the fiscal year, so its first day.
    rows = [row for row in agreements.rows if row[7] == HITACHI_PLAN]
    universities = {(row[2], row[3], row[6]) for row in rows if row[:2] == list(HITACHI)}
    assert {
        ("茨城キリスト教大学", "university", "2003-04-01"),
        ("茨城大学", "university", "2006-04-01"),
        ("常磐大学", "university", "2008-04-01"),
    } <= universities
