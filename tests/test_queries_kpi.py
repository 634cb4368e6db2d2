"""The saved queries kpi-observations and project-budgets on the graph built from all sources.

Expected rows were read in the sources: mito-sogo-senryaku-2-hyoka-r4.txt (水戸市) and
tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt (つくばみらい市); line numbers are theirs.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from munikg import queries

MITO = "mito-sogo-senryaku-2-hyoka-r4.txt"
TSUKUBAMIRAI = "tsukubamirai-sogo-senryaku-2-shinchoku-r5.txt"
KPI_COLUMNS = [
    "city_code",
    "city",
    "document",
    "kpi",
    "role",
    "revision",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualitative",
    "status",
    "raw",
    "source_line",
]
BUDGET_COLUMNS = [
    "city_code",
    "city",
    "document",
    "project",
    "fiscal_year",
    "budget_jpy",
    "settlement_jpy",
    "execution_rate",
    "source_line",
]


def rows(table: queries.Table) -> list[dict[str, str]]:
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


@pytest.fixture(scope="module")
def observations(query):
    table = query("kpi-observations")
    assert table.columns == KPI_COLUMNS
    return rows(table)


def select(observations, kpi, role, start=None, document=MITO) -> list[dict[str, str]]:
    return [
        r
        for r in observations
        if (r["document"], r["kpi"], r["role"]) == (document, kpi, role)
        and start in (None, r["period_start"])
    ]


def one(observations, kpi, role, start, document=MITO) -> dict[str, str]:
    [row] = select(observations, kpi, role, start, document)
    return row


def test_mito_rows(observations):
    mito = [r for r in observations if r["document"] == MITO]
    assert len(mito) == 170  # 156 KPI values + 14 numerical-target values
    assert {(r["city_code"], r["city"]) for r in mito} == {("082015", "水戸市")}
    assert not [r for r in mito if r["kpi"].startswith("休日夜間緊急診療所")]  # statistics
    shipments = one(observations, "市内製造品出荷額 (年間)", "actual", "2020-04-01")  # line 30
    assert shipments == {
        "city_code": "082015",
        "city": "水戸市",
        "document": MITO,
        "kpi": "市内製造品出荷額 (年間)",
        "role": "actual",
        "revision": "0",
        "period_start": "2020-04-01",
        "period_end": "2021-03-31",
        "value": "126471",
        "unit": "百万円",
        "qualitative": "",
        "status": "遅れ",
        "raw": "126,471 (2020年度)",
        "source_line": "30",
    }
    foreign = one(observations, "市内外国人観光客数(年間)", "actual", "2021-01-01")  # line 87
    assert (foreign["period_end"], foreign["value"], foreign["qualitative"]) == (
        "2021-12-31",
        "",
        "未算出",
    )
    assert (foreign["raw"], foreign["source_line"], foreign["status"]) == (
        "未算出※ (2021年)",
        "87",
        "",
    )
    income = one(observations, "市民所得", "target", "2024-04-01")  # line 24
    assert (Decimal(income["value"]), income["unit"], income["raw"]) == (
        Decimal("0.6"),
        "%",
        "0.6%増/年",
    )
    households = one(observations, "子育て世帯の社会動態", "baseline", "2018-01-01")  # line 144
    assert (Decimal(households["value"]), households["unit"]) == (Decimal(-107), "世帯")
    test = "学力診断のためのテスト(県)の各教科における平均点(県平均との比較)"  # line 152
    targets = select(observations, test, "target", "2024-04-01")
    assert [(Decimal(r["value"]), r["raw"], r["unit"]) for r in targets] == [
        (Decimal("3.0"), "[中3]+3.0", "点"),  # ordered by raw text: 中 sorts before 小
        (Decimal("2.0"), "[小6]+2.0", "点"),
    ]
    late = one(
        observations, "わくわく茨城生活実現事業における支援件数(年間)", "actual", "2021-04-01"
    )
    assert (late["value"], late["status"], late["source_line"]) == ("1", "遅れ", "163")
    vacant = one(observations, "空家等件数", "actual", "2022-04-01")  # line 217
    assert (vacant["value"], vacant["status"]) == ("804", "概ね順調")
    no_value = one(observations, "事業承継した事業所等の件数(累計)", "baseline", "2018-04-01")
    assert (no_value["value"], no_value["qualitative"], no_value["raw"]) == ("", "値なし", "-")


def test_tsukubamirai_target_revisions(observations):
    founded = select(observations, "新規設立企業(法人)数", "target", document=TSUKUBAMIRAI)
    assert [(r["revision"], Decimal(r["value"]), r["unit"], r["source_line"]) for r in founded] == [
        ("0", Decimal(80), "社", "251"),
        ("1", Decimal(90), "社", "255"),
        ("2", Decimal(125), "社", "259"),
    ]
    assert {(r["period_start"], r["period_end"]) for r in founded} == {("2024-04-01", "2025-03-31")}
    actual = one(observations, "新規設立企業(法人)数", "actual", "2023-04-01", TSUKUBAMIRAI)
    assert (Decimal(actual["value"]), actual["source_line"]) == (Decimal(86), "251")
    corporations = select(observations, "市内の法人数", "target", document=TSUKUBAMIRAI)
    assert [(r["revision"], Decimal(r["value"])) for r in corporations] == [
        ("0", Decimal(1050)),
        ("1", Decimal(1100)),
        ("2", Decimal(1150)),
        ("3", Decimal(1300)),  # 目標値修正 1,300社, line 190
    ]
    assert corporations[-1]["source_line"] == "190"
    counted = one(observations, "市内の法人数", "actual", "2022-04-01", TSUKUBAMIRAI)
    assert (Decimal(counted["value"]), counted["city_code"]) == (Decimal(1137), "082350")


def test_city_parameter(query, observations):
    table = rows(query("kpi-observations", city="つくばみらい市"))
    assert table
    assert {r["city"] for r in table} == {"つくばみらい市"}
    assert table == [r for r in observations if r["city"] == "つくばみらい市"]
    assert {r["city"] for r in observations} >= {"水戸市", "つくばみらい市"}


# (project, budget 千円, settlement 千円, execution rate, line) — every 事業費 line of 水戸市
BUDGETS = [
    ("工業振興支援事業", 31077, 26443, "0.8509", "50"),
    ("企業誘致活動等の推進", 82000, 2204, "0.0269", "55"),
    ("創業支援事業", 6900, 5240, "0.7594", "61"),
    ("地方出身者向け企業説明会の開催", 6569, 4097, "0.6237", "66"),
    ("多様なツールを活用した効果的な情報発信", 12188, 11231, "0.9215", "113"),
    ("各種まつり開催事業", 61350, 34201, "0.5575", "117"),
    ("コンベンション誘致推進事業", 9800, 5715, "0.5832", "122"),
    ("水戸黄門漫遊マラソンの開催", 23500, 22600, "0.9617", "128"),
    ("子育て支援・多世代交流センターの管理・運営", 88559, 86232, "0.9737", "174"),
    ("ICTを活用した情報教育の推進", 49159, 45039, "0.9162", "180"),
    ("小・中学校校舎のトイレ洋式化の推進", 26800, 11323, "0.4225", "185"),
    ("移住検討者を対象とする暮らしの魅力発信事業", 3834, 2671, "0.6967", "191"),
    ("休日夜間緊急診療所の運営", 204559, 199598, "0.9757", "240"),
    ("地域公共交通の再編", 50160, 49665, "0.9901", "246"),
    ("防災訓練の充実、応急給水体制の充実", 3905, 1999, "0.5119", "253"),
    ("ICTを活用した新たなサービスの調査・研究", 4993, 4840, "0.9694", "260"),
]


def test_project_budgets(query):
    table = query("project-budgets", city="水戸市")
    assert table.columns == BUDGET_COLUMNS
    mito = [r for r in rows(table) if r["document"] == MITO]
    assert {(r["city_code"], r["city"], r["fiscal_year"]) for r in mito} == {
        ("082015", "水戸市", "2022")
    }
    assert [
        (
            r["project"],
            Decimal(r["budget_jpy"]) / 1000,
            Decimal(r["settlement_jpy"]) / 1000,
            r["execution_rate"],
            r["source_line"],
        )
        for r in mito
    ] == BUDGETS
