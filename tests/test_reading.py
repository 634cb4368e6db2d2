"""The layout-neutral reading stage: markers of every numbering style, cells, page furniture."""

from __future__ import annotations

import pytest

from munikg.extract import split_lines
from munikg.reading import Numbering, body, is_page_furniture, numbering, read


@pytest.mark.parametrize(
    ("text", "prefix", "number", "style", "title"),
    [
        (
            "基本目標 I 生き生きと働けるしごとを創る",
            "基本目標",
            1,
            "roman",
            "生き生きと働けるしごとを創る",
        ),
        ("基本目標Ⅲ 結婚・出産", "基本目標", 3, "roman", "結婚・出産"),
        ("基本目標１ “みらい”に向かって", "基本目標", 1, "arabic", "“みらい”に向かって"),
        (
            "〈基本目標①〉まちに安定した雇用をつくる",
            "基本目標",
            1,
            "circled",
            "まちに安定した雇用をつくる",
        ),
        ("1 取組の概要と評価", "", 1, "arabic", "取組の概要と評価"),
        ("4 5年後に目指す姿", "", 4, "arabic", "5年後に目指す姿"),
        ("1.施策の体系と担当課", "", 1, "arabic", "施策の体系と担当課"),
        ("(1) 地域経済をけん引する", "", 1, "arabic", "地域経済をけん引する"),
        ("（１）働く場の創出と支援", "", 1, "arabic", "働く場の創出と支援"),
        ("(2) 日立市との連携協定", "", 2, "arabic", "日立市との連携協定"),  # 日, yet a name
        ("(1) 千代田区との交流", "", 1, "arabic", "千代田区との交流"),
        ("具体的施策(2) 多様な雇用", "具体的施策", 2, "arabic", "多様な雇用"),
        ("①婚姻率:5.5‰", "", 1, "circled", "婚姻率:5.5‰"),
        ("数値目標① 婚姻率", "数値目標", 1, "circled", "婚姻率"),
        ("第2章 安全・安心の健康福祉都市", "第", 2, "arabic", "安全・安心の健康福祉都市"),
        ("第三章 総則", "第", 3, "kanji", "総則"),
        ("施策 1 コミュニティ活動", "施策", 1, "arabic", "コミュニティ活動"),
        ("- 取組 2 地域課題の解決", "取組", 2, "arabic", "地域課題の解決"),
        ("取組項目1:LGX推進に向けた組織", "取組項目", 1, "arabic", "LGX推進に向けた組織"),
        ("目標2_DX人材育成研修受講者", "目標", 2, "arabic", "DX人材育成研修受講者"),
        ("No 01 推進事項 SNSを活用した", "No", 1, "arabic", "推進事項 SNSを活用した"),
        ("No.3 推進事項 RPA", "No.", 3, "arabic", "推進事項 RPA"),
        ("ア 議事", "", 1, "katakana", "議事"),
        ("(イ) 研修", "", 2, "katakana", "研修"),
        ("【議案第1号】", "議案", 1, "arabic", ""),
    ],
)
def test_markers_of_every_style(text, prefix, number, style, title):
    found = numbering(text)
    assert (found.prefix, found.number, found.style, found.title) == (prefix, number, style, title)


@pytest.mark.parametrize(
    "text",
    [
        "2024年度のKPI及びその進捗状況",  # a year opening a sentence
        "5年間で 100 人の雇用の創出",
        "100 人の雇用",
        "014 歳及び 25 歳~44 歳",  # an age
        "3階 コスモスホールⅡ",
        "12:30~14:50",  # a time
        "6. 4. 1",  # a date of a report
        "第7回松戸市まち・ひと・しごと創生懇談会",  # a count, not a chapter
        "100 200 300",  # a row of numbers
        "平成29年度 中核市市長会総会",
        "【主な具体的事業】",  # a bracketed title without a number
        "(3)年間の延べ人数",  # a count in brackets
    ],
)
def test_numbers_that_are_not_markers(text):
    assert numbering(text) is None


def test_the_mark_is_kept_as_printed():
    assert numbering("〈基本目標①〉まち") == Numbering(
        "基本目標", 1, "circled", "〈基本目標①〉", "まち", bracket="〈"
    )
    assert body("①婚姻率:5.5‰(平成 25 年)") == "婚姻率:5.5‰(平成 25 年)"
    assert body("(6) 獣害対策 獣害対策取組件数 67 23件") == "獣害対策 獣害対策取組件数 67 23件"


@pytest.mark.parametrize("text", ["- 3 -", "－ 12 －", "― 4 ―", "3 / 10", "P. 7", "\f", " \f "])
def test_page_furniture(text):
    assert is_page_furniture(text)


@pytest.mark.parametrize("text", ["- 取組 1 組織", "3", "6", "10.7%", "(1)"])
def test_not_page_furniture(text):
    assert not is_page_furniture(text)


def test_cells_from_tabs_or_runs_of_spaces():
    document = read(
        [
            "項目\t目標値 (2024年度)\t\t基準値",
            "婚姻率    5.5‰  5.9‰",
            "協定名\u3000\u3000協定先",
            "ひとつの セル",
        ]
    )
    first, second, third, fourth = document.lines
    assert first.cells == ("項目", "目標値 (2024年度)", "", "基準値") and first.tabbed
    assert second.cells == ("婚姻率", "5.5‰", "5.9‰") and not second.tabbed
    assert third.cells == ("協定名", "協定先")
    assert fourth.cells == ("ひとつのセル",)
    assert fourth.spaced_cells == ("ひとつの セル",)


def test_page_furniture_is_left_out_of_the_lines():
    document = read(["表の行", "", "- 2 -", "", "続きの行", "\f", "最後の行"])
    assert [line.number for line in document.lines] == [1, 5, 7]
    assert document.furniture == (3,)  # a form feed alone is a blank line


def test_lines_are_numbered_at_line_feeds_only():
    assert split_lines("a\fb\nc\r\nd\n") == ["a\fb", "c", "d"]
    assert split_lines("a\n\nb") == ["a", "", "b"]


def test_a_form_feed_inside_a_line_is_a_space():
    (line,) = read(["前の頁の文\f次の頁の文"]).lines
    assert line.text == "前の頁の文次の頁の文"
