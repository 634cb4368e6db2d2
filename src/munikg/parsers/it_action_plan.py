"""日立市-style results of an IT action plan (情報化推進アクションプラン): themes and items.

Layout: the plan title, an introduction, then per theme a numbered heading ("１ …") followed by
its items. An item is "No NN 推進事項 <name>", "担当部課所 <departments>" (「外」: and others),
a "事業内容" block and a "達成状況" block; "[R3継続]" in the achievement marks an item
continued the next year. Figures are read from the achievement prose by phrase, because the
document prints them inside sentences rather than in a table.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from munikg.model import (
    Activity,
    Department,
    DocumentHeading,
    DocumentInfo,
    Indicator,
    Observation,
    ParseResult,
    Period,
    Plan,
    PlanElement,
    Project,
    Residue,
    Span,
    TextSection,
)
from munikg.normalize import Quantity, clean, parse_quantity, report_date_range
from munikg.parsers.common import numbered

PLAN_TITLE = re.compile(r"(.+アクションプラン)")
THEME = re.compile(r"(?P<number>\d{1,2}) ?(?P<title>\D.*)")
ITEM = re.compile(r"No ?(?P<number>\d+) ?推進事項 ?(?P<name>.+)")
DEPARTMENTS = re.compile(r"担当部課所 ?(?P<names>.+?)(?P<others> ?外)?")
SECTION = re.compile(r"(?P<title>事業内容|達成状況) ?(?P<text>.*)")
SECTION_KINDS = {"事業内容": "content", "達成状況": "achievement-status"}
CONTINUATION = re.compile(r" ?\[(?P<status>R\d+継続)\]")
# Circled numbers mark list items; NFKC would turn them into plain digits, so they are kept.
CIRCLED = re.compile("([\u2460-\u2473])")
LIST_ITEM = re.compile(r"(?P<mark>[\u2460-\u2473])(?P<title>[^、\n\u2460-\u2473]+)")
# A raw line opens a new paragraph when indented or starting with a list marker; a numbered
# list line ("１ 投稿総数 99件") is a paragraph of its own.
PARAGRAPH = re.compile(r"\s|[0-9０-９]+\s|[・※【〔\u2460-\u2473]")
LIST_NUMBER = re.compile(r"\s*[0-9０-９]+\s")
FALLBACK_NOTE = "期間の記載なし。報告書の対象年度({}年度)とした"

# What each figure measures, recognised by the phrase that carries it; ``q`` is the value.
FIGURES = tuple(
    (label, re.compile(pattern))
    for label, pattern in (
        ("SNS投稿総数", r"投稿総数 ?(?P<q>[\d,]+件(?:\([^()]*\))?)"),
        ("SNS累計リーチ(延べ閲覧者数)", r"累計リーチ\(延べ閲覧者数\) ?(?P<q>約? ?[\d,.]+万?人)"),
        ("地域情報アプリ ダウンロード数", r"(?P<q>[\d,]+ダウンロード)"),
        ("高齢者向け生活情報番組 放送本数", r"生活情報番組\((?P<q>\d+本)\)を放送"),
        ("タブレット講座 開催回数", r"計 ?(?P<q>\d+回)の[^。]*タブレット[^。]*講座を開催"),
        ("公衆無線LAN整備校数", r"小中学校 ?(?P<q>\d+校)"),
        ("公開オープンデータ件数", r"計 ?(?P<q>\d+件)のデータを[^。]*公開"),
        ("電子会議 使用回数", r"電子会議は、[^。]*?(?P<q>[\d,]+回)使用"),
        ("コピー用紙削減枚数", r"コピー用紙(?P<q>約? ?[\d,]+枚)を削減"),
        ("WEB会議 使用回数", r"WEB会議は、[^。]*?(?P<q>[\d,]+回)使用"),
        (
            "都市計画情報 1か月当たりホームページアクセス数 対前年比",
            r"1か月当たりのホームページアクセス数は対前年比 ?(?P<q>[\d.]+%)",
        ),
    )
)

Row = tuple[int, str, str]  # line number, raw line, cleaned text


def prose(raw: str) -> str:
    """A line cleaned for running text, keeping list numbers ("１ ", "①") apart as printed."""
    if number := LIST_NUMBER.match(raw):
        return f"{clean(number[0])} {prose(raw[number.end() :])}"
    return "".join(part if CIRCLED.fullmatch(part) else clean(part) for part in CIRCLED.split(raw))


def latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


class Passage:
    """The lines of one block joined into text, remembering which line each character is from."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.text, self.offsets, self.numbers, previous = "", [], [], ""
        for number, raw in rows:
            text = CONTINUATION.sub("", prose(raw)).strip()
            if not text:
                continue
            if self.text:
                self.text += self.separator(previous, raw, text)
            self.offsets.append(len(self.text))
            self.numbers.append(number)
            self.text += text
            previous = raw

    def separator(self, previous: str, raw: str, text: str) -> str:
        if PARAGRAPH.match(raw) or LIST_NUMBER.match(previous) or self.text[-1] in "。】〕":
            return "\n"
        return " " if latin(self.text[-1]) and latin(text[0]) else ""

    def line(self, offset: int) -> int:
        return self.numbers[bisect_right(self.offsets, offset) - 1]

    def span(self, start: int, end: int) -> Span:
        return Span(self.line(start), self.line(end - 1))

    def sentence(self, start: int, end: int) -> str:
        """The sentence or list line around text[start:end]."""
        first = max(self.text.rfind(stop, 0, start) for stop in "。\n") + 1
        ends = [i for stop in "。\n" if (i := self.text.find(stop, end)) >= 0]
        return self.text[first : min(ends, default=len(self.text))]


@dataclass
class Item:
    """One action item as collected from its header up to the next item or theme."""

    key: str
    number: str
    name: str
    theme: str | None
    header: int
    departments: tuple[str, ...] = ()
    incomplete: bool = False
    last_header_line: int = 0
    sections: list[tuple[str, list[Row]]] = field(default_factory=list)
    stray: list[Row] = field(default_factory=list)


def theme_lines(rows: list[Row]) -> set[int]:
    """Numbered headings that open a theme: the line just before an item header.

    A continuation marker closes an item's achievement text, so a numbered line carrying one
    is the achievement's last list line, not a theme; theme numbers must also run in sequence.
    """
    found, expected = set(), 1
    for (number, _, text), (_, _, after) in pairwise(rows):
        match = THEME.fullmatch(text)
        if (
            match
            and ITEM.fullmatch(after)
            and not CONTINUATION.search(text)
            and int(match["number"]) == expected
        ):
            found.add(number)
            expected += 1
    return found


def figure_period(quantity: Quantity, sentence: str, fiscal_year: int) -> tuple[Period, str | None]:
    """The period a figure's own text gives, else the report's fiscal year (and a note saying so).

    "令和3年3月末時点" is the last day of that month; "令和2年5月から令和3年3月まで" the range.
    """
    if quantity.period:
        return quantity.period, None
    found = report_date_range(sentence, fiscal_year)
    if found is None:
        return Period.fiscal_year(fiscal_year), FALLBACK_NOTE.format(fiscal_year)
    start, end = found
    return Period(end if "月末" in sentence else start, end), None


def parse(lines: list[str], info: DocumentInfo) -> ParseResult:
    result = ParseResult()
    rows = [(number, lines[number - 1], text) for number, text in numbered(lines)]
    if not rows or not (title := PLAN_TITLE.match(rows[0][2])):
        result.residue += [
            Residue(n, text, "no action plan title on the first line") for n, _, text in rows
        ]
        return result
    result.add(DocumentHeading(rows[0][2], Span.line(rows[0][0])))
    result.add(Plan("plan", title.group(1), "action-plan", Span.line(rows[0][0])))
    themes = theme_lines(rows)
    intro: list[Row] = []
    theme: str | None = None
    item: Item | None = None
    departments: set[str] = set()
    for row in rows[1:]:
        number, _, text = row
        if number in themes:
            flush(result, item, departments, info)
            item, match = None, THEME.fullmatch(text)
            theme = f"theme:{match['number']}"
            result.add(
                PlanElement(
                    theme, "theme", match["number"], match["title"], "plan", Span.line(number)
                )
            )
        elif match := ITEM.fullmatch(text):
            flush(result, item, departments, info)
            key = f"item:{match['number']}"
            item = Item(key, match["number"], match["name"], theme, number, last_header_line=number)
        elif item is None:
            intro.append(row)
        elif (match := DEPARTMENTS.fullmatch(text)) and not item.sections:
            item.departments = tuple(name.strip() for name in re.split("[、,]", match["names"]))
            item.incomplete = bool(match["others"])
            item.last_header_line = number
        elif match := SECTION.fullmatch(text):
            item.sections.append((match["title"], [(number, match["text"], match["text"])]))
        elif item.sections:
            item.sections[-1][1].append(row)
        else:
            item.stray.append(row)
    flush(result, item, departments, info)
    if intro:
        passage = Passage([(n, raw) for n, raw, _ in intro])
        span = Span(intro[0][0], intro[-1][0])
        result.add(TextSection("plan", "description", passage.text, span))
    return result


def flush(result: ParseResult, item: Item | None, known: set[str], info: DocumentInfo) -> None:
    """Records of one finished item: departments, the item, its sections, figures and lists."""
    if item is None:
        return
    for name in item.departments:
        if name not in known:
            known.add(name)
            result.add(Department(name, Span.line(item.last_header_line)))
    status = None
    for title, rows in item.sections:
        found = [m["status"] for _, _, text in rows if (m := CONTINUATION.search(text))]
        status = status or next(iter(found), None)
        passage = Passage([(n, raw) for n, raw, _ in rows])
        span = Span(rows[0][0], rows[-1][0])
        result.add(TextSection(item.key, SECTION_KINDS[title], passage.text, span, title))
        if title == "達成状況":
            figures(result, item, passage, info.fiscal_year)
            list_items(result, item, passage)
    result.add(
        Project(
            item.key,
            item.name,
            "action-item",
            Span(item.header, item.last_header_line),
            parent=item.theme,
            number=item.number,
            departments=item.departments,
            departments_incomplete=item.incomplete,
            continuation=status,
        )
    )
    for number, _, text in item.stray:
        result.residue.append(
            Residue(number, text, "not recognised: between an item header and its 事業内容")
        )


def figures(result: ParseResult, item: Item, passage: Passage, fiscal_year: int) -> None:
    """Each figure of an achievement text as a statistic of the item with its actual value."""
    for label, pattern in FIGURES:
        for match in pattern.finditer(passage.text):
            quantity = parse_quantity(match["q"])
            if quantity.value is None or quantity.unit is None or quantity.problem:
                continue
            sentence = passage.sentence(match.start(), match.end())
            period, note = figure_period(quantity, sentence, fiscal_year)
            key = f"{item.key}:{label}"
            span = passage.span(match.start(), match.end())
            result.add(
                Indicator(
                    key,
                    label,
                    "statistic",
                    span,
                    unit=quantity.unit,
                    departments=item.departments,
                    subject=item.key,
                )
            )
            result.add(
                Observation(
                    key,
                    "actual",
                    quantity.raw,
                    passage.span(match.start("q"), match.end("q")),
                    period=period,
                    value=quantity.value,
                    unit=quantity.unit,
                    note=note,
                )
            )


def list_items(result: ParseResult, item: Item, passage: Passage) -> None:
    """Circled-number lists (①指定避難所、②…) as activities of the item, reported by its first
    department; repeated names (① and ② are both 指定避難所) are kept."""
    department = item.departments[0] if item.departments else None
    for match in LIST_ITEM.finditer(passage.text):
        number = str(ord(match["mark"]) - 0x245F)
        result.add(
            Activity(
                f"{item.key}:list:{number}",
                "item",
                match["title"].strip(),
                passage.span(match.start(), match.end()),
                department=department,
                parent=item.key,
                number=number,
            )
        )
