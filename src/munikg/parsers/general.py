"""The general reader: a report of a known family from any local government.

It reads the lines of the reading stage (cells, numbered headings) by their structure and the
header vocabulary (data/reference/vocabulary.toml), never by one city's wording, and only the
lines no layout reader has consumed (it sees every line for context: headings, years):

- a table whose header names value columns (基準値, 目標値(R6), 実績, R6年度末 …) gives one
  indicator per row and an observation per value cell; a row whose own label is a role (期待値,
  実績値) adds observations to the indicator above it; a header naming meetings, agreements or
  budgets (会議名/開催日/会場, 協定名/協定先/締結日, H25予算/H25決算) gives events, agreements
  or budgets; a two-cell row is a label and its value (主管課 危機管理課);
- a header printed on one line without cells (平成25 (基準値) 平成27 …, or header words in text
  a PDF flattened) gives the columns of the lines after it: a line of values only, a row that
  prints its label once per column (KPI 100人 KPI 32人), a row of a flattened table (a label,
  a page number, then values);
- ``label: value`` lines and arrow chains (婚姻率:5.5‰(平成25年)→5.9‰(平成31年)); a numbered
  ``目標n_`` line is a target, its ``実績`` and ``進捗`` lines what was done;
- a line opening with a date (4月12日(火) ■会議名(会場)) is a meeting when its name says so,
  and a 日時 / 会場 block is the meeting named by the title above it;
- numbered headings open plan elements (基本目標, 施策, 取組 …, as the vocabulary says) and name
  the figures printed under them; prose is kept as text of the element it stands under.

Decisions where the text does not say:

- 現状値 is the plan-time baseline, unless the same header also has a baseline column: then it
  is the latest actual (基準値 … 現状値 … 目標値); a layout profile can decide otherwise.
- A column with a period but no role word holds actuals up to the report's fiscal year and
  targets after it; a deadline (まで, 年度末を目途に) makes a target.
- In a row whose empty cells the extraction dropped (runs of spaces, text flattened), values
  are assigned to columns only when there is one per column; otherwise only the first is (it
  stands in the first column), and the rest are residue.
- A bare era year in a header (平成27) is the calendar year when the same indicator's other
  periods are calendar years (平成25年), else the fiscal year.
- A target stated without any period in a yearly report (目標2_…:1,000人/年 in a 2024年度 report)
  is for the report's fiscal year, and the observation says so in a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from munikg.model import (
    Agreement,
    Budget,
    Department,
    DocumentHeading,
    DocumentInfo,
    Event,
    Indicator,
    Observation,
    Organization,
    ParseResult,
    Period,
    Plan,
    PlanElement,
    Project,
    Residue,
    Span,
    TextSection,
)
from munikg.normalize import (
    UNITS,
    Quantity,
    clean,
    declared_unit,
    find_quantities,
    fold,
    parse_deadline,
    parse_period,
    parse_quantity,
    report_date,
    report_date_range,
    spaced,
)
from munikg.parsers.common import partner
from munikg.reading import Document, Line, Numbering, numbering
from munikg.reference import default_reference
from munikg.vocabulary import Column, Vocabulary

UNREAD = "not recognised"
ROLES = ("baseline", "current", "target", "revised-target", "expected", "actual")
MONEY = ("budget", "settlement", "cost")
PLAN_KINDS = {
    "strategy-evaluation": "revitalisation-strategy",
    "strategy-progress": "revitalisation-strategy",
    "comprehensive-plan": "comprehensive-plan",
    "it-action-plan": "action-plan",
}
YEN = {"yen": 1, "thousand-yen": 1000, "million-yen": 1_000_000, "hundred-million-yen": 10**8}
NOTE_FALLBACK = "期間の記載なし。報告書の対象年度({}年度)とした"
ARROW = re.compile(r" ?(?:→|⇒|->) ?")
COLON = re.compile(r"[:：]")
COUNTED = re.compile(r" ?\((?P<noun>[^()]{1,6})数\)$")
RELISTED = re.compile(r" ?[(【]再掲[)】]")
LIST_MARK = re.compile(r"^(?:[(（]?\d{1,2}[)）]|[①-⑳]|[・●○■□◆◇▶-]) ?")
YEAR_HEADING = re.compile(
    r"[<〈《【\[(]?(?P<year>(?:令和|平成|昭和|[RHS]) ?(?:元|\d{1,2}) ?年|\d{4} ?年)[>〉》】\])]?"
)
DATE_LEAD = re.compile(
    r"(?P<date>(?:(?:令和|平成|昭和|[RHS]) ?(?:元|\d{1,2})年|\d{4}年)?\d{1,2}月\d{1,2}日"
    r"(?: ?\([月火水木金土日祝・]+\))?(?: ?[~～-] ?(?:\d{1,2}月)?\d{1,2}日(?: ?\([月火水木金土日祝・]+\))?)?"
    r"|\d{1,2}\. ?\d{1,2}\. ?\d{1,2})"
)
# A token of a header line: a period with the role in brackets, or a word (brackets may hold
# spaces: KPI(平成 32 年3月まで)).
LINE_HEADER = re.compile(
    r"(?<!\S)(?P<period>(?:令和|平成|昭和|[RHS]) ?(?:元|\d{1,2})(?: ?年度末| ?年度| ?年)?|\d{4} ?年度?)"
    r"(?: ?\((?P<role>[^()]{1,6})\))?(?!\S)"
    r"|(?<!\S)(?P<word>(?:[^\s(]|\([^()]*\))+)"
)
KANA = re.compile(r"[\u3040-\u309f]")
# What a line after a title may open with: a mark, a bracket, a year heading.
OPENERS = re.compile(r"[■●◆○◇□・※\-<〈《【\[]")
NAME_MARK = re.compile(r"^[■●◆○◇□・] ?")
TRAILING_GROUP = re.compile(r"^(?P<name>.+?) ?\((?P<inner>[^()]+)\)$")
SENTENCE_END = ("。", "。)", ".")
DASHES = ("-", "－", "―", "—", "−", "ー", "‐")
MEETING_LABELS = ("date", "venue")


@dataclass(frozen=True)
class ValueColumn:
    """A column (or a position in a header line) that holds values: role or money, period."""

    role: str
    period: Period | None
    index: int = -1
    bare: bool = False
    note: str | None = None


@dataclass
class Context:
    """What the lines read so far say about the lines after them."""

    element: str | None = None
    elements: list[tuple[tuple, str]] = field(default_factory=list)
    title: str | None = None
    label: str | None = None
    item: str | None = None
    header: list[ValueColumn] | None = None
    header_skip: int = 0
    year: int | None = None
    event: Event | None = None
    department: str | None = None
    pending_label: str | None = None


def money_or_role(column: Column, others: list[Column], fiscal_year: int) -> ValueColumn | None:
    """The value column a header cell names, or None when its column holds no values."""
    meaning, period = column.meaning, column.period
    if column.deadline and period is None:
        period = parse_deadline(column.text, fiscal_year)
    bare = bool(period) and "年" not in column.text
    if meaning in MONEY:
        return ValueColumn(meaning, period, bare=bare) if period or meaning == "cost" else None
    if meaning == "current":
        baseline = any(o.meaning == "baseline" for o in others if o is not column)
        return ValueColumn("actual" if baseline else "baseline", period, bare=bare)
    if meaning in ROLES:
        return ValueColumn(meaning, period, bare=bare)
    if meaning in (None, "label") and period is not None:
        if column.deadline or period.start > Period.fiscal_year(fiscal_year).end:
            return ValueColumn("target", period, bare=bare)
        return ValueColumn("actual", period, bare=bare)
    return None


def label_of(text: str) -> tuple[str, str | None, bool]:
    """(label, declared unit, listed again) of an indicator's name as printed.

    The unit is declared (単位:人) or named by what is counted: 事務数の計(事務数) counts 事務.
    """
    relisted = bool(RELISTED.search(text))
    label, unit = declared_unit(RELISTED.sub("", text))
    label = LIST_MARK.sub("", label).strip()
    if unit is None and (m := COUNTED.search(label)) and (unit := UNITS.get(m["noun"])):
        label = label[: m.start()].strip()
    return label, unit, relisted


VALUE_START = re.compile(r"(?:約 ?)?[▲△+\-−]? ?\d")


def is_value(cell: str) -> bool:
    """A cell holding one value: a number first (with its unit and a note), or a value concept
    (－, 未算出); 「新規農業生産法人数5件」 is a label with a value, not a value."""
    q = parse_quantity(cell)
    if q.problem:
        return False
    return q.qualitative is not None or (
        q.value is not None and bool(VALUE_START.match(clean(cell)))
    )


def is_sentence(text: str) -> bool:
    """Running text: a sentence, or a line long enough to be one, with kana in it."""
    return text.endswith(SENTENCE_END) or (len(text) >= 25 and bool(KANA.search(text)))


def is_title(text: str) -> bool:
    return 2 <= len(text) <= 30 and not text.endswith(SENTENCE_END)


def has_figures(text: str, fiscal_year: int) -> bool:
    """Whether a line states a figure (a number with its unit) or a date."""
    found = find_quantities(spaced(text), fiscal_year)
    return any(f.quantity.unit for f in found) or report_date(text, fiscal_year) is not None


def scale(quantity: Quantity, unit: str | None) -> Decimal | None:
    """An amount in yen from a value in the unit printed beside it (千円 × 1000)."""
    if quantity.value is None:
        return None
    multiplier = YEN.get(quantity.unit or unit or "")
    return quantity.value * multiplier if multiplier else None


class Reader:
    def __init__(
        self, document: Document, info: DocumentInfo, result: ParseResult, vocab: Vocabulary
    ) -> None:
        self.document = document
        self.info = info
        self.result = result
        self.vocab = vocab
        self.fiscal = Period.fiscal_year(info.fiscal_year)
        self.taken = set(result.consumed)
        self.keys = {getattr(r, "key", None) for r in result.records} - {None}
        self.indicators: dict[str, Indicator] = {
            r.key: r for r in result.records if isinstance(r, Indicator)
        }
        self.observed: dict[tuple, int] = {}
        self.calendar: set[str] = set()
        self.departments: set[str] = set()
        self.context = Context()
        self.plan: str | None = next((r.key for r in result.records if isinstance(r, Plan)), None)
        self.lines = document.lines
        self.at = 0
        self.organizations: dict[str, str] = {}

    # -- bookkeeping --------------------------------------------------------------------------

    def free(self, line: Line) -> bool:
        return line.number not in self.taken

    def add(self, record) -> None:
        self.result.add(record)
        self.taken.update(record.span.lines())
        if key := getattr(record, "key", None):
            self.keys.add(key)

    def consume(self, *lines: Line) -> None:
        for line in lines:
            self.result.consume(line.span)
            self.taken.add(line.number)

    def residue(self, line: Line, reason: str) -> None:
        self.result.residue.append(Residue(line.number, line.raw.strip(), reason))

    def unique(self, key: str) -> str:
        candidate, n = key, 1
        while candidate in self.keys:
            n += 1
            candidate = f"{key}#{n}"
        self.keys.add(candidate)
        return candidate

    def plan_key(self, span: Span) -> str:
        """The document's plan, from its printed title or else the manifest's title."""
        if self.plan is None:
            kind = PLAN_KINDS.get(self.info.family or "", "sector-plan")
            self.plan = self.unique("plan")
            self.result.records.append(Plan(self.plan, self.info.title, kind, span))
        return self.plan

    # -- walking ------------------------------------------------------------------------------

    def run(self) -> None:
        while self.at < len(self.lines):
            line = self.lines[self.at]
            if not self.free(line):
                self.context_of(line)
                self.at += 1
                continue
            taken = self.read(self.at)
            if taken:
                self.at += taken
            else:
                self.residue(line, UNREAD)
                self.at += 1
        for indicator in self.indicators.values():
            if indicator.key not in {
                r.key for r in self.result.records if isinstance(r, Indicator)
            }:
                self.add(indicator)

    def read(self, i: int) -> int:
        """Try each reading at line ``i``; the number of lines taken, 0 if none applies."""
        for reading in (
            self.title,
            self.year_heading,
            self.table,
            self.header_line,
            self.values_line,
            self.repeated_label_row,
            self.flattened_row,
            self.arrow_line,
            self.target_line,
            self.event_line,
            self.event_field,
            self.reference_line,
            self.pair_line,
            self.heading,
            self.prose,
        ):
            if taken := reading(i):
                return taken
        return 0

    def column(self, cell: str) -> Column:
        return self.vocab.column(cell, self.info.fiscal_year)

    def body(self, line: Line) -> str:
        """The line with its printed spaces, without the marker it opens with (1, (2), ①)."""
        text = spaced(line.raw)
        found = line.numbering
        if found and text.startswith(found.mark):
            return text[len(found.mark) :].strip()
        return text

    def unnumbered(self, line: Line) -> str:
        """The line's text without the marker it opens with (①, (1), 目標2_)."""
        found = line.numbering
        return found.title if found else line.text

    def following(self, i: int) -> Line | None:
        j = i + 1
        return self.lines[j] if j < len(self.lines) and self.free(self.lines[j]) else None

    def context_of(self, line: Line) -> None:
        """A line a layout reader consumed still sets the context: a heading, a year."""
        if (found := line.numbering) and found.title:
            self.open_heading(found, line, record=False)

    # -- headings and plan elements -----------------------------------------------------------

    def title(self, i: int) -> int:
        """The document's printed title: its first line, when it names the manifest's plan."""
        line = self.lines[i]
        if i or any(isinstance(r, DocumentHeading) for r in self.result.records):
            return 0
        if line.numbering or len(line.cells) > 1 or line.text.endswith(SENTENCE_END):
            return 0
        words = set(re.findall(r"[\u3400-\u9fff]{2,}", line.text))
        if not any(w in self.info.title for w in words):
            return 0
        self.add(DocumentHeading(line.text, line.span))
        self.context.title = line.text
        return 1

    def year_heading(self, i: int) -> int:
        """<平成28年>: the calendar year of the month-day dates below it."""
        line = self.lines[i]
        m = YEAR_HEADING.fullmatch(line.text)
        if not m or (period := parse_period(m["year"])) is None:
            return 0
        self.context.year = period.start.year if "年度" not in m["year"] else None
        self.consume(line)
        return 1

    def heading(self, i: int) -> int:
        line = self.lines[i]
        found = line.numbering
        if found is None or found.title.endswith(SENTENCE_END):
            return 0
        if not found.title and not found.bracket:
            return 0
        if find_quantities(spaced(found.title), self.info.fiscal_year) and not found.prefix:
            return 0
        self.open_heading(found, line, record=True)
        return 1

    def open_heading(self, found: Numbering, line: Line, record: bool, word: str = "") -> None:
        """A numbered heading: a plan element when its prefix (or the 章/節 after its number,
        or the label it stands beside) says so; context in any case."""
        signature = (found.prefix, found.style, found.bracket, found.suffix)
        stack = self.context.elements
        while stack and signature in [s for s, _ in stack]:
            stack.pop()
        title = clean(re.sub(r"\([^()]*まで\)$", "", found.title))
        self.context.label = found.title
        self.context.title = title
        self.context.header = None
        family = self.info.family
        kind = next(
            (
                k
                for w in (found.prefix, found.suffix, word)
                if w and (k := self.vocab.element(w, family))
            ),
            None,
        )
        if not record:
            return
        if kind == "action-item":
            key = self.unique(f"item:{found.number}")
            parent = self.context.element
            self.add(
                Project(
                    key, title, "action-item", line.span, parent=parent, number=str(found.number)
                )
            )
            self.context.item = key
            return
        if kind is None:
            self.consume(line)
            return
        parent = stack[-1][1] if stack else self.plan_key(line.span)
        key = self.unique(
            f"{kind}:{'-'.join([*(k.split(':')[-1] for _, k in stack), str(found.number)])}"
        )
        self.add(PlanElement(key, kind, str(found.number), title, parent, line.span))
        stack.append((signature, key))
        self.context.element = key
        self.context.item = None

    # -- tables -------------------------------------------------------------------------------

    def table(self, i: int) -> int:
        """Consecutive lines of cells, read by their header row."""
        first = self.lines[i]
        if len(first.cells) < 2:
            return 0
        block = [first]
        for line in self.lines[i + 1 :]:
            if not self.free(line) or len(line.cells) < 2 or line.tabbed != first.tabbed:
                break
            block.append(line)
        header, body, columns = self.header_rows(block)
        if not columns:
            return self.pairs(block)
        meanings = {c.meaning for c in columns.values()}
        values = {
            index: column
            for index, c in columns.items()
            if (column := money_or_role(c, list(columns.values()), self.info.fiscal_year))
        }
        for line in header:
            self.consume(line)
        if meanings & {"partner", "concluded"} or (
            "agreement" in meanings and "date" not in meanings
        ):
            self.agreements(body, columns)
        elif meanings & {"meeting", "venue"} or ("date" in meanings and "content" in meanings):
            self.meetings(body, columns)
        elif any(v.role in MONEY for v in values.values()):
            self.budgets(body, columns, values)
        elif values:
            self.indicator_rows(body, columns, values)
        else:
            for line in body:
                self.residue(line, "table row whose columns the header does not name")
        return len(block)

    def header_rows(self, block: list[Line]) -> tuple[list[Line], list[Line], dict[int, Column]]:
        """The header row(s) at the top of a block and what each column holds.

        A header cell names a column (a vocabulary word or a period); up to two header rows are
        read, the second naming what the first left unnamed (具体的施策 KPI / 項目 目標値 …).
        """
        columns: dict[int, Column] = {}
        rows = 0
        for line in block[:2]:
            cells = [(k, c) for k, c in enumerate(line.cells) if c]
            read = {k: self.column(c) for k, c in cells}
            named = {k: c for k, c in read.items() if c.meaning or c.period}
            if not cells or len(named) * 2 < len(cells) or any(is_value(c) for _, c in cells):
                break
            for k, column in named.items():
                if k not in columns or columns[k].meaning in (None, "label"):
                    columns[k] = column
            rows += 1
        useful = {c.meaning for c in columns.values()} - {None, "note", "number", "unit"}
        if (
            rows == 0
            or rows == len(block)
            or not (useful or any(c.period for c in columns.values()))
        ):
            return [], block, {}
        return block[:rows], block[rows:], columns

    def pairs(self, block: list[Line]) -> int:
        """Rows of a label and its value, with no header (主管課 危機管理課, 基本計画 1 災害時対応);
        a row without a label continues the one above (its value under the same label)."""
        taken = 0
        key = ""
        for line in block:
            filled = [c for c in line.spaced_cells if c]
            if len(filled) == 2:
                key, value = filled
            elif len(filled) == 1 and not line.cells[0] and key:
                value = filled[0]
            else:
                break
            if self.column(key).meaning == "department" and self.is_department(value):
                self.department(value, line)
                self.context.department = clean(value)
                self.consume(line)
            elif (found := numbering(value)) and found.title:
                self.open_heading(found, line, record=True, word=key)
                self.consume(line)
            else:
                self.add_text(line, clean(value), clean(key))
            taken += 1
        return taken

    def indicator_rows(
        self, body: list[Line], columns: dict[int, Column], values: dict[int, ValueColumn]
    ) -> None:
        """One indicator per row (label column), or per group of role rows (期待値/実績値 …)."""
        label_at = next((k for k, c in columns.items() if c.meaning == "label"), 0)
        department_at = next((k for k, c in columns.items() if c.meaning == "department"), -1)
        project_at = next((k for k, c in columns.items() if c.meaning == "project"), -1)
        current: str | None = None
        for line in body:
            role_cell = next(
                (k for k, c in enumerate(line.cells) if k not in values and self.row_role(c)), None
            )
            label_cell = line.cell(label_at)
            if label_cell and not is_value(label_cell) and not self.row_role(label_cell):
                current = self.indicator(label_cell, line, line.cell(department_at))
            if current is None:
                self.residue(line, "indicator row without a label")
                continue
            if role_cell is not None:
                self.role_row(line, current, role_cell, values)
            else:
                self.value_cells(line, current, values)
            if name := line.cell(project_at):
                self.project(name, line)
            if self.free(line):
                self.consume(line)

    def row_role(self, cell: str) -> str | None:
        meaning = self.column(cell).meaning
        return meaning if meaning in ROLES or meaning == "status" else None

    def role_row(
        self, line: Line, key: str, role_cell: int, values: dict[int, ValueColumn]
    ) -> None:
        """A row labelled by a role (実績値): its values stand in the period columns."""
        role = self.row_role(line.cells[role_cell])
        periods = [v for k, v in sorted(values.items()) if k > role_cell or v.role == "actual"]
        cells = [c for c in line.cells[role_cell + 1 :]]
        if role == "status":
            return
        for column, cell in zip(periods, cells, strict=False):
            if cell:
                self.observe(key, replace(column, role=self.role_of(role, values)), cell, line)

    def role_of(self, meaning: str, values: dict[int, ValueColumn]) -> str:
        if meaning == "current":
            return "actual" if any(v.role == "baseline" for v in values.values()) else "baseline"
        return meaning

    def value_cells(self, line: Line, key: str, values: dict[int, ValueColumn]) -> None:
        for index, column in values.items():
            if cell := line.cell(index):
                self.observe(key, column, cell, line)

    def agreements(self, body: list[Line], columns: dict[int, Column]) -> None:
        at = {c.meaning: k for k, c in sorted(columns.items(), reverse=True)}
        for line in body:
            title = line.cell(at.get("agreement", -1))
            partners = line.cell(at.get("partner", -1))
            when = line.cell(at.get("concluded", at.get("date", -1)))
            if not title or not partners:
                self.residue(line, "agreement row without a title or partner")
                continue
            keys = self.partners(partners, line)
            if not keys:
                self.residue(line, "agreement whose partners are not understood")
                continue
            day = report_date(when, self.info.fiscal_year) if when else None
            period = Period(day, day) if day else None
            key = self.unique(f"agreement:{title}:{partners}")
            kind = self.vocab.agreement_kind(title)
            self.add(Agreement(key, title, kind, tuple(keys), line.span, period))

    def partners(self, text: str, line: Line) -> list[str]:
        """The organisations of a partner cell, split at 、 and ・ (a trailing (…) is a note)."""
        text = re.sub(r"\([^()]*\)$", "", clean(text)).strip()
        keys = []
        for name in re.split(r"[、,，]", text):
            name = name.strip()
            if not name:
                continue
            known = default_reference().municipality(name, self.info.city_code)
            if known:
                kind, form, printed = "municipality", None, known.name
            elif found := partner(name, None):
                printed, form, kind = found
                if kind == "municipality":
                    kind = "government-body"
            else:
                printed, form, kind = name, None, "government-body"
            key = f"organization:{printed}"
            if key not in self.keys:
                self.add(Organization(key, printed, kind, line.span, legal_form=form))
            keys.append(key)
        return keys

    def meetings(self, body: list[Line], columns: dict[int, Column]) -> None:
        at = {c.meaning: k for k, c in sorted(columns.items(), reverse=True)}
        name_at = at.get("meeting", at.get("content"))
        for line in body:
            name = line.cell(name_at if name_at is not None else -1)
            when = line.cell(at.get("date", -1))
            found = report_date_range(when, self.info.fiscal_year) if when else None
            if not name or not found:
                self.residue(line, "meeting row without a name or date")
                continue
            venue = line.cell(at.get("venue", -1)) or None
            self.event(name, Period(*found), line.span, venue)

    def budgets(
        self, body: list[Line], columns: dict[int, Column], values: dict[int, ValueColumn]
    ) -> None:
        """A cost table: one budget per row label and fiscal year (予算, 決算 per year)."""
        unit_at = next((k for k, c in columns.items() if c.meaning == "unit"), None)
        first_value = min(values)
        unit: str | None = None
        group = ""
        for line in body:
            labels = [c for c in line.cells[:first_value] if c and c != line.cell(unit_at)]
            if line.cell(unit_at):
                unit = UNITS.get(line.cell(unit_at))
            if line.cells and line.cells[0]:
                group = line.cells[0]
            label = labels[-1] if labels else ""
            if not label:
                self.residue(line, "cost row without a label")
                continue
            if "財源" in fold(group) or unit not in YEN:
                self.residue(line, "row not in yen, or a funding source rather than a cost")
                continue
            amounts: dict[int, dict[str, Decimal | None]] = {}
            raw = []
            for index, column in values.items():
                cell = line.cell(index)
                if not cell or column.period is None:
                    continue
                raw.append(cell)
                amount = scale(parse_quantity(cell), unit)
                year = amounts.setdefault(column.period.start.year, {})
                year[column.role] = amount
            project = self.project(f"{self.element_title()} {label}".strip(), line)
            for year, found in sorted(amounts.items()):
                budget, settled = found.get("budget"), found.get("settlement")
                if budget is None and settled is None:
                    continue
                text = " ".join(raw)
                self.add(Budget(project, year, text, line.span, budget, settled))
            self.consume(line)

    # -- header lines and the rows under them -------------------------------------------------

    def line_columns(self, text: str) -> list[Column]:
        """The header words of a line printed without cells, in order, with their periods.

        平成25 (基準値) 平成27 平成28 (現状値) → four period columns, roles in brackets; in text
        a PDF flattened (… 掲載頁 現状値 目標値24年度 目標値29年度 確認方法 …), the words found.
        """
        found = []
        for m in LINE_HEADER.finditer(spaced(text)):
            if m["period"]:
                column = self.column(f"{m['role'] or ''}({m['period']})")
            elif (column := self.column(m["word"])).meaning is None:
                continue
            if column.meaning or column.period:
                found.append(column)
        return found

    def header_line(self, i: int) -> int:
        """A header printed as one line of words: the columns of the rows after it.

        Header words standing in flattened text among the rows set the columns too; the rows
        on that line are then read by the readings after this one.
        """
        line = self.lines[i]
        if len(line.cells) > 1:
            return 0
        columns = self.line_columns(line.raw)
        fiscal_year = self.info.fiscal_year
        values = [v for c in columns if (v := money_or_role(c, columns, fiscal_year))]
        if len(values) < 2:
            return 0
        first = next(k for k, c in enumerate(columns) if money_or_role(c, columns, fiscal_year))
        self.context.header = values
        self.context.header_skip = sum(1 for c in columns[:first] if c.meaning == "note")
        if find_quantities(spaced(line.raw), fiscal_year):
            return 0
        self.consume(line)
        return 1

    def values_line(self, i: int) -> int:
        """A line of values only, under a header line, for the indicator the heading names."""
        line = self.lines[i]
        header, label = self.context.header, self.context.label
        if not header or not label or len(line.cells) > 1:
            return 0
        words = line.words
        if not words or not all(is_value(w) for w in words):
            return 0
        if len(words) != len(header):
            self.residue(line, "values that do not match the header's columns one for one")
            return 1
        key = self.indicator(label, line, "")
        for column, word in zip(header, words, strict=True):
            self.observe(key, column, word, line)
        self.consume(line)
        return 1

    def repeated_label_row(self, i: int) -> int:
        """A row that prints its label before each value: 就業相談者数 100 人 就業相談者数 0 人 0.0%.

        Cells of other columns may stand before the first label; a line printing only the label
        twice (values on the next line) leaves it for that line, and a label wrapped over two
        lines in both columns is joined.
        """
        line = self.lines[i]
        header = self.context.header
        if not header or len(line.cells) > 1:
            return 0
        text = self.body(line)
        found = find_quantities(text, self.info.fiscal_year)
        if not found:
            words = text.split(" ")
            if len(words) >= 2 and fold(words[-1]) == fold(words[-2]):
                self.context.pending_label = words[-1]
                self.consume(line)
                return 1
            return 0
        first, second = (found + [None, None])[:2]
        if second is None:
            return 0
        between = text[first.end : second.start].strip()
        before = text[: first.start].strip()
        pending, self.context.pending_label = self.context.pending_label, None
        if between and fold(before).endswith(fold(between)):
            label = f"{pending}{between}" if pending else between
            values = [first, second]
        elif not between and pending and len(found) >= len(header):
            label, values = pending, found[: len(header)]
        else:
            return 0
        values = values[: len(header)]
        key = self.indicator(label, line, "")
        units = {f.quantity.unit for f in values} - {None}
        for column, value in zip(header, values, strict=False):
            q = value.quantity
            note = None
            if q.unit is None and len(units) == 1:
                q = replace(q, unit=next(iter(units)))
                note = "単位は同じ行の他の値による"
            self.observe(key, column, q.raw, line, quantity=q, note=note)
        self.consume(line)
        return 1

    def flattened_row(self, i: int) -> int:
        """Rows of a table a PDF flattened into one line: label, page number, values, …

        Under a header whose value columns follow a page column (掲載頁), each indicator name
        (a word ending as names do: 数, 額, 率 …) followed by a bare page number and values is
        one row; the words between rows belong to other columns and are not read.
        """
        line = self.lines[i]
        header, skip = self.context.header, self.context.header_skip
        if not header or not skip or len(line.cells) > 1:
            return 0
        words = self.value_words(line.words)
        rows = 0
        for k, word in enumerate(words):
            pages = words[k + 1 : k + 1 + skip]
            if not self.vocab.is_indicator_name(word) or len(pages) < skip:
                continue
            if not all(re.fullmatch(r"\d{1,3}", page) for page in pages):
                continue
            values = []
            for candidate in words[k + 1 + skip : k + 1 + skip + len(header)]:
                if not is_value(candidate) or re.fullmatch(r"\d{1,3}", candidate):
                    break
                values.append(candidate)
            if not values:
                continue
            key = self.indicator(word, line, "")
            assigned = values if len(values) == len(header) else values[:1]
            for column, value in zip(header, assigned, strict=False):
                self.observe(key, column, value, line)
            rows += 1
        if not rows:
            return 0
        self.consume(line)
        return 1

    def value_words(self, words: list[str]) -> list[str]:
        """Words with a number and its unit printed apart put back together (11,206 ha)."""
        joined: list[str] = []
        for word in words:
            previous = joined[-1] if joined else ""
            if previous and re.fullmatch(r"[\d,.]+", previous) and word in UNITS:
                joined[-1] = previous + word
            else:
                joined.append(word)
        return joined

    # -- labelled lines -----------------------------------------------------------------------

    def arrow_line(self, i: int) -> int:
        """label: value (period) → value (period): a baseline and its target."""
        line = self.lines[i]
        text = spaced(line.raw)
        if not ARROW.search(text) or not COLON.search(text):
            return 0
        del text
        label, rest = COLON.split(self.unnumbered(line), maxsplit=1)
        parts = ARROW.split(spaced(rest))
        quantities = [find_quantities(part, self.info.fiscal_year) for part in parts]
        if len(parts) < 2 or not all(len(q) == 1 for q in quantities):
            return 0
        key = self.indicator(clean(label), line, "")
        roles = ["baseline", *["actual"] * (len(parts) - 2), "target"]
        for role, (found,) in zip(roles, quantities, strict=True):
            period = found.quantity.period
            self.observe(
                key, ValueColumn(role, period), found.quantity.raw, line, quantity=found.quantity
            )
        self.consume(line)
        return 1

    def target_line(self, i: int) -> int:
        """目標n_text or 目標n_label:value: a target of the item above, then its 実績 and 進捗."""
        line = self.lines[i]
        found = line.numbering
        text = line.text
        m = re.match(r"(?P<word>[^\s_:]{1,4}?)(?P<n>\d{0,2})_(?P<rest>.+)", text)
        word = found.prefix if found and found.mark.endswith("_") else (m["word"] if m else None)
        rest = found.title if found and found.mark.endswith("_") else (m["rest"] if m else None)
        if not word or self.column(word).meaning not in ("target", "label") or not rest:
            return 0
        label, value = (COLON.split(rest, maxsplit=1) + [""])[:2]
        quantities = find_quantities(spaced(value or label), self.info.fiscal_year)
        subject = self.context.item
        key = self.indicator(clean(label), line, "", subject=subject)
        taken = 1
        if value and len(quantities) == 1:
            q = quantities[0].quantity
            self.observe(key, ValueColumn("target", q.period), q.raw, line, quantity=q, dated=True)
        elif (
            not value
            and len(quantities) == 1
            and (period := parse_deadline(label, self.info.fiscal_year))
        ):
            q = quantities[0].quantity
            self.observe(key, ValueColumn("target", period), q.raw, line, quantity=q)
        elif not quantities:
            self.described(key, "target", clean(rest), line)
        else:
            self.residue(line, "target whose value is not understood")
            return 1
        self.consume(line)
        taken += self.results_after(i + 1, key)
        return taken

    def results_after(self, i: int, key: str) -> int:
        """The 実績 (what was done) and 進捗 lines after a target line."""
        taken = 0
        while i + taken < len(self.lines):
            line = self.lines[i + taken]
            meaning = self.column(line.text).meaning
            if not self.free(line) or meaning not in ("actual", "status"):
                break
            self.consume(line)
            taken += 1
            done = []
            while i + taken < len(self.lines):
                nxt = self.lines[i + taken]
                if not self.free(nxt) or self.column(nxt.text).meaning in ("actual", "status"):
                    break
                if nxt.numbering or re.match(r"[^\s_:]{1,4}\d{0,2}_", nxt.text):
                    break
                if meaning != "actual":
                    break
                done.append(nxt)
                taken += 1
            if done:
                text = " / ".join(LIST_MARK.sub("", d.text) for d in done)
                span = Span(done[0].number, done[-1].number)
                self.observe_described(key, "actual", text, span)
                for d in done:
                    self.consume(d)
        return taken

    def pair_line(self, i: int) -> int:
        """label:value, a figure with its name (受益者数:89,800人)."""
        line = self.lines[i]
        if len(line.cells) > 1 or not COLON.search(line.text):
            return 0
        label, value = COLON.split(line.text, maxsplit=1)
        quantities = find_quantities(spaced(value), self.info.fiscal_year)
        if len(quantities) != 1 or len(clean(label)) > 40 or not quantities[0].quantity.unit:
            return 0
        q = quantities[0].quantity
        key = self.indicator(clean(label), line, "", subject=self.context.item)
        self.observe(key, ValueColumn("actual", q.period), q.raw, line, quantity=q, dated=True)
        self.consume(line)
        return 1

    def reference_line(self, i: int) -> int:
        """参考) … H26 5.3‰: values of other years of the indicator above, as actuals."""
        line = self.lines[i]
        label = self.context.label
        if not label or not re.match(r"[(（]?参考[)）]", line.text):
            return 0
        pairs = re.findall(
            r"((?:令和|平成|[RH]) ?(?:元|\d{1,2})(?: ?年度| ?年)?) ([\d,.]+ ?[^\s\d]{0,3})",
            spaced(line.raw),
        )
        if not pairs:
            return 0
        key = self.indicator(label, line, "")
        for when, value in pairs:
            period = parse_period(when)
            if period is None or period.start > self.fiscal.end:
                continue
            column = ValueColumn("actual", period, bare="年" not in when, note="参考")
            self.observe(key, column, value, line)
        self.consume(line)
        return 1

    # -- meetings -----------------------------------------------------------------------------

    def event_line(self, i: int) -> int:
        """4月12日(火) ■会議名(会場): a meeting; ■会議名(会場) alone is on the date above."""
        line = self.lines[i]
        text = line.text
        m = DATE_LEAD.match(text)
        rest = text[m.end() :].strip() if m else text
        if not m and not (NAME_MARK.match(rest) and self.context.event):
            return 0
        name = NAME_MARK.sub("", rest).strip()
        venue = None
        taken = 1
        if (g := TRAILING_GROUP.match(name)) and self.venue_like(g["inner"]):
            name, venue = g["name"], g["inner"]
        elif (nxt := self.following(i)) and (g := re.fullmatch(r"\((?P<inner>[^()]+)\)", nxt.text)):
            venue, taken = g["inner"], 2
        if not name or not self.vocab.is_meeting(name):
            return 0
        if m:
            found = self.event_dates(m["date"])
            if found is None:
                return 0
        else:
            found = (self.context.event.period.start, self.context.event.period.end)
        span = Span(line.number, self.lines[i + taken - 1].number)
        self.context.event = self.event(name, Period(*found), span, venue)
        agenda = []
        while (nxt := self.following(i + taken - 1)) and nxt.text.startswith("・"):
            agenda.append(nxt.text.removeprefix("・").strip())
            taken += 1
        if agenda:
            event = self.context.event
            updated = replace(
                event,
                agenda=tuple(agenda),
                span=Span(event.span.first, self.lines[i + taken - 1].number),
            )
            self.result.records[self.result.records.index(event)] = updated
            self.context.event = updated
            for k in range(i, i + taken):
                self.consume(self.lines[k])
        return taken

    def event_dates(self, text: str) -> tuple[date, date] | None:
        """A date, or a range; a month-day gets the year of the heading above it, if any."""
        year = self.context.year
        if year and not re.match(r"(?:令和|平成|昭和|[RHS]|\d{4})", text) and "月" in text:
            text = f"{year}年{text}"
        return report_date_range(text, self.info.fiscal_year)

    def venue_like(self, text: str) -> bool:
        return (
            ":" in text
            or "：" in text
            or bool(re.search(r"[都道府県市区町村]|ホテル|会館|ホール|センター|庁舎|会場", text))
        )

    def event_field(self, i: int) -> int:
        """日時 / 会場 lines under a title: the meeting the title names."""
        line = self.lines[i]
        words = line.text.split(" ")
        spaced_words = spaced(line.raw).split(" ")
        for size in (1, 2, 3):
            label = "".join(spaced_words[:size])
            meaning = self.column(label).meaning
            if meaning in MEETING_LABELS:
                value = " ".join(spaced_words[size:]).strip()
                break
        else:
            return 0
        if not value or not self.context.title:
            return 0
        taken = 1
        extra = []
        while (nxt := self.following(i + taken - 1)) and self.is_continuation(nxt):
            extra.append(nxt)
            taken += 1
        span = Span(line.number, self.lines[i + taken - 1].number)
        event = (
            self.context.event
            if self.context.event and self.context.event.name == self.context.title
            else None
        )
        if meaning == "date":
            found = self.event_dates(value)
            if found is None:
                return 0
            event = (
                self.event(self.context.title, Period(*found), span, None)
                if event is None
                else event
            )
        elif event is not None:
            venue = " ".join([clean(value), *(e.text for e in extra)])
            updated = replace(event, venue=venue, span=Span(event.span.first, span.last))
            self.result.records[self.result.records.index(event)] = updated
            event = updated
        else:
            return 0
        self.context.event = event
        for k in range(i, i + taken):
            self.consume(self.lines[k])
        return taken

    def is_continuation(self, line: Line) -> bool:
        """A short line continuing the field above (3階 コスモスホールⅡ, 12:30~14:50)."""
        if not self.free(line) or line.text.endswith(SENTENCE_END) or len(line.text) > 30:
            return False
        first = spaced(line.raw).split(" ")
        if any(self.column("".join(first[:n])).meaning in MEETING_LABELS for n in (1, 2, 3)):
            return False
        return not line.numbering and not line.text.startswith(("【", "<", "(", "■", "・"))

    def event(self, name: str, period: Period, span: Span, venue: str | None) -> Event:
        body = None
        if self.info.publisher != self.info.city_name:
            body = self.organizations.get(self.info.publisher)
            if body is None:
                body = self.unique(f"organization:{self.info.publisher}")
                self.organizations[self.info.publisher] = body
                self.add(Organization(body, self.info.publisher, "association", span))
        key = self.unique(f"event:{period.start.isoformat()}:{name}")
        record = Event(key, "meeting", clean(name), span, period, body, venue=venue)
        self.add(record)
        return record

    # -- prose --------------------------------------------------------------------------------

    def prose(self, i: int) -> int:
        """A paragraph, with the title printed above it if any, as text of its element; a
        short line opening what follows (a table, a list) is a title, kept as context."""
        line = self.lines[i]
        if len(line.cells) > 1:
            return 0
        if is_sentence(line.text):
            self.add_text(line, line.text, None)
            return 1
        nxt = self.following(i)
        if nxt is None or not is_title(line.text) or has_figures(line.text, self.info.fiscal_year):
            return 0
        fiscal_year = self.info.fiscal_year
        if is_sentence(nxt.text) and len(nxt.cells) == 1 and not has_figures(nxt.text, fiscal_year):
            self.add_text(nxt, nxt.text, line.text, first=line)
            return 2
        if len(nxt.cells) > 1 or nxt.numbering or OPENERS.match(nxt.text):
            self.context.title = line.text
            self.consume(line)
            return 1
        return 0

    def add_text(self, line: Line, text: str, title: str | None, first: Line | None = None) -> None:
        kind = self.vocab.section(title) if title else None
        subject = self.context.item or self.context.element or self.plan_key(line.span)
        span = Span((first or line).number, line.number)
        self.add(TextSection(subject, kind or "unclassified", text, span, title))

    # -- records ------------------------------------------------------------------------------

    def element_title(self) -> str:
        """The title of the plan element (or action item) the current line stands under."""
        key = self.context.item or self.context.element
        record = next((r for r in self.result.records if getattr(r, "key", None) == key), None)
        return getattr(record, "title", None) or getattr(record, "name", "") if record else ""

    def is_department(self, name: str) -> bool:
        return bool(re.fullmatch(r".+(?:課|室|所|センター|部|局|係|本部)(?:\(.+\))?", clean(name)))

    def department(self, name: str, line: Line) -> str:
        name = clean(name)
        self.add(Department(name, line.span))
        return name

    def project(self, name: str, line: Line) -> str:
        name = clean(LIST_MARK.sub("", name))
        key = f"project:{name}"
        if key not in self.keys:
            parent = self.context.item or self.context.element
            self.add(Project(key, name, "project", line.span, parent=parent))
        return key

    def indicator(self, cell: str, line: Line, department: str, subject: str | None = None) -> str:
        label, unit, _ = label_of(cell)
        key = f"indicator:{label}"
        departments = ()
        if department and self.is_department(department):
            departments = (self.department(department, line),)
        elif self.context.department:
            departments = (self.context.department,)
        known = self.indicators.get(key)
        member = self.context.element
        if known is None:
            kind = (
                "kpi" if self.info.family and "strategy" in self.info.family else "target-indicator"
            )
            if subject and not member:
                kind = "statistic"
            self.indicators[key] = Indicator(
                key, label, kind, line.span, unit,
                departments=departments,
                members_of=(member,) if member and not subject else (),
                subject=subject if not member or subject else None,
            )  # fmt: skip
        elif member and member not in known.members_of and not known.subject:
            self.indicators[key] = replace(known, members_of=(*known.members_of, member))
        return key

    def observe(
        self,
        key: str,
        column: ValueColumn,
        cell: str,
        line: Line,
        quantity: Quantity | None = None,
        note: str | None = None,
        dated: bool = False,
    ) -> None:
        q = quantity or parse_quantity(cell)
        if q.problem or (q.value is None and q.qualitative is None):
            self.residue(line, f"value {clean(cell)!r} not understood")
            return
        period = q.period or column.period
        if column.bare and period and key in self.calendar:
            period = Period.calendar_year(period.start.year)
        if period and period.start.month == 1 and period.end and period.end.month == 12:
            self.calendar.add(key)
        if period is None and dated:
            period, note = self.fiscal, note or NOTE_FALLBACK.format(self.info.fiscal_year)
        role, revision = column.role, 0
        if role == "revised-target":
            role = "target"
            revision = self.observed.get((key, "target", period), 0)
        identity = (key, role, period, revision)
        if identity in self.observed and role != "target":
            return
        if (key, role, period) in self.observed and revision == 0:
            return
        self.observed[(key, role, period)] = revision + 1
        self.observed[identity] = 1
        unit = q.unit or self.indicators[key].unit
        if unit and not self.indicators[key].unit:
            self.indicators[key] = replace(self.indicators[key], unit=unit)
        self.add(
            Observation(
                key, role, q.raw, line.span, period, q.value, unit, q.per_year, q.qualitative,
                revision=revision, component=q.component, note=note or column.note,
            )
        )  # fmt: skip

    def described(self, key: str, role: str, text: str, line: Line) -> None:
        self.observe_described(key, role, text, line.span)

    def observe_described(self, key: str, role: str, text: str, span: Span) -> None:
        """A value stated in words (a target such as 行動規範の制定, or what was done)."""
        period = self.fiscal
        note = NOTE_FALLBACK.format(self.info.fiscal_year)
        if (key, role, period) in self.observed:
            return
        self.observed[(key, role, period)] = 1
        self.add(Observation(key, role, text, span, period, qualitative="described", note=note))


def parse(document: Document, info: DocumentInfo, result: ParseResult, vocab: Vocabulary) -> None:
    """Read the lines ``result`` has not consumed, adding records and residue to it."""
    Reader(document, info, result, vocab).run()
