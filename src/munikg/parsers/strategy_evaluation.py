"""水戸市-style evaluation of a まち・ひと・しごと創生総合戦略 (tab-separated tables).

The report is a sequence of blocks, each opened by a marker: the printed title, a 基本目標
heading, the numbered evaluation headings and their prose, the 数値目標 table, the
具体的施策/KPI table, and the 【主な具体的事業】 part (具体的施策(n), 【事業名 …】, then rows
labelled 具体的事業, 事業目的, …年度の実績・件数 and …事業費(千円)). Table columns are read
from each table's header rows, and every KPI row is aligned on its 期待値/実績値/進捗状況
label, because the PDF extraction drops or shifts cells differently from goal to goal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from munikg.model import (
    Budget,
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
from munikg.normalize import (
    clean,
    declared_unit,
    era_year,
    parse_compound,
    parse_period,
    progress_status,
    thousand_yen_to_yen,
)
from munikg.parsers.common import UNIT_SUFFIXES

STRATEGY_TITLE = re.compile(r"(?P<plan>.+総合戦略(?:\(第.+?次\))?)の評価")
FISCAL_YEAR = re.compile(r"(?:令和|平成|R|H)(?:元|\d{1,2})年度")
ORGANISATIONAL_UNIT = re.compile(rf".+(?:本部|{UNIT_SUFFIXES})")
GOAL = re.compile(r"基本目標 ?(?P<number>[IVX]+) ?(?P<title>.+)")
SECTION = re.compile(r"\d+ ?(?P<title>取組の概要と評価|今後の取組方針)")
SECTION_KINDS = {"取組の概要と評価": "evaluation", "今後の取組方針": "policy-direction"}
MEASURE = re.compile(r"\((?P<number>\d+)\) ?(?P<title>.+)")
MEASURE_HEADING = re.compile(r"具体的施策 ?\((?P<number>\d+)\) ?(?P<title>.+)")
GROUP = re.compile(r"【事業名 ?(?P<name>.+)】")
RESULTS = re.compile(r"(?P<year>.+)年度の実績")
COST = re.compile(r"(?P<year>.+)事業費 ?\(千円\)")
AMOUNT = re.compile(r"(?P<kind>予算額|決算額) ?(?P<amount>[\d,]+)")
YEAR_COLUMN = re.compile(r"\d{4}年度")
COLUMN_ROLES = {"目標値": "target", "基準値": "baseline"}
ROW_ROLES = {"期待値": "expected", "実績値": "actual", "進捗状況": "status"}
RELISTED = re.compile(r" ?[(【]再掲[)】]")
CONSULTATION = re.compile(r".*診療")


@dataclass(frozen=True)
class Row:
    """A non-blank line split at its tabs into cleaned cells (trailing empty cells dropped)."""

    number: int
    cells: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(cell for cell in self.cells if cell)

    @property
    def value(self) -> str:
        """The text after the row's label cell."""
        return " ".join(cell for cell in self.cells[1:] if cell)

    @property
    def span(self) -> Span:
        return Span.line(self.number)

    def cell(self, index: int) -> str:
        return self.cells[index] if 0 <= index < len(self.cells) else ""


@dataclass(frozen=True)
class KpiTable:
    """Where the columns of one 具体的施策/KPI table stand, from its second header row."""

    label: int
    values: dict[int, tuple[str, Period | None]]
    marker: int
    years: dict[int, Period | None]


@dataclass
class Kpi:
    """One KPI's rows, gathered until the next KPI so that statuses and ※ notes can attach."""

    key: str
    marker: int
    cells: list[tuple[str, str, Row, Period | None, int]] = field(default_factory=list)
    statuses: dict[int, tuple[str, Row]] = field(default_factory=dict)
    notes: list[tuple[str, Row]] = field(default_factory=list)


def read_rows(lines: list[str]) -> list[Row]:
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            cells = [clean(cell) for cell in line.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(Row(number, tuple(cells)))
    return rows


def column_roles(header: Row) -> dict[int, tuple[str, Period | None]]:
    """Target and baseline columns of a header row, each with the period printed in it."""
    return {
        index: (role, parse_period(cell))
        for index, cell in enumerate(header.cells)
        for prefix, role in COLUMN_ROLES.items()
        if cell.startswith(prefix)
    }


def note_text(cell: str) -> str:
    return cell.removeprefix("※").strip()


class Reader:
    """Walks the rows once; each marker row hands the rows that belong to it to a handler."""

    def __init__(self, lines: list[str]) -> None:
        self.rows = read_rows(lines)
        self.at = 0
        self.result = ParseResult()
        self.indicators: dict[str, Indicator] = {}
        self.observed: set[tuple] = set()
        self.elements: set[str] = set()
        self.goal = self.measure = self.parent = self.project = None
        self.groups = 0
        self.kpi: Kpi | None = None

    # -- walking ----------------------------------------------------------------------------

    def peek(self) -> Row | None:
        return self.rows[self.at] if self.at < len(self.rows) else None

    def take(self) -> Row | None:
        row = self.peek()
        self.at += 1
        return row

    def take_while(self, accept: Callable[[Row], bool]) -> list[Row]:
        taken = []
        while (row := self.peek()) is not None and accept(row):
            taken.append(self.take())
        return taken

    def residue(self, row: Row, reason: str) -> None:
        self.result.residue.append(Residue(row.number, row.text, reason))

    def run(self) -> ParseResult:
        self.front_matter(self.take_while(lambda row: not GOAL.fullmatch(row.text)))
        while (row := self.take()) is not None:
            self.dispatch(row)
        for indicator in self.indicators.values():
            self.result.add(indicator)
        return self.result

    def dispatch(self, row: Row) -> None:
        first = row.cells[0]
        if m := GOAL.fullmatch(row.text):
            self.goal_heading(row, m)
        elif m := SECTION.fullmatch(row.text):
            self.section(row, m["title"])
        elif first == "数値目標":
            self.numerical_targets(row)
        elif first == "具体的施策" and "KPI" in row.cells:
            self.kpi_table(row)
        elif row.text == "【主な具体的事業】":
            self.result.consume(row.span)
        elif m := MEASURE_HEADING.fullmatch(row.text):
            self.measure_heading(row, m)
        elif m := GROUP.fullmatch(row.text):
            self.project_group(row, m["name"])
        elif first == "具体的事業" and self.parent:
            self.project_row(row)
        elif first == "事業目的" and self.project:
            self.project_text(row, "purpose")
        elif (m := RESULTS.match(first)) and self.project:
            self.results(row, era_year(m["year"]))
        elif (m := COST.fullmatch(first)) and self.project:
            self.budget(row, era_year(m["year"]))
        else:
            self.residue(row, "not recognised")

    # -- title, goals, evaluation texts -----------------------------------------------------

    def front_matter(self, rows: list[Row]) -> None:
        """Before the first goal: the title (with the year line above it), publisher, cover."""
        plan = None
        for index, row in enumerate(rows):
            if m := STRATEGY_TITLE.fullmatch(row.text):
                above = rows[index - 1] if index else None
                first = above if above and FISCAL_YEAR.fullmatch(above.text) else row
                heading = row.text if first is row else f"{first.text} {row.text}"
                self.result.add(DocumentHeading(heading, Span(first.number, row.number)))
                self.result.add(Plan("plan", m["plan"], "revitalisation-strategy", row.span))
                plan = m["plan"]
        for row in rows:
            if row.number in self.result.consumed:
                continue
            if plan and row.text.startswith(plan):
                self.result.add(DocumentHeading(row.text, row.span))
            elif ORGANISATIONAL_UNIT.fullmatch(row.text):
                self.result.add(Department(row.text, row.span))
            else:
                self.residue(row, "front matter not recognised")

    def goal_heading(self, row: Row, m: re.Match[str]) -> None:
        """A goal's heading; printed again above its projects, where it only sets the context."""
        self.close_kpi()
        self.goal, self.measure, self.parent, self.project = m["number"], None, None, None
        self.element(row, f"goal:{self.goal}", "basic-goal", self.goal, m["title"], "plan")

    def element(self, row: Row, key: str, kind: str, number: str, title: str, parent: str) -> None:
        if key in self.elements:
            self.result.consume(row.span)
        else:
            self.elements.add(key)
            self.result.add(PlanElement(key, kind, number, title.strip(), parent, row.span))

    def section(self, heading: Row, title: str) -> None:
        paragraphs = self.take_while(
            lambda row: (
                len(row.cells) == 1
                and not row.text.startswith("【")
                and not GOAL.fullmatch(row.text)
                and not SECTION.fullmatch(row.text)
            )
        )
        if not paragraphs:
            self.residue(heading, "section heading without text")
            return
        text = "\n".join(row.text for row in paragraphs)
        span = Span(heading.number, paragraphs[-1].number)
        kind = SECTION_KINDS[title]
        self.result.add(TextSection(f"goal:{self.goal}", kind, text, span, title))

    # -- tables -----------------------------------------------------------------------------

    def numerical_targets(self, header: Row) -> None:
        columns = column_roles(header)
        self.result.consume(header.span)
        rows = self.take_while(lambda row: len(row.cells) > 1 and row.cells[0] != "具体的施策")
        for row in rows:
            key = self.indicator(row, row.cells[0], "numerical-target", f"goal:{self.goal}")
            for index, (role, period) in columns.items():
                self.observe(key, role, row.cell(index), row, period)

    def kpi_table(self, first_header: Row) -> None:
        header = self.peek() or first_header
        targets = column_roles(header)
        years = {i: parse_period(c) for i, c in enumerate(header.cells) if YEAR_COLUMN.fullmatch(c)}
        if not targets or not years:
            self.residue(first_header, "KPI table without a 目標値 and year header")
            return
        self.take()
        self.result.consume(Span(first_header.number, header.number))
        table = KpiTable(min(targets) - 1, targets, min(years) - 1, years)
        for row in self.take_while(lambda row: len(row.cells) > 1):
            self.kpi_row(row, table)
        self.close_kpi()

    def kpi_row(self, row: Row, table: KpiTable) -> None:
        """A row of a KPI table, aligned on its row label (期待値, 実績値, 進捗状況).

        A row that lacks the measure cell is shifted left as a whole; a row whose label alone
        was pushed to the start of the line keeps its values after a run of empty cells.
        """
        marker = next((i for i, cell in enumerate(row.cells) if cell in ROW_ROLES), None)
        if marker is None:
            self.kpi_note(row)
            return
        shift = marker - table.marker
        if label := row.cell(table.label + shift):
            self.close_kpi()
            if measure := row.cell(shift):
                if not (m := MEASURE.fullmatch(measure)):
                    self.residue(row, "measure cell without (number)")
                    return
                self.measure = f"measure:{self.goal}-{m['number']}"
                goal = f"goal:{self.goal}"
                self.element(row, self.measure, "measure", m["number"], m["title"], goal)
            if not self.measure:
                self.residue(row, "KPI outside any measure")
                return
            self.kpi = Kpi(self.indicator(row, label, "kpi", self.measure), marker)
            for index, (role, period) in table.values.items():
                self.kpi.cells.append((role, row.cell(index + shift), row, period, index))
        elif self.kpi is None:
            self.residue(row, "KPI values before any KPI")
            return
        values = list(row.cells[marker + 1 :])
        if marker != self.kpi.marker:
            while values and not values[0]:
                values.pop(0)
        if not label and not any(values):
            self.residue(row, f"{row.cells[marker]} row without values")
            return
        role = ROW_ROLES[row.cells[marker]]
        for index, period in table.years.items():
            offset = index - table.marker - 1
            cell = values[offset] if offset < len(values) else ""
            if role == "status":
                self.kpi_status(row, cell, index)
            else:
                self.kpi.cells.append((role, cell, row, period, index))

    def kpi_status(self, row: Row, cell: str, column: int) -> None:
        """A 進捗状況 cell: the status of the year's actual value, or a note when it is prose."""
        if not cell:
            return
        if status := progress_status(cell):
            self.kpi.statuses[column] = (status, row)
        else:
            self.kpi.notes.append((cell, row))

    def kpi_note(self, row: Row) -> None:
        filled = [cell for cell in row.cells if cell]
        if self.kpi and len(filled) == 1 and filled[0].startswith("※"):
            self.kpi.notes.append((filled[0], row))
        else:
            self.residue(row, "KPI table row without 期待値/実績値/進捗状況 label")

    def close_kpi(self) -> None:
        """Emit the gathered KPI: ※-marked values carry the text of the KPI's ※ notes."""
        kpi, self.kpi = self.kpi, None
        if kpi is None:
            return
        starred = " ".join(note_text(text) for text, _ in kpi.notes if text.startswith("※"))
        for role, cell, row, period, column in kpi.cells:
            status, status_row = kpi.statuses.get(column, (None, None))
            status = status if role == "actual" else None
            if self.observe(kpi.key, role, cell, row, period, status, starred) and status:
                self.result.consume(status_row.span)
        for text, row in kpi.notes:
            self.result.add(TextSection(kpi.key, "note", note_text(text), row.span))

    def indicator(self, row: Row, cell: str, kind: str, member: str) -> str:
        """The indicator of a label cell; a KPI listed again (再掲) gains the new member only."""
        label, unit = declared_unit(RELISTED.sub("", cell))
        key = f"indicator:{label}"
        known = self.indicators.get(key)
        if known is None:
            self.indicators[key] = Indicator(key, label, kind, row.span, unit, members_of=(member,))
        elif member not in known.members_of:
            self.indicators[key] = replace(known, members_of=(*known.members_of, member))
            self.result.consume(row.span)
        return key

    def observe(
        self,
        key: str,
        role: str,
        cell: str,
        row: Row,
        period: Period | None,
        status: str | None = None,
        starred: str = "",
    ) -> bool:
        """One observation per component of a value cell; a period in the cell wins.

        The note is the cell's own text after ※, else the KPI's ※ notes. Returns whether
        anything was recorded.
        """
        if not cell:
            return False
        recorded = False
        unit = self.indicators[key].unit
        inline = re.sub(r"\([^()]*\)", "", cell.partition("※")[2]).strip()
        for q in parse_compound(cell):
            if q.problem:
                self.residue(row, f"value {q.raw!r}: {q.problem}")
                continue
            when = q.period or period
            identity = (key, role, when, q.component)
            if identity in self.observed:
                self.result.consume(row.span)
                continue
            self.observed.add(identity)
            note = (inline or starred or None) if q.note_marker else None
            self.result.add(
                Observation(
                    key,
                    role,
                    q.raw,
                    row.span,
                    when,
                    q.value,
                    q.unit or unit,
                    q.per_year,
                    q.qualitative,
                    status,
                    component=q.component,
                    note=note,
                )
            )
            recorded = True
        return recorded

    # -- main projects ----------------------------------------------------------------------

    def measure_heading(self, row: Row, m: re.Match[str]) -> None:
        self.measure = f"measure:{self.goal}-{m['number']}"
        self.element(row, self.measure, "measure", m["number"], m["title"], f"goal:{self.goal}")
        self.parent, self.project, self.groups = self.measure, None, 0

    def project_group(self, row: Row, name: str) -> None:
        if not self.measure:
            self.residue(row, "project group outside any measure")
            return
        self.groups += 1
        key = f"group:{self.measure.removeprefix('measure:')}-{self.groups}"
        self.element(row, key, "project-group", str(self.groups), name, self.measure)
        self.parent, self.project = key, None

    def project_row(self, row: Row) -> None:
        self.project = f"project:{row.value}"
        self.result.add(Project(self.project, row.value, "project", row.span, parent=self.parent))

    def project_text(self, row: Row, kind: str) -> None:
        self.result.add(TextSection(self.project, kind, row.value, row.span, row.cells[0]))

    def results(self, row: Row, year: int | None) -> None:
        """The year's results: prose, or a table whose cells become figures of the project."""
        if len([cell for cell in row.cells[1:] if cell]) == 1:
            self.project_text(row, "achievements")
        elif year is None:
            self.residue(row, "results table without a fiscal year")
        else:
            self.results_table(row, Period.fiscal_year(year))

    def results_table(self, header: Row, period: Period) -> None:
        """A table (row label, then one cell per column) nested in a project's results."""
        columns = header.cells[2:]
        rows = self.take_while(lambda row: not row.cells[0] and len(row.cells) > 2)
        subject, unit = self.table_subject([row.cells[1] for row in rows])
        self.result.consume(header.span)
        for row in rows:
            for column, cell in zip(columns, row.cells[2:], strict=False):
                if not cell:
                    continue
                key = f"indicator:{subject} {row.cells[1]} {column}"
                label = key.removeprefix("indicator:")
                indicator = Indicator(key, label, "statistic", row.span, unit, subject=self.project)
                self.indicators[key] = indicator
                self.observe(key, "actual", cell, row, period)

    def table_subject(self, rows: list[str]) -> tuple[str, str | None]:
        """What a results table counts, for its figures' labels, and in which unit.

        The table prints neither: a table of 診療 rows (consultations, with their 計) counts the
        patients of the facility the project runs (休日夜間緊急診療所の運営 → 休日夜間緊急診療所).
        """
        name = self.project.removeprefix("project:")
        counted = set(rows) - {"計", "合計"}
        if counted and all(CONSULTATION.fullmatch(label) for label in counted):
            return f"{name.removesuffix('の運営')} 患者数", "person"
        return name, None

    def budget(self, row: Row, year: int | None) -> None:
        """予算額 and 決算額 in thousands of yen, on one line or on two."""
        rows = [row, *self.take_while(lambda r: not r.cells[0] and AMOUNT.fullmatch(r.text))]
        raw = clean(" ".join(r.text for r in rows))
        amounts = {m["kind"]: thousand_yen_to_yen(m["amount"]) for m in AMOUNT.finditer(raw)}
        if year is None or not amounts:
            for r in rows:
                self.residue(r, "budget without fiscal year or amounts")
            return
        span = Span(rows[0].number, rows[-1].number)
        self.result.add(
            Budget(self.project, year, raw, span, amounts.get("予算額"), amounts.get("決算額"))
        )


def parse(lines: list[str], info: DocumentInfo) -> ParseResult:
    return Reader(lines).run()
