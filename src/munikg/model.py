"""Typed records passed from the parsers to the emitter.

Parsers know nothing of RDF and the emitter knows nothing of text layout; these dataclasses
are the whole contract between them. Every record carries the line span it was read from, so
every triple can be traced back to its source line. Records refer to each other by ``key``: a
string unique among the records of one document, chosen by the parser (for example
``"goal:1"``, ``"measure:1-2"``). Keys are stable across runs, so IRIs minted from them are too.

Vocabulary-valued fields (kinds, roles, units, statuses) hold the local name of a concept in
``ontology/vocab/`` (for example ``role="target"``, ``unit="person"``); the emitter turns them into
concept IRIs and SHACL checks that the concept exists in the right scheme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, order=True)
class Span:
    """1-based, inclusive range of source lines."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if self.first < 1 or self.last < self.first:
            raise ValueError(f"invalid line span {self.first}-{self.last}")

    @classmethod
    def line(cls, number: int) -> Span:
        return cls(number, number)

    def lines(self) -> range:
        return range(self.first, self.last + 1)


@dataclass(frozen=True, order=True)
class Period:
    """An interval of days; fiscal and calendar years are both expressed this way.

    ``end`` is None only for a plan in force from ``start`` with no end date printed (R4～).
    """

    start: date
    end: date | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start}..{self.end}")

    @classmethod
    def fiscal_year(cls, year: int) -> Period:
        """年度 N: April of N to March of N+1."""
        return cls(date(year, 4, 1), date(year + 1, 3, 31))

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


@dataclass(frozen=True)
class Residue:
    """A non-blank source line the parser did not turn into records, and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Location:
    """Where a line of a document that is not plain text stands in its file: a PDF page and the
    line on it, a worksheet and the cells of its row, or the line of an HTML file."""

    page: int | None = None
    page_line: int | None = None
    sheet: str | None = None
    cells: str | None = None
    markup_line: int | None = None

    def __str__(self) -> str:
        if self.page is not None:
            return f"p. {self.page}, line {self.page_line}"
        if self.cells is not None:
            return f"{self.sheet}!{self.cells}" if self.sheet else self.cells
        return f"line {self.markup_line} of the markup"


@dataclass(frozen=True)
class DocumentInfo:
    """One manifest entry: what the build knows about a source file before parsing it.

    ``family`` is None when the manifest leaves it to be detected from the text; ``layout``
    names the layout profile (data/reference/layouts.toml) the document is read with, if any;
    ``encoding`` the text encoding a text, CSV or HTML file is declared in (else detected).
    """

    file: str
    city_name: str
    city_code: str
    family: str | None
    title: str
    fiscal_year: int
    publisher: str
    layout: str | None = None
    encoding: str | None = None

    @property
    def stem(self) -> str:
        return self.file.rpartition(".")[0] or self.file


@dataclass(frozen=True)
class DocumentHeading:
    """The title line(s) as printed in the document itself."""

    text: str
    span: Span


@dataclass(frozen=True)
class Department:
    """An organisational unit of the document's city (課, 室, 所, センター)."""

    name: str
    span: Span


@dataclass(frozen=True)
class Organization:
    """An organisation other than the document's city: partner, council, ministry, other city.

    ``name`` is without its legal form (株式会社, 一般社団法人 …), which goes to ``legal_form``.
    ``kind`` is a concept of the partner-kind scheme (university, company, cooperative,
    financial-institution, association, government-body, municipality).
    """

    key: str
    name: str
    kind: str
    span: Span
    legal_form: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Plan:
    """A plan of the document's city; ``kind`` is a plan-kind concept."""

    key: str
    title: str
    kind: str
    span: Span
    period: Period | None = None
    parent: str | None = None


@dataclass(frozen=True)
class PlanElement:
    """A part of a plan: field, basic goal, policy, measure, initiative, theme or project group.

    ``parent`` is the key of the plan or of the enclosing element.
    """

    key: str
    kind: str
    number: str
    title: str
    parent: str
    span: Span
    subtitle: str | None = None


@dataclass(frozen=True)
class TextSection:
    """A passage of prose about a subject (evaluation, vision, issue, purpose, note, caption …).

    ``kind`` is a concept of the section-kind scheme; ``title`` the heading printed above it.
    """

    subject: str
    kind: str
    text: str
    span: Span
    title: str | None = None


@dataclass(frozen=True)
class Indicator:
    """A KPI, numerical target, outcome indicator or a statistic the document reports.

    The IRI is derived from the city and the normalised ``label``, so a KPI listed again (再掲)
    or reported in another year's document is the same resource. ``members_of`` are the keys
    of the plan elements it measures; ``subject`` the key of the project, activity, event or
    survey whose figure it is.
    """

    key: str
    label: str
    kind: str
    span: Span
    unit: str | None = None
    departments: tuple[str, ...] = ()
    members_of: tuple[str, ...] = ()
    subject: str | None = None
    lower_is_better: bool | None = None


@dataclass(frozen=True)
class Observation:
    """One value of an indicator: a role (baseline, target, expected, actual) for a period.

    Exactly one of ``value`` and ``qualitative`` is normally set; neither means the source
    gives no value (then ``qualitative`` should say why, e.g. ``"not-calculated"``).
    ``component`` distinguishes the parts of a compound value (第1期 / 第2期, 小6 / 中3).
    ``span`` is the line where the value's text stands.
    """

    indicator: str
    role: str
    raw: str
    span: Span
    period: Period | None = None
    value: Decimal | None = None
    unit: str | None = None
    per_year: bool = False
    qualitative: str | None = None
    status: str | None = None
    revision: int = 0
    component: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Project:
    """A project (事業), action item or construction work, under a plan element or department."""

    key: str
    name: str
    kind: str
    span: Span
    parent: str | None = None
    number: str | None = None
    departments: tuple[str, ...] = ()
    departments_incomplete: bool = False
    priority: bool = False
    new: bool = False
    relisted: bool = False
    place: str | None = None
    start: date | None = None
    end: date | None = None
    cost_jpy: Decimal | None = None
    continuation: str | None = None


@dataclass(frozen=True)
class Budget:
    """Budgeted and settled amounts of a project for one fiscal year, in yen."""

    project: str
    fiscal_year: int
    raw: str
    span: Span
    budget_jpy: Decimal | None = None
    settlement_jpy: Decimal | None = None


@dataclass(frozen=True)
class Agreement:
    """An agreement between the document's city and one or more organisations.

    ``kind`` is an agreement-kind concept; ``period`` the day or year it was concluded
    (or decided, for agreements reported at an executive board meeting).
    """

    key: str
    title: str
    kind: str
    partners: tuple[str, ...]
    span: Span
    period: Period | None = None


@dataclass(frozen=True)
class Event:
    """A meeting, council session, exchange or ceremony; ``kind`` picks the class (meeting,
    exchange, ceremony).

    ``body`` is the key of the organisation that holds it (None: the city itself);
    ``department`` the city department that reports it; ``venue`` the place as printed.
    """

    key: str
    kind: str
    name: str
    span: Span
    period: Period | None = None
    body: str | None = None
    department: str | None = None
    venue: str | None = None
    written: bool = False
    agenda: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Activity:
    """A numbered topic, sub-topic or list item a department reports on."""

    key: str
    kind: str
    title: str
    span: Span
    department: str | None = None
    parent: str | None = None
    number: str | None = None


@dataclass(frozen=True)
class Survey:
    """A statistical survey carried out by the city on behalf of another authority."""

    key: str
    name: str
    span: Span
    department: str | None = None
    reference_period: Period | None = None
    reference_text: str | None = None
    authority: str | None = None
    legal_basis: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThemeAssignment:
    """A subject classified to a policy theme, and the rule that did it, for audit and override.

    ``rule`` names the rule (a keyword rule ``keyword:<theme>``, or ``override``); ``evidence``
    the keyword that matched (or the override's reason).
    """

    subject: str
    theme: str
    rule: str
    evidence: str
    span: Span


Record = (
    DocumentHeading
    | Department
    | Organization
    | Plan
    | PlanElement
    | TextSection
    | Indicator
    | Observation
    | Project
    | Budget
    | Agreement
    | Event
    | Activity
    | Survey
    | ThemeAssignment
)


@dataclass
class ParseResult:
    """What a parser returns: records, the lines it consumed, and the lines it could not read."""

    records: list[Record] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    residue: list[Residue] = field(default_factory=list)

    def add(self, record: Record) -> None:
        self.records.append(record)
        self.consumed.update(record.span.lines())

    def consume(self, span: Span) -> None:
        self.consumed.update(span.lines())
