"""Progress report of a 総合戦略: one KPI table per measure, table cells wrapped across lines.

The layout is read by its markers, never by line numbers, on the lines of ``munikg.reading``
(page numbers are not among them, so a page break inside a wrapped cell does not break it) and
with the header words of the vocabulary:

- a heading whose prefix the vocabulary calls a basic goal (``基本目標1 title －subtitle－``)
  opens a basic goal; a heading numbered ``(n)`` or led by a measure word (``施策 2``) opens a
  measure under it;
- a table header is a line of header words: the label column (KPI), the department column
  (担当課), then the value columns, each with its role and fiscal year (``実績値(R4)`` …
  ``目標値修正``), then the prose column (担当課による検証); it is repeated at page breaks;
- a row is the KPI label (wrapped, maybe ``（再掲）`` and ``※`` note lines), its department(s),
  one value cell per value column, then the verification prose. Cells share lines, separated
  by spaces, or wrap over several lines.
- A row is found at its first value: a number, a qualitative word or ``第n期`` right after a
  department name (a piece ending in 課, 室, 所 or センター, longer than that ending).
- The label is the run of short lines (the label column's width) before the department, after
  the previous row's verification, whose last line ends a sentence with 「。」.

Where a department name is wrapped inside itself (``プロジェク`` + ``ト推進課``):

- An extractor that ends a line with a space where a cell (or a real space) ends, and leaves it
  off where it wraps inside a word, says so: ``産業経済課`` / ``学校総務課`` are then two
  departments and ``ラウド構築 `` (end of a label) stays label. The document has that mark when
  some of its lines end with a space and some do not.
- Without the mark (every line ends alike), a line break inside the department column is read
  by the column's printed width (full-width characters count two), taken as the width of the
  widest name printed on one line before a value: a name wrapped inside itself fills the
  column (to within a half-width character), so a line of another width ends its cell. A line
  of the column's width is the head of a name only where nothing else can be (the tail is not
  a name by itself, or a department stands before it); otherwise it may as well be the end of
  the label, and the row is residue rather than a guess.

Decisions where the text is ambiguous:

- A cell annotation such as ``(R2～R6 累計)`` printed after a revision chain
  (``25件 ↓ 77件 (R2～R6 累計)``) gives the period of every revision in that cell.
- 目標値修正 is the next revision of the target before it, for the same period; its ``－``
  means no revised target. ``－`` in any other column is the qualitative value no-value.
  現状値 is the latest actual beside a baseline column, else the baseline.
- A unit printed without its head (``13業所`` beside ``25事業所``) is read as the row's unit it
  ends, with a note on the observation; the raw text is kept as printed.
- A KPI listed again (再掲, or simply under the same label) is one indicator under both
  measures; its values are not emitted twice, and its re-listed lines are consumed when they
  repeat the first listing (otherwise they are residue).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from itertools import pairwise, takewhile

from munikg.model import (
    Department,
    DocumentHeading,
    DocumentInfo,
    Indicator,
    Observation,
    ParseResult,
    Period,
    Plan,
    PlanElement,
    Residue,
    Span,
    TextSection,
)
from munikg.normalize import QUALITATIVE, UNITS, clean, join_wrapped, parse_quantity
from munikg.parsers.common import UNIT_SUFFIXES
from munikg.reading import Document, Line, Numbering
from munikg.vocabulary import Vocabulary, vocabulary_for

STRATEGY_TITLE = re.compile(r"(.+総合戦略)")
SUBTITLE = re.compile(r"(?P<title>.+?) ?-(?P<subtitle>[^-]+)-")
# What a header's value columns hold, as observation roles; a revised target revises the one
# before it, 現状値 (current) is resolved against the other columns.
ROLES = {
    "baseline": "baseline",
    "expected": "expected",
    "actual": "actual",
    "target": "target",
    "revised-target": "target",
    "current": None,
}
DEPARTMENT = re.compile(rf"(?:{UNIT_SUFFIXES})$")
COMPONENT = re.compile(r"第\d+期")
AMOUNT = re.compile(r"[▲△-]?\d[\d,]*(?:\.\d+)?(?P<unit>[^\d\s/()、。]{0,5})(?:/年?)?")
NUMBER = re.compile(r"[▲△-]?\d[\d,]*(?:\.\d+)?")
UNIT = re.compile(r"[^\d\s/()↓]{1,5}(?:/年?)?")
RELISTED = re.compile(r" ?\(再掲\)")
NOTE_MARK = "※"
# The label column holds about 11 full-width characters a line; verification lines are wider.
LABEL_WIDTH = 14
# A cell that ends so is finished: a name wrapped inside itself does not end with these.
CELL_ENDS = (")", "]", "」", "』", "】", "〉", "》", "。")


@dataclass(frozen=True)
class Token:
    """A space-separated piece of a line; ``open`` if it ends a line printed without a space."""

    text: str
    line: int
    open: bool = False


@dataclass(frozen=True)
class Column:
    role: str
    period: Period | None
    revises: bool


@dataclass
class Kpi:
    """A KPI as first listed, and the measures it is listed under."""

    indicator: Indicator
    observations: list[Observation]
    texts: list[str]
    measures: list[str] = field(default_factory=list)


class RowError(ValueError):
    """A row whose cells cannot be read; its lines become residue with this reason."""


@dataclass(frozen=True)
class Row:
    """Token positions of one row: label from ``start``, values from ``first_value`` to ``end``."""

    start: int
    names: list[list[Token]]
    first_value: int
    end: int
    cells: list | RowError


def parse(document: Document, info: DocumentInfo) -> ParseResult:
    return Reader(document, info, vocabulary_for(info.layout)).read()


class Reader:
    def __init__(self, document: Document, info: DocumentInfo, vocabulary: Vocabulary) -> None:
        self.document = document
        self.info = info
        self.vocabulary = vocabulary
        self.result = ParseResult()
        self.kpis: dict[str, Kpi] = {}
        self.departments: dict[str, Span] = {}
        self.goal: str | None = None
        self.measure: str | None = None
        self.columns: list[Column] = []
        self.table: list[Token] = []
        marked = {line.open for line in document.lines} == {True, False}
        # None: the line ends say where a word wraps; else the department column's width.
        self.width = None if marked else department_width(document)

    def read(self) -> ParseResult:
        result = self.result
        for line in self.document.lines:
            numbering = line.numbering
            kind = self.heading(numbering)
            if not result.records and kind is None and (match := STRATEGY_TITLE.match(line.text)):
                result.add(DocumentHeading(line.text, line.span))
                result.add(Plan("plan", match[1], "revitalisation-strategy", line.span))
            elif numbering and kind == "basic-goal":
                self.flush()
                self.goal, self.measure = f"goal:{numbering.number}", None
                match = SUBTITLE.fullmatch(numbering.title)
                title = match["title"] if match else numbering.title
                subtitle = match["subtitle"] if match else None
                element = PlanElement(
                    self.goal, "basic-goal", str(numbering.number), title, "plan", line.span,
                    subtitle=subtitle,
                )  # fmt: skip
                result.add(element)
            elif numbering and kind == "measure" and self.goal:
                self.flush()
                self.measure = f"measure:{self.goal.removeprefix('goal:')}-{numbering.number}"
                number = str(numbering.number)
                element = PlanElement(
                    self.measure, "measure", number, numbering.title, self.goal, line.span
                )
                result.add(element)
            elif columns := header_columns(line.words, self.vocabulary, self.info.fiscal_year):
                self.columns = columns
                result.consume(line.span)
            elif self.measure and self.columns:
                self.table += tokens(line)
            else:
                result.residue.append(
                    Residue(line.number, line.raw.strip(), "outside any KPI table")
                )
        self.flush()
        self.emit_kpis()
        return result

    def heading(self, numbering: Numbering | None) -> str | None:
        """The plan element a numbered line opens: its prefix's kind, or a measure for (n)."""
        if numbering is None or not numbering.title:
            return None
        if numbering.prefix:
            return self.vocabulary.element(numbering.prefix, self.info.family)
        return "measure" if numbering.bracket == "(" and numbering.style != "katakana" else None

    # -- one measure's table --------------------------------------------------------------

    def flush(self) -> None:
        """Read the rows of the table collected so far, each found at its first value cell."""
        tokens, self.table = self.table, []
        rows: list[Row] = []
        bound = i = 0
        while i < len(tokens):
            names = (
                departments(tokens, i, bound, self.width) if starts_value(tokens[i].text) else None
            )
            if names is None:
                i += 1
                continue
            try:
                cells, end = read_cells(tokens, i, self.columns)
            except RowError as error:
                cells, end = error, i + 1
            if names.doubt:
                cells = RowError(names.doubt)
            start = label_start(tokens, names.first, bound)
            rows.append(Row(start, names.pieces, i, end, cells))
            bound = i = end
        if not rows:
            self.residue(tokens, "KPI table without a readable row")
            return
        self.residue(tokens[: rows[0].start], "not part of a KPI row")
        for row, after in zip(rows, [*rows[1:], None], strict=True):
            stop = after.start if after else len(tokens)
            try:
                self.row(tokens, row, stop)
            except RowError as error:
                self.residue(tokens[row.start : stop], f"KPI row not read: {error}")

    def row(self, tokens: list[Token], row: Row, stop: int) -> None:
        """One KPI row: label and notes, departments, values, then the verification prose."""
        if isinstance(row.cells, RowError):
            raise row.cells
        label_lines = by_line(tokens[row.start : row.first_value - sum(map(len, row.names))])
        notes = next(
            (k for k, (_, text) in enumerate(label_lines) if text.startswith(NOTE_MARK)),
            len(label_lines),
        )
        label = RELISTED.sub("", join_wrapped([text for _, text in label_lines[:notes]]))
        if not label:
            raise RowError("no label before the department")
        key = f"kpi:{label}"
        observations = observations_of(key, row.cells, self.columns)
        texts = [
            section(key, "note", label_lines[notes:]),
            section(key, "verification", by_line(tokens[row.end : stop])),
        ]
        texts = [text for text in texts if text]
        lines = Span(tokens[row.start].line, tokens[stop - 1].line)
        if key in self.kpis:
            self.relisted(self.kpis[key], observations, texts)
            self.result.consume(lines)
            return
        names = ["".join(t.text for t in name) for name in row.names]
        for name, pieces in zip(names, row.names, strict=True):
            self.departments.setdefault(name, Span(pieces[0].line, pieces[-1].line))
        span = Span(tokens[row.start].line, row.names[-1][-1].line)
        unit = next((o.unit for o in observations if o.unit), None)
        indicator = Indicator(key, label, "kpi", span, unit=unit, departments=tuple(names))
        self.kpis[key] = Kpi(indicator, observations, [t.text for t in texts], [self.measure])
        for record in [*observations, *texts]:
            self.result.add(record)
        self.result.consume(lines)

    def relisted(self, kpi: Kpi, observations: list[Observation], texts: list) -> None:
        """A KPI listed again: the same indicator, now also under this measure."""
        if [values(o) for o in observations] != [values(o) for o in kpi.observations]:
            raise RowError("re-listed KPI whose values differ from its first listing")
        if self.measure not in kpi.measures:
            kpi.measures.append(self.measure)
        for text in texts:
            if text.text not in kpi.texts:
                self.result.add(text)

    def emit_kpis(self) -> None:
        for name, span in self.departments.items():
            self.result.add(Department(name, span))
        for kpi in self.kpis.values():
            self.result.add(replace(kpi.indicator, members_of=tuple(kpi.measures)))

    def residue(self, tokens: list[Token], reason: str) -> None:
        for number in sorted({t.line for t in tokens}):
            line = self.document.at(number)
            self.result.residue.append(Residue(number, line.raw.strip() if line else "", reason))


# -- reading the table's tokens ------------------------------------------------------------


def tokens(line: Line) -> list[Token]:
    words = split(line.words)
    return [Token(w, line.number, line.open and k == len(words) - 1) for k, w in enumerate(words)]


def split(words: list[str]) -> list[str]:
    """A line's words (cleaned one by one: clean() would drop the spaces between cells), with a
    number put back together with its unit (``250 人``) and ``第 1期``."""
    joined: list[str] = []
    for word in words:
        if joined and (
            (NUMBER.fullmatch(joined[-1]) and UNIT.fullmatch(word) and word not in QUALITATIVE)
            or (joined[-1] == "第" and COMPONENT.fullmatch("第" + word))
        ):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def header_columns(words: list[str], vocabulary: Vocabulary, fiscal_year: int) -> list[Column]:
    """The value columns of a table header, or none if the line is not one.

    A header is the label word, the department word, then the value columns (role and fiscal
    year); whatever follows them (the verification column) holds no values.
    """
    lead = [vocabulary.column(word, fiscal_year).meaning for word in words[:2]]
    if lead != ["label", "department"]:
        return []
    cells = (vocabulary.column(word, fiscal_year) for word in words[2:])
    values = list(takewhile(lambda c: c.meaning in ROLES, cells))
    if not values or values[0].meaning == "revised-target":
        return []
    baseline = any(c.meaning == "baseline" for c in values)
    current = "actual" if baseline else "baseline"
    return [
        Column(ROLES[c.meaning] or current, c.period, c.meaning == "revised-target") for c in values
    ]


def starts_value(text: str) -> bool:
    return bool(AMOUNT.fullmatch(text) or COMPONENT.fullmatch(text) or text in QUALITATIVE)


def is_department(text: str) -> bool:
    """A department name: it ends with a unit's suffix and is more than that suffix."""
    return bool(DEPARTMENT.search(text)) and not DEPARTMENT.fullmatch(text)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def department_width(document: Document) -> int:
    """The department column's width: that of the widest name printed on one line before a
    value or another name."""
    words = [w for line in document.lines for w in split(line.words)]
    return max(
        (
            display_width(word)
            for word, after in pairwise(words)
            if is_department(word) and (starts_value(after) or is_department(after))
        ),
        default=0,
    )


@dataclass(frozen=True)
class Names:
    """The department names before a row's first value, each as the tokens it is wrapped over;
    ``first`` is the first of their tokens, ``doubt`` why they cannot be told apart."""

    pieces: list[list[Token]]
    first: int
    doubt: str | None = None


def departments(tokens: list[Token], i: int, bound: int, width: int | None) -> Names | None:
    """The department names just before token ``i``, or None if no name stands there."""
    pieces: list[list[Token]] = []
    end = i
    while end > bound:
        start, inside = end - 1, False
        while start > bound and (inside := wrapped(tokens, start, end, bound, width)):
            start -= 1
        if inside is None:
            return Names(pieces, start, "a department name may be wrapped into the line before")
        piece = tokens[start:end]
        if not is_department("".join(t.text for t in piece)):
            break
        pieces.insert(0, piece)
        end = start
    return Names(pieces, end) if pieces else None


def wrapped(tokens: list[Token], k: int, end: int, bound: int, width: int | None) -> bool | None:
    """Whether the name ending before token ``end`` goes on over the break before token ``k``
    (None: it cannot be told).

    With line-end marks, the line before says so itself. Without them, only a line as wide as
    the department column can hold the head of a wrapped name (see the module docstring).
    """
    head, tail = tokens[k - 1], tokens[k]
    if head.line == tail.line:
        return False
    if width is None:
        return head.open
    if is_department(head.text) or head.text.endswith(CELL_ENDS):
        return False
    if not width - 1 <= display_width(head.text) <= width:
        return False
    if not is_department("".join(t.text for t in tokens[k:end])):
        return True
    before = tokens[k - 2] if k - 2 >= bound else None
    if before and before.line != head.line and is_department(before.text):
        return True
    return None


def label_start(tokens: list[Token], first_department: int, bound: int) -> int:
    """Where the row's label begins: on the department's line, or on short lines before it.

    Label lines are short (the label column's width) and never end a sentence; the previous
    row's verification ends with 「。」. A line the previous row's values stand on is not label.
    """
    line = tokens[first_department].line
    start = first_department
    while start > bound and tokens[start - 1].line == line:
        start -= 1
    while start > bound:
        line, first = tokens[start - 1].line, start - 1
        while first > bound and tokens[first - 1].line == line:
            first -= 1
        text = " ".join(t.text for t in tokens[first:start])
        shared = first > 0 and tokens[first - 1].line == line
        if shared or len(text) > LABEL_WIDTH or text.endswith("。"):
            break
        start = first
    return start


def section(key: str, kind: str, lines: list[tuple[int, str]]) -> TextSection | None:
    if not lines:
        return None
    return TextSection(
        key, kind, join_wrapped([t for _, t in lines]), Span(lines[0][0], lines[-1][0])
    )


def by_line(tokens: list[Token]) -> list[tuple[int, str]]:
    """Tokens regrouped into (line, text) pairs, in order."""
    lines: list[tuple[int, str]] = []
    for token in tokens:
        if lines and lines[-1][0] == token.line:
            lines[-1] = (token.line, clean(f"{lines[-1][1]} {token.text}"))
        else:
            lines.append((token.line, token.text))
    return lines


@dataclass(frozen=True)
class Piece:
    """The tokens of one printed value (or one component of a compound value)."""

    tokens: tuple[Token, ...]
    line: int

    @property
    def raw(self) -> str:
        return clean("".join(t.text + ("" if t.text.endswith("/") else " ") for t in self.tokens))


def read_cells(tokens: list[Token], i: int, columns: list[Column]) -> tuple[list, int]:
    """One cell per column, each a list of revisions (↓) of values (components of 第n期)."""
    cells = []
    for _ in columns:
        cell = []
        while True:
            value, i = read_value(tokens, i)
            cell.append(value)
            if i < len(tokens) and tokens[i].text == "↓":
                i += 1
                continue
            break
        cells.append(cell)
    return cells, i


def read_value(tokens: list[Token], i: int) -> tuple[list[Piece], int]:
    if i >= len(tokens):
        raise RowError("the row ends before its last value")
    if not COMPONENT.fullmatch(tokens[i].text):
        piece, i = read_amount(tokens, i, i)
        return [piece], i
    pieces, seen = [], set()
    while i + 1 < len(tokens) and COMPONENT.fullmatch(label := tokens[i].text):
        if label in seen:
            break
        seen.add(label)
        piece, i = read_amount(tokens, i, i + 1)
        pieces.append(piece)
    return pieces, i


def read_amount(tokens: list[Token], first: int, i: int) -> tuple[Piece, int]:
    """A number or qualitative word at ``i``, with its wrapped ``年`` and ``(…)`` annotation."""
    text = tokens[i].text
    if not (AMOUNT.fullmatch(text) or text in QUALITATIVE):
        raise RowError(f"{text!r} is not a value")
    line, end = tokens[i].line, i + 1
    if text.endswith("/") and end < len(tokens) and tokens[end].text == "年":
        end += 1
    if end < len(tokens) and tokens[end].text.startswith("("):
        close = next(
            (k for k in range(end, min(end + 3, len(tokens))) if ")" in tokens[k].text), None
        )
        if close is None:
            raise RowError(f"unclosed annotation after {text!r}")
        end = close + 1
    return Piece(tuple(tokens[first:end]), line), end


def observations_of(key: str, cells: list, columns: list[Column]) -> list[Observation]:
    """Observations of one row; a revision column continues the numbering of the one before."""
    found: list[Observation] = []
    previous: tuple[Period | None, int] = (None, 0)
    units = {parse_quantity(p.raw).unit for cell in cells for v in cell for p in v} - {None}
    for column, cell in zip(columns, cells, strict=True):
        period, revision = previous if column.revises else (column.period, 0)
        pieces = [piece for value in cell for piece in value]
        if column.revises and [p.raw for p in pieces] == ["-"]:
            continue
        quantities = [parse_quantity(p.raw) for p in pieces]
        period = next((q.period for q in quantities if q.period), period)
        for offset, value in enumerate(cell):
            for piece in value:
                found.append(observation(key, column.role, piece, period, revision + offset, units))
        previous = (period, revision + len(cell))
    return found


def observation(
    key: str, role: str, piece: Piece, period: Period | None, revision: int, units: set[str]
) -> Observation:
    quantity = parse_quantity(piece.raw)
    if quantity.problem:
        raise RowError(f"{piece.raw!r}: {quantity.problem}")
    unit, note = quantity.unit, None
    if unit is None and quantity.value is not None and (read := truncated_unit(piece.raw, units)):
        unit, note = read[0], f"単位「{read[1]}」を「{read[2]}」と読んだ"
    return Observation(
        key,
        role,
        piece.raw,
        Span.line(piece.line),
        period=quantity.period or period,
        value=quantity.value,
        unit=unit,
        per_year=quantity.per_year,
        qualitative=quantity.qualitative,
        revision=revision,
        component=quantity.component,
        note=note,
    )


def truncated_unit(raw: str, units: set[str]) -> tuple[str, str, str] | None:
    """A unit printed without its head (業所 for 事業所): the row's only unit it can be the tail of.

    Returns the unit key, the surface as printed and the surface it is read as.
    """
    match = AMOUNT.fullmatch(raw)
    surface = match["unit"] if match else ""
    found = [(UNITS[s], s) for s in UNITS if surface and s.endswith(surface) and UNITS[s] in units]
    return (found[0][0], surface, found[0][1]) if len(found) == 1 else None


def values(observation: Observation) -> tuple:
    """What must agree between a KPI and its re-listing (everything but the source line)."""
    o = observation
    return (o.role, o.period, o.value, o.unit, o.qualitative, o.revision, o.component, o.raw)
