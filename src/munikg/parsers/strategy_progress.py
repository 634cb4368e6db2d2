"""つくばみらい市-style progress report of a 総合戦略: one KPI table per measure, cells wrapped.

The layout is read by its markers, never by line numbers:

- ``基本目標n title －subtitle－`` opens a basic goal, ``（n）title`` a measure under it;
- the table header ``KPI 担当課 実績値(R4) … 目標値修正 担当課による検証`` (repeated at page
  breaks) names the value columns, their roles and fiscal years;
- a row is the KPI label (wrapped, maybe ``（再掲）`` and ``※`` note lines), its department(s),
  one value cell per header column, then the verification prose. Cells share lines, separated
  by spaces, or wrap over several lines.
- A row is found at its first value: a number, a qualitative word or ``第n期`` right after a
  department name (a piece ending in 課, 室, 所 or センター).
- The extractor ends a line with a space where a cell (or a real space) ends; a line without
  one is wrapped inside a word. That is how ``プロジェク`` + ``ト推進課`` is one department while
  ``産業経済課`` / ``学校総務課`` are two, and ``ラウド構築 `` (end of a label) stays label.
- The label is the run of short lines (the label column's width) before the department, after
  the previous row's verification, whose last line ends a sentence with 「。」.

Decisions where the text is ambiguous:

- A cell annotation such as ``(R2～R6 累計)`` printed after a revision chain
  (``25件 ↓ 77件 (R2～R6 累計)``) gives the period of every revision in that cell.
- 目標値修正 is the next revision of the target before it, for the same period; its ``－``
  means no revised target. ``－`` in any other column is the qualitative value no-value.
- A unit printed without its head (``13業所`` beside ``25事業所``) is read as the row's unit it
  ends, with a note on the observation; the raw text is kept as printed.
- A KPI listed again (再掲, or simply under the same label) is one indicator under both
  measures; its values are not emitted twice, and its re-listed lines are consumed when they
  repeat the first listing (otherwise they are residue).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

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
from munikg.normalize import QUALITATIVE, UNITS, clean, join_wrapped, parse_period, parse_quantity
from munikg.parsers.common import UNIT_SUFFIXES

STRATEGY_TITLE = re.compile(r"(.+総合戦略)の進捗状況")
GOAL = re.compile(r"基本目標(?P<number>\d+) ?(?P<title>.+?)(?: ?-(?P<subtitle>.+)-)?$")
MEASURE = re.compile(r"\((?P<number>\d+)\) ?(?P<title>.+)$")
HEADER = ["KPI", "担当課"]
COLUMN = re.compile(
    r"(?P<name>基準値|期待値|実績値|目標値)(?:\((?P<when>[^()]+)\)|(?P<revised>修正))$"
)
ROLES = {"基準値": "baseline", "期待値": "expected", "実績値": "actual", "目標値": "target"}
DEPARTMENT = re.compile(rf"(?:{UNIT_SUFFIXES})$")
COMPONENT = re.compile(r"第\d+期")
AMOUNT = re.compile(r"[▲△-]?\d[\d,]*(?:\.\d+)?(?P<unit>[^\d\s/()、。]{0,5})(?:/年?)?")
NUMBER = re.compile(r"[▲△-]?\d[\d,]*(?:\.\d+)?")
UNIT = re.compile(r"[^\d\s/()↓]{1,5}(?:/年?)?")
RELISTED = re.compile(r" ?\(再掲\)")
NOTE_MARK = "※"
# The label column holds about 11 full-width characters a line; verification lines are wider.
LABEL_WIDTH = 14


@dataclass(frozen=True)
class Token:
    """A space-separated piece of a line; ``open`` if the line wraps inside it."""

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
    """A row whose value cells cannot be read; its lines become residue with this reason."""


@dataclass(frozen=True)
class Row:
    """Token positions of one row: label from ``start``, values from ``first_value`` to ``end``."""

    start: int
    names: list[list[Token]]
    first_value: int
    end: int
    cells: list | RowError


def parse(lines: list[str], info: DocumentInfo) -> ParseResult:
    return Reader(lines).read()


class Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.result = ParseResult()
        self.kpis: dict[str, Kpi] = {}
        self.departments: dict[str, Span] = {}
        self.goal: str | None = None
        self.measure: str | None = None
        self.columns: list[Column] = []
        self.table: list[Token] = []

    def read(self) -> ParseResult:
        result = self.result
        for number, raw in enumerate(self.lines, 1):
            text = clean(raw)
            if not text:
                continue
            span = Span.line(number)
            if not result.records and (match := STRATEGY_TITLE.match(text)):
                result.add(DocumentHeading(text, span))
                result.add(Plan("plan", match[1], "revitalisation-strategy", span))
            elif match := GOAL.match(text):
                self.flush()
                self.goal, self.measure = f"goal:{match['number']}", None
                result.add(
                    PlanElement(
                        self.goal,
                        "basic-goal",
                        match["number"],
                        match["title"],
                        "plan",
                        span,
                        subtitle=match["subtitle"],
                    )
                )
            elif self.goal and (match := MEASURE.match(text)):
                self.flush()
                self.measure = f"measure:{self.goal.removeprefix('goal:')}-{match['number']}"
                result.add(
                    PlanElement(
                        self.measure, "measure", match["number"], match["title"], self.goal, span
                    )
                )
            elif (words := split(raw))[:2] == HEADER and (columns := header_columns(words[2:])):
                self.columns = columns
                result.consume(span)
            elif self.measure and self.columns:
                wrapped = not raw[-1].isspace()
                self.table += [
                    Token(w, number, wrapped and i == len(words) - 1) for i, w in enumerate(words)
                ]
            else:
                result.residue.append(Residue(number, raw.strip(), "outside any KPI table"))
        self.flush()
        self.emit_kpis()
        return result

    # -- one measure's table --------------------------------------------------------------

    def flush(self) -> None:
        """Read the rows of the table collected so far, each found at its first value cell."""
        tokens, self.table = self.table, []
        rows: list[Row] = []
        bound = i = 0
        while i < len(tokens):
            names = departments(tokens, i, bound) if starts_value(tokens[i].text) else []
            if not names:
                i += 1
                continue
            start = label_start(tokens, i - sum(map(len, names)), bound)
            try:
                cells, end = read_cells(tokens, i, self.columns)
            except RowError as error:
                cells, end = error, i + 1
            rows.append(Row(start, names, i, end, cells))
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
            self.result.residue.append(Residue(number, self.lines[number - 1].strip(), reason))


# -- reading the table's tokens ------------------------------------------------------------


def split(raw: str) -> list[str]:
    """A line's space-separated words, cleaned one by one (clean() would drop the spaces
    between cells), with a number put back together with its unit (``250 人``) and ``第 1期``.
    """
    words: list[str] = []
    for word in filter(None, map(clean, raw.split())):
        if words and (
            (NUMBER.fullmatch(words[-1]) and UNIT.fullmatch(word) and word not in QUALITATIVE)
            or (words[-1] == "第" and COMPONENT.fullmatch("第" + word))
        ):
            words[-1] += word
        else:
            words.append(word)
    return words


def header_columns(words: list[str]) -> list[Column]:
    """The value columns of a header: role and period; a 修正 column revises the one before."""
    columns: list[Column] = []
    for word in words:
        if match := COLUMN.fullmatch(word):
            period = parse_period(match["when"]) if match["when"] else None
            columns.append(Column(ROLES[match["name"]], period, bool(match["revised"])))
    return columns


def starts_value(text: str) -> bool:
    return bool(AMOUNT.fullmatch(text) or COMPONENT.fullmatch(text) or text in QUALITATIVE)


def departments(tokens: list[Token], i: int, bound: int) -> list[list[Token]]:
    """The department names just before token ``i``, each as the tokens it is wrapped over."""
    names: list[list[Token]] = []
    end = i
    while end > bound:
        start = end - 1
        while start > bound and tokens[start - 1].open:
            start -= 1
        piece = tokens[start:end]
        if not DEPARTMENT.search("".join(t.text for t in piece)):
            break
        names.insert(0, piece)
        end = start
    return names


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
        text = ""
        for token in self.tokens:
            text += token.text + ("" if token.open or token.text.endswith("/") else " ")
        return clean(text)


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
