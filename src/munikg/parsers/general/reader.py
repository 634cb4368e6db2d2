"""The general reader's state: where it stands in a document, what the lines above said, and
the records it makes. The readings (tables, lines, events, structure) ask it for records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from munikg.model import (
    Agreement,
    Department,
    DocumentInfo,
    Event,
    Indicator,
    Observation,
    Organization,
    ParseResult,
    Period,
    Plan,
    Project,
    Record,
    Residue,
    Span,
    TextSection,
)
from munikg.normalize import (
    UNIT_PATTERN,
    UNITS,
    YEN,
    Quantity,
    clean,
    declared_unit,
    find_quantities,
    parse_deadline,
    parse_quantity,
    report_date,
    spaced,
)
from munikg.parsers.common import RELISTED, UNIT_SUFFIXES, partner
from munikg.parsers.figures import figures
from munikg.reading import Document, Line
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
NO_PERIOD = "期間の記載なし。報告書の対象年度({}年度)とした"
SENTENCE_END = ("。", "。)", ".")
COUNTED = re.compile(r" ?\((?P<noun>[^()]{1,6})数\)$")
UNIT_NOTE = re.compile(r" ?\((?P<unit>[^()]{1,5})\)$")
LIST_MARK = re.compile(r"^(?:\(?\d{1,2}\)|[①-⑳]|[・●○■□◆◇▶-]) ?")
# A word where a unit stands but the vocabulary has none (4棟): the cell is a value still.
UNKNOWN_UNIT = r"[\u30a0-\u30ff\u3400-\u9fff]{1,3}"
VALUE_CELL = re.compile(
    rf"(?:約 ?)?[▲△+\-−]? ?\d[\d,.]*(?: ?万)? ?(?:{UNIT_PATTERN}|{UNKNOWN_UNIT})?"
    r"(?: ?/ ?年)?(?:以上|以下|未満|超)?(?: ?\([^()]*\))*(?: ?※.*)?"
)
KANA = re.compile(r"[\u3040-\u309f]")
DEPARTMENT = re.compile(rf".+(?:{UNIT_SUFFIXES}|部|局|係)(?:\(.+\))?")


@dataclass(frozen=True)
class ValueColumn:
    """A column (or a place in a header line) that holds values: its role or money, its period.

    ``bare``: the period was printed as a bare era year (平成27), which may be a calendar year.
    """

    role: str
    period: Period | None
    bare: bool = False
    note: str | None = None
    unit: str | None = None


def value_column(column: Column, others: list[Column], fiscal_year: int) -> ValueColumn | None:
    """The value column a header cell names, or None when its column holds no values.

    現状値 is the baseline, unless another column of the header is: then the latest actual. A
    period without a role word holds actuals up to the report's fiscal year and targets after
    it; a deadline (まで, 年度末を目途に) makes a target. A budget or settlement column that
    prints no year is the report's fiscal year's.
    """
    meaning, period, unit = column.meaning, column.period, column.unit
    if column.deadline and period is None:
        period = parse_deadline(column.text, fiscal_year)
    bare = bool(period) and "年" not in column.text
    if meaning in MONEY:
        return ValueColumn(meaning, period or Period.fiscal_year(fiscal_year), bare, unit=unit)
    if meaning == "current":
        baseline = any(o.meaning == "baseline" for o in others if o is not column)
        return ValueColumn("actual" if baseline else "baseline", period, bare, unit=unit)
    if meaning in ROLES:
        return ValueColumn(meaning, period, bare, unit=unit)
    if meaning in (None, "label") and period is not None:
        future = column.deadline or period.start > Period.fiscal_year(fiscal_year).end
        return ValueColumn("target" if future else "actual", period, bare, unit=unit)
    return None


def manifest_plan(info: DocumentInfo, key: str, span: Span) -> Plan:
    """The plan of a document that does not print its title: titled as the manifest says, of
    the kind its family's plans are."""
    return Plan(key, info.title, PLAN_KINDS.get(info.family or "", "sector-plan"), span)


def label_of(text: str) -> tuple[str, str | None]:
    """(label, unit) of an indicator's name as printed: the unit declared (単位:人), or printed
    in brackets at the end (割合(%)), or named by what is counted (事務数の計(事務数) counts
    事務); list marks and 再掲 dropped."""
    label, unit = declared_unit(RELISTED.sub("", text))
    label = LIST_MARK.sub("", label).strip()
    for pattern, group in ((COUNTED, "noun"), (UNIT_NOTE, "unit")):
        if unit is None and (m := pattern.search(label)) and m[group] in UNITS:
            label, unit = label[: m.start()].strip(), UNITS[m[group]]
    return label, unit


def indicator_label(key: str) -> str:
    return key.removeprefix("indicator:")


def is_value(cell: str) -> bool:
    """A cell holding one value: a number with its unit and notes (約53万人, 30%以上,
    242人 (R2~R4累計), 未算出※), or a value concept (－, 未算出); 「新規農業生産法人数5件」 is a
    label with a value, and 「5ヵ年目標」 a header, not values."""
    q = parse_quantity(cell)
    if q.problem:
        return False
    return q.qualitative is not None or (q.value is not None and bool(VALUE_CELL.fullmatch(cell)))


def is_sentence(text: str) -> bool:
    """Running text: a sentence, or a line long enough to be one, with kana in it."""
    return text.endswith(SENTENCE_END) or (len(text) >= 25 and bool(KANA.search(text)))


def is_title(text: str) -> bool:
    return 2 <= len(text) <= 30 and not text.endswith(SENTENCE_END)


def has_figures(text: str, fiscal_year: int, bare: bool = False) -> bool:
    """Whether a line states a figure (a number with its unit, or any number if ``bare``) or a
    date."""
    found = find_quantities(spaced(text))
    figures = any(f.quantity.unit or (bare and f.quantity.value is not None) for f in found)
    return figures or report_date(text, fiscal_year) is not None


def in_yen(quantity: Quantity, unit: str | None) -> Decimal | None:
    """An amount in yen from a value in the unit printed with it or in its column (千円 × 1000)."""
    multiplier = YEN.get(quantity.unit or unit or "")
    return quantity.value * multiplier if quantity.value is not None and multiplier else None


@dataclass
class Context:
    """What the lines read so far say about the lines after them."""

    elements: list[tuple[tuple, str]] = field(default_factory=list)
    item: str | None = None
    label: str | None = None
    title: str | None = None
    header: list[ValueColumn] | None = None
    header_skip: int = 0
    year: int | None = None
    meeting: str | None = None
    meeting_line: Line | None = None
    event: Event | None = None
    department: str | None = None
    pending_label: str | None = None

    @property
    def element(self) -> str | None:
        """The innermost open plan element."""
        return self.elements[-1][1] if self.elements else None


class Reader:
    """One document: its lines, the result the layout reader left, the context, the records."""

    def __init__(
        self,
        document: Document,
        info: DocumentInfo,
        result: ParseResult,
        vocab: Vocabulary,
        reported: set[int],
    ) -> None:
        self.lines = document.lines
        self.reported = reported
        self.info = info
        self.result = result
        self.vocab = vocab
        self.fiscal_year = info.fiscal_year
        self.fiscal = Period.fiscal_year(info.fiscal_year)
        self.context = Context()
        self.taken = set(result.consumed)
        self.keys = {key for r in result.records if (key := getattr(r, "key", None))}
        self.indicators: dict[str, Indicator] = {}
        self.observed: dict[tuple, int] = {}
        self.stated: dict[tuple, tuple] = {}
        self.conflicts: set[int] = set()
        self.calendar: set[str] = set()
        self.plan = next((r.key for r in result.records if isinstance(r, Plan)), None)

    # -- bookkeeping --------------------------------------------------------------------------

    def free(self, line: Line) -> bool:
        """Not consumed by the layout reader or by a reading before."""
        return line.number not in self.taken

    def following(self, i: int) -> Line | None:
        """The line after line ``i``, if it is free."""
        if i + 1 < len(self.lines) and self.free(self.lines[i + 1]):
            return self.lines[i + 1]
        return None

    def add(self, record: Record) -> None:
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

    def column(self, cell: str) -> Column:
        return self.vocab.column(cell, self.fiscal_year)

    def finish(self) -> None:
        """Add the indicators read (each once, however often it was listed); a line whose
        values all repeat others' otherwise is residue, not consumed."""
        for indicator in self.indicators.values():
            self.add(indicator)
        covered = {n for record in self.result.records for n in record.span.lines()}
        self.result.consumed -= self.conflicts - covered

    # -- records ------------------------------------------------------------------------------

    def plan_key(self) -> str:
        """The document's plan: the layout reader's, or one titled as the manifest says (its
        source line is the document's first, where a title stands if it prints one; the line is
        not read for it)."""
        if self.plan is None:
            self.plan = self.unique("plan")
            self.result.records.append(manifest_plan(self.info, self.plan, self.lines[0].span))
        return self.plan

    def text(self, line: Line, text: str, title: str | None, first: Line | None = None) -> None:
        """Prose under the current element; its kind from the title above it, if any."""
        kind = self.vocab.section(title) if title else None
        subject = self.context.item or self.context.element or self.plan_key()
        span = Span((first or line).number, line.number)
        self.add(TextSection(subject, kind or "unclassified", text, span, title))

    def figures(self, line: Line, text: str) -> None:
        """The figures a sentence states (a name, then a number and its unit): actuals, or
        targets where the sentence aims at them (目指します, 図ります …)."""
        aims = "target" in {meaning for meaning, _ in self.vocab.prose.all(text)}
        for figure in figures(text, self.vocab):
            q = figure.quantity
            key = self.indicator(figure.label, line, subject=self.context.item)
            column = ValueColumn("target" if aims else "actual", q.period)
            self.observe(key, column, q.raw, line, quantity=q, undated_is_report_year=True)

    def department(self, name: str, line: Line) -> str | None:
        """A department of the city named on this line, if the name is one (…課, …部 …)."""
        name = clean(name)
        if not DEPARTMENT.fullmatch(name):
            return None
        self.add(Department(name, line.span))
        return name

    def project(self, name: str, line: Line) -> str:
        name = clean(LIST_MARK.sub("", name))
        key = f"project:{name}"
        if key not in self.keys:
            parent = self.context.item or self.context.element
            self.add(Project(key, name, "project", line.span, parent=parent))
        return key

    def element_title(self) -> str:
        """The title of the plan element (or action item) the current line stands under."""
        key = self.context.item or self.context.element
        for record in self.result.records:
            if key and getattr(record, "key", None) == key:
                return getattr(record, "title", None) or getattr(record, "name", "")
        return ""

    def organization(self, name: str, line: Line) -> str:
        """A partner organisation: a municipality of the code table, or what its name says."""
        known = default_reference().municipality(name, self.info.city_code)
        if known:
            printed, form, kind = known.name, None, "municipality"
        elif found := partner(name, None):
            printed, form, kind = found
            kind = "government-body" if kind == "municipality" else kind
        else:
            printed, form, kind = name, None, "government-body"
        key = f"organization:{printed}"
        if key not in self.keys:
            self.add(Organization(key, printed, kind, line.span, legal_form=form))
        return key

    def agreement(self, title: str, names: list[str], day, line: Line, span: Span) -> None:
        """An agreement with the named partners, concluded on ``day`` if it is printed."""
        keys = tuple(self.organization(name, line) for name in names)
        key = self.unique(f"agreement:{title}:{'、'.join(names)}")
        period = Period(day, day) if day else None
        self.add(Agreement(key, clean(title), self.vocab.agreement_kind(title), keys, span, period))

    def event(self, name: str, period: Period, span: Span, venue: str | None, agenda=()) -> Event:
        """A meeting; a report published by another body than the city is that body's."""
        body = None
        if self.info.publisher != self.info.city_name:
            body = f"organization:{self.info.publisher}"
            if body not in self.keys:
                self.add(Organization(body, self.info.publisher, "association", span))
        key = self.unique(f"event:{period.start.isoformat()}:{name}")
        event = Event(key, "meeting", clean(name), span, period, body, venue=venue,
                      agenda=tuple(agenda))  # fmt: skip
        self.add(event)
        return event

    def update_event(self, event: Event, **changes) -> Event:
        updated = replace(event, **changes)
        self.result.records[self.result.records.index(event)] = updated
        self.taken.update(updated.span.lines())
        self.context.event = updated
        return updated

    def indicator(
        self,
        name: str,
        line: Line,
        department: str = "",
        subject: str | None = None,
        unit: str | None = None,
    ) -> str:
        """The key of the indicator a name denotes; listed again, it gains the new element.

        A name too short to stand alone (件数, 計, 人数) is named by the title above it too, so
        that the 件数 of two tables are two indicators.
        """
        label, declared = label_of(name)
        unit = declared or unit
        if self.vocab.is_generic(label) and self.context.title:
            label = f"{self.context.title} {label}"
        key = f"indicator:{label}"
        member = None if subject else self.context.element
        departments = ()
        if department and (found := self.department(department, line)):
            departments = (found,)
        elif self.context.department:
            departments = (self.context.department,)
        known = self.indicators.get(key)
        if known is None:
            strategy = "strategy" in (self.info.family or "")
            kind = "statistic" if subject else "kpi" if strategy else "target-indicator"
            self.indicators[key] = Indicator(
                key, label, kind, line.span, unit, departments=departments,
                members_of=(member,) if member else (), subject=subject,
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
        undated_is_report_year: bool = False,
    ) -> None:
        """One observation of an indicator; a value listed twice (a summary line and a table)
        is recorded once, and each 目標値修正 column is the next revision of the target."""
        q = quantity or parse_quantity(cell)
        if q.problem or (q.value is None and q.qualitative is None):
            self.residue(line, f"value {clean(cell)!r} not understood")
            return
        period = q.period or column.period
        if column.bare and period and key in self.calendar:
            period = Period.calendar_year(period.start.year)
        if period is None and undated_is_report_year:
            period, note = self.fiscal, note or NO_PERIOD.format(self.fiscal_year)
        if period and (period.start.month, period.end and period.end.month) == (1, 12):
            self.calendar.add(key)
        role, revision = column.role, 0
        if role == "revised-target":
            role, revision = "target", self.observed.get((key, "target", period), 0)
        elif (key, role, period) in self.observed:
            if self.stated.get((key, role, period)) != (q.value, q.unit, q.qualitative):
                self.residue(line, f"{role} of {indicator_label(key)} stated again otherwise")
                self.conflicts.add(line.number)
            return
        self.observed[(key, role, period)] = revision + 1
        self.stated[(key, role, period)] = (q.value, q.unit, q.qualitative)
        indicator = self.indicators[key]
        # A unit printed but unknown (4組/年) is not the indicator's unit: none is better.
        unit = q.unit or (None if q.unknown_unit else column.unit or indicator.unit)
        if unit and not indicator.unit:
            self.indicators[key] = replace(indicator, unit=unit)
        self.add(
            Observation(
                key, role, q.raw, line.span, period, q.value, unit, q.per_year, q.qualitative,
                revision=revision, component=q.component, note=note or column.note,
            )
        )  # fmt: skip

    def set_status(self, key: str, status: str, line: Line) -> None:
        """The progress status a row states, given to its latest actual on that row."""
        actuals = [
            r for r in self.result.records
            if isinstance(r, Observation) and r.indicator == key and r.role == "actual"
            and r.span == line.span and r.period
        ]  # fmt: skip
        if actuals:
            latest = max(actuals, key=lambda o: o.period.start)
            self.result.records[self.result.records.index(latest)] = replace(latest, status=status)

    def observe_words(self, key: str, role: str, text: str, span: Span) -> None:
        """A value stated in words (a target such as 行動規範の制定, or what was done), for the
        report's fiscal year."""
        if (key, role, self.fiscal) in self.observed:
            return
        self.observed[(key, role, self.fiscal)] = 1
        note = NO_PERIOD.format(self.fiscal_year)
        self.add(
            Observation(key, role, text, span, self.fiscal, qualitative="described", note=note)
        )
