"""normalize: real strings from data/sources, and totality on arbitrary text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, SKOS, Graph

from munikg.model import Period
from munikg.normalize import (
    QUALITATIVE,
    STATUSES,
    UNITS,
    Quantity,
    calendar_year,
    clean,
    declared_unit,
    era_year,
    fiscal_year,
    join_wrapped,
    parse_compound,
    parse_period,
    parse_plan_period,
    parse_quantity,
    parse_revision_chain,
    progress_status,
    report_date,
    report_date_range,
    thousand_yen_to_yen,
    unit_key,
)

ROOT = Path(__file__).resolve().parents[1]


def d(iso: str) -> date:
    return date.fromisoformat(iso)


def span(first: str, last: str) -> Period:
    return Period(d(first), d(last))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<p>第46回県央地域首長懇話会</p> <ul style="list-style-type: none">'
            " ・県央地域の発展に向けて",
            "第46回県央地域首長懇話会 ・県央地域の発展に向けて",
        ),
        ("<li>Instagram<br>Facebook</li>", "Instagram Facebook"),
        ("<P>1人1台端末</P>", "1人1台端末"),
        ("[R3継続] <R3継続>", "[R3継続] <R3継続>"),
        ("令和 6 年度", "令和6年度"),
        ("令和 6 年第 2 回常任委員会", "令和6年第2回常任委員会"),
        ("7 月 24 日 ～7 月 26 日", "7月24日 ~7月26日"),
        ("第 1期 100％ 第 2期 84％", "第1期100% 第2期84%"),
        (
            "令和 6年 2月の「茨城県産業立地セミナー\nin 大阪」",
            "令和6年2月の「茨城県産業立地セミナー in 大阪」",
        ),
        ("・ バス対策分科会", "・バス対策分科会"),
        (
            "Google for Education Kickstart Program研修:4回",
            "Google for Education Kickstart Program研修:4回",
        ),
        ("市内製造品出荷額 (年間)\t単位:百万円", "市内製造品出荷額 (年間) 単位:百万円"),
        ("6. 4. 1", "6. 4. 1"),
        ("\u3000 第２期つくばみらい市 \u3000", "第2期つくばみらい市"),
        ("  \n\t ", ""),
    ],
)
def test_clean(text, expected):
    assert clean(text) == expected


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["プロジェク", "ト推進課"], "プロジェクト推進課"),
        (["おやこ・ま", "るまるサポ", "ートセンタ", "ー"], "おやこ・まるまるサポートセンター"),
        (
            [
                "企業立地優遇制度の対象",
                "となった企業に勤める市",
                "内在住の新規雇用者数",
                "（非正規雇用含む）",
            ],
            "企業立地優遇制度の対象となった企業に勤める市内在住の新規雇用者数(非正規雇用含む)",
        ),
        (["“I LIVE ", "IN TSUKUBAMIRAI”の SNSで"], "“I LIVE IN TSUKUBAMIRAI”の SNSで"),
        (["第 1期", "100％"], "第1期100%"),
        (["住まい開発", "", "  ", "政策課"], "住まい開発政策課"),
        ([], ""),
    ],
)
def test_join_wrapped(parts, expected):
    assert join_wrapped(parts) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和6", 2024),
        ("令和 6 年度", 2024),
        ("令和元年", 2019),
        ("R元", 2019),
        ("R6", 2024),
        ("Ｒ６", 2024),
        ("H28", 2016),
        ("H15", 2003),
        ("平成31年", 2019),
        ("S63", 1988),
        ("2021(令和3)年度", 2021),
        ("後期計画 (H28)", 2016),
        ("H0", None),
        ("平成32年", 2020),  # printed in plans drafted before the era changed
        ("平成51年", None),
        ("SNS3", None),
        ("2024年", None),
        ("第2次", None),
    ],
)
def test_era_year(text, expected):
    assert era_year(text) == expected


def test_fiscal_and_calendar_year():
    assert fiscal_year(2024) == span("2024-04-01", "2025-03-31")
    assert calendar_year(2024) == span("2024-01-01", "2024-12-31")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021年度", fiscal_year(2021)),
        ("(2020年度)", fiscal_year(2020)),
        ("126,471 (2020年度)", fiscal_year(2020)),
        ("令和3年度", fiscal_year(2021)),
        ("令和2年度", fiscal_year(2020)),
        ("R3年度", fiscal_year(2021)),
        ("(R3)", fiscal_year(2021)),
        ("R3", fiscal_year(2021)),
        ("(R元)", fiscal_year(2019)),
        ("2019(令和元)年度", fiscal_year(2019)),
        ("目標値 (2024年度)", fiscal_year(2024)),
        ("2024年", calendar_year(2024)),
        ("▲177 (2018年)", calendar_year(2018)),
        ("令和4年", calendar_year(2022)),
        ("(R2～R4 累計)", span("2020-04-01", "2023-03-31")),
        ("(R2～R5 累計)", span("2020-04-01", "2024-03-31")),
        ("R2~R6累計", span("2020-04-01", "2025-03-31")),
        ("（R2～R4\n累計）", span("2020-04-01", "2023-03-31")),
        ("R4～R13", span("2022-04-01", "2032-03-31")),
        ("H26~R22", span("2014-04-01", "2041-03-31")),
        ("日立市公共施設マネジメント前期行動計画(H28～R3)", span("2016-04-01", "2022-03-31")),
        ("3か年実施計画(2025年度～2027年度)", span("2025-04-01", "2028-03-31")),
        ("R4～", None),
        ("(年度末)", None),
        ("令和6年10月30日", None),
        ("1,137社", None),
        ("2024", None),
        ("R8~R4", None),
        ("H35", fiscal_year(2023)),
        ("H51", None),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R4～", (d("2022-04-01"), None)),
        ("日立市さくらのまちづくり基本計画(R4～)", (d("2022-04-01"), None)),
        ("H29", (d("2017-04-01"), d("2018-03-31"))),
        ("R4~R8", (d("2022-04-01"), d("2027-03-31"))),
        ("日立市デジタル化推進計画2022(R4~R8)", (d("2022-04-01"), d("2027-03-31"))),
        ("日立市教育振興基本計画(R元~R5)", (d("2019-04-01"), d("2024-03-31"))),
        ("～R8", (None, d("2027-03-31"))),
        ("日立市人材育成計画", None),
    ],
)
def test_parse_plan_period(text, expected):
    assert parse_plan_period(text) == expected


@pytest.mark.parametrize(
    ("text", "fy", "expected"),
    [
        ("6. 4. 1", 2024, d("2024-04-01")),
        ("7. 1. 20", 2024, d("2025-01-20")),
        ("6.10.24", 2024, d("2024-10-24")),
        ("6.4.19", 2024, d("2024-04-19")),
        ("6.10. 1", 2024, d("2024-10-01")),
        ("6. 1. 13", 2024, d("2024-01-13")),
        ("30. 4. 1", 2018, d("2018-04-01")),
        ("元. 5. 7", 2019, d("2019-05-07")),
        ("10月17日", 2024, d("2024-10-17")),
        ("4 月 9 日", 2024, d("2024-04-09")),
        ("1月6日 午前8時30分～", 2024, d("2025-01-06")),
        ("令和6年10月30日", 2024, d("2024-10-30")),
        ("期日:令和4年10月30日", 2022, d("2022-10-30")),
        ("令和5年2月11日", 2022, d("2023-02-11")),
        ("6.10月～6.11月", 2024, None),
        ("2月30日", 2024, None),
        ("庁議", 2024, None),
    ],
)
def test_report_date(text, fy, expected):
    assert report_date(text, fy) == expected


@pytest.mark.parametrize(
    ("text", "fy", "expected"),
    [
        ("10月17日 ～10月18日", 2024, ("2024-10-17", "2024-10-18")),
        ("7 月 24 日 ～7 月 26 日", 2024, ("2024-07-24", "2024-07-26")),
        ("7月20日～22日", 2024, ("2024-07-20", "2024-07-22")),
        ("11月1日～4日", 2024, ("2024-11-01", "2024-11-04")),
        ("6. 3. 26 ～ 6. 4. 26", 2024, ("2024-03-26", "2024-04-26")),
        ("7. 3. 26 及び 7. 3. 27", 2024, ("2025-03-26", "2025-03-27")),
        ("6.10月～6.11月", 2024, ("2024-10-01", "2024-11-30")),
        ("12月27日", 2024, ("2024-12-27", "2024-12-27")),
        ("6. 4. 1", 2024, ("2024-04-01", "2024-04-01")),
        ("3月26日(土)～4月10日(日)", 2022, ("2022-03-26", "2022-04-10")),
        ("令和5年2月11日(土・祝)～3月19日(日)", 2022, ("2023-02-11", "2023-03-19")),
        ("R4年8月～R5年3月", 2022, ("2022-08-01", "2023-03-31")),
        ("7. 4. 1 ～ 6. 4. 1", 2024, None),
        ("退任あいさつ", 2024, None),
    ],
)
def test_report_date_range(text, fy, expected):
    want = None if expected is None else (d(expected[0]), d(expected[1]))
    assert report_date_range(text, fy) == want


FY2020, FY2021 = fiscal_year(2020), fiscal_year(2021)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("126,471 (2020年度)", {"value": Decimal(126471), "period": FY2020}),
        ("▲177 (2018年)", {"value": Decimal(-177), "period": calendar_year(2018)}),
        ("▲107", {"value": Decimal(-107)}),
        ("△5", {"value": Decimal(-5)}),
        (
            "未算出※ (2021年)",
            {"qualitative": "not-calculated", "note_marker": True, "period": calendar_year(2021)},
        ),
        (
            "28.0億円/年",
            {"value": Decimal("28.0"), "unit": "hundred-million-yen", "per_year": True},
        ),
        (
            "28.0億円/\n年\n(R3)",
            {
                "value": Decimal("28.0"),
                "unit": "hundred-million-yen",
                "per_year": True,
                "period": FY2021,
            },
        ),
        ("242人", {"value": Decimal(242), "unit": "person"}),
        (
            "242人 \n（R2～R4 \n累計） ",
            {
                "value": Decimal(242),
                "unit": "person",
                "period": span("2020-04-01", "2023-03-31"),
                "cumulative": True,
            },
        ),
        ("約 53万人", {"value": Decimal(530000), "unit": "person", "approximate": True}),
        ("1,137社", {"value": Decimal(1137), "unit": "company"}),
        ("0.6%増/年", {"value": Decimal("0.6"), "unit": "percent", "per_year": True}),
        ("63.6％", {"value": Decimal("63.6"), "unit": "percent"}),
        ("13,000 人/\n年", {"value": Decimal(13000), "unit": "person", "per_year": True}),
        ("0人/年", {"value": Decimal(0), "unit": "person", "per_year": True}),
        ("+2.0", {"value": Decimal("2.0")}),
        ("[小6]+2.0", {"value": Decimal("2.0"), "component": "小6"}),
        ("[中2]-1.0※", {"value": Decimal("-1.0"), "component": "中2", "note_marker": True}),
        ("第 1期\n100％", {"value": Decimal(100), "unit": "percent", "component": "第1期"}),
        ("L=1,100m", {"value": Decimal(1100), "unit": "metre"}),
        ("2,028時間", {"value": Decimal(2028), "unit": "hour"}),
        ("11,050ダウンロード", {"value": Decimal(11050), "unit": "download"}),
        ("15講座/年", {"value": Decimal(15), "unit": "course", "per_year": True}),
        ("2団体/年", {"value": Decimal(2), "unit": "group", "per_year": True}),
        ("42か所", {"value": Decimal(42), "unit": "place"}),
        ("5ヵ所", {"value": Decimal(5), "unit": "place"}),
        ("1,308回(215社)", {"value": Decimal(1308), "unit": "times"}),
        ("111 (年度末)", {"value": Decimal(111)}),
        (
            "908,115 (2016年度) ※県統計課2021年度",
            {"value": Decimal(908115), "period": fiscal_year(2016), "note_marker": True},
        ),
        (
            "※ 55件/年(R元) 46件/年(R2)",
            {
                "value": Decimal(55),
                "unit": "case",
                "per_year": True,
                "period": fiscal_year(2019),
                "note_marker": True,
                "problem": "more than one number",
            },
        ),
        ("5組9人", {"value": Decimal(5), "unit": "pair", "problem": "more than one number"}),
        ("設置", {"qualitative": "installed"}),
        ("未設置", {"qualitative": "not-installed"}),
        ("構築", {"qualitative": "built"}),
        ("未構築", {"qualitative": "not-built"}),
        ("策定", {"qualitative": "formulated"}),
        ("誘致", {"qualitative": "attracted"}),
        ("廃止", {"qualitative": "abolished"}),
        ("－", {"qualitative": "no-value"}),
        ("-", {"qualitative": "no-value"}),
        ("—", {"qualitative": "no-value"}),
        ("―", {"qualitative": "no-value"}),
        ("市町村別データが非公表となったため", {"problem": "no number or known value"}),
        (
            "(R2～R4 累計)",
            {
                "period": span("2020-04-01", "2023-03-31"),
                "cumulative": True,
                "problem": "no number or known value",
            },
        ),
        ("", {"problem": "empty"}),
    ],
)
def test_parse_quantity(text, fields):
    assert parse_quantity(text) == Quantity(raw=clean(text), **fields)


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("約 53万人", "約53万人"),
        ("0.6%増/年", "0.6%増/年"),
        ("28.0億円/\n年\n(R3)", "28.0億円/ 年 (R3)"),
    ],
)
def test_quantity_raw_is_the_cleaned_text(text, raw):
    assert parse_quantity(text).raw == raw


def _summary(quantities: list[Quantity]) -> list[tuple]:
    return [(q.component, q.value, q.unit, q.note_marker, q.problem) for q in quantities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "第 1期 100％ 第 2期 84％",
            [
                ("第1期", Decimal(100), "percent", False, None),
                ("第2期", Decimal(84), "percent", False, None),
            ],
        ),
        (
            "第 1期\n100％ \n第 2期 \n84％ ",
            [
                ("第1期", Decimal(100), "percent", False, None),
                ("第2期", Decimal(84), "percent", False, None),
            ],
        ),
        (
            "[小6]+2.0 [中3]+3.0",
            [
                ("小6", Decimal("2.0"), None, False, None),
                ("中3", Decimal("3.0"), None, False, None),
            ],
        ),
        (
            "[小6]-1.4 [中2]-1.0※",
            [
                ("小6", Decimal("-1.4"), None, False, None),
                ("中2", Decimal("-1.0"), None, True, None),
            ],
        ),
        ("242人", [(None, Decimal(242), "person", False, None)]),
        (
            "期待値 [小6]+1.6",
            [
                (None, None, None, False, "no number or known value"),
                ("小6", Decimal("1.6"), None, False, None),
            ],
        ),
    ],
)
def test_parse_compound(text, expected):
    assert _summary(parse_compound(text)) == expected


@pytest.mark.parametrize(
    ("text", "values", "unit", "per_year"),
    [
        ("80社/年 ↓ 90社/年 ↓ 125社/年", [80, 90, 125], "company", True),
        ("80社/年 \n↓ \n90社/年 \n↓ \n125社/年 ", [80, 90, 125], "company", True),
        ("1,050社 \n↓ \n1,100社 \n↓ \n1,150社 ", [1050, 1100, 1150], "company", False),
        ("65.5％ \n↓ \n70.0％ ", [Decimal("65.5"), Decimal("70.0")], "percent", False),
        ("63.6％", [Decimal("63.6")], "percent", False),
    ],
)
def test_parse_revision_chain(text, values, unit, per_year):
    chain = parse_revision_chain(text)
    assert [q.value for q in chain] == [Decimal(v) for v in values]
    assert {(q.unit, q.per_year, q.problem) for q in chain} == {(unit, per_year, None)}


def test_revision_chain_keeps_the_period_on_its_own_step():
    first, last = parse_revision_chain("25 件 \n↓ \n77 件 \n(R2～R6 \n累計) ")
    assert (first.value, first.period, first.cumulative) == (Decimal(25), None, False)
    assert (last.value, last.period, last.cumulative) == (
        Decimal(77),
        span("2020-04-01", "2025-03-31"),
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("順調 ↑", "on-track"),
        ("順調 ↗", "on-track"),
        ("順調", "on-track"),
        ("概ね順調 →", "roughly-on-track"),
        ("概ね順調", "roughly-on-track"),
        ("遅れ ↓", "behind"),
        ("遅れ ↘", "behind"),
        ("遅れ", "behind"),
        ("※新型コロナの影響により国調査未実施のため、未算出。", None),
        ("順調順調", None),
        ("", None),
    ],
)
def test_progress_status(text, expected):
    assert progress_status(text) == expected


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("人", "person"),
        ("名", "person"),
        ("件", "case"),
        ("社", "company"),
        ("回", "times"),
        ("箇所", "place"),
        ("か所", "place"),
        ("ヵ所", "place"),
        ("ケ所", "place"),
        ("台", "vehicle"),
        ("路線", "route"),
        ("講座", "course"),
        ("団体", "group"),
        ("団体等", "group"),
        ("行政区", "district"),
        ("事業所", "establishment"),
        ("点", "point"),
        ("%", "percent"),
        ("％", "percent"),
        ("円", "yen"),
        ("千円", "thousand-yen"),
        ("百万円", "million-yen"),
        ("億円", "hundred-million-yen"),
        ("世帯", "household"),
        ("校", "school"),
        ("枚", "sheet"),
        ("ダウンロード", "download"),
        ("時間", "hour"),
        ("m", "metre"),
        ("ｍ", "metre"),
        ("基", "rack"),
        ("本", "piece"),
        ("業務", "task"),
        ("灯", "lamp"),
        ("組", "pair"),
        ("棟", None),
        ("万人", None),
        ("", None),
    ],
)
def test_unit_key(surface, key):
    assert unit_key(surface) == key


def test_unit_and_qualitative_tables_only_use_known_keys():
    """The vocabulary's keys are concepts of their schemes (ontology/vocab)."""
    for scheme, table in (("unit", UNITS), ("qualitative-value", QUALITATIVE)):
        vocab = Graph().parse(ROOT / "ontology" / "vocab" / f"{scheme}.ttl")
        concepts = {str(c).rsplit("/", 1)[-1] for c in vocab.subjects(RDF.type, SKOS.Concept)}
        assert set(table.values()) <= concepts, scheme
    assert {"person", "percent", "thousand-yen", "per-mille", "hectare"} <= set(UNITS.values())
    assert {"no-value", "not-calculated", "abolished"} <= set(QUALITATIVE.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市民所得 単位:百万円", ("市民所得", "million-yen")),
        ("市内製造品出荷額 (年間) 単位:百万円", ("市内製造品出荷額 (年間)", "million-yen")),
        ("生産年齢人口の 就業率 単位:%", ("生産年齢人口の就業率", "percent")),
        ("単位:団体等", ("", "group")),
        ("単位:%", ("", "percent")),
        ("単位:点", ("", "point")),
        ("単位:世帯", ("", "household")),
        ("単位:事業所", ("", "establishment")),
        ("単位：人", ("", "person")),
        ("事業費(単位:千円)", ("事業費", "thousand-yen")),
        ("単位:組", ("", "pair")),
        ("単位:棟", ("", None)),
        ("市内ICにおける降車台数 (年間下車台数)", ("市内ICにおける降車台数 (年間下車台数)", None)),
        ("地区を単位として地区単独により開催", ("地区を単位として地区単独により開催", None)),
    ],
)
def test_declared_unit(text, expected):
    assert declared_unit(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31,077", Decimal(31077000)),
        ("26,443", Decimal(26443000)),
        ("6,900", Decimal(6900000)),
        ("31,077千円", Decimal(31077000)),
        ("0", Decimal(0)),
        ("予算額 31,077", None),
        ("", None),
    ],
)
def test_thousand_yen_to_yen(text, expected):
    assert thousand_yen_to_yen(text) == expected


# Arbitrary text, and text made of exactly the characters the parsers react to.
TEXT = st.text() | st.text(
    alphabet="0123456789 .,~～〜年度月日令和平成昭元RHS()[]第期▲△+-%万約※↓順調<p>/単位:"
)
FY = st.integers()


def _is_date_pair(result) -> bool:
    return result is None or (
        isinstance(result, tuple)
        and all(isinstance(x, date) for x in result)
        and result[0] <= result[1]
    )


@pytest.mark.parametrize(
    ("function", "holds"),
    [
        (clean, lambda r: isinstance(r, str) and r == r.strip() and "  " not in r),
        (era_year, lambda r: r is None or 1926 <= r <= 2117),
        (parse_period, lambda r: r is None or isinstance(r, Period)),
        (parse_plan_period, lambda r: r is None or r != (None, None)),
        (parse_quantity, lambda q: q.value is not None or bool(q.qualitative) != bool(q.problem)),
        (parse_compound, lambda r: len(r) >= 1 and all(isinstance(q, Quantity) for q in r)),
        (parse_revision_chain, lambda r: len(r) >= 1 and all(isinstance(q, Quantity) for q in r)),
        (progress_status, lambda r: r is None or r in STATUSES.values()),
        (
            declared_unit,
            lambda r: isinstance(r[0], str) and (r[1] is None or r[1] in UNITS.values()),
        ),
        (thousand_yen_to_yen, lambda r: r is None or isinstance(r, Decimal)),
    ],
)
@settings(database=None)
@given(text=TEXT)
def test_text_functions_never_raise(function, holds, text):
    assert holds(function(text))


@settings(database=None)
@given(parts=st.lists(TEXT))
def test_join_wrapped_never_raises(parts):
    joined = join_wrapped(parts)
    assert "\n" not in joined and joined == joined.strip()


@settings(database=None)
@given(text=TEXT, fy=FY)
def test_report_dates_never_raise(text, fy):
    day = report_date(text, fy)
    assert day is None or isinstance(day, date)
    assert _is_date_pair(report_date_range(text, fy))
