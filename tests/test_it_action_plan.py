"""Golden tests: 日立市情報化推進アクションプラン 令和2年度実績 (action-plan results)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from munikg.model import (
    Activity,
    Department,
    Indicator,
    Observation,
    Period,
    Plan,
    PlanElement,
    Project,
    Span,
    TextSection,
)
from munikg.parsers.it_action_plan import parse as parse_plan
from munikg.reading import read
from mutations import MUTATIONS

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"
FILE = "hitachi-johoka-action-plan-r2.txt"
FY2020 = Period.fiscal_year(2020)
FALLBACK = "期間の記載なし。報告書の対象年度(2020年度)とした"


@pytest.fixture(scope="module")
def records(parse):
    return parse(FILE).records


def of(records, kind):
    return [r for r in records if isinstance(r, kind)]


def test_plan(records):
    (plan,) = of(records, Plan)
    assert plan == Plan("plan", "日立市情報化推進アクションプラン", "action-plan", Span.line(1))
    (intro,) = [s for s in of(records, TextSection) if s.subject == "plan"]
    assert intro.kind == "description"
    assert intro.text == "情報化の推進に当たり、関連事業をアクションプランとして実施していき"
    assert intro.span == Span.line(3)


def test_themes(records):
    themes = [(t.key, t.number, t.title, t.parent, t.span.first) for t in of(records, PlanElement)]
    assert themes == [
        ("theme:1", "1", "スマートフォン等を活用した市民サービスの推進", "plan", 4),
        ("theme:2", "2", "高齢化社会に対応した情報化の推進", "plan", 73),
        ("theme:3", "3", "災害に強いまちを構築するための情報化の推進", "plan", 123),
        ("theme:4", "4", "電子行政サービスの推進", "plan", 143),
        ("theme:5", "5", "強靭な情報セキュリティの構築", "plan", 266),
    ]
    assert {t.kind for t in of(records, PlanElement)} == {"theme"}


def test_items(records):
    items = sorted(of(records, Project), key=lambda p: p.number)
    got = [
        (p.number, p.name, p.parent, p.departments, p.departments_incomplete, p.continuation)
        for p in items
    ]
    management = ("行政マネジメント課",)
    both = ("政策企画課", "行政マネジメント課")
    assert got == [
        ("01", "SNSを活用した市長による情報発信の充実", "theme:1", ("秘書課",), False, "R3継続"),
        (
            "02",
            "スマートフォン向け日立市地域情報アプリの拡充",
            "theme:1",
            management,
            True,
            "R3継続",
        ),
        (
            "03",
            "SNSを活用した上下水道事業に関する情報発信の充実",
            "theme:1",
            ("企業局総務課",),  # line 51: 企業局総務課 外
            True,
            "R3継続",
        ),
        ("04", "高齢者向け行政番組", "theme:2", ("広報戦略課",), False, "R3継続"),
        ("05", "高齢者向けタブレット入門講座", "theme:2", ("高齢福祉課",), False, "R3継続"),
        (
            "06",
            "避難所における公衆無線 LAN(Wi-Fi)環境整備",
            "theme:3",
            ("防災対策課",),
            False,
            "R3継続",
        ),
        ("07", "オープンデータの推進", "theme:4", both, False, "R3継続"),
        ("08", "政策立案へのデータ活用", "theme:4", both, False, "R3継続"),
        ("09", "RPAの拡充", "theme:4", management, False, "R3継続"),
        ("10", "タブレット端末の活用", "theme:4", management, True, "R3継続"),
        # line 241-262: item 11 prints no [R3継続]
        (
            "11",
            "都市計画情報の発信内容の見直し及びシステムの運用",
            "theme:4",
            ("都市政策課",),
            False,
            None,
        ),
        ("12", "強靭な情報セキュリティの維持・運営", "theme:5", management, False, "R3継続"),
    ]
    assert {p.kind for p in items} == {"action-item"}
    assert {p.key for p in items} == {f"item:{n:02}" for n in range(1, 13)}
    assert items[0].span == Span(6, 8)  # header and 担当部課所 line


def test_departments_once_each(records):
    names = [d.name for d in of(records, Department)]
    assert sorted(names) == sorted(
        {"秘書課", "行政マネジメント課", "企業局総務課", "広報戦略課", "高齢福祉課"}
        | {"防災対策課", "政策企画課", "都市政策課"}
    )
    assert len(names) == len(set(names))


def test_sections(records):
    sections = {(s.subject, s.kind): s for s in of(records, TextSection)}
    assert len(sections) == 1 + 2 * 12
    content = sections["item:01", "content"]
    assert content.title == "事業内容"
    assert content.span == Span(10, 13)
    assert content.text == (
        "SNSを活用し、市長自ら市政情報やイベント、公務等に関する情報を市民等にタイムリーに発信する。"
    )
    achieved = sections["item:01", "achievement-status"]
    assert achieved.title == "達成状況"
    assert achieved.span == Span(15, 23)
    assert achieved.text == (
        "市政情報等をタイムリーに発信し、市民等の日立市政に対する理解や関心を深め、"
        "もって円滑な市政の推進に寄与することを目的に運用を行った。\n"
        "1 投稿総数99件(令和2年度)\n"
        "2 累計リーチ(延べ閲覧者数) 約53万人"
    )
    broadcast = sections["item:04", "achievement-status"].text.splitlines()
    assert broadcast[1:3] == ["〔放送番組〕", "・介護保険サービスの利用案内(10分番組)"]
    assert broadcast[-1] == "※「高齢者の消費トラブル防止」をテーマにした番組を放送"
    assert sections["item:03", "achievement-status"].text.splitlines()[1] == "【主な実績】"
    assert sections["item:05", "achievement-status"].span == Span(113, 119)  # 119: [R3継続] alone
    # line 277: heading and text on one line
    assert (
        sections["item:12", "achievement-status"].text
        == "継続的にセキュリティ強化策の運用を行った。"
    )
    assert not any("継続]" in s.text for s in sections.values())


def test_open_data_list_kept_in_text(records):
    text = next(
        s.text
        for s in of(records, TextSection)
        if s.subject == "item:07" and s.kind == "achievement-status"
    )
    assert text.endswith(
        "①指定避難所、②指定避難所、③保育施設一覧、④保育施設空き状況、⑤都市計画図、"
        "⑥応急給水場所、⑦AED設置箇所"
    )


def test_open_datasets(records):
    datasets = [(a.key, a.number, a.title, a.span) for a in of(records, Activity)]
    assert datasets == [
        ("item:07:list:1", "1", "指定避難所", Span.line(160)),
        ("item:07:list:2", "2", "指定避難所", Span.line(160)),  # printed twice; both kept
        ("item:07:list:3", "3", "保育施設一覧", Span.line(160)),
        ("item:07:list:4", "4", "保育施設空き状況", Span.line(160)),
        ("item:07:list:5", "5", "都市計画図", Span(160, 162)),  # ⑤ wraps onto line 162
        ("item:07:list:6", "6", "応急給水場所", Span.line(162)),
        ("item:07:list:7", "7", "AED設置箇所", Span.line(162)),
    ]
    assert {(a.kind, a.department, a.parent) for a in of(records, Activity)} == {
        ("item", "政策企画課", "item:07")
    }


def test_figures(records):
    indicators = {i.key: i for i in of(records, Indicator)}
    figures = {
        (indicators[o.indicator].label, indicators[o.indicator].subject): o
        for o in of(records, Observation)
    }
    one_day = Period(date(2021, 3, 31), date(2021, 3, 31))
    expected = {
        ("SNS投稿総数", "item:01"): ("99件(令和2年度)", "99", "case", FY2020, 21, None),
        ("SNS累計リーチ(延べ閲覧者数)", "item:01"): (
            "約53万人",
            "530000",
            "person",
            FY2020,
            23,
            FALLBACK,
        ),
        ("地域情報アプリ ダウンロード数", "item:02"): (
            "11,050ダウンロード",
            "11050",
            "download",
            one_day,  # line 45: 令和3年3月末時点
            45,
            None,
        ),
        ("高齢者向け生活情報番組 放送本数", "item:04"): ("8本", "8", "piece", FY2020, 88, FALLBACK),
        ("タブレット講座 開催回数", "item:05"): (
            "12回",
            "12",
            "times",
            Period(date(2020, 5, 1), date(2021, 3, 31)),  # line 115: 令和2年5月から令和3年3月まで
            117,
            None,
        ),
        ("公衆無線LAN整備校数", "item:06"): ("38校", "38", "school", FY2020, 142, FALLBACK),
        ("公開オープンデータ件数", "item:07"): (
            "7件",
            "7",
            "case",
            Period(date(2020, 9, 30), date(2020, 9, 30)),  # line 158: ９月 30日に…公開
            158,
            None,
        ),
        ("電子会議 使用回数", "item:10"): ("127回", "127", "times", FY2020, 231, FALLBACK),
        ("コピー用紙削減枚数", "item:10"): ("約81,200枚", "81200", "sheet", FY2020, 231, FALLBACK),
        ("WEB会議 使用回数", "item:10"): ("647回", "647", "times", FY2020, 235, FALLBACK),
        ("都市計画情報 1か月当たりホームページアクセス数 対前年比", "item:11"): (
            "110%",
            "110",
            "percent",
            FY2020,
            254,
            FALLBACK,
        ),
    }
    got = {
        key: (o.raw, o.value, o.unit, o.period, o.span.first, o.note) for key, o in figures.items()
    }
    assert got == {
        key: (raw, Decimal(value), unit, period, line, note)
        for key, (raw, value, unit, period, line, note) in expected.items()
    }
    assert {o.role for o in figures.values()} == {"actual"}
    assert {(i.kind, i.unit) for i in indicators.values()} == {
        ("statistic", o.unit) for o in figures.values()
    }
    assert indicators["item:07:公開オープンデータ件数"].departments == (
        "政策企画課",
        "行政マネジメント課",
    )


def test_accounting_and_shacl(document_build):
    built = document_build(FILE)
    assert built.non_blank == 138
    assert built.residue == []
    assert built.report.violations == []
    assert built.report.warnings == []
    assert built.classes["ActionItem"] == 12
    assert built.classes["Theme"] == 5
    assert built.classes["Statistic"] == 11
    assert built.classes["Observation"] == 11


def rows_of(table, document=FILE):
    index = table.columns.index("source_document")
    return [
        dict(zip(table.columns, row, strict=True)) for row in table.rows if row[index] == document
    ]


def test_plans_query(query):
    (row,) = rows_of(query("plans"))
    assert row["city_code"] == "082023"
    assert row["plan"] == "日立市情報化推進アクションプラン"
    assert row["plan_type"] == "action-plan"
    assert (row["period_start"], row["period_end"]) == ("", "")  # the plan's period is not printed
    assert row["source_line"] == "1"


def test_projects_query(query):
    rows = rows_of(query("projects"))
    assert len(rows) == 14  # 12 items, items 07 and 08 with two departments each
    assert {r["plan"] for r in rows} == {"日立市情報化推進アクションプラン"}
    open_data = [r for r in rows if r["project"] == "オープンデータの推進"]
    assert [(r["parent"], r["department"], r["source_line"]) for r in open_data] == [
        ("電子行政サービスの推進", "政策企画課", "145"),
        ("電子行政サービスの推進", "行政マネジメント課", "145"),
    ]
    assert {(r["priority"], r["new"]) for r in rows} == {("false", "false")}


def test_other_layout(manifest):
    """Structure, not line positions: no blank lines, one-line sections, a numbered list line
    before an item that is not the next theme number, and a figure with its own period."""
    lines = [
        "某市情報化推進アクションプラン",
        "1 テーマA",
        "No 1 推進事項 事業X",
        "担当部課所 情報課、総務課 外",
        "事業内容 内容。",
        "達成状況 実施した。",
        "1 一覧の行",
        "No 2 推進事項 事業Y",
        "担当部課所 情報課",
        "事業内容",
        "内容。",
        "達成状況",
        "投稿総数 5件（令和３年度） ［R4継続］",
        "2 テーマB",
        "No 3 推進事項 事業Z",
    ]
    result = parse_plan(read(lines), manifest[FILE])
    assert [(t.number, t.title, t.span.first) for t in of(result.records, PlanElement)] == [
        ("1", "テーマA", 2),
        ("2", "テーマB", 14),
    ]
    items = {p.number: p for p in of(result.records, Project)}
    assert items["1"].departments == ("情報課", "総務課")
    assert items["1"].departments_incomplete
    assert [(n, p.parent, p.continuation) for n, p in items.items()] == [
        ("1", "theme:1", None),
        ("2", "theme:1", "R4継続"),
        ("3", "theme:2", None),
    ]
    achieved = [s.text for s in of(result.records, TextSection) if s.kind == "achievement-status"]
    assert achieved == ["実施した。\n1 一覧の行", "投稿総数5件(令和3年度)"]
    (observation,) = of(result.records, Observation)
    assert (observation.value, observation.period) == (Decimal(5), Period.fiscal_year(2021))
    assert result.residue == []
    assert result.consumed == set(range(1, len(lines) + 1))


def test_page_numbers_are_page_furniture(manifest):
    """A page number printed between lines (- 2 -) is neither text of the item before it nor
    what hides the theme heading after it: the themes and items are those of the plain text."""
    lines = (SOURCES / FILE).read_text(encoding="utf-8").split("\n")
    footed, _ = MUTATIONS["page-footers"](lines)
    plain = parse_plan(read(lines), manifest[FILE]).records
    result = parse_plan(read(footed), manifest[FILE]).records
    titles = [(t.number, t.title) for t in of(result, PlanElement)]
    assert titles == [(t.number, t.title) for t in of(plain, PlanElement)]
    assert titles[1] == ("2", "高齢化社会に対応した情報化の推進")
    assert len(titles) == 5
    projects = [(p.number, p.name, p.parent) for p in of(result, Project)]
    assert projects == [(p.number, p.name, p.parent) for p in of(plain, Project)]
    assert not [s.text for s in of(result, TextSection) if re.search(r"- \d+ -", s.text)]
