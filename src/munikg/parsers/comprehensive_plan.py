"""日立市-style chapter (分野) of a 総合計画: policies, indicators, initiatives, projects.

The layout is read by its markers, never by line numbers:

- the chapter heading (number, title, wrapped subtitle) before the first ``施策 n`` line;
- the overview: ``施策 n title``, the wrapped subtitle, then ``- 取組 n title`` per initiative;
- one body per policy, starting at its subtitle heading followed by ``1 基本方針``, divided
  into the numbered sections named in ``SECTIONS``;
- tables are tab-separated rows; prose ends with 「。」; a line that is neither structure nor
  prose is a photo caption or chart title (■, with its (…) and 出典 lines) and is kept as a
  ``caption`` section of the policy.

Decisions where the extracted text is ambiguous:

- 後期基本計画の取組内容・成果等: one ``achievements`` section per bullet, so that each keeps its
  own source line.
- 重点 flags the projects of the row it is printed on; the extraction shows it on one row only
  and gives no sign of the rows a merged cell would span. 新 flags the project it precedes.
- 担当課: a table prints a merged department cell on its first and last rows, so an empty cell
  takes the department only when the nearest filled cells above and below name the same one;
  otherwise (e.g. an empty last row) the project has no department.
- A cell listing several projects beside several departments is paired in order when the
  counts match; when they do not, the text does not say which goes with which, and the
  projects get none.
- 「女性若者支援課 (消費生活センター)」 is one unit, named as in 主に関係する課所.
- A Department record is made for every line that names the department (a department is a
  resource mentioned many times; each line's content goes into a record).
- (再掲) projects: the name without the mark; a project of the same name already listed in
  this document is the same resource (its first listing is kept as the record).
- 協定書 lines under 関連計画 are agreements, not plans, dated to the fiscal year of the era
  year printed (the source gives only the year; a bare era year means the fiscal year). The
  partner's name, kind and legal form come from the partner registry when it knows the name.
- A ※ inside an indicator label is a glossary mark and is dropped from the label.
- A plan's key is its title (``plan:日立市総合計画``): plan IRIs are minted per city, so a
  fixed key such as ``plan`` would merge this plan with the city's other documents' plans.
- A count stated in prose as of a month becomes a ``statistic`` indicator of the policy
  (``members_of``; the shapes allow ``subject`` only for projects, activities, events, surveys).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise

from munikg.model import (
    Agreement,
    Department,
    DocumentHeading,
    DocumentInfo,
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
    Quantity,
    clean,
    join_wrapped,
    parse_period,
    parse_plan_period,
    parse_quantity,
    report_date_range,
    unit_key,
)
from munikg.parsers.common import UNIT_SUFFIXES

SECTIONS = {
    "基本方針": "basic-policy",
    "後期基本計画の取組内容・成果等": "achievements",
    "現状と課題": "issues",
    "5年後に目指す姿": "vision",
    "数値目標": "indicators",
    "目指す姿を実現するための取組": "initiatives",
    "関連計画": "related-plans",
    "主に関係する課所": "departments",
}
COLUMN_ROLES = {"後期計画": "baseline", "現状値": "actual", "目標値": "target"}
# Plan kind by the name's ending word, most specific first.
PLAN_KINDS = (
    ("提言書", "recommendation"),
    ("行動計画", "action-plan"),
    ("大綱", "guideline"),
    ("方針", "guideline"),
    ("戦略", "sector-plan"),
    ("計画", "sector-plan"),
    ("プラン", "sector-plan"),
)
LEGAL_FORMS = ("国立大学法人", "公立大学法人", "学校法人")
AGREEMENT_KINDS = (("包括連携", "comprehensive-partnership"), ("連携", "cooperation"))
# Counted nouns whose unit the shared table does not name (法人 would read as 人).
COUNTED = {"法人": "group"}

HEADING = re.compile(r"(\d{1,2}) +(\S.*)")
POLICY = re.compile(r"施策 *(\d+) +(\S.*)")
OVERVIEW_INITIATIVE = re.compile(r"- *取組 *(\d+) +(\S.*)")
INITIATIVE = re.compile(r"取組 *(\d+)(?: +(\S.*))?")
BULLET = re.compile(r"- *(?:▶ *)?(?:・ *)?")
OUTCOME_TABLE = re.compile(r"「.+」に関する成果指標")
TARGET_TABLE = "施策に関する目標指標"
SURVEY_NOTE = re.compile(r"\(.*調査.*\)")
DEPARTMENT = re.compile(rf".+(?:{UNIT_SUFFIXES}|局|部)(?:\(.+\))?")
DATED_VALUE = re.compile(r"[^\s()※]+\([^()]+\)")
RELISTED = "(再掲)"
PLAN_LINE = re.compile(r"(?P<title>.+)\((?P<period>[^()]*)\)")
AGREEMENT_PARTNER = re.compile(r"と(?P<partner>.+?)との")
AS_OF = re.compile(r"(\d{4})(?:\((?:令和|平成|昭和)[元\d]+\))?年(\d{1,2})月末?現在[^。]*")
COUNT = re.compile(r"(\d[\d,]*)の([^\s、。と]+?)(?=[とがを、。])")


@dataclass(frozen=True)
class Row:
    """A non-blank line: ``raw`` keeps the tabs and spaces that separate cells and items."""

    number: int
    raw: str
    text: str

    @property
    def span(self) -> Span:
        return Span.line(self.number)

    @property
    def cells(self) -> list[str]:
        return [cell.strip() for cell in self.raw.split("\t")]


@dataclass
class Policy:
    """A policy read from the overview; ``initiatives`` are its 取組 lines not yet matched in
    the body (what is left over is reported as residue)."""

    key: str
    number: str
    subtitle: str
    initiatives: dict[str, Row] = field(default_factory=dict)


def rows_of(lines: list[str]) -> list[Row]:
    rows = []
    for number, line in enumerate(lines, 1):
        if text := clean(line):
            rows.append(Row(number, unicodedata.normalize("NFKC", line).strip(" "), text))
    return rows


def span(rows: list[Row]) -> Span:
    return Span(rows[0].number, rows[-1].number)


def is_prose(row: Row) -> bool:
    return row.text.endswith("。")


def heading(row: Row) -> tuple[str, str, str] | None:
    """(number, section kind, title) of a numbered section heading: ``4 5年後に目指す姿``."""
    if (m := HEADING.fullmatch(row.raw)) and (kind := SECTIONS.get(title := clean(m[2]))):
        return m[1], kind, title
    return None


def items(cell: str) -> list[str]:
    """The items of a cell separated by spaces; ``(…)`` and a wrapped Latin word stay attached."""
    tokens: list[str] = []
    depth = 0
    for part in cell.split():
        latin = tokens and tokens[-1][-1].isascii() and tokens[-1][-1].isalnum()
        if tokens and tokens[-1] != "新" and (depth > 0 or part.startswith("(") or latin):
            tokens[-1] += part
        else:
            tokens.append(part)
        depth += part.count("(") - part.count(")")
    return [clean(token) for token in tokens]


class Chapter:
    """The records of one chapter, built section by section."""

    def __init__(self, info: DocumentInfo) -> None:
        self.info = info
        self.result = ParseResult()
        self.mentions: set[tuple[str, int]] = set()
        self.keys: set[str] = set()

    def add(self, record) -> None:
        self.result.add(record)

    def residue(self, rows: list[Row], reason: str) -> None:
        self.result.residue += [Residue(row.number, row.raw, reason) for row in rows]

    def once(self, key: str) -> bool:
        """True the first time a key of a shared resource (plan, partner, project) is seen."""
        first = key not in self.keys
        self.keys.add(key)
        return first

    def department(self, name: str, row: Row) -> str:
        """A Department record per line naming it: a department is a resource of many mentions."""
        if (name, row.number) not in self.mentions:
            self.mentions.add((name, row.number))
            self.add(Department(name, row.span))
        return name

    # -- chapter and overview ---------------------------------------------------------------

    def read(self, rows: list[Row]) -> None:
        starts = [
            i - 1 for i, row in enumerate(rows) if heading(row) == ("1", "basic-policy", "基本方針")
        ]
        if not starts or starts[0] < 1:
            self.residue(rows, "no policy body (1 基本方針) found")
            return
        policies = self.overview(rows[: starts[0]])
        bounds = [*starts, len(rows)]
        for index, (first, last) in enumerate(pairwise(bounds)):
            body = rows[first:last]
            if index < len(policies):
                self.body(policies[index], body)
            else:
                self.residue(body, "policy body without a policy in the overview")

    def overview(self, rows: list[Row]) -> list[Policy]:
        if len(rows) < 2 or not rows[0].text.isdigit():
            self.residue(rows, "no chapter number and title before the overview")
            return []
        (number, title), rest = rows[:2], rows[2:]
        subtitle = []
        while rest and not POLICY.fullmatch(rest[0].raw):
            subtitle.append(rest.pop(0))
        self.add(DocumentHeading(f"{number.text} {title.text}", span([number, title])))
        plan = f"{self.info.city_name}総合計画"
        self.add(Plan(plan_key(plan), plan, "comprehensive-plan", number.span))
        self.add(
            PlanElement(
                "field",
                "field",
                number.text,
                title.text,
                plan_key(plan),
                span([number, title, *subtitle]),
                subtitle=join_wrapped([r.text for r in subtitle]) or None,
            )
        )
        blocks: list[list[Row]] = []
        for row in rest:
            if POLICY.fullmatch(row.raw) or not blocks:
                blocks.append([])
            blocks[-1].append(row)
        return [p for block in blocks if (p := self.policy(block))]

    def policy(self, rows: list[Row]) -> Policy | None:
        """One overview block: 施策 n title, the wrapped subtitle, then its 取組 lines."""
        m = POLICY.fullmatch(rows[0].raw)
        if not m:
            self.residue(rows, "not recognised in the overview")
            return None
        head = [rows[0]]
        for row in rows[1:]:
            if OVERVIEW_INITIATIVE.fullmatch(row.raw):
                break
            head.append(row)
        subtitle = join_wrapped([r.text for r in head[1:]])
        policy = Policy(f"policy:{m[1]}", m[1], subtitle)
        self.add(
            PlanElement(
                policy.key,
                "policy",
                m[1],
                clean(m[2]),
                "field",
                span(head),
                subtitle=subtitle or None,
            )
        )
        for row in rows[len(head) :]:
            if i := OVERVIEW_INITIATIVE.fullmatch(row.raw):
                policy.initiatives[i[1]] = row
            else:
                self.residue([row], "not recognised in the overview")
        return policy

    # -- policy body ------------------------------------------------------------------------

    def body(self, policy: Policy, rows: list[Row]) -> None:
        title, rest = rows[0], rows[1:]
        if title.text == policy.subtitle:
            self.result.consume(title.span)
        else:
            self.residue([title], "policy heading differs from the overview's subtitle")
        sections: list[tuple[Row, str, str, list[Row]]] = []
        for row in rest:  # the first is "1 基本方針", by the way bodies are found
            if found := heading(row):
                sections.append((row, found[1], found[2], []))
            else:
                sections[-1][3].append(row)
        for head, kind, name, content in sections:
            before = len(self.result.consumed)
            getattr(self, kind.replace("-", "_"))(policy, name, content)
            if len(self.result.consumed) > before:
                self.result.consume(head.span)
            else:
                self.residue([head], "section heading without content")
        self.residue(list(policy.initiatives.values()), "initiative not found in the policy body")

    def captions(self, policy: Policy, rows: list[Row]) -> None:
        """Photo captions one by one; a ■ chart title with its (…) and 出典 lines together."""
        groups: list[list[Row]] = []
        for row in rows:
            if groups and groups[-1][0].text.startswith("■") and row.text[0] in "(出":
                groups[-1].append(row)
            else:
                groups.append([row])
        for group in groups:
            text = "\n".join(r.text for r in group)
            self.add(TextSection(policy.key, "caption", text, span(group)))

    def bullets(self, policy: Policy, rows: list[Row]) -> list[list[Row]]:
        """List items (a prose line without its own bullet continues the item before it)."""
        found: list[list[Row]] = []
        captions = []
        for row in rows:
            if row.raw.startswith("-"):
                found.append([row])
            elif is_prose(row) and found:
                found[-1].append(row)
            elif is_prose(row):
                self.residue([row], "prose before the first list item")
            else:
                captions.append(row)
        self.captions(policy, captions)
        return found

    def passage(self, policy: Policy, kind: str, title: str, rows: list[Row]) -> None:
        prose = [row for row in rows if is_prose(row)]
        self.captions(policy, [row for row in rows if not is_prose(row)])
        if prose:
            text = "\n".join(row.text for row in prose)
            self.add(TextSection(policy.key, kind, text, span(prose), title=title))
            self.facts(policy, prose)

    def basic_policy(self, policy: Policy, title: str, rows: list[Row]) -> None:
        self.passage(policy, "basic-policy", title, rows)

    def vision(self, policy: Policy, title: str, rows: list[Row]) -> None:
        self.passage(policy, "vision", title, rows)

    def achievements(self, policy: Policy, title: str, rows: list[Row]) -> None:
        for item in self.bullets(policy, rows):
            self.add(TextSection(policy.key, "achievements", item_text(item), span(item), title))
            self.facts(policy, item)

    def issues(self, policy: Policy, title: str, rows: list[Row]) -> None:
        """Numbered issues (1, 2, … in order), each a title and its paragraphs."""
        found: list[list[Row]] = []
        captions = []
        for row in rows:
            m = HEADING.fullmatch(row.raw)
            if m and not is_prose(row) and int(m[1]) == len(found) + 1:
                found.append([row])
            elif is_prose(row) and found:
                found[-1].append(row)
            elif is_prose(row):
                self.residue([row], "prose before the first numbered issue")
            else:
                captions.append(row)
        self.captions(policy, captions)
        for head, *prose in found:
            if not prose:
                self.residue([head], "issue heading without text")
                continue
            number, name = HEADING.fullmatch(head.raw).groups()
            text = "\n".join(row.text for row in prose)
            self.add(
                TextSection(
                    policy.key, "issue", text, span([head, *prose]), f"{number} {clean(name)}"
                )
            )
            self.facts(policy, prose)

    def facts(self, policy: Policy, rows: list[Row]) -> None:
        """Counts stated as of a month (「2022(令和4)年1月現在、本市では109の…団体」)."""
        for row in rows:
            for sentence in AS_OF.finditer(row.text):
                year, month = sentence.group(1, 2)
                bounds = report_date_range(f"{year}年{month}月", self.info.fiscal_year)
                for count in COUNT.finditer(sentence[0]) if bounds else ():
                    label = f"{count[2]}数"
                    key = f"indicator:{label}"
                    unit = counted_unit(count[2])
                    self.add(
                        Indicator(key, label, "statistic", row.span, unit, members_of=(policy.key,))
                    )
                    self.add(
                        Observation(
                            key,
                            "actual",
                            count[0],
                            row.span,
                            Period(*bounds),
                            value=parse_quantity(count[1]).value,
                            unit=unit,
                        )
                    )

    # -- 数値目標 -----------------------------------------------------------------------------

    def indicators(self, policy: Policy, title: str, rows: list[Row]) -> None:
        """Outcome-indicator and target-indicator tables, and the ※ notes below them."""
        dated: list[str] = []
        index = 0
        while index < len(rows):
            row = rows[index]
            index += 1
            outcome = bool(OUTCOME_TABLE.fullmatch(row.text))
            if outcome or row.text == TARGET_TABLE:
                table = [row]
                while index < len(rows) and SURVEY_NOTE.fullmatch(rows[index].text):
                    table.append(rows[index])
                    index += 1
                cells = []
                while index < len(rows) and "\t" in rows[index].raw:
                    cells.append(rows[index])
                    index += 1
                dated = self.table(policy, table, cells, outcome)
            elif row.text.startswith("※") and dated:
                note = row.text.removeprefix("※").strip()
                for key in dated:
                    self.add(TextSection(key, "note", note, row.span))
            else:
                self.residue([row], "not recognised in 数値目標")

    def table(self, policy: Policy, title: list[Row], rows: list[Row], outcome: bool) -> list[str]:
        """One indicator per row; returns the keys of those with values of other years."""
        columns = [column(cell) for cell in rows[0].cells[1:]] if rows else []
        if not columns or None in columns:
            self.residue(title + rows, "indicator table whose columns are not understood")
            return []
        self.result.consume(span(title + rows[:1]))
        dated = []
        for row in rows[1:]:
            name = clean(row.cells[0]).replace("※", "")
            label = f"{title[0].text} {name}" if outcome else name
            key = f"indicator:{label}"
            cells = [
                (c, cell_values(cell)) for c, cell in zip(columns, row.cells[1:], strict=False)
            ]
            extra = any(row.cells[len(columns) + 1 :])
            if extra or not all(understood(q, outcome) for _, values in cells for q in values):
                self.residue([row], "indicator value not understood")
                continue
            observations = [
                Observation(
                    key,
                    role,
                    q.raw,
                    row.span,
                    q.period or period,
                    value=q.value,
                    unit="score" if outcome and q.value is not None else q.unit,
                    per_year=q.per_year,
                    qualitative=q.qualitative,
                )
                for (role, period), values in cells
                for q in values
            ]
            dated += [key] if any(len(values) > 1 for _, values in cells) else []
            unit = "score" if outcome else next((o.unit for o in observations if o.unit), None)
            kind = "outcome-indicator" if outcome else "target-indicator"
            self.add(Indicator(key, label, kind, row.span, unit, members_of=(policy.key,)))
            for observation in observations:
                self.add(observation)
        return dated

    # -- 目指す姿を実現するための取組 -----------------------------------------------------------

    def initiatives(self, policy: Policy, title: str, rows: list[Row]) -> None:
        blocks: list[list[Row]] = []
        for row in rows:
            if INITIATIVE.fullmatch(row.raw):
                blocks.append([])
            if blocks:
                blocks[-1].append(row)
            else:
                self.residue([row], "before the first 取組 heading")
        for block in blocks:
            self.initiative(policy, block)

    def initiative(self, policy: Policy, rows: list[Row]) -> None:
        m = INITIATIVE.fullmatch(rows[0].raw)
        head, rest = rows[:1], rows[1:]
        if not m[2] and rest and not rest[0].raw.startswith("-") and "\t" not in rest[0].raw:
            head.append(rest.pop(0))  # the title printed on the line below 取組 n
        title = clean(m[2]) if m[2] else head[-1].text
        key = f"initiative:{policy.number}-{m[1]}"
        self.add(PlanElement(key, "initiative", m[1], title, policy.key, span(head)))
        listed = policy.initiatives.pop(m[1], None)
        if listed and clean(OVERVIEW_INITIATIVE.fullmatch(listed.raw)[2]) == title:
            self.result.consume(listed.span)
        elif listed:
            self.residue([listed], "initiative title differs from its heading in the body")
        text = self.bullets(policy, [row for row in rest if "\t" not in row.raw])
        if text:
            description = "\n".join(item_text(item) for item in text)
            self.add(TextSection(key, "description", description, span([text[0][0], text[-1][-1]])))
        self.projects(key, [row for row in rest if "\t" in row.raw])

    def projects(self, parent: str, rows: list[Row]) -> None:
        """The 主な事業 table: flags, one project per item of the cell, departments."""
        if not rows:
            return
        header, *rows = rows
        if not {"主な事業", "担当課"} <= set(header.cells):
            self.residue([header, *rows], "table without 主な事業 / 担当課 header")
            return
        self.result.consume(header.span)
        table = []
        for row in rows:
            priority = row.cells[0] == "重点"
            filled = [cell for cell in row.cells[priority:] if cell]
            departments = items(filled[1]) if len(filled) == 2 else []
            if len(filled) not in (1, 2) or not all(map(DEPARTMENT.fullmatch, departments)):
                self.residue([row], "main-project row not understood")
                continue
            table.append((row, priority, filled[0], departments))
        for row, _, _, departments in table:
            for name in departments:
                self.department(name, row)
        for index, (row, priority, cell, departments) in enumerate(table):
            above = next((t[3] for t in reversed(table[:index]) if t[3]), None)
            below = next((t[3] for t in table[index + 1 :] if t[3]), None)
            merged = above if above and above == below else []
            self.row_projects(parent, row, priority, cell, departments or merged)

    def row_projects(
        self, parent: str, row: Row, priority: bool, cell: str, departments: list[str]
    ) -> None:
        projects = []
        new = False
        for item in items(cell):
            if item == "新":
                new = True
                continue
            projects.append((item.removesuffix(RELISTED), new, item.endswith(RELISTED)))
            new = False
        if len(departments) == 1:
            assigned = [departments] * len(projects)
        elif len(departments) == len(projects):
            assigned = [[name] for name in departments]
        else:
            assigned = [[]] * len(projects)
        self.result.consume(row.span)
        for (name, new, relisted), names in zip(projects, assigned, strict=True):
            key = f"project:{name}"
            if self.once(key):
                self.add(
                    Project(
                        key,
                        name,
                        "project",
                        row.span,
                        parent=parent,
                        departments=tuple(names),
                        priority=priority,
                        new=new,
                        relisted=relisted,
                    )
                )

    # -- 関連計画, 主に関係する課所 ---------------------------------------------------------------

    def related_plans(self, policy: Policy, title: str, rows: list[Row]) -> None:
        for row in rows:
            m = PLAN_LINE.fullmatch(clean(row.raw[BULLET.match(row.raw).end() :]))
            if m and "協定書" in m["title"]:
                self.agreement(row, m["title"], m["period"])
                continue
            bounds = parse_plan_period(m["period"]) if m else None
            kind = plan_kind(m["title"]) if m else None
            if not bounds or not bounds[0] or not kind:
                self.residue([row], "related plan without a known kind or period")
                continue
            key = plan_key(m["title"])
            if self.once(key):
                self.add(Plan(key, m["title"], kind, row.span, Period(*bounds)))
            self.result.consume(row.span)

    def agreement(self, row: Row, title: str, when: str) -> None:
        """「日立市と○○大学との連携協力に関する協定書(H18)」: the partner and the year."""
        m = re.search(f"{self.info.city_name}{AGREEMENT_PARTNER.pattern}", title)
        found = partner(m["partner"]) if m else None
        kind = next((kind for word, kind in AGREEMENT_KINDS if word in title), None)
        period = parse_period(when)
        if not found or not kind or not period:
            self.residue([row], "agreement whose partner, kind or year is not understood")
            return
        name, partner_kind, legal_form = found
        key = f"organization:{name}"
        self.add(Organization(key, name, partner_kind, row.span, legal_form=legal_form))
        if self.once(f"agreement:{title}"):
            self.add(Agreement(f"agreement:{title}", title, kind, (key,), row.span, period))

    def departments(self, policy: Policy, title: str, rows: list[Row]) -> None:
        """The list of departments (、-separated); the lines after it are captions."""
        names = rows[0].text.split("、") if rows else []
        if names and all(map(DEPARTMENT.fullmatch, names)):
            for name in names:
                self.department(name, rows[0])
            self.result.consume(rows[0].span)
            rows = rows[1:]
        self.captions(policy, rows)


def column(cell: str) -> tuple[str, Period] | None:
    """(role, period) of a value column such as 「現状値 (R3)」."""
    label = clean(cell)
    role = next((role for word, role in COLUMN_ROLES.items() if label.startswith(word)), None)
    period = parse_period(label)
    return (role, period) if role and period else None


def cell_values(cell: str) -> list[Quantity]:
    """The values of a cell; 「※ 55件/年(R元) 46件/年(R2)」 holds one per year printed."""
    text = clean(cell)
    if not text:
        return []
    dated = DATED_VALUE.findall(text)
    return [parse_quantity(part) for part in dated] if len(dated) > 1 else [parse_quantity(text)]


def understood(quantity: Quantity, outcome: bool) -> bool:
    """A survey score has no unit; a target indicator's value has one."""
    if quantity.problem:
        return False
    if quantity.value is None:
        return quantity.qualitative is not None
    return (quantity.unit is None) == outcome


def item_text(rows: list[Row]) -> str:
    """A list item's text without its bullet marks, its continuation lines appended."""
    first = clean(rows[0].raw[BULLET.match(rows[0].raw).end() :])
    return first + "".join(row.text for row in rows[1:])


def partner(printed: str) -> tuple[str, str, str | None] | None:
    """(name, kind, legal form) of a university partner; the emitter reconciles the name with
    the partner registry."""
    legal_form = next((form for form in LEGAL_FORMS if printed.startswith(form)), None)
    name = printed.removeprefix(legal_form or "")
    return (name, "university", legal_form) if name.endswith("大学") else None


def plan_key(title: str) -> str:
    """A plan's key is its title, so that every mention of a plan of the city is one resource
    (a plan's IRI is minted per city, not per document)."""
    return f"plan:{title}"


def plan_kind(title: str) -> str | None:
    base = re.sub(r"\([^()]*\)|\d+$", "", title)
    return next((kind for word, kind in PLAN_KINDS if base.endswith(word)), None)


def counted_unit(noun: str) -> str | None:
    for suffix, unit in COUNTED.items():
        if noun.endswith(suffix):
            return unit
    return next((unit for i in range(len(noun)) if (unit := unit_key(noun[i:]))), None)


def parse(lines: list[str], info: DocumentInfo) -> ParseResult:
    chapter = Chapter(info)
    chapter.read(rows_of(lines))
    return chapter.result
