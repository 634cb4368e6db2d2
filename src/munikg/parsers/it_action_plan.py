"""Results of an IT action plan (情報化推進アクションプラン), reported theme by theme, item by item.

Layout: the plan title, an introduction, then per theme a numbered heading ("１ …") followed by
its items. An item is "No NN 推進事項 <name>", "担当部課所 <departments>" (「外」: and others),
a "事業内容" block and a "達成状況" block; "[R3継続]" in the achievement marks an item
continued the next year. Figures are read from the achievement prose (``parsers.figures``): by
the phrases a layout profile names, or else as a name followed by a number and its unit.
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
from munikg.normalize import Quantity, clean, fold, report_date_range
from munikg.parsers.figures import figures as prose_figures
from munikg.reading import Document, numbering
from munikg.vocabulary import Vocabulary, Words, vocabulary_for

PLAN_TITLE = re.compile(r"(.+?(?:アクションプラン|計画|プラン))")
THEME = re.compile(r"(?P<number>\d{1,2}) ?(?P<title>\D.*)")
OTHERS = re.compile(r" ?外$")
ITEM_SECTIONS = ("content", "achievement-status")
CONTINUATION = re.compile(r" ?\[(?P<status>R\d+継続)\]")
# Circled numbers mark list items; NFKC would turn them into plain digits, so they are kept.
CIRCLED = re.compile("([\u2460-\u2473])")
LIST_ITEM = re.compile(r"(?P<mark>[\u2460-\u2473])(?P<title>[^、\n\u2460-\u2473]+)")
# A raw line opens a new paragraph when indented or starting with a list marker; a numbered
# list line ("１ 投稿総数 99件") is a paragraph of its own.
PARAGRAPH = re.compile(r"\s|[0-9０-９]+\s|[・※【〔\u2460-\u2473]")
LIST_NUMBER = re.compile(r"\s*[0-9０-９]+\s")
FALLBACK_NOTE = "期間の記載なし。報告書の対象年度({}年度)とした"

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
    sections: list[tuple[str, str, list[Row]]] = field(default_factory=list)
    stray: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class ItemHeading:
    number: str
    name: str


def item_heading(raw: str, vocab: Vocabulary) -> ItemHeading | None:
    """「No 01 推進事項 name」, 「No.1 name」: an action item, numbered as printed."""
    found = numbering(raw)
    if not found or vocab.element(found.prefix, "it-action-plan") != "action-item":
        return None
    name = found.title
    if (word := vocab.elements["it-action-plan"].prefix(name)) and word[0] == "action-item":
        name = name[len(word[1]) :].strip()
    return ItemHeading(re.search(r"\d+", found.mark)[0], name) if name else None


def labelled(text: str, words: Words, meanings: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(meaning, label as printed, rest) of a line opening with a label of the vocabulary."""
    found = words.prefix(text)
    if not found or found[0] not in meanings:
        return None
    label = next(text[:n] for n in range(len(text) + 1) if fold(text[:n]) == found[1])
    return found[0], label, text[len(label) :].strip()


def theme_lines(rows: list[Row], vocab: Vocabulary) -> set[int]:
    """Numbered headings that open a theme: the line just before an item header.

    A continuation marker closes an item's achievement text, so a numbered line carrying one
    is the achievement's last list line, not a theme; theme numbers must also run in sequence.
    """
    found, expected = set(), 1
    for (number, _, text), (_, _, after) in pairwise(rows):
        match = THEME.fullmatch(text)
        if (
            match
            and item_heading(after, vocab)
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


def parse(document: Document, info: DocumentInfo) -> ParseResult:
    result = ParseResult()
    rows = [(line.number, line.raw, line.text) for line in document.lines if line.text]
    if not rows or not (title := PLAN_TITLE.match(rows[0][2])):
        result.residue += [
            Residue(n, text, "no action plan title on the first line") for n, _, text in rows
        ]
        return result
    result.add(DocumentHeading(rows[0][2], Span.line(rows[0][0])))
    result.add(Plan("plan", title.group(1), "action-plan", Span.line(rows[0][0])))
    vocab = vocabulary_for(info.layout)
    themes = theme_lines(rows, vocab)
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
        elif heading := item_heading(row[1], vocab):
            flush(result, item, departments, info)
            key = f"item:{heading.number}"
            item = Item(key, heading.number, heading.name, theme, number, last_header_line=number)
        elif item is None:
            intro.append(row)
        elif not item.sections and (found := labelled(text, vocab.columns, ("department",))):
            names = OTHERS.sub("", found[2])
            item.departments = tuple(name.strip() for name in re.split("[、,]", names))
            item.incomplete = names != found[2]
            item.last_header_line = number
        elif found := labelled(text, vocab.sections, ITEM_SECTIONS):
            kind, title, rest = found
            item.sections.append((kind, title, [(number, rest, rest)]))
        elif item.sections:
            item.sections[-1][2].append(row)
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
    for kind, title, rows in item.sections:
        found = [m["status"] for _, _, text in rows if (m := CONTINUATION.search(text))]
        status = status or next(iter(found), None)
        passage = Passage([(n, raw) for n, raw, _ in rows])
        span = Span(rows[0][0], rows[-1][0])
        result.add(TextSection(item.key, kind, passage.text, span, title))
        if kind == "achievement-status":
            figures(result, item, passage, info)
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


def figures(result: ParseResult, item: Item, passage: Passage, info: DocumentInfo) -> None:
    """Each figure of an achievement text as a statistic of the item with its actual value:
    the layout profile's figures where it names them, else names followed by numbers."""
    for figure in prose_figures(passage.text, vocabulary_for(info.layout)):
        sentence = passage.sentence(figure.start, figure.end)
        period, note = figure_period(figure.quantity, sentence, info.fiscal_year)
        key = f"{item.key}:{figure.label}"
        span = passage.span(figure.start, figure.end)
        unit = figure.quantity.unit
        result.add(
            Indicator(
                key, figure.label, "statistic", span, unit=unit, departments=item.departments,
                subject=item.key,
            )
        )  # fmt: skip
        result.add(
            Observation(
                key, "actual", figure.quantity.raw, span, period=period,
                value=figure.quantity.value, unit=unit, note=note,
            )
        )  # fmt: skip


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
