"""The yearly evaluation of a まち・ひと・しごと創生総合戦略, printed as tables of cells.

The report is a sequence of blocks, each opened by a marker: the printed title, a basic-goal
heading (基本目標 I), numbered prose sections under it (1 取組の概要と評価), the goal's
numerical-target table, the measures' KPI table, and the main-projects part: measure headings
(具体的施策(1)), project groups (【事業名 …】), then rows labelled with what they hold (具体的事業,
事業目的, R4年度の実績・件数, R4事業費(千円)). Lines come from the reading stage (cells,
numbered headings, page furniture left out); heading, header, role and row-label words come from
the vocabulary, so a template that says 策定時 for 基準値 or 実績 for 実績値 reads the same.

Decisions where the text does not say:

- A table whose header names value columns (目標値, 基準値) but no years holds the goal's
  numerical targets; one opened by a measure column (具体的施策) over a second header with years
  holds the measures' KPIs.
- Every KPI row is aligned on its role label (期待値, 実績値, 進捗状況), because the extraction
  drops or shifts cells differently from goal to goal. In a tab-separated row the header's
  positions hold, relative to that label: a row that lacks the measure cell is shifted left as a
  whole; a row whose label alone was pushed to the start keeps its values after a run of empty
  cells. Where the extraction collapsed empty cells (cells split at runs of spaces), the cells
  before the label are the label and one per value column (and the measure, when it is
  numbered), or the row is residue; the cells after it fill the years from the first, as a row
  stops at the last year it reports.
- A line that no separator splits into cells (tabs printed as single spaces) gives no columns:
  a table row printed so is residue, never text or values. Read from such lines are headings,
  prose paragraphs (which end with a full stop), and a project's rows that open with their
  label word (具体的事業 工業振興支援事業, R4事業費(千円) 予算額 …), whose word ends where the
  value starts; a results table under such a label is residue too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal

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
    YEN,
    clean,
    declared_unit,
    parse_compound,
    parse_period,
    progress_status,
    unit_key,
)
from munikg.parsers.common import RELISTED, UNIT_SUFFIXES
from munikg.reading import Document, Line, Numbering, numbering
from munikg.vocabulary import Column, Vocabulary, vocabulary_for

FAMILY = "strategy-evaluation"
STRATEGY_TITLE = re.compile(r"(?P<plan>.+総合戦略(?:\(第.+?次\))?)の評価")
FISCAL_YEAR = re.compile(r"(?:令和|平成|R|H)(?:元|\d{1,2})年度")
ORGANISATIONAL_UNIT = re.compile(rf".+(?:本部|{UNIT_SUFFIXES})")
# A header cell that is only a year (2021年度, R3年度), and a row label that opens with one.
YEAR_COLUMN = re.compile(r"(?:(?:令和|平成|R|H)(?:元|\d{1,2})|(?:19|20)\d\d)年度")
YEAR_LABEL = re.compile(r"^(?:(?:令和|平成|R|H)(?:元|\d{1,2})(?:年度)?|(?:19|20)\d\d年度)の?")
BRACKETED = re.compile(r"【(?P<inner>[^【】]+)】")
AMOUNT = re.compile(r"(?P<word>[^\d\s,.]+) ?(?P<amount>\d[\d,]*)")
VALUE_ROLES = ("target", "baseline")
ROW_ROLES = ("expected", "actual", "status")
CONSULTATION = re.compile(r".*診療")
SENTENCE_END = ("。", ".", "．")
ROMAN = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))


def filled(line: Line) -> list[str]:
    return [cell for cell in line.cells if cell]


def spaced_text(line: Line) -> str:
    """The line's cells with their printed spaces, which tell a word from the name after it."""
    return " ".join(cell for cell in line.spaced_cells if cell)


def value_of(line: Line) -> str:
    """The text after the line's label cell."""
    return " ".join(cell for cell in line.cells[1:] if cell)


def nested(line: Line) -> bool:
    """Whether the line's first cell is empty: a row under the label of the row above it."""
    return not line.cell(0) if line.tabbed else line.indent > 0


def body(line: Line) -> tuple[str, ...]:
    """A nested line's cells without the empty first one."""
    return line.cells[1:] if line.tabbed else line.cells


def printed(found: Numbering) -> str:
    """A heading's number as the keys print it: Roman numerals stay Roman (基本目標 IV → IV)."""
    if found.style != "roman":
        return str(found.number)
    number, text = found.number, ""
    for letters, value in ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text


def fiscal_year_of(period: Period | None) -> int | None:
    return period.start.year if period and period.start.month == 4 else None


def note_text(cell: str) -> str:
    return cell.removeprefix("※").strip()


@dataclass(frozen=True)
class KpiTable:
    """The columns of one KPI table, from its second header row.

    ``columns`` stand between a KPI's label and its role label: each a role (None for a column
    not read) and the period printed with it; ``years`` are the periods of the columns after the
    role label. A tab-separated header also gives where the label, each column, the role label
    and each year stand (``label_at``, ``column_at``, ``marker_at``, ``year_at``).
    """

    columns: tuple[tuple[str | None, Period | None], ...]
    years: tuple[Period | None, ...]
    label_at: int | None = None
    column_at: tuple[int, ...] = ()
    marker_at: int | None = None
    year_at: tuple[int, ...] = ()


@dataclass(frozen=True)
class Aligned:
    """A KPI table row read around its role label: measure, label, value cells and year cells."""

    measure: str
    label: str
    columns: tuple[str, ...]
    years: tuple[str, ...]


@dataclass
class Kpi:
    """One KPI's rows, gathered until the next KPI so that statuses and ※ notes can attach."""

    key: str
    marker: int
    cells: list[tuple[str, str, Line, Period | None, int | None]] = field(default_factory=list)
    statuses: dict[int, tuple[str, Line]] = field(default_factory=dict)
    notes: list[tuple[str, Line]] = field(default_factory=list)


class Reader:
    """Walks the lines once; each marker line hands the lines that belong to it to a handler."""

    def __init__(self, document: Document, vocabulary: Vocabulary) -> None:
        self.rows = list(document.lines)
        self.vocabulary = vocabulary
        self.at = 0
        self.result = ParseResult()
        self.indicators: dict[str, Indicator] = {}
        self.observed: set[tuple] = set()
        self.elements: set[str] = set()
        self.goal = self.measure = self.parent = self.project = None
        self.groups = 0
        self.kpi: Kpi | None = None

    # -- walking ----------------------------------------------------------------------------

    def peek(self) -> Line | None:
        return self.rows[self.at] if self.at < len(self.rows) else None

    def take(self) -> Line | None:
        row = self.peek()
        self.at += 1
        return row

    def take_while(self, accept: Callable[[Line], bool]) -> list[Line]:
        taken = []
        while (row := self.peek()) is not None and accept(row):
            taken.append(self.take())
        return taken

    def residue(self, row: Line, reason: str) -> None:
        self.result.residue.append(Residue(row.number, row.text, reason))

    def run(self) -> ParseResult:
        self.front_matter(self.take_while(lambda row: not self.is_goal(row)))
        while (row := self.take()) is not None:
            self.dispatch(row)
        self.close_kpi()
        for indicator in self.indicators.values():
            self.result.add(indicator)
        return self.result

    # -- what a line is ---------------------------------------------------------------------

    def numbered(self, row: Line) -> Numbering | None:
        """The marker a heading opens with: headings are lines of one cell."""
        return row.numbering if len(filled(row)) == 1 else None

    def element_kind(self, found: Numbering | None) -> str | None:
        """The plan element a heading's prefix word opens (基本目標 I, 具体的施策(1))."""
        return self.vocabulary.element(found.prefix, FAMILY) if found and found.prefix else None

    def section_kind(self, found: Numbering | None) -> str | None:
        """The section kind of a heading numbered without a word (1 取組の概要と評価)."""
        return self.vocabulary.section(found.title) if found and not found.prefix else None

    def is_goal(self, row: Line) -> bool:
        return self.element_kind(self.numbered(row)) == "basic-goal"

    def meaning(self, cell: str) -> str | None:
        return self.vocabulary.column(cell).meaning

    def role_marker(self, row: Line) -> int | None:
        """Where the row's role label (期待値, 実績値, 進捗状況: the whole cell) stands."""
        return next(
            (
                i
                for i, cell in enumerate(row.cells)
                if self.vocabulary.columns.exact(cell) in ROW_ROLES
            ),
            None,
        )

    def is_numerical_header(self, row: Line) -> bool:
        """A label word (数値目標), then value columns only (目標値 (2024年度), 基準値 …): a
        table with other columns (単位, R4実績, 達成状況) is the general reader's."""
        cells = filled(row)
        return (
            len(cells) > 1
            and self.meaning(row.cell(0)) == "label"
            and all(self.meaning(cell) in VALUE_ROLES for cell in cells[1:])
            and not any(YEAR_COLUMN.fullmatch(cell) for cell in cells)
        )

    def is_kpi_header(self, row: Line) -> bool:
        """A measure column (具体的施策), then label words only (KPI, 項目)."""
        cells = filled(row)
        return (
            len(cells) > 1
            and self.vocabulary.element(row.cell(0), FAMILY) == "measure"
            and all(self.meaning(cell) == "label" for cell in cells[1:])
        )

    def opens_table(self, row: Line) -> bool:
        return self.is_numerical_header(row) or self.is_kpi_header(row)

    def is_paragraph(self, row: Line) -> bool:
        """Prose: one cell ending with a full stop, that opens no heading or group."""
        found = self.numbered(row)
        return (
            len(filled(row)) == 1
            and row.text.endswith(SENTENCE_END)
            and not row.text.startswith("【")
            and not (self.element_kind(found) or self.section_kind(found))
        )

    def dispatch(self, row: Line) -> None:
        found = self.numbered(row)
        if (kind := self.element_kind(found)) == "basic-goal":
            self.goal_heading(row, found)
        elif kind == "measure":
            self.measure_heading(row, found)
        elif section := self.section_kind(found):
            self.section(row, section, found.title)
        elif self.is_numerical_header(row):
            self.numerical_targets(row)
        elif self.is_kpi_header(row):
            self.kpi_table(row)
        elif len(filled(row)) == 1 and (m := BRACKETED.fullmatch(spaced_text(row))):
            self.bracketed(row, m["inner"])
        elif labelled := self.label_and_value(row):
            self.labelled(row, *labelled)
        else:
            self.residue(row, "not recognised")

    def row_label(self, label: str) -> str | None:
        """What a project row's label says the row holds: project, cost or a section kind."""
        if (meaning := self.meaning(label)) in ("project", "cost"):
            return meaning
        return self.vocabulary.section(YEAR_LABEL.sub("", label))

    def label_and_value(self, row: Line) -> tuple[str, str] | None:
        """A row's label cell and the text after it.

        A line that no separator split is read so only under a measure's projects, when it opens
        with a row-label word and a space (具体的事業 工業振興支援事業): the word ends where the
        value starts.
        """
        if len(filled(row)) > 1 and row.cell(0):
            return row.cell(0), value_of(row)
        word, _, rest = spaced_text(row).partition(" ")
        if self.parent and len(filled(row)) == 1 and rest and self.row_label(clean(word)):
            return clean(word), clean(rest)
        return None

    def labelled(self, row: Line, label: str, value: str) -> None:
        """A row of a project: its label cell says what the rest of the row holds."""
        kind = self.row_label(label)
        if kind == "project":
            self.project_row(row, value)
        elif not self.project:
            self.residue(row, "row outside any project")
        elif kind == "cost":
            self.budget(row, self.vocabulary.column(label), value)
        elif kind == "achievements":
            self.results(row, label, value)
        elif kind:
            self.project_text(row, kind, label, value)
        else:
            self.residue(row, "not recognised")

    # -- title, goals, evaluation texts -----------------------------------------------------

    def front_matter(self, rows: list[Line]) -> None:
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

    def goal_heading(self, row: Line, found: Numbering) -> None:
        """A goal's heading; printed again above its projects, where it only sets the context."""
        self.close_kpi()
        self.goal, self.measure, self.parent, self.project = printed(found), None, None, None
        self.element(row, f"goal:{self.goal}", "basic-goal", self.goal, found.title, "plan")

    def element(self, row: Line, key: str, kind: str, number: str, title: str, parent: str) -> None:
        if key in self.elements:
            self.result.consume(row.span)
        else:
            self.elements.add(key)
            self.result.add(PlanElement(key, kind, number, title.strip(), parent, row.span))

    def section(self, heading: Line, kind: str, title: str) -> None:
        paragraphs = self.take_while(self.is_paragraph)
        if not paragraphs or not self.goal:
            for row in (heading, *paragraphs):
                self.residue(row, "section without text or outside any goal")
            return
        text = "\n".join(row.text for row in paragraphs)
        span = Span(heading.number, paragraphs[-1].number)
        self.result.add(TextSection(f"goal:{self.goal}", kind, text, span, title))

    # -- tables -----------------------------------------------------------------------------

    def numerical_targets(self, header: Line) -> None:
        """The goal's 数値目標: one indicator per row, one observation per value column.

        Positions hold in tab-separated rows; a row whose empty cells collapsed is read only when
        it has one cell per header cell.
        """
        rows = self.take_while(lambda row: len(filled(row)) > 1 and not self.opens_table(row))
        if not self.goal or not rows:
            for row in (header, *rows):
                self.residue(row, "numerical targets without rows or outside any goal")
            return
        self.result.consume(header.span)
        for row in rows:
            positional = header.tabbed and row.tabbed
            heads = header.cells if positional else filled(header)
            cells = row.cells if positional else filled(row)
            if not positional and len(cells) != len(heads):
                self.residue(row, "row whose cells do not match the header's one for one")
                continue
            if not cells[0]:
                self.residue(row, "numerical target without a label")
                continue
            key = self.indicator(row, cells[0], "numerical-target", f"goal:{self.goal}")
            for index, head in enumerate(heads):
                column = self.vocabulary.column(head)
                if column.meaning in VALUE_ROLES and index < len(cells):
                    self.observe(key, column.meaning, cells[index], row, column.period)

    def kpi_table(self, first_header: Line) -> None:
        header = self.peek()
        table = self.kpi_columns(header) if header else None
        if table is None:
            self.residue(first_header, "KPI table without a value and year header")
            return
        self.take()
        rows = self.take_while(lambda row: len(row.cells) > 1 or self.is_note(row))
        if not rows:
            for row in (first_header, header):
                self.residue(row, "KPI table without rows")
            return
        self.result.consume(Span(first_header.number, header.number))
        for row in rows:
            self.kpi_row(row, table)
        self.close_kpi()

    def kpi_columns(self, header: Line) -> KpiTable | None:
        """The table's columns, or None when the header names no value column or no year."""
        cells = [(i, cell, self.vocabulary.column(cell)) for i, cell in enumerate(header.cells)]
        years = [(i, column.period) for i, cell, column in cells if YEAR_COLUMN.fullmatch(cell)]
        values = [i for i, _, column in cells if column.meaning in VALUE_ROLES]
        if not years or not values or min(values) > years[0][0]:
            return None
        between = [
            (i, column.meaning if column.meaning in VALUE_ROLES else None, column.period)
            for i, cell, column in cells
            if cell and column.meaning != "label" and i < years[0][0]
        ]
        table = KpiTable(
            tuple((role, period) for _, role, period in between),
            tuple(period for _, period in years),
        )
        if not header.tabbed:
            return table
        return replace(
            table,
            label_at=min(values) - 1,
            column_at=tuple(i for i, _, _ in between),
            marker_at=years[0][0] - 1,
            year_at=tuple(i for i, _ in years),
        )

    def aligned(self, row: Line, at: int, table: KpiTable) -> Aligned | None:
        """The row's cells around its role label at ``at``; None when they cannot be aligned."""
        if row.tabbed and table.marker_at is not None:
            shift = at - table.marker_at
            label = row.cell(table.label_at + shift) if table.label_at + shift >= 0 else ""
            measure = row.cell(table.label_at - 1 + shift) if table.label_at + shift > 0 else ""
            columns = tuple(row.cell(i + shift) if i + shift >= 0 else "" for i in table.column_at)
            after = list(row.cells[at + 1 :])
            lead = at if label or self.kpi is None else self.kpi.marker
            while at != lead and after and not after[0]:
                after.pop(0)
            years = tuple(
                after[i - table.marker_at - 1] if i - table.marker_at - 1 < len(after) else ""
                for i in table.year_at
            )
            return Aligned(measure, label, columns, years)
        cells = filled(row)
        at = next(i for i, cell in enumerate(cells) if cell == row.cells[at])
        before, after = cells[:at], cells[at + 1 :]
        count = len(table.columns)
        numbered = bool(before) and numbering(before[0]) is not None
        if len(after) > len(table.years):
            return None
        years = (*after, *[""] * (len(table.years) - len(after)))
        if not before:
            return Aligned("", "", (), years)
        if len(before) == count + 1 and not numbered:
            return Aligned("", before[0], tuple(before[1:]), years)
        if len(before) == count + 2 and numbered:
            return Aligned(before[0], before[1], tuple(before[2:]), years)
        return None

    def kpi_row(self, row: Line, table: KpiTable) -> None:
        """A row of a KPI table: a KPI's label row, or its expected, actual or status values."""
        at = self.role_marker(row)
        if at is None:
            self.kpi_note(row)
            return
        cells = self.aligned(row, at, table)
        if cells is None:
            if (first := filled(row)[0]) != row.cells[at]:  # a KPI's label row: the KPI is lost
                self.close_kpi()
                if numbering(first) is not None:
                    self.measure = None  # it may open a measure this reader cannot place
            self.residue(row, "KPI row whose cells cannot be aligned with the header")
            return
        if cells.label:
            self.close_kpi()
            if cells.measure:
                if (found := numbering(cells.measure)) is None:
                    self.residue(row, "measure cell without (number)")
                    return
                self.measure = f"measure:{self.goal}-{printed(found)}"
                goal = f"goal:{self.goal}"
                self.element(row, self.measure, "measure", printed(found), found.title, goal)
            if not self.measure or not self.goal:
                self.residue(row, "KPI outside any measure")
                return
            self.kpi = Kpi(self.indicator(row, cells.label, "kpi", self.measure), at)
            for (role, period), cell in zip(table.columns, cells.columns, strict=True):
                if role:
                    self.kpi.cells.append((role, cell, row, period, None))
        elif self.kpi is None:
            self.residue(row, "KPI values before any KPI")
            return
        if not cells.label and not any(cells.years):
            self.residue(row, f"{row.cells[at]} row without values")
            return
        role = self.vocabulary.columns.exact(row.cells[at])
        for index, (period, cell) in enumerate(zip(table.years, cells.years, strict=True)):
            if role == "status":
                self.kpi_status(row, cell, index)
            else:
                self.kpi.cells.append((role, cell, row, period, index))

    def kpi_status(self, row: Line, cell: str, year: int) -> None:
        """A 進捗状況 cell: the status of the year's actual value, or a note when it is prose."""
        if not cell:
            return
        if status := progress_status(cell):
            self.kpi.statuses[year] = (status, row)
        else:
            self.kpi.notes.append((cell, row))

    def is_note(self, row: Line) -> bool:
        cells = filled(row)
        return len(cells) == 1 and cells[0].startswith("※")

    def kpi_note(self, row: Line) -> None:
        if self.kpi and self.is_note(row):
            self.kpi.notes.append((filled(row)[0], row))
        else:
            self.residue(row, "KPI table row without 期待値/実績値/進捗状況 label")

    def close_kpi(self) -> None:
        """Emit the gathered KPI: ※-marked values carry the text of the KPI's ※ notes."""
        kpi, self.kpi = self.kpi, None
        if kpi is None:
            return
        starred = " ".join(note_text(text) for text, _ in kpi.notes if text.startswith("※"))
        for role, cell, row, period, year in kpi.cells:
            found = kpi.statuses.get(year) if role == "actual" else None
            status, status_row = found or (None, None)
            if self.observe(kpi.key, role, cell, row, period, status, starred) and status:
                self.result.consume(status_row.span)
        for text, row in kpi.notes:
            self.result.add(TextSection(kpi.key, "note", note_text(text), row.span))

    def indicator(self, row: Line, cell: str, kind: str, member: str) -> str:
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
        row: Line,
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

    def measure_heading(self, row: Line, found: Numbering) -> None:
        if not self.goal:
            self.residue(row, "measure heading outside any goal")
            return
        self.measure = f"measure:{self.goal}-{printed(found)}"
        goal = f"goal:{self.goal}"
        self.element(row, self.measure, "measure", printed(found), found.title, goal)
        self.parent, self.project, self.groups = self.measure, None, 0

    def bracketed(self, row: Line, inner: str) -> None:
        """【主な具体的事業】 opens the projects part; 【事業名 …】 a group of projects."""
        word, _, name = inner.partition(" ")
        if self.meaning(inner) == "project":
            self.result.consume(row.span)
        elif self.meaning(word) == "project" and name:
            self.project_group(row, name)
        else:
            self.residue(row, "not recognised")

    def project_group(self, row: Line, name: str) -> None:
        if not self.measure:
            self.residue(row, "project group outside any measure")
            return
        self.groups += 1
        key = f"group:{self.measure.removeprefix('measure:')}-{self.groups}"
        self.element(row, key, "project-group", str(self.groups), name, self.measure)
        self.parent, self.project = key, None

    def project_row(self, row: Line, name: str) -> None:
        if not self.parent:
            self.residue(row, "project outside any measure")
            return
        self.project = f"project:{name}"
        self.result.add(Project(self.project, name, "project", row.span, parent=self.parent))

    def project_text(self, row: Line, kind: str, label: str, text: str) -> None:
        self.result.add(TextSection(self.project, kind, text, row.span, label))

    def results(self, row: Line, label: str, value: str) -> None:
        """The year's results: prose, or a table whose cells become figures of the project.

        A table is a header row of several cells with rows nested under it; a line that no
        separator split cannot give its columns, and its table is left as residue.
        """
        year = fiscal_year_of(parse_period(label))
        split = len(filled(row)) > 1
        following = self.peek()
        if (split and len(filled(row)) == 2) or (
            not split and not (following and nested(following))
        ):
            self.project_text(row, "achievements", label, value)
        elif not split or year is None:
            self.residue(row, "results table without columns or a fiscal year")
        else:
            self.results_table(row, Period.fiscal_year(year))

    def results_table(self, header: Line, period: Period) -> None:
        """A table (row label, then one cell per column) nested in a project's results.

        Positions hold in tab-separated rows; a row whose empty cells collapsed is read only when
        it has one value per column.
        """
        columns = header.cells[2:]
        rows = self.take_while(lambda row: nested(row) and len(body(row)) > 1)
        if not rows:
            self.residue(header, "results table without rows")
            return
        subject, unit = self.table_subject([body(row)[0] for row in rows])
        self.result.consume(header.span)
        for row in rows:
            label, *cells = body(row)
            if not (header.tabbed and row.tabbed) and len(cells) != len(columns):
                self.residue(row, "row whose cells do not match the header's one for one")
                continue
            for column, cell in zip(columns, cells, strict=False):
                if not cell:
                    continue
                key = f"indicator:{subject} {label} {column}"
                name = key.removeprefix("indicator:")
                indicator = Indicator(key, name, "statistic", row.span, unit, subject=self.project)
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

    def amounts(self, text: str) -> dict[str, str] | None:
        """Budget and settlement amounts of a text made only of word-and-amount pairs."""
        pairs = list(AMOUNT.finditer(text))
        if not pairs or "".join(m[0] for m in pairs).replace(" ", "") != text.replace(" ", ""):
            return None
        found = {self.meaning(m["word"]): m["amount"] for m in pairs}
        return found if set(found) <= {"budget", "settlement"} else None

    def budget(self, row: Line, column: Column, value: str) -> None:
        """予算額 and 決算額 in the unit the label prints (千円), on one line or on two."""
        more = self.take_while(lambda r: nested(r) and self.amounts(" ".join(body(r))) is not None)
        rows = [row, *more]
        amounts = self.amounts(" ".join([value, *(" ".join(body(r)) for r in more)]))
        unit = re.search(r"\(([^()]*円)\)", column.text)
        scale = YEN.get(unit_key(unit[1]) or "") if unit else None
        year = fiscal_year_of(column.period)
        if year is None or not amounts or scale is None:
            for r in rows:
                self.residue(r, "budget without fiscal year, yen unit or amounts")
            return

        def yen(kind: str) -> Decimal | None:
            amount = amounts.get(kind)
            return Decimal(amount.replace(",", "")) * scale if amount else None

        raw = clean(" ".join(r.text for r in rows))
        span = Span(rows[0].number, rows[-1].number)
        self.result.add(Budget(self.project, year, raw, span, yen("budget"), yen("settlement")))


def parse(document: Document, info: DocumentInfo) -> ParseResult:
    return Reader(document, vocabulary_for(info.layout)).run()
