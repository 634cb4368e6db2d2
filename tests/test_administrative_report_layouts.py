"""The administrative-report layout reader on layouts other than the bundled document's.

Small reports written for each behaviour: header words renamed, tables laid out with spaces,
tables whose cells the extraction joined, page numbers inside a table, other numbering styles,
department headings in brackets, and rows or lines the reader must leave as residue.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from munikg import reading
from munikg.model import (
    Activity,
    Agreement,
    Department,
    DocumentInfo,
    Event,
    Indicator,
    Observation,
    Period,
    TextSection,
)
from munikg.parsers import administrative_report

INFO = DocumentInfo(
    "test.txt", "テスト市", "000000", "administrative-report", "テスト", 2024, "テスト市"
)
FY2024 = Period.fiscal_year(2024)


def day(text: str) -> Period:
    return Period(date.fromisoformat(text), date.fromisoformat(text))


def read(lines: list[str]):
    return administrative_report.parse(reading.read(lines), INFO)


def of(result, kind) -> list:
    return [r for r in result.records if isinstance(r, kind)]


def events(result) -> list[tuple]:
    return [(e.kind, e.name, e.period, e.venue) for e in of(result, Event)]


def residue(result) -> dict[int, str]:
    return {r.line: r.reason for r in result.residue}


def accounted(result, lines: list[str]) -> bool:
    """Every non-blank line consumed or residue, none both."""
    non_blank = {n for n, line in enumerate(lines, 1) if line.strip()}
    lines_in_residue = set(residue(result))
    return result.consumed | lines_in_residue == non_blank and not (
        result.consumed & lines_in_residue
    )


# Meetings of an association, a ceremony table and citizen meetings with their participants.
MEETINGS = [
    "秘書課",
    "1 市長会について",
    "(1) 全国市長会関係",
    "会 議 名\t開 催 日\t開 催 地",
    "全国市長会理事会\t4月10日\t千代田区",
    "第86回全国都市問題会議\t10月17日 ～10月18日\t姫路市",
    "2 仕事納め及び仕事始めについて",
    "\t期 日\t内 容",
    "仕事始め\t1月6日 午前8時30分～\t本庁舎中会議室において市長の年頭の挨拶",
    "3 広聴活動について",
    "(1) 市民懇談会",
    "形式\t開催日\t地区\t会場\t参加者数 (名)",
    "地区単独\t6.10.19 (土)\t見川\t見川市民センター ホール\t23",
    "\t6. 8. 31 (土)\t二中ブロック\t本庁舎 4 階 政策会議室\t9",
]
MEETINGS_READ = [
    ("meeting", "全国市長会理事会", day("2024-04-10"), "千代田区"),
    ("meeting", "第86回全国都市問題会議", Period(date(2024, 10, 17), date(2024, 10, 18)), "姫路市"),
    ("ceremony", "仕事始め", day("2025-01-06"), "本庁舎中会議室"),
    ("meeting", "市民懇談会（地区単独） 見川", day("2024-10-19"), "見川市民センターホール"),
    ("meeting", "市民懇談会（地区単独） 二中ブロック", day("2024-08-31"), "本庁舎4階政策会議室"),
]


def test_the_tables_as_printed():
    result = read(MEETINGS)
    assert events(result) == MEETINGS_READ
    assert accounted(result, MEETINGS) and not result.residue


def test_renamed_header_words_come_from_the_vocabulary():
    renamed = [
        line.replace("会 議 名", "名 称").replace("開 催 日", "月 日").replace("期 日", "日 時")
        for line in MEETINGS
    ]
    renamed = [line.replace("開催日", "月日") for line in renamed]
    result = read(renamed)
    assert events(result) == MEETINGS_READ
    body = next(e.body for e in of(result, Event) if e.name == "全国市長会理事会")
    assert body == "org/全国市長会"


def test_tables_laid_out_with_spaces_and_an_empty_first_cell():
    spaced = [line.replace("\t", "    ") for line in MEETINGS]
    result = read(spaced)
    assert events(result) == MEETINGS_READ
    labels = {i.key: i.label for i in of(result, Indicator)}
    counts = {labels[o.indicator]: o.value for o in of(result, Observation)}
    # the empty first cell of the last row repeats 地区単独, as in the tabbed table
    assert counts == {
        "市民懇談会 参加者数 見川": Decimal(23),
        "市民懇談会 参加者数 二中ブロック": 9,
    }
    assert accounted(result, spaced) and not result.residue


def test_a_row_that_does_not_line_up_with_its_header_is_residue():
    lines = [
        "秘書課",
        "1 市民懇談会について",
        "形式    開催日    地区    会場    参加者数 (名)",
        "地区単独    6.10.19 (土)    見川市民センター ホール    23",  # 地区 missing
        "    6. 8. 31 (土)    二中ブロック    本庁舎    9",  # repeats the row not read
    ]
    result = read(lines)
    assert not of(result, Event) and not of(result, Observation)
    assert set(residue(result)) == {4, 5}
    assert accounted(result, lines)


def test_a_header_whose_cells_were_joined_makes_its_rows_residue_never_text():
    lines = [
        "秘書課",
        "1 市長会について",
        "会 議 名 開 催 日 開 催 地",
        "全国市長会理事会 4月10日 千代田区",
        "全国市長会関東支部総会 5月14日 新宿区",
        "2 親善姉妹都市交流について",
        " 期 日 内 容",
        "仕事納め 12月27日 市長挨拶文を各課宛て送付",
        "3 広聴活動について",
        "分類 件数",
        "行政事案 2,265件",
        "※ 電話による相談を含む。",
    ]
    result = read(lines)
    assert set(residue(result)) == {3, 4, 5, 7, 8, 10, 11}
    assert residue(result)[4] == "table row whose cells are not separated"
    assert not of(result, Event) and not of(result, Observation)
    assert not [t for t in of(result, TextSection) if t.span.first != 12]
    assert [a.title for a in of(result, Activity) if a.kind == "topic"] == [
        "市長会について",
        "親善姉妹都市交流について",
        "広聴活動について",
    ]
    assert accounted(result, lines)


def test_a_page_number_inside_a_table_does_not_end_it():
    lines = [
        "秘書課",
        "1 市民相談について",
        "分類\t件数",
        "行政事案\t2,265件",
        "",
        "- 3 -",
        "",
        "民事事案\t863件",
    ]
    result = read(lines)
    labels = {i.key: i.label for i in of(result, Indicator)}
    counts = {labels[o.indicator]: o.value for o in of(result, Observation)}
    assert counts == {"市民相談 件数 行政事案": 2265, "市民相談 件数 民事事案": 863}
    assert 6 not in result.consumed and 6 not in residue(result)  # furniture, not content


def test_other_numbering_styles_and_a_department_in_brackets():
    lines = [
        "【総務部 秘書課】",
        "1. 広報について",
        "（１） 広報紙の発行",
        "(ア) 点字広報",
        "発行部数 87,000部",
        "(イ) 声の広報",
        "（２） 市民相談",
        "2. 表彰について",
    ]
    result = read(lines)
    assert [d.name for d in of(result, Department)] == ["総務部秘書課"]
    headings = [(a.key, a.kind, a.title) for a in of(result, Activity)]
    assert headings == [
        ("総務部秘書課/1", "topic", "広報について"),
        ("総務部秘書課/1-1", "subtopic", "広報紙の発行"),
        ("総務部秘書課/1-1-ア", "item", "点字広報"),
        ("総務部秘書課/1-1-イ", "item", "声の広報"),
        ("総務部秘書課/1-2", "subtopic", "市民相談"),
        ("総務部秘書課/2", "topic", "表彰について"),
    ]
    observation = of(result, Observation)[0]
    assert (observation.value, observation.unit, observation.span.first) == (87000, "copy", 5)


def test_board_meetings_and_ceremonies_are_told_apart_by_the_row_name():
    lines = [
        "政策企画課",
        "1 庁議について",
        "年月日\t区分\t内容",
        "6. 4. 23\t庁 議\t台南市との友好交流都市提携について 例年行事について",
        "6. 12. 27\t仕事納め\t本庁舎において市長挨拶",
    ]
    result = read(lines)
    board, ceremony = of(result, Event)
    assert (board.kind, board.name, board.body) == ("meeting", "庁議", None)
    assert board.agenda == ("台南市との友好交流都市提携について", "例年行事について")
    assert (ceremony.kind, ceremony.venue) == ("ceremony", "本庁舎")
    (agreement,) = of(result, Agreement)
    assert (agreement.kind, agreement.period) == ("friendly-exchange-city", day("2024-04-23"))


def test_unknown_or_incomplete_headers_are_residue_without_errors():
    lines = [
        "秘書課",
        "1 市民懇談会について",
        "開催日\t参加者数(名)",  # a count but no venue nor name: no table this reader knows
        "6.10.19\t23",
        "2 協定について",
        "(1) 連携協力に関する協定を締結している大学等",
        "テスト大学、よくわからない団体",
    ]
    result = read(lines)
    assert residue(result) == {
        3: "table with an unknown header",
        4: "table with an unknown header",
        7: "agreement partner not recognised: よくわからない団体",
    }
    assert not of(result, Agreement)  # nothing read from a line that is residue
    assert accounted(result, lines)
