"""A chapter (分野) of a 総合計画: policies, indicators, initiatives, projects.

The layout is read by its markers and header words, never by line numbers; lines come from the
reading stage (``munikg.reading``: cells, numbering, page furniture left out) and header words
from the vocabulary (``data/reference/vocabulary.toml``, the document's layout profile):

- the chapter heading (number, title, wrapped subtitle) before the first policy line;
- the overview: a policy line (a numbered heading whose prefix the vocabulary reads as a
  policy: 施策 n, 政策 n), the wrapped subtitle, then one initiative line (- 取組 n) each;
- one body per policy, starting at its subtitle heading followed by section 1, divided into
  sections numbered without a prefix: the prose sections the vocabulary's [section] names
  (基本方針, 後期基本計画の取組内容・成果等, 現状と課題, 5年後に目指す姿 …) and the
  structural sections of ``STRUCTURE`` (indicator tables, initiatives, related plans,
  departments), which are not kinds of text and so have no place in [section];
- a table row is a line of cells (tabs, or gaps of spaces), or one indented past its empty
  first cell; a main-project table (主な事業 / 担当課 header, in cells or as words) also takes
  a line naming 重点 or a department as a row; prose ends with 「。」; a line that is neither
  structure nor prose is a photo caption or chart title (■, with its (…) and 出典 lines) and is
  kept as a ``caption`` section of the policy.

Decisions where the extracted text is ambiguous:

- 後期基本計画の取組内容・成果等: one ``achievements`` section per bullet, so that each keeps its
  own source line.
- An indicator table is a title line, its (…) notes, a header whose first cell names the label
  column and whose other cells each name a role and a period (後期計画 (H28), 現状値 (R3),
  目標値 (R8)), then its rows. 現状値 is the role the vocabulary (or layout profile) gives it;
  read as ``current``, it is the actual beside a baseline column and the baseline otherwise.
- A row printed with tabs keeps its empty cells in place; a row split at runs of spaces does
  not, so one with fewer cells than its header is residue: which column is empty is unknown.
- 重点 flags the projects of the row it is printed on; the extraction shows it on one row only
  and gives no sign of the rows a merged cell would span. 新 flags the project it precedes.
- 担当課: a table prints a merged department cell on its first and last rows, so an empty cell
  takes the department only when the nearest filled cells above and below name the same one;
  otherwise (e.g. an empty last row) the project has no department. When a row of the table
  was not read, no department is carried over empty cells at all.
- A cell listing several projects beside several departments is paired in order when the
  counts match; when they do not, the text does not say which goes with which, and the
  projects get none.
- A main-project row of one cell printed without tabs is cells run together (an extractor
  that printed one space for each tab): 重点 opens it and the department names, told apart by
  their endings (課, 室, 所, センター, 局, 部), close it. A tabbed project cell that holds 重点
  or a department name is not understood and is residue. An indicator row run together is
  residue (one cell; its values cannot be given columns).
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
    fold,
    join_wrapped,
    parse_period,
    parse_plan_period,
    parse_quantity,
    report_date_range,
    spaced,
    unit_key,
)
from munikg.parsers.common import UNIT_SUFFIXES, partner
from munikg.reading import Document, Line
from munikg.vocabulary import Vocabulary, vocabulary_for

FAMILY = "comprehensive-plan"
# Sections that hold structure rather than text, by their folded title.
STRUCTURE = {
    "数値目標": "indicators",
    "目指す姿を実現するための取組": "initiatives",
    "関連計画": "related-plans",
    "主に関係する課所": "departments",
}
# The prose sections read as one passage each; achievements and issues have their own readers.
PASSAGES = {
    "basic-policy", "vision", "evaluation", "policy-direction", "purpose", "content",
    "verification", "achievement-status", "note",
}  # fmt: skip
ROLES = {"baseline", "current", "target", "revised-target", "expected", "actual"}
PRIORITY, NEW, RELISTED = "重点", "新", "(再掲)"
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
# Counted nouns whose unit the shared table does not name (法人 would read as 人).
COUNTED = {"法人": "group"}

NUMBERED = re.compile(r"(\d{1,2}) +(\S.*)")
BULLET = re.compile(r"(?:- *)?(?:▶ *)?(?:・ *)?")
OUTCOME_TABLE = re.compile(r"「.+」に関する成果指標")
NOTE = re.compile(r"\(.*\)")
DEPARTMENT = re.compile(rf".+(?:{UNIT_SUFFIXES}|局|部)(?:\(.+\))?")
DATED_VALUE = re.compile(r"[^\s()※]+\([^()]+\)")
PLAN_LINE = re.compile(r"(?P<title>.+)\((?P<period>[^()]*)\)")
AGREEMENT_PARTNER = re.compile(r"と(?P<partner>.+?)との")
AS_OF = re.compile(r"(\d{4})(?:\((?:令和|平成|昭和)[元\d]+\))?年(\d{1,2})月末?現在[^。]*")
COUNT = re.compile(r"(\d[\d,]*)の([^\s、。と]+?)(?=[とがを、。])")


@dataclass
class Policy:
    """A policy read from the overview; ``initiatives`` are its 取組 lines not yet matched in
    the body (what is left over is reported as residue)."""

    key: str
    number: str
    subtitle: str
    initiatives: dict[str, Line] = field(default_factory=dict)


def span(lines: list[Line]) -> Span:
    return Span(lines[0].number, lines[-1].number)


def is_prose(line: Line) -> bool:
    return line.text.endswith("。")


def is_bullet(line: Line) -> bool:
    return line.text.startswith("-")


def is_row(line: Line) -> bool:
    """A line laid out as table cells: tab-separated, or with gaps, or indented past an empty
    first cell."""
    return line.tabbed or len(line.cells) > 1 or line.indent > 0


def numbered(line: Line) -> tuple[int, str] | None:
    """(number, title) of a heading numbered without a prefix: 「3 現状と課題」."""
    if (found := line.numbering) and not found.prefix and found.title:
        return found.number, found.title
    # numbering() reads 「1 基本方針」 as a quantity (基 is a unit): a number and a title
    if m := NUMBERED.fullmatch(spaced(line.raw)):
        return int(m[1]), clean(m[2])
    return None


def items(cell: str) -> list[str]:
    """The items of a cell separated by spaces; ``(…)`` and a wrapped Latin word stay attached."""
    tokens: list[str] = []
    depth = 0
    for part in cell.split():
        latin = tokens and tokens[-1][-1].isascii() and tokens[-1][-1].isalnum()
        if tokens and tokens[-1] != NEW and (depth > 0 or part.startswith("(") or latin):
            tokens[-1] += part
        else:
            tokens.append(part)
        depth += part.count("(") - part.count(")")
    return [clean(token) for token in tokens]


def is_flag_or_department(item: str) -> bool:
    """What a project cell never holds: the 重点 flag or a department's name."""
    return item == PRIORITY or bool(DEPARTMENT.fullmatch(item))


def run_together(line: Line) -> bool:
    """A line naming 重点 or a department: a table row printed without gaps, not a caption."""
    return any(is_flag_or_department(item) for cell in line.spaced_cells for item in items(cell))


def project_row(row: Line) -> tuple[bool, list[str], list[str]] | None:
    """(priority, project items, departments) of a 主な事業 row, or None if not understood.

    A row of one cell printed without tabs is cells run together (重点 新 X事業 Y課): 重点
    opens it and the department names close it, which their endings tell apart.
    """
    cells = list(row.spaced_cells)
    priority = bool(cells) and cells[0] == PRIORITY
    filled = [cell for cell in cells[priority:] if cell]
    if len(filled) not in (1, 2):
        return None
    names = items(filled[0])
    departments = items(filled[1]) if len(filled) == 2 else []
    if len(filled) == 1 and not row.tabbed:
        if not priority and names[:1] == [PRIORITY]:
            priority, names = True, names[1:]
        while names and DEPARTMENT.fullmatch(names[-1]):
            departments.insert(0, names.pop())
    if not names or any(map(is_flag_or_department, names)):
        return None
    if not all(map(DEPARTMENT.fullmatch, departments)):
        return None
    return priority, names, departments


def unbulleted(line: Line) -> str:
    """The line's text without its list marks (- ▶ ・)."""
    text = spaced(line.raw)
    return clean(text[BULLET.match(text).end() :])


class Chapter:
    """The records of one chapter, built section by section."""

    def __init__(self, info: DocumentInfo) -> None:
        self.info = info
        self.vocab: Vocabulary = vocabulary_for(info.layout)
        self.result = ParseResult()
        self.mentions: set[tuple[str, int]] = set()
        self.keys: set[str] = set()

    def add(self, record) -> None:
        self.result.add(record)

    def residue(self, lines: list[Line], reason: str) -> None:
        self.result.residue += [Residue(line.number, line.raw.strip(), reason) for line in lines]

    def once(self, key: str) -> bool:
        """True the first time a key of a shared resource (plan, partner, project) is seen."""
        first = key not in self.keys
        self.keys.add(key)
        return first

    def department(self, name: str, line: Line) -> str:
        """A Department record per line naming it: a department is a resource of many mentions."""
        if (name, line.number) not in self.mentions:
            self.mentions.add((name, line.number))
            self.add(Department(name, line.span))
        return name

    def element(self, line: Line) -> tuple[str, str, str] | None:
        """(kind, number, title) of a line opened by a plan-element marker: 施策 1, 取組2."""
        found = line.numbering
        kind = self.vocab.element(found.prefix, self.info.family or FAMILY) if found else None
        return (kind, str(found.number), found.title) if kind else None

    def heading(self, line: Line) -> tuple[int, str, str] | None:
        """(number, section kind, title) of a section heading: ``4 5年後に目指す姿``."""
        found = numbered(line)
        if found is None or is_prose(line):
            return None
        number, title = found
        kind = (
            STRUCTURE.get(fold(title))
            or self.vocab.sections.exact(title)  # section() drops the 5 of 5年後に目指す姿
            or self.vocab.section(title)
        )
        return (number, kind, title) if kind else None

    # -- chapter and overview ---------------------------------------------------------------

    def read(self, lines: list[Line]) -> None:
        starts = [i - 1 for i, line in enumerate(lines) if (h := self.heading(line)) and h[0] == 1]
        if not starts or starts[0] < 1:
            self.residue(lines, "no policy body (a section numbered 1) found")
            return
        policies = self.overview(lines[: starts[0]])
        bounds = [*starts, len(lines)]
        for index, (first, last) in enumerate(pairwise(bounds)):
            body = lines[first:last]
            if index < len(policies):
                self.body(policies[index], body)
            else:
                self.residue(body, "policy body without a policy in the overview")

    def overview(self, lines: list[Line]) -> list[Policy]:
        if len(lines) < 2 or not lines[0].text.isdigit():
            self.residue(lines, "no chapter number and title before the overview")
            return []
        (number, title), rest = lines[:2], lines[2:]
        subtitle = []
        while rest and not self.is_policy(rest[0]):
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
                subtitle=join_wrapped([line.text for line in subtitle]) or None,
            )
        )
        blocks: list[list[Line]] = []
        for line in rest:
            if self.is_policy(line):
                blocks.append([])
            blocks[-1].append(line)
        return [self.policy(block) for block in blocks]

    def is_policy(self, line: Line) -> bool:
        found = self.element(line)
        return bool(found and found[0] == "policy" and found[2])

    def is_initiative(self, line: Line) -> bool:
        return (found := self.element(line)) is not None and found[0] == "initiative"

    def policy(self, lines: list[Line]) -> Policy:
        """One overview block: 施策 n title, the wrapped subtitle, then its 取組 lines."""
        _, number, title = self.element(lines[0])
        head = [lines[0]]
        for line in lines[1:]:
            if self.is_initiative(line):
                break
            head.append(line)
        subtitle = join_wrapped([line.text for line in head[1:]])
        policy = Policy(f"policy:{number}", number, subtitle)
        self.add(
            PlanElement(
                policy.key, "policy", number, title, "field", span(head), subtitle=subtitle or None
            )
        )
        for line in lines[len(head) :]:
            found = self.element(line)
            if found and found[0] == "initiative" and found[2]:
                policy.initiatives[found[1]] = line
            else:
                self.residue([line], "not recognised in the overview")
        return policy

    # -- policy body ------------------------------------------------------------------------

    def body(self, policy: Policy, lines: list[Line]) -> None:
        title, rest = lines[0], lines[1:]
        if title.text == policy.subtitle:
            self.result.consume(title.span)
        else:
            self.residue([title], "policy heading differs from the overview's subtitle")
        sections: list[tuple[Line, str, str, list[Line]]] = []
        for line in rest:  # the first is the section numbered 1, by the way bodies are found
            if found := self.heading(line):
                sections.append((line, found[1], found[2], []))
            else:
                sections[-1][3].append(line)
        for head, kind, name, content in sections:
            before = len(self.result.consumed)
            self.section(policy, kind, name, content)
            if len(self.result.consumed) > before:
                self.result.consume(head.span)
            else:
                self.residue([head], "section heading without content")
        self.residue(list(policy.initiatives.values()), "initiative not found in the policy body")

    def section(self, policy: Policy, kind: str, title: str, lines: list[Line]) -> None:
        readers = {
            "achievements": self.achievements,
            "issue": self.issues,
            "indicators": self.indicators,
            "initiatives": self.initiatives,
            "related-plans": self.related_plans,
            "departments": self.departments,
        }
        if kind in readers:
            readers[kind](policy, title, lines)
        elif kind in PASSAGES:
            self.passage(policy, kind, title, lines)
        else:
            self.residue(lines, f"section of kind {kind} not read in a comprehensive plan")

    def captions(self, policy: Policy, lines: list[Line]) -> None:
        """Photo captions one by one; a ■ chart title with its (…) and 出典 lines together."""
        groups: list[list[Line]] = []
        for line in lines:
            if groups and groups[-1][0].text.startswith("■") and line.text[0] in "(出":
                groups[-1].append(line)
            else:
                groups.append([line])
        for group in groups:
            text = "\n".join(line.text for line in group)
            self.add(TextSection(policy.key, "caption", text, span(group)))

    def bullets(self, policy: Policy, lines: list[Line]) -> list[list[Line]]:
        """List items (a prose line without its own bullet continues the item before it)."""
        found: list[list[Line]] = []
        captions = []
        for line in lines:
            if is_bullet(line):
                found.append([line])
            elif is_prose(line) and found:
                found[-1].append(line)
            elif is_prose(line):
                self.residue([line], "prose before the first list item")
            else:
                captions.append(line)
        self.captions(policy, captions)
        return found

    def passage(self, policy: Policy, kind: str, title: str, lines: list[Line]) -> None:
        prose = [line for line in lines if is_prose(line)]
        self.captions(policy, [line for line in lines if not is_prose(line)])
        if prose:
            text = "\n".join(line.text for line in prose)
            self.add(TextSection(policy.key, kind, text, span(prose), title=title))
            self.facts(policy, prose)

    def achievements(self, policy: Policy, title: str, lines: list[Line]) -> None:
        for item in self.bullets(policy, lines):
            self.add(TextSection(policy.key, "achievements", item_text(item), span(item), title))
            self.facts(policy, item)

    def issues(self, policy: Policy, title: str, lines: list[Line]) -> None:
        """Numbered issues (1, 2, … in order), each a title and its paragraphs."""
        found: list[tuple[str, list[Line]]] = []
        captions = []
        for line in lines:
            head = numbered(line)
            if head and not is_prose(line) and head[0] == len(found) + 1:
                found.append((f"{head[0]} {head[1]}", [line]))
            elif is_prose(line) and found:
                found[-1][1].append(line)
            elif is_prose(line):
                self.residue([line], "prose before the first numbered issue")
            else:
                captions.append(line)
        self.captions(policy, captions)
        for name, (head, *prose) in found:
            if not prose:
                self.residue([head], "issue heading without text")
                continue
            text = "\n".join(line.text for line in prose)
            self.add(TextSection(policy.key, "issue", text, span([head, *prose]), name))
            self.facts(policy, prose)

    def facts(self, policy: Policy, lines: list[Line]) -> None:
        """Counts stated as of a month (「2022(令和4)年1月現在、本市では109の…団体」)."""
        for line in lines:
            for sentence in AS_OF.finditer(line.text):
                year, month = sentence.group(1, 2)
                bounds = report_date_range(f"{year}年{month}月", self.info.fiscal_year)
                for count in COUNT.finditer(sentence[0]) if bounds else ():
                    label = f"{count[2]}数"
                    key = f"indicator:{label}"
                    unit = counted_unit(count[2])
                    self.add(
                        Indicator(
                            key, label, "statistic", line.span, unit, members_of=(policy.key,)
                        )
                    )
                    self.add(
                        Observation(
                            key,
                            "actual",
                            count[0],
                            line.span,
                            Period(*bounds),
                            value=parse_quantity(count[1]).value,
                            unit=unit,
                        )
                    )

    # -- 数値目標 -----------------------------------------------------------------------------

    def is_indicator_header(self, line: Line) -> bool:
        """A row whose first cell names the label column (項目, 指標 …)."""
        return is_row(line) and self.vocab.column(line.cell(0)).meaning == "label"

    def indicators(self, policy: Policy, title: str, lines: list[Line]) -> None:
        """Indicator tables (title, (…) notes, header, rows) and the ※ notes below them."""
        dated: list[str] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            header = index + 1
            while header < len(lines) and NOTE.fullmatch(lines[header].text):
                header += 1
            if not is_row(line) and header < len(lines) and self.is_indicator_header(lines[header]):
                end = header + 1
                while end < len(lines) and is_row(lines[end]):
                    end += 1
                outcome = bool(OUTCOME_TABLE.fullmatch(line.text))
                dated = self.table(policy, lines[index:header], lines[header:end], outcome)
                index = end
                continue
            if line.text.startswith("※") and dated:
                note = line.text.removeprefix("※").strip()
                for key in dated:
                    self.add(TextSection(key, "note", note, line.span))
            else:
                self.residue([line], "not recognised in 数値目標")
            index += 1

    def columns(self, header: Line) -> list[tuple[str, Period]] | None:
        """(role, period) of each value column of an indicator table, or None if one is not
        understood."""
        columns = [self.vocab.column(cell, self.info.fiscal_year) for cell in header.cells[1:]]
        if not columns or any(c.meaning not in ROLES or c.period is None for c in columns):
            return None
        baseline = any(c.meaning == "baseline" for c in columns)
        current = "actual" if baseline else "baseline"
        return [(current if c.meaning == "current" else c.meaning, c.period) for c in columns]

    def table(
        self, policy: Policy, title: list[Line], rows: list[Line], outcome: bool
    ) -> list[str]:
        """One indicator per row; returns the keys of those with values of other years."""
        header, *rows = rows
        columns = self.columns(header)
        if columns is None:
            self.residue(
                [*title, header, *rows], "indicator table whose columns are not understood"
            )
            return []
        self.result.consume(span([*title, header]))
        dated = []
        for row in rows:
            if not row.tabbed and len(row.cells) != len(header.cells):
                self.residue([row], "row without tabs whose cells do not line up with the header")
                continue
            name = row.cell(0).replace("※", "")
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

    def initiatives(self, policy: Policy, title: str, lines: list[Line]) -> None:
        blocks: list[list[Line]] = []
        for line in lines:
            if self.is_initiative(line):
                blocks.append([])
            if blocks:
                blocks[-1].append(line)
            else:
                self.residue([line], "before the first 取組 heading")
        for block in blocks:
            self.initiative(policy, block)

    def initiative(self, policy: Policy, lines: list[Line]) -> None:
        _, number, title = self.element(lines[0])
        head, rest = lines[:1], lines[1:]
        if not title and rest and not is_bullet(rest[0]) and not is_row(rest[0]):
            head.append(rest.pop(0))  # the title printed on the line below 取組 n
        title = title or head[-1].text
        key = f"initiative:{policy.number}-{number}"
        self.add(PlanElement(key, "initiative", number, title, policy.key, span(head)))
        listed = policy.initiatives.pop(number, None)
        if listed and self.element(listed)[2] == title:
            self.result.consume(listed.span)
        elif listed:
            self.residue([listed], "initiative title differs from its heading in the body")
        at = next((i for i, line in enumerate(rest) if self.is_project_header(line)), None)
        text = rest if at is None else rest[:at]
        if at is not None:
            after = rest[at + 1 :]
            rows = [line for line in after if is_row(line) or run_together(line)]
            text += [line for line in after if line not in rows]
            self.result.consume(rest[at].span)
            self.projects(key, rows)
        rows = [line for line in text if is_row(line)]
        self.residue(rows, "table row without a 主な事業 / 担当課 header")
        found = self.bullets(policy, [line for line in text if line not in rows])
        if found:
            description = "\n".join(item_text(item) for item in found)
            self.add(
                TextSection(key, "description", description, span([found[0][0], found[-1][-1]]))
            )

    def is_project_header(self, line: Line) -> bool:
        """A 主な事業 / 担当課 header, in cells or as words printed without gaps."""
        for words in ([c for c in line.cells if c], line.words):
            meanings = [self.vocab.column(word).meaning for word in words]
            if len(words) > 1 and None not in meanings and {"project", "department"} <= {*meanings}:
                return True
        return False

    def projects(self, parent: str, rows: list[Line]) -> None:
        """The 主な事業 rows: flags, one project per item of the cell, departments."""
        table = []
        for row in rows:
            if read := project_row(row):
                table.append((row, *read))
            else:
                self.residue([row], "main-project row not understood")
        for row, _, _, departments in table:
            for name in departments:
                self.department(name, row)
        complete = len(table) == len(rows)
        for index, (row, priority, names, departments) in enumerate(table):
            above = next((t[3] for t in reversed(table[:index]) if t[3]), None)
            below = next((t[3] for t in table[index + 1 :] if t[3]), None)
            merged = above if complete and above and above == below else []
            self.row_projects(parent, row, priority, names, departments or merged)

    def row_projects(
        self, parent: str, row: Line, priority: bool, names: list[str], departments: list[str]
    ) -> None:
        projects = []
        new = False
        for item in names:
            if item == NEW:
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

    def related_plans(self, policy: Policy, title: str, lines: list[Line]) -> None:
        for line in lines:
            m = PLAN_LINE.fullmatch(unbulleted(line))
            if m and "協定書" in m["title"]:
                self.agreement(line, m["title"], m["period"])
                continue
            bounds = parse_plan_period(m["period"]) if m else None
            kind = plan_kind(m["title"]) if m else None
            if not bounds or not bounds[0] or not kind:
                self.residue([line], "related plan without a known kind or period")
                continue
            key = plan_key(m["title"])
            if self.once(key):
                self.add(Plan(key, m["title"], kind, line.span, Period(*bounds)))
            self.result.consume(line.span)

    def agreement(self, line: Line, title: str, when: str) -> None:
        """「日立市と○○大学との連携協力に関する協定書(H18)」: the partner and the year."""
        m = re.search(f"{self.info.city_name}{AGREEMENT_PARTNER.pattern}", title)
        found = partner(m["partner"], None) if m else None
        period = parse_period(when)
        if not found or not found[0].endswith("大学") or not period:
            self.residue([line], "agreement whose partner or year is not understood")
            return
        name, legal_form, partner_kind = found
        key = f"organization:{name}"
        self.add(Organization(key, name, partner_kind, line.span, legal_form=legal_form))
        if self.once(f"agreement:{title}"):
            kind = self.vocab.agreement_kind(title)
            self.add(Agreement(f"agreement:{title}", title, kind, (key,), line.span, period))

    def departments(self, policy: Policy, title: str, lines: list[Line]) -> None:
        """The list of departments (、-separated); the lines after it are captions."""
        names = lines[0].text.split("、") if lines else []
        if names and all(map(DEPARTMENT.fullmatch, names)):
            for name in names:
                self.department(name, lines[0])
            self.result.consume(lines[0].span)
            lines = lines[1:]
        self.captions(policy, lines)


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


def item_text(lines: list[Line]) -> str:
    """A list item's text without its bullet marks, its continuation lines appended."""
    return unbulleted(lines[0]) + "".join(line.text for line in lines[1:])


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


def parse(document: Document, info: DocumentInfo) -> ParseResult:
    chapter = Chapter(info)
    chapter.read(list(document.lines))
    return chapter.result
